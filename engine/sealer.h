// Sealer: signs closed segments into the seal chain and evolves the epoch key.
//
// Sealing segment N (its MANIFEST entry already closed):
//   0. write its index file N.idx (atomically, synced);
//   1. build the seal: range, count, time span, Merkle root, index digest,
//      the hash of the previous entry, epoch e, the public key of epoch e + 1;
//   2. sign it with the key of epoch e, append it to SEALS and sync;
//   3. replace EPOCH_KEY with the key of epoch e + 1 (atomically): the secret
//      that signed the seal is gone.
// A crash before 2 leaves N closed but unsealed; Open seals it. A crash
// between 2 and 3 leaves the old key; Open finishes the rotation. Either way
// a segment is sealed at most once.
#ifndef SEALOG_ENGINE_SEALER_H_
#define SEALOG_ENGINE_SEALER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "crypto/seal.h"
#include "crypto/signing_key.h"
#include "engine/io/env.h"
#include "engine/manifest.h"
#include "engine/seal_log.h"
#include "engine/segment_digest.h"
#include "sealog/status.h"

namespace sealog {

class Sealer {
 public:
  // Starts the seal chain of a new log: the root key certifies epoch 0's key
  // in the genesis; SEALS and EPOCH_KEY are written and synced.
  static Status CreateChain(io::Env& env, const std::string& dir, const std::string& log_id,
                            int64_t created_ns, const crypto::SigningKey& root_key);

  // Opens the chain for sealing, finishing an interrupted key rotation, and
  // seals every closed segment of `manifest` that has no seal yet.
  static Status Open(io::Env& env, const std::string& dir, const Manifest& manifest,
                     std::unique_ptr<Sealer>* sealer);

  // Seals the closed segment `segment` whose records `digest` summarises and
  // whose index file is `index_file` (index/index_builder.h): the index file is
  // written and synced first, then the seal that signs its digest.
  Status Seal(const ManifestSegment& segment, const SegmentDigest& digest,
              std::string_view index_file, int64_t sealed_ns);

  uint64_t seal_count() const { return log_->entries().size() - 1; }
  // The number of the last sealed segment, 0 when none.
  uint64_t last_sealed_segment() const { return last_sealed_segment_; }

 private:
  Sealer(io::Env& env, std::string dir, std::string log_id, std::unique_ptr<SealLog> log,
         crypto::SigningKey key);
  Status SealFromFile(const ManifestSegment& segment);

  io::Env& env_;
  const std::string dir_;
  const std::string log_id_;
  std::unique_ptr<SealLog> log_;
  crypto::SigningKey key_;  // of epoch seal_count()
  crypto::Hash last_entry_hash_{};
  uint64_t last_sealed_segment_ = 0;
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_SEALER_H_
