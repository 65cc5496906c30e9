#include "crypto/log_tree.h"

#include "crypto/merkle.h"

namespace sealog::crypto {

namespace {

// Records *fault and builds the Status for it.
Status Fail(ChainFault kind, std::string message, ChainFault* fault) {
  if (fault != nullptr) *fault = kind;
  return kind == ChainFault::kCorrupt ? Status::Corruption(std::move(message))
                                      : Status::Tampered(std::move(message));
}

std::string SealName(uint64_t position, const Seal& seal) {
  return "seal " + std::to_string(position) + " (segment " + std::to_string(seal.segment_number) +
         ")";
}

std::string LogIdHex(std::string_view log_id) { return CheckpointOrigin(log_id).substr(7); }

// Seal `i` names another epoch: tell a moved or replayed genuine seal from a
// gap and from a forgery.
Status WrongEpoch(const std::vector<Seal>& seals, size_t i, const std::vector<PublicKey>& keys,
                  ChainFault* fault) {
  const Seal& seal = seals[i];
  const std::string name = SealName(i, seal) + ": ";
  const std::string epoch = std::to_string(seal.epoch);
  const std::string want = std::to_string(i);
  if (seal.epoch < i) {
    if (SealSignatureValid(seal, keys[seal.epoch])) {
      return Fail(ChainFault::kReordered,
                  name + "is the seal of epoch " + epoch + " again, expected epoch " + want +
                      " (a replayed or moved seal)",
                  fault);
    }
    return Fail(ChainFault::kTampered,
                name + "names epoch " + epoch + ", expected " + want +
                    ", and is not signed by that epoch's key",
                fault);
  }
  for (size_t j = i + 1; j < seals.size(); ++j) {
    if (seals[j].epoch == i) {
      return Fail(ChainFault::kReordered,
                  name + "names epoch " + epoch + ", expected " + want + "; the seal of epoch " +
                      want + " is at position " + std::to_string(j) + " (seals out of order)",
                  fault);
    }
  }
  return Fail(ChainFault::kMissing,
              name + "names epoch " + epoch + ", expected " + want + ": the seal of epoch " + want +
                  (seal.epoch > i + 1 ? " and later ones are" : " is") + " missing",
              fault);
}

// Seal `i` must seal segment i + 1, and its seq range (at least one record)
// must follow the previous seal's (docs/FORMAT.md, "Seal").
Status CheckRange(const Seal& seal, size_t i, uint64_t next_seq, ChainFault* fault) {
  const std::string name = SealName(i, seal) + ": ";
  if (seal.segment_number != i + 1) {
    return Fail(ChainFault::kTampered,
                name + "seals segment " + std::to_string(seal.segment_number) + ", expected " +
                    std::to_string(i + 1),
                fault);
  }
  if (seal.first_seq != next_seq) {
    return Fail(ChainFault::kTampered,
                name + "starts at seq " + std::to_string(seal.first_seq) + ", expected " +
                    std::to_string(next_seq),
                fault);
  }
  if (seal.record_count == 0 || seal.last_seq + 1 != seal.first_seq + seal.record_count ||
      seal.first_seq + seal.record_count < seal.first_seq) {
    return Fail(ChainFault::kTampered,
                name + "covers seqs " + std::to_string(seal.first_seq) + ".." +
                    std::to_string(seal.last_seq) + " but counts " +
                    std::to_string(seal.record_count) + " records",
                fault);
  }
  return Status::Ok();
}

}  // namespace

std::string_view ChainFaultName(ChainFault fault) {
  switch (fault) {
    case ChainFault::kNone:
      return "ok";
    case ChainFault::kCorrupt:
      return "corrupt";
    case ChainFault::kTampered:
      return "tampered";
    case ChainFault::kForeign:
      return "foreign";
    case ChainFault::kReordered:
      return "reordered";
    case ChainFault::kMissing:
      return "missing";
    case ChainFault::kRollback:
      return "rollback";
  }
  return "unknown";
}

Hash SealLeafHash(std::string_view encoded_seal) { return LeafHash(encoded_seal); }

Hash LogRoot(const std::vector<std::string>& encoded_seals) {
  MerkleRootBuilder builder;
  for (const std::string& seal : encoded_seals) builder.Add(SealLeafHash(seal));
  return builder.Root();
}

Hash LogRoot(const std::vector<Seal>& seals) {
  MerkleRootBuilder builder;
  for (const Seal& seal : seals) builder.Add(SealLeafHash(EncodeSeal(seal)));
  return builder.Root();
}

Status VerifyKeyChain(const PublicKey& root_key, const Genesis& genesis,
                      const std::vector<Seal>& seals, std::vector<PublicKey>* epoch_keys,
                      ChainFault* fault) {
  if (fault != nullptr) *fault = ChainFault::kNone;
  epoch_keys->clear();
  if (genesis.version != 1 || genesis.log_id.size() != kLogIdSize) {
    return Fail(ChainFault::kCorrupt, "genesis: unsupported version or a log id not 16 bytes",
                fault);
  }
  if (genesis.root_key != root_key) {
    return Fail(ChainFault::kForeign,
                "genesis: certified by root key " + KeyFingerprint(genesis.root_key) +
                    ", not by the expected root key " + KeyFingerprint(root_key),
                fault);
  }
  if (!GenesisSignatureValid(genesis)) {
    return Fail(ChainFault::kTampered, "genesis: signature does not verify under the root key",
                fault);
  }
  epoch_keys->push_back(genesis.epoch0_key);
  Hash prev = EntryHash(EncodeGenesis(genesis));
  uint64_t next_seq = 1;
  for (size_t i = 0; i < seals.size(); ++i) {
    const Seal& seal = seals[i];
    const std::string name = SealName(i, seal) + ": ";
    if (seal.version != 1) {
      return Fail(ChainFault::kCorrupt,
                  name + "unsupported version " + std::to_string(seal.version), fault);
    }
    if (seal.log_id != genesis.log_id) {
      return Fail(ChainFault::kForeign,
                  name + "belongs to log " + LogIdHex(seal.log_id) + ", not to this log " +
                      LogIdHex(genesis.log_id),
                  fault);
    }
    if (seal.epoch != i) return WrongEpoch(seals, i, *epoch_keys, fault);
    if (!SealSignatureValid(seal, (*epoch_keys)[i])) {
      return Fail(ChainFault::kTampered,
                  name + "signature does not verify under the key of epoch " + std::to_string(i) +
                      " (" + KeyFingerprint((*epoch_keys)[i]) + ")",
                  fault);
    }
    if (seal.prev_hash != prev) {
      return Fail(ChainFault::kTampered,
                  name + "prev_hash does not match the hash of " +
                      (i == 0 ? std::string("the genesis") : "seal " + std::to_string(i - 1)),
                  fault);
    }
    SEALOG_RETURN_IF_ERROR(CheckRange(seal, i, next_seq, fault));
    next_seq = seal.last_seq + 1;
    prev = EntryHash(EncodeSeal(seal));
    epoch_keys->push_back(seal.next_key);
  }
  return Status::Ok();
}

Status VerifyEncodedKeyChain(const PublicKey& root_key, std::string_view encoded_genesis,
                             const std::vector<std::string>& encoded_seals, Genesis* genesis,
                             std::vector<Seal>* seals, std::vector<PublicKey>* epoch_keys,
                             ChainFault* fault) {
  epoch_keys->clear();
  Status status = DecodeGenesis(encoded_genesis, genesis);
  if (!status.ok()) return Fail(ChainFault::kCorrupt, "genesis: " + status.message(), fault);
  seals->assign(encoded_seals.size(), Seal());
  for (size_t i = 0; i < encoded_seals.size(); ++i) {
    status = DecodeSeal(encoded_seals[i], &(*seals)[i]);
    if (!status.ok()) {
      return Fail(ChainFault::kCorrupt, "seal " + std::to_string(i) + ": " + status.message(),
                  fault);
    }
  }
  return VerifyKeyChain(root_key, *genesis, *seals, epoch_keys, fault);
}

Result<Checkpoint> MakeCheckpoint(std::string_view log_id,
                                  const std::vector<std::string>& encoded_seals, int64_t time_ns) {
  Checkpoint checkpoint;
  checkpoint.log_id = std::string(log_id);
  checkpoint.tree_size = encoded_seals.size();
  checkpoint.epoch = checkpoint.tree_size;
  checkpoint.time_ns = time_ns;
  checkpoint.root = LogRoot(encoded_seals);
  if (!encoded_seals.empty()) {
    Seal last;
    Status status = DecodeSeal(encoded_seals.back(), &last);
    if (!status.ok()) {
      return Status::Corruption("seal " + std::to_string(encoded_seals.size() - 1) + ": " +
                                status.message());
    }
    checkpoint.records = last.last_seq;
  }
  return checkpoint;
}

Status VerifyCheckpointOnChain(const Checkpoint& checkpoint, const Genesis& genesis,
                               const std::vector<Seal>& seals,
                               const std::vector<PublicKey>& epoch_keys, ChainFault* fault) {
  if (fault != nullptr) *fault = ChainFault::kNone;
  const uint64_t n = checkpoint.tree_size;
  if (checkpoint.log_id != genesis.log_id) {
    return Fail(ChainFault::kForeign,
                "checkpoint: is for log " + LogIdHex(checkpoint.log_id) + ", not for this log " +
                    LogIdHex(genesis.log_id),
                fault);
  }
  if (n > seals.size() || n >= epoch_keys.size()) {
    return Fail(ChainFault::kRollback,
                "checkpoint: covers " + std::to_string(n) + " seals, the chain holds only " +
                    std::to_string(seals.size()) + " (the log was cut or rolled back)",
                fault);
  }
  if (checkpoint.epoch != n) {
    return Fail(ChainFault::kTampered,
                "checkpoint: names epoch " + std::to_string(checkpoint.epoch) +
                    ", a checkpoint of " + std::to_string(n) + " seals is signed in epoch " +
                    std::to_string(n),
                fault);
  }
  Status status = VerifyCheckpointSignature(checkpoint, epoch_keys[n]);
  if (!status.ok()) return Fail(ChainFault::kTampered, status.message(), fault);
  const uint64_t records = n == 0 ? 0 : seals[n - 1].last_seq;
  if (checkpoint.records != records) {
    return Fail(ChainFault::kRollback,
                "checkpoint: states " + std::to_string(checkpoint.records) +
                    " records, the first " + std::to_string(n) + " seals of the chain cover " +
                    std::to_string(records),
                fault);
  }
  MerkleRootBuilder prefix;
  for (uint64_t i = 0; i < n; ++i) prefix.Add(SealLeafHash(EncodeSeal(seals[i])));
  if (prefix.Root() != checkpoint.root) {
    return Fail(ChainFault::kRollback,
                "checkpoint: its root is not the root of the first " + std::to_string(n) +
                    " seals of the chain (the log no longer extends it)",
                fault);
  }
  return Status::Ok();
}

}  // namespace sealog::crypto
