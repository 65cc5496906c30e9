// Inclusion proofs: everything an offline checker needs to tell, knowing
// only the log's root public key, that record `seq` with this body is in the
// log as a signed checkpoint describes it. `sealog prove` prints one as JSON,
// `sealog check-proof` reads it. docs/PROOFS.md specifies the JSON and the
// verification algorithm for independent checkers.
//
// A proof carries the whole key chain (the genesis and every seal) because
// the checkpoint is signed by the key of the newest epoch, which only the
// chain from the root key certifies. Its size is O(number of seals).
//
// JSON (canonical: EncodeProofJson's exact bytes; pretty, two-space indent):
//   {
//     "version": 1,
//     "checkpoint": <the checkpoint JSON object, one line, crypto/checkpoint.h>,
//     "genesis": "<hex of the encoded genesis>",
//     "seals": [
//       "<hex of encoded seal 0>",
//       ...
//     ],
//     "seq": 42,
//     "index": 7,
//     "body": "<base64 of the record body>",
//     "path": [
//       "<64 hex: audit path hash, leaf side first>",
//       ...
//     ]
//   }
#ifndef SEALOG_CRYPTO_PROOF_H_
#define SEALOG_CRYPTO_PROOF_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/checkpoint.h"
#include "crypto/hash.h"
#include "crypto/log_tree.h"
#include "crypto/signing_key.h"
#include "sealog/status.h"

namespace sealog::crypto {

inline constexpr uint64_t kProofVersion = 1;
// Seals one proof may carry: about 8 years at one seal a minute, near the
// number of segments a MANIFEST can list.
inline constexpr size_t kProofSealsMax = 1 << 22;
// An audit path of a tree of up to 2^64 leaves.
inline constexpr size_t kProofPathMax = 64;
// At least engine/limits.h's kRecordBodyBytesMax (a test checks).
inline constexpr size_t kProofBodyBytesMax = 32u << 20;
// The largest JSON text DecodeProofJson reads.
inline constexpr size_t kProofJsonBytesMax =
    kProofSealsMax * (2 * kSealSize + 8) + (kProofBodyBytesMax / 3 + 1) * 4 +
    kProofPathMax * (2 * kHashSize + 8) + 2 * kGenesisSize + 2 * kNoteBytesMax + 4096;

struct Proof {
  Checkpoint checkpoint;           // of the whole log: tree_size == seals.size()
  std::string genesis;             // EncodeGenesis bytes
  std::vector<std::string> seals;  // EncodeSeal bytes, seal 0 first
  uint64_t seq = 0;                // the record
  uint64_t index = 0;              // its position in its segment: seq - first_seq
  std::string body;                // the record body; its leaf is RecordLeafHash(seq, body)
  std::vector<Hash> path;          // its audit path in the segment's Merkle tree

  bool operator==(const Proof&) const = default;
};

// Makes the proof of record `seq` from the log's encoded genesis and seals
// (seal 0 first, no genesis among them), the leaf hashes of every record of
// the segment that holds `seq` (RecordLeafHash, in seq order), the record's
// body, and a signed checkpoint of all the seals. Checks that the pieces
// agree (the checkpoint covers exactly these seals, a seal covers seq, the
// leaves are that seal's records and include this body) and fails with
// NotFound when no seal covers seq, InvalidArgument or Corruption otherwise.
// Signatures are not checked here: VerifyProof does that.
Result<Proof> BuildProof(std::string_view genesis, const std::vector<std::string>& seals,
                         const std::vector<Hash>& segment_leaves, std::string_view body,
                         uint64_t seq, const Checkpoint& checkpoint);

// The canonical JSON text, ending with a newline.
std::string EncodeProofJson(const Proof& proof);
// Parses a proof and requires its text to be exactly EncodeProofJson of what
// it read (the final newline may be absent): a proof has one spelling, so a
// changed byte anywhere fails here or in VerifyProof. InvalidArgument naming
// the byte or member otherwise. Verifies nothing.
Status DecodeProofJson(std::string_view text, Proof* proof);

// Ok when the proof shows, under `root_key` alone, that record proof.seq with
// proof.body is in the log as the checkpoint states it. Otherwise Tampered
// (Corruption for an entry that does not decode) with a message that says
// which check failed, and *fault (when given) its kind. The algorithm:
//   1. decode the genesis and seals; VerifyKeyChain(root_key, ...) gives the
//      keys of epochs 0 .. n, n = number of seals;
//   2. checkpoint.tree_size == n, then VerifyCheckpointOnChain: log id,
//      epoch == n, signed by the key of epoch n, records == last_seq of the
//      last seal, root == LogRoot(seals);
//   3. 1 <= seq <= records; the seal s whose [first_seq, last_seq] holds seq;
//      index == seq - s.first_seq; path no longer than 64;
//   4. VerifyInclusion(RecordLeafHash(seq, body), index, s.record_count,
//      path, s.merkle_root).
Status VerifyProof(const Proof& proof, const PublicKey& root_key, ChainFault* fault = nullptr);

}  // namespace sealog::crypto

#endif  // SEALOG_CRYPTO_PROOF_H_
