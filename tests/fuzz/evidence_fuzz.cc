// Fuzz target: checkpoints (JSON and C2SP note) and inclusion proofs as
// `verify --anchor` and `sealog check-proof` read them. Invariants: no crash;
// a decoded checkpoint re-encodes to an equal checkpoint; a fuzzed proof is
// never accepted under a root key that signed nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crypto/checkpoint.h"
#include "crypto/proof.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sealog::crypto::Checkpoint checkpoint;
  if (sealog::crypto::DecodeCheckpointJson(input, &checkpoint).ok()) {
    sealog::crypto::Checkpoint again;
    if (!sealog::crypto::DecodeCheckpointJson(sealog::crypto::EncodeCheckpointJson(checkpoint),
                                              &again).ok() ||
        !(again == checkpoint)) {
      std::abort();
    }
  }
  sealog::crypto::DecodeCheckpointNote(input, &checkpoint);
  sealog::crypto::Proof proof;
  if (sealog::crypto::DecodeProofJson(input, &proof).ok()) {
    sealog::crypto::PublicKey nobody{};
    nobody[0] = 1;
    if (sealog::crypto::VerifyProof(proof, nobody).ok()) std::abort();
  }
  return 0;
}
