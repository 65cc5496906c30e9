#include "verify/chain_walker.h"

#include <map>

#include "crypto/signing_key.h"
#include "crypto/text_codec.h"
#include "engine/segment.h"

namespace sealog::verify {

namespace {

constexpr char kSeals[] = "SEALS";

std::string Range(uint64_t first, uint64_t last) {
  return first == last ? std::to_string(first) : std::to_string(first) + ".." + std::to_string(last);
}

// Which epoch's key, if any known one, signed this seal.
std::optional<size_t> SignerAmong(const crypto::Seal& seal,
                                  const std::vector<crypto::PublicKey>& keys) {
  for (size_t i = 0; i < keys.size(); ++i) {
    if (crypto::SealSignatureValid(seal, keys[i])) return i;
  }
  return std::nullopt;
}

// False when the genesis cannot be read. *trusted tells whether it is this
// log's, certified by the root key: only then can its seals be verified.
bool CheckGenesis(const std::string& entry, const std::string& log_id,
                  const crypto::PublicKey* root_key, Problems& problems,
                  crypto::Genesis* genesis, bool* trusted) {
  *trusted = false;
  Status decoded = crypto::DecodeGenesis(entry, genesis);
  if (!decoded.ok()) {
    problems.Add(ProblemKind::kCorrupt, kSeals, 0, 0, 32, "the genesis entry: " + decoded.message());
    return false;
  }
  if (genesis->log_id != log_id) {
    problems.Add(ProblemKind::kForeign, kSeals, 0, 0, 32,
                 "the seal chain belongs to log " + crypto::HexEncode(genesis->log_id) + ", not " +
                     crypto::HexEncode(log_id));
  }
  if (root_key != nullptr && genesis->root_key != *root_key) {
    problems.Add(ProblemKind::kForeign, kSeals, 0, 0, 32,
                 "the log is certified by root key " + crypto::KeyFingerprint(genesis->root_key) +
                     ", not by the given key " + crypto::KeyFingerprint(*root_key));
  } else if (!crypto::GenesisSignatureValid(*genesis)) {
    problems.Add(ProblemKind::kTampered, kSeals, 0, 0, 32,
                 "the genesis signature does not verify under the root key");
  } else {
    *trusted = genesis->log_id == log_id;
  }
  return true;
}

}  // namespace

WalkedChain WalkChain(const std::vector<std::string>& entries, const std::string& log_id,
                      const crypto::PublicKey* root_key, Problems& problems) {
  WalkedChain chain;
  crypto::Genesis genesis;
  bool genesis_trusted = false;
  if (entries.empty() ||
      !CheckGenesis(entries[0], log_id, root_key, problems, &genesis, &genesis_trusted)) {
    return chain;
  }
  chain.genesis = genesis;
  chain.epoch_keys.push_back(genesis.epoch0_key);
  crypto::Hash prev = crypto::EntryHash(entries[0]);
  std::map<crypto::Hash, size_t> seen;
  uint64_t expected_segment = 1;
  uint64_t expected_seq = 1;

  for (size_t i = 1; i < entries.size(); ++i) {
    crypto::Seal seal;
    Status decoded = crypto::DecodeSeal(entries[i], &seal);
    if (!decoded.ok()) {
      problems.Add(ProblemKind::kCorrupt, kSeals, expected_segment, expected_seq, 0,
                   "entry " + std::to_string(i) + ": " + decoded.message() +
                       "; the seals after it cannot be checked");
      break;
    }
    const crypto::Hash hash = crypto::EntryHash(entries[i]);
    const uint64_t epoch = chain.seals.size();
    const uint64_t segment = seal.segment_number;
    const std::string what = "the seal of segment " + std::to_string(segment);
    auto replayed = seen.find(hash);
    if (replayed != seen.end()) {
      problems.Add(ProblemKind::kReordered, kSeals, segment, seal.first_seq, 0,
                   what + " (entry " + std::to_string(i) + ") repeats entry " +
                       std::to_string(replayed->second));
      continue;
    }
    seen.emplace(hash, i);

    WalkedSeal walked{seal, entries[i], false};
    if (seal.log_id != log_id) {
      problems.Add(ProblemKind::kForeign, kSeals, segment, seal.first_seq, 0,
                   what + " carries log id " + crypto::HexEncode(seal.log_id));
    } else if (segment > expected_segment || seal.epoch > epoch || seal.first_seq > expected_seq) {
      problems.Add(ProblemKind::kMissing, kSeals, expected_segment, expected_seq, 0,
                   "no seal for segment " + Range(expected_segment, segment - 1) + " (seq " +
                       Range(expected_seq, seal.first_seq - 1) + "): seals are missing");
    } else if (segment < expected_segment || seal.epoch < epoch || seal.first_seq < expected_seq) {
      problems.Add(ProblemKind::kReordered, kSeals, segment, seal.first_seq, 0,
                   what + " (epoch " + std::to_string(seal.epoch) + ") is out of order: expected "
                       "segment " + std::to_string(expected_segment) + ", epoch " +
                       std::to_string(epoch));
    } else if (!crypto::SealSignatureValid(seal, chain.epoch_keys.back())) {
      std::optional<size_t> signer = SignerAmong(seal, chain.epoch_keys);
      problems.Add(ProblemKind::kTampered, kSeals, segment, seal.first_seq, 0,
                   what + " is not signed by the key of epoch " + std::to_string(epoch) +
                       (signer ? " (it is signed by the key of epoch " + std::to_string(*signer) + ")"
                               : ""));
    } else if (seal.prev_hash != prev) {
      problems.Add(ProblemKind::kTampered, kSeals, segment, seal.first_seq, 0,
                   what + " does not link to the entry before it");
    } else if (seal.record_count == 0 || seal.last_seq < seal.first_seq ||
               seal.record_count != seal.last_seq - seal.first_seq + 1) {
      problems.Add(ProblemKind::kTampered, kSeals, segment, seal.first_seq, 0,
                   what + " claims an inconsistent record range");
    } else {
      // Sound on its own, but verified only when the chain starts at a
      // genesis the given root key certified.
      walked.trusted = genesis_trusted;
    }
    chain.seals.push_back(std::move(walked));
    chain.epoch_keys.push_back(seal.next_key);
    prev = hash;
    expected_segment = segment + 1;
    expected_seq = seal.last_seq + 1;
  }
  return chain;
}

}  // namespace sealog::verify
