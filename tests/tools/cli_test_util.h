// Helpers for the end-to-end tests of the sealog binary.
#ifndef SEALOG_TESTS_TOOLS_CLI_TEST_UTIL_H_
#define SEALOG_TESTS_TOOLS_CLI_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "tests/tools/subprocess.h"

namespace sealog::testing {

// The sealog binary under test (the build's, or $SEALOG_BIN to test another,
// e.g. an installed one) and the source tree (for bench/ and tests/data/).
std::string SealogBin();
std::string SourceDir();

// Runs `sealog ARGS...` with stdin_data on its stdin.
RunResult Sealog(const std::vector<std::string>& args, std::string_view stdin_data = {});

// A fresh directory under $TMPDIR (or /tmp), removed with all it holds.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Path(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, std::string_view data);

// Splits text into lines (without '\n'); a last line without '\n' counts.
std::vector<std::string> SplitLines(std::string_view text);

// The reference workload (bench/reference/gen_workload.py 20000), generated
// once per test process: about 4.5 MB of JSON Lines, '\n' after each line.
const std::string& ReferenceWorkload();
// Its lines.
const std::vector<std::string>& ReferenceLines();

// `sealog init`, expecting success.
void InitStore(const std::string& store);
// `sealog export STORE --format raw`, expecting success.
std::string ExportRaw(const std::string& store);

// For failure messages: a RunResult's exit, stdout (shortened) and stderr.
std::string Describe(const RunResult& result);

}  // namespace sealog::testing

#endif  // SEALOG_TESTS_TOOLS_CLI_TEST_UTIL_H_
