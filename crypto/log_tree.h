// The log tree and the key chain of a log (docs/PROOFS.md).
//
// Log tree: an RFC 6962-shaped Merkle tree (crypto/merkle.h) whose leaf i is
// LeafHash(EncodeSeal(seal i)): seals only, not the genesis. Its size is the
// number of seals; a checkpoint signs its root.
//
// Key chain: the genesis, signed by the root key, names the key of epoch 0;
// seal i is signed by the key of epoch i and names the key of epoch i + 1.
// Walking genesis -> seals checks every signature and link and yields the
// public key of every epoch 0 .. n, the last one being the key that signs
// checkpoints of the whole log.
//
// All lists here hold the seals only, seal 0 first (engine/seal_log.h's
// entries() holds the genesis first: drop it).
#ifndef SEALOG_CRYPTO_LOG_TREE_H_
#define SEALOG_CRYPTO_LOG_TREE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/checkpoint.h"
#include "crypto/hash.h"
#include "crypto/seal.h"
#include "crypto/signing_key.h"
#include "sealog/status.h"

namespace sealog::crypto {

// What kind of problem a check found; names match `sealog verify`'s kinds.
enum class ChainFault : uint8_t {
  kNone = 0,
  kCorrupt,    // an entry does not decode (wrong size, kind or version)
  kTampered,   // a signature, hash link, root or range does not match
  kForeign,    // another log id, or a genesis certified by another root key
  kReordered,  // a genuine seal of this log in the wrong place (moved or replayed)
  kMissing,    // a seal is gone: the one found is from a later epoch
  kRollback,   // the chain no longer extends a checkpoint (it is shorter or differs)
};
// "ok", "corrupt", "tampered", "foreign", "reordered", "missing", "rollback".
std::string_view ChainFaultName(ChainFault fault);

// The log-tree leaf of a seal: LeafHash(encoded seal) = BLAKE2b(0x00 || bytes).
Hash SealLeafHash(std::string_view encoded_seal);
// MTH over the seals' leaf hashes, in order (BLAKE2b("") when there is none).
Hash LogRoot(const std::vector<std::string>& encoded_seals);
Hash LogRoot(const std::vector<Seal>& seals);

// Checks the genesis and every seal, in order, and sets *epoch_keys to the
// public keys of epochs 0 .. seals.size(). On error, *epoch_keys holds the
// keys established before the failing entry, *fault (when given) its kind,
// and the message names the entry ("genesis", "seal 3 (segment 4)") and what
// is wrong. Checks, for the genesis: version, 16-byte log id, root key ==
// root_key (foreign), signature. For seal i, in this order: version; log id ==
// the genesis's (foreign); epoch == i (else reordered when it is a genuine
// earlier seal or a later seal while seal i is further on, missing when no
// seal of epoch i follows, tampered otherwise); signature under the key of
// epoch i; prev_hash == EntryHash of the previous entry; segment_number ==
// i + 1; first_seq == 1 + last_seq of the previous seal (1 for seal 0);
// record_count >= 1 and last_seq + 1 == first_seq + record_count
// (docs/FORMAT.md, "Seal").
Status VerifyKeyChain(const PublicKey& root_key, const Genesis& genesis,
                      const std::vector<Seal>& seals, std::vector<PublicKey>* epoch_keys,
                      ChainFault* fault = nullptr);

// Decodes the entries (kCorrupt when one does not) into *genesis and *seals,
// then VerifyKeyChain.
Status VerifyEncodedKeyChain(const PublicKey& root_key, std::string_view encoded_genesis,
                             const std::vector<std::string>& encoded_seals, Genesis* genesis,
                             std::vector<Seal>* seals, std::vector<PublicKey>* epoch_keys,
                             ChainFault* fault = nullptr);

// An unsigned checkpoint of all `encoded_seals`: tree size, records (last_seq
// of the last seal, 0 when none), log root, epoch = tree size. The caller
// signs it with the key of epoch tree_size (SignCheckpoint). Fails only when
// the last seal does not decode.
Result<Checkpoint> MakeCheckpoint(std::string_view log_id,
                                  const std::vector<std::string>& encoded_seals, int64_t time_ns);

// Checks `checkpoint` against a chain that VerifyKeyChain accepted (its
// genesis, seals and epoch keys): log id (foreign); tree_size <= seals.size()
// (rollback: the chain is shorter than the checkpoint); epoch == tree_size;
// signed by the key of epoch tree_size (tampered); records and root equal
// those of the first tree_size seals (rollback: the chain does not extend
// it). An anchor check (`verify --anchor`) is exactly this.
Status VerifyCheckpointOnChain(const Checkpoint& checkpoint, const Genesis& genesis,
                               const std::vector<Seal>& seals,
                               const std::vector<PublicKey>& epoch_keys,
                               ChainFault* fault = nullptr);

}  // namespace sealog::crypto

#endif  // SEALOG_CRYPTO_LOG_TREE_H_
