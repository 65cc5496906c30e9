// The deterministic simulation (simulation.h). The invariants, checked after
// every step (the cheap ones: 1 and 6) and after every open and at the end
// (all of them):
//
//  1. Acknowledged records survive: every seq the store ever reported
//     durable (Append returning in batch or sync mode, WaitDurable, Flush,
//     Roll, durable_seq) is present after every power cut and reopen.
//  2. No record is visible twice, out of order or altered: a scan returns
//     seqs 1..last without a gap, but for the segments the store names
//     expired; each record is exactly the event appended with its seq (raw
//     bytes, fields, event and ingest time), or a system event where the
//     store wrote one itself; records are lost only to a power cut or an
//     injected fault, and never one that was acknowledged.
//  3. A crash is never corruption: after a power cut at any operation
//     (appends, rollover, sealing, a tier move, a deletion, recovery itself)
//     the store opens; a call fails only when a fault was injected, and an
//     injected I/O error never surfaces as kCorruption.
//  4. Verify passes after recovery: no problem but `expired`, for exactly the
//     segments the store names expired; every present record verified or
//     counted unsealed.
//  5. Queries equal a scan: generated queries (tests/query/query_generator.h),
//     forward, reversed and limited, answered by Store::Query and
//     Store::Count, equal query::Matcher run over the scanned records.
//  6. The counters agree: durable_seq never goes back within an open and
//     covers every acknowledged seq; last_seq is the last seq appended; a
//     read-only reader beside the writer sees exactly what it wrote; a
//     segment is deleted only once its seal is older than delete_after, and
//     never while a legal hold covers one of its records.
//
// Determinism. A store runs a writer and a digester thread. The simulator
// calls the store from one thread and lets each call finish (durable, or
// written when durability is none) before the next, so the order of every
// mutating I/O is a function of the seed alone. A group commit of several
// records is made by holding the Env's mutations (FaultEnv::HoldMutations)
// after the first record until the writer waits at the disk, then appending
// the rest, which the writer takes as its next write. Rollover by age is
// off: the writer's timed wait would race the simulated clock; Roll steps
// seal instead. The digester does no I/O, and reads are never faulted.
#include "tests/sim/simulation.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "bench/split_mix64.h"
#include "engine/io/fault_env.h"
#include "index/query.h"
#include "sealog/query.h"
#include "sealog/retention.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/query/query_generator.h"

namespace sealog::sim {
namespace {

using io::Fault;
using io::FaultEnv;

constexpr char kDir[] = "/store";
constexpr int64_t kSecondNs = 1'000'000'000;
constexpr int64_t kHourNs = 3'600 * kSecondNs;
constexpr int64_t kDayNs = 24 * kHourNs;
// retention.delete_after when a seed turns deletion on (Configure's "8d").
constexpr int64_t kDeleteAfterNs = 8 * kDayNs;
// How long the writer thread may take to reach the disk or finish a write:
// far beyond anything but a hang.
constexpr auto kWriterTimeout = std::chrono::seconds(60);

const char* const kActions[] = {"login", "read", "write", "delete", "grant", "export"};
const char* const kOutcomes[] = {"success", "failure", "denied"};

// One event as appended, and what its record must read back as.
struct ModelEvent {
  std::string raw;
  std::array<std::string, kFieldCount> fields;
  int64_t time_ns = 0;
  bool time_missing = false;
  int64_t ingest_ns = 0;  // the simulated clock at the append (it moves only between steps)

  Event AsEvent() const {
    Event event;
    event.raw = raw;
    event.time_ns = time_ns;
    event.time_missing = time_missing;
    for (size_t f = 0; f < kFieldCount; ++f) event.fields[f] = fields[f];
    return event;
  }
  int64_t RecordTime() const { return time_missing ? ingest_ns : time_ns; }
};

struct Hold {
  int64_t since_ns;
  int64_t until_ns;
};

class Simulator {
 public:
  Simulator(uint64_t seed, const SimulationOptions& options)
      : seed_(seed), options_(options), rng_(seed), env_(std::make_shared<FaultEnv>(seed)) {
    result_.seed = seed;
  }

  SimulationResult Run();

 private:
  enum class Action {
    kAppendGroup, kAppendOne, kFlush, kRoll, kAdvanceClock, kRetention, kHold, kReader,
    kQueries, kFault, kPowerFailsLater, kPowerCut, kReopen,
  };

  void Configure();
  Action Choose();
  void Do(Action action);

  // Steps.
  void AppendGroup();
  void AppendOne();
  void Flush();
  void Roll();
  void AdvanceClock();
  void Retention();
  void AddHold();
  void Reader();
  void ScheduleFault(const char* when);
  void PowerFailsLater();
  // Closes the store (a power cut, or cleanly), reopens it and checks all.
  void Restart(bool power_cut);

  // Helpers.
  ModelEvent MakeEvent();
  // Adds the event the store gave `seq` to the model.
  void Appended(uint64_t seq, ModelEvent event);
  // Lets the writes of records up to `seq` finish: durable, or with
  // durability none written. False when the store failed meanwhile.
  bool Settle(uint64_t seq);
  // Whether a failed call is allowed (a fault was injected since the open);
  // fails the run otherwise. `stops`: the store is expected to be read-only
  // now and the next step cuts the power.
  bool Accept(const Status& status, std::string_view what, bool stops = true);
  bool Injected() const { return env_->injected_fault_count() > injected_at_open_; }
  // The highest seq the checks hold the store to: acked_, or one more when
  // the options make the model overclaim.
  uint64_t Claimed() const {
    return acked_ + (options_.overclaim_acknowledged && acked_ > 0 ? 1 : 0);
  }
  void PowerCut();
  bool OpenStore();
  void CheckCounters(Action action);
  void CheckAll(std::string_view why, bool loss_allowed);
  void CheckRecord(const Record& record);
  void CheckVerify(const StoreStats& stats, uint64_t present);
  void CheckQueries(const std::vector<Record>& records, int count);
  void CheckDeletions(const StoreStats& stats);
  uint64_t Pick(uint64_t n) { return rng_.Uniform(n); }
  bool Coin() { return (rng_.Next() & 1) != 0; }
  void Trace(std::string_view text);
  void Fail(std::string_view what);

  const uint64_t seed_;
  const SimulationOptions options_;
  bench::SplitMix64 rng_;
  const std::shared_ptr<FaultEnv> env_;
  SimulationResult result_;
  bool failed_ = false;

  Options store_options_;
  bool warm_ = false, cold_ = false, delete_ = false;
  std::unique_ptr<Store> store_;
  uint64_t injected_at_open_ = 0;
  uint64_t durable_seen_ = 0;  // durable_seq as last seen in this open
  bool stopped_ = false;       // a write failed: the next step cuts the power
  bool manifest_may_lead_ = false;  // a retention run failed in this open

  // The model: by seq - 1, the event appended with that seq, or null where
  // the store wrote a system event.
  std::vector<std::shared_ptr<const ModelEvent>> by_seq_;
  uint64_t acked_ = 0;
  std::vector<Hold> holds_;
  std::set<uint64_t> judged_expired_;  // expired segments CheckDeletions saw
  uint64_t events_made_ = 0;
  int64_t first_event_ns_ = 0;

  int step_ = 0;
  std::string_view step_name_ = "open";
};

// ---- The run ----

SimulationResult Simulator::Run() {
  Configure();
  if (!OpenStore()) Fail("the new store does not open");
  for (step_ = 1; step_ <= options_.steps && !failed_; ++step_) {
    const Action action = stopped_ || !store_ ? Action::kPowerCut : Choose();
    Do(action);
    if (!failed_ && store_ && !stopped_) CheckCounters(action);
  }
  step_name_ = "end";
  if (!failed_ && store_ && !stopped_) CheckAll("at the end", /*loss_allowed=*/false);
  if (!failed_) Restart(/*power_cut=*/true);
  store_.reset();
  result_.acknowledged = acked_;
  result_.faults = env_->injected_fault_count();
  return result_;
}

void Simulator::Configure() {
  const Durability kModes[] = {Durability::kBatch, Durability::kBatch, Durability::kSync,
                               Durability::kNone};
  store_options_.durability = kModes[Pick(4)];
  const uint64_t kCommitBytes[] = {600, 4096, 1 << 20};
  store_options_.group_commit_bytes_max = kCommitBytes[Pick(3)];
  const uint64_t kPreallocate[] = {0, 4096, 1 << 16};
  store_options_.preallocate_step = kPreallocate[Pick(3)];
  store_options_.segment_age_max_ms = 0;
  store_options_.root_key_seed.resize(32);
  for (char& c : store_options_.root_key_seed) c = static_cast<char>(rng_.Next());
  warm_ = Pick(3) != 0;
  cold_ = Pick(3) != 0;
  delete_ = Pick(3) == 0;
  const char* const kSizes[] = {"4096", "6KiB", "16KiB"};
  store_options_.config_toml = fmt::format(
      "[segments]\nsize_max = \"{}\"\nseal_interval = \"3650d\"\n"
      "[retention]\nwarm_after = \"{}\"\ncold_after = \"{}\"\ndelete_after = \"{}\"\n"
      "[compression]\nwarm_level = {}\ncold_level = {}\n",
      kSizes[Pick(3)], warm_ ? "1d" : "never", cold_ ? "3d" : "never",
      delete_ ? "8d" : "never", 1 + Pick(3), 1 + Pick(3));
  env_->SetOutOfOrderWrites(Coin());
  first_event_ns_ = env_->NowNanos();
  Trace(fmt::format("durability {} commit {} preallocate {} warm {} cold {} delete {}",
                    static_cast<int>(store_options_.durability),
                    store_options_.group_commit_bytes_max, store_options_.preallocate_step, warm_,
                    cold_, delete_));
}

Simulator::Action Simulator::Choose() {
  struct Weighted {
    Action action;
    uint64_t weight;
  };
  static constexpr Weighted kWeights[] = {
      {Action::kAppendGroup, 24}, {Action::kAppendOne, 12},   {Action::kFlush, 5},
      {Action::kRoll, 10},        {Action::kAdvanceClock, 8}, {Action::kRetention, 8},
      {Action::kHold, 2},         {Action::kReader, 4},       {Action::kQueries, 4},
      {Action::kFault, 5},        {Action::kPowerFailsLater, 4}, {Action::kPowerCut, 5},
      {Action::kReopen, 3},
  };
  uint64_t total = 0;
  for (const Weighted& w : kWeights) total += w.weight;
  uint64_t pick = Pick(total);
  for (const Weighted& w : kWeights) {
    if (pick < w.weight) return w.action;
    pick -= w.weight;
  }
  return Action::kAppendOne;
}

void Simulator::Do(Action action) {
  switch (action) {
    case Action::kAppendGroup: step_name_ = "append group"; return AppendGroup();
    case Action::kAppendOne: step_name_ = "append"; return AppendOne();
    case Action::kFlush: step_name_ = "flush"; return Flush();
    case Action::kRoll: step_name_ = "roll"; return Roll();
    case Action::kAdvanceClock: step_name_ = "clock"; return AdvanceClock();
    case Action::kRetention: step_name_ = "retention"; return Retention();
    case Action::kHold: step_name_ = "hold"; return AddHold();
    case Action::kReader: step_name_ = "reader"; return Reader();
    case Action::kQueries: {
      step_name_ = "queries";
      // CheckAll scans, so this asks its queries of the records it read.
      return CheckAll("on request", /*loss_allowed=*/false);
    }
    case Action::kFault: step_name_ = "fault"; return ScheduleFault("later");
    case Action::kPowerFailsLater: step_name_ = "power fails later"; return PowerFailsLater();
    case Action::kPowerCut: step_name_ = "power cut"; return Restart(/*power_cut=*/true);
    case Action::kReopen: step_name_ = "reopen"; return Restart(/*power_cut=*/false);
  }
}

// ---- Steps ----

void Simulator::AppendGroup() {
  const uint64_t count = 2 + Pick(12);
  std::vector<ModelEvent> events;
  for (uint64_t i = 0; i < count; ++i) events.push_back(MakeEvent());
  // The first record alone, then the rest while the writer waits at the disk
  // with it: they make the next write (or several, past group_commit_bytes_max).
  env_->HoldMutations();
  Result<uint64_t> first = store_->AppendAsync(events[0].AsEvent());
  if (!first.ok()) {
    env_->ReleaseMutations();
    Accept(first.status(), "append");
    return;
  }
  Appended(*first, std::move(events[0]));
  if (!env_->WaitForHeldMutation(kWriterTimeout)) {
    env_->ReleaseMutations();
    return Fail("the writer thread never reached the disk");
  }
  uint64_t last = *first;
  Status status;
  for (uint64_t i = 1; i < count; ++i) {
    Result<uint64_t> seq = store_->AppendAsync(events[i].AsEvent());
    if (!seq.ok()) {
      status = seq.status();
      break;
    }
    Appended(*seq, std::move(events[i]));
    last = *seq;
  }
  env_->ReleaseMutations();
  if (!Accept(status, "append")) return;
  // Traced once settled: until then the operation count races the writer.
  if (Settle(last)) Trace(fmt::format("{} records {}..{}", count, *first, last));
}

void Simulator::AppendOne() {
  ModelEvent event = MakeEvent();
  const Event e = event.AsEvent();
  Result<uint64_t> seq = Coin() ? store_->Append(e) : store_->AppendAsync(e);
  if (!Accept(seq.status(), "append")) return;
  Appended(*seq, std::move(event));
  if (Settle(*seq)) Trace(fmt::format("record {}", *seq));
}

void Simulator::Flush() {
  if (Accept(store_->Flush(), "flush")) Trace("flushed");
}

void Simulator::Roll() {
  if (Accept(store_->Roll(), "roll")) Trace("rolled");
}

void Simulator::AdvanceClock() {
  const uint64_t nanos = Pick(3) * kDayNs + Pick(24) * kHourNs;
  env_->AdvanceNanos(nanos);
  Trace(fmt::format("+{} h", nanos / kHourNs));
}

void Simulator::Retention() {
  Result<RetentionReport> report = store_->RunRetention(RetentionOptions());
  if (!report.ok()) {
    // A failed move or deletion leaves the writer running, unless what
    // failed was the receipt's append or seal, which stops it.
    Accept(report.status(), "retention", /*stops=*/false);
    if (!store_->AwaitDurable(UINT64_MAX, std::chrono::milliseconds(0)).ok()) {
      stopped_ = true;
    } else {
      // A MANIFEST save that failed after its rename leaves the file ahead of
      // the store (engine/log_writer.h, SetTier): verify, which reads the
      // file, may see a tier the running store does not, until it reopens.
      manifest_may_lead_ = true;
    }
    return;
  }
  std::string moves;
  for (const RetentionStep& step : report->steps) {
    moves += fmt::format(" {}:{}>{}", step.segment, TierName(step.from), TierName(step.to));
    if (step.to == Tier::kExpired && step.sealed_ns + kDeleteAfterNs > report->now_ns) {
      return Fail(fmt::format("segment {} deleted {} s after its seal, before delete_after",
                              step.segment, (report->now_ns - step.sealed_ns) / kSecondNs));
    }
  }
  result_.tier_moves += report->steps.size();
  Trace(fmt::format("{} steps{}, {} held, {} unsealed", report->steps.size(), moves, report->held,
                    report->unsealed));
}

void Simulator::AddHold() {
  // A window of event times around some events appended so far.
  const int64_t span = env_->NowNanos() - first_event_ns_ + kSecondNs;
  const int64_t since = first_event_ns_ + static_cast<int64_t>(Pick(span));
  const int64_t until = since + static_cast<int64_t>(Pick(kDayNs));
  HoldOptions hold;
  hold.reason = fmt::format("simulated litigation {}", holds_.size() + 1);
  hold.since_ns = since;
  hold.until_ns = until;
  Result<uint64_t> id = store_->AddHold(hold);
  if (!Accept(id.status(), "hold")) return;
  Trace(fmt::format("hold {}", *id));
  holds_.push_back({since, until});
}

void Simulator::Reader() {
  Options options;
  options.env = env_;
  options.read_only = true;
  Result<std::unique_ptr<Store>> reader = Store::Open(kDir, options);
  if (!reader.ok()) return Fail("a reader cannot open: " + reader.status().ToString());
  const uint64_t last = store_->Stats().last_seq;
  std::unique_ptr<Iterator> it = (*reader)->Scan(1, UINT64_MAX);
  uint64_t seen = 0, seq = 0;
  while (it->Next() && !failed_) {
    if (it->record().seq <= seq) return Fail("the reader saw seqs out of order");
    seq = it->record().seq;
    CheckRecord(it->record());
    ++seen;
  }
  if (!it->status().ok()) return Fail("the reader's scan failed: " + it->status().ToString());
  if (seq != last) {
    return Fail(fmt::format("the reader's last seq is {}, the writer's {}", seq, last));
  }
  Trace(fmt::format("read {} records", seen));
}

void Simulator::ScheduleFault(const char* when) {
  const Fault kFaults[] = {Fault::kEIO, Fault::kENOSPC, Fault::kTornWrite};
  const Fault fault = kFaults[Pick(3)];
  const bool forever = Coin();
  const uint64_t at = env_->op_count() + 1 + Pick(40);
  env_->FailAt(at, fault, forever);
  Trace(fmt::format("{} {} at op {}{}", when, static_cast<int>(fault), at,
                    forever ? " and on" : ""));
}

void Simulator::PowerFailsLater() {
  // Every operation from `at` on fails: the disk stays as it was before it,
  // and the next power cut (forced once the store sees an error) drops what
  // was not synced by then.
  const uint64_t at = env_->op_count() + 1 + Pick(40);
  env_->FailAt(at, Fault::kEIO, /*forever=*/true);
  Trace(fmt::format("at op {}", at));
}

void Simulator::Restart(bool power_cut) {
  const uint64_t injected_before = injected_at_open_;
  const uint64_t cuts_before = result_.power_cuts;
  if (power_cut) {
    PowerCut();
    if (Pick(4) == 0) ScheduleFault("during recovery");
  } else {
    store_.reset();
  }
  ++result_.reopens;
  for (int attempt = 0; attempt < 3 && !store_ && !failed_; ++attempt) {
    if (OpenStore()) break;
    PowerCut();  // the open failed by injection: crash it too, then try again
  }
  if (failed_) return;
  if (!store_) return Fail("the store does not open after three power cuts");
  // A clean close and reopen loses nothing, unless a fault hit the close or
  // the open (which then cut the power).
  const bool loss_allowed = result_.power_cuts > cuts_before ||
                            env_->injected_fault_count() > injected_before;
  CheckAll(power_cut ? "after a power cut" : "after a clean reopen", loss_allowed);
}

// ---- Helpers ----

ModelEvent Simulator::MakeEvent() {
  const uint64_t n = ++events_made_;
  const uint64_t writer = Pick(4);  // several writers, each with its own service accounts
  ModelEvent event;
  event.ingest_ns = env_->NowNanos();
  event.time_missing = Pick(16) == 0;
  event.time_ns = event.ingest_ns - static_cast<int64_t>(Pick(5 * kSecondNs));
  auto& f = event.fields;
  f[static_cast<size_t>(Field::kActor)] = fmt::format("w{}-svc{}", writer, Pick(5));
  f[static_cast<size_t>(Field::kAction)] = kActions[Pick(std::size(kActions))];
  f[static_cast<size_t>(Field::kResource)] = fmt::format("doc/{}", Pick(20));
  f[static_cast<size_t>(Field::kTenant)] = fmt::format("t{}", Pick(3));
  if (Pick(8) != 0) f[static_cast<size_t>(Field::kOrigin)] = fmt::format("10.0.0.{}", Pick(8));
  f[static_cast<size_t>(Field::kOutcome)] = kOutcomes[Pick(std::size(kOutcomes))];
  event.raw = fmt::format(
      R"({{"n":{},"actor":"{}","eventName":"{}","resource":"{}","tenant":"{}","outcome":"{}",)"
      R"("details":{{"request_id":"r-{}","pad":"{}"}}}})",
      n, f[0], f[1], f[2], f[3], f[5], n, std::string(Pick(300), 'x'));
  return event;
}

void Simulator::Appended(uint64_t seq, ModelEvent event) {
  if (seq != by_seq_.size() + 1) {
    return Fail(fmt::format("append returned seq {}, expected {}", seq, by_seq_.size() + 1));
  }
  by_seq_.push_back(std::make_shared<const ModelEvent>(std::move(event)));
  ++result_.appended;
}

bool Simulator::Settle(uint64_t seq) {
  if (store_options_.durability != Durability::kNone) {
    return Accept(store_->WaitDurable(seq), "wait durable");
  }
  const auto deadline = std::chrono::steady_clock::now() + kWriterTimeout;
  while (store_->Stats().last_seq < seq) {
    // With nothing to wait on, ask whether the writer stopped.
    Result<uint64_t> durable = store_->AwaitDurable(UINT64_MAX, std::chrono::milliseconds(0));
    if (!Accept(durable.status(), "write")) return false;
    if (std::chrono::steady_clock::now() > deadline) {
      Fail("the writer never wrote");
      return false;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(20));
  }
  return true;
}

bool Simulator::Accept(const Status& status, std::string_view what, bool stops) {
  if (status.ok()) return true;
  Trace(fmt::format("{}: {}", what, status.ToString()));
  if (!Injected()) {
    Fail(fmt::format("{} failed with no fault injected: {}", what, status.ToString()));
  } else if (status.code() == Code::kCorruption || status.code() == Code::kTampered) {
    Fail(fmt::format("an injected fault surfaced as {}: {}", what, status.ToString()));
  }
  if (stops) stopped_ = true;
  return false;
}

void Simulator::PowerCut() {
  // Freeze the disk as it is, so that closing the store writes nothing more.
  env_->FailAt(env_->op_count() + 1, Fault::kEIO, /*forever=*/true);
  store_.reset();
  if (Coin()) {
    env_->DropUnsyncedData();
  } else {
    env_->SimulatePowerLoss(rng_.Next());
  }
  env_->ClearFaults();
  stopped_ = false;
  ++result_.power_cuts;
  Trace("power cut");
}

bool Simulator::OpenStore() {
  Options options = store_options_;
  options.env = env_;
  options.create_if_missing = true;
  const uint64_t injected = env_->injected_fault_count();
  Result<std::unique_ptr<Store>> opened = Store::Open(kDir, options);
  if (!opened.ok()) {
    Trace("open: " + opened.status().ToString());
    if (env_->injected_fault_count() == injected) {
      Fail("open failed with no fault injected: " + opened.status().ToString());
    } else if (opened.status().code() == Code::kCorruption ||
               opened.status().code() == Code::kTampered) {
      Fail("a crash or an injected fault made open report " + opened.status().ToString());
    }
    return false;
  }
  store_ = std::move(*opened);
  manifest_may_lead_ = false;
  injected_at_open_ = env_->injected_fault_count();
  durable_seen_ = 0;
  const RecoveryReport& recovery = store_->recovery();
  Trace(fmt::format("open: {} records, {} segments, {} torn bytes", recovery.records,
                    recovery.segments, recovery.torn_bytes_dropped));
  return true;
}

void Simulator::CheckCounters(Action action) {
  const StoreStats stats = store_->Stats();
  const uint64_t claimed = Claimed();
  if (stats.durable_seq < durable_seen_) {
    return Fail(fmt::format("durable_seq went back from {} to {}", durable_seen_, stats.durable_seq));
  }
  if (stats.durable_seq < std::min<uint64_t>(claimed, by_seq_.size())) {
    return Fail(fmt::format("durable_seq {} is below the acknowledged {}", stats.durable_seq, acked_));
  }
  if (stats.last_seq > by_seq_.size()) {
    // Only the store's own events may appear: receipts, holds.
    if (action != Action::kRetention && action != Action::kHold) {
      return Fail(fmt::format("last_seq is {} but {} records were appended", stats.last_seq,
                              by_seq_.size()));
    }
    by_seq_.resize(stats.last_seq);
  } else if (stats.last_seq < by_seq_.size()) {
    return Fail(fmt::format("last_seq is {} after {} records were appended", stats.last_seq,
                            by_seq_.size()));
  }
  if (stats.durable_seq > stats.last_seq) return Fail("durable_seq is past last_seq");
  durable_seen_ = stats.durable_seq;
  acked_ = std::max(acked_, stats.durable_seq);
  if (action == Action::kRetention) CheckDeletions(stats);
}

void Simulator::CheckAll(std::string_view why, bool loss_allowed) {
  const StoreStats stats = store_->Stats();
  // The seq ranges of expired segments, which a scan skips.
  std::vector<std::pair<uint64_t, uint64_t>> expired;
  for (const SegmentInfo& s : stats.segments) {
    if (s.tier == Tier::kExpired && s.record_count > 0) {
      expired.emplace_back(s.first_seq, s.first_seq + s.record_count - 1);
    }
  }
  auto skip_expired = [&](uint64_t seq) {
    for (const auto& [first, last] : expired) {
      if (first <= seq && seq <= last) seq = last + 1;
    }
    return seq;
  };
  std::vector<Record> records;
  uint64_t expect = skip_expired(1);
  std::unique_ptr<Iterator> it = store_->Scan(1, UINT64_MAX);
  while (it->Next() && !failed_) {
    const Record& record = it->record();
    if (record.seq != expect) {
      return Fail(fmt::format("{}: the scan returned seq {} where {} was due", why, record.seq, expect));
    }
    if (record.seq > by_seq_.size()) {
      if (!record.system) {
        return Fail(fmt::format("{}: record {} is past the last appended ({}) and not the store's",
                                why, record.seq, by_seq_.size()));
      }
      by_seq_.resize(record.seq);  // a system event whose call failed, yet it was written
    }
    CheckRecord(record);
    records.push_back(record);
    expect = skip_expired(expect + 1);
  }
  if (failed_) return;
  if (!it->status().ok()) return Fail(fmt::format("{}: scan: {}", why, it->status().ToString()));
  const uint64_t last = std::max<uint64_t>(expect, 1) - 1;
  uint64_t present = last;
  for (const auto& [first, end] : expired) present -= end - first + 1;
  if (records.size() != present || stats.last_seq != last) {
    return Fail(fmt::format("{}: scan read {} records to seq {}, the store says last_seq {}", why,
                            records.size(), last, stats.last_seq));
  }
  const uint64_t claimed = Claimed();
  if (last < claimed) {
    return Fail(fmt::format("{}: acknowledged records lost: seqs {}..{} are gone", why, last + 1,
                            claimed));
  }
  if (last < by_seq_.size()) {
    if (!loss_allowed) {
      return Fail(fmt::format("{}: records {}..{} lost with no crash nor fault", why, last + 1,
                              by_seq_.size()));
    }
    by_seq_.resize(last);  // appended, never acknowledged, lost to the crash
  }
  durable_seen_ = stats.durable_seq;
  acked_ = std::max(acked_, stats.durable_seq);
  CheckDeletions(stats);
  if (!manifest_may_lead_) CheckVerify(stats, records.size());
  CheckQueries(records, 3);
  Trace(fmt::format("checked {} records to seq {}", records.size(), last));
}

void Simulator::CheckRecord(const Record& record) {
  if (record.seq == 0 || record.seq > by_seq_.size()) {
    return Fail(fmt::format("record {} was never appended", record.seq));
  }
  const std::shared_ptr<const ModelEvent>& want = by_seq_[record.seq - 1];
  if (want == nullptr) {
    if (!record.system) return Fail(fmt::format("record {} should be a system event", record.seq));
    return;
  }
  if (record.system) return Fail(fmt::format("record {} is marked a system event", record.seq));
  bool fields_equal = true;
  for (size_t f = 0; f < kFieldCount; ++f) fields_equal &= record.fields[f] == want->fields[f];
  if (record.raw != want->raw || !fields_equal || record.time_missing != want->time_missing ||
      record.time_ns != want->RecordTime() || record.ingest_ns != want->ingest_ns) {
    return Fail(fmt::format("record {} is not the event appended with that seq", record.seq));
  }
}

void Simulator::CheckVerify(const StoreStats& stats, uint64_t present) {
  VerifyOptions options;
  options.env = env_;
  Result<VerifyReport> report = Verify(kDir, options);
  ++result_.verifies;
  if (!report.ok()) return Fail("verify could not run: " + report.status().ToString());
  for (const Problem& problem : report->problems) {
    if (problem.kind != ProblemKind::kExpired) {
      return Fail(fmt::format("verify: {} {}: {}", ProblemKindName(problem.kind), problem.file,
                              problem.message));
    }
  }
  uint64_t expired_segments = 0;
  for (const SegmentInfo& s : stats.segments) expired_segments += s.tier == Tier::kExpired;
  if (report->segments_expired != expired_segments) {
    return Fail(fmt::format("verify counts {} expired segments, the store {}",
                            report->segments_expired, expired_segments));
  }
  if (report->records_verified + report->records_unsealed != present) {
    return Fail(fmt::format("verify saw {} verified + {} unsealed records of {}",
                            report->records_verified, report->records_unsealed, present));
  }
}

void Simulator::CheckQueries(const std::vector<Record>& records, int count) {
  if (records.empty()) return;
  testing::QueryGenerator generator(records, rng_.Next());
  query::Matcher matcher;
  const int64_t now = env_->NowNanos();
  for (int i = 0; i < count && !failed_; ++i) {
    const std::string text = generator.Next();
    Result<query::Node> tree = query::Parse(text, now);
    if (!tree.ok()) return Fail("the generator made a bad query: " + text);
    QueryOptions options;
    options.now_ns = now;
    options.reverse = Pick(4) == 0;
    options.limit = Pick(3) == 0 ? 1 + Pick(8) : 0;
    std::vector<uint64_t> want;
    for (const Record& record : records) {
      if (matcher.Matches(*tree, record)) want.push_back(record.seq);
    }
    QueryOptions count_options;
    count_options.now_ns = now;
    Result<uint64_t> counted = store_->Count(text, count_options);
    if (!counted.ok() || *counted != want.size()) {
      return Fail(fmt::format("Count({}) is {}, a scan finds {}", text,
                              counted.ok() ? std::to_string(*counted) : counted.status().ToString(),
                              want.size()));
    }
    if (options.reverse) std::reverse(want.begin(), want.end());
    if (options.limit > 0 && want.size() > options.limit) want.resize(options.limit);
    Result<std::unique_ptr<QueryCursor>> cursor = store_->Query(text, options);
    if (!cursor.ok()) return Fail(fmt::format("Query({}): {}", text, cursor.status().ToString()));
    std::vector<uint64_t> got;
    while ((*cursor)->Next()) got.push_back((*cursor)->record().seq);
    if (!(*cursor)->status().ok() || got != want) {
      return Fail(fmt::format("Query({}{}{}) returned {} records, a scan finds {}", text,
                              options.reverse ? ", reverse" : "",
                              options.limit > 0 ? ", limit " + std::to_string(options.limit) : "",
                              got.size(), want.size()));
    }
    ++result_.queries;
  }
}

void Simulator::CheckDeletions(const StoreStats& stats) {
  for (const SegmentInfo& s : stats.segments) {
    // Each deletion is judged once, against the holds placed before it.
    if (s.tier != Tier::kExpired || !judged_expired_.insert(s.number).second) continue;
    if (!delete_) return Fail(fmt::format("segment {} expired with delete_after never", s.number));
    for (uint64_t seq = s.first_seq; seq < s.first_seq + s.record_count; ++seq) {
      if (seq > by_seq_.size() || by_seq_[seq - 1] == nullptr) continue;
      const int64_t time = by_seq_[seq - 1]->RecordTime();
      for (const Hold& hold : holds_) {
        if (hold.since_ns <= time && time <= hold.until_ns) {
          return Fail(fmt::format("segment {} was deleted though a hold covers record {}",
                                  s.number, seq));
        }
      }
    }
  }
}

void Simulator::Trace(std::string_view text) {
  result_.trace += fmt::format("{} {}: {} [op {}]\n", step_, step_name_, text, env_->op_count());
}

void Simulator::Fail(std::string_view what) {
  if (failed_) return;
  failed_ = true;
  result_.ok = false;
  result_.failure = fmt::format("seed {} step {} ({}): {}", seed_, step_, step_name_, what);
  Trace(result_.failure);
}

}  // namespace

SimulationResult Simulate(uint64_t seed, const SimulationOptions& options) {
  return Simulator(seed, options).Run();
}

}  // namespace sealog::sim
