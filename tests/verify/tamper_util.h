// Helpers for the tamper suite (tamper_test.cc): build small sealed stores
// through the public API, then damage their files the way an attacker or a
// failing disk would, keeping whatever the damage is not meant to break
// (record checksums, SEALS entry framing, the MANIFEST) consistent.
#ifndef SEALOG_TESTS_VERIFY_TAMPER_UTIL_H_
#define SEALOG_TESTS_VERIFY_TAMPER_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sealog/store.h"
#include "sealog/verify.h"

namespace sealog::tamper {

// What BuildStore makes: `sealed_segments` segments of `records_per_segment`
// records each (closed by Store::Roll, so sealed), then `unsealed_records` in
// the active segment.
struct StoreShape {
  uint64_t sealed_segments = 5;
  uint64_t records_per_segment = 20;
  uint64_t unsealed_records = 5;
  size_t pad = 60;            // bytes of padding in each event (TestEvent)
  uint64_t first_n = 1;       // TestEvent number of seq 1: two stores built with
                              // different first_n hold different events
  std::string root_key_seed;  // empty: generated
};

struct BuiltStore {
  std::string dir;
  std::string log_id;  // 16 raw bytes
  uint64_t records = 0;
  std::vector<SegmentInfo> segments;  // by number, the active one last

  // The segment with this number. REQUIRES: it exists.
  const SegmentInfo& segment(uint64_t number) const { return segments.at(number - 1); }
  uint64_t last_seq(uint64_t number) const {
    return segment(number).first_seq + segment(number).record_count - 1;
  }
};

// Use with ASSERT_NO_FATAL_FAILURE.
void BuildStore(const std::string& dir, const StoreShape& shape, BuiltStore* out);

// ---- Files.
std::string SegmentPath(const std::string& dir, uint64_t number);
std::string ReadBytes(const std::string& path);
void WriteBytes(const std::string& path, std::string_view bytes);

// ---- Record frames inside a segment file's bytes.
struct FrameSpan {
  uint64_t offset = 0;  // in the file
  uint64_t size = 0;    // header and body
  uint64_t seq = 0;
};
// The valid frames of a segment file, in file order, stopping at the first
// invalid one. Checked with the segment's seed (log id, segment number).
std::vector<FrameSpan> ListFrames(std::string_view file, std::string_view log_id, uint64_t number);
// Recomputes the xxh3 checksum of the frame at `offset` after an edit, as
// the writer would have (FORMAT.md: seeded with SegmentSeed).
void FixChecksum(std::string* file, uint64_t offset, std::string_view log_id, uint64_t number);
// Offset of a byte of the event's padding inside the frame ('x' in TestEvent):
// changing it keeps the body parseable, so only hashes notice.
uint64_t PadByteOffset(const FrameSpan& frame);

// ---- SEALS.
// The entries of dir/SEALS, the genesis first, read as verify reads them.
std::vector<std::string> ReadSealEntries(const std::string& dir, const std::string& log_id);
// Rewrites dir/SEALS whole: the header of `header_log_id`, then each entry
// correctly framed at its index (SealLog::Frame), so only the contents of the
// entries, never their framing, can be blamed.
void WriteSealEntries(const std::string& dir, const std::string& header_log_id,
                      const std::vector<std::string>& entries);

// ---- Reports.
// One line per problem, for failure messages.
std::string Describe(const VerifyReport& report);
// Success when there is at least one problem and every one is of `kind`.
::testing::AssertionResult OnlyKind(const VerifyReport& report, ProblemKind kind);
// Success when some problem of `kind` names segment `segment`.
::testing::AssertionResult NamesSegment(const VerifyReport& report, ProblemKind kind,
                                        uint64_t segment);
// The first problem of `kind` that names `segment`, or null.
const Problem* FindProblem(const VerifyReport& report, ProblemKind kind, uint64_t segment);

}  // namespace sealog::tamper

#endif  // SEALOG_TESTS_VERIFY_TAMPER_UTIL_H_
