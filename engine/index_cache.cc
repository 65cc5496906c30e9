#include "engine/index_cache.h"

#include "crypto/seal.h"
#include "engine/limits.h"
#include "engine/seal_log.h"
#include "engine/segment.h"
#include "engine/segment_reader.h"
#include "index/index_head.h"

namespace sealog {

IndexCache::IndexCache(io::Env& env, std::string dir, std::string log_id, SegmentFileCache& files)
    : env_(env), dir_(std::move(dir)), log_id_(std::move(log_id)), files_(files) {}

Result<std::optional<index::IndexSummary>> IndexCache::Summary(const ManifestSegment& segment) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = summaries_.find(segment.number);
    if (it != summaries_.end()) return it->second;
    if (segment.tier == Tier::kCold) {
      Result<std::optional<index::IndexSummary>> summary = ArchivedSummary(segment);
      if (!summary.ok()) return summary.status();
      summaries_[segment.number] = *summary;
      return summary;
    }
  }
  Result<SegmentIndex> loaded = Get(segment);
  if (!loaded.ok()) return loaded.status();
  std::lock_guard<std::mutex> lock(mu_);
  return summaries_[segment.number];
}

Result<SegmentIndex> IndexCache::Get(const ManifestSegment& segment) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(segment.number);
  if (it != open_.end()) {
    recent_.remove(segment.number);
    recent_.push_front(segment.number);
    return it->second;
  }
  Result<SegmentIndex> loaded = Load(segment);
  if (!loaded.ok()) return loaded.status();
  Remember(segment.number, *loaded);
  return loaded;
}

Result<SegmentIndex> IndexCache::Distrust(const ManifestSegment& segment, const Status& why) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<SegmentIndex> rebuilt = Rebuild(segment, why.message());
  if (!rebuilt.ok()) return rebuilt.status();
  Remember(segment.number, *rebuilt);
  return rebuilt;
}

// REQUIRES: mu_ held.
void IndexCache::Remember(uint64_t number, const SegmentIndex& index) {
  if (open_.count(number) == 0) {
    if (open_.size() >= kIndexFilesOpenMax) {
      open_.erase(recent_.back());
      recent_.pop_back();
    }
    recent_.push_front(number);
  }
  open_[number] = index;
  summaries_[number] =
      index.file ? std::optional<index::IndexSummary>(index.file->summary()) : index.summary;
}

// REQUIRES: mu_ held.
Result<std::optional<index::IndexSummary>> IndexCache::ArchivedSummary(
    const ManifestSegment& segment) {
  Result<const crypto::Hash*> digest = SealedDigest(segment.number);
  if (!digest.ok()) return digest.status();
  // From the archive, even while a move that is not finished leaves the
  // older file too; the store's cache opens it once for all its segments.
  std::shared_ptr<tier::ArchiveFile> archive;
  size_t i = 0;
  SEALOG_RETURN_IF_ERROR(files_.OpenArchived(segment.number, &archive, &i));
  if (*digest == nullptr) return std::optional<index::IndexSummary>();
  std::string head;
  SEALOG_RETURN_IF_ERROR(archive->ReadIndexHead(i, &head));
  if (index::IndexFile::DigestOf(head) != **digest) return std::optional<index::IndexSummary>();
  index::IndexHead decoded;
  if (!index::DecodeDetachedHead(head, archive->path(), &decoded).ok()) {
    return std::optional<index::IndexSummary>();
  }
  return std::optional<index::IndexSummary>(std::move(decoded.summary));
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
    Result<std::optional<index::IndexSummary>> summary = ArchivedSummary(segment);
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
                                    &opened);
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
