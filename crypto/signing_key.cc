#include "crypto/signing_key.h"

#include <sodium.h>

#include <cstring>

#include "crypto/hash.h"
#include "crypto/text_codec.h"

namespace sealog::crypto {

static_assert(crypto_sign_SEEDBYTES == kSeedSize);
static_assert(crypto_sign_PUBLICKEYBYTES == kPublicKeySize);
static_assert(crypto_sign_BYTES == kSignatureSize);
static_assert(crypto_sign_SECRETKEYBYTES == 64);

namespace {
constexpr std::string_view kSecretHeader = "sealog secret key v1\n";
constexpr std::string_view kPublicHeader = "sealog public key v1\n";
constexpr std::string_view kAlgorithm = "ed25519 ";

template <size_t N>
std::string Hex(const std::array<uint8_t, N>& bytes) {
  return HexEncode(std::string_view(reinterpret_cast<const char*>(bytes.data()), N));
}

// Parses "<header>ed25519 <64 hex>\n" into 32 bytes.
Status DecodeKeyText(std::string_view text, std::string_view header, std::string_view where,
                     std::array<uint8_t, 32>* out) {
  const std::string place(where);
  if (!text.starts_with(header)) {
    return Status::InvalidArgument(place + ": not a sealog key file (expected a first line \"" +
                                   std::string(header.substr(0, header.size() - 1)) + "\")");
  }
  text.remove_prefix(header.size());
  if (!text.starts_with(kAlgorithm)) {
    return Status::InvalidArgument(place + ": line 2 must be \"ed25519 <64 hex digits>\"");
  }
  text.remove_prefix(kAlgorithm.size());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  Hash bytes;
  if (!FromHex(text, &bytes)) {
    return Status::InvalidArgument(place + ": line 2 must hold exactly 64 hex digits");
  }
  std::memcpy(out->data(), bytes.data(), 32);
  return Status::Ok();
}
}  // namespace

SigningKey SigningKey::FromSeed(const Seed& seed) {
  if (sodium_init() < 0) std::abort();
  SigningKey key;
  key.seed_ = seed;
  crypto_sign_seed_keypair(key.public_key_.data(), key.secret_.data(), seed.data());
  return key;
}

SigningKey::~SigningKey() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(secret_.data(), secret_.size());
}

SigningKey::SigningKey(const SigningKey& other) = default;
SigningKey& SigningKey::operator=(const SigningKey& other) = default;

Signature SigningKey::Sign(std::string_view message) const {
  Signature signature;
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return signature;
}

SigningKey SigningKey::Next() const {
  Hasher hasher;
  hasher.Update("sealog epoch v1");
  hasher.Update(std::string_view(reinterpret_cast<const char*>(seed_.data()), seed_.size()));
  Hash next = hasher.Finish();
  Seed seed;
  std::memcpy(seed.data(), next.data(), seed.size());
  sodium_memzero(next.data(), next.size());
  SigningKey key = FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

bool VerifySignature(const PublicKey& key, std::string_view message, const Signature& signature) {
  if (sodium_init() < 0) return false;
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), key.data()) == 0;
}

std::string EncodeSecretKeyFile(const SigningKey& key) {
  return std::string(kSecretHeader) + std::string(kAlgorithm) + Hex(key.seed()) + "\n";
}

std::string EncodePublicKeyFile(const PublicKey& key) {
  return std::string(kPublicHeader) + std::string(kAlgorithm) + Hex(key) + "\n";
}

Result<SigningKey> DecodeSecretKeyFile(std::string_view text, std::string_view where) {
  Seed seed;
  SEALOG_RETURN_IF_ERROR(DecodeKeyText(text, kSecretHeader, where, &seed));
  SigningKey key = SigningKey::FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

Result<PublicKey> DecodePublicKeyFile(std::string_view text, std::string_view where) {
  PublicKey key;
  SEALOG_RETURN_IF_ERROR(DecodeKeyText(text, kPublicHeader, where, &key));
  return key;
}

std::string KeyToHex(const PublicKey& key) { return Hex(key); }

std::string KeyFingerprint(const PublicKey& key) {
  return ToHex(Blake2b(std::string_view(reinterpret_cast<const char*>(key.data()), key.size())))
      .substr(0, 8);
}

}  // namespace sealog::crypto
