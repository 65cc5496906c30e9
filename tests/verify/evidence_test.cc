// Checkpoints, anchors and inclusion proofs made from real stores.
#include <gtest/gtest.h>

#include <filesystem>

#include "crypto/signing_key.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"

namespace sealog {
namespace {

using testing::TempDir;
using testing::TestEvent;

constexpr char kSeedByte = '\x31';

std::string RootPublicKey() {
  crypto::Seed seed;
  seed.fill(static_cast<uint8_t>(kSeedByte));
  const crypto::PublicKey key = crypto::SigningKey::FromSeed(seed).public_key();
  return std::string(reinterpret_cast<const char*>(key.data()), key.size());
}

void Append(const std::string& dir, uint64_t first, uint64_t last, bool seal) {
  Options options;
  options.create_if_missing = true;
  options.segment_size_max = 4 << 10;
  options.root_key_seed = std::string(32, kSeedByte);
  auto store = std::move(Store::Open(dir, options)).value();
  for (uint64_t n = first; n <= last; ++n) {
    TestEvent e(n, 30);
    ASSERT_TRUE(store->AppendAsync(e.event).ok());
  }
  if (seal) {
    ASSERT_TRUE(store->Roll().ok());
  } else {
    ASSERT_TRUE(store->Flush().ok());
  }
}

VerifyReport VerifyWithAnchor(const std::string& dir, const std::string& anchor) {
  VerifyOptions options;
  options.root_public_key = RootPublicKey();
  options.anchor_json = anchor;
  Result<VerifyReport> report = Verify(dir, options);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  return report.ok() ? *report : VerifyReport();
}

TEST(EvidenceTest, StoreExtendsItsEarlierCheckpoints) {
  TempDir dir;
  Append(dir.path(), 1, 100, true);
  Result<std::string> anchor = MakeCheckpoint(dir.path());
  ASSERT_TRUE(anchor.ok()) << anchor.status().ToString();
  Append(dir.path(), 101, 250, true);
  VerifyReport report = VerifyWithAnchor(dir.path(), *anchor);
  EXPECT_TRUE(report.anchor_checked);
  EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0].message);
  // And its newest checkpoint too.
  Result<std::string> latest = MakeCheckpoint(dir.path());
  ASSERT_TRUE(latest.ok());
  EXPECT_TRUE(VerifyWithAnchor(dir.path(), *latest).ok());
}

TEST(EvidenceTest, StoreRolledBackBelowItsAnchorIsRollback) {
  TempDir dir;
  TempDir saved;
  Append(dir.path(), 1, 100, true);
  std::filesystem::copy(dir.path(), saved.Sub("store"), std::filesystem::copy_options::recursive);
  Append(dir.path(), 101, 250, true);
  Result<std::string> anchor = MakeCheckpoint(dir.path());
  ASSERT_TRUE(anchor.ok());
  // The operator puts back yesterday's copy: a whole, valid, shorter log.
  EXPECT_TRUE(VerifyWithAnchor(saved.Sub("store"), "").ok());
  VerifyReport report = VerifyWithAnchor(saved.Sub("store"), *anchor);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.problems[0].kind, ProblemKind::kRollback) << report.problems[0].message;
}

TEST(EvidenceTest, UnreadableAnchorIsAnError) {
  TempDir dir;
  Append(dir.path(), 1, 10, true);
  VerifyOptions options;
  options.anchor_json = "{\"not\":\"a checkpoint\"}";
  EXPECT_TRUE(Verify(dir.path(), options).status().IsInvalidArgument());
}

TEST(EvidenceTest, EveryRecordHasAProofThatChecksOffline) {
  TempDir dir;
  Append(dir.path(), 1, 120, true);
  for (uint64_t seq = 1; seq <= 120; ++seq) {
    Result<std::string> proof = ProveRecord(dir.path(), seq);
    ASSERT_TRUE(proof.ok()) << seq << ": " << proof.status().ToString();
    Status checked = CheckProof(*proof, RootPublicKey());
    ASSERT_TRUE(checked.ok()) << seq << ": " << checked.ToString();
  }
}

TEST(EvidenceTest, ProofFailsUnderAnotherRootOrWithAnyByteChanged) {
  TempDir dir;
  Append(dir.path(), 1, 40, true);
  Result<std::string> proof = ProveRecord(dir.path(), 17);
  ASSERT_TRUE(proof.ok());
  EXPECT_FALSE(CheckProof(*proof, std::string(32, '\x01')).ok());
  size_t failures = 0;
  for (size_t i = 0; i < proof->size(); i += 7) {
    std::string damaged = *proof;
    damaged[i] = damaged[i] == 'a' ? 'b' : 'a';
    if (damaged == *proof) continue;
    if (!CheckProof(damaged, RootPublicKey()).ok()) ++failures;
    else ADD_FAILURE() << "a proof changed at byte " << i << " still checks";
  }
  EXPECT_GT(failures, 10u);
}

TEST(EvidenceTest, UnsealedRecordHasNoProofYet) {
  TempDir dir;
  Append(dir.path(), 1, 10, true);
  Append(dir.path(), 11, 12, false);
  EXPECT_TRUE(ProveRecord(dir.path(), 11).status().IsNotFound());
  EXPECT_TRUE(ProveRecord(dir.path(), 999).status().IsNotFound());
}

}  // namespace
}  // namespace sealog
