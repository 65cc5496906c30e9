// FieldMapping::Preset: the mappings of real log sources. Each is data: the
// sources of every field, first present wins, and the outcome rule.
// docs/PRESETS.md explains each choice; ../shared/datasets/SOURCES.md says
// where each source keeps who, what, which resource, when, where and how it
// went.
#include <array>
#include <string>
#include <vector>

#include "sealog/ingest.h"

namespace sealog {
namespace {

struct PresetSpec {
  std::string_view name;
  std::vector<std::string> time;
  std::vector<std::string> actor, action, resource, tenant, origin, outcome;
  OutcomeRule rule;
};

OutcomeRule ByValue(std::vector<std::string> success, std::vector<std::string> failure) {
  OutcomeRule rule;
  rule.kind = OutcomeRule::Kind::kByValue;
  rule.success_values = std::move(success);
  rule.failure_values = std::move(failure);
  return rule;
}

OutcomeRule Rule(OutcomeRule::Kind kind, int64_t threshold = 0) {
  OutcomeRule rule;
  rule.kind = kind;
  rule.threshold = threshold;
  return rule;
}

// Azure's claim keys are URLs: their dots are escaped ("\.").
constexpr std::string_view kAzureUpn =
    "identity.claims.http://schemas\\.xmlsoap\\.org/ws/2005/05/identity/claims/upn";
constexpr std::string_view kAzureEmail =
    "identity.claims.http://schemas\\.xmlsoap\\.org/ws/2005/05/identity/claims/emailaddress";

std::vector<PresetSpec> Presets() {
  using Kind = OutcomeRule::Kind;
  std::vector<PresetSpec> presets;
  presets.push_back({
      .name = "cloudtrail",
      .time = {"eventTime", "@timestamp"},
      .actor = {"userIdentity.arn", "userIdentity.invokedBy", "userIdentity.principalId"},
      .action = {"eventName"},
      .resource = {"resources.0.ARN", "requestParameters.bucketName",
                   "requestParameters.instanceId", "requestParameters.roleName",
                   "requestParameters.userName", "requestParameters.policyArn"},
      .tenant = {"recipientAccountId", "userIdentity.accountId"},
      .origin = {"sourceIPAddress"},
      .outcome = {"errorCode"},
      .rule = Rule(Kind::kFailureIfPresent),
  });
  presets.push_back({
      .name = "k8s",
      .time = {"stageTimestamp", "requestReceivedTimestamp", "timestamp"},
      .actor = {"user.username"},
      .action = {"verb"},
      .resource = {"requestURI"},
      .tenant = {"objectRef.namespace"},
      .origin = {"sourceIPs.0"},
      .outcome = {"responseStatus.code"},
      .rule = Rule(Kind::kFailureAtOrAbove, 400),
  });
  presets.push_back({
      .name = "gcp",
      .time = {"timestamp", "receiveTimestamp"},
      .actor = {"protoPayload.authenticationInfo.principalEmail"},
      .action = {"protoPayload.methodName"},
      .resource = {"protoPayload.resourceName"},
      .tenant = {"resource.labels.project_id"},
      .origin = {"protoPayload.requestMetadata.callerIp"},
      .outcome = {"protoPayload.status.code"},
      .rule = Rule(Kind::kFailureIfNonZero),
  });
  presets.push_back({
      .name = "azure",
      .time = {"time"},
      .actor = {std::string(kAzureUpn), std::string(kAzureEmail), "identity.claims.name",
                "identity.claims.appid", "caller"},
      .action = {"operationName", "operationName.value"},
      .resource = {"resourceId"},
      .tenant = {"tenantId"},
      .origin = {"callerIpAddress"},
      .outcome = {"resultType"},
      .rule = ByValue({"Success", "Succeeded"}, {"Failure", "Failed"}),
  });
  presets.push_back({
      .name = "okta",
      .time = {"published"},
      .actor = {"actor.alternateId"},
      .action = {"eventType"},
      .resource = {"target.0.alternateId"},
      .tenant = {},
      .origin = {"client.ipAddress"},
      .outcome = {"outcome.result"},
      .rule = ByValue({"SUCCESS", "ALLOW"}, {"FAILURE", "DENY"}),
  });
  presets.push_back({
      .name = "github",
      .time = {"@timestamp", "created_at"},
      .actor = {"actor"},
      .action = {"action"},
      .resource = {"repo", "org", "user"},
      .tenant = {"business", "org"},
      .origin = {"actor_ip"},
      .outcome = {},
      .rule = {},
  });
  presets.push_back({
      .name = "windows",
      .time = {"@timestamp"},
      .actor = {"SubjectUserName", "TargetUserName"},
      .action = {"EventID"},
      .resource = {"ObjectName", "TargetUserName"},
      .tenant = {"SubjectDomainName", "TargetDomainName"},
      .origin = {"IpAddress", "SourceAddress"},
      .outcome = {"EventType"},
      .rule = ByValue({"AUDIT_SUCCESS"}, {"AUDIT_FAILURE"}),
  });
  return presets;
}

}  // namespace

Result<FieldMapping> FieldMapping::Preset(std::string_view name) {
  for (PresetSpec& preset : Presets()) {
    if (preset.name != name) continue;
    FieldMapping mapping;
    mapping.time = std::move(preset.time);
    auto set = [&mapping](Field field, std::vector<std::string>* sources) {
      mapping.fields[static_cast<size_t>(field)] = std::move(*sources);
    };
    set(Field::kActor, &preset.actor);
    set(Field::kAction, &preset.action);
    set(Field::kResource, &preset.resource);
    set(Field::kTenant, &preset.tenant);
    set(Field::kOrigin, &preset.origin);
    set(Field::kOutcome, &preset.outcome);
    mapping.outcome_rule = std::move(preset.rule);
    return mapping;
  }
  return Status::InvalidArgument("unknown preset \"" + std::string(name) + "\"; expected one of " +
                                 std::string(kPresetNames));
}

}  // namespace sealog
