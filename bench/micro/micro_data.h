// The data every micro-benchmark reads: one segment's worth of reference
// workload events (seed 42), encoded, hashed and indexed once per process,
// before any benchmark's timing loop starts.
#ifndef SEALOG_BENCH_MICRO_MICRO_DATA_H_
#define SEALOG_BENCH_MICRO_MICRO_DATA_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/event_set.h"
#include "crypto/hash.h"
#include "index/index_format.h"
#include "sealog/event.h"

namespace sealog::bench::micro {

inline constexpr uint64_t kSeed = 42;
// Events of the segment: a segment of about 10.8 MB of frames.
inline constexpr size_t kSegmentEvents = 20'000;

struct Segment {
  Segment();
  Segment(const Segment&) = delete;
  Segment& operator=(const Segment&) = delete;

  EventSet event_set;
  std::string log_id;  // 16 bytes
  uint64_t segment_number = 1;
  uint64_t first_seq = 1;  // the seq of events[0]
  uint64_t seed = 0;       // the checksum seed of the segment (SegmentSeed)
  int64_t ingest_ns(size_t i) const;

  std::string frames;                    // every event's frame, back to back
  std::vector<uint32_t> offsets;         // of each frame in `frames`
  std::vector<std::string_view> bodies;  // each record's body, into `frames`
  std::vector<crypto::Hash> leaves;      // RecordLeafHash of each record
  std::string index_file;                // IndexBuilder::Encode of the segment
  crypto::Hash index_digest{};           // IndexFile::DigestOf(index_file)

  index::IndexIdentity identity() const;
  const std::vector<Event>& events() const { return event_set.events(); }
};

// Built on first use (about 0.1 s), then shared. Call it outside timing loops.
const Segment& TheSegment();

// Ends the benchmark with an error (State::SkipWithError) and counts it:
// sealog-micro then exits 1. For results that are wrong, not slow.
void Fail(benchmark::State& state, const std::string& message);
int Failures();

}  // namespace sealog::bench::micro

#endif  // SEALOG_BENCH_MICRO_MICRO_DATA_H_
