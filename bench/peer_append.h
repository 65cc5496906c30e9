// Timed appends of the reference workload into the peers of WORKLOAD.md
// (SQLite, RocksDB), for sealog-bench append: the same events, in the same
// schema and key layout as the query benchmark's SqlitePeer and RocksdbPeer
// (sqlite_peer.h, rocksdb_peer.h), each run in a fresh directory.
//
// A run is a sequence of writes, each one transaction (SQLite) or one
// WriteBatch (RocksDB) of consecutive events, durable or not:
//  - group_bytes > 0: one writer, each write the next events up to at least
//    group_bytes of JSON (the last one shorter), like sealog's group commit
//    limit (group_commit_bytes_max, 1 MiB);
//  - group_bytes == 0: one event per write, by `writers` threads, thread t
//    writing events t, t + writers, ... (each its own connection in SQLite,
//    which serializes writers: BEGIN IMMEDIATE with a busy timeout; one
//    shared DB in RocksDB, which groups the concurrent writers' WAL writes
//    and syncs itself).
// Durable: SQLite synchronous=FULL in WAL mode (the WAL is synced at every
// commit), RocksDB WriteOptions::sync (fdatasync of the WAL). Not durable:
// synchronous=OFF, sync=false; the WAL is written (to the OS) all the same.
//
// The files that include the engines' headers implement the two Run*
// functions: sqlite_peer.cc and rocksdb_peer.cc.
#ifndef SEALOG_BENCH_PEER_APPEND_H_
#define SEALOG_BENCH_PEER_APPEND_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/event_set.h"
#include "sealog/status.h"

namespace sealog::bench {

struct PeerAppendConfig {
  bool durable = true;
  uint64_t group_bytes = 0;  // > 0: one writer, groups of this many JSON bytes (see above)
  int writers = 1;           // with group_bytes == 0. REQUIRES: >= 1
  uint64_t events = 0;       // the first `events` of the set. REQUIRES: 1..set size
};

struct PeerAppendResult {
  uint64_t events = 0;
  uint64_t json_bytes = 0;
  uint64_t writes = 0;  // transactions or WriteBatches
  // From the first write to the last one returning.
  double seconds = 0;
  // After `seconds`: making everything durable and closing (SQLite: a
  // synchronous=FULL checkpoint of the WAL; RocksDB: SyncWAL). What a
  // non-durable run defers.
  double flush_seconds = 0;
  // Per event, the duration of the write (commit) that held it, in ns: for a
  // group, every event of it gets the whole group's time. Empty when not
  // durable.
  std::vector<uint64_t> latencies_ns;
  uint64_t disk_bytes = 0;  // size of the files after closing
};

// One transaction or WriteBatch of events [first, last) of the set (seq =
// index + 1). Implemented by each engine; one per writer thread.
class PeerWriter {
 public:
  virtual ~PeerWriter() = default;
  virtual Status Write(uint64_t first, uint64_t last) = 0;
};

// An open peer database being appended to.
class PeerAppendTarget {
 public:
  virtual ~PeerAppendTarget() = default;
  // A writer for one thread (SQLite: its own connection).
  virtual Result<std::unique_ptr<PeerWriter>> NewWriter() = 0;
  // Makes everything durable and closes; no writer may be alive.
  virtual Status Close() = 0;
};

// The timed driver, shared by the engines (peer_append.cc).
Result<PeerAppendResult> RunPeerAppend(PeerAppendTarget& target, const std::string& dir,
                                       const EventSet& set, const PeerAppendConfig& config);

// Creates the database in `dir` (which must not exist: SQLite's file is
// dir/events.db), appends as config says, closes it, and leaves the files
// for the caller to count or remove.
Result<PeerAppendResult> RunSqliteAppend(const std::string& dir, const EventSet& set,
                                         const PeerAppendConfig& config);
// Events stored in a closed database RunSqliteAppend made: rows of events,
// checked against the rows of each of the three indexes (Corruption if one
// differs).
Result<uint64_t> CountSqliteEvents(const std::string& dir);

#ifdef SEALOG_BENCH_ROCKSDB
Result<PeerAppendResult> RunRocksdbAppend(const std::string& dir, const EventSet& set,
                                          const PeerAppendConfig& config);
// Events stored in a closed database RunRocksdbAppend made: the 'e' keys,
// checked against the count of each kind of index key.
Result<uint64_t> CountRocksdbEvents(const std::string& dir);
#endif

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_PEER_APPEND_H_
