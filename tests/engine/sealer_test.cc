// Sealing through the Store: every closed segment gets one seal, chained,
// signed by the key of its epoch; the key rotates and the old one is gone.
#include "engine/sealer.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "crypto/merkle.h"
#include "crypto/seal.h"
#include "engine/epoch_key_file.h"
#include "engine/io/env.h"
#include "engine/seal_log.h"
#include "engine/segment_reader.h"
#include "sealog/store.h"
#include "tests/engine/test_util.h"

namespace sealog {
namespace {

using testing::TempDir;
using testing::TestEvent;

struct Chain {
  crypto::Genesis genesis;
  std::vector<crypto::Seal> seals;
};

Chain ReadChain(const std::string& dir, const std::string& log_id) {
  auto env = io::NewPosixEnv();
  std::unique_ptr<SealLog> log;
  uint64_t torn = 0;
  Chain chain;
  EXPECT_TRUE(SealLog::Open(*env, dir, log_id, true, &log, &torn).ok());
  EXPECT_TRUE(crypto::DecodeGenesis(log->entries()[0], &chain.genesis).ok());
  for (size_t i = 1; i < log->entries().size(); ++i) {
    crypto::Seal seal;
    EXPECT_TRUE(crypto::DecodeSeal(log->entries()[i], &seal).ok());
    chain.seals.push_back(seal);
  }
  return chain;
}

std::string RawLogId(const std::string& dir) {
  std::string bytes = testing::ReadFile(dir + "/MANIFEST");
  return bytes.substr(24, 16);
}

crypto::Hash SegmentRoot(const std::string& dir, uint64_t number, const std::string& log_id) {
  auto env = io::NewPosixEnv();
  std::unique_ptr<SegmentReader> reader;
  EXPECT_TRUE(SegmentReader::Open(*env, dir, number, log_id, &reader).ok());
  std::vector<crypto::Hash> leaves;
  RecordView view;
  while (reader->Next(&view) == SegmentReader::Step::kRecord) {
    leaves.push_back(crypto::RecordLeafHash(view.seq, view.body));
  }
  return crypto::MerkleRoot(leaves);
}

TEST(SealerTest, EveryClosedSegmentHasOneChainedSignedSeal) {
  TempDir dir;
  Options options;
  options.create_if_missing = true;
  options.segment_size_max = 8 << 10;
  {
    auto store = std::move(Store::Open(dir.path(), options)).value();
    EXPECT_TRUE(store->recovery().created);
    EXPECT_TRUE(store->recovery().root_key_generated);
    for (uint64_t n = 1; n <= 400; ++n) {
      TestEvent e(n, 60);
      ASSERT_TRUE(store->AppendAsync(e.event).ok());
    }
    ASSERT_TRUE(store->Roll().ok());
  }
  const std::string log_id = RawLogId(dir.path());
  const Chain chain = ReadChain(dir.path(), log_id);
  ASSERT_GT(chain.seals.size(), 3u);

  auto env = io::NewPosixEnv();
  std::string root_pub;
  ASSERT_TRUE(io::ReadFileToString(*env, dir.Sub("root.pub"), &root_pub).ok());
  EXPECT_EQ(*crypto::DecodePublicKeyFile(root_pub, "root.pub"), chain.genesis.root_key);
  EXPECT_TRUE(crypto::GenesisSignatureValid(chain.genesis));

  crypto::PublicKey epoch_key = chain.genesis.epoch0_key;
  crypto::Hash prev = crypto::EntryHash(crypto::EncodeGenesis(chain.genesis));
  uint64_t next_seq = 1;
  for (size_t i = 0; i < chain.seals.size(); ++i) {
    const crypto::Seal& seal = chain.seals[i];
    EXPECT_EQ(seal.segment_number, i + 1);
    EXPECT_EQ(seal.epoch, i);
    EXPECT_EQ(seal.first_seq, next_seq);
    EXPECT_EQ(seal.record_count, seal.last_seq - seal.first_seq + 1);
    EXPECT_EQ(seal.prev_hash, prev);
    EXPECT_TRUE(crypto::SealSignatureValid(seal, epoch_key)) << i;
    EXPECT_EQ(seal.merkle_root, SegmentRoot(dir.path(), seal.segment_number, log_id)) << i;
    EXPECT_LE(seal.min_time_ns, seal.max_time_ns);
    next_seq = seal.last_seq + 1;
    prev = crypto::EntryHash(crypto::EncodeSeal(seal));
    epoch_key = seal.next_key;
  }
  EXPECT_EQ(next_seq, 401u);

  // Only the current epoch's secret is in the store, and it is the one the chain names.
  Result<EpochKey> current = LoadEpochKey(*env, dir.path(), log_id);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->epoch, chain.seals.size());
  EXPECT_EQ(current->key.public_key(), epoch_key);
  EXPECT_EQ(std::filesystem::status(dir.Sub("EPOCH_KEY")).permissions() &
                std::filesystem::perms::group_read,
            std::filesystem::perms::none);
}

TEST(SealerTest, GivenRootKeyIsUsedAndNotStored) {
  TempDir dir;
  Options options;
  options.create_if_missing = true;
  options.root_key_seed = std::string(32, '\x11');
  auto store = std::move(Store::Open(dir.path(), options)).value();
  EXPECT_FALSE(store->recovery().root_key_generated);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("root.key")));
  crypto::Seed seed;
  seed.fill(0x11);
  const Chain chain = ReadChain(dir.path(), RawLogId(dir.path()));
  EXPECT_EQ(chain.genesis.root_key, crypto::SigningKey::FromSeed(seed).public_key());
}

TEST(SealerTest, ReopenDoesNotSealTwice) {
  TempDir dir;
  Options options;
  options.create_if_missing = true;
  for (int round = 0; round < 3; ++round) {
    auto store = std::move(Store::Open(dir.path(), options)).value();
    TestEvent e(round + 1);
    ASSERT_TRUE(store->Append(e.event).ok());
    ASSERT_TRUE(store->Roll().ok());
  }
  const Chain chain = ReadChain(dir.path(), RawLogId(dir.path()));
  ASSERT_EQ(chain.seals.size(), 3u);
  EXPECT_EQ(chain.seals[2].segment_number, 3u);
}

TEST(SealerTest, UnfinishedKeyRotationIsFinishedOnOpen) {
  TempDir dir;
  Options options;
  options.create_if_missing = true;
  std::string old_key_file;
  {
    auto store = std::move(Store::Open(dir.path(), options)).value();
    old_key_file = testing::ReadFile(dir.Sub("EPOCH_KEY"));
    TestEvent e(1);
    ASSERT_TRUE(store->Append(e.event).ok());
    ASSERT_TRUE(store->Roll().ok());
  }
  // As if the crash came after the seal was synced, before the key rotated.
  testing::WriteFile(dir.Sub("EPOCH_KEY"), old_key_file);
  {
    auto store = std::move(Store::Open(dir.path(), options)).value();
    TestEvent e(2);
    ASSERT_TRUE(store->Append(e.event).ok());
    ASSERT_TRUE(store->Roll().ok());
  }
  const Chain chain = ReadChain(dir.path(), RawLogId(dir.path()));
  ASSERT_EQ(chain.seals.size(), 2u);
  EXPECT_TRUE(crypto::SealSignatureValid(chain.seals[1], chain.seals[0].next_key));
}

TEST(SealerTest, EpochKeyNotCertifiedByTheChainIsRefused) {
  TempDir dir;
  Options options;
  options.create_if_missing = true;
  std::string first_key_file;
  {
    auto store = std::move(Store::Open(dir.path(), options)).value();
    first_key_file = testing::ReadFile(dir.Sub("EPOCH_KEY"));
    for (int i = 1; i <= 2; ++i) {
      TestEvent e(i);
      ASSERT_TRUE(store->Append(e.event).ok());
      ASSERT_TRUE(store->Roll().ok());
    }
  }
  testing::WriteFile(dir.Sub("EPOCH_KEY"), first_key_file);  // two epochs behind
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), options);
  ASSERT_TRUE(store.status().IsCorruption()) << store.status().ToString();
  EXPECT_NE(store.status().message().find("epoch"), std::string::npos);
}


// The epoch key file of another store, or a damaged one: the store does
// not open (it could not seal), and the message names the file and why.
TEST(SealerTest, ForeignOrDamagedEpochKeyIsRefused) {
  TempDir a, b;
  Options options;
  options.create_if_missing = true;
  { auto store = std::move(Store::Open(a.path(), options)).value(); }
  { auto store = std::move(Store::Open(b.path(), options)).value(); }
  const std::string path = a.Sub("EPOCH_KEY");
  const std::string own = testing::ReadFile(path);
  const auto open_message = [&] {
    Result<std::unique_ptr<Store>> store = Store::Open(a.path(), options);
    EXPECT_TRUE(store.status().IsCorruption()) << store.status().ToString();
    return store.status().message();
  };
  testing::WriteFile(path, testing::ReadFile(b.Sub("EPOCH_KEY")));
  EXPECT_EQ(open_message(), path + ": the epoch key belongs to another log");
  std::string flipped = own;
  flipped[flipped.size() / 2] ^= 0x01;
  testing::WriteFile(path, flipped);
  EXPECT_EQ(open_message(), path + ": damaged epoch key file");
  testing::WriteFile(path, own.substr(0, own.size() - 1));
  EXPECT_EQ(open_message(), path + ": damaged epoch key file");
  testing::WriteFile(path, own);
  EXPECT_TRUE(Store::Open(a.path(), options).ok());
}

// A MANIFEST older than the seal chain (restored from a backup): SEALS
// already seals the segment the MANIFEST calls active. Refused, not sealed
// again under another key.
TEST(SealerTest, ManifestOlderThanTheSealChainIsRefused) {
  TempDir dir;
  Options options;
  options.create_if_missing = true;
  std::string old_manifest;
  {
    auto store = std::move(Store::Open(dir.path(), options)).value();
    TestEvent e(1);
    ASSERT_TRUE(store->Append(e.event).ok());
    old_manifest = testing::ReadFile(dir.Sub("MANIFEST"));
    ASSERT_TRUE(store->Roll().ok());
  }
  const std::string seals = testing::ReadFile(dir.Sub("SEALS"));
  testing::WriteFile(dir.Sub("MANIFEST"), old_manifest);
  Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), options);
  ASSERT_TRUE(store.status().IsCorruption()) << store.status().ToString();
  EXPECT_EQ(store.status().message(),
            dir.Sub("SEALS") + ": seals segment 1, which the MANIFEST does not list as closed");
  EXPECT_EQ(testing::ReadFile(dir.Sub("SEALS")), seals);
}
}  // namespace
}  // namespace sealog
