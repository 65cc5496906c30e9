#include "bench/event_set.h"

#include "bench/workload.h"

namespace sealog::bench {

EventSet::EventSet(uint64_t count, uint64_t seed) {
  WorkloadGenerator generator(seed);
  std::vector<WorkloadFields> fields(count);
  std::vector<size_t> offsets(count);
  constexpr size_t kLineBytesExpected = 400;
  lines_.reserve(count * kLineBytesExpected);
  for (uint64_t i = 0; i < count; ++i) {
    offsets[i] = lines_.size();
    lines_.append(generator.NextView(&fields[i]));
  }
  // Views are taken once lines_ stops growing (and moving).
  events_.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    const size_t end = i + 1 < count ? offsets[i + 1] : lines_.size();
    events_.push_back(
        fields[i].ToEvent(std::string_view(lines_).substr(offsets[i], end - offsets[i])));
  }
}

}  // namespace sealog::bench
