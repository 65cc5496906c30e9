// Merkle trees in the shape of RFC 6962 / RFC 9162 (section 2.1), over
// BLAKE2b-256:
//
//   MTH({})      = BLAKE2b()                       the empty tree
//   MTH({d0})    = LeafHash(d0)        = H(0x00 || d0)
//   MTH(D[n])    = NodeHash(MTH(D[0:k]), MTH(D[k:n]))  = H(0x01 || left || right)
//                  where k is the largest power of two smaller than n.
//
// Leaves are given by their leaf hashes. The root is computed streaming, in
// O(log n) memory; inclusion proofs need the leaf hashes of the whole tree.
#ifndef SEALOG_CRYPTO_MERKLE_H_
#define SEALOG_CRYPTO_MERKLE_H_

#include <cstdint>
#include <vector>

#include "crypto/hash.h"

namespace sealog::crypto {

// Adds leaf hashes one at a time; Root() at any point is MTH of those so far.
class MerkleRootBuilder {
 public:
  void Add(const Hash& leaf_hash);
  uint64_t size() const { return size_; }
  Hash Root() const;

 private:
  // Roots of the complete subtrees, largest first: one per set bit of size_.
  std::vector<Hash> peaks_;
  uint64_t size_ = 0;
};

// MTH of a complete list of leaf hashes.
Hash MerkleRoot(const std::vector<Hash>& leaf_hashes);

// The audit path (RFC 9162 2.1.3.1) of leaf `index` in the tree of leaf_hashes.
// REQUIRES: index < leaf_hashes.size().
std::vector<Hash> InclusionProof(const std::vector<Hash>& leaf_hashes, uint64_t index);

// True when `path` proves that leaf_hash is leaf `index` of a tree of
// `tree_size` leaves with root `root` (RFC 9162 2.1.3.2).
bool VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t tree_size,
                     const std::vector<Hash>& path, const Hash& root);

}  // namespace sealog::crypto

#endif  // SEALOG_CRYPTO_MERKLE_H_
