#include "tools/line_reader.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sealog::cli {
namespace {

// Big enough that a read from a file moves plenty at once; pipes hand out at
// most 64 KiB per read anyway.
constexpr size_t kMinCapacity = 1 << 20;

}  // namespace

LineReader::LineReader(int fd, size_t max_line_bytes, int interrupt_fd)
    : fd_(fd),
      interrupt_fd_(interrupt_fd),
      max_line_bytes_(max_line_bytes),
      // A whole line of max_line_bytes plus its '\n' always fits, with room
      // to read the start of the next one.
      capacity_(std::max(kMinCapacity, 2 * (max_line_bytes + 1))),
      buffer_(new char[capacity_]) {}

LineReader::~LineReader() = default;

bool LineReader::WaitForInput() {
  if (interrupt_fd_ < 0) return true;
  pollfd fds[2] = {{fd_, POLLIN, 0}, {interrupt_fd_, POLLIN, 0}};
  while (::poll(fds, 2, -1) < 0) {
    if (errno != EINTR) return true;  // let read() report the problem
  }
  interrupted_ = (fds[1].revents & POLLIN) != 0;
  return !interrupted_;
}

bool LineReader::Fill() {
  if (at_eof_ || interrupted_ || error_number_ != 0) return false;
  if (begin_ > 0) {  // keep the partial line, drop what was consumed
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    scan_ -= begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  while (true) {
    if (!WaitForInput()) return false;
    const ssize_t n = ::read(fd_, buffer_.get() + end_, capacity_ - end_);
    if (n > 0) {
      end_ += static_cast<size_t>(n);
      bytes_read_ += static_cast<uint64_t>(n);
      return true;
    }
    if (n == 0) {
      at_eof_ = true;
      return false;
    }
    if (errno != EINTR) {
      error_number_ = errno;
      return false;
    }
  }
}

LineReader::Kind LineReader::Next() {
  line_ = {};
  while (true) {
    const char* start = buffer_.get();
    const void* newline = std::memchr(start + scan_, '\n', end_ - scan_);
    if (newline != nullptr) {
      const size_t at = static_cast<const char*>(newline) - start;
      ++line_number_;
      const size_t length = at - begin_;
      const size_t line_begin = begin_;
      begin_ = scan_ = at + 1;
      if (length > max_line_bytes_) {  // fit in the buffer, but still too long
        too_long_bytes_ = length;
        return Kind::kTooLong;
      }
      line_ = std::string_view(start + line_begin, length);
      return Kind::kLine;
    }
    scan_ = end_;
    if (end_ - begin_ > max_line_bytes_) return SkipLongLine();
    if (!Fill()) {
      if (error_number_ != 0) return Kind::kError;
      if (interrupted_) return Kind::kInterrupted;
      if (begin_ == end_) return Kind::kEnd;
      ++line_number_;  // the last line has no '\n'
      line_ = std::string_view(buffer_.get() + begin_, end_ - begin_);
      begin_ = scan_ = end_;
      return Kind::kLine;
    }
  }
}

std::string_view LineReader::Peek(size_t n) {
  n = std::min(n, capacity_);
  while (end_ - begin_ < n && Fill()) {
  }
  return std::string_view(buffer_.get() + begin_, end_ - begin_);
}

LineReader::Kind LineReader::ReadRest(size_t limit, std::string* out) {
  while (true) {
    const size_t size = end_ - begin_;
    if (out->size() + size > limit) {
      out->append(buffer_.get() + begin_, limit - out->size());
      begin_ = scan_ = end_;
      return Kind::kTooLong;
    }
    out->append(buffer_.get() + begin_, size);
    begin_ = scan_ = end_;
    if (!Fill()) {
      if (error_number_ != 0) return Kind::kError;
      if (interrupted_) return Kind::kInterrupted;
      return Kind::kEnd;
    }
  }
}

LineReader::Kind LineReader::SkipLongLine() {
  ++line_number_;
  uint64_t skipped = end_ - begin_;
  begin_ = scan_ = end_ = 0;
  while (Fill()) {
    const void* newline = std::memchr(buffer_.get(), '\n', end_);
    if (newline != nullptr) {
      const size_t at = static_cast<const char*>(newline) - buffer_.get();
      skipped += at;
      begin_ = scan_ = at + 1;
      too_long_bytes_ = skipped;
      return Kind::kTooLong;
    }
    skipped += end_;
    begin_ = scan_ = end_ = 0;
  }
  if (error_number_ != 0) return Kind::kError;
  if (interrupted_) return Kind::kInterrupted;
  too_long_bytes_ = skipped;
  return Kind::kTooLong;
}

}  // namespace sealog::cli
