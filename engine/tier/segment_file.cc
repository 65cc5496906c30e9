#include "engine/tier/segment_file.h"

#include "engine/segment.h"
#include "engine/tier/warm_file.h"

namespace sealog::tier {

namespace {

// Segment N from the archive that holds it; `not_found` when none does.
Status OpenArchived(io::Env& env, const std::string& dir, uint64_t number, const Status& not_found,
                    SegmentFile* out) {
  Result<std::optional<std::string>> path = FindArchiveFor(env, dir, number);
  if (!path.ok()) return path.status();
  if (!path->has_value()) return not_found;  // the hot file's error: segments start hot
  std::shared_ptr<ArchiveFile> archive;
  SEALOG_RETURN_IF_ERROR(OpenArchive(env, **path, &archive));
  return OpenSegmentInArchive(std::move(archive), number, out);
}

}  // namespace

uint64_t ArchivedBytes(const ArchiveFile& archive, size_t i) {
  const ArchivedSegment& segment = archive.segments()[i];
  uint64_t bytes = segment.index_head_bytes;
  for (const ArchiveBlock& block : segment.blocks) bytes += block.compressed_bytes;
  return bytes;
}

Status IndexInArchive(const ArchiveFile& archive, uint64_t number, size_t* index) {
  if (archive.Find(number) == nullptr) {
    return Status::Corruption(archive.path() + ": does not hold segment " +
                              std::to_string(number) + " though its name says so");
  }
  *index = static_cast<size_t>(number - archive.segments().front().number);
  return Status::Ok();
}

Status OpenSegmentInArchive(std::shared_ptr<ArchiveFile> archive, uint64_t number,
                            SegmentFile* out) {
  size_t i = 0;
  SEALOG_RETURN_IF_ERROR(IndexInArchive(*archive, number, &i));
  out->bytes = archive->SegmentBytes(i);
  out->size = archive->segments()[i].size;
  out->path = archive->path();
  out->tier = Tier::kCold;
  out->stored_bytes = ArchivedBytes(*archive, i);
  out->archive = std::move(archive);
  out->archive_index = i;
  return Status::Ok();
}

Status OpenSegmentFile(io::Env& env, const std::string& dir, uint64_t number, SegmentFile* out) {
  Status status = OpenUnarchivedSegmentFile(env, dir, number, out);
  if (!status.IsNotFound()) return status;
  return OpenArchived(env, dir, number, status, out);
}

Status OpenUnarchivedSegmentFile(io::Env& env, const std::string& dir, uint64_t number,
                                 SegmentFile* out, std::shared_ptr<FrameCache> frames,
                                 bool map) {
  std::unique_ptr<io::ReadableFile> file;
  out->path = dir + "/" + SegmentFileName(number);
  Status status =
      map ? env.NewMappedFile(out->path, &file) : env.NewReadableFile(out->path, &file);
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
  if (warm.IsNotFound()) return status;
  if (!warm.ok()) return warm;
  Result<uint64_t> size = file->Size();
  if (!size.ok()) return size.status();
  WarmHeader header;
  SEALOG_RETURN_IF_ERROR(
      OpenWarmFile(std::move(file), *size, warm_path, &out->bytes, &header, std::move(frames)));
  out->path = warm_path;
  out->size = header.size;
  out->stored_bytes = *size;
  out->tier = Tier::kWarm;
  return Status::Ok();
}

Result<uint64_t> StoredBytes(io::Env& env, const std::string& dir, uint64_t number, Tier tier) {
  if (tier == Tier::kCold) {
    SegmentFile file;
    SEALOG_RETURN_IF_ERROR(OpenArchived(env, dir, number, Status::NotFound("segment " + std::to_string(number) + " is in no archive"), &file));
    return file.stored_bytes;
  }
  const std::string name = tier == Tier::kWarm ? WarmFileName(number) : SegmentFileName(number);
  std::unique_ptr<io::ReadableFile> file;
  SEALOG_RETURN_IF_ERROR(env.NewReadableFile(dir + "/" + name, &file));
  return file->Size();
}

}  // namespace sealog::tier
