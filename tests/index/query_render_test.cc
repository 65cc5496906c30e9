// ToString: the canonical text of a few trees, and the round-trip property
// Parse(ToString(t)) == t over random trees.
//
// Seed: kSeed below; a failure prints the tree's rendering and the trial
// number, and the same seed reproduces it.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "index/query.h"
#include "tests/index/query_test_util.h"

namespace sealog::query {
namespace {

using namespace test_util;  // NOLINT: the builders of query_test_util.h

constexpr uint64_t kSeed = 20260303;
constexpr int kTrials = 500;

TEST(QueryRenderTest, CanonicalText) {
  const struct {
    const char* text;
    const char* canonical;
  } kCases[] = {
      {"user:alice and (event_type:delete or action:remove)",
       "actor:alice AND (action:delete OR action:remove)"},
      {"status:failure  origin:10.0.0.7", "outcome:failure AND origin:10.0.0.7"},
      {"not (actor:a actor:b) OR not not actor:c", "NOT (actor:a AND actor:b) OR NOT NOT actor:c"},
      {"(actor:a actor:b) (actor:c OR actor:d)", "(actor:a AND actor:b) AND (actor:c OR actor:d)"},
      {"((actor:a OR actor:b)) OR actor:c", "(actor:a OR actor:b) OR actor:c"},
      {"actor:\"Alice Smith\"", "actor:\"Alice Smith\""},
      {"actor:\"plain\"", "actor:plain"},
      {"actor:\"a*\" action:\"*\" tenant:\"\"", "actor:\"a*\" AND action:\"*\" AND tenant:\"\""},
      {"actor:\"say \\\"hi\\\"\"", "actor:\"say \\\"hi\\\"\""},
      {"action:policy.* resource:\"My Docs/\"* outcome:*",
       "action:policy.* AND resource:\"My Docs/\"* AND outcome:*"},
      {"actor:>\"=x\" actor:[\"[a\" TO \"b]\"]", "actor:>\"=x\" AND actor:[\"[a\" TO \"b]\"]"},
      {"actor:arn:aws:iam::1:user/a", "actor:arn:aws:iam::1:user/a"},
      {"time:2026-03-03T09:30:00+01:00", "time:2026-03-03T08:30:00Z"},
      {"timestamp:>=2026-03-03T09:30:00.250Z", "time:>=2026-03-03T09:30:00.25Z"},
      {"time:>now-1h", "time:>=2026-03-03T11:00:00.000000001Z"},
      {"time:<2026-03-03T00:00:00Z", "time:<=2026-03-02T23:59:59.999999999Z"},
      {"time:[now-1d TO now]", "time:[2026-03-02T12:00:00Z TO 2026-03-03T12:00:00Z]"},
      {"seq:<10 seq:>10 seq:10 seq:[3 TO 4] seq:<0",
       "seq:<=9 AND seq:>=11 AND seq:10 AND seq:[3 TO 4] AND seq:[1 TO 0]"},
      {"EVENT.userIdentity.type:AssumedRole", "event.userIdentity.type:AssumedRole"},
      {"*", "*"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(ToString(MustParse(c.text)), c.canonical) << c.text;
    EXPECT_EQ(ToString(MustParse(c.canonical)), c.canonical) << c.canonical;
  }
}

// Random trees in the shape the parser produces (AND and OR with two or
// more children, NOT with one, time and seq as normalized bounds).
class TreeGenerator {
 public:
  explicit TreeGenerator(uint64_t seed) : rng_(seed) {}

  Node Tree(int depth) {
    const int roll = Pick(depth > 0 ? 10 : 6);
    if (roll < 5) return TermNode(RandomTerm());
    if (roll == 5) return All();
    if (roll == 6) return Not(Tree(depth - 1));
    std::vector<Node> children(2 + Pick(3));
    for (Node& child : children) child = Tree(depth - 1);
    return roll == 7 ? And(std::move(children)) : Or(std::move(children));
  }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }

  // Short strings built from pieces that stress quoting and the lexer.
  std::string Text() {
    static const char* const kPieces[] = {
        "a",  "Z",   "0",   "9", " ", "\t",       "\n",   "\"",   "\\",     "*",
        ":",  "(",   ")",   "[", "]", "<",        ">",    "=",    "TO",     "AND",
        "or", "NOT", "now", ".", "-", "\xC3\xA9", "\x01", "\xFF", "arn:aws"};
    std::string text;
    const int pieces = Pick(5);
    for (int i = 0; i < pieces; ++i) text += kPieces[Pick(std::size(kPieces))];
    return text;
  }

  int64_t Bound(int64_t floor) {
    switch (Pick(6)) {
      case 0:
        return floor;
      case 1:
        return kMax;
      case 2:
        return floor + 1;
      case 3:
        return kMax - 1;
      default: {
        const auto value = static_cast<int64_t>(rng_() >> 1);
        return floor == kMin && Pick(2) == 0 ? -value : value;
      }
    }
  }

  Term RandomTerm() {
    static const char* const kPaths[] = {"a",
                                         "userIdentity.type",
                                         "resources.0.ARN",
                                         "annotations.authorization\\.k8s\\.io/x",
                                         "a\\\\b",
                                         "0",
                                         "x-y_z.9.Q",
                                         "requestParameters.bucketName"};
    Term term;
    switch (Pick(4)) {
      case 0:
      case 1:
        term.target = Pick(2) == 0 ? Target::kField : Target::kEventPath;
        term.field = static_cast<Field>(Pick(kFieldCount));
        if (term.target == Target::kEventPath) {
          term.field = Field::kActor;
          term.path = kPaths[Pick(std::size(kPaths))];
        }
        term.op = static_cast<Op>(Pick(7));
        term.value = Text();
        if (term.op == Op::kRange) term.high = Text();
        return term;
      case 2: {
        term.target = Target::kTime;
        term.op = Op::kRange;
        term.lo = Bound(kMin);
        term.hi = Pick(4) == 0 ? term.lo : Bound(kMin);
        return term;
      }
      default:
        term.target = Target::kSeq;
        term.op = Op::kRange;
        term.lo = Bound(0);
        term.hi = Pick(4) == 0 ? term.lo : Bound(0);
        return term;
    }
  }

  std::mt19937_64 rng_;
};

TEST(QueryRenderTest, RandomTreesRoundTrip) {
  TreeGenerator generator(kSeed);
  for (int trial = 0; trial < kTrials; ++trial) {
    const Node tree = generator.Tree(5);
    const std::string text = ToString(tree);
    Result<Node> parsed = Parse(text, Now());
    ASSERT_TRUE(parsed.ok()) << "trial " << trial << ": " << text << "\n"
                             << parsed.status().message();
    EXPECT_TRUE(Equal(*parsed, tree))
        << "trial " << trial << ": " << text << "\n  reparsed: " << ToString(*parsed);
    EXPECT_EQ(ToString(*parsed), text) << "trial " << trial;
  }
}

TEST(QueryRenderTest, ExtremeTimesRoundTrip) {
  for (int64_t ns : {kMin, kMin + 1, int64_t{-1}, int64_t{0}, int64_t{1}, kMax - 1, kMax}) {
    for (const Node& tree : {Time(ns, ns), Time(kMin, ns), Time(ns, kMax), Time(ns, 0)}) {
      const std::string text = ToString(tree);
      Result<Node> parsed = Parse(text, Now());
      ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().message();
      EXPECT_TRUE(Equal(*parsed, tree)) << text;
    }
  }
}

}  // namespace
}  // namespace sealog::query
