#include "bench/peer_append.h"

#include <cassert>
#include <chrono>
#include <filesystem>
#include <utility>

#include "bench/scratch_dir.h"
#include "bench/striped_writers.h"
#include "bench/timing.h"

namespace sealog::bench {
namespace {

// One writer, groups of at least group_bytes of JSON per write.
Status RunGroups(PeerWriter& writer, const EventSet& set, const PeerAppendConfig& config,
                 PeerAppendResult* result) {
  const Clock::time_point start = Clock::now();
  uint64_t first = 0;
  while (first < config.events) {
    uint64_t last = first, bytes = 0;
    while (last < config.events && bytes < config.group_bytes)
      bytes += set.events()[last++].raw.size();
    const Clock::time_point before = Clock::now();
    SEALOG_RETURN_IF_ERROR(writer.Write(first, last));
    if (config.durable)
      result->latencies_ns.insert(result->latencies_ns.end(), last - first,
                                  Nanos(Clock::now() - before));
    ++result->writes;
    first = last;
  }
  result->seconds = Seconds(Clock::now() - start);
  return Status::Ok();
}

// `writers` threads, one event per write, thread t on events t, t + writers, ...
Status RunPerEvent(PeerAppendTarget& target, const PeerAppendConfig& config,
                   PeerAppendResult* result) {
  const int writers = config.writers;
  std::vector<std::unique_ptr<PeerWriter>> handles;
  for (int t = 0; t < writers; ++t) {
    Result<std::unique_ptr<PeerWriter>> writer = target.NewWriter();
    if (!writer.ok()) return writer.status();
    handles.push_back(std::move(writer).value());
  }
  result->writes = config.events;
  return RunStripedWriters(
      writers, config.events, config.durable,
      [&](int t, uint64_t i) { return handles[t]->Write(i, i + 1); }, &result->seconds,
      &result->latencies_ns);
}

}  // namespace

Result<PeerAppendResult> RunPeerAppend(PeerAppendTarget& target, const std::string& dir,
                                       const EventSet& set, const PeerAppendConfig& config) {
  assert(config.writers >= 1 && config.events >= 1 && config.events <= set.size());
  PeerAppendResult result;
  result.events = config.events;
  for (uint64_t i = 0; i < config.events; ++i) result.json_bytes += set.events()[i].raw.size();
  if (config.group_bytes > 0) {
    Result<std::unique_ptr<PeerWriter>> writer = target.NewWriter();
    if (!writer.ok()) return writer.status();
    SEALOG_RETURN_IF_ERROR(RunGroups(**writer, set, config, &result));
  } else {
    SEALOG_RETURN_IF_ERROR(RunPerEvent(target, config, &result));
  }
  const Clock::time_point flush_start = Clock::now();
  SEALOG_RETURN_IF_ERROR(target.Close());
  result.flush_seconds = Seconds(Clock::now() - flush_start);
  result.disk_bytes = DirectoryBytes(dir);
  return result;
}

}  // namespace sealog::bench
