// Verify: the seal chain first (chain_walker), then every sealed segment
// against its seal, then what is not sealed yet, counted and never called
// verified.
#include <cstring>
#include <map>
#include <set>

#include "crypto/checkpoint.h"
#include "crypto/log_tree.h"
#include "crypto/signing_key.h"
#include "crypto/text_codec.h"
#include "engine/epoch_key_file.h"
#include "engine/format.h"
#include "engine/manifest.h"
#include "engine/seal_log.h"
#include "engine/segment.h"
#include "engine/system_events.h"
#include "sealog/ingest.h"
#include "sealog/verify.h"
#include "verify/chain_walker.h"
#include "verify/segment_checker.h"

namespace sealog {

const char* ProblemKindName(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kCorrupt: return "corrupt";
    case ProblemKind::kTampered: return "tampered";
    case ProblemKind::kMissing: return "missing";
    case ProblemKind::kReordered: return "reordered";
    case ProblemKind::kForeign: return "foreign";
    case ProblemKind::kRollback: return "rollback";
    case ProblemKind::kIndex: return "index";
    case ProblemKind::kExpired: return "expired";
  }
  return "unknown";
}

bool VerifyReport::ok() const {
  for (const Problem& problem : problems) {
    if (problem.kind != ProblemKind::kExpired) return false;
  }
  return true;
}

namespace {

using verify::Problems;

// The log id from the MANIFEST, or from the SEALS header when the MANIFEST is
// unreadable (which is itself reported).
Status LoadLogId(io::Env& env, const std::string& path, Manifest* manifest, Problems& problems,
                 std::string* log_id) {
  Status loaded = Manifest::Load(env, path, manifest);
  if (loaded.ok()) {
    *log_id = manifest->log_id;
    return Status::Ok();
  }
  std::string seals;
  Status read = io::ReadFileToString(env, path + "/SEALS", &seals);
  if (loaded.IsNotFound() && read.IsNotFound()) return Status::NotFound("no store at " + path);
  problems.Add(loaded.IsNotFound() ? ProblemKind::kMissing : ProblemKind::kCorrupt, "MANIFEST", 0,
               0, 0, loaded.message());
  manifest->segments.clear();
  if (read.ok() && seals.size() >= 32) *log_id = seals.substr(16, 16);
  return Status::Ok();
}

// Tells options.progress how far verify has got.
class ProgressTally {
 public:
  ProgressTally(const VerifyOptions& options, const Manifest& manifest) : options_(options) {
    for (const ManifestSegment& segment : manifest.segments) total_ += segment.record_count;
  }
  void Add(uint64_t records) {
    done_ += records;
    if (options_.progress) options_.progress(done_, total_);
  }

 private:
  const VerifyOptions& options_;
  uint64_t total_ = 0;
  uint64_t done_ = 0;
};

void CheckUnsealed(io::Env& env, const std::string& path, const std::string& log_id,
                   const Manifest& manifest, uint64_t last_sealed, Problems& problems,
                   ProgressTally& progress, VerifyReport* report) {
  for (const ManifestSegment& segment : manifest.segments) {
    if (segment.number <= last_sealed) continue;
    const verify::SegmentTally tally =
        verify::CountUnsealedSegment(env, path, log_id, segment, problems);
    report->records_unsealed += tally.records;
    report->bytes_read += tally.bytes;
    progress.Add(tally.records);
  }
  if (!manifest.segments.empty() && manifest.segments.back().number <= last_sealed) {
    problems.Add(ProblemKind::kTampered, "MANIFEST", manifest.segments.back().number, 0, 0,
                 "the MANIFEST names segment " + std::to_string(manifest.segments.back().number) +
                     " active, but it is sealed: the MANIFEST was rolled back");
  }
}

// The store's epoch key may be one epoch behind its chain (a crash between a
// seal and the key rotation), never ahead: a key ahead means seals were cut
// off the end. Whoever cut them can delete the key file too; anchors do not
// depend on that.
void CheckEpochKeyNotAhead(io::Env& env, const std::string& path, const std::string& log_id,
                           uint64_t seals, Problems& problems) {
  Result<EpochKey> key = LoadEpochKey(env, path, log_id);
  if (key.ok() && key->epoch > seals) {
    problems.Add(ProblemKind::kRollback, "EPOCH_KEY", 0, 0, 0,
                 "the epoch key is at epoch " + std::to_string(key->epoch) + " but the chain holds " +
                     std::to_string(seals) + " seals: seals were removed from its end");
  }
}

ProblemKind KindOf(crypto::ChainFault fault) {
  switch (fault) {
    case crypto::ChainFault::kForeign: return ProblemKind::kForeign;
    case crypto::ChainFault::kRollback: return ProblemKind::kRollback;
    case crypto::ChainFault::kMissing: return ProblemKind::kMissing;
    case crypto::ChainFault::kReordered: return ProblemKind::kReordered;
    case crypto::ChainFault::kCorrupt: return ProblemKind::kCorrupt;
    default: return ProblemKind::kTampered;
  }
}

// Segments the MANIFEST names expired are `expired` when a receipt in a
// verified segment names each with the hash of its seal, else `missing`:
// deleting a segment and editing the MANIFEST is not enough.
void CheckExpired(const std::vector<const verify::WalkedSeal*>& gone,
                  const std::vector<std::string>& receipts, Problems& problems,
                  VerifyReport* report) {
  std::map<uint64_t, std::pair<crypto::Hash, DeletionReceipt>> named;
  for (const std::string& raw : receipts) {
    DeletionReceipt receipt;
    if (!DecodeReceipt(raw, &receipt).ok()) continue;
    for (const ReceiptSegment& segment : receipt.segments) {
      named[segment.number] = {segment.seal_hash, receipt};
    }
  }
  for (const verify::WalkedSeal* walked : gone) {
    const crypto::Seal& seal = walked->seal;
    const std::string file = SegmentFileName(seal.segment_number);
    auto it = named.find(seal.segment_number);
    if (it == named.end() || it->second.first != crypto::EntryHash(walked->encoded)) {
      problems.Add(ProblemKind::kMissing, file, seal.segment_number, seal.first_seq, 0,
                   "segment " + std::to_string(seal.segment_number) +
                       " is gone: the MANIFEST says retention deleted it, but no signed receipt "
                       "names it with its seal");
      continue;
    }
    const DeletionReceipt& receipt = it->second.second;
    problems.Add(ProblemKind::kExpired, file, seal.segment_number, seal.first_seq, 0,
                 "seq " + std::to_string(seal.first_seq) + ".." + std::to_string(seal.last_seq) +
                     " deleted by retention as of " + FormatRfc3339(receipt.time_ns) + " (" +
                     receipt.policy + "), with a signed receipt; its seal stays in SEALS");
    ++report->segments_expired;
    report->records_expired += seal.record_count;
  }
}

// Does the store still extend the checkpoint kept elsewhere? An unreadable
// anchor is an error of the caller, not a finding about the store.
Status CheckAnchor(const std::string& anchor_json, const verify::WalkedChain& chain,
                   Problems& problems) {
  crypto::Checkpoint anchor;
  Status decoded = crypto::DecodeCheckpointJson(anchor_json, &anchor);
  if (!decoded.ok()) return Status::InvalidArgument("anchor: " + decoded.message());
  if (!chain.genesis) {
    problems.Add(ProblemKind::kRollback, "SEALS", 0, 0, 0,
                 "the anchor cannot be checked: the seal chain is unreadable");
    return Status::Ok();
  }
  std::vector<crypto::Seal> seals;
  for (const verify::WalkedSeal& walked : chain.seals) seals.push_back(walked.seal);
  crypto::ChainFault fault = crypto::ChainFault::kNone;
  Status extended =
      crypto::VerifyCheckpointOnChain(anchor, *chain.genesis, seals, chain.epoch_keys, &fault);
  if (!extended.ok()) {
    problems.Add(KindOf(fault), "SEALS", 0, anchor.records, 0,
                 "anchor (" + std::to_string(anchor.tree_size) + " seals, " +
                     std::to_string(anchor.records) + " records): " + extended.message());
  }
  return Status::Ok();
}

}  // namespace

Result<VerifyReport> Verify(const std::string& path, const VerifyOptions& options) {
  std::shared_ptr<io::Env> env = options.env ? options.env : io::NewPosixEnv();
  VerifyReport report;
  Problems problems(&report.problems);
  Manifest manifest;
  std::string log_id;
  SEALOG_RETURN_IF_ERROR(LoadLogId(*env, path, &manifest, problems, &log_id));

  crypto::PublicKey root_key;
  const crypto::PublicKey* trusted_root = nullptr;
  if (!options.root_public_key.empty()) {
    if (options.root_public_key.size() != root_key.size()) {
      return Status::InvalidArgument("the root public key must be 32 bytes");
    }
    std::memcpy(root_key.data(), options.root_public_key.data(), root_key.size());
    trusted_root = &root_key;
  }
  report.root_key_from_store = trusted_root == nullptr;

  std::unique_ptr<SealLog> seal_log;
  uint64_t torn_bytes = 0;
  Status opened = SealLog::Open(*env, path, "", /*read_only=*/true, &seal_log, &torn_bytes);
  verify::WalkedChain chain;
  if (opened.ok()) {
    if (seal_log->header_log_id() != log_id) {
      problems.Add(ProblemKind::kForeign, "SEALS", 0, 0, 16,
                   "the seal chain file belongs to log " + crypto::HexEncode(seal_log->header_log_id()));
    }
    chain = verify::WalkChain(seal_log->entries(), log_id, trusted_root, problems);
    CheckEpochKeyNotAhead(*env, path, log_id, chain.seals.size(), problems);
  } else {
    problems.Add(opened.IsNotFound() ? ProblemKind::kMissing : ProblemKind::kCorrupt, "SEALS", 0,
                 0, 0, opened.message() + ": no segment can be verified");
  }
  report.epochs = chain.epoch_keys.size();

  ProgressTally progress(options, manifest);
  uint64_t last_sealed = 0;
  std::set<uint64_t> expired;
  for (const ManifestSegment& segment : manifest.segments) {
    if (segment.tier == Tier::kExpired) expired.insert(segment.number);
  }
  std::vector<const verify::WalkedSeal*> gone;  // named expired by the MANIFEST
  std::vector<std::string> receipts;            // from verified segments only
  for (const verify::WalkedSeal& walked : chain.seals) {
    // A seal of another log says nothing about this log's segments.
    if (walked.seal.log_id != log_id) continue;
    last_sealed = std::max(last_sealed, walked.seal.segment_number);
    if (expired.count(walked.seal.segment_number) != 0) {
      gone.push_back(&walked);
      progress.Add(walked.seal.record_count);
      continue;
    }
    verify::SegmentTally tally =
        verify::CheckSealedSegment(*env, path, log_id, walked.seal, problems);
    report.bytes_read += tally.bytes;
    if (tally.intact && walked.trusted) {
      ++report.segments_sealed;
      report.records_verified += tally.records;
      for (std::string& receipt : tally.receipts) receipts.push_back(std::move(receipt));
    }
    progress.Add(tally.records);
  }
  CheckExpired(gone, receipts, problems, &report);
  CheckUnsealed(*env, path, log_id, manifest, last_sealed, problems, progress, &report);
  if (!options.anchor_json.empty()) {
    SEALOG_RETURN_IF_ERROR(CheckAnchor(options.anchor_json, chain, problems));
    report.anchor_checked = true;
  }
  return report;
}

}  // namespace sealog
