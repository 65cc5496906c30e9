// Pieces of the POSIX Env shared with the io_uring file (uring_file.h).
#ifndef SEALOG_ENGINE_IO_POSIX_ENV_H_
#define SEALOG_ENGINE_IO_POSIX_ENV_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/io/env.h"

namespace sealog::io {

// The Status for a failed system call: NoSpace for ENOSPC, NotFound for
// ENOENT, IOError otherwise. The message reads "<context>: <strerror>", e.g.
// "write /a/b.seg at offset 4096: No space left on device".
Status PosixError(std::string_view context, int error_number);

// "<op> <path> at offset <offset>", the context of an error at a file offset.
std::string AtOffset(std::string_view op, const std::string& path, uint64_t offset);

// A WritableFile over a file descriptor it owns: pwrite (looping over short
// writes and EINTR), fdatasync, fallocate, ftruncate, fstat. Not thread safe.
class PosixWritableFile final : public WritableFile {
 public:
  // Takes ownership of fd; path is used in error messages only.
  PosixWritableFile(int fd, std::string path);
  ~PosixWritableFile() override;
  PosixWritableFile(const PosixWritableFile&) = delete;
  PosixWritableFile& operator=(const PosixWritableFile&) = delete;

  Status Write(uint64_t offset, std::string_view data) override;
  Status Sync() override;
  Status Allocate(uint64_t offset, uint64_t length) override;
  Status Truncate(uint64_t size) override;
  Result<uint64_t> Size() const override;

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

 private:
  const int fd_;
  const std::string path_;
};

}  // namespace sealog::io

#endif  // SEALOG_ENGINE_IO_POSIX_ENV_H_
