// Runs a libFuzzer target without libFuzzer (g++ has none), as a regression
// test: every file of the target's seed corpus, then deterministic mutations
// of each (bit flips, byte changes, truncations, splices), so the suite keeps
// every target honest between real fuzzing runs (docs/TESTING.md).
//   fuzz_NAME [CORPUS_DIR] [MUTATIONS_PER_SEED]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

uint64_t Next(uint64_t* state) {  // SplitMix64
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::string Mutate(const std::string& seed, const std::vector<std::string>& all, uint64_t* rng) {
  std::string input = seed;
  const int edits = 1 + static_cast<int>(Next(rng) % 4);
  for (int e = 0; e < edits && !input.empty(); ++e) {
    const size_t at = Next(rng) % input.size();
    switch (Next(rng) % 5) {
      case 0: input[at] ^= static_cast<char>(1u << (Next(rng) % 8)); break;
      case 1: input[at] = static_cast<char>(Next(rng)); break;
      case 2: input.resize(at); break;
      case 3: input.insert(at, 1 + Next(rng) % 8, static_cast<char>(Next(rng))); break;
      case 4: {
        const std::string& other = all[Next(rng) % all.size()];
        if (!other.empty()) input.insert(at, other.substr(Next(rng) % other.size(), 16));
        break;
      }
    }
  }
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : SEALOG_FUZZ_CORPUS;
  const long mutations = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 20000;
  std::vector<std::string> seeds;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (seeds.empty()) {
    std::fprintf(stderr, "no seeds in %s\n", dir.c_str());
    return 1;
  }
  uint64_t rng = 42;
  uint64_t runs = 0;
  for (const std::string& seed : seeds) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(seed.data()), seed.size());
    ++runs;
    for (long i = 0; i < mutations; ++i, ++runs) {
      const std::string input = Mutate(seed, seeds, &rng);
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    }
  }
  std::printf("%llu inputs from %zu seeds in %s: no crash\n",
              static_cast<unsigned long long>(runs), seeds.size(), dir.c_str());
  return 0;
}
