// Helpers for the query language tests: tree equality (columns ignored) and
// short builders for expected trees.
#ifndef SEALOG_TESTS_INDEX_QUERY_TEST_UTIL_H_
#define SEALOG_TESTS_INDEX_QUERY_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "index/query.h"
#include "sealog/ingest.h"

namespace sealog::query::test_util {

inline constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// What "now" means in every test: 2026-03-03T12:00:00Z.
inline int64_t Now() { return *ParseRfc3339("2026-03-03T12:00:00Z"); }
inline int64_t At(std::string_view rfc3339) {
  Result<int64_t> ns = ParseRfc3339(rfc3339);
  EXPECT_TRUE(ns.ok()) << rfc3339;
  return ns.ok() ? *ns : 0;
}

// Same kind, same terms, same children; columns are not compared.
inline bool Equal(const Term& a, const Term& b) {
  return a.target == b.target && a.field == b.field && a.path == b.path && a.op == b.op &&
         a.value == b.value && a.high == b.high && a.lo == b.lo && a.hi == b.hi;
}
inline bool Equal(const Node& a, const Node& b) {
  if (a.kind != b.kind || a.children.size() != b.children.size()) return false;
  if (a.kind == Node::Kind::kTerm && !Equal(a.term, b.term)) return false;
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!Equal(a.children[i], b.children[i])) return false;
  }
  return true;
}

inline Node TermNode(Term term) {
  Node node;
  node.kind = Node::Kind::kTerm;
  node.term = std::move(term);
  return node;
}
inline Node F(Field field, Op op, std::string value, std::string high = "") {
  Term term;
  term.field = field;
  term.op = op;
  term.value = std::move(value);
  term.high = std::move(high);
  return TermNode(std::move(term));
}
inline Node Actor(std::string value) { return F(Field::kActor, Op::kEq, std::move(value)); }
inline Node Action(std::string value) { return F(Field::kAction, Op::kEq, std::move(value)); }
inline Node Path(std::string path, Op op, std::string value, std::string high = "") {
  Term term;
  term.target = Target::kEventPath;
  term.path = std::move(path);
  term.op = op;
  term.value = std::move(value);
  term.high = std::move(high);
  return TermNode(std::move(term));
}
inline Node Bounded(Target target, int64_t lo, int64_t hi) {
  Term term;
  term.target = target;
  term.op = Op::kRange;
  term.lo = lo;
  term.hi = hi;
  return TermNode(std::move(term));
}
inline Node Time(int64_t lo, int64_t hi) { return Bounded(Target::kTime, lo, hi); }
inline Node Seq(int64_t lo, int64_t hi) { return Bounded(Target::kSeq, lo, hi); }
inline Node All() { return Node{}; }
inline Node Group(Node::Kind kind, std::vector<Node> children) {
  Node node;
  node.kind = kind;
  node.children = std::move(children);
  return node;
}
inline Node And(std::vector<Node> children) { return Group(Node::Kind::kAnd, std::move(children)); }
inline Node Or(std::vector<Node> children) { return Group(Node::Kind::kOr, std::move(children)); }
inline Node Not(Node child) { return Group(Node::Kind::kNot, {std::move(child)}); }

// Parses with Now(); fails the test (and returns kAll) on an error.
inline Node MustParse(std::string_view text) {
  Result<Node> node = Parse(text, Now());
  EXPECT_TRUE(node.ok()) << text << ": " << node.status().message();
  return node.ok() ? std::move(node).value() : Node{};
}

// Checks that `text` parses to `expected`; on a mismatch shows both renderings.
#define EXPECT_PARSES_TO(text, expected)                                               \
  do {                                                                                 \
    const ::sealog::query::Node _parsed = ::sealog::query::test_util::MustParse(text); \
    const ::sealog::query::Node _expected = (expected);                                \
    EXPECT_TRUE(::sealog::query::test_util::Equal(_parsed, _expected))                 \
        << (text) << "\n  parsed:   " << ::sealog::query::ToString(_parsed)            \
        << "\n  expected: " << ::sealog::query::ToString(_expected);                   \
  } while (0)

}  // namespace sealog::query::test_util

#endif  // SEALOG_TESTS_INDEX_QUERY_TEST_UTIL_H_
