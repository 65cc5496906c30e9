#include "engine/legal_holds.h"

#include <algorithm>
#include <map>

#include "engine/system_events.h"
#include "sealog/query.h"

namespace sealog {

namespace {

bool IsSystem(const Record& record, std::string_view action) {
  return record.system && record.field(Field::kActor) == kSystemActor &&
         record.field(Field::kAction) == action;
}

// The closed segment holding `seq`, or null (the active segment's records).
const ManifestSegment* SegmentOf(const std::vector<ManifestSegment>& closed, uint64_t seq) {
  auto it = std::upper_bound(
      closed.begin(), closed.end(), seq,
      [](uint64_t value, const ManifestSegment& s) { return value < s.first_seq; });
  if (it == closed.begin()) return nullptr;
  --it;
  return it->active || seq > it->last_seq() ? nullptr : &*it;
}

std::string ActionQuery(std::string_view action) {
  return "action:\"" + std::string(action) + "\"";
}

}  // namespace

Status CheckHold(const HoldOptions& hold) {
  if (hold.reason.empty()) return Status::InvalidArgument("a hold needs a reason");
  const bool range = hold.since_ns != 0 || hold.until_ns != 0;
  if (hold.query.empty() == !range) {
    return Status::InvalidArgument("a hold covers either a query or a time range, not both");
  }
  if (range && hold.since_ns > hold.until_ns) {
    return Status::InvalidArgument("a hold's time range must not end before it starts");
  }
  return Status::Ok();
}

Result<std::vector<LegalHold>> HoldsInForce(Store& store) {
  const std::string expression = ActionQuery(kHoldAddAction) + " OR " + ActionQuery(kHoldRemoveAction);
  Result<std::unique_ptr<QueryCursor>> cursor = store.Query(expression, QueryOptions());
  if (!cursor.ok()) return cursor.status();
  std::map<uint64_t, LegalHold> holds;
  while ((*cursor)->Next()) {
    const Record& record = (*cursor)->record();
    if (IsSystem(record, kHoldAddAction)) {
      HoldSpec spec;
      if (!DecodeHoldAdd(record.raw, &spec).ok()) continue;
      LegalHold hold;
      hold.id = record.seq;
      hold.added_ns = record.ingest_ns;
      hold.reason = spec.reason;
      hold.query = spec.query;
      hold.since_ns = spec.since_ns;
      hold.until_ns = spec.until_ns;
      holds[hold.id] = hold;
    } else if (IsSystem(record, kHoldRemoveAction)) {
      uint64_t id = 0;
      if (DecodeHoldRemove(record.raw, &id).ok()) holds.erase(id);
    }
  }
  SEALOG_RETURN_IF_ERROR((*cursor)->status());
  std::vector<LegalHold> out;
  for (auto& [id, hold] : holds) out.push_back(std::move(hold));
  return out;
}

Result<std::set<uint64_t>> SegmentsOfSystemEvents(Store& store, std::string_view action,
                                                  const std::vector<ManifestSegment>& closed) {
  Result<std::unique_ptr<QueryCursor>> cursor = store.Query(ActionQuery(action), QueryOptions());
  if (!cursor.ok()) return cursor.status();
  std::set<uint64_t> segments;
  while ((*cursor)->Next()) {
    if (!IsSystem((*cursor)->record(), action)) continue;
    if (const ManifestSegment* segment = SegmentOf(closed, (*cursor)->record().seq)) {
      segments.insert(segment->number);
    }
  }
  SEALOG_RETURN_IF_ERROR((*cursor)->status());
  return segments;
}

Result<std::set<uint64_t>> SegmentsHeld(Store& store, const std::vector<LegalHold>& holds,
                                        const std::vector<ManifestSegment>& closed) {
  std::set<uint64_t> held;
  for (const LegalHold& hold : holds) {
    // The hold's own event: the log's only record that it is in force.
    if (const ManifestSegment* segment = SegmentOf(closed, hold.id)) held.insert(segment->number);
    QueryOptions options;
    if (hold.query.empty()) {
      options.since_ns = hold.since_ns;
      options.until_ns = hold.until_ns;
    }
    // One match per segment is enough: after it, go on from the next segment.
    while (true) {
      Result<std::unique_ptr<QueryCursor>> cursor =
          store.Query(hold.query.empty() ? "*" : hold.query, options);
      if (!cursor.ok()) return cursor.status();
      if (!(*cursor)->Next()) {
        SEALOG_RETURN_IF_ERROR((*cursor)->status());
        break;
      }
      const ManifestSegment* segment = SegmentOf(closed, (*cursor)->record().seq);
      if (segment == nullptr) break;  // the active segment is never deleted
      held.insert(segment->number);
      options.after = segment->last_seq();
    }
  }
  return held;
}

}  // namespace sealog
