// The POSIX Env: plain system calls, with io_uring for segment appends when
// asked for (uring_file.h).
#include "engine/io/posix_env.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/io/uring_file.h"

namespace sealog::io {

Status PosixError(std::string_view context, int error_number) {
  char buf[128];
  // GNU strerror_r: thread safe, returns a pointer to the message (maybe not buf).
  std::string message(context);
  message += ": ";
  message += strerror_r(error_number, buf, sizeof(buf));
  switch (error_number) {
    case ENOSPC:
      return Status::NoSpace(std::move(message));
    case ENOENT:
      return Status::NotFound(std::move(message));
    default:
      return Status::IOError(std::move(message));
  }
}

std::string AtOffset(std::string_view op, const std::string& path, uint64_t offset) {
  std::string context(op);
  context += ' ';
  context += path;
  context += " at offset ";
  context += std::to_string(offset);
  return context;
}

PosixWritableFile::PosixWritableFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

// A close error cannot be reported from here, and durability comes from Sync.
PosixWritableFile::~PosixWritableFile() { close(fd_); }

Status PosixWritableFile::Write(uint64_t offset, std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = pwrite(fd_, data.data(), data.size(), static_cast<off_t>(offset));
    if (written < 0) {
      if (errno == EINTR) continue;
      return PosixError(AtOffset("write", path_, offset), errno);
    }
    // A short write (signal, RLIMIT_FSIZE, disk filling up) is not an error
    // yet: the next pwrite of the rest reports the cause, if there is one.
    data.remove_prefix(static_cast<size_t>(written));
    offset += static_cast<uint64_t>(written);
  }
  return Status::Ok();
}

Status PosixWritableFile::Sync() {
  // Never retried on error (EINTR cannot happen for fdatasync on Linux): after
  // a failed fdatasync the kernel may have dropped the dirty pages.
  if (fdatasync(fd_) != 0) return PosixError("sync " + path_, errno);
  return Status::Ok();
}

Status PosixWritableFile::Allocate(uint64_t offset, uint64_t length) {
  if (length == 0) return Status::Ok();
  int result;
  do {
    result =
        fallocate(fd_, FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset), static_cast<off_t>(length));
  } while (result != 0 && errno == EINTR);
  // Preallocation is an optimization: file systems without it (tmpfs before
  // 3.5, some FUSE) still work, only more fragmented.
  if (result != 0 && errno != EOPNOTSUPP && errno != ENOSYS) {
    return PosixError(AtOffset("allocate", path_, offset), errno);
  }
  return Status::Ok();
}

Status PosixWritableFile::Truncate(uint64_t size) {
  int result;
  do {
    result = ftruncate(fd_, static_cast<off_t>(size));
  } while (result != 0 && errno == EINTR);
  if (result != 0) return PosixError("truncate " + path_ + " to " + std::to_string(size), errno);
  return Status::Ok();
}

Result<uint64_t> PosixWritableFile::Size() const {
  struct stat st;
  if (fstat(fd_, &st) != 0) return PosixError("stat " + path_, errno);
  return static_cast<uint64_t>(st.st_size);
}

namespace {

class PosixReadableFile final : public ReadableFile {
 public:
  PosixReadableFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~PosixReadableFile() override { close(fd_); }
  PosixReadableFile(const PosixReadableFile&) = delete;
  PosixReadableFile& operator=(const PosixReadableFile&) = delete;

  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override {
    size_t done = 0;
    while (done < n) {
      const ssize_t got = pread(fd_, scratch + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0) {
        if (errno == EINTR) continue;
        *result = {};
        return PosixError(AtOffset("read", path_, offset + done), errno);
      }
      if (got == 0) break;  // End of file.
      done += static_cast<size_t>(got);
    }
    *result = std::string_view(scratch, done);
    return Status::Ok();
  }

  Result<uint64_t> Size() const override {
    struct stat st;
    if (fstat(fd_, &st) != 0) return PosixError("stat " + path_, errno);
    return static_cast<uint64_t>(st.st_size);
  }

 private:
  const int fd_;
  const std::string path_;
};

// A file mapped whole at open (Env::NewMappedFile), its descriptor closed:
// the mapping keeps the bytes.
class PosixMappedFile final : public ReadableFile {
 public:
  PosixMappedFile(const char* base, size_t size) : base_(base), size_(size) {}
  ~PosixMappedFile() override { munmap(const_cast<char*>(base_), size_); }
  PosixMappedFile(const PosixMappedFile&) = delete;
  PosixMappedFile& operator=(const PosixMappedFile&) = delete;

  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override {
    const size_t start = static_cast<size_t>(std::min<uint64_t>(offset, size_));
    const size_t length = std::min(n, size_ - start);
    std::memcpy(scratch, base_ + start, length);
    *result = std::string_view(scratch, length);
    return Status::Ok();
  }
  Result<uint64_t> Size() const override { return static_cast<uint64_t>(size_); }
  std::string_view Mapped() const override { return std::string_view(base_, size_); }

 private:
  const char* const base_;
  const size_t size_;
};

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  // Closing the only descriptor of the open file description releases the flock.
  ~PosixFileLock() override { close(fd_); }
  PosixFileLock(const PosixFileLock&) = delete;
  PosixFileLock& operator=(const PosixFileLock&) = delete;

 private:
  const int fd_;
};

int OpenRetryingEintr(const char* path, int flags, mode_t mode = 0) {
  int fd;
  do {
    fd = open(path, flags, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

class PosixEnv final : public Env {
 public:
  Status NewReadableFile(const std::string& path, std::unique_ptr<ReadableFile>* file) override {
    const int fd = OpenRetryingEintr(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return PosixError("open " + path, errno);
    *file = std::make_unique<PosixReadableFile>(fd, path);
    return Status::Ok();
  }

  Status NewMappedFile(const std::string& path, std::unique_ptr<ReadableFile>* file) override {
    const int fd = OpenRetryingEintr(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return PosixError("open " + path, errno);
    struct stat st;
    if (fstat(fd, &st) != 0) {
      const int error = errno;
      close(fd);
      return PosixError("stat " + path, error);
    }
    // An empty file cannot be mapped, nor one larger than the address space.
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    void* base = size == 0 || size > SIZE_MAX
                     ? MAP_FAILED
                     : mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {  // read through the descriptor instead
      *file = std::make_unique<PosixReadableFile>(fd, path);
      return Status::Ok();
    }
    close(fd);
    *file = std::make_unique<PosixMappedFile>(static_cast<const char*>(base),
                                              static_cast<size_t>(size));
    return Status::Ok();
  }

  Status NewWritableFile(const std::string& path, const WritableFileOptions& options,
                         std::unique_ptr<WritableFile>* file) override {
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (options.truncate ? O_TRUNC : 0);
    const int fd = OpenRetryingEintr(path.c_str(), flags, options.owner_only ? 0600 : 0644);
    if (fd < 0) return PosixError("open " + path, errno);
    // The mode of open() applies only to a new file; a secret must not stay
    // readable by others because an old file of that name was.
    if (options.owner_only && fchmod(fd, 0600) != 0) {
      const int error = errno;
      close(fd);
      return PosixError("chmod " + path, error);
    }
    if (options.use_io_uring) {
      *file = NewUringWritableFile(fd, path);
    } else {
      *file = std::make_unique<PosixWritableFile>(fd, path);
    }
    return Status::Ok();
  }

  bool FileExists(const std::string& path) override { return access(path.c_str(), F_OK) == 0; }

  Status GetChildren(const std::string& dir, std::vector<std::string>* names) override {
    names->clear();
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) return PosixError("opendir " + dir, errno);
    for (;;) {
      errno = 0;
      const struct dirent* entry = readdir(d);
      if (entry == nullptr) break;
      const std::string_view name = entry->d_name;
      if (name != "." && name != "..") names->emplace_back(name);
    }
    const int error_number = errno;
    closedir(d);
    if (error_number != 0) return PosixError("readdir " + dir, error_number);
    return Status::Ok();
  }

  Status RemoveFile(const std::string& path) override {
    if (unlink(path.c_str()) != 0) return PosixError("remove " + path, errno);
    return Status::Ok();
  }

  Status RenameFile(const std::string& from, const std::string& to) override {
    if (rename(from.c_str(), to.c_str()) != 0) {
      return PosixError("rename " + from + " to " + to, errno);
    }
    return Status::Ok();
  }

  Status CreateDir(const std::string& dir) override {
    if (mkdir(dir.c_str(), 0755) == 0) return Status::Ok();
    const int error_number = errno;
    struct stat st;
    if (error_number == EEXIST && stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      return Status::Ok();
    }
    return PosixError("mkdir " + dir, error_number);
  }

  Status SyncDir(const std::string& dir) override {
    const int fd = OpenRetryingEintr(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return PosixError("open dir " + dir, errno);
    const int result = fsync(fd);
    const int error_number = errno;
    close(fd);
    if (result != 0) return PosixError("sync dir " + dir, error_number);
    return Status::Ok();
  }

  // flock locks belong to the open file description, and each open() makes a
  // new one, so two LockFile calls on one path conflict even inside one
  // process: no in-process table is needed (posix_env_test checks this).
  // fcntl/POSIX locks would not do: they are per process, and closing any
  // descriptor of the file drops them.
  Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) override {
    const int fd = OpenRetryingEintr(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return PosixError("open lock " + path, errno);
    int result;
    do {
      result = flock(fd, LOCK_EX | LOCK_NB);
    } while (result != 0 && errno == EINTR);
    if (result != 0) {
      const int error_number = errno;
      close(fd);
      if (error_number == EWOULDBLOCK) {
        return Status::Busy("lock " + path + ": held by another process or Store");
      }
      return PosixError("lock " + path, error_number);
    }
    *lock = std::make_unique<PosixFileLock>(fd);
    return Status::Ok();
  }

  int64_t NowNanos() override {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
  }

  uint64_t MonotonicNanos() override {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(ts.tv_nsec);
  }

  Status RandomBytes(void* buf, size_t n) override {
    char* out = static_cast<char*>(buf);
    while (n > 0) {
      const ssize_t got = getrandom(out, n, 0);
      if (got < 0) {
        if (errno == EINTR) continue;
        return PosixError("getrandom", errno);
      }
      out += got;
      n -= static_cast<size_t>(got);
    }
    return Status::Ok();
  }

  uint64_t OpenFilesMax() override {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;  // the usual soft limit
    return limit.rlim_cur == RLIM_INFINITY ? UINT64_MAX : static_cast<uint64_t>(limit.rlim_cur);
  }
};

}  // namespace

std::shared_ptr<Env> NewPosixEnv() { return std::make_shared<PosixEnv>(); }

}  // namespace sealog::io
