#include "tests/crypto/synthetic_log.h"

#include <random>

#include "crypto/log_tree.h"
#include "crypto/merkle.h"

namespace sealog::crypto::testing {

Checkpoint SyntheticLog::CheckpointAt(uint64_t tree_size, int64_t time_ns) const {
  const std::vector<std::string> prefix(seal_bytes.begin(),
                                        seal_bytes.begin() + static_cast<ptrdiff_t>(tree_size));
  Result<Checkpoint> checkpoint = MakeCheckpoint(genesis.log_id, prefix, time_ns);
  SignCheckpoint(epoch_keys[tree_size], &*checkpoint);
  return *checkpoint;
}

SyntheticLog MakeSyntheticLog(const std::vector<uint64_t>& record_counts, uint64_t random_seed,
                              uint8_t key_fill, uint8_t log_id_fill) {
  std::mt19937_64 random(random_seed);
  SyntheticLog log;
  Seed seed;
  seed.fill(key_fill);
  log.root_key = SigningKey::FromSeed(seed);
  // The first epoch key is independent of the root key (the root stays offline).
  seed.fill(static_cast<uint8_t>(key_fill ^ 0xa5));
  log.epoch_keys.push_back(SigningKey::FromSeed(seed));

  log.genesis.log_id = std::string(kLogIdSize, static_cast<char>(log_id_fill));
  log.genesis.created_ns = 1767225600000000000;
  log.genesis.epoch0_key = log.epoch_keys[0].public_key();
  SignGenesis(log.root_key, &log.genesis);
  log.genesis_bytes = EncodeGenesis(log.genesis);

  Hash prev = EntryHash(log.genesis_bytes);
  uint64_t next_seq = 1;
  for (size_t i = 0; i < record_counts.size(); ++i) {
    std::vector<std::string> bodies;
    std::vector<Hash> leaves;
    for (uint64_t r = 0; r < record_counts[i]; ++r) {
      std::string body(random() % 201, '\0');
      for (char& c : body) c = static_cast<char>(random());
      leaves.push_back(RecordLeafHash(next_seq + r, body));
      bodies.push_back(std::move(body));
    }
    log.epoch_keys.push_back(log.epoch_keys.back().Next());
    Seal seal;
    seal.log_id = log.genesis.log_id;
    seal.segment_number = i + 1;
    seal.first_seq = next_seq;
    seal.record_count = record_counts[i];
    seal.last_seq = next_seq + record_counts[i] - 1;
    seal.min_time_ns = 1767225600000000000 + static_cast<int64_t>(i) * 1000;
    seal.max_time_ns = seal.min_time_ns + 999;
    seal.sealed_ns = seal.max_time_ns + 1;
    seal.merkle_root = MerkleRoot(leaves);
    seal.index_digest = Blake2b("index " + std::to_string(i));
    seal.prev_hash = prev;
    seal.epoch = i;
    seal.next_key = log.epoch_keys[i + 1].public_key();
    SignSeal(log.epoch_keys[i], &seal);
    log.seal_bytes.push_back(EncodeSeal(seal));
    prev = EntryHash(log.seal_bytes.back());
    log.seals.push_back(seal);
    log.bodies.push_back(std::move(bodies));
    log.leaves.push_back(std::move(leaves));
    next_seq += record_counts[i];
  }
  return log;
}

void Resign(SyntheticLog* log, size_t i, const SigningKey& key) {
  SignSeal(key, &log->seals[i]);
  log->seal_bytes[i] = EncodeSeal(log->seals[i]);
}

}  // namespace sealog::crypto::testing
