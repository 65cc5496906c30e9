// RecordingEnv: an Env that forwards everything and records the write pattern.
//
// The append benchmark runs the store over it to learn what group commit did
// (how many bytes per fdatasync) and to replay that very pattern with plain
// pwrite + fdatasync as a raw baseline. It adds one virtual call and one
// uncontended mutex per write, which is small next to a write system call.
#ifndef SEALOG_BENCH_RECORDING_ENV_H_
#define SEALOG_BENCH_RECORDING_ENV_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/io/env.h"

namespace sealog::bench {

// One write or sync as a WritableFile saw it, in call order.
struct WriteOp {
  uint64_t bytes = 0;  // 0 for a bare Sync
  bool sync = false;   // a Sync, or a WriteAndSync with sync
};

struct WriteTrace {
  std::vector<WriteOp> ops;
  uint64_t bytes = 0;
  uint64_t writes = 0;
  uint64_t syncs = 0;
};

// Thread safe, like the Env it wraps.
class RecordingEnv final : public io::Env {
 public:
  explicit RecordingEnv(std::shared_ptr<io::Env> base);
  ~RecordingEnv() override;

  // Everything recorded so far; Reset forgets it.
  WriteTrace trace() const;
  void Reset();
  // Called by the files this Env opened.
  void Record(WriteOp op);

  Status NewReadableFile(const std::string& path, std::unique_ptr<io::ReadableFile>* file) override;
  Status NewWritableFile(const std::string& path, const io::WritableFileOptions& options,
                         std::unique_ptr<io::WritableFile>* file) override;
  bool FileExists(const std::string& path) override;
  Status GetChildren(const std::string& dir, std::vector<std::string>* names) override;
  Status RemoveFile(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status CreateDir(const std::string& dir) override;
  Status SyncDir(const std::string& dir) override;
  Status LockFile(const std::string& path, std::unique_ptr<io::FileLock>* lock) override;
  int64_t NowNanos() override;
  uint64_t MonotonicNanos() override;
  Status RandomBytes(void* buf, size_t n) override;

 private:
  const std::shared_ptr<io::Env> base_;
  mutable std::mutex mutex_;
  WriteTrace trace_;  // guarded by mutex_
};

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_RECORDING_ENV_H_
