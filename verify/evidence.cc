// Checkpoints and inclusion proofs made from a store: the engine side of
// crypto/checkpoint.h and crypto/proof.h.
#include <chrono>
#include <cstring>
#include <thread>

#include "crypto/checkpoint.h"
#include "crypto/log_tree.h"
#include "crypto/proof.h"
#include "engine/epoch_key_file.h"
#include "engine/manifest.h"
#include "engine/seal_log.h"
#include "engine/segment_reader.h"
#include "sealog/verify.h"

namespace sealog {

namespace {

struct SealedState {
  std::string log_id;
  std::vector<std::string> entries;  // the genesis first
  crypto::SigningKey key;            // of epoch entries.size() - 1
};

// Reads the seal chain and the key of its current epoch, consistently: a
// writer may seal (append to SEALS, then rotate EPOCH_KEY) while we read.
Result<SealedState> ReadSealedState(io::Env& env, const std::string& path) {
  Manifest manifest;
  SEALOG_RETURN_IF_ERROR(Manifest::Load(env, path, &manifest));
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::unique_ptr<SealLog> log;
    uint64_t torn = 0;
    SEALOG_RETURN_IF_ERROR(SealLog::Open(env, path, manifest.log_id, true, &log, &torn));
    Result<EpochKey> loaded = LoadEpochKey(env, path, manifest.log_id);
    if (!loaded.ok()) return loaded.status();
    const uint64_t seals = log->entries().size() - 1;
    if (loaded->epoch == seals) {
      return SealedState{manifest.log_id, log->entries(), loaded->key};
    }
    if (loaded->epoch + 1 == seals) {
      // Sealed, key not rotated yet (or the writer crashed there): the next
      // key is derived, and must be the one the last seal names.
      crypto::Seal last;
      SEALOG_RETURN_IF_ERROR(crypto::DecodeSeal(log->entries().back(), &last));
      crypto::SigningKey next = loaded->key.Next();
      if (next.public_key() == last.next_key) {
        return SealedState{manifest.log_id, log->entries(), next};
      }
      return Status::Corruption(path + "/EPOCH_KEY: not the key the seal chain certifies");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a seal is in progress
  }
  return Status::Busy(path + ": the seal chain kept changing while it was read; try again");
}

Result<crypto::Checkpoint> SignedCheckpoint(io::Env& env, const SealedState& state) {
  const std::vector<std::string> seals(state.entries.begin() + 1, state.entries.end());
  Result<crypto::Checkpoint> checkpoint = crypto::MakeCheckpoint(state.log_id, seals, env.NowNanos());
  if (!checkpoint.ok()) return checkpoint.status();
  crypto::SignCheckpoint(state.key, &*checkpoint);
  return checkpoint;
}

// The leaves of the segment sealed by `seal`, and the body of record seq.
Status ReadSegmentLeaves(io::Env& env, const std::string& path, const std::string& log_id,
                         const crypto::Seal& seal, uint64_t seq,
                         std::vector<crypto::Hash>* leaves, std::string* body) {
  std::unique_ptr<SegmentReader> reader;
  SEALOG_RETURN_IF_ERROR(SegmentReader::Open(env, path, seal.segment_number, log_id, &reader));
  RecordView view;
  while (reader->Next(&view) == SegmentReader::Step::kRecord) {
    leaves->push_back(crypto::RecordLeafHash(view.seq, view.body));
    if (view.seq == seq) body->assign(view.body);
  }
  SEALOG_RETURN_IF_ERROR(reader->status());
  if (leaves->size() != seal.record_count || body->empty()) {
    return Status::Corruption(reader->path() + ": does not match its seal; run sealog verify");
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> MakeCheckpoint(const std::string& path, std::shared_ptr<io::Env> env) {
  if (!env) env = io::NewPosixEnv();
  Result<SealedState> state = ReadSealedState(*env, path);
  if (!state.ok()) return state.status();
  Result<crypto::Checkpoint> checkpoint = SignedCheckpoint(*env, *state);
  if (!checkpoint.ok()) return checkpoint.status();
  return crypto::EncodeCheckpointJson(*checkpoint);
}

Result<std::string> ProveRecord(const std::string& path, uint64_t seq,
                                std::shared_ptr<io::Env> env) {
  if (!env) env = io::NewPosixEnv();
  Result<SealedState> state = ReadSealedState(*env, path);
  if (!state.ok()) return state.status();
  const std::vector<std::string> seals(state->entries.begin() + 1, state->entries.end());
  crypto::Seal holder;
  bool found = false;
  for (const std::string& encoded : seals) {  // seals are few; a scan is plenty
    SEALOG_RETURN_IF_ERROR(crypto::DecodeSeal(encoded, &holder));
    if (holder.first_seq <= seq && seq <= holder.last_seq) {
      found = true;
      break;
    }
  }
  if (!found) {
    return Status::NotFound("record " + std::to_string(seq) +
                            " is not in a sealed segment of " + path +
                            " (run sealog seal to seal the active one)");
  }
  std::vector<crypto::Hash> leaves;
  std::string body;
  SEALOG_RETURN_IF_ERROR(ReadSegmentLeaves(*env, path, state->log_id, holder, seq, &leaves, &body));
  Result<crypto::Checkpoint> checkpoint = SignedCheckpoint(*env, *state);
  if (!checkpoint.ok()) return checkpoint.status();
  Result<crypto::Proof> proof =
      crypto::BuildProof(state->entries[0], seals, leaves, body, seq, *checkpoint);
  if (!proof.ok()) return proof.status();
  return crypto::EncodeProofJson(*proof);
}

Status CheckProof(std::string_view proof_json, const std::string& root_public_key) {
  crypto::PublicKey root;
  if (root_public_key.size() != root.size()) {
    return Status::InvalidArgument("the root public key must be 32 bytes");
  }
  std::memcpy(root.data(), root_public_key.data(), root.size());
  crypto::Proof proof;
  Status decoded = crypto::DecodeProofJson(proof_json, &proof);
  if (!decoded.ok()) return Status::InvalidArgument(decoded.message());
  Status verified = crypto::VerifyProof(proof, root);
  if (!verified.ok()) return Status::Tampered(verified.message());
  return Status::Ok();
}

}  // namespace sealog
