#include "bench/micro/micro_data.h"

#include <atomic>
#include <cstdlib>

#include "crypto/seal.h"
#include "engine/record.h"
#include "index/index_builder.h"
#include "index/index_file.h"

namespace sealog::bench::micro {

Segment::Segment() : event_set(kSegmentEvents, kSeed), log_id("micro-bench-log!") {
  seed = SegmentSeed(log_id, segment_number);
  const std::vector<Event>& all = events();
  offsets.reserve(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    offsets.push_back(static_cast<uint32_t>(frames.size()));
    EncodeRecord(all[i], first_seq + i, first_seq + i, ingest_ns(i), seed, &frames);
  }
  // Views into `frames` once it stops growing.
  bodies.reserve(all.size());
  leaves.reserve(all.size());
  index::IndexBuilder builder;
  for (size_t i = 0; i < all.size(); ++i) {
    const size_t end = i + 1 < all.size() ? offsets[i + 1] : frames.size();
    RecordView view;
    size_t frame_size = 0;
    if (DecodeFrame(std::string_view(frames).substr(offsets[i], end - offsets[i]), seed, &view,
                    &frame_size) != FrameState::kOk) {
      std::abort();  // EncodeRecord and DecodeFrame disagree: nothing here would be worth timing
    }
    bodies.push_back(view.body);
    leaves.push_back(crypto::RecordLeafHash(view.seq, view.body));
    builder.Add(view.time_ns, view.fields, offsets[i]);
  }
  index_file = builder.Encode(identity());
  index_digest = index::IndexFile::DigestOf(index_file);
}

int64_t Segment::ingest_ns(size_t i) const {
  // A millisecond after the event's own time, as if it arrived promptly.
  return events()[i].time_ns + 1'000'000;
}

index::IndexIdentity Segment::identity() const {
  index::IndexIdentity id;
  id.log_id = log_id;
  id.segment_number = segment_number;
  id.first_seq = first_seq;
  return id;
}

const Segment& TheSegment() {
  static const Segment segment;
  return segment;
}

namespace {
std::atomic<int> failures{0};
}  // namespace

void Fail(benchmark::State& state, const std::string& message) {
  failures.fetch_add(1);
  state.SkipWithError(message.c_str());
}

int Failures() { return failures.load(); }

}  // namespace sealog::bench::micro
