#include "engine/io/env.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace sealog::io {

namespace {

class StringFile final : public ReadableFile {
 public:
  explicit StringFile(std::string bytes) : bytes_(std::move(bytes)) {}
  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override {
    const size_t length =
        offset >= bytes_.size() ? 0 : static_cast<size_t>(std::min<uint64_t>(n, bytes_.size() - offset));
    if (length > 0) std::memcpy(scratch, bytes_.data() + offset, length);
    *result = std::string_view(scratch, length);
    return Status::Ok();
  }
  Result<uint64_t> Size() const override { return uint64_t{bytes_.size()}; }

 private:
  const std::string bytes_;
};

}  // namespace

std::unique_ptr<ReadableFile> NewStringFile(std::string bytes) {
  return std::make_unique<StringFile>(std::move(bytes));
}

Status ReadFileToString(Env& env, const std::string& path, std::string* contents) {
  contents->clear();
  std::unique_ptr<ReadableFile> file;
  SEALOG_RETURN_IF_ERROR(env.NewReadableFile(path, &file));
  // Read until a short read rather than trusting Size(): the file may change
  // between the two calls, and a short read is the only end-of-file signal.
  constexpr size_t kChunkSize = 64 * 1024;
  std::string chunk(kChunkSize, '\0');
  for (;;) {
    std::string_view result;
    SEALOG_RETURN_IF_ERROR(file->Read(contents->size(), kChunkSize, chunk.data(), &result));
    contents->append(result);
    if (result.size() < kChunkSize) return Status::Ok();
  }
}

Status WriteFileAtomically(Env& env, const std::string& dir, const std::string& name,
                           std::string_view contents, bool owner_only) {
  const std::string path = dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
  const std::string tmp_path = path + ".tmp";
  Status status = [&]() -> Status {
    std::unique_ptr<WritableFile> file;
    WritableFileOptions options;
    options.truncate = true;
    options.owner_only = owner_only;
    SEALOG_RETURN_IF_ERROR(env.NewWritableFile(tmp_path, options, &file));
    SEALOG_RETURN_IF_ERROR(file->Write(0, contents));
    return file->Sync();
  }();
  if (!status.ok()) {
    // The old file is untouched; the temporary is garbage whatever it holds.
    env.RemoveFile(tmp_path);  // Best effort: the error that matters is status.
    return status;
  }
  SEALOG_RETURN_IF_ERROR(env.RenameFile(tmp_path, path));
  return env.SyncDir(dir.empty() ? "." : dir);
}

}  // namespace sealog::io
