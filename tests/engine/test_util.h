// Helpers shared by the engine tests: temporary directories and events.
#ifndef SEALOG_TESTS_ENGINE_TEST_UTIL_H_
#define SEALOG_TESTS_ENGINE_TEST_UTIL_H_

#include <cstdint>
#include <filesystem>
#include <string>

#include "sealog/event.h"

namespace sealog::testing {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// An event whose raw bytes and fields are derived from n, kept alive by the
// returned holder.
struct TestEvent {
  explicit TestEvent(uint64_t n, size_t pad = 0);
  TestEvent(const TestEvent&) = delete;  // event views its own strings
  std::string raw;
  std::string actor;
  std::string resource;
  Event event;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& contents);

}  // namespace sealog::testing

#endif  // SEALOG_TESTS_ENGINE_TEST_UTIL_H_
