// The Bloom filters of an index head: one per field, over the field's
// distinct values, so a query for one exact value can skip a segment
// without reading any section.
//
//   bits    = max(64, 10 * value_count rounded up to a multiple of 64)
//   h       = xxh3_64(value, seed = 0x5EA106 + field index)
//   bit i   = (low32(h) + i * high32(h)) mod bits, u32 wrapping, i = 0..6
//   bit b   = bit (b % 8) of byte b / 8
#ifndef SEALOG_INDEX_BLOOM_H_
#define SEALOG_INDEX_BLOOM_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sealog/event.h"

namespace sealog::index {

// The filter size for `value_count` distinct values: 0 when there are none.
// Computed in 64 bits; REQUIRES (of an encoder): the result fits in u32.
uint64_t BloomBitsFor(uint64_t value_count);

// The hash of one value of one field, from which all probes derive.
uint64_t BloomHash(Field field, std::string_view value);

// Sets the probes of `hash` in `filter`. REQUIRES: filter holds bits / 8
// bytes, bits is a non-zero multiple of 64.
void BloomInsert(uint64_t hash, uint32_t bits, std::string* filter);

// False only when the value of `hash` was never inserted. An empty filter
// (bits == 0) contains nothing. REQUIRES: filter holds bits / 8 bytes.
bool BloomMayContain(uint64_t hash, uint32_t bits, std::string_view filter);

}  // namespace sealog::index

#endif  // SEALOG_INDEX_BLOOM_H_
