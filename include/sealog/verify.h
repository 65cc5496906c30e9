// Verifying a store: is this the history that was written, whole, untouched?
//
// Verify checks every record checksum, every record's leaf in its segment's
// Merkle root, every seal's signature under the key of its epoch, the chain
// of seals and epochs from the root key, seq continuity, and (with an anchor)
// that the store still extends a checkpoint kept elsewhere. It reads the
// store read-only, one segment at a time: memory stays flat however large the
// store.
#ifndef SEALOG_VERIFY_H_
#define SEALOG_VERIFY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sealog/options.h"
#include "sealog/status.h"

namespace sealog {

// What kind of problem verify found (SPEC.md, "Tamper evidence").
enum class ProblemKind : uint8_t {
  kCorrupt,    // a checksum or framing failure: accident or crude damage
  kTampered,   // a hash, Merkle root or signature does not match
  kMissing,    // a segment or seal is gone
  kReordered,  // records, segments or seals are out of order
  kForeign,    // signed by a key, or carrying a log id, that is not this log's
  kRollback,   // the store no longer extends the anchor it was given
  kIndex,      // an index disagrees with its sealed digest or with the records
  kExpired,    // removed by retention, with a signed receipt: not an error
};
// "corrupt", "tampered", ...
const char* ProblemKindName(ProblemKind kind);

struct Problem {
  ProblemKind kind;
  uint64_t segment = 0;  // 0 when not about one segment
  uint64_t seq = 0;      // 0 when not about one record
  uint64_t offset = 0;   // byte offset in `file`, when known
  std::string file;      // the file it is in, relative to the store
  std::string message;   // one line: what is wrong
};

struct VerifyOptions {
  // The root public key the log must be certified by (the .pub file made by
  // `sealog keygen`, as its 32 bytes). Empty: trust the root key recorded in
  // the store's own genesis, which proves integrity but not authorship.
  std::string root_public_key;
  // A checkpoint kept elsewhere (the JSON `sealog head` printed). When set,
  // verify proves the store still extends it.
  std::string anchor_json;
  std::shared_ptr<io::Env> env;  // null: POSIX
  // Called after each segment with the records checked so far and the records
  // the MANIFEST names (0 when it is unreadable), for a progress bar.
  std::function<void(uint64_t records_done, uint64_t records_total)> progress;
};

struct VerifyReport {
  std::vector<Problem> problems;     // empty: no evidence of tampering or corruption
  uint64_t segments_sealed = 0;      // segments whose seal checked out
  uint64_t records_verified = 0;     // records covered by a checked seal
  uint64_t records_unsealed = 0;     // records present but not yet sealed: never "verified"
  uint64_t segments_expired = 0;     // deleted by retention, each named by a signed receipt
  uint64_t records_expired = 0;      // ... the records they held
  uint64_t bytes_read = 0;
  uint64_t epochs = 0;               // epoch keys walked from the root
  bool root_key_from_store = false;  // no root key was given
  bool anchor_checked = false;

  bool ok() const;  // no problem other than kExpired
};

// Verifies the store in `path`. The Result is an error only when verify could
// not run at all (no store there, unreadable directory, an unreadable anchor);
// everything it finds wrong with the store is in the report.
Result<VerifyReport> Verify(const std::string& path, const VerifyOptions& options);

// Verifies a cold archive file on its own, copied anywhere (`sealog verify
// ARCHIVE`): the seal chain it carries from the root key (options.root_public_key;
// empty: the archive's own genesis), then each segment it holds against its
// seal, records and index head alike. Problems name the archive file.
// options.anchor_json must be empty: anchors are about a whole store.
Result<VerifyReport> VerifyArchive(const std::string& path, const VerifyOptions& options);

// The store's latest checkpoint, signed now with its current epoch key, as
// the one-line JSON object of docs/PROOFS.md (`sealog head`). It covers the
// sealed segments: seal first to cover every record. Needs read access to the
// store's EPOCH_KEY. env null: POSIX.
Result<std::string> MakeCheckpoint(const std::string& path, std::shared_ptr<io::Env> env = {});

// An inclusion proof of record `seq` against a fresh checkpoint, as JSON
// (`sealog prove`). kNotFound when the record does not exist or is not sealed yet.
Result<std::string> ProveRecord(const std::string& path, uint64_t seq,
                                std::shared_ptr<io::Env> env = {});

// Checks a proof with no store at hand (`sealog check-proof`): the record is
// in the log that the root key (32 bytes) certified, as of the proof's
// checkpoint. kInvalidArgument when the proof cannot be read; kTampered,
// naming what fails, when it does not hold.
Status CheckProof(std::string_view proof_json, const std::string& root_public_key);

}  // namespace sealog

#endif  // SEALOG_VERIFY_H_
