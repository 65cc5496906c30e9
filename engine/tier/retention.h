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
#ifndef SEALOG_ENGINE_TIER_RETENTION_H_
#define SEALOG_ENGINE_TIER_RETENTION_H_

#include <functional>
#include <string>
#include <vector>

#include "crypto/seal.h"
#include "engine/io/env.h"
#include "engine/manifest.h"
#include "sealog/config.h"
#include "sealog/retention.h"
#include "sealog/status.h"

namespace sealog::tier {

// Adopts a move of segments in the MANIFEST, all at once (LogWriter::SetTier).
using AdoptTier = std::function<Status(const std::vector<uint64_t>& numbers, Tier tier)>;

// Runs the policy of `config` over the closed segments `closed`.
Result<RetentionReport> RunRetention(io::Env& env, const std::string& dir,
                                     const std::string& log_id, const StoreConfig& config,
                                     const std::vector<ManifestSegment>& closed,
                                     const AdoptTier& adopt, const RetentionOptions& options);

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
