#include "engine/segment_file_cache.h"

#include "engine/limits.h"
#include "engine/segment.h"

namespace sealog {

Result<tier::SegmentFile> SegmentFileCache::Get(uint64_t number) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(number);
  if (it != open_.end()) {
    recent_.remove(number);
    recent_.push_front(number);
    return it->second;
  }
  tier::SegmentFile file;
  SEALOG_RETURN_IF_ERROR(tier::OpenSegmentFile(env_, dir_, number, &file));
  // A cold segment keeps a decoded block (up to kColdBlockBytes): fewer of
  // them stay open, the least recently used going first.
  const auto cold_open = [&] {
    size_t n = 0;
    for (const auto& [unused, open] : open_) n += open.tier == Tier::kCold ? 1 : 0;
    return n;
  };
  if (file.tier == Tier::kCold && cold_open() >= kColdSegmentFilesOpenMax) {
    for (auto it = recent_.rbegin(); it != recent_.rend(); ++it) {
      if (open_.at(*it).tier != Tier::kCold) continue;
      open_.erase(*it);
      recent_.erase(std::next(it).base());
      break;
    }
  }
  if (open_.size() >= kSegmentFilesOpenMax) {
    open_.erase(recent_.back());
    recent_.pop_back();
  }
  open_[number] = file;
  recent_.push_front(number);
  return file;
}

Status SegmentFileCache::OpenReader(uint64_t number, std::string_view log_id,
                                    std::unique_ptr<SegmentReader>* reader, Tier* tier) {
  Result<tier::SegmentFile> file = Get(number);
  if (!file.ok()) return file.status();
  if (tier != nullptr) *tier = file->tier;
  return SegmentReader::Open(file->bytes, file->size, file->path, number, log_id, reader);
}

}  // namespace sealog
