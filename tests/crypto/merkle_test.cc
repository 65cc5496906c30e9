// Merkle trees: hand-computed vectors (an independent recursive RFC 6962
// definition over BLAKE2b-256, computed with Python's hashlib), the streaming
// root against a naive recursive one, and every inclusion proof of small trees.
#include "crypto/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sealog::crypto {
namespace {

std::vector<Hash> Leaves(uint64_t n) {
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < n; ++i) {
    const char byte = static_cast<char>(i);
    leaves.push_back(LeafHash(std::string_view(&byte, 1)));
  }
  return leaves;
}

// MTH straight from its definition.
Hash NaiveRoot(const std::vector<Hash>& leaves, size_t begin, size_t end) {
  if (end - begin == 0) return Blake2b({});
  if (end - begin == 1) return leaves[begin];
  size_t k = 1;
  while (2 * k < end - begin) k *= 2;
  return NodeHash(NaiveRoot(leaves, begin, begin + k), NaiveRoot(leaves, begin + k, end));
}

TEST(MerkleTest, HashVectors) {
  EXPECT_EQ(ToHex(Blake2b({})), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(ToHex(LeafHash({})), "03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314");
}

TEST(MerkleTest, RootVectors) {
  const std::pair<uint64_t, const char*> kVectors[] = {
      {0, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
      {1, "9ee6dfb61a2fb903df487c401663825643bb825d41695e63df8af6162ab145a6"},
      {2, "47f61e4f4620e9946a8831b8c717a76f36982b82d88e005bc4635a1b21c73eff"},
      {3, "8926efdc0a3a501b9a98e046861bf1303acf7bd2191f0a5fd21c003c9557c1b9"},
      {4, "4c2bb58c2e2afa14f7058e9fe94fba620f8e485288350e7bcc42337a8c18cf90"},
      {5, "d189ac817a2f095408bea113eb0c5b6ba55cbafea7cd71378de9152f3b5d3246"},
      {7, "9a32133fb577b45268f6dcb813645347b5955c4b19e56b7474197a31e75a6a5f"},
      {8, "4ba07b279e4b38ac43030e643df2838f441574aaa3fe3d33187d240df776424b"},
      {16, "383dcde85d863777d8b6607d2c0b6d9ff737b253dd0795948a8970e9c3856296"},
      {17, "bf7e4b12f6c4a15311dde88a108496ad1476103174f84a4a146268b53009d675"},
  };
  for (const auto& [n, hex] : kVectors) EXPECT_EQ(ToHex(MerkleRoot(Leaves(n))), hex) << n;
}

TEST(MerkleTest, StreamingRootEqualsDefinitionAtEverySize) {
  const std::vector<Hash> leaves = Leaves(300);
  MerkleRootBuilder builder;
  for (size_t n = 0; n <= leaves.size(); ++n) {
    ASSERT_EQ(builder.Root(), NaiveRoot(leaves, 0, n)) << n;
    if (n < leaves.size()) builder.Add(leaves[n]);
  }
}

TEST(MerkleTest, EveryInclusionProofOfSmallTreesVerifies) {
  for (uint64_t n = 1; n <= 70; ++n) {
    const std::vector<Hash> leaves = Leaves(n);
    const Hash root = MerkleRoot(leaves);
    for (uint64_t i = 0; i < n; ++i) {
      const std::vector<Hash> path = InclusionProof(leaves, i);
      ASSERT_TRUE(VerifyInclusion(leaves[i], i, n, path, root)) << n << " " << i;
    }
  }
}

TEST(MerkleTest, AlteredProofsFail) {
  const std::vector<Hash> leaves = Leaves(37);
  const Hash root = MerkleRoot(leaves);
  const uint64_t index = 21;
  const std::vector<Hash> path = InclusionProof(leaves, index);
  EXPECT_FALSE(VerifyInclusion(leaves[index + 1], index, 37, path, root));  // other leaf
  EXPECT_FALSE(VerifyInclusion(leaves[index], index + 1, 37, path, root));  // other index
  // The size is bound only through the shape of the path (the signed
  // checkpoint binds it): a size whose tree has another shape must fail.
  EXPECT_FALSE(VerifyInclusion(leaves[index], index, 32, path, root));
  EXPECT_FALSE(VerifyInclusion(leaves[index], index, 37, path, leaves[0]));  // other root
  EXPECT_FALSE(VerifyInclusion(leaves[index], 40, 37, path, root));         // out of range
  for (size_t i = 0; i < path.size(); ++i) {
    for (size_t bit = 0; bit < 8 * kHashSize; bit += 37) {
      std::vector<Hash> damaged = path;
      damaged[i][bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      EXPECT_FALSE(VerifyInclusion(leaves[index], index, 37, damaged, root));
    }
  }
  std::vector<Hash> shorter(path.begin(), path.end() - 1);
  EXPECT_FALSE(VerifyInclusion(leaves[index], index, 37, shorter, root));
  std::vector<Hash> longer = path;
  longer.push_back(root);
  EXPECT_FALSE(VerifyInclusion(leaves[index], index, 37, longer, root));
}

TEST(MerkleTest, HexRoundTrip) {
  const Hash hash = Blake2b("abc");
  Hash back;
  ASSERT_TRUE(FromHex(ToHex(hash), &back));
  EXPECT_EQ(back, hash);
  EXPECT_FALSE(FromHex("zz", &back));
  EXPECT_FALSE(FromHex(std::string(64, 'g'), &back));
}

}  // namespace
}  // namespace sealog::crypto
