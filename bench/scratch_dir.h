// ScratchDir: a new directory for a benchmark's stores, removed on destruction.
#ifndef SEALOG_BENCH_SCRATCH_DIR_H_
#define SEALOG_BENCH_SCRATCH_DIR_H_

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

namespace sealog::bench {

// Removes a run's files; a failure only costs disk space.
inline void RemoveTree(const std::string& path) {
  std::error_code error;
  std::filesystem::remove_all(path, error);
}

// The bytes of the regular files under path; what cannot be read counts 0.
inline uint64_t DirectoryBytes(const std::string& path) {
  uint64_t bytes = 0;
  std::error_code error;
  for (std::filesystem::recursive_directory_iterator it(path, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file(error)) bytes += it->file_size(error);
  }
  return bytes;
}

class ScratchDir {
 public:
  // A new directory "sealog-bench-XXXXXX" under root; ok() is false when it
  // could not be made.
  explicit ScratchDir(const std::string& root) {
    std::string pattern = (std::filesystem::path(root) / "sealog-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    if (!path_.empty()) RemoveTree(path_);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  bool ok() const { return !path_.empty(); }
  std::string Child(const std::string& name) const {
    return (std::filesystem::path(path_) / name).string();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_SCRATCH_DIR_H_
