#include "crypto/merkle.h"

#include <bit>

namespace sealog::crypto {

void MerkleRootBuilder::Add(const Hash& leaf_hash) {
  // Like incrementing a binary counter: each carry merges two equal subtrees.
  Hash carry = leaf_hash;
  for (uint64_t size = size_; size & 1; size >>= 1) {
    carry = NodeHash(peaks_.back(), carry);
    peaks_.pop_back();
  }
  peaks_.push_back(carry);
  ++size_;
}

Hash MerkleRootBuilder::Root() const {
  if (peaks_.empty()) return Blake2b({});
  // RFC 6962 splits at the largest power of two, so the smaller peaks fold
  // together first, right to left.
  Hash root = peaks_.back();
  for (size_t i = peaks_.size() - 1; i-- > 0;) root = NodeHash(peaks_[i], root);
  return root;
}

Hash MerkleRoot(const std::vector<Hash>& leaf_hashes) {
  MerkleRootBuilder builder;
  for (const Hash& leaf : leaf_hashes) builder.Add(leaf);
  return builder.Root();
}

namespace {

uint64_t LargestPowerOfTwoBelow(uint64_t n) { return std::bit_floor(n - 1); }

Hash SubtreeRoot(const std::vector<Hash>& leaves, uint64_t begin, uint64_t end) {
  MerkleRootBuilder builder;
  for (uint64_t i = begin; i < end; ++i) builder.Add(leaves[i]);
  return builder.Root();
}

// PATH(m, D[begin:end]) of RFC 9162, leaf-side first.
void AppendPath(const std::vector<Hash>& leaves, uint64_t index, uint64_t begin, uint64_t end,
                std::vector<Hash>* path) {
  const uint64_t n = end - begin;
  if (n <= 1) return;
  const uint64_t k = LargestPowerOfTwoBelow(n);
  if (index - begin < k) {
    AppendPath(leaves, index, begin, begin + k, path);
    path->push_back(SubtreeRoot(leaves, begin + k, end));
  } else {
    AppendPath(leaves, index, begin + k, end, path);
    path->push_back(SubtreeRoot(leaves, begin, begin + k));
  }
}

}  // namespace

std::vector<Hash> InclusionProof(const std::vector<Hash>& leaf_hashes, uint64_t index) {
  std::vector<Hash> path;
  AppendPath(leaf_hashes, index, 0, leaf_hashes.size(), &path);
  return path;
}

bool VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t tree_size,
                     const std::vector<Hash>& path, const Hash& root) {
  if (index >= tree_size) return false;
  uint64_t fn = index;
  uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : path) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

}  // namespace sealog::crypto
