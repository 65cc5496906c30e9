// CountingEnv: the POSIX Env, counting what the store's caches are meant to
// save: directory listings, files opened and read (by the suffix of their
// name: ".seg", ".idx", ".wrm", ".arc"), and the files open now. Its
// descriptor limit (OpenFilesMax) is whatever a test sets.
#ifndef SEALOG_TESTS_ENGINE_COUNTING_ENV_H_
#define SEALOG_TESTS_ENGINE_COUNTING_ENV_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/env.h"

namespace sealog::testing {

class CountingEnv final : public io::Env {
 public:
  Status NewReadableFile(const std::string& path,
                         std::unique_ptr<io::ReadableFile>* file) override;
  // Maps the file when `map` is set (counted as NewReadableFile counts);
  // otherwise opens it as NewReadableFile does.
  Status NewMappedFile(const std::string& path, std::unique_ptr<io::ReadableFile>* file) override;
  Status NewWritableFile(const std::string& path, const io::WritableFileOptions& options,
                         std::unique_ptr<io::WritableFile>* file) override {
    return base_->NewWritableFile(path, options, file);
  }
  bool FileExists(const std::string& path) override { return base_->FileExists(path); }
  Status GetChildren(const std::string& dir, std::vector<std::string>* names) override {
    ++listings;
    return base_->GetChildren(dir, names);
  }
  Status RemoveFile(const std::string& path) override { return base_->RemoveFile(path); }
  Status RenameFile(const std::string& from, const std::string& to) override {
    return base_->RenameFile(from, to);
  }
  Status CreateDir(const std::string& dir) override { return base_->CreateDir(dir); }
  Status SyncDir(const std::string& dir) override { return base_->SyncDir(dir); }
  Status LockFile(const std::string& path, std::unique_ptr<io::FileLock>* lock) override {
    return base_->LockFile(path, lock);
  }
  int64_t NowNanos() override { return base_->NowNanos(); }
  uint64_t MonotonicNanos() override { return base_->MonotonicNanos(); }
  Status RandomBytes(void* buf, size_t n) override { return base_->RandomBytes(buf, n); }
  uint64_t OpenFilesMax() override { return open_files_max; }

  // Files whose name ends with `suffix` opened for reading since the last
  // Reset, read since (reads, and bytes read), and open now.
  int Opens(std::string_view suffix) const { return static_cast<int>(Get(opens_, suffix)); }
  int Reads(std::string_view suffix) const { return static_cast<int>(Get(reads_, suffix)); }
  int64_t ReadBytes(std::string_view suffix) const { return Get(read_bytes_, suffix); }
  int OpenNow(std::string_view suffix) const { return static_cast<int>(Get(open_now_, suffix)); }
  void Reset();

  std::atomic<int> listings{0};
  uint64_t open_files_max = UINT64_MAX;
  bool map = false;

 private:
  class CountedFile;
  // Wraps a file just opened at `path`, counting it.
  void Count(const std::string& path, std::unique_ptr<io::ReadableFile>* file);
  int64_t Get(const std::map<std::string, int64_t>& counts, std::string_view suffix) const;
  void Add(std::map<std::string, int64_t>& counts, const std::string& suffix, int64_t n);

  std::shared_ptr<io::Env> base_ = io::NewPosixEnv();
  mutable std::mutex mu_;
  std::map<std::string, int64_t> opens_;
  std::map<std::string, int64_t> reads_;
  std::map<std::string, int64_t> read_bytes_;
  std::map<std::string, int64_t> open_now_;
};

}  // namespace sealog::testing

#endif  // SEALOG_TESTS_ENGINE_COUNTING_ENV_H_
