#include "tests/engine/test_util.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sealog::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sealog-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  if (made == nullptr) std::abort();
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

TestEvent::TestEvent(uint64_t n, size_t pad) {
  actor = "user-" + std::to_string(n % 7);
  resource = "res/" + std::to_string(n);
  raw = "{\"n\":" + std::to_string(n) + ",\"actor\":\"" + actor + "\",\"pad\":\"" +
        std::string(pad, 'x') + "\"}";
  event.raw = raw;
  event.time_ns = 1'767'225'600'000'000'000 + static_cast<int64_t>(n);
  event.set_field(Field::kActor, actor);
  event.set_field(Field::kResource, resource);
  event.set_field(Field::kAction, "resource.read");
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
}

}  // namespace sealog::testing
