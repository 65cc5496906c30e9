// Store: one append-only audit log in one directory.
//
// Thread safety: every method may be called from any number of threads at
// once. Appends from many threads are batched into one write and one
// fdatasync (group commit). At most one process opens a store for writing;
// any number may open it read-only while it runs.
#ifndef SEALOG_STORE_H_
#define SEALOG_STORE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sealog/event.h"
#include "sealog/options.h"
#include "sealog/status.h"

namespace sealog {

class QueryCursor;
struct QueryOptions;
struct ReportOptions;
struct FieldReport;
struct RetentionOptions;
struct RetentionReport;
struct HoldOptions;
struct LegalHold;

// What Open found and repaired.
struct RecoveryReport {
  bool created = false;             // Open created the store
  bool root_key_generated = false;  // ... and left a generated root key in it (root.key)
  uint64_t records = 0;          // records in the store after recovery
  uint64_t segments = 0;         // segment files, closed and active
  uint64_t torn_bytes_dropped = 0;  // bytes of an incomplete tail write cut from the active segment
  uint64_t torn_tail_offset = 0;    // where the cut was made (when torn_bytes_dropped > 0)
};

// Where a closed segment lives (docs/ARCHITECTURE.md, "Tiers"): hot as
// written, warm compressed in its own file, cold packed in an archive, or
// expired: deleted by retention, its seal kept. Only hot and warm are built
// yet; no segment is cold or expired.
enum class Tier : uint8_t { kHot = 0, kWarm, kCold, kExpired };
const char* TierName(Tier tier);

struct SegmentInfo {
  uint64_t number = 0;
  uint64_t first_seq = 0;
  uint64_t record_count = 0;
  uint64_t size_bytes = 0;   // of the records as written (the segment's own bytes)
  uint64_t stored_bytes = 0;  // on disk in its tier: compressed when warm
  Tier tier = Tier::kHot;
  bool active = false;
};

struct StoreStats {
  uint64_t records = 0;
  uint64_t first_seq = 0;  // 0 when empty
  uint64_t last_seq = 0;   // 0 when empty
  uint64_t durable_seq = 0;
  std::vector<SegmentInfo> segments;
  bool io_uring = false;  // appends go through io_uring
  // What queries keep between them: bytes of index in memory, decoded
  // sections and rebuilt indexes (Options::index_cache_bytes bounds it), and
  // closed segment files open: with a descriptor (Options::max_open_files)
  // or mapped (of those, segment_files_mapped; Options::max_mapped_files).
  uint64_t index_cache_bytes = 0;
  uint64_t segment_files_open = 0;
  uint64_t segment_files_mapped = 0;
};

// Reads records in seq order. Not thread safe; one per reader.
class Iterator {
 public:
  virtual ~Iterator() = default;
  // Advances to the next record. Returns false at the end of the range or on
  // error; status() tells which.
  virtual bool Next() = 0;
  virtual const Record& record() const = 0;
  virtual Status status() const = 0;
};

class Store {
 public:
  // Opens the store in directory `path` (creating it with
  // options.create_if_missing), recovering from a crash if needed.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const Options& options);

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  // Writes what is queued, syncs it (unless the store failed) and releases the lock.
  virtual ~Store() = default;

  // Appends one event and returns its seq once it is as durable as
  // options.durability asks. Errors: kInvalidArgument (event too large),
  // kIOError or kNoSpace (the write or sync of this record's batch failed),
  // kReadOnly (an earlier write or sync failed, or the store was opened
  // read-only: nothing more is accepted; reopen to recover).
  virtual Result<uint64_t> Append(const Event& event) = 0;

  // Queues one event and returns its seq at once, whatever the durability.
  // Use WaitDurable or AwaitDurable to learn when it reached the disk. This is
  // how one thread keeps the group commit full.
  virtual Result<uint64_t> AppendAsync(const Event& event) = 0;

  // Blocks until every record up to `seq` is on disk, or returns the error
  // that stopped the store.
  virtual Status WaitDurable(uint64_t seq) = 0;

  // Blocks until the durable seq passes `known`, `timeout` passes, or the store
  // fails. Returns the durable seq (which may equal `known` on timeout).
  virtual Result<uint64_t> AwaitDurable(uint64_t known, std::chrono::milliseconds timeout) = 0;

  // Writes and syncs everything queued, whatever the durability mode.
  virtual Status Flush() = 0;

  // Closes the active segment now (when it holds records) and starts a new one.
  virtual Status Roll() = 0;

  // The record with this seq. kNotFound when there is none.
  virtual Result<Record> Get(uint64_t seq) = 0;

  // Records with first <= seq <= last, in seq order, as of the call.
  virtual std::unique_ptr<Iterator> Scan(uint64_t first, uint64_t last) = 0;

  // The records matching `expression` (docs/QUERY.md), as of the call.
  // kInvalidArgument names the column of a bad expression.
  virtual Result<std::unique_ptr<QueryCursor>> Query(std::string_view expression,
                                                     const QueryOptions& options) = 0;
  // How many records Query would return (after and limit apply), reading
  // records only where the indexes cannot decide.
  virtual Result<uint64_t> Count(std::string_view expression, const QueryOptions& options) = 0;
  // Records of a time range counted by the values of one field.
  virtual Result<FieldReport> Report(const ReportOptions& options) = 0;

  // Moves sealed segments between tiers as the store's config.toml says
  // (sealog/retention.h). Appends and reads go on meanwhile. kReadOnly when
  // the store was opened read-only.
  virtual Result<RetentionReport> RunRetention(const RetentionOptions& options) = 0;
  // Legal holds (sealog/retention.h): records a hold covers are never
  // deleted. Each hold and release is a system event in the log; AddHold
  // returns the hold's id, the seq of that event. kReadOnly when read-only.
  virtual Result<uint64_t> AddHold(const HoldOptions& hold) = 0;
  virtual Status RemoveHold(uint64_t id, std::string_view reason) = 0;
  // The holds in force, oldest first, as the log's events say.
  virtual Result<std::vector<LegalHold>> ListHolds() = 0;
  // Replaces the store's config.toml (sealog/config.h) with `toml`, checked
  // first (kInvalidArgument, naming the line, when it does not parse). The
  // change is recorded in the log as a system event holding the old and the
  // new text, made durable before the file is replaced. Retention follows
  // the new policy at once; segment settings take effect at the next Open.
  // Returns the event's seq, or 0 when `toml` is the text already in force.
  virtual Result<uint64_t> ChangeConfig(std::string_view toml) = 0;
  // The text of the store's config.toml; empty when it has none (defaults).
  virtual Result<std::string> ConfigText() = 0;
  virtual StoreStats Stats() = 0;
  virtual const RecoveryReport& recovery() const = 0;
  // 16 random bytes fixed at creation, as 32 hex digits.
  virtual std::string log_id() const = 0;

 protected:
  Store() = default;
};

// The on-disk format version this build writes and reads.
uint32_t FormatVersion();
// "0.1.0"
const char* Version();

}  // namespace sealog

#endif  // SEALOG_STORE_H_
