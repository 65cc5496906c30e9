#include "bench/raw_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace sealog::bench {
namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::IOError(what + " " + path + ": " + std::strerror(errno));
}

// pwrite of all of [data, data + size) at offset, looping over short writes.
Status WriteFully(int fd, const char* data, size_t size, uint64_t offset, const std::string& path) {
  while (size > 0) {
    const ssize_t written = pwrite(fd, data, size, static_cast<off_t>(offset));
    if (written < 0) {
      if (errno == EINTR) continue;
      return Errno("pwrite", path);
    }
    data += written;
    size -= static_cast<size_t>(written);
    offset += static_cast<uint64_t>(written);
  }
  return Status::Ok();
}

// Runs the plan on an open fd; the caller closes it.
Result<RawRun> RunPlan(int fd, const std::string& path, std::string_view data,
                       const std::vector<WriteOp>& plan) {
  RawRun run;
  uint64_t offset = 0;
  size_t source = 0;  // next byte of data to write
  const auto start = std::chrono::steady_clock::now();
  for (const WriteOp& op : plan) {
    uint64_t remaining = op.bytes;
    while (remaining > 0) {
      const size_t chunk = static_cast<size_t>(std::min<uint64_t>(remaining, data.size() - source));
      SEALOG_RETURN_IF_ERROR(WriteFully(fd, data.data() + source, chunk, offset, path));
      offset += chunk;
      remaining -= chunk;
      source = (source + chunk) % data.size();
    }
    if (op.sync) {
      if (fdatasync(fd) != 0) return Errno("fdatasync", path);
      ++run.syncs;
    }
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.bytes = offset;
  return run;
}

}  // namespace

std::vector<WriteOp> SequentialPlan(uint64_t total_bytes, uint64_t batch_bytes) {
  assert(batch_bytes > 0);
  std::vector<WriteOp> plan;
  plan.reserve(total_bytes / batch_bytes + 1);
  for (uint64_t done = 0; done < total_bytes; done += batch_bytes) {
    plan.push_back({std::min(batch_bytes, total_bytes - done), true});
  }
  return plan;
}

Result<RawRun> RunRawWrites(const std::string& path, std::string_view data,
                            const std::vector<WriteOp>& plan) {
  assert(!data.empty());
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("open", path);
  Result<RawRun> run = RunPlan(fd, path, data, plan);
  if (close(fd) != 0 && run.ok()) return Errno("close", path);
  return run;
}

}  // namespace sealog::bench
