// Env: the only door to the operating system.
//
// Every file, directory, lock, clock and randomness call of the engine goes
// through an Env, so tests can swap in one that loses unsynced data, tears
// writes, fails the Nth operation or completes I/O out of order
// (engine/io/fault_env.h). Implementations: posix_env.cc (pread/pwrite, and
// io_uring for segment appends) and fault_env.cc (in memory).
#ifndef SEALOG_ENGINE_IO_ENV_H_
#define SEALOG_ENGINE_IO_ENV_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sealog/status.h"

namespace sealog::io {

// A file read at explicit offsets. Thread safe.
class ReadableFile {
 public:
  virtual ~ReadableFile() = default;
  // Reads up to n bytes at offset into scratch. *result points into scratch
  // and is shorter than n only at the end of the file.
  virtual Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const = 0;
  virtual Result<uint64_t> Size() const = 0;
  // The whole file in memory, when the Env mapped it (Env::NewMappedFile):
  // valid while this object lives. Empty when it is read through Read only.
  virtual std::string_view Mapped() const { return {}; }
};

// A file written at explicit offsets. Not thread safe: one writer.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Writes all of data at offset, or fails. A failed write may have written
  // any part of data.
  virtual Status Write(uint64_t offset, std::string_view data) = 0;
  // fdatasync. After a failure the file's state on disk is unknown: callers
  // must never retry and never trust earlier writes that were not synced.
  virtual Status Sync() = 0;
  // Write(offset, data) and then, if sync, Sync(), with the sync ordered after
  // the write. io_uring submits both at once (linked); others call them in turn.
  virtual Status WriteAndSync(uint64_t offset, std::string_view data, bool sync) {
    SEALOG_RETURN_IF_ERROR(Write(offset, data));
    return sync ? Sync() : Status::Ok();
  }
  // Reserves disk blocks for [offset, offset + length) without changing the
  // file's size. Best effort: an Env may do nothing.
  virtual Status Allocate(uint64_t offset, uint64_t length) = 0;
  virtual Status Truncate(uint64_t size) = 0;
  virtual Result<uint64_t> Size() const = 0;
  // True when writes go through io_uring.
  virtual bool uses_io_uring() const { return false; }
};

struct WritableFileOptions {
  bool truncate = false;      // empty the file when it exists
  bool use_io_uring = false;  // try io_uring for writes and syncs; falls back silently
  bool owner_only = false;    // mode 0600: for files that hold secrets
};

// Held while the lock is held; released on destruction.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class Env {
 public:
  virtual ~Env() = default;

  // kNotFound when the file does not exist.
  virtual Status NewReadableFile(const std::string& path, std::unique_ptr<ReadableFile>* file) = 0;
  // NewReadableFile for a file that is never written again and is read
  // often, in small pieces (a closed segment): the POSIX Env maps it, so
  // that ReadableFile::Mapped serves reads without a copy or a system call,
  // and holds no descriptor for it. Its Size is the size at open. A mapped
  // file truncated meanwhile by someone else faults its reader (SIGBUS).
  // Others read it as NewReadableFile does.
  virtual Status NewMappedFile(const std::string& path, std::unique_ptr<ReadableFile>* file) {
    return NewReadableFile(path, file);
  }
  // Opens for writing, creating the file when missing.
  virtual Status NewWritableFile(const std::string& path, const WritableFileOptions& options,
                                 std::unique_ptr<WritableFile>* file) = 0;

  virtual bool FileExists(const std::string& path) = 0;
  // Names (not paths) of the entries of dir, without "." and "..".
  virtual Status GetChildren(const std::string& dir, std::vector<std::string>* names) = 0;
  virtual Status RemoveFile(const std::string& path) = 0;
  // Atomically replaces `to` with `from`. Durable only after SyncDir.
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Creates dir (one level); ok when it exists.
  virtual Status CreateDir(const std::string& dir) = 0;
  // fsync of the directory, so that created, renamed and removed entries survive a crash.
  virtual Status SyncDir(const std::string& dir) = 0;
  // Takes an exclusive advisory lock on path (creating it). kBusy when another
  // process or Store holds it.
  virtual Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) = 0;

  // Wall clock, UTC nanoseconds since the epoch.
  virtual int64_t NowNanos() = 0;
  // A clock that never goes back, for intervals.
  virtual uint64_t MonotonicNanos() = 0;
  // Fills buf with cryptographically random bytes.
  virtual Status RandomBytes(void* buf, size_t n) = 0;
  // How many files this process may hold open at once (its descriptor
  // limit), or UINT64_MAX when open files cost no such thing (in memory).
  virtual uint64_t OpenFilesMax() { return UINT64_MAX; }
};

// The POSIX Env. Stateless: every Store may hold its own.
std::shared_ptr<Env> NewPosixEnv();

// A readable file over bytes held in memory (a file read whole, a fuzz input).
std::unique_ptr<ReadableFile> NewStringFile(std::string bytes);

// Reads a whole (small) file.
Status ReadFileToString(Env& env, const std::string& path, std::string* contents);
// Writes a whole file durably and atomically: write path.tmp, sync it, rename
// over path, sync the directory. A crash at any instant leaves either the old
// file or the new one.
Status WriteFileAtomically(Env& env, const std::string& dir, const std::string& name,
                           std::string_view contents, bool owner_only = false);

}  // namespace sealog::io

#endif  // SEALOG_ENGINE_IO_ENV_H_
