// Checksums for accidents (bit rot, torn writes, misplaced blocks): xxh3-64.
// This is the only header through which xxHash is used. Attackers are the
// business of crypto/, not of these checksums.
#ifndef SEALOG_ENGINE_CHECKSUM_H_
#define SEALOG_ENGINE_CHECKSUM_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sealog {

uint64_t Checksum(std::string_view data);
uint64_t Checksum(std::string_view data, uint64_t seed);

}  // namespace sealog

#endif  // SEALOG_ENGINE_CHECKSUM_H_
