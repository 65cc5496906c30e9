// Text packing: a reversible rewrite of text that stores the two kinds of
// value audit logs are fullest of, identifiers in hex and IPv4 addresses, as
// the bytes they stand for, so a compressor sees 8 random bytes where it
// would see 16 random hex digits. Record columns (record_columns.h) pack
// each field and value column this way before zstd.
//
//   packed := item*
//   item   := 0x00 b                 the literal byte b (0x00 to 0x03)
//           | 0x01 n byte{n}          2n lowercase hex digits (n >= 4), the bytes they spell
//           | 0x02 byte{4}            a dotted-quad IPv4 address in canonical form
//                                     (no leading zeros), not next to a digit or '.'
//           | any other byte          itself
//
// Runs of at least 8 hex digits are packed, an even count of them (at most
// 510 per item); the odd digit left over stays literal. A bare 0x03 is no
// item: it ends a packed value (PackValue), so values need no lengths.
#ifndef SEALOG_ENGINE_TIER_TEXT_PACKING_H_
#define SEALOG_ENGINE_TIER_TEXT_PACKING_H_

#include <string>
#include <string_view>

namespace sealog::tier {

// Appends the packed form of `text` to *out.
void PackText(std::string_view text, std::string* out);

// Appends the text `packed` stands for to *out; false when it is not a
// packed form, or when *out would pass `limit` bytes.
bool UnpackText(std::string_view packed, size_t limit, std::string* out);

// PackText, then the 0x03 that ends a value.
void PackValue(std::string_view text, std::string* out);
// Unpacks the value at the front of *packed into *out (replacing it) and
// consumes it with its end; false when there is no whole value there or it
// is longer than `limit`.
bool UnpackValue(std::string_view* packed, size_t limit, std::string* out);

}  // namespace sealog::tier

#endif  // SEALOG_ENGINE_TIER_TEXT_PACKING_H_
