// Hashes for attackers: BLAKE2b-256, with the RFC 6962 domain separation
// between leaves (prefix 0x00) and interior nodes (prefix 0x01). This room
// (crypto/) is the only place that includes libsodium.
#ifndef SEALOG_CRYPTO_HASH_H_
#define SEALOG_CRYPTO_HASH_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sealog::crypto {

inline constexpr size_t kHashSize = 32;
using Hash = std::array<uint8_t, kHashSize>;

// BLAKE2b-256 of data, unkeyed.
Hash Blake2b(std::string_view data);
// BLAKE2b-256 of 0x00 || data: the hash of a Merkle leaf.
Hash LeafHash(std::string_view data);
// BLAKE2b-256 of 0x01 || left || right: the hash of a Merkle node.
Hash NodeHash(const Hash& left, const Hash& right);

// Incremental BLAKE2b-256, for data that arrives in pieces.
class Hasher {
 public:
  Hasher();
  void Update(std::string_view data);
  Hash Finish();

 private:
  alignas(64) unsigned char state_[384];
};

std::string ToHex(const Hash& hash);
// False unless text is exactly 64 hex digits.
bool FromHex(std::string_view text, Hash* hash);
inline std::string_view AsBytes(const Hash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

}  // namespace sealog::crypto

#endif  // SEALOG_CRYPTO_HASH_H_
