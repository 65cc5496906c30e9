#include "bench/evidence_bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "bench/event_set.h"
#include "bench/scratch_dir.h"
#include "bench/timing.h"
#include "crypto/signing_key.h"
#include "sealog/store.h"
#include "sealog/verify.h"

namespace sealog::bench {

namespace {

// A fixed root key, so that proofs can be checked against it.
constexpr char kRootSeedByte = '\x42';

std::string RootPublicKey() {
  crypto::Seed seed;
  seed.fill(static_cast<uint8_t>(kRootSeedByte));
  const crypto::PublicKey key = crypto::SigningKey::FromSeed(seed).public_key();
  return std::string(reinterpret_cast<const char*>(key.data()), key.size());
}

Options StoreOptions(const EvidenceBenchOptions& bench, Durability durability, bool sealing) {
  Options options;
  options.create_if_missing = true;
  options.durability = durability;
  options.segment_size_max = bench.segment_bytes;
  options.seal_segments = sealing;
  options.root_key_seed = std::string(32, kRootSeedByte);
  return options;
}

// Appends every event with AppendAsync and flushes; returns events/s from the
// first append to the flush (everything written and synced, seals included).
Result<double> TimedAppend(const std::string& dir, const EventSet& set, const Options& options) {
  Result<std::unique_ptr<Store>> opened = Store::Open(dir, options);
  if (!opened.ok()) return opened.status();
  Store& store = **opened;
  const Clock::time_point start = Clock::now();
  for (const Event& event : set.events()) {
    Result<uint64_t> seq = store.AppendAsync(event);
    if (!seq.ok()) return seq.status();
  }
  SEALOG_RETURN_IF_ERROR(store.Flush());
  return static_cast<double>(set.size()) / SecondsSince(start);
}

// kWriters threads each append their share with the blocking Append (batch
// durability): the disk-bound case, where each group commit waits for fdatasync.
Result<double> TimedBlockingAppend(const std::string& dir, const EventSet& set, uint64_t events,
                                   const Options& options) {
  constexpr int kWriters = 8;
  Result<std::unique_ptr<Store>> opened = Store::Open(dir, options);
  if (!opened.ok()) return opened.status();
  Store& store = **opened;
  std::vector<std::thread> threads;
  std::atomic<bool> failed{false};
  const Clock::time_point start = Clock::now();
  for (int t = 0; t < kWriters; ++t) {
    threads.emplace_back([&, t] {
      for (uint64_t i = t; i < events; i += kWriters) {
        if (!store.Append(set.events()[i]).ok()) failed = true;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  if (failed) return Status::IOError("an append failed");
  return static_cast<double>(events) / SecondsSince(start);
}

struct Figures {
  double none_on = 0, none_off = 0, batch_on = 0, batch_off = 0;  // events/s
  double blocking_on = 0, blocking_off = 0;                       // events/s, 8 writers
  double seal_ms = 0;
  double segment_mb = 0;
  double verify_mb_per_s = 0;
  double verify_mb = 0;
  double proof_bytes = 0;
  double prove_ms = 0;
  double check_ms = 0;
};

Status MeasureSealingCost(const EvidenceBenchOptions& bench, const EventSet& set,
                          const ScratchDir& scratch, Figures* figures) {
  std::vector<double> none_on, none_off, batch_on, batch_off, blocking_on, blocking_off;
  int run = 0;
  const uint64_t blocking_events = std::min<uint64_t>(set.size(), 20'000);
  for (int i = 0; i < bench.repetitions; ++i) {
    // Alternate on and off so that drift on a shared machine hits both alike.
    for (bool sealing : {true, false}) {
      const std::string blocking_dir = scratch.Child("blocking-" + std::to_string(run++));
      Result<double> blocking = TimedBlockingAppend(
          blocking_dir, set, blocking_events, StoreOptions(bench, Durability::kBatch, sealing));
      if (!blocking.ok()) return blocking.status();
      RemoveTree(blocking_dir);
      (sealing ? blocking_on : blocking_off).push_back(*blocking);
      for (Durability durability : {Durability::kNone, Durability::kBatch}) {
        const std::string dir = scratch.Child("append-" + std::to_string(run++));
        Result<double> rate = TimedAppend(dir, set, StoreOptions(bench, durability, sealing));
        if (!rate.ok()) return rate.status();
        RemoveTree(dir);
        auto& list = durability == Durability::kNone ? (sealing ? none_on : none_off)
                                                     : (sealing ? batch_on : batch_off);
        list.push_back(*rate);
      }
    }
  }
  figures->none_on = Median(none_on);
  figures->none_off = Median(none_off);
  figures->batch_on = Median(batch_on);
  figures->batch_off = Median(batch_off);
  figures->blocking_on = Median(blocking_on);
  figures->blocking_off = Median(blocking_off);
  return Status::Ok();
}

// Fills segments of about segment_bytes and times each Roll (close + seal).
Status MeasureSealTime(const EvidenceBenchOptions& bench, const EventSet& set,
                       const std::string& dir, Figures* figures) {
  Options options = StoreOptions(bench, Durability::kNone, true);
  options.segment_size_max = 1ull << 40;  // only Roll closes segments here
  Result<std::unique_ptr<Store>> opened = Store::Open(dir, options);
  if (!opened.ok()) return opened.status();
  Store& store = **opened;
  std::vector<double> seal_ms;
  uint64_t bytes = 0, segment_bytes = 0;
  for (const Event& event : set.events()) {
    SEALOG_RETURN_IF_ERROR(store.AppendAsync(event).status());
    bytes += event.raw.size();
    if (bytes >= bench.segment_bytes) {
      SEALOG_RETURN_IF_ERROR(store.Flush());
      const Clock::time_point start = Clock::now();
      SEALOG_RETURN_IF_ERROR(store.Roll());
      seal_ms.push_back(SecondsSince(start) * 1e3);
      segment_bytes += bytes;
      bytes = 0;
    }
  }
  SEALOG_RETURN_IF_ERROR(store.Roll());
  if (seal_ms.empty()) return Status::InvalidArgument("too few events to fill one segment");
  figures->seal_ms = Median(seal_ms);
  figures->segment_mb = static_cast<double>(segment_bytes) / seal_ms.size() / 1e6;
  return Status::Ok();
}

Status MeasureVerifyAndProofs(const EvidenceBenchOptions& bench, const EventSet& set,
                              const std::string& dir, Figures* figures) {
  VerifyOptions verify_options;
  Verify(dir, verify_options);  // warm the page cache: measure the CPU, not the disk
  const Clock::time_point start = Clock::now();
  Result<VerifyReport> report = Verify(dir, verify_options);
  const double seconds = SecondsSince(start);
  if (!report.ok()) return report.status();
  if (!report->ok() || report->records_verified != set.size()) {
    return Status::Corruption("the benchmark store does not verify");
  }
  figures->verify_mb = static_cast<double>(report->bytes_read) / 1e6;
  figures->verify_mb_per_s = figures->verify_mb / seconds;

  std::vector<double> prove_ms, check_ms, sizes;
  for (int i = 0; i < bench.proofs; ++i) {
    const uint64_t seq = 1 + (set.size() - 1) * static_cast<uint64_t>(i) /
                                 static_cast<uint64_t>(std::max(1, bench.proofs - 1));
    Clock::time_point t = Clock::now();
    Result<std::string> proof = ProveRecord(dir, seq);
    prove_ms.push_back(SecondsSince(t) * 1e3);
    if (!proof.ok()) return proof.status();
    sizes.push_back(static_cast<double>(proof->size()));
    t = Clock::now();
    Status checked = CheckProof(*proof, RootPublicKey());
    check_ms.push_back(SecondsSince(t) * 1e3);
    SEALOG_RETURN_IF_ERROR(checked);
  }
  figures->proof_bytes = Median(sizes);
  figures->prove_ms = Median(prove_ms);
  figures->check_ms = Median(check_ms);
  return Status::Ok();
}

void Report(const EvidenceBenchOptions& bench, const Figures& f) {
  std::FILE* table = bench.json ? stderr : stdout;
  fmt::print(table, "appends, sealing on vs off ({} MB segments, median of {}):\n",
             bench.segment_bytes >> 20, bench.repetitions);
  fmt::print(table, "  none : {:>10.0f} vs {:>10.0f} events/s  -> sealing costs {:5.1f}%\n",
             f.none_on, f.none_off, 100.0 * (1 - f.none_on / f.none_off));
  fmt::print(table, "  batch: {:>10.0f} vs {:>10.0f} events/s  -> sealing costs {:5.1f}%\n",
             f.batch_on, f.batch_off, 100.0 * (1 - f.batch_on / f.batch_off));
  fmt::print(table,
             "  batch, 8 blocking writers: {:>8.0f} vs {:>8.0f} events/s  -> sealing costs "
             "{:5.1f}%\n",
             f.blocking_on, f.blocking_off, 100.0 * (1 - f.blocking_on / f.blocking_off));
  fmt::print(table, "seal one segment of {:.1f} MB (close, seal, rotate key): {:.2f} ms\n",
             f.segment_mb, f.seal_ms);
  fmt::print(table, "verify: {:.0f} MB in page cache at {:.0f} MB/s (one core)\n", f.verify_mb,
             f.verify_mb_per_s);
  fmt::print(table, "proofs: {:.0f} bytes, made in {:.2f} ms, checked offline in {:.2f} ms\n",
             f.proof_bytes, f.prove_ms, f.check_ms);
  if (!bench.json) return;
  fmt::print(
      "{{\"bench\":\"evidence\",\"events\":{},\"segment_bytes\":{},"
      "\"append_none_sealing_on\":{:.0f},\"append_none_sealing_off\":{:.0f},"
      "\"append_batch_sealing_on\":{:.0f},\"append_batch_sealing_off\":{:.0f},"
      "\"append_blocking8_sealing_on\":{:.0f},\"append_blocking8_sealing_off\":{:.0f},"
      "\"sealing_cost_none\":{:.4f},\"sealing_cost_batch\":{:.4f},"
      "\"sealing_cost_blocking8\":{:.4f},\"seal_ms\":{:.3f},"
      "\"verify_mb_per_s\":{:.1f},\"proof_bytes\":{:.0f},\"prove_ms\":{:.3f},"
      "\"check_proof_ms\":{:.3f}}}\n",
      bench.events, bench.segment_bytes, f.none_on, f.none_off, f.batch_on, f.batch_off,
      f.blocking_on, f.blocking_off, 1 - f.none_on / f.none_off, 1 - f.batch_on / f.batch_off,
      1 - f.blocking_on / f.blocking_off, f.seal_ms, f.verify_mb_per_s, f.proof_bytes, f.prove_ms,
      f.check_ms);
}

}  // namespace

int RunEvidenceBench(const EvidenceBenchOptions& bench) {
  const std::string root =
      bench.dir.empty() ? std::filesystem::temp_directory_path().string() : bench.dir;
  ScratchDir scratch(root);
  if (!scratch.ok()) {
    std::fprintf(stderr, "sealog-bench: cannot create a directory in %s\n", root.c_str());
    return 3;
  }
  const EventSet set(bench.events, bench.seed);
  Figures figures;
  Status status = MeasureSealingCost(bench, set, scratch, &figures);
  const std::string sealed = scratch.Child("sealed");
  if (status.ok()) status = MeasureSealTime(bench, set, sealed, &figures);
  if (status.ok()) status = MeasureVerifyAndProofs(bench, set, sealed, &figures);
  if (!status.ok()) {
    std::fprintf(stderr, "sealog-bench evidence: %s\n", status.ToString().c_str());
    return 3;
  }
  Report(bench, figures);
  return 0;
}

}  // namespace sealog::bench
