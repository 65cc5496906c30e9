// Ed25519 keys: the root key that certifies a log, and the epoch keys that
// sign its seals. An epoch key derives the next one one-way, so erasing a key
// after use makes the past unforgeable with whatever is stolen later.
#ifndef SEALOG_CRYPTO_SIGNING_KEY_H_
#define SEALOG_CRYPTO_SIGNING_KEY_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sealog/status.h"

namespace sealog::crypto {

inline constexpr size_t kSeedSize = 32;
inline constexpr size_t kPublicKeySize = 32;
inline constexpr size_t kSignatureSize = 64;
using Seed = std::array<uint8_t, kSeedSize>;
using PublicKey = std::array<uint8_t, kPublicKeySize>;
using Signature = std::array<uint8_t, kSignatureSize>;

// An Ed25519 key pair held in memory. The secret is wiped on destruction.
// Copyable on purpose: each copy wipes itself.
class SigningKey {
 public:
  // The key pair whose secret is this 32-byte seed (libsodium's
  // crypto_sign_seed_keypair, i.e. RFC 8032 key generation).
  static SigningKey FromSeed(const Seed& seed);
  ~SigningKey();
  SigningKey(const SigningKey& other);
  SigningKey& operator=(const SigningKey& other);

  const PublicKey& public_key() const { return public_key_; }
  const Seed& seed() const { return seed_; }
  Signature Sign(std::string_view message) const;
  // The key of the next epoch: its seed is BLAKE2b-256("sealog epoch v1" || seed).
  // One-way: the next key does not reveal this one.
  SigningKey Next() const;

 private:
  SigningKey() = default;
  Seed seed_{};
  PublicKey public_key_{};
  std::array<uint8_t, 64> secret_{};
};

bool VerifySignature(const PublicKey& key, std::string_view message, const Signature& signature);

// Key files, text, one key each:
//   sealog secret key v1\n ed25519 <64 hex digits of the seed>\n
//   sealog public key v1\n ed25519 <64 hex digits>\n
std::string EncodeSecretKeyFile(const SigningKey& key);
std::string EncodePublicKeyFile(const PublicKey& key);
// `where` names the file in errors.
Result<SigningKey> DecodeSecretKeyFile(std::string_view text, std::string_view where);
Result<PublicKey> DecodePublicKeyFile(std::string_view text, std::string_view where);

std::string KeyToHex(const PublicKey& key);
// A short, stable name for a key in messages: the first 8 hex digits of BLAKE2b(key).
std::string KeyFingerprint(const PublicKey& key);

}  // namespace sealog::crypto

#endif  // SEALOG_CRYPTO_SIGNING_KEY_H_
