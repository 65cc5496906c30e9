// Fuzz target: record columns (engine/tier/record_columns.h), both ways.
//
// Decode: the input as a block, record_count u32 | frames_size u32 | columns.
// Invariants: kCorruption, or exactly frames_size bytes of valid frames with
// seqs from first_seq, which encode to columns that decode to them again;
// never more than one record's frame beyond frames_size built on the way to
// a refusal.
//
// Round trip: the input as events, one per line, each line its raw bytes and
// the first six strings in it its fields (so strings equal to fields occur),
// a line starting with '!' without a time. Invariant: the header's "any
// bytes round-trip": the frames encode to columns that decode to them byte
// for byte.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engine/coding.h"
#include "engine/format.h"
#include "engine/limits.h"
#include "engine/record.h"
#include "engine/tier/record_columns.h"
#include "sealog/event.h"

namespace {

using sealog::Status;

void Require(bool condition) {
  if (!condition) std::abort();
}

const sealog::tier::RunPosition kPosition{sealog::SegmentSeed("fuzz-log-id-0000", 3), 41, 64};
// "2026-01-01T00:00:00.123456789Z": seeds hold it with 0, 3, 6 and 9 digits.
constexpr int64_t kTimeNs = 1'767'225'600'123'456'789;

void CheckFrames(std::string_view frames, uint32_t count) {
  size_t at = 0;
  uint32_t n = 0;
  while (at < frames.size()) {
    sealog::RecordView view;
    size_t size = 0;
    Require(sealog::DecodeFrame(frames.substr(at), kPosition.seed, &view, &size) ==
            sealog::FrameState::kOk);
    Require(view.seq == kPosition.first_seq + n);
    at += size;
    ++n;
  }
  Require(n == count);
}

void Decode(std::string_view input) {
  if (input.size() < 8) return;
  const uint32_t count = sealog::DecodeFixed32(input.data());
  const uint64_t frames_size = sealog::DecodeFixed32(input.data() + 4);
  std::string frames;
  const Status status = sealog::tier::DecodeRecordColumns(input.substr(8), kPosition, count,
                                                          frames_size, "fuzz", &frames);
  Require(status.ok() || status.IsCorruption());
  if (!status.ok()) {
    Require(frames.size() <=
            frames_size + sealog::format::kRecordHeaderSize + sealog::kRecordBodyBytesMax);
    return;
  }
  Require(frames.size() == frames_size);
  CheckFrames(frames, count);
  uint32_t again_count = 0;
  std::string columns;
  Require(sealog::tier::EncodeRecordColumns(frames, kPosition, &again_count, &columns).ok());
  Require(again_count == count);
  std::string again;
  Require(sealog::tier::DecodeRecordColumns(columns, kPosition, count, frames_size, "again", &again)
              .ok());
  Require(again == frames);
}

void RoundTrip(std::string_view input) {
  std::vector<std::string_view> lines;
  while (!input.empty() && lines.size() < 256) {
    const size_t end = input.find('\n');
    lines.push_back(input.substr(0, end));
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  std::string frames;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    sealog::Event event;
    event.raw = line;
    event.time_missing = !line.empty() && line[0] == '!';
    event.time_ns = kTimeNs + static_cast<int64_t>(i % 2);
    size_t at = 0;
    for (size_t k = 0; k < sealog::kFieldCount; ++k) {
      const size_t open = line.find('"', at);
      if (open == std::string_view::npos) break;
      const size_t close = line.find('"', open + 1);
      if (close == std::string_view::npos) break;
      event.fields[k] =
          line.substr(open + 1, std::min<size_t>(close - open - 1, sealog::kFieldBytesMax));
      at = close + 1;
    }
    Require(sealog::CheckEventLimits(event).ok());
    sealog::EncodeRecord(event, kPosition.first_seq + i, i * 100,
                         kTimeNs - 7 + static_cast<int64_t>(i), kPosition.seed, &frames);
  }
  uint32_t count = 0;
  std::string columns;
  Require(sealog::tier::EncodeRecordColumns(frames, kPosition, &count, &columns).ok());
  Require(count == lines.size());
  std::string back;
  Require(sealog::tier::DecodeRecordColumns(columns, kPosition, count, frames.size(), "fuzz", &back)
              .ok());
  Require(back == frames);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Decode(input);
  RoundTrip(input);
  return 0;
}
