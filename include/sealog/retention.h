// Retention: what Store::RunRetention does and reports.
//
// Sealed segments move hot → warm once their seal is older than the store's
// retention.warm_after (config.toml, docs/CONFIG.md): each is rewritten
// compressed in zstd frames (docs/FORMAT.md, "Warm segment file"), checked
// against its seal, adopted by the MANIFEST, and only then is the hot file
// removed. A crash at any instant leaves the segment readable in exactly one
// place. Ages count from the seal time, never from the events' own times.
#ifndef SEALOG_RETENTION_H_
#define SEALOG_RETENTION_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sealog/store.h"

namespace sealog {

struct RetentionOptions {
  // The instant policies are judged at, UTC nanoseconds; 0: the store's clock.
  int64_t now_ns = 0;
  // Only say what would be done.
  bool dry_run = false;
  // Called after each step with the bytes done and the bytes all steps read.
  std::function<void(uint64_t done_bytes, uint64_t total_bytes)> progress;
};

struct RetentionStep {
  uint64_t segment = 0;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  Tier from = Tier::kHot;
  Tier to = Tier::kWarm;  // kExpired: deleted, with a receipt in the log
  int64_t sealed_ns = 0;
  uint64_t bytes_before = 0;  // on disk before the move
  uint64_t bytes_after = 0;   // on disk after it; 0 in a dry run
};

struct RetentionReport {
  bool dry_run = false;
  int64_t now_ns = 0;
  std::vector<RetentionStep> steps;  // done, or to do in a dry run, in segment order
  // Closed segments past an age that were left alone because they have no
  // seal yet (sealing them is recovery's job; the next run moves them).
  uint64_t unsealed = 0;
  // Segments past delete_after kept because a legal hold covers a record of
  // theirs (Store::AddHold).
  uint64_t held = 0;
  // Cold segments past delete_after kept because another segment of their
  // archive is not (archives are deleted whole).
  uint64_t kept_in_archives = 0;
};

// A legal hold to place (Store::AddHold): every record matching `query`
// (the query language of docs/QUERY.md), or, with `query` empty, every
// record whose event time lies in [since_ns, until_ns], is kept past
// delete_after for as long as the hold is in force.
struct HoldOptions {
  std::string reason;  // required: why, for whoever reads the log later
  std::string query;
  int64_t since_ns = 0;
  int64_t until_ns = 0;
};

// A hold in force (Store::ListHolds).
struct LegalHold {
  uint64_t id = 0;        // the seq of its sealog.hold.add event
  int64_t added_ns = 0;   // when it was placed
  std::string reason;
  std::string query;      // empty: the time range
  int64_t since_ns = 0;
  int64_t until_ns = 0;
};

}  // namespace sealog

#endif  // SEALOG_RETENTION_H_
