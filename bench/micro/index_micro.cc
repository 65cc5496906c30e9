// Indexes (index/): the active segment's in-memory index, its encoding at
// seal time, and lookups in an encoded index file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/micro/micro_data.h"
#include "bench/split_mix64.h"
#include "engine/io/env.h"
#include "index/index_builder.h"
#include "index/index_file.h"
#include "index/index_view.h"

namespace sealog::bench::micro {
namespace {

// IndexBuilder::Add of one record: the six fields into their dictionaries,
// the time and the frame offset, as the digester feeds the active segment's
// index. A segment holds kSegmentEvents records; then a new builder starts
// (untimed). The digester also decodes the frame and takes a lock per batch:
// not here.
void index_add_per_event(benchmark::State& state) {
  const Segment& segment = TheSegment();
  const std::vector<Event>& events = segment.events();
  auto builder = std::make_unique<index::IndexBuilder>();
  size_t i = 0;
  for (auto _ : state) {
    builder->Add(events[i].time_ns, events[i].fields, segment.offsets[i]);
    benchmark::ClobberMemory();
    if (++i == events.size()) {
      state.PauseTiming();
      builder = std::make_unique<index::IndexBuilder>();
      i = 0;
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(index_add_per_event);

// IndexBuilder::Encode of a whole segment of kSegmentEvents records, as the
// seal writes its index file: each field's dictionary sorted by value, its
// postings sorted by a counting sort, the time entries sorted, every section
// encoded and hashed into the head. Items are records; bytes are the file's.
void index_encode_per_segment(benchmark::State& state) {
  const Segment& segment = TheSegment();
  const std::vector<Event>& events = segment.events();
  index::IndexBuilder builder;
  for (size_t i = 0; i < events.size(); ++i) {
    builder.Add(events[i].time_ns, events[i].fields, segment.offsets[i]);
  }
  const index::IndexIdentity identity = segment.identity();
  uint64_t bytes = 0;
  for (auto _ : state) {
    const std::string file = builder.Encode(identity);
    benchmark::DoNotOptimize(file.data());
    bytes += file.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(index_encode_per_segment);

// An index file in memory whose reads copy into the caller's buffer, as a
// pread from the page cache does.
class MemoryFile final : public io::ReadableFile {
 public:
  explicit MemoryFile(std::string_view bytes) : bytes_(bytes) {}
  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override {
    const size_t at = offset < bytes_.size() ? static_cast<size_t>(offset) : bytes_.size();
    const size_t length = std::min(n, bytes_.size() - at);
    std::memcpy(scratch, bytes_.data() + at, length);
    *result = std::string_view(scratch, length);
    return Status::Ok();
  }
  Result<uint64_t> Size() const override { return static_cast<uint64_t>(bytes_.size()); }

 private:
  std::string_view bytes_;
};

// 256 actors of uniformly drawn events: Zipf-distributed, as the workload
// draws them (the query benchmark draws its actor queries the same way).
std::vector<std::string> DrawActors() {
  const std::vector<Event>& events = TheSegment().events();
  SplitMix64 random(7);
  std::vector<std::string> actors;
  for (int i = 0; i < 256; ++i) {
    actors.emplace_back(events[random.Uniform(events.size())].field(Field::kActor));
  }
  return actors;
}

// FieldRange of one actor value in an open, sealed index file whose actor
// section is loaded already (the IndexCache keeps files open between
// queries): a binary search of the values and the copy of the value's
// posting list. Postings are counted in the postings counter (per query).
void index_lookup_per_query(benchmark::State& state) {
  const Segment& segment = TheSegment();
  const std::vector<std::string> actors = DrawActors();
  std::unique_ptr<index::IndexFile> file;
  Status status = index::IndexFile::Open(std::make_unique<MemoryFile>(segment.index_file), "micro",
                                         segment.identity(), &segment.index_digest, &file);
  index::Postings postings;
  if (status.ok()) {
    status = file->FieldRange(Field::kActor, index::Bound::At(actors[0]),
                              index::Bound::At(actors[0]), &postings);
  }
  if (!status.ok()) {
    Fail(state, status.ToString());
    return;
  }
  size_t i = 0;
  uint64_t found = 0;
  for (auto _ : state) {
    const index::Bound value = index::Bound::At(actors[i]);
    status = file->FieldRange(Field::kActor, value, value, &postings);
    if (!status.ok() || postings.empty()) {
      Fail(state, "an actor of the segment was not found");
      break;
    }
    benchmark::DoNotOptimize(postings.data());
    found += postings.size();
    if (++i == actors.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["postings"] =
      benchmark::Counter(static_cast<double>(found), benchmark::Counter::kAvgIterations);
}
BENCHMARK(index_lookup_per_query);

// The same lookup in an index file not opened yet, as a query meets each
// segment's file the first time: Open (read the head, check it and its
// BLAKE2b digest against the seal's), then FieldRange, which reads the
// actor section, checks its BLAKE2b hash and decodes it first.
void index_open_lookup_per_query(benchmark::State& state) {
  const Segment& segment = TheSegment();
  const std::vector<std::string> actors = DrawActors();
  const index::IndexIdentity identity = segment.identity();
  size_t i = 0;
  for (auto _ : state) {
    std::unique_ptr<index::IndexFile> file;
    Status status = index::IndexFile::Open(std::make_unique<MemoryFile>(segment.index_file),
                                           "micro", identity, &segment.index_digest, &file);
    index::Postings postings;
    if (status.ok()) {
      const index::Bound value = index::Bound::At(actors[i]);
      status = file->FieldRange(Field::kActor, value, value, &postings);
    }
    if (!status.ok() || postings.empty()) {
      Fail(state, "an actor of the segment was not found");
      break;
    }
    benchmark::DoNotOptimize(postings.data());
    if (++i == actors.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(index_open_lookup_per_query);

}  // namespace
}  // namespace sealog::bench::micro
