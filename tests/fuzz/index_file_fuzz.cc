// Fuzz target: an index file (index/index_file.h) opened from arbitrary
// bytes, then every lookup. The input is tried twice: as it is, and resealed
// (every section hash and the head checksum recomputed, as a hostile writer
// would), so that mutations reach the decoders behind the hashes. The
// identity expected is the one the input claims, for the same reason.
//
// Invariants: no crash, no read out of bounds (run under ASan), no
// allocation beyond the input's size; every error is kCorruption (kNotFound
// for an ordinal beyond the count); every answer is strictly increasing and
// below the record count; a count estimate is never below the answer; after
// Check() passes, a field's counts add up to its answer exactly and the time
// section holds every record once.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "engine/coding.h"
#include "index/index_file.h"
#include "index/postings.h"
#include "tests/index/index_test_util.h"

namespace {

using sealog::Field;
using sealog::Status;
using namespace sealog::index;

void Require(bool condition) {
  if (!condition) std::abort();
}

void RequireCorruption(const Status& status) { Require(status.ok() || status.IsCorruption()); }

void CheckAnswer(const Status& status, const Postings& answer, uint32_t record_count) {
  RequireCorruption(status);
  if (status.ok()) Require(ValidPostings(answer, record_count));
}

void RunLookups(IndexFile& file) {
  const uint32_t n = file.record_count();
  const IndexSummary& summary = file.summary();
  Postings answer;
  CheckAnswer(file.TimeRange(summary.min_time_ns(), summary.max_time_ns(), &answer), answer, n);
  CheckAnswer(file.TimeRange(std::numeric_limits<int64_t>::min(), 0, &answer), answer, n);
  for (size_t f = 0; f < sealog::kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    const std::string low = summary.field(field).min_value;
    const std::string high = summary.field(field).max_value;
    for (const auto& [a, b] :
         {std::pair{Bound::None(), Bound::None()}, std::pair{Bound::At(low), Bound::At(low)},
          std::pair{Bound::At(low, false), Bound::At(high)}}) {
      const Status status = file.FieldRange(field, a, b, &answer);
      CheckAnswer(status, answer, n);
      sealog::Result<uint64_t> count = file.FieldRangeCount(field, a, b);
      RequireCorruption(count.status());
      if (status.ok() && count.ok()) Require(*count >= answer.size());
    }
    std::string previous;
    bool ordered = true;
    bool first = true;
    Status status = file.CountValues(field, nullptr, [&](std::string_view value, uint64_t) {
      ordered = ordered && (first || previous < value);
      previous.assign(value);
      first = false;
    });
    RequireCorruption(status);
    Require(ordered);
    Postings odd;
    for (uint32_t i = 1; i < n && i < 64; i += 2) odd.push_back(i);
    RequireCorruption(file.CountValues(field, &odd, [](std::string_view, uint64_t) {}));
  }
  for (Ordinal ordinal : {Ordinal{0}, n / 2, n}) {
    const Status status = file.FrameOffset(ordinal).status();
    Require(ordinal < n ? (status.ok() || status.IsCorruption()) : status.IsNotFound());
  }
}

// After a clean Check, the sections agree with each other exactly.
void RunChecked(IndexFile& file) {
  const Status checked = file.Check();
  RequireCorruption(checked);
  if (!checked.ok()) return;
  Postings answer;
  Require(file.TimeRange(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                         &answer)
              .ok());
  Require(answer.size() == file.record_count());
  for (size_t f = 0; f < sealog::kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    Require(file.FieldRange(field, Bound::None(), Bound::None(), &answer).ok());
    sealog::Result<uint64_t> count = file.FieldRangeCount(field, Bound::None(), Bound::None());
    Require(count.ok() && *count == answer.size());
  }
}

void OpenAndRun(std::string bytes) {
  IndexIdentity identity = testing::ExampleIdentity();
  if (bytes.size() >= kFixedHeaderSize) {
    identity.log_id.assign(bytes, kLogIdOffset, kLogIdSize);
    identity.segment_number = sealog::DecodeFixed64(bytes.data() + kSegmentNumberOffset);
    identity.first_seq = sealog::DecodeFixed64(bytes.data() + kFirstSeqOffset);
  }
  (void)IndexFile::DigestOf(bytes);
  std::unique_ptr<IndexFile> file;
  const Status status =
      IndexFile::OpenBytes(std::move(bytes), "fuzz.idx", identity, nullptr, &file);
  RequireCorruption(status);
  if (!status.ok()) return;
  RunLookups(*file);
  RunChecked(*file);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  OpenAndRun(input);
  std::string resealed = input;
  testing::ResealIndexFile(&resealed);
  if (resealed != input) OpenAndRun(std::move(resealed));
  return 0;
}
