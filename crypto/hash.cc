#include "crypto/hash.h"

#include <sodium.h>

#include <cstring>

#include "crypto/text_codec.h"

namespace sealog::crypto {

static_assert(sizeof(crypto_generichash_state) <= 384, "Hasher::state_ is too small");

namespace {
// libsodium picks its fastest implementations here; idempotent and thread safe.
void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
}
}  // namespace

Hash Blake2b(std::string_view data) {
  EnsureSodium();
  Hash out;
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return out;
}

Hash LeafHash(std::string_view data) {
  Hasher hasher;
  hasher.Update(std::string_view("\x00", 1));
  hasher.Update(data);
  return hasher.Finish();
}

Hash NodeHash(const Hash& left, const Hash& right) {
  unsigned char buf[1 + 2 * kHashSize];
  buf[0] = 0x01;
  std::memcpy(buf + 1, left.data(), kHashSize);
  std::memcpy(buf + 1 + kHashSize, right.data(), kHashSize);
  Hash out;
  EnsureSodium();
  crypto_generichash(out.data(), out.size(), buf, sizeof(buf), nullptr, 0);
  return out;
}

Hasher::Hasher() {
  EnsureSodium();
  crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_), nullptr, 0,
                          kHashSize);
}

void Hasher::Update(std::string_view data) {
  crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

Hash Hasher::Finish() {
  Hash out;
  crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_), out.data(),
                           out.size());
  return out;
}

std::string ToHex(const Hash& hash) { return HexEncode(AsBytes(hash)); }

bool FromHex(std::string_view text, Hash* hash) {
  if (text.size() != 2 * kHashSize) return false;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < kHashSize; ++i) {
    const int high = digit(text[2 * i]), low = digit(text[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    (*hash)[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return true;
}

}  // namespace sealog::crypto
