#include "bench/recovery_bench.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/event_set.h"
#include "bench/scratch_dir.h"
#include "bench/timing.h"
#include "sealog/store.h"
#include "sealog/verify.h"

namespace sealog::bench {

namespace {

Options StoreOptions() {
  Options options;  // the defaults: 64 MiB segments, batch durability, sealing on
  options.root_key_seed = std::string(32, '\x42');
  return options;
}

// The child: appends every event to a new store, waits until all are
// durable, says so on ready_fd, and waits to be killed.
[[noreturn]] void AppendThenWait(const std::string& dir, const EventSet& set, int ready_fd) {
  Options options = StoreOptions();
  options.create_if_missing = true;
  Result<std::unique_ptr<Store>> store = Store::Open(dir, options);
  if (!store.ok()) _exit(2);
  uint64_t last = 0;
  for (const Event& event : set.events()) {
    Result<uint64_t> seq = (*store)->AppendAsync(event);
    if (!seq.ok()) _exit(3);
    last = *seq;
  }
  if (!(*store)->WaitDurable(last).ok()) _exit(4);
  const char ready = 1;
  if (write(ready_fd, &ready, 1) != 1) _exit(5);
  for (;;) pause();
}

// Leaves in dir a store whose writer was killed (SIGKILL) once every event
// was durable, and none of it sealed.
Status KilledStore(const std::string& dir, const EventSet& set) {
  int fds[2];
  if (pipe(fds) != 0) return Status::IOError("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) return Status::IOError("fork failed");
  if (pid == 0) {
    close(fds[0]);
    AppendThenWait(dir, set, fds[1]);
  }
  close(fds[1]);
  char ready = 0;
  const ssize_t got = read(fds[0], &ready, 1);
  close(fds[0]);
  kill(pid, SIGKILL);
  int wait_status = 0;
  waitpid(pid, &wait_status, 0);
  if (got != 1) {
    return Status::IOError(fmt::format("the appending child failed (exit {})",
                                       WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1));
  }
  return Status::Ok();
}

// Reads every *.seg file of dir in 1 MiB preads: the limit of a full scan.
Result<uint64_t> ReadSegmentFiles(const std::string& dir) {
  std::vector<char> buffer(1 << 20);
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".seg") continue;
    const int fd = open(entry.path().c_str(), O_RDONLY);
    if (fd < 0) return Status::IOError("open " + entry.path().string());
    for (off_t at = 0;;) {
      const ssize_t n = pread(fd, buffer.data(), buffer.size(), at);
      if (n <= 0) break;
      at += n;
      total += static_cast<uint64_t>(n);
    }
    close(fd);
  }
  return total;
}

struct Repetition {
  double open_read_only_s = 0;
  double open_writer_s = 0;
  double scan_s = 0;
  double verify_s = 0;
  double read_files_s = 0;
  uint64_t records = 0;
  uint64_t segment_bytes = 0;
};

Result<Repetition> Measure(const std::string& dir, const EventSet& set) {
  SEALOG_RETURN_IF_ERROR(KilledStore(dir, set));
  Repetition r;
  {
    Options read_only = StoreOptions();
    read_only.read_only = true;
    const Clock::time_point start = Clock::now();
    Result<std::unique_ptr<Store>> store = Store::Open(dir, read_only);
    r.open_read_only_s = SecondsSince(start);
    if (!store.ok()) return store.status();
  }
  {
    const Clock::time_point start = Clock::now();
    Result<std::unique_ptr<Store>> store = Store::Open(dir, StoreOptions());
    r.open_writer_s = SecondsSince(start);
    if (!store.ok()) return store.status();
    r.records = (*store)->recovery().records;
    if (r.records != set.size()) {
      return Status::Corruption(
          fmt::format("recovered {} records of {} acknowledged", r.records, set.size()));
    }
    SEALOG_RETURN_IF_ERROR((*store)->Roll());  // sealed, for verify
  }
  Options read_only = StoreOptions();
  read_only.read_only = true;
  Result<std::unique_ptr<Store>> store = Store::Open(dir, read_only);
  if (!store.ok()) return store.status();
  for (const SegmentInfo& s : (*store)->Stats().segments) r.segment_bytes += s.size_bytes;
  {
    const Clock::time_point start = Clock::now();
    std::unique_ptr<Iterator> it = (*store)->Scan(1, UINT64_MAX);
    uint64_t records = 0, raw_bytes = 0;
    while (it->Next()) {
      ++records;
      raw_bytes += it->record().raw.size();
    }
    r.scan_s = SecondsSince(start);
    SEALOG_RETURN_IF_ERROR(it->status());
    if (records != set.size() || raw_bytes != set.json_bytes()) {
      return Status::Corruption(
          fmt::format("the scan read {} records, {} bytes", records, raw_bytes));
    }
  }
  {
    const Clock::time_point start = Clock::now();
    Result<VerifyReport> report = Verify(dir, VerifyOptions());
    r.verify_s = SecondsSince(start);
    if (!report.ok()) return report.status();
    if (!report->ok() || report->records_verified != set.size()) {
      return Status::Corruption("verify found problems in the recovered store");
    }
  }
  {
    const Clock::time_point start = Clock::now();
    Result<uint64_t> read = ReadSegmentFiles(dir);
    r.read_files_s = SecondsSince(start);
    if (!read.ok()) return read.status();
  }
  return r;
}

}  // namespace

int RunRecoveryBench(const RecoveryBenchOptions& options) {
  std::FILE* table = options.json ? stderr : stdout;
  const EventSet set(options.events, options.seed);
  const std::string root =
      options.dir.empty() ? std::filesystem::temp_directory_path().string() : options.dir;
  ScratchDir scratch(root);
  if (!scratch.ok()) {
    fmt::print(stderr, "sealog-bench: cannot make a directory under {}\n", root);
    return 1;
  }
  std::vector<Repetition> runs;
  for (int i = 0; i < options.repetitions; ++i) {
    Result<Repetition> run = Measure(scratch.Child("store-" + std::to_string(i)), set);
    if (!run.ok()) {
      fmt::print(stderr, "sealog-bench recovery: {}\n", run.status().ToString());
      return 1;
    }
    runs.push_back(*run);
    RemoveTree(scratch.Child("store-" + std::to_string(i)));
  }
  const auto median = [&](double Repetition::*field) {
    std::vector<double> values;
    for (const Repetition& run : runs) values.push_back(run.*field);
    return Median(values);
  };
  const Repetition& any = runs.front();
  const double gb = static_cast<double>(any.segment_bytes) / 1e9;
  const double open_writer = median(&Repetition::open_writer_s);
  const double open_read_only = median(&Repetition::open_read_only_s);
  const double scan = median(&Repetition::scan_s);
  const double verify = median(&Repetition::verify_s);
  const double read_files = median(&Repetition::read_files_s);

  fmt::print(table,
             "recovery and full scans (WORKLOAD.md 7, 8): {} events, {:.1f} MB of segments, "
             "median of {}\n",
             any.records, gb * 1e3, runs.size());
  fmt::print(table,
             "  open after kill -9, {} records unsealed: {:.1f} ms as the writer (tail scanned, "
             "index and leaves rebuilt, synced), {:.1f} ms read-only\n",
             any.records, open_writer * 1e3, open_read_only * 1e3);
  fmt::print(table, "  reading the segment files (1 MiB preads): {:.2f} GB/s\n", gb / read_files);
  fmt::print(table,
             "  full scan (Scan, every record's raw bytes): {:.2f} GB/s, {:.2f} of reading the "
             "files\n",
             gb / scan, read_files / scan);
  fmt::print(table, "  verify (one core): {:.2f} GB/s, {:.2f} of reading the files\n", gb / verify,
             read_files / verify);
  if (options.json) {
    const auto line = [&](const char* figure, double seconds) {
      fmt::print(stdout,
                 "{{\"bench\":\"recovery\",\"figure\":\"{}\",\"events\":{},\"segment_bytes\":{},"
                 "\"seconds\":{:.6f},\"gb_per_s\":{:.4f},\"samples\":{}}}\n",
                 figure, any.records, any.segment_bytes, seconds, gb / seconds, runs.size());
    };
    line("open_writer_after_kill", open_writer);
    line("open_read_only_after_kill", open_read_only);
    line("read_files", read_files);
    line("full_scan", scan);
    line("verify", verify);
  }
  return 0;
}

}  // namespace sealog::bench
