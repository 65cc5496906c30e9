// Fuzz target: the MANIFEST decoder. Invariants: no crash; what decodes
// re-encodes to exactly the input (the format has one encoding).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sealog::Manifest manifest;
  if (sealog::Manifest::Decode(input, &manifest).ok() && manifest.Encode() != input) std::abort();
  return 0;
}
