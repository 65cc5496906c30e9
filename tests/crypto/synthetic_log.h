// A small log built in memory for the log-tree and proof tests: a root key,
// a genesis, segments of random record bodies, and seals chained with epoch
// keys from SigningKey::Next(), exactly as the design prescribes.
#ifndef SEALOG_TESTS_CRYPTO_SYNTHETIC_LOG_H_
#define SEALOG_TESTS_CRYPTO_SYNTHETIC_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "crypto/checkpoint.h"
#include "crypto/hash.h"
#include "crypto/seal.h"
#include "crypto/signing_key.h"

namespace sealog::crypto::testing {

struct SyntheticLog {
  SigningKey root_key = SigningKey::FromSeed(Seed{});
  std::vector<SigningKey> epoch_keys;  // epochs 0 .. seals.size()
  Genesis genesis;
  std::string genesis_bytes;
  std::vector<Seal> seals;
  std::vector<std::string> seal_bytes;
  std::vector<std::vector<std::string>> bodies;  // per segment, in seq order
  std::vector<std::vector<Hash>> leaves;         // RecordLeafHash of each body

  uint64_t records() const { return seals.empty() ? 0 : seals.back().last_seq; }
  // A checkpoint of the first `tree_size` seals, signed by epoch key tree_size.
  Checkpoint CheckpointAt(uint64_t tree_size, int64_t time_ns = 1767225600000000000) const;
  Checkpoint CheckpointOfAll() const { return CheckpointAt(seals.size()); }
};

// `record_counts` gives the number of records of each segment; bodies are
// random bytes (0..200 long) drawn from `random_seed`. The root key comes
// from `key_fill` (every seed byte), the log id from `log_id_fill`.
SyntheticLog MakeSyntheticLog(const std::vector<uint64_t>& record_counts, uint64_t random_seed,
                              uint8_t key_fill = 1, uint8_t log_id_fill = 0x42);

// Re-signs seal `i` with `key` after an edit, and re-encodes it.
void Resign(SyntheticLog* log, size_t i, const SigningKey& key);

}  // namespace sealog::crypto::testing

#endif  // SEALOG_TESTS_CRYPTO_SYNTHETIC_LOG_H_
