// Status and Result: how every fallible call in sealog reports failure.
//
// The engine never throws. A Status is cheap when ok (an enum and an empty
// string); an error carries a code and a one-line message that says what
// happened and where (file, seq, offset).
#ifndef SEALOG_STATUS_H_
#define SEALOG_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace sealog {

enum class Code : uint8_t {
  kOk = 0,
  kInvalidArgument,  // bad input from the caller: a bad event, option or query
  kNotFound,         // no such store, segment or seq
  kCorruption,       // stored bytes fail their checksum or framing
  kIOError,          // the OS reported an error (EIO, permission, ...)
  kNoSpace,          // ENOSPC
  kBusy,             // the store is locked by another writer
  kReadOnly,         // the store stopped accepting writes after an earlier error
  kTampered,         // a hash, root or signature does not match
};

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(Code::kInvalidArgument, std::move(message));
  }
  static Status NotFound(std::string message) { return Status(Code::kNotFound, std::move(message)); }
  static Status Corruption(std::string message) {
    return Status(Code::kCorruption, std::move(message));
  }
  static Status IOError(std::string message) { return Status(Code::kIOError, std::move(message)); }
  static Status NoSpace(std::string message) { return Status(Code::kNoSpace, std::move(message)); }
  static Status Busy(std::string message) { return Status(Code::kBusy, std::move(message)); }
  static Status ReadOnly(std::string message) { return Status(Code::kReadOnly, std::move(message)); }
  static Status Tampered(std::string message) { return Status(Code::kTampered, std::move(message)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "IO error: write 00000003.seg at offset 4096: No space left on device"
  std::string ToString() const;

  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsBusy() const { return code_ == Code::kBusy; }

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// Either a value or an error Status. Access the value only when ok().
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace sealog

// Returns the Status of `expr` from the enclosing function when it is an error.
#define SEALOG_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::sealog::Status _sealog_status = (expr);   \
    if (!_sealog_status.ok()) return _sealog_status; \
  } while (0)

#endif  // SEALOG_STATUS_H_
