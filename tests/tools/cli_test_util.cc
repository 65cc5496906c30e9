#include "tests/tools/cli_test_util.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace sealog::testing {

std::string SealogBin() {
  const char* override_path = std::getenv("SEALOG_BIN");
  return override_path != nullptr && *override_path != '\0' ? override_path : SEALOG_BIN;
}
std::string SourceDir() { return SEALOG_SOURCE_DIR; }

RunResult Sealog(const std::vector<std::string>& args, std::string_view stdin_data) {
  std::vector<std::string> argv = {SealogBin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, stdin_data);
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/sealog-cli-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

const std::string& ReferenceWorkload() {
  static const std::string* const workload = [] {
    const RunResult result =
        Run({"/usr/bin/env", "python3", SourceDir() + "/bench/reference/gen_workload.py", "20000"});
    if (result.exit_code != 0 || result.out.empty()) {
      std::fprintf(stderr, "gen_workload.py failed: %s\n", result.err.c_str());
      std::abort();
    }
    return new std::string(result.out);
  }();
  return *workload;
}

const std::vector<std::string>& ReferenceLines() {
  static const std::vector<std::string>* const lines =
      new std::vector<std::string>(SplitLines(ReferenceWorkload()));
  return *lines;
}

void InitStore(const std::string& store) {
  const RunResult result = Sealog({"init", store});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
}

std::string ExportRaw(const std::string& store) {
  const RunResult result = Sealog({"export", store, "--format", "raw"});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.err, "");
  return result.out;
}

std::string Describe(const RunResult& result) {
  std::string text = "exit " + std::to_string(result.exit_code);
  if (result.term_signal != 0) text += ", signal " + std::to_string(result.term_signal);
  text += "\n--- stdout (" + std::to_string(result.out.size()) + " bytes):\n" +
          result.out.substr(0, 2000) + "\n--- stderr:\n" + result.err.substr(0, 4000);
  return text;
}

}  // namespace sealog::testing
