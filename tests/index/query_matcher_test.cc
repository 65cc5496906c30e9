// Matcher: the reference semantics of query.h on hand-built records.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "index/query.h"
#include "ingest/json_lookup.h"
#include "tests/index/query_test_util.h"

namespace sealog::query {
namespace {

using namespace test_util;  // NOLINT: the builders of query_test_util.h

Record MakeRecord(std::initializer_list<std::pair<Field, std::string>> fields,
                  std::string raw = "{}", uint64_t seq = 1, int64_t time_ns = 0) {
  Record record;
  record.seq = seq;
  record.time_ns = time_ns;
  record.ingest_ns = time_ns;
  record.raw = std::move(raw);
  for (const auto& [field, value] : fields) record.fields[static_cast<size_t>(field)] = value;
  return record;
}

// A CloudTrail event, as ingest stores it.
const Record& CloudTrail() {
  static const Record record = MakeRecord(
      {{Field::kActor, "arn:aws:sts::123456789012:assumed-role/Admin/alice"},
       {Field::kAction, "DeleteObject"},
       {Field::kResource, "arn:aws:s3:::payroll/2026-03.csv"},
       {Field::kOrigin, "203.0.113.7"}},
      R"({"eventName":"DeleteObject","userIdentity":{"type":"AssumedRole",)"
      R"("sessionContext":{"attributes":{"mfaAuthenticated":false}}},)"
      R"("resources":[{"ARN":"arn:aws:s3:::payroll"},{"ARN":"arn:aws:s3:::payroll/2026-03.csv"}],)"
      R"("requestParameters":{"bucketName":"payroll","key":"say \"hi\"\u00e9"},)"
      R"("bytes":1500,"ratio":1.50,"zero":-0,"big":18446744073709551615,"exp":1e3,)"
      R"("errorCode":null,"readOnly":true,"tags":[],"flag":"true",)"
      R"("k8s":{"authorization.k8s.io/decision":"allow"},"dup":"first","dup":"second"})",
      /*seq=*/7, /*time_ns=*/At("2026-03-03T09:30:00Z"));
  return record;
}

bool Matches(std::string_view query, const Record& record) {
  Matcher matcher;
  return matcher.Matches(MustParse(query), record);
}

TEST(QueryMatcherTest, FieldsCompareAsBytes) {
  const Record& r = CloudTrail();
  EXPECT_TRUE(Matches("action:DeleteObject", r));
  EXPECT_FALSE(Matches("action:deleteobject", r));  // values are case-sensitive
  EXPECT_FALSE(Matches("action:Delete", r));
  EXPECT_TRUE(Matches("action:Delete*", r));
  EXPECT_TRUE(Matches("actor:arn:aws:sts::123456789012:assumed-role/Admin/alice", r));
  EXPECT_TRUE(Matches("resource:\"arn:aws:s3:::payroll/\"*", r));
  EXPECT_TRUE(Matches("action:>Delete action:<Deletf", r));
  EXPECT_TRUE(Matches("action:>=DeleteObject action:<=DeleteObject", r));
  EXPECT_FALSE(Matches("action:>DeleteObject", r));
  EXPECT_TRUE(Matches("origin:[203.0.113.0 TO 203.0.113.9]", r));
  EXPECT_FALSE(Matches("origin:[203.0.113.8 TO 203.0.113.0]", r));  // empty range
}

TEST(QueryMatcherTest, ByteOrderIsUnsigned) {
  const Record r = MakeRecord({{Field::kActor, "\xC3\xA9t\xC3\xA9"}, {Field::kAction, "B"}});
  EXPECT_TRUE(Matches("actor:>z", r));   // 0xC3 sorts after 'z'
  EXPECT_TRUE(Matches("action:<a", r));  // 'B' < 'a'
}

TEST(QueryMatcherTest, AbsentFieldsMatchNoTermSoNotMatchesThem) {
  const Record r = MakeRecord({{Field::kActor, "alice"}});
  EXPECT_FALSE(Matches("tenant:acme", r));
  EXPECT_FALSE(Matches("tenant:\"\"", r));
  EXPECT_FALSE(Matches("tenant:*", r));
  EXPECT_FALSE(Matches("tenant:<zzz", r));
  EXPECT_TRUE(Matches("NOT tenant:acme", r));
  EXPECT_TRUE(Matches("NOT tenant:*", r));
  EXPECT_TRUE(Matches("actor:*", r));
}

TEST(QueryMatcherTest, BooleanStructure) {
  const Record& r = CloudTrail();
  EXPECT_TRUE(Matches("*", r));
  EXPECT_FALSE(Matches("NOT *", r));
  EXPECT_TRUE(Matches("action:DeleteObject origin:203.0.113.7", r));
  EXPECT_FALSE(Matches("action:DeleteObject origin:10.0.0.1", r));
  EXPECT_TRUE(Matches("action:PutObject OR origin:203.0.113.7", r));
  EXPECT_FALSE(Matches("action:PutObject OR origin:10.0.0.1", r));
  EXPECT_TRUE(Matches("NOT action:PutObject", r));
  EXPECT_TRUE(Matches("action:PutObject OR NOT (tenant:x OR origin:10.0.0.1)", r));
  EXPECT_FALSE(Matches("NOT NOT action:PutObject", r));
}

TEST(QueryMatcherTest, TimeAndSeqAreInclusive) {
  const Record& r = CloudTrail();
  EXPECT_TRUE(Matches("time:2026-03-03T09:30:00Z", r));
  EXPECT_TRUE(Matches("time:2026-03-03T10:30:00+01:00", r));
  EXPECT_TRUE(Matches("time:[2026-03-03T09:30:00Z TO 2026-03-03T09:30:00Z]", r));
  EXPECT_FALSE(Matches("time:>2026-03-03T09:30:00Z", r));
  EXPECT_TRUE(Matches("time:>=now-3h", r));  // now is 12:00
  EXPECT_FALSE(Matches("time:>=now-2h", r));
  EXPECT_TRUE(Matches("seq:7 seq:[7 TO 7] seq:>6 seq:<8", r));
  EXPECT_FALSE(Matches("seq:<7", r));
  EXPECT_FALSE(Matches("seq:[8 TO 6]", r));
}

TEST(QueryMatcherTest, TimeIsTheStoredTimeWhenTheEventHadNone) {
  Record r = MakeRecord({}, "{}", 1, At("2026-03-03T11:00:00Z"));
  r.time_missing = true;  // time_ns then holds the ingest time
  EXPECT_TRUE(Matches("time:>=now-1h", r));
}

TEST(QueryMatcherTest, SeqBeyondInt64MatchesOnlyOpenEndedTerms) {
  const Record r = MakeRecord({}, "{}", uint64_t{1} << 63);
  EXPECT_FALSE(Matches("seq:>=1", r));
  EXPECT_TRUE(Matches("NOT seq:1", r));
}

TEST(QueryMatcherTest, EventPathsWalkObjectsAndArrays) {
  const Record& r = CloudTrail();
  EXPECT_TRUE(Matches("event.userIdentity.type:AssumedRole", r));
  EXPECT_FALSE(Matches("event.userIdentity.type:assumedrole", r));
  EXPECT_TRUE(Matches("event.resources.1.ARN:arn:aws:s3:::payroll/2026-03.csv", r));
  EXPECT_TRUE(Matches("event.resources.0.ARN:arn:aws:s3:::payroll", r));
  EXPECT_FALSE(Matches("event.resources.2.ARN:*", r));  // past the end
  EXPECT_FALSE(Matches("event.resources.ARN:*", r));    // a key into an array
  EXPECT_FALSE(Matches("event.eventName.x:*", r));      // into a string
  EXPECT_TRUE(Matches("event.k8s.authorization\\.k8s\\.io/decision:allow", r));
  EXPECT_TRUE(Matches("event.requestParameters.key:\"say \\\"hi\\\"\xC3\xA9\"", r));
  EXPECT_TRUE(Matches("event.dup:first", r));  // the first of repeated keys
  EXPECT_TRUE(Matches("event.eventName:Delete* event.eventName:>A", r));
}

TEST(QueryMatcherTest, EventPathNumbersCompareNumericallyWhenBothSidesAreNumbers) {
  const Record& r = CloudTrail();
  EXPECT_TRUE(Matches("event.bytes:1500", r));
  EXPECT_TRUE(Matches("event.bytes:1500.0 event.bytes:1.5e3", r));
  EXPECT_TRUE(Matches("event.bytes:>999", r));  // as bytes "1500" < "999"
  EXPECT_TRUE(Matches("event.bytes:[1000 TO 2000]", r));
  EXPECT_FALSE(Matches("event.bytes:[2000 TO 1000]", r));
  EXPECT_TRUE(Matches("event.bytes:15*", r));  // a prefix compares the text
  EXPECT_TRUE(Matches("event.ratio:1.5 event.ratio:1.50 event.ratio:1.50*", r));
  EXPECT_FALSE(Matches("event.ratio:1.500*", r));
  EXPECT_TRUE(Matches("event.zero:0 event.zero:-0*", r));
  EXPECT_TRUE(Matches("event.exp:1000 event.exp:1e3 event.exp:1e*", r));
  EXPECT_TRUE(Matches("event.big:18446744073709551615", r));
  EXPECT_TRUE(Matches("event.big:>1e19", r));
  // A query value that is not a number compares with the number's text.
  EXPECT_TRUE(Matches("event.bytes:<a", r));
  EXPECT_FALSE(Matches("event.bytes:>\"1500 \"", r));
  EXPECT_FALSE(Matches("event.bytes:inf", r));  // "inf" and "nan" are not numbers here
  EXPECT_TRUE(Matches("event.bytes:<inf", r));  // "1500" < "inf" as bytes
}

TEST(QueryMatcherTest, EventPathBooleansNullAndContainers) {
  const Record& r = CloudTrail();
  EXPECT_TRUE(Matches("event.readOnly:true", r));
  EXPECT_FALSE(Matches("event.readOnly:false", r));
  EXPECT_TRUE(Matches("event.userIdentity.sessionContext.attributes.mfaAuthenticated:false", r));
  EXPECT_TRUE(Matches("event.errorCode:null", r));
  EXPECT_TRUE(Matches("event.errorCode:*", r));  // null is present, as its word
  EXPECT_TRUE(Matches("event.flag:true", r));    // the string "true" too
  EXPECT_FALSE(Matches("event.userIdentity:*", r));
  EXPECT_FALSE(Matches("event.tags:*", r));
  EXPECT_FALSE(Matches("event.missing:x", r));
  EXPECT_TRUE(Matches("NOT event.missing:x", r));
}

TEST(QueryMatcherTest, InvalidJsonMatchesNoEventPathTerm) {
  const Record r = MakeRecord({{Field::kActor, "alice"}}, R"({"a":"x", oops})");
  EXPECT_FALSE(Matches("event.a:x", r));
  EXPECT_TRUE(Matches("NOT event.a:x", r));
  EXPECT_TRUE(Matches("actor:alice", r));
  EXPECT_FALSE(Matches("event.a:*", MakeRecord({}, "")));
  EXPECT_TRUE(Matches("event.0:x", MakeRecord({}, R"(["x"])")));  // any JSON value
}

TEST(QueryMatcherTest, OneMatcherServesManyRecordsAndTrees) {
  Matcher matcher;
  const Node tree = MustParse("event.user.name:alice OR event.user.name:bob");
  const Record alice = MakeRecord({}, R"({"user":{"name":"alice"}})");
  const Record carol = MakeRecord({}, R"({"user":{"name":"carol"}})");
  const Record broken = MakeRecord({}, R"({"user":)");
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(matcher.Matches(tree, alice));
    EXPECT_FALSE(matcher.Matches(tree, broken));
    EXPECT_FALSE(matcher.Matches(tree, carol));
  }
  // The same Term object, edited in place: the matcher must see the change.
  Node edited = MustParse("event.user.name:alice");
  EXPECT_TRUE(matcher.Matches(edited, alice));
  edited.term.path = "user.id";
  EXPECT_FALSE(matcher.Matches(edited, alice));
  edited.term.path = "user.name";
  edited.term.value = "carol";
  EXPECT_TRUE(matcher.Matches(edited, carol));
  edited.term.path = "user..name";  // a hand-built bad path matches nothing
  EXPECT_FALSE(matcher.Matches(edited, carol));
}

TEST(JsonLookupTest, FindsScalarsByKind) {
  using ingest::JsonScalar;
  ingest::JsonLookup lookup;
  ASSERT_TRUE(lookup.Parse(R"({"s":"a\nb","n":-1.25e0,"i":-7,"t":true,"o":{},"a":[1]})").ok());
  auto find = [&](std::string_view path) {
    std::vector<ingest::PathSegment> segments;
    EXPECT_TRUE(ingest::SplitPath(path, &segments).ok());
    return lookup.Find(segments);
  };
  EXPECT_EQ(find("s").kind, JsonScalar::Kind::kString);
  EXPECT_EQ(find("s").text, "a\nb");
  EXPECT_EQ(find("n").kind, JsonScalar::Kind::kNumber);
  EXPECT_EQ(find("n").text, "-1.25e0");
  EXPECT_EQ(find("i").text, "-7");
  EXPECT_EQ(find("t").kind, JsonScalar::Kind::kTrue);
  EXPECT_EQ(find("o").kind, JsonScalar::Kind::kContainer);
  EXPECT_EQ(find("a").kind, JsonScalar::Kind::kContainer);
  EXPECT_EQ(find("a.0").text, "1");
  EXPECT_EQ(find("nope").kind, JsonScalar::Kind::kAbsent);

  JsonScalar out;
  EXPECT_FALSE(lookup.Lookup("{", {}, &out).ok());
  EXPECT_EQ(out.kind, JsonScalar::Kind::kAbsent);
  EXPECT_EQ(find("s").kind, JsonScalar::Kind::kAbsent);  // after a failed Parse
}

}  // namespace
}  // namespace sealog::query
