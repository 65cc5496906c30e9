// FieldMapping: the default sources of SPEC.md and the --map overrides.
#include <optional>

#include "engine/ascii.h"
#include "ingest/field_slots.h"
#include "ingest/json_path.h"
#include "ingest/quote.h"
#include "sealog/ingest.h"

namespace sealog {
namespace {

using ingest::kTimeSlot;

constexpr std::string_view kSlotList = "time, actor, action, resource, tenant, origin, outcome";

// The slot a --map FIELD names, aliases included (the query language's).
std::optional<size_t> SlotOfName(std::string_view name) {
  if (EqualsIgnoringAsciiCase(name, "time") || EqualsIgnoringAsciiCase(name, "timestamp"))
    return kTimeSlot;
  if (const std::optional<Field> field = FieldOfName(name)) return static_cast<size_t>(*field);
  return std::nullopt;
}

}  // namespace

FieldMapping FieldMapping::Default() {
  FieldMapping mapping;
  mapping.time = {"timestamp", "time", "ts", "eventTime"};
  auto set = [&mapping](Field field, std::vector<std::string> sources) {
    mapping.fields[static_cast<size_t>(field)] = std::move(sources);
  };
  set(Field::kActor, {"actor", "user", "userIdentity"});
  set(Field::kAction, {"action", "event_type", "eventName"});
  set(Field::kResource, {"resource", "target"});
  set(Field::kTenant, {"tenant", "account_id", "recipientAccountId"});
  set(Field::kOrigin, {"origin", "source_ip", "sourceIPAddress"});
  set(Field::kOutcome, {"outcome", "status", "result"});
  return mapping;
}

Status FieldMapping::Override(std::string_view spec) {
  const std::string where = "--map " + ingest::Quote(spec) + ": ";
  const size_t equals = spec.find('=');
  if (equals == std::string_view::npos) {
    return Status::InvalidArgument(where + "expected FIELD=PATH, as in actor=userIdentity.arn");
  }
  const std::string_view name = spec.substr(0, equals);
  const std::string_view path = spec.substr(equals + 1);
  const std::optional<size_t> slot = SlotOfName(name);
  if (!slot) {
    return Status::InvalidArgument(where + "unknown field " + ingest::Quote(name) +
                                   "; expected one of " + std::string(kSlotList));
  }
  std::vector<ingest::PathSegment> segments;
  if (Status status = ingest::SplitPath(path, &segments); !status.ok()) {
    return Status::InvalidArgument(where + status.message());
  }
  std::vector<std::string>& sources = *slot == kTimeSlot ? time : fields[*slot];
  // The user's own outcome source: the preset's rule was about another one.
  if (*slot == static_cast<size_t>(Field::kOutcome)) outcome_rule = OutcomeRule{};
  if (!overridden[*slot]) {
    sources.clear();
    overridden[*slot] = true;
  }
  if (sources.size() == kSourcesMax) {
    return Status::InvalidArgument(where + "more than " + std::to_string(kSourcesMax) +
                                   " sources for " + std::string(ingest::SlotName(*slot)));
  }
  sources.emplace_back(path);
  return Status::Ok();
}

}  // namespace sealog
