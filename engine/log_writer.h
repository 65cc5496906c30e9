// LogWriter: the write path. Appenders encode records into batches under one
// mutex; one writer thread takes each batch and writes it with one write and
// (unless durability is none) one fdatasync, through io_uring when available.
// While a batch is on its way to the disk, the next one fills up: that is the
// group commit.
//
// Durability: a record is acknowledged (durable_seq passes it) only after the
// sync that covers it completed. After a failed write or sync the writer
// stops for good: nothing more is accepted or acknowledged, and the sync is
// never retried (the kernel may already have dropped the dirty pages). The
// next Open recovers from what is really on disk.
//
// Rollover: when the active segment would pass segment_size_max, or its
// oldest record is older than segment_age_max_ms, the writer syncs it, creates
// the next segment (header synced, directory synced), records the change in
// the MANIFEST, and then writes the closed segment's index file and seals it
// (engine/sealer.h). A third thread, the digester, takes each batch once it
// is written, off the write path: it adds its records to the active
// segment's index (engine/active_index.h) and, when sealing, hashes them
// (the Merkle leaves). At rollover the writer waits for it to catch up, so
// neither the index nor the seal reads anything back.
#ifndef SEALOG_ENGINE_LOG_WRITER_H_
#define SEALOG_ENGINE_LOG_WRITER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/active_index.h"
#include "engine/io/env.h"
#include "engine/manifest.h"
#include "engine/sealer.h"
#include "engine/segment_digest.h"
#include "sealog/event.h"
#include "sealog/options.h"
#include "sealog/status.h"

namespace sealog {

// What readers in the writing process may see, as of one instant.
struct LogView {
  std::shared_ptr<const std::vector<ManifestSegment>> closed;
  uint64_t active_number = 0;
  uint64_t active_first_seq = 0;
  uint64_t active_end = 0;  // bytes of the active segment written whole
  uint64_t last_seq = 0;    // last record written whole (0: none)
  // The in-memory index of the active segment: it may lag behind last_seq
  // (records written but not indexed yet), never run ahead of it.
  std::shared_ptr<ActiveIndex> active_index;
};

class LogWriter {
 public:
  // Where recovery left the active segment.
  struct Tail {
    std::unique_ptr<io::WritableFile> file;
    uint64_t end_offset = 0;    // bytes of valid records, header included
    uint64_t record_count = 0;  // records in the active segment
    std::unique_ptr<Sealer> sealer;  // null: segments are closed unsealed
    SegmentDigest digest;            // of the active segment's records
    std::shared_ptr<ActiveIndex> index;  // ... and their index
  };

  // Starts the writer thread. `manifest` lists the segments; its last entry is
  // the active segment that `tail` holds open.
  LogWriter(io::Env& env, std::string dir, const Options& options, Manifest manifest, Tail tail);
  // Writes and syncs what is queued (unless the writer failed), then stops.
  ~LogWriter();
  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;

  // Encodes and queues the event; returns its seq. With wait_durable, returns
  // only once it is durable (or the writer failed).
  // `system`: an event the store writes itself (engine/system_events.h).
  Result<uint64_t> Append(const Event& event, bool wait_durable, bool system = false);
  Status WaitDurable(uint64_t seq);
  Result<uint64_t> AwaitDurable(uint64_t known, std::chrono::milliseconds timeout);
  // Writes and syncs everything queued so far.
  Status Flush();
  // Closes the active segment when it holds records, and waits until done.
  Status Roll();

  // Records that closed segments `numbers` now live in `tier`: the MANIFEST
  // is saved once with the change (so a cold archive's segments are adopted
  // together or not at all), then views show it. kNotFound when one of them
  // is not a closed segment. A failed save leaves the writer running and the
  // old tier in force (the MANIFEST on disk may hold either; both name a file
  // that is there, as tier moves delete the old file only after this).
  Status SetTier(const std::vector<uint64_t>& numbers, Tier tier);
  LogView View();
  uint64_t durable_seq();
  bool uses_io_uring() const { return uses_io_uring_; }

 private:
  struct Batch {
    enum class Kind { kRecords, kSync, kRoll };
    Kind kind = Kind::kRecords;
    uint64_t segment = 0;      // kRecords: segment written; kRoll: segment closed
    uint64_t offset = 0;       // kRecords: where data goes; kRoll: size of the closed segment
    uint64_t first_seq = 0;    // kRecords: first record; kRoll: first seq of the next segment
    uint64_t last_seq = 0;     // kRecords: last record
    uint64_t record_count = 0;  // kRoll: records in the closed segment
    bool sync = false;
    bool full = false;         // take no more records
    std::string data;
  };

  void Run();
  Status Process(Batch& batch);
  Status WriteRecords(Batch& batch);
  Status RollOver(const Batch& batch);
  void Completed(Batch& batch);   // REQUIRES: mu_ held
  void Recycle(std::string buffer);  // REQUIRES: mu_ held
  void RunDigester();
  // Blocks until the digester has hashed every batch handed to it.
  void WaitDigested();
  void Failed(Status status);     // REQUIRES: mu_ held
  Batch& BatchForLocked(size_t frame_size);
  void RollLocked();
  bool AgeExpiredLocked() const;
  Status WaitForLocked(std::unique_lock<std::mutex>& lock, uint64_t seq);

  io::Env& env_;
  const std::string dir_;
  const Options options_;
  const std::string log_id_;  // read by appenders; manifest_ belongs to the writer thread
  bool uses_io_uring_ = false;

  // Owned by the writer thread.
  std::unique_ptr<io::WritableFile> file_;
  uint64_t allocated_end_ = 0;
  // Changed by the writer thread (rollover) and SetTier, under manifest_mu_;
  // SetTier also holds mu_, under which the writer thread reads it.
  std::mutex manifest_mu_;  // taken before mu_
  Manifest manifest_;
  std::unique_ptr<Sealer> sealer_;
  // Of the records written to the active segment. The digester thread updates
  // it; the writer reads and resets it only after WaitDigested.
  SegmentDigest digest_;
  // The index of the written segment. The pointer changes under mu_ at a
  // roll; the digester feeds it, readers take it through View().
  std::shared_ptr<ActiveIndex> active_index_;

  std::mutex mu_;
  std::condition_variable writer_cv_;   // the writer waits for batches
  std::condition_variable durable_cv_;  // appenders wait for durability and space
  std::thread writer_;
  std::thread digester_;
  std::condition_variable digest_cv_;   // the digester waits for batches; WaitDigested for it
  struct Written {
    std::string data;  // whole frames
    uint64_t offset;   // where the first one starts
  };
  std::deque<Written> digest_queue_;    // written batches not digested yet, in order
  bool digester_busy_ = false;
  bool digester_stopping_ = false;
  std::deque<Batch> batches_;
  std::vector<std::string> spare_buffers_;
  uint64_t pending_bytes_ = 0;
  bool writer_idle_ = false;
  bool stopping_ = false;
  Status failure_;

  // Encoding side: where the next record goes.
  uint64_t next_seq_ = 1;
  uint64_t encode_segment_ = 0;
  uint64_t encode_offset_ = 0;
  uint64_t encode_records_ = 0;     // records in encode_segment_, queued ones included
  uint64_t encode_seed_ = 0;
  uint64_t encode_first_mono_ns_ = 0;  // when encode_segment_ got its first record

  // Writer side: what is on disk.
  std::shared_ptr<const std::vector<ManifestSegment>> closed_;
  uint64_t written_segment_ = 0;
  uint64_t written_segment_first_seq_ = 0;
  uint64_t written_end_ = 0;
  uint64_t written_seq_ = 0;
  uint64_t synced_end_ = 0;     // of written_segment_
  uint64_t durable_seq_ = 0;
  uint64_t rolls_queued_ = 0;
  uint64_t rolls_done_ = 0;
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_LOG_WRITER_H_
