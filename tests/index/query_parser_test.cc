// Parse: every form of the grammar, aliases, case, precedence, quoting,
// typed values (time, seq, event.PATH) and node columns. Errors are in
// query_errors_test.cc, the ToString round trip in query_render_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "index/query.h"
#include "tests/index/query_test_util.h"

namespace sealog::query {
namespace {

using namespace test_util;  // NOLINT: the builders of query_test_util.h

constexpr int64_t kSecond = 1'000'000'000;

TEST(QueryParserTest, EveryFieldTakesAnExactValue) {
  EXPECT_PARSES_TO("actor:alice", F(Field::kActor, Op::kEq, "alice"));
  EXPECT_PARSES_TO("action:user.delete", F(Field::kAction, Op::kEq, "user.delete"));
  EXPECT_PARSES_TO("resource:payroll/2026", F(Field::kResource, Op::kEq, "payroll/2026"));
  EXPECT_PARSES_TO("tenant:acme", F(Field::kTenant, Op::kEq, "acme"));
  EXPECT_PARSES_TO("origin:10.0.0.7", F(Field::kOrigin, Op::kEq, "10.0.0.7"));
  EXPECT_PARSES_TO("outcome:failure", F(Field::kOutcome, Op::kEq, "failure"));
}

TEST(QueryParserTest, AliasesNameTheirFields) {
  EXPECT_PARSES_TO("user:alice", Actor("alice"));
  EXPECT_PARSES_TO("event_type:login", Action("login"));
  EXPECT_PARSES_TO("status:denied", F(Field::kOutcome, Op::kEq, "denied"));
  EXPECT_PARSES_TO("timestamp:now", Time(Now(), Now()));
}

TEST(QueryParserTest, FieldNamesAndKeywordsIgnoreCaseButValuesDoNot) {
  EXPECT_PARSES_TO("ACTOR:Alice and Not Action:Delete oR User:BOB",
                   Or({And({Actor("Alice"), Not(Action("Delete"))}), Actor("BOB")}));
  EXPECT_PARSES_TO("Event_Type:x", Action("x"));
  EXPECT_PARSES_TO("actor:[a to b]", F(Field::kActor, Op::kRange, "a", "b"));
}

TEST(QueryParserTest, Comparisons) {
  EXPECT_PARSES_TO("actor:>m", F(Field::kActor, Op::kGt, "m"));
  EXPECT_PARSES_TO("actor:>=m", F(Field::kActor, Op::kGe, "m"));
  EXPECT_PARSES_TO("actor:<m", F(Field::kActor, Op::kLt, "m"));
  EXPECT_PARSES_TO("actor:<=m", F(Field::kActor, Op::kLe, "m"));
  EXPECT_PARSES_TO("actor:>\"=x\"", F(Field::kActor, Op::kGt, "=x"));
  EXPECT_PARSES_TO("actor:>==x", F(Field::kActor, Op::kGe, "=x"));
}

TEST(QueryParserTest, RangesAreInclusiveAndMayBeEmpty) {
  EXPECT_PARSES_TO("resource:[a TO m]", F(Field::kResource, Op::kRange, "a", "m"));
  EXPECT_PARSES_TO("resource:[  a   TO  m  ]", F(Field::kResource, Op::kRange, "a", "m"));
  EXPECT_PARSES_TO("resource:[\"a b\" TO \"y]\"]", F(Field::kResource, Op::kRange, "a b", "y]"));
  EXPECT_PARSES_TO("resource:[TO TO TO]", F(Field::kResource, Op::kRange, "TO", "TO"));
  // Low above high: allowed, matches nothing.
  EXPECT_PARSES_TO("resource:[z TO a]", F(Field::kResource, Op::kRange, "z", "a"));
  EXPECT_PARSES_TO("time:[now TO now-1h]", Time(Now(), Now() - 3600 * kSecond));
}

TEST(QueryParserTest, TrailingStarIsAPrefix) {
  EXPECT_PARSES_TO("action:policy.*", F(Field::kAction, Op::kPrefix, "policy."));
  EXPECT_PARSES_TO("action:a**", F(Field::kAction, Op::kPrefix, "a*"));
  EXPECT_PARSES_TO("action:*a", Action("*a"));  // only a trailing star
  // A star inside quotes is literal; one right after the quotes is a prefix.
  EXPECT_PARSES_TO("action:\"policy.*\"", Action("policy.*"));
  EXPECT_PARSES_TO("resource:\"My Documents/\"*",
                   F(Field::kResource, Op::kPrefix, "My Documents/"));
  // field:* is the empty prefix: the field is present.
  EXPECT_PARSES_TO("outcome:*", F(Field::kOutcome, Op::kPrefix, ""));
}

TEST(QueryParserTest, StarAloneMatchesEverything) {
  EXPECT_PARSES_TO("*", All());
  EXPECT_PARSES_TO("  *  ", All());
  EXPECT_PARSES_TO("* AND actor:a", And({All(), Actor("a")}));
  EXPECT_PARSES_TO("NOT *", Not(All()));
  EXPECT_PARSES_TO("(*)", All());
}

TEST(QueryParserTest, BareValuesMayHoldColonsBackslashesAndKeywords) {
  EXPECT_PARSES_TO("actor:arn:aws:iam::123456789012:user/alice",
                   Actor("arn:aws:iam::123456789012:user/alice"));
  EXPECT_PARSES_TO("resource:https://example.com/a?b=c",
                   F(Field::kResource, Op::kEq, "https://example.com/a?b=c"));
  EXPECT_PARSES_TO("user:CORP\\alice", Actor("CORP\\alice"));
  EXPECT_PARSES_TO("actor:OR", Actor("OR"));
  EXPECT_PARSES_TO("actor:a\"b", Actor("a\"b"));
  EXPECT_PARSES_TO("actor:a]b", Actor("a]b"));
  EXPECT_PARSES_TO("actor:caf\xC3\xA9", Actor("caf\xC3\xA9"));
}

TEST(QueryParserTest, QuotedValuesUnescapeQuoteAndBackslash) {
  EXPECT_PARSES_TO(R"(actor:"Alice Smith")", Actor("Alice Smith"));
  EXPECT_PARSES_TO(R"(actor:"say \"hi\" \\ bye")", Actor("say \"hi\" \\ bye"));
  EXPECT_PARSES_TO(R"(actor:"(a) AND b:c")", Actor("(a) AND b:c"));
  EXPECT_PARSES_TO(R"(actor:"")", Actor(""));
  EXPECT_PARSES_TO("actor:\"tab\there\nnewline\"", Actor("tab\there\nnewline"));
}

TEST(QueryParserTest, TermsSideBySideMeanAnd) {
  const Node expected = And({Actor("a"), Action("b"), F(Field::kTenant, Op::kEq, "c")});
  EXPECT_PARSES_TO("actor:a action:b tenant:c", expected);
  EXPECT_PARSES_TO("actor:a AND action:b AND tenant:c", expected);
  EXPECT_PARSES_TO("actor:a action:b AND tenant:c", expected);
  EXPECT_PARSES_TO("actor:a(action:b)", And({Actor("a"), Action("b")}));
  EXPECT_PARSES_TO("\tactor:a\n\r action:b ", And({Actor("a"), Action("b")}));
}

TEST(QueryParserTest, NotBindsTighterThanAndTighterThanOr) {
  EXPECT_PARSES_TO("actor:a OR action:b action:c",
                   Or({Actor("a"), And({Action("b"), Action("c")})}));
  EXPECT_PARSES_TO("actor:a action:b OR action:c",
                   Or({And({Actor("a"), Action("b")}), Action("c")}));
  EXPECT_PARSES_TO("NOT actor:a action:b", And({Not(Actor("a")), Action("b")}));
  EXPECT_PARSES_TO("actor:a OR NOT action:b AND action:c",
                   Or({Actor("a"), And({Not(Action("b")), Action("c")})}));
  EXPECT_PARSES_TO("NOT NOT actor:a", Not(Not(Actor("a"))));
  EXPECT_PARSES_TO("actor:a OR action:b OR action:c", Or({Actor("a"), Action("b"), Action("c")}));
}

TEST(QueryParserTest, ParenthesesGroupAndNest) {
  EXPECT_PARSES_TO("(actor:a OR actor:b) action:c",
                   And({Or({Actor("a"), Actor("b")}), Action("c")}));
  EXPECT_PARSES_TO("NOT (actor:a OR actor:b)", Not(Or({Actor("a"), Actor("b")})));
  EXPECT_PARSES_TO("((actor:a))", Actor("a"));
  // A group keeps its own node: (a AND b) AND c is not flattened.
  EXPECT_PARSES_TO("(actor:a actor:b) actor:c", And({And({Actor("a"), Actor("b")}), Actor("c")}));
  EXPECT_PARSES_TO(
      "(actor:a OR (action:b (tenant:c OR NOT origin:d)))",
      Or({Actor("a"), And({Action("b"), Or({F(Field::kTenant, Op::kEq, "c"),
                                            Not(F(Field::kOrigin, Op::kEq, "d"))})})}));
}

TEST(QueryParserTest, NestingUpToTheLimit) {
  const size_t depth = kQueryDepthMax;
  const std::string text = std::string(depth, '(') + "actor:a" + std::string(depth, ')');
  EXPECT_PARSES_TO(text, Actor("a"));
  std::string nots;
  for (size_t i = 0; i < depth; ++i) nots += "NOT ";
  EXPECT_TRUE(Parse(nots + "actor:a", Now()).ok());
}

TEST(QueryParserTest, NodesCarryTheirColumn) {
  //                                  1        10        20        30
  const Node node = MustParse("actor:a OR (NOT action:b  seq:5)");
  ASSERT_EQ(node.kind, Node::Kind::kOr);
  EXPECT_EQ(node.column, 1u);
  EXPECT_EQ(node.children[0].column, 1u);
  const Node& group = node.children[1];
  ASSERT_EQ(group.kind, Node::Kind::kAnd);
  EXPECT_EQ(group.column, 13u);
  EXPECT_EQ(group.children[0].column, 13u);              // NOT
  EXPECT_EQ(group.children[0].children[0].column, 17u);  // action:b
  EXPECT_EQ(group.children[1].column, 27u);              // seq:5
}

TEST(QueryParserTest, TimeValuesBecomeInclusiveNanosecondRanges) {
  const int64_t t = At("2026-03-03T09:30:00Z");
  EXPECT_PARSES_TO("time:2026-03-03T09:30:00Z", Time(t, t));
  EXPECT_PARSES_TO("time:>2026-03-03T09:30:00Z", Time(t + 1, kMax));
  EXPECT_PARSES_TO("time:>=2026-03-03T09:30:00Z", Time(t, kMax));
  EXPECT_PARSES_TO("time:<2026-03-03T09:30:00Z", Time(kMin, t - 1));
  EXPECT_PARSES_TO("time:<=2026-03-03T09:30:00Z", Time(kMin, t));
  EXPECT_PARSES_TO("time:[2026-03-03T09:30:00Z TO 2026-03-03T10:00:00.5Z]",
                   Time(t, t + 1800 * kSecond + kSecond / 2));
}

TEST(QueryParserTest, TimeValuesTakeAnyOffsetAndTheLiberalForms) {
  const int64_t t = At("2026-03-03T09:30:00Z");
  EXPECT_PARSES_TO("time:2026-03-03T11:30:00+02:00", Time(t, t));
  EXPECT_PARSES_TO("time:2026-03-03T04:30:00-0500", Time(t, t));
  EXPECT_PARSES_TO("time:2026-03-03t09:30:00z", Time(t, t));
  EXPECT_PARSES_TO("time:\"2026-03-03 09:30:00\"", Time(t, t));
  EXPECT_PARSES_TO("time:2026-03-03T09:30:00.000000001Z", Time(t + 1, t + 1));
}

TEST(QueryParserTest, NowAndNowMinusADuration) {
  EXPECT_PARSES_TO("time:now", Time(Now(), Now()));
  EXPECT_PARSES_TO("time:>=now-30s", Time(Now() - 30 * kSecond, kMax));
  EXPECT_PARSES_TO("time:>=now-15m", Time(Now() - 900 * kSecond, kMax));
  EXPECT_PARSES_TO("time:>now-2h", Time(Now() - 7200 * kSecond + 1, kMax));
  EXPECT_PARSES_TO("time:[now-7d TO now]", Time(Now() - 7 * 86'400 * kSecond, Now()));
  EXPECT_PARSES_TO("time:now-0s", Time(Now(), Now()));
}

TEST(QueryParserTest, TimeComparisonsAtTheEdgesOfInt64AreEmpty) {
  const std::string earliest = FormatRfc3339(kMin);
  const std::string latest = FormatRfc3339(kMax);
  EXPECT_PARSES_TO(std::string("time:<").append(earliest), Time(kMin + 1, kMin));
  EXPECT_PARSES_TO(std::string("time:>").append(latest), Time(kMax, kMax - 1));
  EXPECT_PARSES_TO(std::string("time:<=").append(latest), Time(kMin, kMax));
}

TEST(QueryParserTest, SeqValuesBecomeInclusiveRanges) {
  EXPECT_PARSES_TO("seq:42", Seq(42, 42));
  EXPECT_PARSES_TO("seq:>42", Seq(43, kMax));
  EXPECT_PARSES_TO("seq:>=42", Seq(42, kMax));
  EXPECT_PARSES_TO("seq:<42", Seq(0, 41));
  EXPECT_PARSES_TO("seq:<=42", Seq(0, 42));
  EXPECT_PARSES_TO("seq:[100 TO 199]", Seq(100, 199));
  EXPECT_PARSES_TO("seq:[9 TO 1]", Seq(9, 1));
  EXPECT_PARSES_TO("seq:007", Seq(7, 7));
  EXPECT_PARSES_TO("seq:<0", Seq(1, 0));
  EXPECT_PARSES_TO("seq:9223372036854775807", Seq(kMax, kMax));
  EXPECT_PARSES_TO("seq:>9223372036854775807", Seq(kMax, kMax - 1));
}

TEST(QueryParserTest, EventPathsKeepTheirTextAndTakeEveryOperator) {
  EXPECT_PARSES_TO("event.userIdentity.type:AssumedRole",
                   Path("userIdentity.type", Op::kEq, "AssumedRole"));
  EXPECT_PARSES_TO("EVENT.resources.0.ARN:arn:aws:s3:::payroll",
                   Path("resources.0.ARN", Op::kEq, "arn:aws:s3:::payroll"));
  EXPECT_PARSES_TO("event.annotations.authorization\\.k8s\\.io/decision:allow",
                   Path("annotations.authorization\\.k8s\\.io/decision", Op::kEq, "allow"));
  EXPECT_PARSES_TO("event.EventID:>=4624", Path("EventID", Op::kGe, "4624"));
  EXPECT_PARSES_TO("event.bytes:[1000 TO 2000]", Path("bytes", Op::kRange, "1000", "2000"));
  EXPECT_PARSES_TO("event.requestParameters.bucketName:prod-*",
                   Path("requestParameters.bucketName", Op::kPrefix, "prod-"));
  EXPECT_PARSES_TO("event.mfa:*", Path("mfa", Op::kPrefix, ""));
}

}  // namespace
}  // namespace sealog::query
