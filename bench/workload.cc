#include "bench/workload.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "bench/line_writer.h"

namespace sealog::bench {
namespace {

// The lists of gen_workload.py, in its order: they are part of the workload.
constexpr std::string_view kActions[] = {
    "authentication.login", "resource.read",   "resource.update",     "authentication.logout",
    "resource.create",      "session.refresh", "resource.list",       "authentication.mfa",
    "resource.delete",      "policy.evaluate", "iam.role.attach",     "iam.role.detach",
    "policy.modify",        "policy.create",   "policy.delete",       "user.create",
    "user.update",          "user.delete",     "user.password.reset", "group.member.add",
    "group.member.remove",  "key.create",      "key.rotate",          "key.revoke",
    "secret.read",          "secret.write",    "export.start",        "export.finish",
    "billing.update",       "config.change",   "network.rule.add",    "network.rule.remove",
    "audit.query",          "audit.export",    "token.issue",         "token.revoke",
    "approval.request",     "approval.grant",  "backup.create",       "backup.restore"};
constexpr std::string_view kStates[] = {"active", "disabled", "pending",  "deleted",
                                        "locked", "draft",    "approved", "rotated"};
constexpr std::string_view kNote =
    "routine change recorded by the control plane after validation of the request "
    "against the current policy set; no manual review was needed for this operation ";
static_assert(std::size(kActions) == 40);
static_assert(std::size(kStates) == 8);
static_assert(kNote.size() == 156);

constexpr uint64_t kTickMaxNs = 2'000'000;             // each event adds 1 + uniform(this)
constexpr uint64_t kLateArrivalMaxNs = 5'000'000'000;  // back-dating of 1 event in 100
constexpr uint64_t kDetailsBytesMin = 120;
constexpr uint64_t kDetailsBytesSpread = 161;  // details are 120 + uniform(161) bytes

// Records where the value just appended by `write` starts and ends in the line.
template <typename Write>
void AppendField(LineWriter& line, WorkloadFields* fields, Field field, Write write) {
  const size_t start = line.size();
  write();
  if (fields != nullptr) {
    fields->spans[static_cast<size_t>(field)] = {static_cast<uint16_t>(start),
                                                 static_cast<uint16_t>(line.size() - start)};
  }
}

}  // namespace

WorkloadTables::WorkloadTables() : tenants(50), users(10'000), actions(40), resources(1'000'000) {}

Event WorkloadFields::ToEvent(std::string_view line) const {
  Event event;
  event.raw = line;
  event.time_ns = time_ns;
  for (size_t i = 0; i < kFieldCount; ++i) {
    event.fields[i] = line.substr(spans[i].offset, spans[i].length);
  }
  return event;
}

WorkloadGenerator::WorkloadGenerator(uint64_t seed)
    : WorkloadGenerator(seed, std::make_shared<const WorkloadTables>()) {}

WorkloadGenerator::WorkloadGenerator(uint64_t seed, std::shared_ptr<const WorkloadTables> tables)
    : tables_(std::move(tables)), random_(seed) {
  assert(tables_ != nullptr);
}

std::string_view WorkloadGenerator::NextView(WorkloadFields* fields) {
  SplitMix64& r = random_;
  const WorkloadTables& tables = *tables_;
  // Every draw below happens in the reference's order; reordering any of them
  // changes the workload.
  clock_ns_ += static_cast<int64_t>(1 + r.Uniform(kTickMaxNs));
  int64_t ts = clock_ns_;
  if (r.Uniform(100) == 0) ts -= static_cast<int64_t>(r.Uniform(kLateArrivalMaxNs));
  const auto tenant = static_cast<uint32_t>(tables.tenants.Rank(r.Unit()));
  // The reference's conditional expression draws the user/service choice first.
  const bool is_user = r.Uniform(10) < 9;
  const auto actor = static_cast<uint32_t>(is_user ? tables.users.Rank(r.Unit()) : r.Uniform(500));
  const auto action = static_cast<uint32_t>(tables.actions.Rank(r.Unit()));
  const auto resource = static_cast<uint32_t>(tables.resources.Rank(r.Unit()));
  const uint64_t origin_a = r.Uniform(256);
  const uint64_t origin_b = r.Uniform(256);
  const uint64_t origin_c = r.Uniform(256);
  const bool failure = r.Uniform(100) < 5;
  const uint64_t details_bytes = kDetailsBytesMin + r.Uniform(kDetailsBytesSpread);
  const uint64_t request_id = r.Next();
  const std::string_view before = kStates[r.Uniform(8)];
  const std::string_view after = kStates[r.Uniform(8)];
  uint64_t note_offset = r.Uniform(kNote.size());

  LineWriter line(buffer_.data(), buffer_.size());
  line.Append("{\"timestamp\":\"");
  line.AppendRfc3339(ts);
  line.Append("\",\"tenant\":\"");
  AppendField(line, fields, Field::kTenant, [&] {
    line.Append("tenant-");
    line.AppendDecimal(tenant, 3);
  });
  line.Append("\",\"actor\":\"");
  AppendField(line, fields, Field::kActor, [&] {
    line.Append(is_user ? "user-" : "svc-");
    line.AppendDecimal(actor, is_user ? 5 : 4);
    if (is_user) {
      line.Append("@tenant-");
      line.AppendDecimal(tenant, 3);
    }
  });
  line.Append("\",\"action\":\"");
  AppendField(line, fields, Field::kAction, [&] { line.Append(kActions[action]); });
  line.Append("\",\"resource\":\"");
  AppendField(line, fields, Field::kResource, [&] {
    line.Append("res/");
    line.AppendDecimal(resource, 7);
  });
  line.Append("\",\"origin\":\"");
  AppendField(line, fields, Field::kOrigin, [&] {
    line.Append("10.");
    line.AppendDecimal(origin_a);
    line.Append('.');
    line.AppendDecimal(origin_b);
    line.Append('.');
    line.AppendDecimal(origin_c);
  });
  line.Append("\",\"outcome\":\"");
  AppendField(line, fields, Field::kOutcome, [&] { line.Append(failure ? "failure" : "success"); });
  line.Append("\",\"details\":");
  const size_t details_start = line.size();
  line.Append("{\"request_id\":\"req-");
  line.AppendHex16(request_id);
  line.Append("\",\"before\":{\"state\":\"");
  line.Append(before);
  line.Append("\"},\"after\":{\"state\":\"");
  line.Append(after);
  line.Append("\"},\"note\":\"");
  // Pad with the note, cycling from note_offset, until the details object
  // (with its closing "}) is details_bytes long, or leave it when longer.
  const size_t details_so_far = line.size() - details_start + 2;
  size_t padding = details_so_far < details_bytes ? details_bytes - details_so_far : 0;
  note_offset %= kNote.size();
  while (padding > 0) {
    const size_t chunk = std::min(padding, kNote.size() - note_offset);
    line.Append(kNote.substr(note_offset, chunk));
    padding -= chunk;
    note_offset = 0;
  }
  line.Append("\"}}");

  if (fields != nullptr) {
    fields->time_ns = ts;
    fields->tenant_rank = tenant;
    fields->actor_rank = actor;
    fields->actor_is_service = !is_user;
    fields->action_rank = action;
    fields->resource_rank = resource;
  }
  return line.view();
}

}  // namespace sealog::bench
