// JSON ingest (sealog/ingest.h): one JSON line into an Event.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/micro/micro_data.h"
#include "sealog/ingest.h"

namespace sealog::bench::micro {
namespace {

// EventParser::Parse of one workload line with the default mapping (SPEC.md):
// simdjson, the six fields and the RFC 3339 timestamp. The lines are the
// segment's in order, 8.1 MB of them. Bytes are JSON bytes.
void json_ingest_per_line(benchmark::State& state) {
  const std::vector<Event>& events = TheSegment().events();
  EventParser parser;
  size_t i = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    Event event;
    const Status status = parser.Parse(events[i].raw, &event);
    if (!status.ok()) {
      Fail(state, status.ToString());
      break;
    }
    benchmark::DoNotOptimize(event);
    bytes += events[i].raw.size();
    if (++i == events.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(json_ingest_per_line);

}  // namespace
}  // namespace sealog::bench::micro
