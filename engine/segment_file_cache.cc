#include "engine/segment_file_cache.h"

#include "engine/limits.h"
#include "engine/segment.h"

namespace sealog {

Result<SegmentFileCache::Entry> SegmentFileCache::Get(uint64_t number) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(number);
  if (it != open_.end()) {
    recent_.remove(number);
    recent_.push_front(number);
    return it->second;
  }
  std::unique_ptr<io::ReadableFile> file;
  SEALOG_RETURN_IF_ERROR(env_.NewReadableFile(dir_ + "/" + SegmentFileName(number), &file));
  Result<uint64_t> size = file->Size();
  if (!size.ok()) return size.status();
  if (open_.size() >= kSegmentFilesOpenMax) {
    open_.erase(recent_.back());
    recent_.pop_back();
  }
  Entry entry{std::shared_ptr<io::ReadableFile>(std::move(file)), *size};
  open_[number] = entry;
  recent_.push_front(number);
  return entry;
}

Status SegmentFileCache::OpenReader(uint64_t number, std::string_view log_id,
                                    std::unique_ptr<SegmentReader>* reader) {
  Result<Entry> entry = Get(number);
  if (!entry.ok()) return entry.status();
  return SegmentReader::Open(entry->file, entry->size, dir_ + "/" + SegmentFileName(number),
                             number, log_id, reader);
}

}  // namespace sealog
