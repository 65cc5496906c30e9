#include "bench/append_bench.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/append_runs.h"
#include "bench/bench_report.h"
#include "bench/event_set.h"
#include "bench/raw_writer.h"
#include "bench/scratch_dir.h"

namespace sealog::bench {
namespace {

namespace fs = std::filesystem;

// Every regular file under dir, in path order, back to back.
Result<std::string> ReadDirectoryBytes(const std::string& dir) {
  std::vector<fs::path> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file(error)) files.push_back(it->path());
  }
  if (error) return Status::IOError("list " + dir + ": " + error.message());
  std::sort(files.begin(), files.end());
  std::string bytes;
  for (const fs::path& file : files) {
    const uint64_t size = fs::file_size(file, error);
    if (error) return Status::IOError("size of " + file.string() + ": " + error.message());
    const size_t start = bytes.size();
    bytes.resize(start + size);
    std::ifstream in(file, std::ios::binary);
    if (!in.read(bytes.data() + start, static_cast<std::streamsize>(size))) {
      return Status::IOError("read " + file.string());
    }
  }
  return bytes;
}

const char* ModeName(Durability durability) {
  switch (durability) {
    case Durability::kNone:
      return "none";
    case Durability::kBatch:
      return "batch";
    case Durability::kSync:
      return "sync";
  }
  return "?";
}

class AppendBench {
 public:
  AppendBench(const AppendBenchOptions& options, const ScratchDir& scratch, const EventSet& set)
      : options_(options), scratch_(scratch), set_(set) {}

  Status Run() {
    // The none run always comes first: its files are the raw limit's bytes.
    for (bool io_uring : {true, false}) {
      if (!(io_uring ? options_.io_uring_on : options_.io_uring_off)) continue;
      SEALOG_RETURN_IF_ERROR(RunStore(Durability::kNone, 1, io_uring, set_.size()));
      if (raw_figures_.empty()) SEALOG_RETURN_IF_ERROR(RunRawSequential());
      if (options_.run_async) {
        SEALOG_RETURN_IF_ERROR(RunStore(Durability::kBatch, 1, io_uring, set_.size()));
      }
      if (options_.run_writers) {
        SEALOG_RETURN_IF_ERROR(
            RunStore(Durability::kBatch, options_.writers, io_uring, set_.size()));
      }
      if (options_.run_sync) {
        SEALOG_RETURN_IF_ERROR(RunStore(Durability::kSync, 1, io_uring,
                                        std::min<uint64_t>(options_.sync_events, set_.size())));
      }
    }
    // Once more at the end: the limit is the better of the two.
    if (!raw_data_.empty()) SEALOG_RETURN_IF_ERROR(RunRawSequential());
    SetRatios();
    return Status::Ok();
  }

  // The raw 1 MiB runs first, then the store's runs in order.
  std::vector<Figure> figures() const {
    std::vector<Figure> all = raw_figures_;
    all.insert(all.end(), store_figures_.begin(), store_figures_.end());
    return all;
  }

 private:
  std::string NextDir(const std::string& name) {
    return scratch_.Child(fmt::format("{:02d}-{}", runs_++, name));
  }

  Status RunStore(Durability durability, int writers, bool io_uring, uint64_t events) {
    const std::string dir = NextDir(
        fmt::format("{}-{}w-{}", ModeName(durability), writers, io_uring ? "uring" : "pwrite"));
    Result<AppendRunResult> run = RunAppend(dir, set_,
                                            {durability, writers, io_uring, events,
                                             options_.async_window_bytes, options_.seal_segments});
    if (!run.ok()) return run.status();
    // The first store's files are the bytes the raw limit writes.
    if (raw_data_.empty() && events == set_.size()) {
      Result<std::string> bytes = ReadDirectoryBytes(dir);
      if (!bytes.ok()) return bytes.status();
      raw_data_ = std::move(bytes).value();
    }
    RemoveTree(dir);

    Figure figure = MakeFigure(ModeName(durability), "", writers, run->io_uring);
    figure.events = run->events;
    figure.seconds = run->seconds;
    figure.flush_seconds = run->flush_seconds;
    figure.disk_bytes = run->trace.bytes;
    figure.json_bytes = run->json_bytes;
    figure.syncs = run->trace.syncs;
    if (!run->latencies_ns.empty()) {
      figure.p50_us = Percentile(run->latencies_ns, 0.50) / 1e3;
      figure.p99_us = Percentile(run->latencies_ns, 0.99) / 1e3;
    }
    if (durability != Durability::kNone) {
      // The same writes and syncs, issued by one thread with nothing else to do.
      const std::string path = NextDir("raw-replay");
      Result<RawRun> replay = RunRawWrites(path, raw_data_, run->trace.ops);
      RemoveTree(path);
      if (!replay.ok()) return replay.status();
      figure.ratio_to_raw_same_batches = replay->seconds / run->seconds;
    }
    Progress(figure);
    store_figures_.push_back(figure);
    return Status::Ok();
  }

  Status RunRawSequential() {
    const std::string path = NextDir("raw-1mib");
    const std::vector<WriteOp> plan = SequentialPlan(raw_data_.size(), options_.raw_batch_bytes);
    Result<RawRun> run = RunRawWrites(path, raw_data_, plan);
    RemoveTree(path);
    if (!run.ok()) return run.status();
    Figure figure =
        MakeFigure("raw", fmt::format("{}KiB-batches", options_.raw_batch_bytes / 1024), 1, false);
    figure.events = set_.size();
    figure.seconds = run->seconds;
    figure.disk_bytes = run->bytes;
    figure.json_bytes = set_.json_bytes();
    figure.syncs = run->syncs;
    Progress(figure);
    raw_figures_.push_back(figure);
    return Status::Ok();
  }

  void SetRatios() {
    double raw_mb_per_s = 0;
    for (const Figure& raw : raw_figures_) raw_mb_per_s = std::max(raw_mb_per_s, raw.mb_per_s());
    if (raw_mb_per_s <= 0) return;
    for (Figure& figure : store_figures_) figure.ratio_to_raw = figure.mb_per_s() / raw_mb_per_s;
  }

  static Figure MakeFigure(const char* mode, std::string variant, int writers, bool io_uring) {
    Figure figure;
    figure.bench = "append";
    figure.mode = mode;
    figure.variant = std::move(variant);
    figure.writers = writers;
    figure.io_uring = io_uring;
    return figure;
  }

  static void Progress(const Figure& f) {
    fmt::print(stderr, "  {:<5} {:>2} writer(s) io_uring {:<3}: {:>9.0f} events/s {:>7.1f} MB/s\n",
               f.mode, f.writers, f.io_uring ? "on" : "off", f.events_per_s(), f.mb_per_s());
  }

  const AppendBenchOptions& options_;
  const ScratchDir& scratch_;
  const EventSet& set_;
  int runs_ = 0;
  std::string raw_data_;  // the store's files for all the events
  std::vector<Figure> raw_figures_;
  std::vector<Figure> store_figures_;
};

}  // namespace

int RunAppendBench(const AppendBenchOptions& options) {
  std::error_code error;
  const std::string root =
      options.dir.empty() ? fs::temp_directory_path(error).string() : options.dir;
  ScratchDir scratch(root);
  if (!scratch.ok()) {
    fmt::print(stderr, "sealog-bench: cannot create a directory in {}\n", root);
    return 1;
  }
  double load[1] = {0};
  getloadavg(load, 1);
  const auto start = std::chrono::steady_clock::now();
  const EventSet set(options.events, options.seed);
  fmt::print(
      stderr,
      "append: {} events ({:.1f} MB of JSON) generated in {:.2f} s; stores in {}; load {:.2f}\n",
      set.size(), set.json_bytes() / 1e6,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
      scratch.path(), load[0]);

  std::vector<std::vector<Figure>> repetitions;
  for (int r = 0; r < options.repetitions; ++r) {
    AppendBench bench(options, scratch, set);
    const Status status = bench.Run();
    if (!status.ok()) {
      fmt::print(stderr, "sealog-bench append: {}\n", status.ToString());
      return 1;
    }
    repetitions.push_back(bench.figures());
  }
  const std::vector<Figure> figures = MedianFigures(repetitions);
  if (options.json) {
    for (const Figure& figure : figures) fmt::print("{}\n", ToJsonLine(figure));
  }
  PrintTable(options.json ? stderr : stdout, figures);
  return 0;
}

}  // namespace sealog::bench
