// The io_uring WritableFile, used for segment appends when
// WritableFileOptions::use_io_uring is set. The only file that includes liburing.
#ifndef SEALOG_ENGINE_IO_URING_FILE_H_
#define SEALOG_ENGINE_IO_URING_FILE_H_

#include <memory>
#include <string>

#include "engine/io/env.h"

namespace sealog::io {

struct UringFileOptions {
  // Submission queue entries. A file has at most two operations in flight
  // (a write and its linked sync), so a small ring is plenty.
  unsigned queue_depth = 8;
  // For tests: behave as if the kernel refused io_uring (ENOSYS, EPERM,
  // seccomp, io_uring_disabled), exercising the fallback.
  bool simulate_unavailable = false;
};

// Returns a WritableFile over fd (taking ownership of it) whose writes and
// syncs go through a private io_uring. When the ring cannot be set up, returns
// the pwrite implementation instead, silently: uses_io_uring() tells which.
// path is used in error messages only. The file is not thread safe.
std::unique_ptr<WritableFile> NewUringWritableFile(int fd, std::string path,
                                                   const UringFileOptions& options = {});

}  // namespace sealog::io

#endif  // SEALOG_ENGINE_IO_URING_FILE_H_
