// EventSet: workload events generated into memory before a timed run.
#ifndef SEALOG_BENCH_EVENT_SET_H_
#define SEALOG_BENCH_EVENT_SET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sealog/event.h"

namespace sealog::bench {

// N events of the reference workload, as sealog::Events whose raw is the JSON
// line and whose fields and time come from the generator (no JSON parsing).
// The views point into this object: it must outlive every use of events().
// Immutable after construction, so any number of threads may read it.
class EventSet {
 public:
  EventSet(uint64_t count, uint64_t seed);
  EventSet(const EventSet&) = delete;
  EventSet& operator=(const EventSet&) = delete;

  const std::vector<Event>& events() const { return events_; }
  size_t size() const { return events_.size(); }
  // Sum of the JSON lines' lengths (without newlines).
  uint64_t json_bytes() const { return lines_.size(); }

 private:
  std::string lines_;  // every line, back to back
  std::vector<Event> events_;
};

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_EVENT_SET_H_
