// Retention: which sealed segments are due for another tier, and the moves
// themselves (sealog/retention.h says what callers see).
//
// A move to warm, in this order, each step durable before the next:
//   1. write N.wrm.tmp, sync it, rename it to N.wrm, sync the directory;
//   2. read N.wrm back and check it against N's seal (count, seqs, time
//      span, Merkle root): the copy holds exactly the sealed records;
//   3. the MANIFEST names N warm (atomic replace);
//   4. remove N.seg, sync the directory.
// A crash before 3 leaves N hot, and recovery removes the unadopted N.wrm;
// a crash after 3 leaves N warm, and recovery removes N.seg. Readers prefer
// N.seg while it exists; until 4 both files hold the same bytes.
//
// A move to cold packs a run of consecutive segments due for it (hot or
// warm) into one archive, the same way: write F-L.arc.tmp, sync, rename,
// sync the directory; read every segment back from the archive and check it
// against its seal (records, and the index head against the sealed index
// digest); adopt all of them as cold in one MANIFEST save; then remove their
// .seg, .wrm and .idx files. Recovery removes an archive none of whose
// segments the MANIFEST names cold, and the old files of those it does.
//
// Deletion, of sealed segments whose seal is older than delete_after and
// that no legal hold covers (a cold segment only with its whole archive):
//   1. append a receipt to the log (engine/system_events.h) naming each
//      segment and the hash of its seal, and seal it (AppendReceipt);
//   2. the MANIFEST names them expired (atomic replace);
//   3. remove their files, sync the directory.
// A crash before 2 leaves them in place, and the next run deletes them with
// a second receipt; after 2, recovery removes what is left of their files.
// The receipt is a segment of its own (the active segment is sealed before
// it and after it), kept for good.
// Seals stay in SEALS forever: the chain stays whole.
#ifndef SEALOG_ENGINE_TIER_RETENTION_H_
#define SEALOG_ENGINE_TIER_RETENTION_H_

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "crypto/seal.h"
#include "engine/io/env.h"
#include "engine/manifest.h"
#include "engine/system_events.h"
#include "sealog/config.h"
#include "sealog/retention.h"
#include "sealog/status.h"

namespace sealog::tier {

// Adopts a move of segments in the MANIFEST, all at once (LogWriter::SetTier).
using AdoptTier = std::function<Status(const std::vector<uint64_t>& numbers, Tier tier)>;

// Appends a deletion receipt to the log, durably, and seals it.
using AppendReceipt = std::function<Status(const DeletionReceipt& receipt)>;

// What retention needs of the store around it.
struct RetentionContext {
  AdoptTier adopt;
  AppendReceipt append_receipt;
  // The closed segments holding a record some legal hold covers (or a hold's
  // own event): never deleted while the hold is in force.
  std::set<uint64_t> held;
  // The closed segments holding deletion receipts: the evidence that makes
  // verify say `expired` for what they name. Never deleted, never packed
  // into an archive (which they would keep from being deleted whole).
  std::set<uint64_t> evidence;
};

// Runs the policy of `config` over the closed segments `closed`.
Result<RetentionReport> RunRetention(io::Env& env, const std::string& dir,
                                     const std::string& log_id, const StoreConfig& config,
                                     const std::vector<ManifestSegment>& closed,
                                     const RetentionContext& context,
                                     const RetentionOptions& options);

// Steps 1 to 4 above for one hot segment and its seal. *stored_bytes gets
// the warm file's size.
Status MoveToWarm(io::Env& env, const std::string& dir, const std::string& log_id,
                  const crypto::Seal& seal, int level, const AdoptTier& adopt,
                  uint64_t* stored_bytes);

// The cold move above for consecutive sealed segments `seals` (in order);
// `chain` holds the seal chain's entries from the genesis to their last
// seal, back to back. stored_bytes[i] gets segment i's share of the archive.
Status MoveToCold(io::Env& env, const std::string& dir, const std::string& log_id,
                  const std::vector<crypto::Seal>& seals, std::string_view chain, int level,
                  const AdoptTier& adopt, std::vector<uint64_t>* stored_bytes);

}  // namespace sealog::tier

#endif  // SEALOG_ENGINE_TIER_RETENTION_H_
