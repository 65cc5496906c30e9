// Record columns: a run of record frames rearranged field by field, so that
// a general compressor sees like next to like (every actor together, every
// request id together) and the bytes it can recompute are not stored at all.
// Cold archives (engine/tier/archive_file.h) compress blocks this way.
//
//   columns   := record_count varint | section{12}     each section: varint length | bytes
//   section 0 := per record: zigzag(synced - previous synced)   (previous of the first: 0)
//   section 1 := per record: zigzag(ingest_ns - previous ingest_ns)
//   section 2 := per record: zigzag(time_ns - previous time_ns)
//   section 3 := per record: flags u8
//   section 4..9 := per record: field k (Field order), packed as a value (text_packing.h)
//   section 10 := the shapes of the raw bytes, one per record (below)
//   section 11 := column_count varint | column{n}       column: varint length | values
//                 each value ends in '"'; column 0 holds values that follow no key
//                 (and those of keys past the first 1023); the others are the keys'
//                 in the order the shapes first name them
// Each column is stored packed too (PackText): hex identifiers and IPv4
// addresses as the bytes they spell.
//
// Not stored: magic, body length and checksum (recomputed: the checksum from
// the segment's seed), seq (first_seq + i), and of the raw bytes every string
// and number, which go to the column of the JSON key they follow. A shape is
// the raw bytes with those values taken out:
//
//   0x00 b      the literal byte b (any of 0x00..0x06)
//   0x01        a string "…" whose content is the next value of the current key's column
//   0x02        a number whose text is the next value of the current key's column
//   0x03 k      a string whose content equals field k of the record
//   0x04 d      a string holding the record's time_ns as RFC 3339 with d (0, 3, 6 or 9)
//               fractional digits and 'Z'
//   0x05        the end of the record
//   0x06 varint length | bytes   a key "…" (a string followed by ':'); it becomes the current key
//   any other byte: itself
//
// Any bytes round-trip, JSON or not: a string without its closing quote is
// literal bytes. The encoder decodes its own output and compares; a run it
// cannot reproduce exactly (a non-canonical frame) is refused, and the caller
// stores it as is.
#ifndef SEALOG_ENGINE_TIER_RECORD_COLUMNS_H_
#define SEALOG_ENGINE_TIER_RECORD_COLUMNS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sealog/status.h"

namespace sealog::tier {

// Where a run of frames sits: the segment's checksum seed, the seq of its
// first frame and that frame's offset in the segment.
struct RunPosition {
  uint64_t seed = 0;
  uint64_t first_seq = 0;
  uint64_t offset = 0;
};

// The columns of `frames`, whole valid frames back to back with seqs from
// position.first_seq. kInvalidArgument when the frames are not such a run or
// would not come back byte for byte.
Status EncodeRecordColumns(std::string_view frames, const RunPosition& position,
                           uint32_t* record_count, std::string* columns);

// The frames back: appends to *frames, which must come to exactly
// `frames_size` bytes of `record_count` records. kCorruption (naming `where`)
// for columns that do not decode to that.
Status DecodeRecordColumns(std::string_view columns, const RunPosition& position,
                           uint32_t record_count, uint64_t frames_size, std::string_view where,
                           std::string* frames);

}  // namespace sealog::tier

#endif  // SEALOG_ENGINE_TIER_RECORD_COLUMNS_H_
