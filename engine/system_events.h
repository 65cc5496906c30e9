// System events: records the store writes into its own log, flagged so
// (kRecordFlagSystem) that no client append can pass for one. They are the
// log's own account of what was done to it, sealed like any record:
//
//   sealog.retention.delete  a deletion receipt: which segments retention
//                            removed, the hash of each one's seal, the policy
//                            and the time. verify then calls those segments
//                            `expired`, not `missing`.
//   sealog.hold.add          a legal hold: records matching a query or a time
//                            range are never deleted; its id is its own seq.
//   sealog.hold.remove       the release of a hold.
//   sealog.config.change     the store's config.toml replaced: old and new.
//
// Each is one JSON object (raw), actor "sealog", the action above, and a
// resource naming what it is about. docs/FORMAT.md, "System events", gives
// the members.
#ifndef SEALOG_ENGINE_SYSTEM_EVENTS_H_
#define SEALOG_ENGINE_SYSTEM_EVENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/hash.h"
#include "sealog/event.h"
#include "sealog/status.h"

namespace sealog {

inline constexpr std::string_view kSystemActor = "sealog";
inline constexpr std::string_view kReceiptAction = "sealog.retention.delete";
inline constexpr std::string_view kHoldAddAction = "sealog.hold.add";
inline constexpr std::string_view kHoldRemoveAction = "sealog.hold.remove";
inline constexpr std::string_view kConfigChangeAction = "sealog.config.change";

// An event to append as a system event: `raw` must outlive it.
Event SystemEvent(std::string_view action, std::string_view resource, std::string_view raw);

// One segment a receipt names.
struct ReceiptSegment {
  uint64_t number = 0;
  uint64_t first_seq = 0;
  uint64_t record_count = 0;
  crypto::Hash seal_hash{};  // crypto::EntryHash of the segment's seal
  int64_t sealed_ns = 0;
};

struct DeletionReceipt {
  int64_t time_ns = 0;    // the instant retention judged ages at
  std::string policy;     // e.g. "retention.delete_after = 7y"
  std::vector<ReceiptSegment> segments;
};

std::string EncodeReceipt(const DeletionReceipt& receipt);
// kInvalidArgument when `raw` is not a receipt.
Status DecodeReceipt(std::string_view raw, DeletionReceipt* receipt);
// "segments 3..7"
std::string ReceiptResource(const DeletionReceipt& receipt);

// A legal hold as its event states it. Either a query or a time range (of
// the events' own times, inclusive), never both.
struct HoldSpec {
  std::string reason;
  std::string query;  // empty: the time range
  int64_t since_ns = 0;
  int64_t until_ns = 0;
};

std::string EncodeHoldAdd(const HoldSpec& hold);
Status DecodeHoldAdd(std::string_view raw, HoldSpec* hold);
std::string EncodeHoldRemove(uint64_t id, std::string_view reason);
// The id (seq of the hold.add event) a hold.remove releases.
Status DecodeHoldRemove(std::string_view raw, uint64_t* id);

std::string EncodeConfigChange(std::string_view old_toml, std::string_view new_toml);

}  // namespace sealog

#endif  // SEALOG_ENGINE_SYSTEM_EVENTS_H_
