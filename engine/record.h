// Record framing: an Event in, bytes out; bytes in, a checked RecordView out.
//
//   frame  := magic u32 | length u32 | checksum u64 | seq u64 | synced u64 | body
//   body   := ingest_ns i64 | time_ns i64 | flags u8 | field{6} | raw
//   field  := varint32 length | bytes
//
// The checksum is xxh3-64 over [seq .. end of body], seeded with the segment's
// seed (log id and segment number), so a record copied into another store or
// another segment fails its check. docs/FORMAT.md has the details.
#ifndef SEALOG_ENGINE_RECORD_H_
#define SEALOG_ENGINE_RECORD_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sealog/event.h"
#include "sealog/status.h"

namespace sealog {

// The checksum seed of one segment: xxh3(log id || segment number LE).
uint64_t SegmentSeed(std::string_view log_id, uint64_t segment_number);

// A decoded record whose views point into the frame it was decoded from.
struct RecordView {
  uint64_t seq = 0;
  uint64_t synced = 0;
  int64_t ingest_ns = 0;
  int64_t time_ns = 0;
  uint8_t flags = 0;
  std::array<std::string_view, kFieldCount> fields;
  std::string_view raw;
  std::string_view body;  // the whole body, as hashed by the Merkle tree later

  bool time_missing() const;
  bool system() const;  // written by the store itself (engine/system_events.h)
  Record ToRecord() const;
};

// Bytes the frame of `event` will take.
size_t EncodedFrameSize(const Event& event);

// Appends the frame of `event` to dst; `system` marks an event the store
// wrote itself. REQUIRES: event and fields within the limits of
// engine/limits.h (CheckEventLimits).
void EncodeRecord(const Event& event, uint64_t seq, uint64_t synced, int64_t ingest_ns,
                  uint64_t seed, std::string* dst, bool system = false);

// kInvalidArgument when the event or a field is too large to store.
Status CheckEventLimits(const Event& event);

// How DecodeFrame judged the bytes at hand.
enum class FrameState {
  kOk,           // a whole, valid frame
  kIncomplete,   // the input ends inside the frame
  kBadMagic,     // not a frame start
  kBadLength,    // the length is beyond kRecordBodyBytesMax
  kBadChecksum,  // the bytes do not match the checksum
  kBadBody,      // the checksum matches but the body does not parse
};
const char* FrameStateName(FrameState state);

// Decodes one frame at the start of `input`. On kOk, *view is filled and
// *frame_size is the frame's length. For kIncomplete, *frame_size is the size
// the frame claims (when the header is whole) or 0.
FrameState DecodeFrame(std::string_view input, uint64_t seed, RecordView* view,
                       size_t* frame_size);

// Decodes one whole frame this process encoded itself (the writer's own
// batches), without checking its checksum again. REQUIRES: `frame` is exactly
// one frame that EncodeRecord produced.
void DecodeTrustedFrame(std::string_view frame, RecordView* view);

}  // namespace sealog

#endif  // SEALOG_ENGINE_RECORD_H_
