#include "engine/segment_file_cache.h"

#include <iterator>
#include <vector>

#include "engine/limits.h"
#include "engine/segment.h"

namespace sealog {

size_t SegmentFileCache::files_open() const {
  std::lock_guard<std::mutex> lock(mu_);
  return open_.size();
}

size_t SegmentFileCache::files_mapped() const {
  std::lock_guard<std::mutex> lock(mu_);
  return recent_[1].size();
}

Status SegmentFileCache::Get(uint64_t number, tier::SegmentFile* found,
                             std::optional<SegmentHeader>* header) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(number);
  if (it != open_.end()) {
    std::list<uint64_t>& recent = Recent(it->second.mapped);
    recent.splice(recent.begin(), recent, it->second.recent);
    *found = it->second.file;
    *header = it->second.header;
    return Status::Ok();
  }
  // OpenSegmentFile, but with the archives open here.
  tier::SegmentFile file;
  Status status = tier::OpenUnarchivedSegmentFile(env_, dir_, number, &file, frames_, map_hot_);
  if (status.IsNotFound()) {
    std::shared_ptr<tier::ArchiveFile> archive;
    Status archived = ArchiveHoldingLocked(number, &archive);
    if (archived.IsNotFound()) return status;  // the hot file's error: segments start hot
    SEALOG_RETURN_IF_ERROR(archived);
    status = tier::OpenSegmentInArchive(std::move(archive), number, &file);
  }
  SEALOG_RETURN_IF_ERROR(status);
  // A cold segment keeps a decoded block (up to kColdBlockBytes): fewer of
  // them stay open, the least recently used going first.
  if (file.tier == Tier::kCold && cold_open_ >= kColdSegmentFilesOpenMax) {
    const std::list<uint64_t>& described = Recent(false);  // cold files are never mapped
    for (auto old = described.rbegin(); old != described.rend(); ++old) {
      auto open = open_.find(*old);
      if (open->second.file.tier != Tier::kCold) continue;
      Close(open);
      break;
    }
  }
  const bool mapped = !file.bytes->Mapped().empty();
  std::list<uint64_t>& recent = Recent(mapped);
  if (recent.size() >= (mapped ? mapped_max_ : files_open_max_)) {
    Close(open_.find(recent.back()));
  }
  recent.push_front(number);
  open_[number] = OpenFile{file, std::nullopt, recent.begin(), mapped};
  if (file.tier == Tier::kCold) ++cold_open_;
  *found = std::move(file);
  header->reset();
  return Status::Ok();
}

// REQUIRES: mu_ held.
void SegmentFileCache::Close(std::unordered_map<uint64_t, OpenFile>::iterator it) {
  if (it->second.file.tier == Tier::kCold) --cold_open_;
  Recent(it->second.mapped).erase(it->second.recent);
  open_.erase(it);
}

Status SegmentFileCache::OpenArchived(uint64_t number, std::shared_ptr<tier::ArchiveFile>* archive,
                                      size_t* index) {
  std::lock_guard<std::mutex> lock(mu_);
  SEALOG_RETURN_IF_ERROR(ArchiveHoldingLocked(number, archive));
  return tier::IndexInArchive(**archive, number, index);
}

Status SegmentFileCache::ArchiveHoldingLocked(uint64_t number,
                                              std::shared_ptr<tier::ArchiveFile>* archive) {
  auto open = archives_.upper_bound(number);
  if (open != archives_.begin() && std::prev(open)->second->Find(number) != nullptr) {
    --open;
    recent_archives_.remove(open->first);
    recent_archives_.push_front(open->first);
    *archive = open->second;
    return Status::Ok();
  }
  // Listed again when the last listing names no archive for it (one written
  // since) or names one that is gone (deleted since, or never adopted).
  bool relisted = false;
  const auto relist = [&]() -> Status {
    std::vector<std::string> names;
    SEALOG_RETURN_IF_ERROR(env_.GetChildren(dir_, &names));
    listed_.clear();
    for (const std::string& name : names) {
      if (std::optional<tier::ArchiveRange> range = tier::ParseArchiveFileName(name)) {
        listed_[range->first] = *range;
      }
    }
    relisted = true;
    return Status::Ok();
  };
  std::optional<tier::ArchiveRange> range = ListedArchiveFor(number);
  if (!range) {
    SEALOG_RETURN_IF_ERROR(relist());
    range = ListedArchiveFor(number);
  }
  const Status none = Status::NotFound("segment " + std::to_string(number) + " is in no archive");
  if (!range) return none;
  Status status = tier::OpenArchive(env_, ArchivePath(*range), archive);
  if (status.IsNotFound() && !relisted) {
    SEALOG_RETURN_IF_ERROR(relist());
    range = ListedArchiveFor(number);
    if (!range) return none;
    status = tier::OpenArchive(env_, ArchivePath(*range), archive);
  }
  SEALOG_RETURN_IF_ERROR(status);
  // Kept to answer for the segments it holds only when they are the ones its
  // name says; a damaged one is opened again for each, as OpenSegmentFile does.
  const std::vector<tier::ArchivedSegment>& held = (*archive)->segments();
  if (held.front().number != range->first || held.back().number != range->last) {
    return Status::Ok();
  }
  if (archives_.count(range->first) == 0) {
    if (archives_.size() >= kArchivesOpenMax) {
      archives_.erase(recent_archives_.back());
      recent_archives_.pop_back();
    }
  } else {
    recent_archives_.remove(range->first);
  }
  recent_archives_.push_front(range->first);
  archives_[range->first] = *archive;
  return Status::Ok();
}

std::optional<tier::ArchiveRange> SegmentFileCache::ListedArchiveFor(uint64_t number) const {
  auto it = listed_.upper_bound(number);
  if (it == listed_.begin() || number > std::prev(it)->second.last) return std::nullopt;
  return std::prev(it)->second;
}

std::string SegmentFileCache::ArchivePath(const tier::ArchiveRange& range) const {
  return dir_ + "/" + tier::ArchiveFileName(range.first, range.last);
}

Status SegmentFileCache::OpenReader(uint64_t number, std::string_view log_id,
                                    std::unique_ptr<SegmentReader>* reader, Tier* tier) {
  {
    // Open with its header checked: a reader of it copies nothing but a
    // shared pointer and the path.
    std::lock_guard<std::mutex> lock(mu_);
    auto it = open_.find(number);
    if (it != open_.end() && it->second.header) {
      OpenFile& open = it->second;
      std::list<uint64_t>& recent = Recent(open.mapped);
      recent.splice(recent.begin(), recent, open.recent);
      if (tier != nullptr) *tier = open.file.tier;
      return SegmentReader::Open(open.file.bytes, open.file.size, open.file.path, number, log_id,
                                 reader, &*open.header);
    }
  }
  tier::SegmentFile file;
  std::optional<SegmentHeader> header;
  SEALOG_RETURN_IF_ERROR(Get(number, &file, &header));
  if (tier != nullptr) *tier = file.tier;
  SEALOG_RETURN_IF_ERROR(SegmentReader::Open(file.bytes, file.size, file.path, number, log_id,
                                             reader, header ? &*header : nullptr));
  if (!header) {
    // Checked once for every reader of this file; the same bytes while it is open.
    std::lock_guard<std::mutex> lock(mu_);
    auto it = open_.find(number);
    if (it != open_.end() && it->second.file.bytes == file.bytes) {
      it->second.header = (*reader)->header();
    }
  }
  return Status::Ok();
}

}  // namespace sealog
