// EPOCH_KEY: the secret of the current epoch, the only signing secret a store
// keeps. Replaced atomically at every seal by the next epoch's key, so the
// secret that signed a seal is gone once the seal is durable.
//
//   file := "SEALOGEK" | version u32 | reserved u32 | log_id[16] | epoch u64
//           | seed[32] | checksum u64                                    -- 80 bytes
#ifndef SEALOG_ENGINE_EPOCH_KEY_FILE_H_
#define SEALOG_ENGINE_EPOCH_KEY_FILE_H_

#include <cstdint>
#include <string>

#include "crypto/signing_key.h"
#include "engine/io/env.h"
#include "sealog/status.h"

namespace sealog {

inline constexpr char kEpochKeyName[] = "EPOCH_KEY";

struct EpochKey {
  uint64_t epoch = 0;
  crypto::SigningKey key;
};

Status SaveEpochKey(io::Env& env, const std::string& dir, const std::string& log_id,
                    uint64_t epoch, const crypto::SigningKey& key);
Result<EpochKey> LoadEpochKey(io::Env& env, const std::string& dir, const std::string& log_id);

}  // namespace sealog

#endif  // SEALOG_ENGINE_EPOCH_KEY_FILE_H_
