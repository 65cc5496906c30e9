// Record framing (engine/record.h) and its checksum (engine/checksum.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>

#include "bench/micro/micro_data.h"
#include "engine/checksum.h"
#include "engine/record.h"

namespace sealog::bench::micro {
namespace {

// EncodeRecord of one workload event, appended to a batch buffer that is
// emptied at 1 MiB, the group commit's largest batch. Bytes are frame bytes.
void record_encode_per_event(benchmark::State& state) {
  const Segment& segment = TheSegment();
  const std::vector<Event>& events = segment.events();
  constexpr size_t kBatchBytes = 1 << 20;
  std::string batch;
  batch.reserve(kBatchBytes + 4096);
  size_t i = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    const size_t before = batch.size();
    EncodeRecord(events[i], segment.first_seq + i, segment.first_seq + i, segment.ingest_ns(i),
                 segment.seed, &batch);
    bytes += batch.size() - before;
    benchmark::DoNotOptimize(batch.data());
    benchmark::ClobberMemory();
    if (batch.size() >= kBatchBytes) batch.clear();
    if (++i == events.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(record_encode_per_event);

// DecodeFrame of the next frame of the segment, checksum checked, as a
// segment reader does: the frames in order, 10.8 MB of them, more than the
// L1 and L2 caches hold.
void record_decode_per_event(benchmark::State& state) {
  const Segment& segment = TheSegment();
  const std::string_view frames = segment.frames;
  size_t offset = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    RecordView view;
    size_t frame_size = 0;
    const FrameState frame_state =
        DecodeFrame(frames.substr(offset), segment.seed, &view, &frame_size);
    if (frame_state != FrameState::kOk) {
      Fail(state, FrameStateName(frame_state));
      break;
    }
    benchmark::DoNotOptimize(view);
    bytes += frame_size;
    offset += frame_size;
    if (offset == frames.size()) offset = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(record_decode_per_event);

// xxh3-64, seeded, of one 4 KiB block: the segment's first 4 KiB of frames,
// the same block every time, so it is in the L1 cache.
void xxh3_per_4KiB(benchmark::State& state) {
  const Segment& segment = TheSegment();
  const std::string block = segment.frames.substr(0, 4096);
  for (auto _ : state) {
    benchmark::DoNotOptimize(block.data());
    benchmark::DoNotOptimize(Checksum(block, segment.seed));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * block.size()));
}
BENCHMARK(xxh3_per_4KiB);

}  // namespace
}  // namespace sealog::bench::micro
