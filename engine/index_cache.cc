#include "engine/index_cache.h"

#include <iterator>

#include "crypto/seal.h"
#include "engine/seal_log.h"
#include "engine/segment.h"
#include "engine/segment_reader.h"
#include "index/index_head.h"

namespace sealog {

IndexCache::IndexCache(io::Env& env, std::string dir, std::string log_id, SegmentFileCache& files,
                       uint64_t budget_bytes)
    : env_(env),
      dir_(std::move(dir)),
      log_id_(std::move(log_id)),
      files_(files),
      budget_bytes_(budget_bytes),
      charge_(std::make_shared<index::IndexFile::Charge>(0)) {}

IndexCache::Sweep IndexCache::BeginSweep() {
  std::lock_guard<std::mutex> lock(mu_);
  return Sweep{uses_ + 1};
}

Result<std::shared_ptr<const index::IndexSummary>> IndexCache::Summary(
    const ManifestSegment& segment, const Sweep& sweep) {
  std::lock_guard<std::mutex> lock(mu_);
  bool known = false;
  std::shared_ptr<const index::IndexSummary> summary = summaries_.Find(segment.number, &known);
  if (known) return summary;
  if (segment.tier == Tier::kCold) {
    Result<std::shared_ptr<const index::IndexSummary>> archived = ArchivedSummary(segment);
    if (!archived.ok()) return archived.status();
    summaries_.Set(segment.number, *archived);
    return archived;
  }
  Result<SegmentIndex> loaded = GetLocked(segment, sweep);
  if (!loaded.ok()) return loaded.status();
  return summaries_.Find(segment.number, &known);
}

std::shared_ptr<const SummaryTable> IndexCache::Summaries() {
  std::lock_guard<std::mutex> lock(mu_);
  return summaries_.Table();
}

Result<SegmentIndex> IndexCache::Get(const ManifestSegment& segment, const Sweep& sweep) {
  std::lock_guard<std::mutex> lock(mu_);
  return GetLocked(segment, sweep);
}

// REQUIRES: mu_ held.
Result<SegmentIndex> IndexCache::GetLocked(const ManifestSegment& segment, const Sweep& sweep) {
  auto kept = files_kept_.find(segment.number);
  if (kept != files_kept_.end() && segment.tier == Tier::kCold) {
    // Moved to the cold tier since: its index file is gone.
    Forget(segment.number);
    kept = files_kept_.end();
  }
  if (kept != files_kept_.end()) {
    Touch(kept, sweep);
    SegmentIndex index;
    index.file = kept->second.file;
    return index;
  }
  auto rebuilt = rebuilt_.find(segment.number);
  if (rebuilt != rebuilt_.end()) {
    SegmentIndex index = rebuilt->second.index;
    Touch(rebuilt, sweep);
    return index;
  }
  Result<SegmentIndex> loaded = Load(segment);
  if (!loaded.ok()) return loaded.status();
  Remember(segment.number, *loaded, sweep);
  return loaded;
}

Result<SegmentIndex> IndexCache::Replace(const ManifestSegment& segment, const Status& why,
                                         const Sweep& sweep) {
  if (why.IsNotFound()) {
    ManifestSegment moved = segment;
    moved.tier = Tier::kCold;
    return Get(moved, sweep);
  }
  if (!why.IsCorruption()) return why;
  std::lock_guard<std::mutex> lock(mu_);
  Result<SegmentIndex> rebuilt = Rebuild(segment, why.message());
  if (!rebuilt.ok()) return rebuilt.status();
  Remember(segment.number, *rebuilt, sweep);
  return rebuilt;
}

uint64_t IndexCache::memory_bytes() {
  std::lock_guard<std::mutex> lock(mu_);
  return *charge_ + rebuilt_bytes_;
}

// REQUIRES: mu_ held.
void IndexCache::Forget(uint64_t number) {
  auto kept = files_kept_.find(number);
  if (kept == files_kept_.end()) return;
  if (kept->second.loaded != loaded_.end()) loaded_.erase(kept->second.loaded);
  files_kept_.erase(kept);
}

// REQUIRES: mu_ held.
void IndexCache::Remember(uint64_t number, const SegmentIndex& index, const Sweep& sweep) {
  Forget(number);  // a distrusted file is not used again
  if (index.file) {
    index.file->ChargeTo(charge_);
    auto [kept, unused] = files_kept_.insert_or_assign(number, KeptFile{index.file, loaded_.end()});
    summaries_.Set(number, index.file->shared_summary());
    Touch(kept, sweep);
    return;
  }
  summaries_.Set(number, index.summary);
  auto rebuilt = rebuilt_.find(number);
  if (rebuilt == rebuilt_.end()) {
    rebuilt_order_.push_front(number);
    rebuilt = rebuilt_.emplace(number, KeptRebuilt{index, rebuilt_order_.begin()}).first;
  } else {
    rebuilt->second.index = index;
  }
  Touch(rebuilt, sweep);
}

// REQUIRES: mu_ held.
void IndexCache::Touch(std::unordered_map<uint64_t, KeptFile>::iterator touched,
                       const Sweep& sweep) {
  std::list<uint64_t>::iterator& place = touched->second.loaded;
  if (place == loaded_.end()) {
    loaded_.push_front(touched->first);
    place = loaded_.begin();
  } else {
    loaded_.splice(loaded_.begin(), loaded_, place);
  }
  touched->second.used = ++uses_;
  Trim(sweep);
}

// REQUIRES: mu_ held.
void IndexCache::Touch(std::unordered_map<uint64_t, KeptRebuilt>::iterator touched,
                       const Sweep& sweep) {
  KeptRebuilt& kept = touched->second;
  rebuilt_order_.splice(rebuilt_order_.begin(), rebuilt_order_, kept.order);
  kept.used = ++uses_;
  rebuilt_bytes_ -= kept.bytes;
  kept.bytes = kept.index.rebuilt->memory_bytes();
  rebuilt_bytes_ += kept.bytes;
  Trim(sweep);
}

// REQUIRES: mu_ held.
void IndexCache::Trim(const Sweep& sweep) {
  const auto file_used = [this](std::list<uint64_t>::iterator at) {
    return files_kept_.at(*at).used;
  };
  const auto rebuilt_used = [this](std::list<uint64_t>::iterator at) {
    return rebuilt_.at(*at).used;
  };
  // Each entry leaves at most once, so this ends even while files let go
  // are still held by queries (their sections charged until dropped).
  while (*charge_ + rebuilt_bytes_ > budget_bytes_ && loaded_.size() + rebuilt_order_.size() > 1) {
    // Both lists run from the most recently used to the least.
    const auto file_last = std::prev(loaded_.end(), loaded_.empty() ? 0 : 1);
    const auto rebuilt_last = std::prev(rebuilt_order_.end(), rebuilt_order_.empty() ? 0 : 1);
    const bool file_oldest =
        !loaded_.empty() &&
        (rebuilt_order_.empty() || file_used(file_last) < rebuilt_used(rebuilt_last));
    if ((file_oldest ? file_used(file_last) : rebuilt_used(rebuilt_last)) < sweep.began) {
      if (file_oldest) {
        LetGoSections(file_last);
      } else {
        DropRebuilt(rebuilt_last);
      }
      continue;
    }
    // The sweep used everything kept: the latest it used goes, but the one
    // used last, which is at the front of one of the lists.
    auto file_latest = loaded_.begin();
    auto rebuilt_latest = rebuilt_order_.begin();
    if (!loaded_.empty() &&
        (rebuilt_order_.empty() || file_used(file_latest) > rebuilt_used(rebuilt_latest))) {
      ++file_latest;
    } else {
      ++rebuilt_latest;
    }
    if (file_latest != loaded_.end() && (rebuilt_latest == rebuilt_order_.end() ||
                                         file_used(file_latest) > rebuilt_used(rebuilt_latest))) {
      LetGoSections(file_latest);
    } else {
      DropRebuilt(rebuilt_latest);
    }
  }
}

// REQUIRES: mu_ held.
void IndexCache::LetGoSections(std::list<uint64_t>::iterator place) {
  KeptFile& kept = files_kept_.at(*place);
  kept.file = std::shared_ptr<index::IndexFile>(kept.file->WithoutSections());
  kept.loaded = loaded_.end();
  loaded_.erase(place);
}

// REQUIRES: mu_ held.
void IndexCache::DropRebuilt(std::list<uint64_t>::iterator place) {
  auto kept = rebuilt_.find(*place);
  rebuilt_bytes_ -= kept->second.bytes;
  rebuilt_.erase(kept);
  rebuilt_order_.erase(place);
}

// REQUIRES: mu_ held.
Result<std::shared_ptr<const index::IndexSummary>> IndexCache::ArchivedSummary(
    const ManifestSegment& segment) {
  Result<const crypto::Hash*> digest = SealedDigest(segment.number);
  if (!digest.ok()) return digest.status();
  // From the archive, even while a move that is not finished leaves the
  // older file too; the store's cache opens it once for all its segments.
  std::shared_ptr<tier::ArchiveFile> archive;
  size_t i = 0;
  SEALOG_RETURN_IF_ERROR(files_.OpenArchived(segment.number, &archive, &i));
  if (*digest == nullptr) return std::shared_ptr<const index::IndexSummary>();
  std::string head;
  SEALOG_RETURN_IF_ERROR(archive->ReadIndexHead(i, &head));
  if (index::IndexFile::DigestOf(head) != **digest) {
    return std::shared_ptr<const index::IndexSummary>();
  }
  index::IndexHead decoded;
  if (!index::DecodeDetachedHead(head, archive->path(), &decoded).ok()) {
    return std::shared_ptr<const index::IndexSummary>();
  }
  return std::shared_ptr<const index::IndexSummary>(
      std::make_shared<index::IndexSummary>(std::move(decoded.summary)));
}

// REQUIRES: mu_ held. Loading under the lock keeps one load per segment.
Result<SegmentIndex> IndexCache::Load(const ManifestSegment& segment) {
  Result<const crypto::Hash*> digest = SealedDigest(segment.number);
  if (!digest.ok()) return digest.status();
  const std::string name = index::IndexFileName(segment.number);
  index::IndexIdentity identity;
  identity.log_id = log_id_;
  identity.segment_number = segment.number;
  identity.first_seq = segment.first_seq;

  SegmentIndex result;
  if (segment.tier == Tier::kCold) {
    // No index file: the archive keeps only the head, whose summary says
    // the segment may match; answer from the records.
    Result<std::shared_ptr<const index::IndexSummary>> summary = ArchivedSummary(segment);
    if (!summary.ok()) return summary.status();
    Result<SegmentIndex> rebuilt = Rebuild(segment, "");
    if (!rebuilt.ok()) return rebuilt.status();
    rebuilt->warning.clear();
    rebuilt->summary = std::move(*summary);
    return rebuilt;
  }
  std::unique_ptr<io::ReadableFile> file;
  Status status = env_.NewReadableFile(dir_ + "/" + name, &file);
  if (status.ok()) {
    std::unique_ptr<index::IndexFile> opened;
    status = index::IndexFile::Open(std::move(file), dir_ + "/" + name, identity, *digest,
                                    &opened, &env_);
    if (status.ok() && opened->summary().record_count() != segment.record_count) {
      status = Status::Corruption(name + " indexes " +
                                  std::to_string(opened->summary().record_count()) +
                                  " records, the segment holds " +
                                  std::to_string(segment.record_count));
    }
    if (status.ok()) {
      result.file = std::move(opened);
      return result;
    }
  } else if (!status.IsNotFound()) {
    return status;
  }
  // Missing or untrustworthy: answer from the records themselves.
  return Rebuild(segment, status.IsNotFound() ? name + " is missing" : status.message());
}

// REQUIRES: mu_ held.
Result<const crypto::Hash*> IndexCache::SealedDigest(uint64_t number) {
  auto it = sealed_digests_.find(number);
  if (it != sealed_digests_.end()) return &it->second;
  // Seals are only ever appended: read the entries not seen yet.
  std::unique_ptr<SealLog> log;
  uint64_t torn_bytes = 0;
  Status status = SealLog::Open(env_, dir_, log_id_, /*read_only=*/true, &log, &torn_bytes);
  if (status.IsNotFound()) return nullptr;  // a store without a seal chain
  SEALOG_RETURN_IF_ERROR(status);
  const std::vector<std::string>& entries = log->entries();
  for (size_t i = std::max<size_t>(seals_read_, 1); i < entries.size(); ++i) {
    crypto::Seal seal;
    SEALOG_RETURN_IF_ERROR(crypto::DecodeSeal(entries[i], &seal));
    sealed_digests_[seal.segment_number] = seal.index_digest;
  }
  seals_read_ = std::max<size_t>(entries.size(), 1);
  it = sealed_digests_.find(number);
  return it == sealed_digests_.end() ? nullptr : &it->second;
}

Result<SegmentIndex> IndexCache::Rebuild(const ManifestSegment& segment, std::string_view why) {
  // Through the cache, as the query that asked will read the segment: a cold
  // one's archive is not found and opened again.
  std::unique_ptr<SegmentReader> reader;
  SEALOG_RETURN_IF_ERROR(files_.OpenReader(segment.number, log_id_, &reader));
  reader->Seek(reader->offset(), segment.size_bytes);
  auto index = std::make_shared<ActiveIndex>(segment.number, segment.first_seq);
  uint64_t count = 0;
  SEALOG_RETURN_IF_ERROR(ReadRecordsInOrder(
      *reader, segment.first_seq, UINT64_MAX, "cannot index",
      [&](const RecordView& record, uint64_t offset) { index->Add(record, offset); }, &count));
  if (count != segment.record_count) {
    return Status::Corruption(reader->path() + ": cannot index: holds " + std::to_string(count) +
                              " records, the MANIFEST says " +
                              std::to_string(segment.record_count) + "; run sealog verify");
  }
  SegmentIndex result;
  result.rebuilt = std::move(index);
  result.warning = "index of segment " + std::to_string(segment.number) + " not used (";
  result.warning.append(why).append("); rebuilt from its records; run sealog verify");
  return result;
}

}  // namespace sealog
