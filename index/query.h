// The query language of SPEC.md: parsed into a tree, and judged against one
// record by brute force. The planner (index/planner.h) answers the same tree
// from indexes; this file's Matches is the definition it must agree with.
//
//   expr   := or
//   or     := and ("OR" and)*
//   and    := unary (["AND"] unary)*
//   unary  := "NOT" unary | "(" expr ")" | term | "*"
//   term   := field ":" value | field ":" word "*" | field ":" (">"|">="|"<"|"<=") value
//           | field ":" "[" value "TO" value "]"
//           | field ":" "quoted" "*"     (a prefix a bare word cannot hold)
// Lexical details (bare words, quoting) are in index/query_syntax.h.
//
// Semantics (docs/QUERY.md says the same for users):
//  - actor, action, resource, tenant, origin, outcome compare the record's
//    extracted field as bytes (memcmp order); an absent field matches no term
//    (so NOT actor:x matches records without an actor);
//  - time compares the record's event time (the ingest time when the event
//    had none) in UTC nanoseconds; seq compares the seq;
//  - event.PATH looks PATH up in the original JSON: a string compares as its
//    unescaped text, a number as its JSON text or, when both sides are numbers,
//    numerically; true/false/null as those words; an object, an array or a
//    missing path matches nothing.
#ifndef SEALOG_INDEX_QUERY_H_
#define SEALOG_INDEX_QUERY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sealog/event.h"
#include "sealog/status.h"

namespace sealog::query {

// What a term looks at.
enum class Target : uint8_t { kField, kTime, kSeq, kEventPath };

// How a term compares. Time and seq terms are always normalized to kRange
// (inclusive [lo, hi] in their own integer domain) by the parser.
enum class Op : uint8_t {
  kEq,      // value
  kPrefix,  // value* or "value"*  (value is the prefix, without the '*')
  kLt,      // <value
  kLe,      // <=value
  kGt,      // >value
  kGe,      // >=value
  kRange,   // [value TO high], inclusive
};

struct Term {
  Target target = Target::kField;
  Field field = Field::kActor;  // kField only
  std::string path;             // kEventPath only: the dotted path after "event."
  Op op = Op::kEq;
  std::string value;  // kField / kEventPath: the value, unquoted and unescaped
  std::string high;   // kRange on kField / kEventPath
  // kTime: inclusive bounds in UTC ns; an open end is INT64_MIN or INT64_MAX.
  // kSeq: inclusive bounds as int64; an open end is 0 or INT64_MAX (seqs
  // start at 1, so `seq:<=5` is [0, 5]). An empty range (lo > hi) is allowed
  // and matches nothing; the parser writes `<` of the lowest value as
  // [lowest + 1, lowest] and `>` INT64_MAX as [INT64_MAX, INT64_MAX - 1].
  int64_t lo = 0;
  int64_t hi = 0;
};

struct Node {
  enum class Kind : uint8_t { kAll, kTerm, kAnd, kOr, kNot };
  Kind kind = Kind::kAll;
  Term term;                    // kTerm
  std::vector<Node> children;   // kAnd, kOr: two or more; kNot: exactly one
  uint32_t column = 0;          // 1-based column where the node starts in the text
};

// Parses `text`. `now_ns` is what "now" means (UTC ns). Errors are
// kInvalidArgument with one line that starts "column N: " and says what was
// expected, e.g. `column 7: expected a value after "actor:"`.
// Limits: at most kQueryBytesMax bytes and kQueryDepthMax nesting.
inline constexpr size_t kQueryBytesMax = 64u << 10;
inline constexpr size_t kQueryDepthMax = 64;
Result<Node> Parse(std::string_view text, int64_t now_ns);

// Renders a tree back to canonical query text (for logs, dump and tests):
// lowercase field names without aliases, uppercase keywords, parentheses only
// where the shape needs them, times as RFC 3339 UTC. Parse(ToString(n))
// yields the same tree (columns aside) for every tree Parse returns, and for
// hand-built trees of the same shape: AND/OR with two or more children, NOT
// with one, paths Parse accepts, seq bounds >= 0. Caveat: "now" renders as
// the time it stood for, so a query near kQueryBytesMax may render longer.
std::string ToString(const Node& node);

// Judges one record. Not thread safe (keeps a JSON parser for event.PATH):
// one Matcher per thread.
class Matcher {
 public:
  Matcher();
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Whether the record matches the tree. A record whose raw bytes are not
  // valid JSON matches no event.PATH term (it cannot be stored that way).
  bool Matches(const Node& node, const Record& record);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sealog::query

#endif  // SEALOG_INDEX_QUERY_H_
