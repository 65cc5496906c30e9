// Options for opening a store.
#ifndef SEALOG_OPTIONS_H_
#define SEALOG_OPTIONS_H_

#include <cstdint>
#include <memory>
#include <string>

namespace sealog {

namespace io {
class Env;
}

// When Append returns, relative to the disk.
enum class Durability : uint8_t {
  kNone,   // Append returns once the record is queued; the OS writes it when it likes.
  kBatch,  // Append returns once a group commit holding the record is on disk (default).
  kSync,   // every record gets its own write and fdatasync before Append returns.
};

struct Options {
  // Create the store when the directory holds none. With error_if_exists, fail
  // when one is already there.
  bool create_if_missing = false;
  bool error_if_exists = false;

  // Open for reading only: no lock is taken, nothing is written or repaired,
  // and the unsealed tail is read up to its last complete record. Many readers
  // may open a store while one writer appends.
  bool read_only = false;

  Durability durability = Durability::kBatch;

  // Roll over to a new segment once the active one would grow past this size,
  // or once it holds records older than segment_age_max_ms (0: never by age).
  uint64_t segment_size_max = 64ull << 20;
  uint64_t segment_age_max_ms = 60'000;

  // A group commit writes at most this many bytes in one write + fdatasync.
  uint64_t group_commit_bytes_max = 1ull << 20;
  // Appenders block once this many bytes wait for the writer (back-pressure).
  uint64_t pending_bytes_max = 16ull << 20;
  // Segments grow on disk in steps of this size (fallocate), so appends do
  // not allocate blocks one by one.
  uint64_t preallocate_step = 8ull << 20;

  // The root key that certifies a new store: the 32-byte Ed25519 seed of a
  // key made by `sealog keygen` (its .key file holds it in hex). Used once, at
  // creation, to sign the genesis of the seal chain; never stored. When empty
  // at creation, a root key is generated and left in the store as root.key,
  // which defeats its purpose: move it somewhere safe (docs/SECURITY.md).
  std::string root_key_seed;

  // At creation: the store's configuration, a TOML text (sealog/config.h),
  // checked before anything is created and kept in the store as config.toml.
  // Whenever a store holds a config.toml, its segment settings replace
  // segment_size_max and segment_age_max_ms above. Ignored for an existing
  // store.
  std::string config_toml;

  // Seal each segment as it closes (Merkle root, signature, key rotation).
  // Off only to measure what sealing costs; an unsealed store fails verify.
  bool seal_segments = true;

  // Decoded frames of warm segments kept in memory across reads, for the
  // whole store, the least recently used dropped first: a query that comes
  // back to a warm segment copies the frames it decoded before instead of
  // decompressing them again, as the page cache serves hot segments
  // (docs/BENCHMARKS.md, "Tiers"). 0: each open warm file keeps only its
  // last 64 KiB. A process holding many stores pays this per store.
  uint64_t frame_cache_bytes = 64ull << 20;
  // Index kept in memory across queries, for the whole store: decoded
  // sections of index files (postings, time blocks, record offsets) and the
  // indexes rebuilt from records (a cold segment's, or one whose file failed
  // its checks), the least recently used let go first; every segment's
  // index head (its summary) is kept besides, whatever this is. A query
  // that comes back to a segment then reads, hashes and rebuilds nothing of
  // its index again. 0 keeps only what the queries running use. A process
  // holding many stores pays this per store.
  uint64_t index_cache_bytes = 64ull << 20;
  // Closed segment files kept open between reads with a descriptor each
  // (warm and cold ones, and hot ones when not mapped), the least recently
  // used closed first: a query that comes back to a segment opens nothing.
  // Whatever this says, at most half the process's limit on descriptors
  // (RLIMIT_NOFILE) when the store opens. Lower it when one process holds
  // many stores. The store holds a handful more besides (its active
  // segment, lock, MANIFEST, seal chain, open cold archives).
  uint64_t max_open_files = 1000;
  // Read closed hot segments through a memory map: a query's reads then
  // copy nothing and make no system call (docs/BENCHMARKS.md, "Queries"),
  // and the files kept open hold no descriptor. A mapped file that someone
  // truncates while the store reads it stops the process with SIGBUS where
  // a read would have failed: turn this off when other processes may change
  // the store's files beneath it. (verify, export and dump never map.)
  bool map_segments = true;
  // Closed hot segments kept mapped between reads, apart from
  // max_open_files, the least recently used unmapped first. A mapping costs
  // address space, not memory (the kernel's page cache holds the bytes), but
  // a process may hold at most vm.max_map_count of them (65,530 by default):
  // lower this when one process holds many stores. Past that limit a
  // segment is read through a descriptor instead.
  uint64_t max_mapped_files = 16384;
  // Submit appends through io_uring when the kernel offers it; otherwise, or
  // when false, pwrite + fdatasync.
  bool use_io_uring = true;

  // Every file, directory, lock and clock call goes through this Env. Null
  // means the POSIX Env. Tests pass an in-memory, fault-injecting one.
  std::shared_ptr<io::Env> env;
};

}  // namespace sealog

#endif  // SEALOG_OPTIONS_H_
