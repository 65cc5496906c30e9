// sealog-bench: the project's benchmarks on the reference workload.
//
//   sealog-bench --dump-jsonl N [--seed S]   the workload as JSON Lines on stdout
//   sealog-bench append [--events N] [--writer-counts 1,2,4,8] [--dir D] [--json]
//   sealog-bench evidence [--events N] [--segment-mb M] [--dir D] [--json]
//   sealog-bench recovery [--events N] [--repeat R] [--dir D] [--json]
//   sealog-bench query [--events N] [--queries Q] [--sqlite-cache-mb M]
//                      [--rocksdb-cache-mb M] [--dir D] [--json]
//   sealog-bench formats [--events N] [--repeat R] [--json]
//   sealog-bench tiers [--events N] [--queries Q] [--segment-mb M] [--no-zstd-19]
//                      [--cold-level L] [--cold-levels L,L,...] [--frame-cache-mb C]
//                      [--dir D] [--json]
//   sealog-bench all --report DIR [--scale small|medium|large] [--repeat R] [--only B,...]
//   sealog-bench report DIR                  REPORT.md and the plots again from DIR
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/append_bench.h"
#include "bench/evidence_bench.h"
#include "bench/recovery_bench.h"
#ifdef SEALOG_BENCH_FORMATS
#include "bench/formats_bench.h"
#endif
#include "bench/query_bench.h"
#include "bench/report/suite_report.h"
#include "bench/suite.h"
#include "bench/tiers_bench.h"
#include "bench/workload.h"

namespace sealog::bench {
namespace {

// Writes n events of the workload to stdout, one per line.
int DumpJsonl(uint64_t events, uint64_t seed) {
  WorkloadGenerator generator(seed);
  std::string buffer;
  constexpr size_t kFlushBytes = 1 << 20;
  buffer.reserve(kFlushBytes + WorkloadGenerator::kLineBytesMax + 1);
  for (uint64_t i = 0; i < events; ++i) {
    buffer.append(generator.NextView());
    buffer.push_back('\n');
    if (buffer.size() >= kFlushBytes || i + 1 == events) {
      if (std::fwrite(buffer.data(), 1, buffer.size(), stdout) != buffer.size()) {
        std::perror("sealog-bench: write to stdout");
        return 1;
      }
      buffer.clear();
    }
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}

int Main(int argc, char** argv) {
  CLI::App app("sealog benchmarks on the reference workload (docs/BENCHMARKS.md)");
  app.set_version_flag("--version", kBenchVersion);
  uint64_t dump_events = 0;
  uint64_t seed = 42;
  CLI::Option* dump = app.add_option("--dump-jsonl", dump_events,
                                     "write N events of the workload as JSON Lines to stdout");
  app.add_option("--seed", seed, "workload seed")->capture_default_str();
  app.require_subcommand(0, 1);
  app.fallthrough();  // "append --seed 7" as well as "--seed 7 append"

  AppendBenchOptions append_options;
  CLI::App* append = app.add_subcommand("append", "append throughput and latency vs the raw limit");
  append->add_option("--events", append_options.events, "events per run")->capture_default_str();
  append
      ->add_option("--sync-events", append_options.sync_events, "events of the durability sync run")
      ->capture_default_str();
  append
      ->add_option("--peer-writer-events", append_options.peer_writer_events,
                   "events of the peers' blocking-writer runs (SQLite takes one writer at a time)")
      ->capture_default_str();
  append->add_option("--writers", append_options.writers, "threads of the blocking batch run")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  append
      ->add_option("--async-window-bytes", append_options.async_window_bytes,
                   "bytes the AppendAsync writer keeps queued ahead of the disk")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  append
      ->add_option("--repeat", append_options.repetitions,
                   "run everything this many times and report medians")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  append
      ->add_option("--raw-batch-bytes", append_options.raw_batch_bytes,
                   "bytes per pwrite + fdatasync of the raw limit")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  append
      ->add_option("--writers-events", append_options.writers_events,
                   "events of the --writers blocking-writer batch run; 0: --events")
      ->capture_default_str();
  append
      ->add_option("--writer-counts", append_options.writer_counts,
                   "a sweep: every durability mode with each of these counts of blocking "
                   "writers (e.g. 1,2,4,8), sealog and the peers (bench \"append-writers\")")
      ->delimiter(',')
      ->check(CLI::Range(1, 1024));
  append
      ->add_option("--writer-count-events", append_options.writer_count_events,
                   "events of each durable run of the sweep (none: --events, at most 100,000)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  append->add_option("--dir", append_options.dir,
                     "where to create the stores (a new subdirectory, removed at the end); "
                     "default: the system temp directory");
  bool no_seal = false;
  append->add_flag("--no-seal", no_seal,
                   "open the stores with seal_segments off, to measure what sealing costs");
  append->add_flag("--json", append_options.json, "one JSON line per figure on stdout");
  std::string io_uring = "both";
  append->add_option("--io-uring", io_uring, "on, off or both")
      ->capture_default_str()
      ->check(CLI::IsMember({"on", "off", "both"}));

  EvidenceBenchOptions evidence_options;
  uint64_t segment_mb = evidence_options.segment_bytes >> 20;
  CLI::App* evidence =
      app.add_subcommand("evidence", "what tamper evidence costs: sealing, verify, proofs");
  evidence->add_option("--events", evidence_options.events, "events per run")
      ->capture_default_str();
  evidence->add_option("--segment-mb", segment_mb, "segment size, so how often a seal comes")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  evidence
      ->add_option("--repeat", evidence_options.repetitions,
                   "sealing on/off runs each; medians reported")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  evidence->add_option("--proofs", evidence_options.proofs, "records proved and checked")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  evidence->add_option("--dir", evidence_options.dir, "where to create the stores");
  evidence->add_flag("--json", evidence_options.json, "one JSON line of figures on stdout");

  std::vector<std::string> peers = {"sqlite", "rocksdb"};
  append
      ->add_option("--peers", peers,
                   "which peers append the same events in the same modes: sqlite, rocksdb "
                   "(when compiled in), or none")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::IsMember({"sqlite", "rocksdb", "none"}));
  std::vector<std::string> runs = {"async", "writers", "sync"};
  append
      ->add_option("--runs", runs,
                   "which runs besides none (always run): async (batch, 1 AppendAsync writer), "
                   "writers (batch, --writers blocking writers), sync")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::IsMember({"async", "writers", "sync"}));

  RecoveryBenchOptions recovery_options;
  CLI::App* recovery = app.add_subcommand(
      "recovery", "open after kill -9 with an unsealed tail; full scan and verify GB/s");
  recovery->add_option("--events", recovery_options.events, "events in the store")
      ->capture_default_str();
  recovery->add_option("--repeat", recovery_options.repetitions, "runs; medians reported")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  recovery->add_option("--dir", recovery_options.dir, "where to create the stores");
  recovery->add_flag("--json", recovery_options.json, "one JSON line per figure on stdout");
  QueryBenchOptions query_options;
  double time_range_percent = query_options.time_range_fraction * 100;
  double actor_time_percent = query_options.actor_time_fraction * 100;
  CLI::App* query = app.add_subcommand(
      "query",
      "queries by actor, resource, time range, actor AND time vs SQLite and RocksDB; index space");
  query->add_option("--events", query_options.events, "events loaded into every engine")
      ->capture_default_str();
  query->add_option("--queries", query_options.queries, "queries of each kind")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  query->add_option("--segments-few", query_options.segments_few, "segments of the first store")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  query
      ->add_option("--segments-many", query_options.segments_many,
                   "segments of the second store, holding the same events")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  query
      ->add_option("--time-range-percent", time_range_percent,
                   "width of the time ranges, in percent of the events' time span")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 100.0));
  query
      ->add_option("--actor-time-percent", actor_time_percent,
                   "width of the ranges of actor AND time queries, in percent of the span")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 100.0));
  query
      ->add_option("--sqlite-cache-mb", query_options.sqlite_cache_mb,
                   "SQLite's page cache (PRAGMA cache_size); 0: SQLite's default, 2 MB")
      ->capture_default_str();
  query
      ->add_option("--rocksdb-cache-mb", query_options.rocksdb_cache_mb,
                   "RocksDB's block cache, when RocksDB is compiled in; 0: RocksDB's default, 8 MB")
      ->capture_default_str();
  query->add_flag("!--no-map", query_options.map_segments,
                  "read the stores' segments with pread, not through a memory map");
  query->add_option("--dir", query_options.dir, "where to create the stores and the database");
  query->add_flag("--json", query_options.json, "one JSON line per figure on stdout");

  TiersBenchOptions tiers_options;
  uint64_t tiers_segment_mb = tiers_options.segment_bytes >> 20;
  uint64_t tiers_frame_cache_mb = tiers_options.frame_cache_bytes >> 20;
  bool no_zstd_19 = false;
  CLI::App* tiers = app.add_subcommand(
      "tiers",
      "bytes per event hot, warm and cold vs zstd -3/-19 of the lines; move speeds; query "
      "latency by tier");
  tiers->add_option("--events", tiers_options.events, "events in the store")->capture_default_str();
  tiers->add_option("--queries", tiers_options.queries, "queries of each kind on each tier")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  tiers->add_option("--segment-mb", tiers_segment_mb, "segment size")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  tiers->add_flag("--no-zstd-19", no_zstd_19, "leave out zstd -19 (slow: under 1 MB/s)");
  tiers
      ->add_option("--cold-level", tiers_options.cold_level,
                   "zstd level of the cold store queried (the store default unless given)")
      ->capture_default_str()
      ->check(CLI::Range(1, 22));
  tiers
      ->add_option("--cold-levels", tiers_options.cold_levels,
                   "more cold moves, one per level (e.g. 9,12,19): size and speed per level")
      ->delimiter(',')
      ->check(CLI::Range(1, 22));
  tiers
      ->add_option("--frame-cache-mb", tiers_frame_cache_mb,
                   "decoded warm frames the stores queried keep (Options::frame_cache_bytes)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65536));
  tiers->add_option("--dir", tiers_options.dir, "where to create the stores");
  tiers->add_flag("--json", tiers_options.json, "one JSON line per figure on stdout");

#ifdef SEALOG_BENCH_FORMATS
  FormatsBenchOptions formats_options;
  CLI::App* formats = app.add_subcommand(
      "formats", "output formats of query/tail/export (jsonl, csv, cef, ...) vs raw bytes");
  formats->add_option("--events", formats_options.events, "records written per run")
      ->capture_default_str();
  formats->add_option("--repeat", formats_options.repetitions, "runs per format; medians")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  formats->add_flag("--json", formats_options.json, "one JSON line per format on stdout");
#endif
  SuiteOptions suite_options;
  CLI::App* all = app.add_subcommand(
      "all", "every benchmark at one scale, each in its own process, then the report");
  all->add_option("--scale", suite_options.scale, "small, medium or large (WORKLOAD.md)")
      ->capture_default_str()
      ->check(CLI::IsMember({"small", "medium", "large"}));
  all->add_option("--events", suite_options.events, "this many events instead of the scale's");
  all->add_option("--repeat", suite_options.repetitions,
                  "runs of append, evidence and recovery; medians reported")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  all->add_option("--report", suite_options.out,
                  "the report directory: figures, logs, REPORT.md and plots (created)")
      ->required();
  all->add_option("--only", suite_options.benches, "a subset: append,evidence,recovery,query,tiers")
      ->delimiter(',')
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(report::kSuiteBenches),
                                                     std::end(report::kSuiteBenches))));
  all->add_option("--dir", suite_options.dir, "where to create the stores");
  std::string report_dir;
  CLI::App* report = app.add_subcommand(
      "report", "write REPORT.md and the plots again from a report directory's figures");
  report->add_option("DIR", report_dir, "a directory `all --report` wrote")->required();

  CLI11_PARSE(app, argc, argv);

  if (*all) {
    suite_options.seed = seed;
    for (int i = 0; i < argc; ++i) {
      suite_options.command += (i == 0 ? "sealog-bench" : std::string(" ") + argv[i]);
    }
    return RunSuite(suite_options);
  }
  if (*report) {
    const Status status = report::WriteSuiteReport(report_dir);
    if (!status.ok()) {
      std::fprintf(stderr, "sealog-bench report: %s\n", status.ToString().c_str());
      return 1;
    }
    std::fprintf(stderr, "report: %s/%s\n", report_dir.c_str(), report::kReportFile);
    return 0;
  }

  if (*dump) return DumpJsonl(dump_events, seed);
  if (*append) {
    append_options.seed = seed;
    append_options.io_uring_on = io_uring != "off";
    append_options.io_uring_off = io_uring != "on";
    const auto has = [&](const char* run) {
      return std::find(runs.begin(), runs.end(), run) != runs.end();
    };
    append_options.run_async = has("async");
    append_options.run_writers = has("writers");
    append_options.run_sync = has("sync");
    append_options.seal_segments = !no_seal;
    const auto peer = [&](const char* name) {
      return std::find(peers.begin(), peers.end(), name) != peers.end();
    };
    append_options.peer_sqlite = peer("sqlite");
    append_options.peer_rocksdb = peer("rocksdb");
    return RunAppendBench(append_options);
  }
  if (*evidence) {
    evidence_options.seed = seed;
    evidence_options.segment_bytes = segment_mb << 20;
    return RunEvidenceBench(evidence_options);
  }
  if (*recovery) {
    recovery_options.seed = seed;
    return RunRecoveryBench(recovery_options);
  }
  if (*query) {
    query_options.seed = seed;
    query_options.time_range_fraction = time_range_percent / 100;
    query_options.actor_time_fraction = actor_time_percent / 100;
    return RunQueryBench(query_options);
  }
  if (*tiers) {
    tiers_options.seed = seed;
    tiers_options.segment_bytes = tiers_segment_mb << 20;
    tiers_options.frame_cache_bytes = tiers_frame_cache_mb << 20;
    tiers_options.zstd_19 = !no_zstd_19;
    return RunTiersBench(tiers_options);
  }
#ifdef SEALOG_BENCH_FORMATS
  if (*formats) {
    formats_options.seed = seed;
    return RunFormatsBench(formats_options);
  }
#endif
  std::fprintf(stderr, "%s", app.help().c_str());
  return 2;
}

}  // namespace
}  // namespace sealog::bench

int main(int argc, char** argv) { return sealog::bench::Main(argc, argv); }
