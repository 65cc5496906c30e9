// The signed entries of a log's seal chain: the genesis, signed by the root
// key, which certifies epoch key 0; and one seal per closed segment, signed by
// the key of its epoch, which binds the segment's records (Merkle root), its
// index, the previous entry (hash chain) and the next epoch's public key.
// docs/FORMAT.md, "Seal chain", gives the byte layout.
#ifndef SEALOG_CRYPTO_SEAL_H_
#define SEALOG_CRYPTO_SEAL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/hash.h"
#include "crypto/signing_key.h"
#include "sealog/status.h"

namespace sealog::crypto {

enum class EntryKind : uint8_t { kGenesis = 0, kSeal = 1 };

inline constexpr size_t kGenesisSize = 157;
inline constexpr size_t kSealSize = 277;
// Signatures cover a context string, then every byte of the entry before the signature.
inline constexpr std::string_view kGenesisContext = "sealog genesis v1";
inline constexpr std::string_view kSealContext = "sealog seal v1";

struct Genesis {
  uint32_t version = 1;
  std::string log_id;  // 16 bytes
  int64_t created_ns = 0;
  PublicKey root_key{};
  PublicKey epoch0_key{};
  Signature signature{};
};

struct Seal {
  uint32_t version = 1;
  std::string log_id;  // 16 bytes
  uint64_t segment_number = 0;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  uint64_t record_count = 0;
  int64_t min_time_ns = 0;
  int64_t max_time_ns = 0;
  int64_t sealed_ns = 0;  // the log's clock when it sealed: retention ages count from here
  Hash merkle_root{};     // MTH of the segment's record leaves
  Hash index_digest{};    // of the segment's index; all zero until indexes exist
  Hash prev_hash{};       // EntryHash of the previous entry (the genesis for the first seal)
  uint64_t epoch = 0;     // the epoch whose key signs this seal: the number of seals before it
  PublicKey next_key{};   // the public key of epoch + 1
  Signature signature{};
};

std::string EncodeGenesis(const Genesis& genesis);
std::string EncodeSeal(const Seal& seal);
// The kind of an encoded entry, from its first byte.
Result<EntryKind> PeekEntryKind(std::string_view bytes);
// Parse only: no signature is checked here.
Status DecodeGenesis(std::string_view bytes, Genesis* genesis);
Status DecodeSeal(std::string_view bytes, Seal* seal);

void SignGenesis(const SigningKey& root_key, Genesis* genesis);
void SignSeal(const SigningKey& epoch_key, Seal* seal);
bool GenesisSignatureValid(const Genesis& genesis);  // under genesis.root_key
bool SealSignatureValid(const Seal& seal, const PublicKey& epoch_key);

// BLAKE2b-256 of an encoded entry, signature included: the chain link.
Hash EntryHash(std::string_view encoded_entry);

// The leaf hash of a record in its segment's Merkle tree:
// LeafHash(seq as u64 LE || record body).
Hash RecordLeafHash(uint64_t seq, std::string_view body);

}  // namespace sealog::crypto

#endif  // SEALOG_CRYPTO_SEAL_H_
