// The blocking-writer pattern of the append benchmarks: `writers` threads
// released together, thread t calling op(t, i) for i = t, t + writers, ...
// below count, each call timed when asked.
#ifndef SEALOG_BENCH_STRIPED_WRITERS_H_
#define SEALOG_BENCH_STRIPED_WRITERS_H_

#include <algorithm>
#include <cstdint>
#include <latch>
#include <thread>
#include <vector>

#include "bench/timing.h"
#include "sealog/status.h"

namespace sealog::bench {

// Runs the threads and returns the first error a thread met (each stops at
// its own first error). *seconds gets the time from the first thread's start
// to the last one's end, each taken by the thread itself: a clock read by the
// releasing thread could come after a short run has ended, its thread not
// scheduled yet. With time_each, *latencies_ns gets every call's ns, thread
// by thread. op must be callable from many threads at once.
template <typename Op>
Status RunStripedWriters(int writers, uint64_t count, bool time_each, const Op& op, double* seconds,
                         std::vector<uint64_t>* latencies_ns) {
  std::vector<std::vector<uint64_t>> latencies(writers);
  std::vector<Status> statuses(writers);
  std::vector<Clock::time_point> starts(writers), ends(writers);
  std::latch ready(writers + 1);
  std::vector<std::thread> threads;
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&, t] {
      if (time_each) latencies[t].reserve(count / writers + 1);
      ready.arrive_and_wait();
      starts[t] = Clock::now();
      for (uint64_t i = t; i < count; i += writers) {
        const Clock::time_point before = time_each ? Clock::now() : Clock::time_point();
        const Status status = op(t, i);
        if (!status.ok()) {
          statuses[t] = status;
          break;
        }
        if (time_each) latencies[t].push_back(Nanos(Clock::now() - before));
      }
      ends[t] = Clock::now();
    });
  }
  ready.arrive_and_wait();
  for (std::thread& thread : threads) thread.join();
  *seconds = Seconds(*std::max_element(ends.begin(), ends.end()) -
                     *std::min_element(starts.begin(), starts.end()));
  for (int t = 0; t < writers; ++t) {
    SEALOG_RETURN_IF_ERROR(statuses[t]);
    latencies_ns->insert(latencies_ns->end(), latencies[t].begin(), latencies[t].end());
  }
  return Status::Ok();
}

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_STRIPED_WRITERS_H_
