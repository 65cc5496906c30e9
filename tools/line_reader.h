// LineReader: the lines of a file descriptor, fast and in bounded memory.
#ifndef SEALOG_TOOLS_LINE_READER_H_
#define SEALOG_TOOLS_LINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace sealog::cli {

// Splits the bytes of a file descriptor into lines ('\n' ends a line and is
// not part of it; a last line without '\n' counts too). Reads in big blocks
// into one buffer that it reuses: no allocation per line, and memory bounded
// by about twice max_line_bytes whatever the input. A line longer than
// max_line_bytes is not kept: the reader skips to the next '\n', counting the
// bytes, and reports it as kTooLong. Not thread safe.
class LineReader {
 public:
  enum class Kind {
    kLine,         // line() holds the line
    kTooLong,      // the line had too_long_bytes() bytes; they were skipped
    kEnd,          // end of input
    kError,        // read() failed with error_number()
    kInterrupted,  // interrupt_fd became readable before the input had more
  };

  // Does not take ownership of fd. With interrupt_fd >= 0 (a SignalCatcher's
  // fd), every wait for input also waits for it, and Next returns
  // kInterrupted once it is readable; the line being read is then dropped.
  LineReader(int fd, size_t max_line_bytes, int interrupt_fd = -1);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Reads the next line. After kLine, line() stays valid until the next call.
  Kind Next();

  // The next unread bytes, at least `n` of them unless the input ends (or
  // fails, or is interrupted) first; reads as needed, consumes nothing. The
  // view is valid until the next call. `n` must be at most 1 MiB.
  std::string_view Peek(size_t n);
  // Appends everything not yet returned to *out, reading to the end of the
  // input: kEnd when all of it is there, kTooLong when it is longer than
  // `limit` bytes (*out then holds the first ones), kError or kInterrupted.
  Kind ReadRest(size_t limit, std::string* out);

  std::string_view line() const { return line_; }
  // 1-based number of the line last returned (blank and too long lines count).
  uint64_t line_number() const { return line_number_; }
  uint64_t too_long_bytes() const { return too_long_bytes_; }
  // Bytes read from fd so far: the lines returned and up to one buffer ahead
  // of them. For progress bars.
  uint64_t bytes_read() const { return bytes_read_; }
  int error_number() const { return error_number_; }

 private:
  // Reads more bytes after the buffered ones. False at the end or on error.
  bool Fill();
  // Discards the rest of an over-long line up to and including its '\n'.
  Kind SkipLongLine();

  // Waits until fd_ or interrupt_fd_ is readable; false when interrupted.
  bool WaitForInput();

  const int fd_;
  const int interrupt_fd_;
  const size_t max_line_bytes_;
  const size_t capacity_;
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0;  // start of the unread bytes
  size_t scan_ = 0;   // [begin_, scan_) is known to hold no '\n'
  size_t end_ = 0;    // end of the buffered bytes
  bool at_eof_ = false;
  bool interrupted_ = false;
  std::string_view line_;
  uint64_t line_number_ = 0;
  uint64_t too_long_bytes_ = 0;
  uint64_t bytes_read_ = 0;
  int error_number_ = 0;
};

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_LINE_READER_H_
