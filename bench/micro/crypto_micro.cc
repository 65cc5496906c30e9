// Tamper evidence (crypto/): Merkle leaves and roots, and the Ed25519 seals.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/micro/micro_data.h"
#include "crypto/merkle.h"
#include "crypto/seal.h"
#include "crypto/signing_key.h"
#include "engine/record.h"
#include "engine/segment_digest.h"

namespace sealog::bench::micro {
namespace {

// The leaf hash of one record as the digester makes it: BLAKE2b-256 of
// 0x00 || seq LE || body (crypto::RecordLeafHash), over the segment's
// records in order. Bytes are body bytes.
void leaf_hash_per_event(benchmark::State& state) {
  const Segment& segment = TheSegment();
  size_t i = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto::RecordLeafHash(segment.first_seq + i, segment.bodies[i]));
    bytes += segment.bodies[i].size();
    if (++i == segment.bodies.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(leaf_hash_per_event);

// The streaming Merkle root (MerkleRootBuilder, as SegmentDigest keeps it)
// of 1,024 leaf hashes computed beforehand: 1,023 node hashes. Items are leaves.
void merkle_root_per_1024_leaves(benchmark::State& state) {
  const Segment& segment = TheSegment();
  constexpr size_t kLeaves = 1024;
  const std::vector<crypto::Hash> leaves(segment.leaves.begin(), segment.leaves.begin() + kLeaves);
  for (auto _ : state) {
    crypto::MerkleRootBuilder tree;
    for (const crypto::Hash& leaf : leaves) tree.Add(leaf);
    benchmark::DoNotOptimize(tree.Root());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kLeaves));
}
BENCHMARK(merkle_root_per_1024_leaves);

crypto::SigningKey TestKey() {
  crypto::Seed seed{};
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(i + 1);
  return crypto::SigningKey::FromSeed(seed);
}

// The seal of the micro segment, unsigned: what Sealer::Seal fills in.
crypto::Seal SegmentSeal(const crypto::SigningKey& next_key) {
  const Segment& segment = TheSegment();
  SegmentDigest digest;
  size_t offset = 0;
  for (size_t i = 0; i < segment.bodies.size(); ++i) {
    RecordView view;
    size_t frame_size = 0;
    DecodeFrame(std::string_view(segment.frames).substr(offset), segment.seed, &view, &frame_size);
    digest.Add(view);
    offset += frame_size;
  }
  crypto::Seal seal;
  seal.log_id = segment.log_id;
  seal.segment_number = segment.segment_number;
  seal.first_seq = segment.first_seq;
  seal.last_seq = segment.first_seq + segment.bodies.size() - 1;
  seal.record_count = segment.bodies.size();
  seal.min_time_ns = digest.min_time_ns();
  seal.max_time_ns = digest.max_time_ns();
  seal.sealed_ns = seal.max_time_ns + 1'000'000'000;
  seal.merkle_root = digest.Root();
  seal.index_digest = segment.index_digest;
  seal.prev_hash = crypto::Blake2b("the entry before");
  seal.epoch = 0;
  seal.next_key = next_key.public_key();
  return seal;
}

// Signing one segment's seal as Sealer::Seal does in memory: SignSeal (an
// Ed25519 signature over the context and the 213-byte body), EncodeSeal and
// the chain link (EntryHash). The next epoch key is measured apart below;
// the index file, SEALS and EPOCH_KEY writes and syncs are not here.
void seal_sign_per_segment(benchmark::State& state) {
  const crypto::SigningKey key = TestKey();
  crypto::Seal seal = SegmentSeal(key.Next());
  for (auto _ : state) {
    ++seal.segment_number;  // a new message each time
    crypto::SignSeal(key, &seal);
    const std::string encoded = crypto::EncodeSeal(seal);
    benchmark::DoNotOptimize(crypto::EntryHash(encoded));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(seal_sign_per_segment);

// The next epoch's key, derived once per seal (SigningKey::Next: BLAKE2b of
// the seed, then an Ed25519 key pair from it).
void epoch_key_next_per_segment(benchmark::State& state) {
  crypto::SigningKey key = TestKey();
  for (auto _ : state) {
    key = key.Next();
    benchmark::DoNotOptimize(key.public_key());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(epoch_key_next_per_segment);

// Checking one seal of the chain as verify's chain walker does: DecodeSeal,
// EntryHash, the link to the entry before and the Ed25519 signature under
// its epoch key. Over 64 distinct signed seals in turn.
void seal_verify_per_segment(benchmark::State& state) {
  const crypto::SigningKey key = TestKey();
  crypto::Seal seal = SegmentSeal(key.Next());
  constexpr size_t kSeals = 64;
  std::vector<std::string> encoded;
  for (size_t i = 0; i < kSeals; ++i) {
    ++seal.segment_number;
    crypto::SignSeal(key, &seal);
    encoded.push_back(crypto::EncodeSeal(seal));
  }
  const crypto::Hash prev = seal.prev_hash;
  const crypto::PublicKey public_key = key.public_key();
  size_t i = 0;
  for (auto _ : state) {
    crypto::Seal decoded;
    if (!crypto::DecodeSeal(encoded[i], &decoded).ok() || decoded.prev_hash != prev ||
        !crypto::SealSignatureValid(decoded, public_key)) {
      Fail(state, "a seal does not verify");
      break;
    }
    benchmark::DoNotOptimize(crypto::EntryHash(encoded[i]));
    if (++i == kSeals) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(seal_verify_per_segment);

}  // namespace
}  // namespace sealog::bench::micro
