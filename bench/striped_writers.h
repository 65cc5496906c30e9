// The blocking-writer pattern of the append benchmarks: `writers` threads
// released together, thread t calling op(t, i) for i = t, t + writers, ...
// below count, each call timed when asked.
#ifndef SEALOG_BENCH_STRIPED_WRITERS_H_
#define SEALOG_BENCH_STRIPED_WRITERS_H_

#include <cstdint>
#include <latch>
#include <thread>
#include <vector>

#include "bench/timing.h"
#include "sealog/status.h"

namespace sealog::bench {

// Runs the threads and returns the first error a thread met (each stops at
// its own first error). *seconds gets the time from their common start to
// the last one's end; with time_each, *latencies_ns every call's ns, thread
// by thread. op must be callable from many threads at once.
template <typename Op>
Status RunStripedWriters(int writers, uint64_t count, bool time_each, const Op& op,
                         double* seconds, std::vector<uint64_t>* latencies_ns) {
  std::vector<std::vector<uint64_t>> latencies(writers);
  std::vector<Status> statuses(writers);
  std::latch ready(writers + 1);
  std::vector<std::thread> threads;
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&, t] {
      if (time_each) latencies[t].reserve(count / writers + 1);
      ready.arrive_and_wait();
      for (uint64_t i = t; i < count; i += writers) {
        const Clock::time_point before = time_each ? Clock::now() : Clock::time_point();
        const Status status = op(t, i);
        if (!status.ok()) {
          statuses[t] = status;
          return;
        }
        if (time_each) latencies[t].push_back(Nanos(Clock::now() - before));
      }
    });
  }
  ready.arrive_and_wait();
  const Clock::time_point start = Clock::now();
  for (std::thread& thread : threads) thread.join();
  *seconds = Seconds(Clock::now() - start);
  for (int t = 0; t < writers; ++t) {
    SEALOG_RETURN_IF_ERROR(statuses[t]);
    latencies_ns->insert(latencies_ns->end(), latencies[t].begin(), latencies[t].end());
  }
  return Status::Ok();
}

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_STRIPED_WRITERS_H_
