#include "bench/suite.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "bench/report/suite_report.h"
#include "bench/timing.h"
#include "crypto/json_lite.h"

extern char** environ;

namespace sealog::bench {
namespace {

namespace fs = std::filesystem;
using crypto::json::Quote;

// The first line of a /proc file starting with key, after its colon.
std::string ProcField(const char* path, std::string_view key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size(), key) != 0) continue;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const size_t start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? std::string() : line.substr(start);
  }
  return {};
}

std::string FileSystemName(const std::string& path) {
  struct statfs info;
  if (statfs(path.c_str(), &info) != 0) return "unknown";
  switch (static_cast<unsigned long>(info.f_type)) {
    case 0xEF53:
      return "ext4";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    case 0x01021994:
      return "tmpfs";
    case 0x794C7630:
      return "overlayfs";
    case 0x2FC12FC1:
      return "zfs";
    default:
      return fmt::format("0x{:x}", static_cast<unsigned long>(info.f_type));
  }
}

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

double LoadAverage() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : 0;
}

// The machine and the run, the first line of run.jsonl.
std::string MetaLine(const SuiteOptions& options, uint64_t events, const std::string& scratch) {
  struct utsname names {};
  uname(&names);
  const std::string memory = ProcField("/proc/meminfo", "MemTotal");
  const double mem_gib = std::strtod(memory.c_str(), nullptr) / (1024.0 * 1024.0);
  return fmt::format(
      "{{\"kind\":\"meta\",\"scale\":{},\"events\":{},\"seed\":{},\"repetitions\":{},"
      "\"started\":{},\"cpu\":{},\"cpus\":{},\"mem_gib\":{:.1f},\"kernel\":{},"
      "\"filesystem\":{},\"load_start\":{:.2f},\"version\":{},\"command\":{}}}",
      Quote(options.events > 0 ? "custom" : options.scale), events, options.seed,
      options.repetitions, Quote(UtcNow()), Quote(ProcField("/proc/cpuinfo", "model name")),
      std::thread::hardware_concurrency(), mem_gib, Quote(names.release),
      Quote(FileSystemName(scratch)), LoadAverage(), Quote(kBenchVersion), Quote(options.command));
}

std::string SelfPath() {
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  return error ? std::string() : self.string();
}

// Runs this executable with arguments, stdout into out_path and stderr into
// err_path. Returns its exit code, or -1 when it could not run or was killed.
int RunChild(const std::string& self, const std::vector<std::string>& arguments,
             const std::string& out_path, const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> all = {self};
  all.insert(all.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& argument : all) argv.push_back(argument.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    fmt::print(stderr, "sealog-bench all: cannot start {}: {}\n", self, std::strerror(error));
    return -1;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

std::vector<std::string> SuiteBenchArguments(const std::string& bench, const SuiteOptions& options,
                                             uint64_t events) {
  std::vector<std::string> arguments = {
      bench, "--json", "--events", std::to_string(events), "--seed", std::to_string(options.seed)};
  const auto add = [&](std::initializer_list<std::string> more) {
    arguments.insert(arguments.end(), more);
  };
  if (bench == "append") {
    add({"--repeat", std::to_string(options.repetitions), "--writer-counts", "1,2,4,8"});
    // Above the small scale, eight blocking writers (about 4 events per
    // fdatasync) would take minutes for a figure that does not change.
    if (events > kScales[0].events) {
      add({"--writers-events", std::to_string(kScales[0].events)});
    }
  } else if (bench == "evidence" || bench == "recovery") {
    add({"--repeat", std::to_string(options.repetitions)});
    // Below the small scale (the smoke test's runs), seal every MiB: the
    // evidence benchmark needs at least one full segment.
    if (bench == "evidence" && events < kScales[0].events) add({"--segment-mb", "1"});
  } else if (bench == "tiers" && events > kScales[0].events) {
    // zstd -19 runs under 1 MB/s: about a minute at the small scale, most of
    // an hour at the medium one.
    add({"--no-zstd-19"});
  }
  if (!options.dir.empty()) add({"--dir", options.dir});
  return arguments;
}

int RunSuite(const SuiteOptions& options) {
  uint64_t events = options.events;
  if (events == 0) {
    const auto scale = std::find_if(std::begin(kScales), std::end(kScales),
                                    [&](const Scale& s) { return options.scale == s.name; });
    if (scale == std::end(kScales)) {
      fmt::print(stderr, "sealog-bench all: no scale named {}\n", options.scale);
      return 2;
    }
    events = scale->events;
  }
  std::vector<std::string> benches = options.benches;
  if (benches.empty())
    benches.assign(std::begin(report::kSuiteBenches), std::end(report::kSuiteBenches));

  std::error_code error;
  if (fs::exists(fs::path(options.out) / report::kReportFile, error)) {
    fmt::print(stderr, "sealog-bench all: {} already holds a report; give a new directory\n",
               options.out);
    return 2;
  }
  fs::create_directories(options.out, error);
  if (error) {
    fmt::print(stderr, "sealog-bench all: cannot create {}: {}\n", options.out, error.message());
    return 2;
  }
  const std::string self = SelfPath();
  if (self.empty()) {
    fmt::print(stderr, "sealog-bench all: cannot find its own executable (/proc/self/exe)\n");
    return 1;
  }
  const std::string scratch =
      options.dir.empty() ? fs::temp_directory_path(error).string() : options.dir;
  std::ofstream run(fs::path(options.out) / report::kRunFile);
  run << MetaLine(options, events, scratch) << "\n" << std::flush;

  bool all_ok = true;
  const Clock::time_point suite_start = Clock::now();
  for (size_t i = 0; i < benches.size(); ++i) {
    const std::string& bench = benches[i];
    const std::vector<std::string> arguments = SuiteBenchArguments(bench, options, events);
    std::string command = "sealog-bench";
    for (const std::string& argument : arguments) command += " " + argument;
    fmt::print(stderr, "[{}/{}] {}\n", i + 1, benches.size(), command);
    const double load = LoadAverage();
    const Clock::time_point start = Clock::now();
    const int code =
        RunChild(self, arguments, (fs::path(options.out) / (bench + ".jsonl")).string(),
                 (fs::path(options.out) / (bench + ".log")).string());
    const double seconds = SecondsSince(start);
    fmt::print(stderr, "      {:.1f} s, exit {}{}\n", seconds, code,
               code == 0 ? "" : fmt::format(" (see {}/{}.log)", options.out, bench));
    all_ok = all_ok && code == 0;
    run << fmt::format(
               "{{\"kind\":\"bench\",\"bench\":{},\"exit\":{},\"seconds\":{:.1f},"
               "\"load_start\":{:.2f},\"command\":{}}}\n",
               Quote(bench), code, seconds, load, Quote(command))
        << std::flush;
  }
  fmt::print(stderr, "all benchmarks: {:.1f} s\n", SecondsSince(suite_start));
  const Status written = report::WriteSuiteReport(options.out);
  if (!written.ok()) {
    fmt::print(stderr, "sealog-bench all: the report: {}\n", written.ToString());
    return 1;
  }
  fmt::print(stderr, "report: {}/{}\n", options.out, report::kReportFile);
  return all_ok ? 0 : 1;
}

}  // namespace sealog::bench
