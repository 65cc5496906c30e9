// RocksdbPeer: the reference workload in RocksDB, the second peer of the
// query benchmark ("RocksDB (WAL; secondary index keys)"), beside SqlitePeer.
//
// One key space, the default column family, four kinds of keys (seq is the
// event's position from 1, so it equals the seq sealog and SQLite give the
// same event; big-endian so that keys sort by it):
//   'e' seq                       -> the raw line (the primary data)
//   'a' actor '\0' seq            -> the event time (8 bytes, see below)
//   'r' resource '\0' seq         -> empty
//   't' time seq                  -> empty
// where time is the event's ns since the epoch biased to unsigned (XOR of the
// sign bit) and big-endian, so that keys sort by time; an actor or resource
// holding a '\0' would break its key's prefix and is refused by Create.
//
// How each kind is answered (Plan() says the same in one line):
//  - actor, resource: a prefix scan of the value's index keys collects the
//    seqs (in seq order, as the keys sort), then a sorted MultiGet fetches the
//    raw line of each, in seq order;
//  - time: a range scan of the 't' keys from the range's start to its end
//    collects the seqs, which are sorted, then fetched as above;
//  - actor AND time: a scan of every index key of the actor, as for actor
//    queries, keeping the seqs whose time (the key's value) is in the range;
//    only those raw lines are fetched. That is a covering choice SQLite's
//    schema does not make: its plan reads the table row of every event of the
//    actor to test ts (an index on actor alone). The price is the 8 bytes of
//    time per actor key, in the index space.
//
// Options: RocksDB's defaults, as SqlitePeer keeps SQLite's, except
// create_if_missing and error_if_exists. So: the default 8 MB LRU block cache
// (against SQLite's 2 MB page cache; both engines' files stay in the OS page
// cache after the warm-up anyway, so the cache size decides how often a block
// is decompressed and parsed rather than whether it is read from disk;
// cache_mb > 0 sets it, as SqlitePeer's cache_mb does), 4 KiB blocks, Snappy
// compression of the blocks (the default when the library has Snappy, as
// Debian's has), no Bloom filter (after the compaction every key is in one
// file of one level, and every lookup is of a key that is there), a 64 MB
// memtable. Plan() reports the block cache, block size and compression the
// open database has.
//
// This is the only file that includes RocksDB headers (rocksdb_peer.cc). Not
// thread safe.
#ifndef SEALOG_BENCH_ROCKSDB_PEER_H_
#define SEALOG_BENCH_ROCKSDB_PEER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/event_set.h"
#include "bench/query_bench.h"
#include "sealog/status.h"

namespace rocksdb {
class DB;
}

namespace sealog::bench {

class RocksdbPeer {
 public:
  // Creates the database directory `path` (which must not exist) and loads
  // every event of `set`, its record and its three index keys, in WriteBatches
  // of kLoadBatch events with the WAL on (sync=false: loading is not
  // measured); then flushes the memtable and compacts the whole key range, so
  // that queries read SST files (as SqlitePeer checkpoints its WAL). cache_mb
  // > 0 sets the block cache; 0 keeps RocksDB's default (8 MB).
  static Result<std::unique_ptr<RocksdbPeer>> Create(const std::string& path, const EventSet& set,
                                                     uint64_t cache_mb);
  ~RocksdbPeer();
  RocksdbPeer(const RocksdbPeer&) = delete;
  RocksdbPeer& operator=(const RocksdbPeer&) = delete;

  // Runs one query as the header comment says, reading every returned raw
  // line (AddRow) in seq order.
  Result<QueryRows> Run(const QuerySpec& spec);
  // How a kind is answered, in one line (SqlitePeer::Plan's counterpart).
  std::string Plan(QueryKind kind) const;
  // data_bytes: the SST files (records and index keys); index_bytes: the SST
  // bytes of the 'a', 'r' and 't' key ranges (GetApproximateSizes, to a data
  // block); other_bytes: the WAL, MANIFEST, CURRENT and OPTIONS files (not
  // the info LOG, a text diagnostic).
  Result<SpaceFigure> Space();
  // The live SST files, after Create's compaction.
  uint64_t SstFiles();

  static constexpr size_t kLoadBatch = 1'000;  // events per WriteBatch

 private:
  RocksdbPeer(rocksdb::DB* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Load(const EventSet& set);
  // Appends to rows the raw line of each of seqs_ (ascending), in order.
  Status Fetch(QueryRows* rows);
  // The options that matter to reads, as the open database has them.
  std::string Settings() const;

  rocksdb::DB* db_;
  const std::string path_;
  std::string settings_;        // Settings(), once open
  std::vector<uint64_t> seqs_;  // of the query running, reused
};

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_ROCKSDB_PEER_H_
