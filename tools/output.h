// Output: a buffered writer to stdout or to a file, for records going out.
#ifndef SEALOG_TOOLS_OUTPUT_H_
#define SEALOG_TOOLS_OUTPUT_H_

#include <memory>
#include <string>

#include "sealog/status.h"

namespace sealog::cli {

// Callers append to buffer() and call MaybeFlush() after each record: the
// bytes go out in writes of about kFlushBytes. Not thread safe.
//
// SIGPIPE must be ignored (main does it): a reader that goes away shows up as
// a write error with closed_by_reader() true, which commands treat as a quiet
// end rather than an error (like `sealog export | head`).
class Output {
 public:
  static constexpr size_t kFlushBytes = 256 << 10;

  // Standard output. Commit() only flushes.
  static std::unique_ptr<Output> Stdout();
  // The file at `path`. When it is a regular file (or does not exist yet),
  // the bytes go to a temporary file next to it, renamed over `path` by
  // Commit(): an export that fails halfway never leaves a truncated file that
  // looks complete. Anything else (/dev/stdout, a FIFO) is written directly.
  static Result<std::unique_ptr<Output>> ToFile(const std::string& path);

  ~Output();  // removes the temporary file when Commit() was not reached
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  std::string* buffer() { return &buffer_; }
  // Writes the buffer out when it holds kFlushBytes or more. False on error.
  bool MaybeFlush() { return buffer_.size() < kFlushBytes || Flush(); }
  // Writes the whole buffer out. False on error (see status()).
  bool Flush();
  // Flushes, then for a file: fsync and rename into place.
  Status Commit();

  // The first write error, if any.
  const Status& status() const { return status_; }
  // True when the error was EPIPE: whoever read our output closed it.
  bool closed_by_reader() const { return closed_by_reader_; }
  const std::string& name() const { return name_; }

 private:
  Output(int fd, bool owns_fd, std::string name, std::string temp_path);

  const int fd_;
  const bool owns_fd_;
  const std::string name_;  // "stdout" or the path, for messages
  std::string temp_path_;   // empty when writing in place
  std::string buffer_;
  Status status_;
  bool closed_by_reader_ = false;
};

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_OUTPUT_H_
