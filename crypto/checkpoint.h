// Checkpoints: the signed statement "log X had N seals covering R records,
// with log root H, at time T" that `sealog head` prints and users keep
// elsewhere as an anchor. docs/PROOFS.md specifies both encodings.
//
// A checkpoint is a C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint), itself a
// C2SP signed note (c2sp.org/signed-note) with one Ed25519 signature:
//
//   sealog/<32 hex digits of the log id>          origin
//   <tree size: number of seals, decimal>
//   <log root, base64>
//   records <records covered, decimal>            extension lines
//   time <RFC 3339 UTC with 9 fraction digits>
//   epoch <epoch of the signing key, decimal>
//                                                 blank line
//   — sealog/<32 hex> <base64(key id (4, BE) || Ed25519 signature (64))>
//
// The signature is Ed25519 over the note text (the six lines, each with its
// newline) by the key of epoch `tree_size`; the key name is the origin and the
// key id is SHA-256(name || 0x0A || 0x01 || public key)[:4], as signed-note.md
// recommends, so stock signed-note verifiers (golang.org/x/mod/sumdb/note)
// accept it given NoteVerifierKey(). The log root is an RFC 6962-shaped tree
// over BLAKE2b-256 (crypto/merkle.h), not SHA-256.
//
// The JSON form is one object:
//   {"log_id":"<32 hex>","tree_size":N,"records":N,"root":"<64 hex>",
//    "time":"<RFC 3339>","epoch":N,"signature":"<128 hex>","note":"<the note>"}
// The note is what is signed; the other members repeat it for scripts, and a
// decoder refuses a document where they disagree.
#ifndef SEALOG_CRYPTO_CHECKPOINT_H_
#define SEALOG_CRYPTO_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/hash.h"
#include "crypto/json_lite.h"
#include "crypto/signing_key.h"
#include "sealog/status.h"

namespace sealog::crypto {

inline constexpr size_t kLogIdSize = 16;
// Signed-note signature type of Ed25519 (signed-note.md, "Signature types").
inline constexpr uint8_t kNoteEd25519Type = 0x01;
// Verifiers must accept at least 16 signatures (signed-note.md); we cap there.
inline constexpr size_t kNoteSignaturesMax = 16;
inline constexpr size_t kNoteBytesMax = 64 << 10;

struct Checkpoint {
  std::string log_id;      // 16 bytes
  uint64_t tree_size = 0;  // seals in the log tree
  uint64_t records = 0;    // last_seq of the last seal; 0 when there is none
  Hash root{};             // MTH of the seals' leaf hashes (crypto/log_tree.h)
  int64_t time_ns = 0;     // when the log signed it, UTC nanoseconds
  uint64_t epoch = 0;      // == tree_size: the epoch whose key signs it
  uint32_t key_id = 0;     // note key id of the signing key (set by SignCheckpoint)
  Signature signature{};   // Ed25519 over CheckpointNoteText()

  bool operator==(const Checkpoint&) const = default;
};

// ---- Signed notes (c2sp.org/signed-note), independent of checkpoints.

struct NoteSignature {
  std::string name;       // key name
  uint32_t key_id = 0;    // big-endian first 4 bytes of the decoded signature
  std::string signature;  // the bytes after the key id

  bool operator==(const NoteSignature&) const = default;
};

// SHA-256(name || 0x0A || 0x01 || key)[:4], big-endian: the Ed25519 key id.
uint32_t NoteKeyId(std::string_view name, const PublicKey& key);
// The verifier key string of stock signed-note tools:
// "<name>+<8 hex digits of the key id>+<base64(0x01 || key)>".
std::string NoteVerifierKey(std::string_view name, const PublicKey& key);
// "— <name> <base64(key id || signature)>\n".
std::string NoteSignatureLine(const NoteSignature& signature);
// text (ending in '\n') || '\n' || one line per signature.
std::string AssembleNote(std::string_view text, const std::vector<NoteSignature>& signatures);
// Splits a signed note at its last blank line into its text (with the final
// newline) and its signature lines. Refuses invalid UTF-8, control characters
// other than newline, a note over kNoteBytesMax, malformed signature lines,
// key names with spaces or '+', signatures shorter than 5 bytes, and more than
// kNoteSignaturesMax signatures. Verifies nothing.
Status SplitNote(std::string_view note, std::string* text, std::vector<NoteSignature>* signatures);

// ---- Checkpoints.

// "sealog/<32 lowercase hex digits of log_id>": the origin and key name.
std::string CheckpointOrigin(std::string_view log_id);
// "2026-01-01T00:00:00.000000000Z": UTC, always 9 fraction digits.
std::string FormatCheckpointTime(int64_t time_ns);
// Exactly the form above; false for anything else or out of int64 range.
bool ParseCheckpointTime(std::string_view text, int64_t* time_ns);

// The note text that is signed (six lines, see the top of this file).
// REQUIRES: checkpoint.log_id is 16 bytes.
std::string CheckpointNoteText(const Checkpoint& checkpoint);
// Sets epoch_key's key id and signature. The caller fills every other field
// and signs with the key of epoch checkpoint->tree_size.
void SignCheckpoint(const SigningKey& epoch_key, Checkpoint* checkpoint);
// Ok when `checkpoint` is signed by `epoch_key` (signature and key id);
// Tampered naming what does not match otherwise. Checks nothing else.
Status VerifyCheckpointSignature(const Checkpoint& checkpoint, const PublicKey& epoch_key);

// The signed note: CheckpointNoteText, a blank line, one signature line.
std::string EncodeCheckpointNote(const Checkpoint& checkpoint);
// Parses a note made by EncodeCheckpointNote. Signature lines by other key
// names (witness cosignatures) are ignored, as signed-note.md requires; there
// must be exactly one by the origin. The text must be exactly the six lines
// above in canonical form (no leading zeros, canonical base64, known
// extension lines in order). Verifies no signature.
Status DecodeCheckpointNote(std::string_view note, Checkpoint* checkpoint);

// The one-line JSON object described at the top (no trailing newline).
std::string EncodeCheckpointJson(const Checkpoint& checkpoint);
// Parses the JSON object (any JSON layout, members in any order), requires
// its note to be the canonical EncodeCheckpointNote of the same checkpoint the
// other members state. Verifies no signature.
Status DecodeCheckpointJson(std::string_view json, Checkpoint* checkpoint);
// The same, from an already parsed object (a proof embeds one); `what`
// names it in errors.
Status DecodeCheckpointJsonValue(const json::Value& object, std::string_view what,
                                 Checkpoint* checkpoint);

}  // namespace sealog::crypto

#endif  // SEALOG_CRYPTO_CHECKPOINT_H_
