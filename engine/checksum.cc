#include "engine/checksum.h"

#include <xxhash.h>

namespace sealog {

uint64_t Checksum(std::string_view data) { return XXH3_64bits(data.data(), data.size()); }

uint64_t Checksum(std::string_view data, uint64_t seed) {
  return XXH3_64bits_withSeed(data.data(), data.size(), seed);
}

}  // namespace sealog
