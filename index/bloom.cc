#include "index/bloom.h"

#include <algorithm>

#include "engine/checksum.h"
#include "index/index_format.h"

namespace sealog::index {
namespace {

// The probe positions of `hash`, by double hashing (Kirsch and Mitzenmacher).
template <typename Visit>
bool ForEachProbe(uint64_t hash, uint32_t bits, const Visit& visit) {
  const uint32_t h1 = static_cast<uint32_t>(hash);
  const uint32_t h2 = static_cast<uint32_t>(hash >> 32);
  for (uint32_t i = 0; i < kBloomHashes; ++i) {
    if (!visit((h1 + i * h2) % bits)) return false;
  }
  return true;
}

}  // namespace

uint64_t BloomBitsFor(uint64_t value_count) {
  if (value_count == 0) return 0;
  const uint64_t wanted = (kBloomBitsPerValue * value_count + 63) / 64 * 64;
  return std::max<uint64_t>(64, wanted);
}

uint64_t BloomHash(Field field, std::string_view value) {
  return Checksum(value, kBloomSeedBase + static_cast<uint64_t>(field));
}

void BloomInsert(uint64_t hash, uint32_t bits, std::string* filter) {
  ForEachProbe(hash, bits, [&](uint32_t bit) {
    (*filter)[bit / 8] =
        static_cast<char>(static_cast<uint8_t>((*filter)[bit / 8]) | (1u << (bit % 8)));
    return true;
  });
}

bool BloomMayContain(uint64_t hash, uint32_t bits, std::string_view filter) {
  if (bits == 0 || filter.size() * 8 < bits) return false;
  return ForEachProbe(hash, bits, [&](uint32_t bit) {
    return (static_cast<uint8_t>(filter[bit / 8]) >> (bit % 8)) & 1;
  });
}

}  // namespace sealog::index
