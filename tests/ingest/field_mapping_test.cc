// FieldMapping: the default sources of SPEC.md and --map FIELD=PATH.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/json_path.h"
#include "sealog/ingest.h"

namespace sealog {
namespace {

using Sources = std::vector<std::string>;

const Sources& SourcesOf(const FieldMapping& mapping, Field field) {
  return mapping.fields[static_cast<size_t>(field)];
}

std::string OverrideError(std::string_view spec) {
  FieldMapping mapping = FieldMapping::Default();
  Status status = mapping.Override(spec);
  EXPECT_TRUE(status.IsInvalidArgument()) << spec;
  return status.message();
}

TEST(FieldMappingTest, DefaultSourcesAreThoseOfSpec) {
  const FieldMapping mapping = FieldMapping::Default();
  EXPECT_EQ(mapping.time, (Sources{"timestamp", "time", "ts", "eventTime"}));
  EXPECT_EQ(SourcesOf(mapping, Field::kActor), (Sources{"actor", "user", "userIdentity"}));
  EXPECT_EQ(SourcesOf(mapping, Field::kAction), (Sources{"action", "event_type", "eventName"}));
  EXPECT_EQ(SourcesOf(mapping, Field::kResource), (Sources{"resource", "target"}));
  EXPECT_EQ(SourcesOf(mapping, Field::kOrigin),
            (Sources{"origin", "source_ip", "sourceIPAddress"}));
  EXPECT_EQ(SourcesOf(mapping, Field::kTenant),
            (Sources{"tenant", "account_id", "recipientAccountId"}));
  EXPECT_EQ(SourcesOf(mapping, Field::kOutcome), (Sources{"outcome", "status", "result"}));
}

TEST(FieldMappingTest, OverrideReplacesTheDefaultSources) {
  FieldMapping mapping = FieldMapping::Default();
  ASSERT_TRUE(mapping.Override("actor=userIdentity.arn").ok());
  EXPECT_EQ(SourcesOf(mapping, Field::kActor), (Sources{"userIdentity.arn"}));
  // Other fields keep their defaults.
  EXPECT_EQ(SourcesOf(mapping, Field::kAction), (Sources{"action", "event_type", "eventName"}));
  EXPECT_EQ(mapping.time.size(), 4u);
}

TEST(FieldMappingTest, RepeatedOverrideAddsFallbacksInOrder) {
  FieldMapping mapping = FieldMapping::Default();
  ASSERT_TRUE(mapping.Override("actor=userIdentity.arn").ok());
  ASSERT_TRUE(mapping.Override("actor=userIdentity.invokedBy").ok());
  ASSERT_TRUE(mapping.Override("time=stageTimestamp").ok());
  ASSERT_TRUE(mapping.Override("time=timestamp").ok());
  EXPECT_EQ(SourcesOf(mapping, Field::kActor),
            (Sources{"userIdentity.arn", "userIdentity.invokedBy"}));
  EXPECT_EQ(mapping.time, (Sources{"stageTimestamp", "timestamp"}));
}

TEST(FieldMappingTest, AliasesOfTheQueryLanguageAreAccepted) {
  FieldMapping mapping = FieldMapping::Default();
  ASSERT_TRUE(mapping.Override("event_type=verb").ok());
  ASSERT_TRUE(mapping.Override("status=responseStatus.code").ok());
  ASSERT_TRUE(mapping.Override("timestamp=@timestamp").ok());
  ASSERT_TRUE(mapping.Override("user=user.username").ok());
  EXPECT_EQ(SourcesOf(mapping, Field::kAction), (Sources{"verb"}));
  EXPECT_EQ(SourcesOf(mapping, Field::kOutcome), (Sources{"responseStatus.code"}));
  EXPECT_EQ(mapping.time, (Sources{"@timestamp"}));
  EXPECT_EQ(SourcesOf(mapping, Field::kActor), (Sources{"user.username"}));
}

TEST(FieldMappingTest, FieldNamesIgnoreCase) {
  FieldMapping mapping = FieldMapping::Default();
  ASSERT_TRUE(mapping.Override("Actor=who").ok());
  ASSERT_TRUE(mapping.Override("TENANT=org").ok());
  EXPECT_EQ(SourcesOf(mapping, Field::kActor), (Sources{"who"}));
  EXPECT_EQ(SourcesOf(mapping, Field::kTenant), (Sources{"org"}));
}

TEST(FieldMappingTest, EveryFieldCanBeMapped) {
  FieldMapping mapping = FieldMapping::Default();
  for (std::string_view spec :
       {"time=a", "actor=b", "action=c", "resource=d", "tenant=e", "origin=f", "outcome=g"}) {
    EXPECT_TRUE(mapping.Override(spec).ok()) << spec;
  }
  EXPECT_EQ(mapping.time, (Sources{"a"}));
  EXPECT_EQ(SourcesOf(mapping, Field::kOutcome), (Sources{"g"}));
}

TEST(FieldMappingTest, PathKeepsEverythingAfterTheFirstEquals) {
  FieldMapping mapping = FieldMapping::Default();
  ASSERT_TRUE(mapping.Override("actor=claims.a=b").ok());
  EXPECT_EQ(SourcesOf(mapping, Field::kActor), (Sources{"claims.a=b"}));
}

TEST(FieldMappingTest, UnknownFieldListsTheValidOnes) {
  EXPECT_EQ(OverrideError("actr=x"),
            "--map \"actr=x\": unknown field \"actr\"; expected one of time, actor, action, "
            "resource, tenant, origin, outcome");
}

TEST(FieldMappingTest, SpecWithoutEqualsIsRejected) {
  EXPECT_EQ(OverrideError("actor"),
            "--map \"actor\": expected FIELD=PATH, as in actor=userIdentity.arn");
}

TEST(FieldMappingTest, EmptyPathIsRejected) {
  EXPECT_NE(OverrideError("actor=").find("--map \"actor=\": empty path"), std::string::npos);
}

TEST(FieldMappingTest, EmptyPathSegmentIsRejected) {
  for (std::string_view spec : {"actor=a..b", "actor=.a", "actor=a."}) {
    EXPECT_NE(OverrideError(spec).find("empty segment in path"), std::string::npos) << spec;
  }
}

TEST(FieldMappingTest, BadEscapeInPathIsRejected) {
  EXPECT_NE(OverrideError("actor=a\\b").find("bad escape in path"), std::string::npos);
  EXPECT_NE(OverrideError("actor=a\\").find("bad escape in path"), std::string::npos);
}

TEST(FieldMappingTest, TooManySourcesForOneFieldIsRejected) {
  FieldMapping mapping = FieldMapping::Default();
  for (size_t i = 0; i < FieldMapping::kSourcesMax; ++i) {
    ASSERT_TRUE(mapping.Override("actor=k" + std::to_string(i)).ok());
  }
  Status status = mapping.Override("actor=one_more");
  ASSERT_TRUE(status.IsInvalidArgument());
  EXPECT_NE(status.message().find("more than 16 sources for actor"), std::string::npos);
}

TEST(FieldMappingTest, LongSpecIsQuotedShort) {
  const std::string spec = "actr=" + std::string(500, 'x');
  const std::string message = OverrideError(spec);
  EXPECT_LT(message.size(), 250u) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(JsonPathTest, SplitsOnDotsAndMarksIndexes) {
  std::vector<ingest::PathSegment> segments;
  ASSERT_TRUE(ingest::SplitPath("resources.0.ARN", &segments).ok());
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[0].key, "resources");
  EXPECT_EQ(segments[0].index, -1);
  EXPECT_EQ(segments[1].key, "0");
  EXPECT_EQ(segments[1].index, 0);
  EXPECT_EQ(segments[2].key, "ARN");
}

TEST(JsonPathTest, LeadingZeroOrHugeDigitsAreKeysOnly) {
  std::vector<ingest::PathSegment> segments;
  ASSERT_TRUE(ingest::SplitPath("01.12.99999999999", &segments).ok());
  EXPECT_EQ(segments[0].index, -1);
  EXPECT_EQ(segments[1].index, 12);
  EXPECT_EQ(segments[2].index, -1);
}

TEST(JsonPathTest, EscapedDotAndBackslashStayInTheKey) {
  std::vector<ingest::PathSegment> segments;
  ASSERT_TRUE(
      ingest::SplitPath(R"(annotations.authorization\.k8s\.io/decision.a\\b)", &segments).ok());
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[1].key, "authorization.k8s.io/decision");
  EXPECT_EQ(segments[2].key, R"(a\b)");
  EXPECT_EQ(ingest::JoinPath(segments, 3), R"(annotations.authorization\.k8s\.io/decision.a\\b)");
}

TEST(JsonPathTest, TooManySegmentsIsRejected) {
  std::string path = "a";
  for (size_t i = 0; i < ingest::kPathSegmentsMax; ++i) path += ".a";
  std::vector<ingest::PathSegment> segments;
  EXPECT_TRUE(ingest::SplitPath(path, &segments).IsInvalidArgument());
}

}  // namespace
}  // namespace sealog
