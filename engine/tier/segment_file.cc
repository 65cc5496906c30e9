#include "engine/tier/segment_file.h"

#include "engine/segment.h"
#include "engine/tier/warm_file.h"

namespace sealog::tier {

Status OpenSegmentFile(io::Env& env, const std::string& dir, uint64_t number, SegmentFile* out) {
  std::unique_ptr<io::ReadableFile> file;
  out->path = dir + "/" + SegmentFileName(number);
  Status status = env.NewReadableFile(out->path, &file);
  if (status.ok()) {
    Result<uint64_t> size = file->Size();
    if (!size.ok()) return size.status();
    out->bytes = std::move(file);
    out->size = out->stored_bytes = *size;
    out->tier = Tier::kHot;
    return Status::Ok();
  }
  if (!status.IsNotFound()) return status;
  const std::string warm_path = dir + "/" + WarmFileName(number);
  Status warm = env.NewReadableFile(warm_path, &file);
  if (warm.IsNotFound()) return status;  // the hot file's error: segments start hot
  if (!warm.ok()) return warm;
  Result<uint64_t> size = file->Size();
  if (!size.ok()) return size.status();
  WarmHeader header;
  SEALOG_RETURN_IF_ERROR(OpenWarmFile(std::move(file), *size, warm_path, &out->bytes, &header));
  out->path = warm_path;
  out->size = header.size;
  out->stored_bytes = *size;
  out->tier = Tier::kWarm;
  return Status::Ok();
}

Result<uint64_t> StoredBytes(io::Env& env, const std::string& dir, uint64_t number, Tier tier) {
  const std::string name = tier == Tier::kWarm ? WarmFileName(number) : SegmentFileName(number);
  std::unique_ptr<io::ReadableFile> file;
  SEALOG_RETURN_IF_ERROR(env.NewReadableFile(dir + "/" + name, &file));
  return file->Size();
}

}  // namespace sealog::tier
