// Presets, their outcome rules, and CloudTrail's Records documents.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/outcome_rule.h"
#include "sealog/ingest.h"

namespace sealog {
namespace {

// The outcome `preset` gives the event `line`.
std::string OutcomeOf(const FieldMapping& mapping, std::string_view line) {
  EventParser parser(mapping);
  Event event;
  const Status status = parser.Parse(line, &event);
  EXPECT_TRUE(status.ok()) << status.message();
  return std::string(event.field(Field::kOutcome));
}

FieldMapping PresetOrDie(std::string_view name) {
  Result<FieldMapping> mapping = FieldMapping::Preset(name);
  EXPECT_TRUE(mapping.ok()) << name;
  return mapping.ok() ? *mapping : FieldMapping::Default();
}

TEST(PresetsTest, EveryListedPresetExists) {
  for (std::string_view name : {"cloudtrail", "k8s", "gcp", "azure", "okta", "github", "windows"}) {
    EXPECT_TRUE(FieldMapping::Preset(name).ok()) << name;
    EXPECT_NE(kPresetNames.find(name), std::string_view::npos) << name;
  }
}

TEST(PresetsTest, AnUnknownPresetNamesTheKnownOnes) {
  const Result<FieldMapping> mapping = FieldMapping::Preset("CloudTrail");
  ASSERT_FALSE(mapping.ok());
  EXPECT_EQ(mapping.status().message(),
            "unknown preset \"CloudTrail\"; expected one of cloudtrail, k8s, gcp, azure, okta, "
            "github, windows");
}

TEST(PresetsTest, CloudTrailFailsWhenErrorCodeIsPresent) {
  const FieldMapping mapping = PresetOrDie("cloudtrail");
  EXPECT_EQ(OutcomeOf(mapping, R"({"eventName":"GetObject","errorCode":"AccessDenied"})"),
            "failure");
  EXPECT_EQ(OutcomeOf(mapping, R"({"eventName":"GetObject"})"), "success");
  EXPECT_EQ(OutcomeOf(mapping, R"({"eventName":"GetObject","errorCode":null})"), "success");
}

TEST(PresetsTest, KubernetesFailsFrom400AndHasNoOutcomeBeforeTheResponse) {
  const FieldMapping mapping = PresetOrDie("k8s");
  EXPECT_EQ(OutcomeOf(mapping, R"({"responseStatus":{"code":403}})"), "failure");
  EXPECT_EQ(OutcomeOf(mapping, R"({"responseStatus":{"code":400}})"), "failure");
  EXPECT_EQ(OutcomeOf(mapping, R"({"responseStatus":{"code":399}})"), "success");
  EXPECT_EQ(OutcomeOf(mapping, R"({"responseStatus":{"code":201}})"), "success");
  EXPECT_EQ(OutcomeOf(mapping, R"({"stage":"RequestReceived"})"), "");
}

TEST(PresetsTest, GcpFailsOnANonZeroStatusCode) {
  const FieldMapping mapping = PresetOrDie("gcp");
  EXPECT_EQ(OutcomeOf(mapping, R"({"protoPayload":{"status":{"code":7}}})"), "failure");
  EXPECT_EQ(OutcomeOf(mapping, R"({"protoPayload":{"status":{"code":0}}})"), "success");
  EXPECT_EQ(OutcomeOf(mapping, R"({"protoPayload":{"status":{}}})"), "success");
}

TEST(PresetsTest, ValueRulesIgnoreCaseAndKeepOtherValues) {
  const FieldMapping azure = PresetOrDie("azure");
  EXPECT_EQ(OutcomeOf(azure, R"({"resultType":"Succeeded"})"), "success");
  EXPECT_EQ(OutcomeOf(azure, R"({"resultType":"FAILED"})"), "failure");
  EXPECT_EQ(OutcomeOf(azure, R"({"resultType":"Active"})"), "Active");
  const FieldMapping okta = PresetOrDie("okta");
  EXPECT_EQ(OutcomeOf(okta, R"({"outcome":{"result":"DENY"}})"), "failure");
  EXPECT_EQ(OutcomeOf(okta, R"({"outcome":{"result":"CHALLENGE"}})"), "CHALLENGE");
  const FieldMapping windows = PresetOrDie("windows");
  EXPECT_EQ(OutcomeOf(windows, R"({"EventType":"AUDIT_FAILURE","EventID":4625})"), "failure");
}

TEST(PresetsTest, MappingTheOutcomeYourselfDropsThePresetsRule) {
  FieldMapping mapping = PresetOrDie("cloudtrail");
  ASSERT_TRUE(mapping.Override("outcome=result").ok());
  EXPECT_EQ(mapping.outcome_rule.kind, OutcomeRule::Kind::kKeep);
  EXPECT_EQ(OutcomeOf(mapping, R"({"result":"partial","errorCode":"X"})"), "partial");
  // Other overrides keep it.
  FieldMapping other = PresetOrDie("cloudtrail");
  ASSERT_TRUE(other.Override("actor=userIdentity.userName").ok());
  EXPECT_EQ(OutcomeOf(other, R"({"errorCode":"X"})"), "failure");
}

TEST(PresetsTest, PresetsReadTheFieldsOfTheirSource) {
  EventParser parser(PresetOrDie("cloudtrail"));
  Event event;
  ASSERT_TRUE(parser
                  .Parse(R"({"eventTime":"2023-07-10T12:00:00Z","eventName":"DeleteBucket",)"
                         R"("userIdentity":{"arn":"arn:aws:iam::1:user/bob"},)"
                         R"("requestParameters":{"bucketName":"b1"},"recipientAccountId":"1",)"
                         R"("sourceIPAddress":"10.0.0.1"})",
                         &event)
                  .ok());
  EXPECT_EQ(event.field(Field::kActor), "arn:aws:iam::1:user/bob");
  EXPECT_EQ(event.field(Field::kAction), "DeleteBucket");
  EXPECT_EQ(event.field(Field::kResource), "b1");
  EXPECT_EQ(event.field(Field::kTenant), "1");
  EXPECT_EQ(event.field(Field::kOrigin), "10.0.0.1");
  EXPECT_FALSE(event.time_missing);

  EventParser azure(PresetOrDie("azure"));
  ASSERT_TRUE(azure
                  .Parse(R"({"identity":{"claims":{"http://schemas.xmlsoap.org/ws/2005/05/)"
                         R"(identity/claims/upn":"ann@example.com","name":"Ann"}}})",
                         &event)
                  .ok());
  EXPECT_EQ(event.field(Field::kActor), "ann@example.com");
}

TEST(OutcomeRuleTest, NumbersThatAreNotIntegersAreKept) {
  OutcomeRule rule;
  rule.kind = OutcomeRule::Kind::kFailureAtOrAbove;
  rule.threshold = 400;
  EXPECT_EQ(ingest::ApplyOutcomeRule(rule, "404"), "failure");
  EXPECT_EQ(ingest::ApplyOutcomeRule(rule, "4.5e2"), "4.5e2");
  EXPECT_EQ(ingest::ApplyOutcomeRule(rule, ""), "");
  rule.kind = OutcomeRule::Kind::kFailureIfNonZero;
  EXPECT_EQ(ingest::ApplyOutcomeRule(rule, "-1"), "failure");
  EXPECT_EQ(ingest::ApplyOutcomeRule(rule, "OK"), "OK");
}

// ---- Records documents.

std::vector<std::string> Split(std::string_view document, Status* status) {
  std::vector<std::string> events;
  *status = SplitRecordsDocument(document, [&](size_t index, std::string_view event) {
    EXPECT_EQ(index, events.size());
    events.emplace_back(event);
    return Status::Ok();
  });
  return events;
}

TEST(RecordsDocumentTest, RecognisesTheOpeningOfAnS3File) {
  EXPECT_TRUE(LooksLikeRecordsDocument(R"({"Records":[{"eventVersion":"1.08")"));
  EXPECT_TRUE(LooksLikeRecordsDocument("\xEF\xBB\xBF\n{\n  \"Records\" : ["));
  EXPECT_FALSE(LooksLikeRecordsDocument(R"({"eventVersion":"1.08","Records":1})"));
  EXPECT_FALSE(LooksLikeRecordsDocument(R"([{"Records":[]}])"));
  EXPECT_FALSE(LooksLikeRecordsDocument(""));
}

TEST(RecordsDocumentTest, EachElementBecomesOneCompactLine) {
  Status status;
  const std::vector<std::string> events = Split(
      "{\"Records\": [\n  {\"a\": 1,\n   \"b\": \"x y\"},\n  {}\n], \"other\": true}", &status);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(events, (std::vector<std::string>{R"({"a":1,"b":"x y"})", "{}"}));
}

TEST(RecordsDocumentTest, ErrorsSayWhatIsWrong) {
  Status status;
  EXPECT_EQ(Split(R"({"Records":[{"a":1}, 5]})", &status),
            (std::vector<std::string>{R"({"a":1})", "5"}));  // the parser rejects the 5
  EXPECT_TRUE(status.ok());
  Split(R"({"Records":{"a":1}})", &status);
  EXPECT_EQ(status.message(), "not a Records document: no \"Records\" array");
  Split(R"({"Records":[{"a":1})", &status);
  EXPECT_EQ(status.message().rfind("not a valid Records document: ", 0), 0u) << status.message();
}

TEST(RecordsDocumentTest, AnErrorFromTheCallbackStopsTheSplit) {
  size_t calls = 0;
  const Status status =
      SplitRecordsDocument(R"({"Records":[{},{},{}]})", [&](size_t, std::string_view) {
        ++calls;
        return Status::InvalidArgument("enough");
      });
  EXPECT_EQ(calls, 1u);
  EXPECT_EQ(status.message(), "enough");
}

}  // namespace
}  // namespace sealog
