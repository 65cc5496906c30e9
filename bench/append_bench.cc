#include "bench/append_bench.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "bench/append_runs.h"
#include "bench/bench_report.h"
#include "bench/event_set.h"
#include "bench/peer_append.h"
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

// A peer of WORKLOAD.md and how each of sealog's modes maps onto it
// (peer_append.h has the runs):
//  - none: SQLite synchronous=OFF (WAL), one transaction per group of
//    raw_batch_bytes (1 MiB) of events, like sealog's group commit limit: a
//    transaction per event would measure SQLite's per-transaction cost, which
//    sealog's none does not pay; RocksDB sync=false, one WriteBatch per event
//    (its four keys), RocksDB's own unit of atomicity.
//  - batch, 1 writer (sealog: AppendAsync, group commit): the writer commits
//    each group of 1 MiB of events durably, SQLite synchronous=FULL (WAL),
//    RocksDB a WriteBatch with sync=true; latency is the group's commit.
//  - batch, `writers` blocking writers, each waiting for its own event: SQLite
//    a connection per thread, BEGIN IMMEDIATE (busy timeout) + INSERT +
//    COMMIT with synchronous=FULL, serialized by SQLite's write lock;
//    RocksDB one DB, each thread a WriteBatch per event with sync=true, its
//    writer queue doing the group commit.
//  - sync: one durable transaction / WriteBatch per event, one thread, on
//    sync_events events.
struct Peer {
  const char* engine;
  Result<PeerAppendResult> (*run)(const std::string&, const EventSet&, const PeerAppendConfig&);
  Result<uint64_t> (*count)(const std::string&);
  bool group_when_not_durable;  // none in groups (SQLite) or per event (RocksDB)
  const char* off;              // the not-durable setting, for the variant label
  const char* on;               // the durable one
  const char* unit;             // "txn" or "wb" (WriteBatch)
};

constexpr Peer kSqlite = {"sqlite", RunSqliteAppend, CountSqliteEvents, true, "OFF", "FULL", "txn"};
#ifdef SEALOG_BENCH_ROCKSDB
constexpr Peer kRocksdb = {"rocksdb", RunRocksdbAppend, CountRocksdbEvents, false, "nosync", "sync",
                           "wb"};
#endif

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
        const uint64_t events = options_.writers_events > 0
                                    ? std::min<uint64_t>(options_.writers_events, set_.size())
                                    : set_.size();
        SEALOG_RETURN_IF_ERROR(RunStore(Durability::kBatch, options_.writers, io_uring, events));
      }
      if (options_.run_sync) {
        SEALOG_RETURN_IF_ERROR(RunStore(Durability::kSync, 1, io_uring,
                                        std::min<uint64_t>(options_.sync_events, set_.size())));
      }
    }
    SEALOG_RETURN_IF_ERROR(RunStoreWriterCounts());
    for (const Peer* peer : Peers()) {
      SEALOG_RETURN_IF_ERROR(RunPeer(*peer, Durability::kNone, 1, set_.size()));
      if (options_.run_async) {
        SEALOG_RETURN_IF_ERROR(RunPeer(*peer, Durability::kBatch, 1, set_.size()));
      }
      if (options_.run_writers) {
        SEALOG_RETURN_IF_ERROR(
            RunPeer(*peer, Durability::kBatch, options_.writers,
                    std::min<uint64_t>(options_.peer_writer_events, set_.size())));
      }
      if (options_.run_sync) {
        SEALOG_RETURN_IF_ERROR(RunPeer(*peer, Durability::kSync, 1,
                                       std::min<uint64_t>(options_.sync_events, set_.size())));
      }
    }
    for (const Peer* peer : Peers()) SEALOG_RETURN_IF_ERROR(RunPeerWriterCounts(*peer));
    // Once more at the end: the limit is the better of the two.
    if (!raw_data_.empty()) SEALOG_RETURN_IF_ERROR(RunRawSequential());
    SetRatios();
    SetSealogRatios();
    return Status::Ok();
  }

  // The raw 1 MiB runs first, then the store's runs in order, then the peers'.
  std::vector<Figure> figures() const {
    std::vector<Figure> all = raw_figures_;
    all.insert(all.end(), store_figures_.begin(), store_figures_.end());
    all.insert(all.end(), peer_figures_.begin(), peer_figures_.end());
    return all;
  }

  std::vector<const Peer*> Peers() const {
    std::vector<const Peer*> peers;
    if (options_.peer_sqlite) peers.push_back(&kSqlite);
#ifdef SEALOG_BENCH_ROCKSDB
    if (options_.peer_rocksdb) peers.push_back(&kRocksdb);
#endif
    return peers;
  }

 private:
  std::string NextDir(const std::string& name) {
    return scratch_.Child(fmt::format("{:02d}-{}", runs_++, name));
  }

  static constexpr const char* kSweep = "append-writers";

  uint64_t SweepEvents(Durability durability) const {
    return std::min<uint64_t>(set_.size(), durability == Durability::kNone
                                               ? AppendBenchOptions::kSweepNoneEventsMax
                                               : options_.writer_count_events);
  }

  // Every mode at every count of blocking writers, io_uring as Options has it.
  Status RunStoreWriterCounts() {
    const bool io_uring = Options().use_io_uring;
    for (Durability durability : {Durability::kNone, Durability::kBatch, Durability::kSync}) {
      for (int writers : options_.writer_counts) {
        SEALOG_RETURN_IF_ERROR(
            RunStore(durability, writers, io_uring, SweepEvents(durability), kSweep));
      }
    }
    return Status::Ok();
  }

  // A peer's per-event writes, not durable and durable (batch: for a peer,
  // sync is the same per-event commit), at every count of writers.
  Status RunPeerWriterCounts(const Peer& peer) {
    for (Durability durability : {Durability::kNone, Durability::kBatch}) {
      for (int writers : options_.writer_counts) {
        SEALOG_RETURN_IF_ERROR(RunPeer(peer, durability, writers, SweepEvents(durability), kSweep));
      }
    }
    return Status::Ok();
  }

  // bench == kSweep: blocking writers whatever their count (one writer in
  // kBatch calls Append, not AppendAsync).
  Status RunStore(Durability durability, int writers, bool io_uring, uint64_t events,
                  const char* bench = "append") {
    const bool sweep = bench == std::string_view(kSweep);
    const std::string dir =
        NextDir(fmt::format("{}{}-{}w-{}", sweep ? "sweep-" : "", ModeName(durability), writers,
                            io_uring ? "uring" : "pwrite"));
    AppendRunConfig config{
        durability, writers, io_uring, events, options_.async_window_bytes, options_.seal_segments};
    config.blocking = sweep;
    Result<AppendRunResult> run = RunAppend(dir, set_, config);
    if (!run.ok()) return run.status();
    // The first store's files are the bytes the raw limit writes.
    if (raw_data_.empty() && events == set_.size()) {
      Result<std::string> bytes = ReadDirectoryBytes(dir);
      if (!bytes.ok()) return bytes.status();
      raw_data_ = std::move(bytes).value();
    }
    RemoveTree(dir);

    Figure figure = MakeFigure(bench, ModeName(durability), "", writers, run->io_uring);
    figure.events = run->events;
    figure.seconds = run->seconds;
    figure.flush_seconds = run->flush_seconds;
    figure.disk_bytes = run->trace.bytes;
    figure.json_bytes = run->json_bytes;
    figure.syncs = run->trace.syncs;
    SetLatencies(run->latencies_ns, &figure);
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
    Figure figure = MakeFigure(
        "append", "raw", fmt::format("{}KiB-batches", options_.raw_batch_bytes / 1024), 1, false);
    figure.events = set_.size();
    figure.seconds = run->seconds;
    figure.disk_bytes = run->bytes;
    figure.json_bytes = set_.json_bytes();
    figure.syncs = run->syncs;
    Progress(figure);
    raw_figures_.push_back(figure);
    return Status::Ok();
  }

  // One peer run in a fresh directory, mapped from sealog's mode as Peer's
  // comment says; every event is counted back out of the database after it.
  Status RunPeer(const Peer& peer, Durability durability, int writers, uint64_t events,
                 const char* bench = "append") {
    PeerAppendConfig config;
    config.durable = durability != Durability::kNone;
    config.writers = writers;
    config.events = events;
    // The sweep's writers each commit their own events, whatever their count.
    const bool sweep = bench == std::string_view(kSweep);
    const bool grouped =
        !sweep && ((durability == Durability::kBatch && writers == 1) ||
                   (durability == Durability::kNone && peer.group_when_not_durable));
    config.group_bytes = grouped ? options_.raw_batch_bytes : 0;
    const std::string dir =
        NextDir(fmt::format("{}-{}-{}-{}w", peer.engine, bench, ModeName(durability), writers));
    Result<PeerAppendResult> run = peer.run(dir, set_, config);
    if (!run.ok()) {
      RemoveTree(dir);
      return run.status();
    }
    Result<uint64_t> stored = peer.count(dir);
    RemoveTree(dir);
    if (!stored.ok()) return stored.status();
    if (*stored != events) {
      return Status::Corruption(
          fmt::format("{} holds {} events of the {} appended", peer.engine, *stored, events));
    }
    Figure figure = MakeFigure(
        bench, ModeName(durability),
        fmt::format("{},{}/{}", config.durable ? peer.on : peer.off, peer.unit,
                    grouped ? fmt::format("{}KiB", options_.raw_batch_bytes / 1024) : "event"),
        writers, false);
    figure.engine = peer.engine;
    figure.events = run->events;
    figure.seconds = run->seconds;
    figure.flush_seconds = run->flush_seconds;
    figure.disk_bytes = run->disk_bytes;
    figure.json_bytes = run->json_bytes;
    SetLatencies(run->latencies_ns, &figure);
    Progress(figure);
    peer_figures_.push_back(figure);
    return Status::Ok();
  }

  // sealog's events/s in the same mode and writers (the better of its
  // io_uring on and off runs) over each peer's.
  void SetSealogRatios() {
    for (Figure& peer : peer_figures_) {
      double best = 0;
      for (const Figure& store : store_figures_) {
        if (store.bench == peer.bench && store.mode == peer.mode && store.writers == peer.writers) {
          best = std::max(best, store.events_per_s());
        }
      }
      if (best > 0 && peer.events_per_s() > 0) peer.sealog_ratio = best / peer.events_per_s();
    }
  }

  void SetRatios() {
    double raw_mb_per_s = 0;
    for (const Figure& raw : raw_figures_) raw_mb_per_s = std::max(raw_mb_per_s, raw.mb_per_s());
    if (raw_mb_per_s <= 0) return;
    for (Figure& figure : store_figures_) figure.ratio_to_raw = figure.mb_per_s() / raw_mb_per_s;
  }

  static Figure MakeFigure(const char* bench, const char* mode, std::string variant, int writers,
                           bool io_uring) {
    Figure figure;
    figure.bench = bench;
    figure.mode = mode;
    figure.variant = std::move(variant);
    figure.writers = writers;
    figure.io_uring = io_uring;
    return figure;
  }

  static void Progress(const Figure& f) {
    fmt::print(
        stderr,
        "  {:<14} {:<7} {:<5} {:>2} writer(s) io_uring {:<3}: {:>9.0f} events/s {:>7.1f} MB/s\n",
        f.bench, f.engine, f.mode, f.writers, f.io_uring ? "on" : "off", f.events_per_s(),
        f.mb_per_s());
  }

  const AppendBenchOptions& options_;
  const ScratchDir& scratch_;
  const EventSet& set_;
  int runs_ = 0;
  std::string raw_data_;  // the store's files for all the events
  std::vector<Figure> raw_figures_;
  std::vector<Figure> store_figures_;
  std::vector<Figure> peer_figures_;
};

// After the table: how the peers were driven, and sealog's events/s over each
// peer's in the same mode.
void PrintPeerSummary(std::FILE* out, const std::vector<Figure>& figures, uint64_t group_bytes) {
  bool any = false;
  for (const Figure& f : figures) any = any || f.sealog_ratio.has_value();
  if (!any) return;
  fmt::print(out,
             "\npeers: the same events, a fresh directory each, every event counted back after "
             "the run;\n"
             "  sqlite: WAL, indexes on actor, resource, ts; synchronous OFF or FULL; txn/{0}KiB = "
             "one transaction per {0} KiB of events\n"
             "          (one writer), txn/event = one per event (w connections, BEGIN IMMEDIATE, "
             "busy timeout)\n"
             "  rocksdb: WAL, the record and 3 index keys per event; WriteOptions sync false or "
             "true; wb = one WriteBatch\n"
             "          per {0} KiB of events (one writer) or per event (w threads on one DB)\n"
             "  MB/s: the files after closing over the run's time; p50/p99: each event's "
             "commit (its group's, for groups)\n"
             "sealog / peer (events/s, same mode and writers; sealog's better io_uring run):\n",
             group_bytes / 1024);
  for (const Figure& f : figures) {
    if (!f.sealog_ratio) continue;
    fmt::print(out, "  {:<6} {:>2}w  {:<8} {:<18} {:>7.2f}x\n", f.mode, f.writers, f.engine,
               f.variant, *f.sealog_ratio);
  }
}

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
#ifndef SEALOG_BENCH_ROCKSDB
  if (options.peer_rocksdb) {
    fmt::print(stderr,
               "append: RocksDB is not compiled in (librocksdb-dev); its runs are skipped\n");
  }
#endif
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
  PrintPeerSummary(options.json ? stderr : stdout, figures, options.raw_batch_bytes);
  return 0;
}

}  // namespace sealog::bench
