// ChainWalker: checks the seal chain (SEALS) from the root key: the genesis
// signature, then every seal's signature under its epoch's key, its epoch
// number, its link to the entry before, its log id and the segments and seqs
// it claims, and classifies what breaks.
#ifndef SEALOG_VERIFY_CHAIN_WALKER_H_
#define SEALOG_VERIFY_CHAIN_WALKER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/seal.h"
#include "verify/problems.h"

namespace sealog::verify {

struct WalkedSeal {
  crypto::Seal seal;
  std::string encoded;
  bool trusted = false;  // signature, epoch and link all checked out
};

struct WalkedChain {
  std::optional<crypto::Genesis> genesis;
  std::vector<WalkedSeal> seals;             // in chain order
  std::vector<crypto::PublicKey> epoch_keys;  // key of epoch i, for i = 0..seals.size()
};

// `entries` are the SEALS payloads, the genesis first. `root_key` is the key
// the caller trusts; null means the genesis's own root key is taken.
WalkedChain WalkChain(const std::vector<std::string>& entries, const std::string& log_id,
                      const crypto::PublicKey* root_key, Problems& problems);

}  // namespace sealog::verify

#endif  // SEALOG_VERIFY_CHAIN_WALKER_H_
