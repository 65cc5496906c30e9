// Appends through io_uring: a write and the fdatasync that makes it durable
// go to the kernel in one system call, the sync linked after the write
// (IOSQE_IO_LINK) so it starts only when the write has completed in full.
#include "engine/io/uring_file.h"

#include <liburing.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "engine/io/posix_env.h"

namespace sealog::io {
namespace {

// user_data of the two kinds of request; CQEs are matched by it, not by order.
constexpr uint64_t kWriteTag = 1;
constexpr uint64_t kSyncTag = 2;
// A write SQE's length is 32 bits; larger writes go in several SQEs.
constexpr size_t kWriteBytesMax = size_t{1} << 30;

// Sets up a ring on which writes and fsyncs are supported; false when the
// kernel refuses (ENOSYS, EPERM, seccomp, io_uring_disabled, old kernel).
bool InitRing(unsigned queue_depth, io_uring* ring) {
  if (io_uring_queue_init(queue_depth, ring, 0) != 0) return false;
  io_uring_probe* probe = io_uring_get_probe_ring(ring);
  const bool supported = probe != nullptr && io_uring_opcode_supported(probe, IORING_OP_WRITE) &&
                         io_uring_opcode_supported(probe, IORING_OP_FSYNC);
  if (probe != nullptr) io_uring_free_probe(probe);
  if (!supported) io_uring_queue_exit(ring);
  return supported;
}

class UringWritableFile final : public WritableFile {
 public:
  // Takes ownership of fd and of an initialized ring.
  UringWritableFile(int fd, std::string path, std::unique_ptr<io_uring> ring)
      : posix_(fd, std::move(path)), ring_(std::move(ring)) {}
  ~UringWritableFile() override { io_uring_queue_exit(ring_.get()); }
  UringWritableFile(const UringWritableFile&) = delete;
  UringWritableFile& operator=(const UringWritableFile&) = delete;

  Status Write(uint64_t offset, std::string_view data) override {
    return WriteAndSync(offset, data, /*sync=*/false);
  }
  Status Sync() override;
  Status WriteAndSync(uint64_t offset, std::string_view data, bool sync) override;

  // Rare calls, not on the append path: plain system calls.
  Status Allocate(uint64_t offset, uint64_t length) override {
    return posix_.Allocate(offset, length);
  }
  Status Truncate(uint64_t size) override { return posix_.Truncate(size); }
  Result<uint64_t> Size() const override { return posix_.Size(); }
  bool uses_io_uring() const override { return true; }

 private:
  struct Completions {
    int write_result = 0;
    int sync_result = 0;
  };

  void PrepareSync(io_uring_sqe* sqe) {
    io_uring_prep_fsync(sqe, posix_.fd(), IORING_FSYNC_DATASYNC);
    io_uring_sqe_set_data64(sqe, kSyncTag);
  }
  // Submits the prepared SQEs and waits for `count` CQEs, sorting their
  // results by user_data. Fails only when the ring itself fails.
  Status SubmitAndReap(unsigned count, Completions* completions);
  Status SubmitAndReapOnce(unsigned count, Completions* completions);

  // At most two SQEs are in flight and all are reaped before returning, so
  // the ring never runs out of SQEs.
  io_uring_sqe* GetSqe() {
    io_uring_sqe* sqe = io_uring_get_sqe(ring_.get());
    assert(sqe != nullptr);
    return sqe;
  }

  PosixWritableFile posix_;  // Owns the fd; Allocate, Truncate, Size.
  const std::unique_ptr<io_uring> ring_;
  // Set when submitting or reaping fails: SQEs or CQEs of that call may be left
  // in the ring, so it is not used again.
  Status ring_error_;
};

Status UringWritableFile::SubmitAndReap(unsigned count, Completions* completions) {
  Status status = SubmitAndReapOnce(count, completions);
  if (!status.ok()) ring_error_ = status;
  return status;
}

Status UringWritableFile::SubmitAndReapOnce(unsigned count, Completions* completions) {
  int submitted;
  do {
    // -EINTR means nothing was submitted (the kernel reports the number
    // submitted when it got that far); the SQEs stay queued for the retry.
    submitted = io_uring_submit_and_wait(ring_.get(), count);
  } while (submitted == -EINTR);
  if (submitted < 0) return PosixError("io_uring submit " + posix_.path(), -submitted);
  for (unsigned reaped = 0; reaped < count; ++reaped) {
    io_uring_cqe* cqe = nullptr;
    int result;
    do {
      result = io_uring_wait_cqe(ring_.get(), &cqe);
    } while (result == -EINTR);
    // Waiting fails only on a broken ring (EINTR is retried above).
    if (result != 0) return PosixError("io_uring wait " + posix_.path(), -result);
    const uint64_t tag = io_uring_cqe_get_data64(cqe);
    assert(tag == kWriteTag || tag == kSyncTag);
    (tag == kWriteTag ? completions->write_result : completions->sync_result) = cqe->res;
    io_uring_cqe_seen(ring_.get(), cqe);
  }
  return Status::Ok();
}

Status UringWritableFile::Sync() {
  SEALOG_RETURN_IF_ERROR(ring_error_);
  PrepareSync(GetSqe());
  Completions completions;
  SEALOG_RETURN_IF_ERROR(SubmitAndReap(1, &completions));
  if (completions.sync_result < 0) {
    return PosixError("sync " + posix_.path(), -completions.sync_result);
  }
  return Status::Ok();
}

Status UringWritableFile::WriteAndSync(uint64_t offset, std::string_view data, bool sync) {
  SEALOG_RETURN_IF_ERROR(ring_error_);
  while (!data.empty()) {
    const size_t length = std::min(data.size(), kWriteBytesMax);
    // The sync goes with the SQE that writes the last byte; a write that the
    // kernel completes short breaks the link and cancels the sync, which is
    // then submitted again after the remainder.
    const bool linked_sync = sync && length == data.size();
    io_uring_sqe* write = GetSqe();
    io_uring_prep_write(write, posix_.fd(), data.data(), static_cast<unsigned>(length), offset);
    io_uring_sqe_set_data64(write, kWriteTag);
    if (linked_sync) {
      write->flags |= IOSQE_IO_LINK;
      PrepareSync(GetSqe());
    }
    Completions completions;
    SEALOG_RETURN_IF_ERROR(SubmitAndReap(linked_sync ? 2 : 1, &completions));

    if (completions.write_result < 0) {
      // The linked sync, if any, was cancelled (-ECANCELED) and never ran.
      return PosixError(AtOffset("write", posix_.path(), offset), -completions.write_result);
    }
    if (completions.write_result == 0) {
      return Status::IOError(AtOffset("write", posix_.path(), offset) + ": no progress");
    }
    // A sync that ran and failed is final, even after a short write: never
    // retried, since the kernel may have dropped the pages it failed to write.
    if (linked_sync && completions.sync_result < 0 && completions.sync_result != -ECANCELED) {
      return PosixError("sync " + posix_.path(), -completions.sync_result);
    }
    const size_t written = static_cast<size_t>(completions.write_result);
    data.remove_prefix(written);
    offset += written;
    if (linked_sync && data.empty()) {
      // The write was complete, so the link held and the sync ran.
      if (completions.sync_result == -ECANCELED) {
        return Status::IOError("sync " + posix_.path() + ": cancelled after a complete write");
      }
      return Status::Ok();
    }
  }
  return sync ? Sync() : Status::Ok();
}

}  // namespace

std::unique_ptr<WritableFile> NewUringWritableFile(int fd, std::string path,
                                                   const UringFileOptions& options) {
  auto ring = std::make_unique<io_uring>();
  if (options.simulate_unavailable || !InitRing(options.queue_depth, ring.get())) {
    return std::make_unique<PosixWritableFile>(fd, std::move(path));
  }
  return std::make_unique<UringWritableFile>(fd, std::move(path), std::move(ring));
}

}  // namespace sealog::io
