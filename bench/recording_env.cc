#include "bench/recording_env.h"

#include <utility>

namespace sealog::bench {
namespace {

// Forwards to the wrapped file and reports each write and sync to the Env.
// WriteAndSync is forwarded as one call so that io_uring still links the
// write and its sync.
class RecordingFile final : public io::WritableFile {
 public:
  RecordingFile(std::unique_ptr<io::WritableFile> base, RecordingEnv* env)
      : base_(std::move(base)), env_(env) {}

  Status Write(uint64_t offset, std::string_view data) override {
    env_->Record({data.size(), false});
    return base_->Write(offset, data);
  }
  Status Sync() override {
    env_->Record({0, true});
    return base_->Sync();
  }
  Status WriteAndSync(uint64_t offset, std::string_view data, bool sync) override {
    env_->Record({data.size(), sync});
    return base_->WriteAndSync(offset, data, sync);
  }
  Status Allocate(uint64_t offset, uint64_t length) override {
    return base_->Allocate(offset, length);
  }
  Status Truncate(uint64_t size) override { return base_->Truncate(size); }
  Result<uint64_t> Size() const override { return base_->Size(); }
  bool uses_io_uring() const override { return base_->uses_io_uring(); }

 private:
  const std::unique_ptr<io::WritableFile> base_;
  RecordingEnv* const env_;
};

}  // namespace

RecordingEnv::RecordingEnv(std::shared_ptr<io::Env> base) : base_(std::move(base)) {}
RecordingEnv::~RecordingEnv() = default;

WriteTrace RecordingEnv::trace() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return trace_;
}

void RecordingEnv::Reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  trace_ = WriteTrace();
}

void RecordingEnv::Record(WriteOp op) {
  std::lock_guard<std::mutex> lock(mutex_);
  trace_.ops.push_back(op);
  trace_.bytes += op.bytes;
  if (op.bytes > 0) ++trace_.writes;
  if (op.sync) ++trace_.syncs;
}

Status RecordingEnv::NewReadableFile(const std::string& path,
                                     std::unique_ptr<io::ReadableFile>* file) {
  return base_->NewReadableFile(path, file);
}

Status RecordingEnv::NewWritableFile(const std::string& path,
                                     const io::WritableFileOptions& options,
                                     std::unique_ptr<io::WritableFile>* file) {
  std::unique_ptr<io::WritableFile> base_file;
  SEALOG_RETURN_IF_ERROR(base_->NewWritableFile(path, options, &base_file));
  *file = std::make_unique<RecordingFile>(std::move(base_file), this);
  return Status::Ok();
}

bool RecordingEnv::FileExists(const std::string& path) { return base_->FileExists(path); }
Status RecordingEnv::GetChildren(const std::string& dir, std::vector<std::string>* names) {
  return base_->GetChildren(dir, names);
}
Status RecordingEnv::RemoveFile(const std::string& path) { return base_->RemoveFile(path); }
Status RecordingEnv::RenameFile(const std::string& from, const std::string& to) {
  return base_->RenameFile(from, to);
}
Status RecordingEnv::CreateDir(const std::string& dir) { return base_->CreateDir(dir); }
Status RecordingEnv::SyncDir(const std::string& dir) { return base_->SyncDir(dir); }
Status RecordingEnv::LockFile(const std::string& path, std::unique_ptr<io::FileLock>* lock) {
  return base_->LockFile(path, lock);
}
int64_t RecordingEnv::NowNanos() { return base_->NowNanos(); }
uint64_t RecordingEnv::MonotonicNanos() { return base_->MonotonicNanos(); }
Status RecordingEnv::RandomBytes(void* buf, size_t n) { return base_->RandomBytes(buf, n); }

}  // namespace sealog::bench
