// The log tree and the key chain: a genuine chain yields every epoch key;
// each attack on it is caught and named with the kind `verify` reports.
#include "crypto/log_tree.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/merkle.h"
#include "tests/crypto/synthetic_log.h"

namespace sealog::crypto {
namespace {

using testing::MakeSyntheticLog;
using testing::Resign;
using testing::SyntheticLog;

const std::vector<uint64_t> kCounts = {3, 1, 16, 7, 33};

struct ChainCheck {
  Status status;
  ChainFault fault = ChainFault::kNone;
  std::vector<PublicKey> keys;
};

ChainCheck Check(const SyntheticLog& log) {
  ChainCheck check;
  check.status =
      VerifyKeyChain(log.root_key.public_key(), log.genesis, log.seals, &check.keys, &check.fault);
  return check;
}

bool Says(const Status& status, std::string_view text) {
  return status.message().find(text) != std::string::npos;
}

TEST(LogTreeTest, RootIsTheMerkleRootOfSealLeaves) {
  const SyntheticLog log = MakeSyntheticLog(kCounts, 1);
  std::vector<Hash> leaves;
  for (const std::string& seal : log.seal_bytes) leaves.push_back(LeafHash(seal));
  EXPECT_EQ(LogRoot(log.seal_bytes), MerkleRoot(leaves));
  EXPECT_EQ(LogRoot(log.seals), MerkleRoot(leaves));
  EXPECT_EQ(SealLeafHash(log.seal_bytes[2]), leaves[2]);
  EXPECT_EQ(LogRoot(std::vector<std::string>{}), Blake2b({}));
  EXPECT_EQ(ChainFaultName(ChainFault::kReordered), "reordered");
}

TEST(LogTreeTest, GenuineChainYieldsEveryEpochKey) {
  const SyntheticLog log = MakeSyntheticLog(kCounts, 2);
  const ChainCheck check = Check(log);
  ASSERT_TRUE(check.status.ok()) << check.status.ToString();
  EXPECT_EQ(check.fault, ChainFault::kNone);
  ASSERT_EQ(check.keys.size(), log.seals.size() + 1);
  for (size_t i = 0; i < check.keys.size(); ++i) {
    EXPECT_EQ(check.keys[i], log.epoch_keys[i].public_key()) << i;
  }
  // docs/FORMAT.md: a seal covers at least one record.
  const SyntheticLog with_empty = MakeSyntheticLog({2, 0, 3}, 3);
  EXPECT_TRUE(Says(Check(with_empty).status, "seal 1 (segment 2): covers seqs 3..2 but counts 0"))
      << Check(with_empty).status.message();
  const SyntheticLog no_seals = MakeSyntheticLog({}, 3);
  EXPECT_TRUE(Check(no_seals).status.ok());
}

TEST(LogTreeTest, AnotherRootKeyIsForeign) {
  const SyntheticLog log = MakeSyntheticLog(kCounts, 4);
  std::vector<PublicKey> keys;
  ChainFault fault;
  const Status status = VerifyKeyChain(MakeSyntheticLog({}, 4, 9).root_key.public_key(),
                                       log.genesis, log.seals, &keys, &fault);
  EXPECT_EQ(fault, ChainFault::kForeign);
  EXPECT_TRUE(Says(status, "genesis")) << status.message();
}

TEST(LogTreeTest, ResignedPastSealIsTampered) {
  SyntheticLog log = MakeSyntheticLog(kCounts, 5);
  // Whoever steals the key of epoch 4 rewrites seal 1 and signs it again.
  log.seals[1].merkle_root = Blake2b("forged");
  Resign(&log, 1, log.epoch_keys[4]);
  const ChainCheck check = Check(log);
  EXPECT_EQ(check.fault, ChainFault::kTampered);
  EXPECT_TRUE(Says(check.status, "seal 1 (segment 2): signature")) << check.status.message();
  EXPECT_EQ(check.keys.size(), 2u);  // epochs 0 and 1 were established
}

TEST(LogTreeTest, SealOfAnotherLogIsForeign) {
  SyntheticLog log = MakeSyntheticLog(kCounts, 6);
  const SyntheticLog other = MakeSyntheticLog(kCounts, 6, 2, 0x43);
  log.seals[2] = other.seals[2];
  const ChainCheck check = Check(log);
  EXPECT_EQ(check.fault, ChainFault::kForeign);
  EXPECT_TRUE(Says(check.status, "seal 2")) << check.status.message();
  EXPECT_TRUE(Says(check.status, "4343434343")) << check.status.message();
}

TEST(LogTreeTest, ReplayedSealIsReordered) {
  SyntheticLog log = MakeSyntheticLog(kCounts, 7);
  log.seals[3] = log.seals[1];
  ChainCheck check = Check(log);
  EXPECT_EQ(check.fault, ChainFault::kReordered);
  EXPECT_TRUE(Says(check.status, "seal 3")) << check.status.message();
  EXPECT_TRUE(Says(check.status, "replayed")) << check.status.message();

  // Inserted rather than overwritten: same verdict.
  log = MakeSyntheticLog(kCounts, 7);
  log.seals.insert(log.seals.begin() + 3, log.seals[1]);
  EXPECT_EQ(Check(log).fault, ChainFault::kReordered);
}

TEST(LogTreeTest, SwappedAndDeletedSeals) {
  SyntheticLog log = MakeSyntheticLog(kCounts, 8);
  std::swap(log.seals[2], log.seals[3]);
  ChainCheck check = Check(log);
  EXPECT_EQ(check.fault, ChainFault::kReordered);
  EXPECT_TRUE(Says(check.status, "seal 2")) << check.status.message();

  log = MakeSyntheticLog(kCounts, 8);
  log.seals.erase(log.seals.begin() + 2);
  check = Check(log);
  EXPECT_EQ(check.fault, ChainFault::kMissing);
  EXPECT_TRUE(Says(check.status, "the seal of epoch 2 is missing")) << check.status.message();

  log = MakeSyntheticLog(kCounts, 8);
  log.seals.erase(log.seals.begin());
  EXPECT_EQ(Check(log).fault, ChainFault::kMissing);
}

TEST(LogTreeTest, BrokenLinksAndRangesSignedByTheRightKeyAreTampered) {
  // Even the holder of the right epoch key cannot fork or skip: the chain
  // and the seq ranges are checked, not just signatures.
  SyntheticLog log = MakeSyntheticLog(kCounts, 9);
  log.seals[2].prev_hash[0] ^= 1;
  Resign(&log, 2, log.epoch_keys[2]);
  ChainCheck check = Check(log);
  EXPECT_EQ(check.fault, ChainFault::kTampered);
  EXPECT_TRUE(Says(check.status, "seal 2 (segment 3): prev_hash")) << check.status.message();

  log = MakeSyntheticLog(kCounts, 9);
  log.seals[0].first_seq = 2;
  Resign(&log, 0, log.epoch_keys[0]);
  check = Check(log);
  EXPECT_TRUE(Says(check.status, "seal 0 (segment 1): starts at seq 2, expected 1"))
      << check.status.message();

  log = MakeSyntheticLog(kCounts, 9);
  log.seals[0].record_count = 4;
  Resign(&log, 0, log.epoch_keys[0]);
  check = Check(log);
  EXPECT_TRUE(Says(check.status, "counts 4 records")) << check.status.message();

  log = MakeSyntheticLog(kCounts, 9);
  log.seals[1].segment_number = 3;  // seal i seals segment i + 1
  Resign(&log, 1, log.epoch_keys[1]);
  EXPECT_TRUE(Says(Check(log).status, "seals segment 3, expected 2"))
      << Check(log).status.message();

  log = MakeSyntheticLog(kCounts, 9);
  log.genesis.created_ns += 1;
  check = Check(log);
  EXPECT_EQ(check.fault, ChainFault::kTampered);
  EXPECT_TRUE(Says(check.status, "genesis: signature")) << check.status.message();
}

TEST(LogTreeTest, EveryByteOfEveryEntryIsBound) {
  const SyntheticLog log = MakeSyntheticLog({2, 1, 3}, 10);
  const PublicKey root = log.root_key.public_key();
  Genesis genesis;
  std::vector<Seal> seals;
  std::vector<PublicKey> keys;
  ASSERT_TRUE(
      VerifyEncodedKeyChain(root, log.genesis_bytes, log.seal_bytes, &genesis, &seals, &keys).ok());
  for (size_t entry = 0; entry <= log.seal_bytes.size(); ++entry) {
    const std::string& bytes = entry == 0 ? log.genesis_bytes : log.seal_bytes[entry - 1];
    for (size_t at = 0; at < bytes.size(); ++at) {
      std::string genesis_bytes = log.genesis_bytes;
      std::vector<std::string> seal_bytes = log.seal_bytes;
      std::string& target = entry == 0 ? genesis_bytes : seal_bytes[entry - 1];
      target[at] = static_cast<char>(target[at] ^ (1 << (at % 8)));
      EXPECT_FALSE(
          VerifyEncodedKeyChain(root, genesis_bytes, seal_bytes, &genesis, &seals, &keys).ok())
          << "entry " << entry << " byte " << at;
    }
  }
}

TEST(LogTreeTest, CheckpointsOnTheChain) {
  const SyntheticLog log = MakeSyntheticLog(kCounts, 11);
  const ChainCheck check = Check(log);
  ASSERT_TRUE(check.status.ok());
  ChainFault fault;
  for (uint64_t n = 0; n <= log.seals.size(); ++n) {
    const Checkpoint anchor = log.CheckpointAt(n);
    EXPECT_EQ(anchor.records, n == 0 ? 0 : log.seals[n - 1].last_seq);
    const Status status = VerifyCheckpointOnChain(anchor, log.genesis, log.seals, check.keys);
    EXPECT_TRUE(status.ok()) << n << ": " << status.ToString();
  }
  // Signed by the wrong epoch's key.
  Checkpoint wrong_key = log.CheckpointAt(5);
  SignCheckpoint(log.epoch_keys[4], &wrong_key);
  Status status = VerifyCheckpointOnChain(wrong_key, log.genesis, log.seals, check.keys, &fault);
  EXPECT_EQ(fault, ChainFault::kTampered);
  EXPECT_TRUE(Says(status, "checkpoint signature does not verify")) << status.message();
  // Another log's checkpoint.
  const SyntheticLog other = MakeSyntheticLog(kCounts, 11, 2, 0x43);
  VerifyCheckpointOnChain(other.CheckpointAt(5), log.genesis, log.seals, check.keys, &fault);
  EXPECT_EQ(fault, ChainFault::kForeign);
  // The store was cut back below the anchor.
  const std::vector<Seal> cut(log.seals.begin(), log.seals.begin() + 3);
  const std::vector<PublicKey> cut_keys(check.keys.begin(), check.keys.begin() + 4);
  status = VerifyCheckpointOnChain(log.CheckpointAt(4), log.genesis, cut, cut_keys, &fault);
  EXPECT_EQ(fault, ChainFault::kRollback);
  EXPECT_TRUE(Says(status, "covers 4 seals, the chain holds only 3")) << status.message();
  // History rewritten from seal 2 on by whoever holds epoch keys 2..: the
  // chain is valid on its own but no longer extends the anchor.
  SyntheticLog rewritten = log;
  rewritten.seals[2].merkle_root = Blake2b("rewritten");
  Resign(&rewritten, 2, rewritten.epoch_keys[2]);
  for (size_t i = 3; i < rewritten.seals.size(); ++i) {
    rewritten.seals[i].prev_hash = EntryHash(rewritten.seal_bytes[i - 1]);
    Resign(&rewritten, i, rewritten.epoch_keys[i]);
  }
  const ChainCheck rewritten_check = Check(rewritten);
  ASSERT_TRUE(rewritten_check.status.ok()) << rewritten_check.status.ToString();
  status = VerifyCheckpointOnChain(log.CheckpointAt(4), rewritten.genesis, rewritten.seals,
                                   rewritten_check.keys, &fault);
  EXPECT_EQ(fault, ChainFault::kRollback);
  EXPECT_TRUE(Says(status, "no longer extends")) << status.message();
  EXPECT_TRUE(VerifyCheckpointOnChain(log.CheckpointAt(2), rewritten.genesis, rewritten.seals,
                                      rewritten_check.keys)
                  .ok());
}

}  // namespace
}  // namespace sealog::crypto
