// Legal holds, read from the log itself: the holds in force are the
// sealog.hold.add system events (engine/system_events.h) that no
// sealog.hold.remove has released. A client's own events never count, even
// ones that look the same: only records the store flagged as its own do.
#ifndef SEALOG_ENGINE_LEGAL_HOLDS_H_
#define SEALOG_ENGINE_LEGAL_HOLDS_H_

#include <cstdint>
#include <set>
#include <vector>

#include "engine/manifest.h"
#include "sealog/retention.h"
#include "sealog/status.h"
#include "sealog/store.h"

namespace sealog {

// The holds in force in `store`, oldest first.
Result<std::vector<LegalHold>> HoldsInForce(Store& store);

// The segments of `closed` that hold a record one of `holds` covers.
Result<std::set<uint64_t>> SegmentsHeld(Store& store, const std::vector<LegalHold>& holds,
                                        const std::vector<ManifestSegment>& closed);

// The segments of `closed` holding a system event of `action`.
Result<std::set<uint64_t>> SegmentsOfSystemEvents(Store& store, std::string_view action,
                                                  const std::vector<ManifestSegment>& closed);

// kInvalidArgument, saying what is wrong, unless `hold` names a reason and
// exactly one of a query or a time range (since <= until).
Status CheckHold(const HoldOptions& hold);

}  // namespace sealog

#endif  // SEALOG_ENGINE_LEGAL_HOLDS_H_
