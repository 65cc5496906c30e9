#include "bench/rocksdb_peer.h"

#include "bench/peer_append.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

namespace sealog::bench {
namespace {

namespace fs = std::filesystem;

constexpr char kRecord = 'e';
constexpr char kActor = 'a';
constexpr char kResource = 'r';
constexpr char kTime = 't';

void PutBigEndian(std::string* key, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) key->push_back(static_cast<char>(value >> shift));
}

uint64_t GetBigEndian(const char* bytes) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

// ns since the epoch, signed, to an unsigned that sorts the same way.
uint64_t Biased(int64_t time_ns) { return static_cast<uint64_t>(time_ns) ^ (1ull << 63); }

std::string RecordKey(uint64_t seq) {
  std::string key(1, kRecord);
  PutBigEndian(&key, seq);
  return key;
}

// 'a' actor '\0' or 'r' resource '\0': the prefix of every index key of one value.
std::string ValuePrefix(char kind, std::string_view value) {
  std::string prefix(1, kind);
  prefix.append(value).push_back('\0');
  return prefix;
}

std::string TimeKey(uint64_t biased_time) {
  std::string key(1, kTime);
  PutBigEndian(&key, biased_time);
  return key;
}

rocksdb::Slice ToSlice(const std::string& bytes) {
  return rocksdb::Slice(bytes.data(), bytes.size());
}

Status Error(const char* what, const rocksdb::Status& status) {
  std::string text = "rocksdb: ";
  text.append(what).append(": ").append(status.ToString());
  return Status::IOError(std::move(text));
}

const char* CompressionName(rocksdb::CompressionType type) {
  switch (type) {
    case rocksdb::kNoCompression:
      return "none";
    case rocksdb::kSnappyCompression:
      return "snappy";
    case rocksdb::kLZ4Compression:
      return "lz4";
    case rocksdb::kZSTD:
      return "zstd";
    default:
      return "other";
  }
}

// The four keys of one event (the header's layout), shared by the query
// benchmark's load and the append runs.
Status AddEventKeys(rocksdb::WriteBatch* batch, uint64_t seq, const Event& event) {
  const std::string_view actor = event.field(Field::kActor);
  const std::string_view resource = event.field(Field::kResource);
  if (actor.find('\0') != std::string_view::npos || resource.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("rocksdb peer: an actor or resource holds a NUL byte");
  }
  std::string key = RecordKey(seq);
  batch->Put(ToSlice(key), rocksdb::Slice(event.raw.data(), event.raw.size()));
  key = ValuePrefix(kActor, actor);
  PutBigEndian(&key, seq);
  std::string time;
  PutBigEndian(&time, Biased(event.time_ns));
  batch->Put(ToSlice(key), ToSlice(time));
  key = ValuePrefix(kResource, resource);
  PutBigEndian(&key, seq);
  batch->Put(ToSlice(key), rocksdb::Slice());
  key = TimeKey(Biased(event.time_ns));
  PutBigEndian(&key, seq);
  batch->Put(ToSlice(key), rocksdb::Slice());
  return Status::Ok();
}

// MultiGet keys per call: bounds the pinned blocks and the arrays below.
constexpr size_t kFetchBatch = 128;

}  // namespace

Result<std::unique_ptr<RocksdbPeer>> RocksdbPeer::Create(const std::string& path,
                                                         const EventSet& set, uint64_t cache_mb) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.error_if_exists = true;
  if (cache_mb > 0) {
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = rocksdb::NewLRUCache(cache_mb << 20);
    options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  }
  rocksdb::DB* db = nullptr;
  const rocksdb::Status opened = rocksdb::DB::Open(options, path, &db);
  if (!opened.ok()) return Error("open", opened);
  std::unique_ptr<RocksdbPeer> peer(new RocksdbPeer(db, path));  // closes db on every return
  peer->settings_ = peer->Settings();
  SEALOG_RETURN_IF_ERROR(peer->Load(set));
  return peer;
}

RocksdbPeer::~RocksdbPeer() {
  if (db_ != nullptr) db_->Close().PermitUncheckedError();
  delete db_;
}

Status RocksdbPeer::Load(const EventSet& set) {
  rocksdb::WriteOptions write;
  write.sync = false;  // the WAL is written, not synced: loading is not measured
  rocksdb::WriteBatch batch;
  uint64_t seq = 0;
  for (const Event& event : set.events()) {
    SEALOG_RETURN_IF_ERROR(AddEventKeys(&batch, ++seq, event));
    if (seq % kLoadBatch == 0 || seq == set.size()) {
      const rocksdb::Status written = db_->Write(write, &batch);
      if (!written.ok()) return Error("write", written);
      batch.Clear();
    }
  }
  const rocksdb::Status flushed = db_->Flush(rocksdb::FlushOptions());
  if (!flushed.ok()) return Error("flush", flushed);
  const rocksdb::Status compacted =
      db_->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr);
  if (!compacted.ok()) return Error("compact", compacted);
  return Status::Ok();
}

Status RocksdbPeer::Fetch(QueryRows* rows) {
  std::array<std::string, kFetchBatch> keys;
  std::array<rocksdb::Slice, kFetchBatch> slices;
  std::array<rocksdb::PinnableSlice, kFetchBatch> values;
  std::array<rocksdb::Status, kFetchBatch> statuses;
  const rocksdb::ReadOptions read;
  for (size_t first = 0; first < seqs_.size(); first += kFetchBatch) {
    const size_t count = std::min(kFetchBatch, seqs_.size() - first);
    for (size_t i = 0; i < count; ++i) {
      keys[i] = RecordKey(seqs_[first + i]);
      slices[i] = ToSlice(keys[i]);
    }
    db_->MultiGet(read, db_->DefaultColumnFamily(), count, slices.data(), values.data(),
                  statuses.data(), /*sorted_input=*/true);
    for (size_t i = 0; i < count; ++i) {
      if (statuses[i].IsNotFound()) {
        return Status::Corruption("rocksdb peer: an index key without its record, seq " +
                                  std::to_string(seqs_[first + i]));
      }
      if (!statuses[i].ok()) return Error("multiget", statuses[i]);
      AddRow(rows, seqs_[first + i], std::string_view(values[i].data(), values[i].size()));
      values[i].Reset();
    }
  }
  return Status::Ok();
}

Result<QueryRows> RocksdbPeer::Run(const QuerySpec& spec) {
  seqs_.clear();
  std::string lower, upper;
  if (spec.kind == QueryKind::kTime) {
    lower = TimeKey(Biased(spec.from_ns));
    // Inclusive end: the first key past every key of to_ns.
    upper = spec.to_ns == INT64_MAX ? std::string(1, kTime + 1) : TimeKey(Biased(spec.to_ns) + 1);
  } else {
    lower = ValuePrefix(spec.kind == QueryKind::kResource ? kResource : kActor, spec.value);
    upper = lower;
    upper.back() = '\1';  // past every seq after the '\0'
  }
  const rocksdb::Slice upper_slice = ToSlice(upper);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper_slice;
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read));
    const uint64_t from = Biased(spec.from_ns), to = Biased(spec.to_ns);
    for (it->Seek(ToSlice(lower)); it->Valid(); it->Next()) {
      const rocksdb::Slice key = it->key();
      if (key.size() < lower.size() + 8) return Status::Corruption("rocksdb peer: short index key");
      if (spec.kind == QueryKind::kActorTime) {
        const rocksdb::Slice time = it->value();
        if (time.size() != 8) return Status::Corruption("rocksdb peer: actor key without a time");
        const uint64_t biased = GetBigEndian(time.data());
        if (biased < from || biased > to) continue;
      }
      seqs_.push_back(GetBigEndian(key.data() + key.size() - 8));
    }
    if (!it->status().ok()) return Error("scan", it->status());
  }
  // Time keys sort by time, then seq; the others by seq already.
  if (spec.kind == QueryKind::kTime) std::sort(seqs_.begin(), seqs_.end());
  QueryRows rows;
  SEALOG_RETURN_IF_ERROR(Fetch(&rows));
  return rows;
}

std::string RocksdbPeer::Plan(QueryKind kind) const {
  std::string plan;
  switch (kind) {
    case QueryKind::kActor:
      plan = "prefix scan of 'a' actor '\\0' keys for seqs; MultiGet of 'e' seq";
      break;
    case QueryKind::kResource:
      plan = "prefix scan of 'r' resource '\\0' keys for seqs; MultiGet of 'e' seq";
      break;
    case QueryKind::kTime:
      plan = "range scan of 't' time keys for seqs; sort; MultiGet of 'e' seq";
      break;
    case QueryKind::kActorTime:
      plan =
          "prefix scan of every 'a' actor '\\0' key, time in its value tested; MultiGet of 'e' "
          "seq of those in range";
      break;
  }
  return plan.append(" (").append(settings_).append(")");
}

std::string RocksdbPeer::Settings() const {
  const rocksdb::Options options = db_->GetOptions();
  std::string settings;
  const auto* table = options.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
  if (table != nullptr) {
    settings.append("block cache ");
    settings.append(table->block_cache != nullptr
                        ? std::to_string(table->block_cache->GetCapacity() >> 20) + " MB"
                        : "none");
    settings.append(", blocks of ").append(std::to_string(table->block_size)).append(" bytes, ");
  }
  return settings.append(CompressionName(options.compression)).append(" compression");
}

uint64_t RocksdbPeer::SstFiles() {
  std::vector<rocksdb::LiveFileMetaData> files;
  db_->GetLiveFilesMetaData(&files);
  return files.size();
}

Result<SpaceFigure> RocksdbPeer::Space() {
  SpaceFigure space;
  space.engine = "rocksdb";
  std::error_code error;
  for (fs::directory_iterator it(path_, error), end; !error && it != end; it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const std::string name = it->path().filename().string();
    const uint64_t size = it->file_size(error);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".sst") == 0) {
      space.data_bytes += size;
    } else if (name.rfind("LOG", 0) != 0) {  // not the info log (LOG, LOG.old.*)
      space.other_bytes += size;
    }
  }
  if (error) return Status::IOError("list " + path_ + ": " + error.message());
  // The index key ranges, each kind's keys being contiguous: 'a', 'r', 't'.
  const std::array<std::string, 6> bounds = {"a", "b", "r", "s", "t", "u"};
  std::array<rocksdb::Range, 3> ranges;
  for (size_t i = 0; i < ranges.size(); ++i) {
    ranges[i] = rocksdb::Range(ToSlice(bounds[2 * i]), ToSlice(bounds[2 * i + 1]));
  }
  std::array<uint64_t, 3> sizes{};
  rocksdb::SizeApproximationOptions approximation;
  approximation.include_memtables = false;
  approximation.include_files = true;
  const rocksdb::Status measured =
      db_->GetApproximateSizes(approximation, db_->DefaultColumnFamily(), ranges.data(),
                               static_cast<int>(ranges.size()), sizes.data());
  if (!measured.ok()) return Error("approximate sizes", measured);
  for (const uint64_t size : sizes) space.index_bytes += size;
  space.index_bytes = std::min(space.index_bytes, space.data_bytes);
  return space;
}

// The append runs (peer_append.h) ---------------------------------------------

namespace {

// Shares the DB: RocksDB's writers queue, and the leader writes (and syncs)
// the WAL for the whole queue, its own group commit.
class RocksdbWriter final : public PeerWriter {
 public:
  RocksdbWriter(const EventSet& set, rocksdb::DB* db, bool durable) : set_(set), db_(db) {
    options_.sync = durable;
  }

  Status Write(uint64_t first, uint64_t last) override {
    batch_.Clear();
    for (uint64_t i = first; i < last; ++i) {
      SEALOG_RETURN_IF_ERROR(AddEventKeys(&batch_, i + 1, set_.events()[i]));
    }
    const rocksdb::Status written = db_->Write(options_, &batch_);
    if (!written.ok()) return Error("write", written);
    return Status::Ok();
  }

 private:
  const EventSet& set_;
  rocksdb::DB* db_;
  rocksdb::WriteOptions options_;
  rocksdb::WriteBatch batch_;  // reused
};

// RocksDB's default options, as RocksdbPeer's (the WAL on, fdatasync).
class RocksdbAppendTarget final : public PeerAppendTarget {
 public:
  RocksdbAppendTarget(const EventSet& set, bool durable) : set_(set), durable_(durable) {}
  ~RocksdbAppendTarget() override {
    if (db_ != nullptr) db_->Close().PermitUncheckedError();
    delete db_;
  }

  Status Create(const std::string& dir) {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.error_if_exists = true;
    const rocksdb::Status opened = rocksdb::DB::Open(options, dir, &db_);
    if (!opened.ok()) return Error("open", opened);
    return Status::Ok();
  }

  Result<std::unique_ptr<PeerWriter>> NewWriter() override {
    return std::unique_ptr<PeerWriter>(std::make_unique<RocksdbWriter>(set_, db_, durable_));
  }

  // SyncWAL: the unsynced runs' WAL made durable; the memtable stays (the
  // WAL is its durable copy, as sealog's segments are its records').
  Status Close() override {
    const rocksdb::Status synced = db_->SyncWAL();
    if (!synced.ok()) return Error("sync wal", synced);
    const rocksdb::Status closed = db_->Close();
    delete db_;
    db_ = nullptr;
    if (!closed.ok()) return Error("close", closed);
    return Status::Ok();
  }

 private:
  const EventSet& set_;
  const bool durable_;
  rocksdb::DB* db_ = nullptr;
};

}  // namespace

Result<PeerAppendResult> RunRocksdbAppend(const std::string& dir, const EventSet& set,
                                          const PeerAppendConfig& config) {
  RocksdbAppendTarget target(set, config.durable);
  SEALOG_RETURN_IF_ERROR(target.Create(dir));
  return RunPeerAppend(target, dir, set, config);
}

Result<uint64_t> CountRocksdbEvents(const std::string& dir) {
  rocksdb::DB* db = nullptr;
  const rocksdb::Status opened = rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir, &db);
  if (!opened.ok()) return Error("open", opened);
  std::unique_ptr<rocksdb::DB> owned(db);
  std::array<uint64_t, 4> counts{};  // 'e', 'a', 'r', 't'
  constexpr std::array<char, 4> kKinds = {kRecord, kActor, kResource, kTime};
  uint64_t last_seq = 0;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    const auto kind = std::find(kKinds.begin(), kKinds.end(), key.empty() ? '?' : key[0]);
    if (kind == kKinds.end() || key.size() < 9) {
      return Status::Corruption("rocksdb peer: a key of no kind");
    }
    ++counts[static_cast<size_t>(kind - kKinds.begin())];
    if (*kind == kRecord) last_seq = std::max(last_seq, GetBigEndian(key.data() + 1));
  }
  if (!it->status().ok()) return Error("scan", it->status());
  for (const uint64_t count : counts) {
    if (count != counts[0]) return Status::Corruption("rocksdb peer: index keys without records");
  }
  if (last_seq != counts[0]) return Status::Corruption("rocksdb peer: seqs are not 1..count");
  return counts[0];
}

}  // namespace sealog::bench
