#include "bench/append_runs.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>
#include <utility>

#include "bench/scratch_dir.h"
#include "bench/striped_writers.h"
#include "bench/timing.h"
#include "sealog/store.h"

namespace sealog::bench {
namespace {

// The one-writer group-commit client: AppendAsync for every event, never more
// than window_bytes ahead of the disk, while an observer thread timestamps
// each advance of the durable seq.
constexpr auto kAwaitTimeout = std::chrono::milliseconds(100);

struct DurableStep {
  uint64_t durable_seq;
  Clock::time_point at;
};

Status RunAsyncPipeline(Store& store, const std::vector<Event>& events, uint64_t count,
                        uint64_t window_bytes, AppendRunResult* result) {
  std::vector<Clock::time_point> submitted(count);
  std::vector<uint64_t> seqs(count);
  std::vector<DurableStep> steps;
  steps.reserve(1 << 16);
  std::atomic<uint64_t> last_seq{UINT64_MAX};  // set once every event is queued
  std::thread observer([&] {
    uint64_t known = 0;
    while (known < last_seq.load(std::memory_order_acquire)) {
      Result<uint64_t> durable = store.AwaitDurable(known, kAwaitTimeout);
      if (!durable.ok()) return;
      if (*durable > known) steps.push_back({*durable, Clock::now()});
      known = *durable;
    }
  });

  uint64_t sample_bytes = 0;
  const uint64_t sample = std::min<uint64_t>(count, 1'000);
  for (uint64_t i = 0; i < sample; ++i) sample_bytes += events[i].raw.size();
  const uint64_t in_flight_events_max =
      std::max<uint64_t>(1, window_bytes * sample / std::max<uint64_t>(1, sample_bytes));
  Status status;
  uint64_t durable = 0;
  const Clock::time_point start = Clock::now();
  for (uint64_t i = 0; i < count && status.ok(); ++i) {
    submitted[i] = Clock::now();
    Result<uint64_t> seq = store.AppendAsync(events[i]);
    if (!seq.ok()) {
      status = seq.status();
      break;
    }
    seqs[i] = *seq;
    while (*seq - durable > in_flight_events_max && status.ok()) {
      Result<uint64_t> advanced = store.AwaitDurable(durable, kAwaitTimeout);
      if (advanced.ok())
        durable = *advanced;
      else
        status = advanced.status();
    }
  }
  if (status.ok()) status = store.WaitDurable(seqs[count - 1]);
  result->seconds = Seconds(Clock::now() - start);
  last_seq.store(status.ok() ? seqs[count - 1] : 0, std::memory_order_release);
  observer.join();
  SEALOG_RETURN_IF_ERROR(status);

  // Each event is acknowledged at the first observed step covering its seq.
  result->latencies_ns.resize(count);
  size_t step = 0;
  for (uint64_t i = 0; i < count; ++i) {
    while (step + 1 < steps.size() && steps[step].durable_seq < seqs[i]) ++step;
    result->latencies_ns[i] = Nanos(steps[step].at - submitted[i]);
  }
  return Status::Ok();
}

// `writers` threads, each calling the blocking Append on every writers-th
// event and timing each call (when time_each).
Status RunBlockingWriters(Store& store, const std::vector<Event>& events, uint64_t count,
                          int writers, bool time_each, AppendRunResult* result) {
  return RunStripedWriters(
      writers, count, time_each,
      [&](int /*thread*/, uint64_t i) { return store.Append(events[i]).status(); },
      &result->seconds, &result->latencies_ns);
}

}  // namespace

Result<AppendRunResult> RunAppend(const std::string& dir, const EventSet& set,
                                  const AppendRunConfig& config) {
  assert(config.writers >= 1 && config.events >= 1 && config.events <= set.size());
  auto env = std::make_shared<RecordingEnv>(io::NewPosixEnv());
  Options options;
  options.create_if_missing = true;
  options.error_if_exists = true;
  options.durability = config.durability;
  options.use_io_uring = config.use_io_uring;
  options.seal_segments = config.seal_segments;
  options.env = env;
  Result<std::unique_ptr<Store>> opened = Store::Open(dir, options);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<Store> store = std::move(opened).value();

  AppendRunResult result;
  result.events = config.events;
  for (uint64_t i = 0; i < config.events; ++i) result.json_bytes += set.events()[i].raw.size();
  result.io_uring = store->Stats().io_uring;
  const bool async =
      config.durability == Durability::kBatch && config.writers == 1 && !config.blocking;
  const bool time_each = config.durability != Durability::kNone;
  SEALOG_RETURN_IF_ERROR(async ? RunAsyncPipeline(*store, set.events(), config.events,
                                                  config.async_window_bytes, &result)
                               : RunBlockingWriters(*store, set.events(), config.events,
                                                    config.writers, time_each, &result));

  const Clock::time_point flush_start = Clock::now();
  SEALOG_RETURN_IF_ERROR(store->Flush());
  store.reset();
  result.flush_seconds = Seconds(Clock::now() - flush_start);
  result.trace = env->trace();
  result.disk_bytes = DirectoryBytes(dir);
  return result;
}

}  // namespace sealog::bench
