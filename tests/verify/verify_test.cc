// Verify on clean stores: no false positives, and unsealed records are
// counted, never called verified.
#include "sealog/verify.h"

#include <gtest/gtest.h>

#include "crypto/signing_key.h"
#include "sealog/store.h"
#include "tests/engine/test_util.h"

namespace sealog {
namespace {

using testing::TempDir;
using testing::TestEvent;

void Fill(const std::string& dir, uint64_t first, uint64_t last, bool roll,
          const std::string& root_seed = "") {
  Options options;
  options.create_if_missing = true;
  options.segment_size_max = 8 << 10;
  options.root_key_seed = root_seed;
  auto store = std::move(Store::Open(dir, options)).value();
  for (uint64_t n = first; n <= last; ++n) {
    TestEvent e(n, 50);
    ASSERT_TRUE(store->AppendAsync(e.event).ok());
  }
  if (roll) {
    ASSERT_TRUE(store->Roll().ok());
  } else {
    ASSERT_TRUE(store->Flush().ok());
  }
}

std::string Describe(const VerifyReport& report) {
  std::string text;
  for (const Problem& p : report.problems) {
    text += std::string(ProblemKindName(p.kind)) + " " + p.file + " seg " +
            std::to_string(p.segment) + " seq " + std::to_string(p.seq) + ": " + p.message + "\n";
  }
  return text;
}

TEST(VerifyTest, CleanSealedStoreVerifies) {
  TempDir dir;
  Fill(dir.path(), 1, 500, /*roll=*/true);
  Result<VerifyReport> report = Verify(dir.path(), VerifyOptions());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << Describe(*report);
  EXPECT_EQ(report->records_verified, 500u);
  EXPECT_EQ(report->records_unsealed, 0u);
  EXPECT_GT(report->segments_sealed, 3u);
  EXPECT_TRUE(report->root_key_from_store);
}

TEST(VerifyTest, UnsealedRecordsAreCountedNotVerified) {
  TempDir dir;
  Fill(dir.path(), 1, 100, /*roll=*/true);
  Fill(dir.path(), 101, 130, /*roll=*/false);
  Result<VerifyReport> report = Verify(dir.path(), VerifyOptions());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << Describe(*report);
  EXPECT_EQ(report->records_verified, 100u);
  EXPECT_EQ(report->records_unsealed, 30u);
}

TEST(VerifyTest, GivenRootKeyMustBeTheLogsRoot) {
  TempDir dir;
  const std::string seed(32, '\x21');
  Fill(dir.path(), 1, 50, true, seed);
  crypto::Seed bytes;
  bytes.fill(0x21);
  const crypto::PublicKey root = crypto::SigningKey::FromSeed(bytes).public_key();
  VerifyOptions options;
  options.root_public_key.assign(reinterpret_cast<const char*>(root.data()), root.size());
  Result<VerifyReport> good = Verify(dir.path(), options);
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(good->ok()) << Describe(*good);
  EXPECT_FALSE(good->root_key_from_store);

  bytes.fill(0x22);
  const crypto::PublicKey other = crypto::SigningKey::FromSeed(bytes).public_key();
  options.root_public_key.assign(reinterpret_cast<const char*>(other.data()), other.size());
  Result<VerifyReport> bad = Verify(dir.path(), options);
  ASSERT_TRUE(bad.ok());
  ASSERT_FALSE(bad->ok());
  EXPECT_EQ(bad->problems[0].kind, ProblemKind::kForeign) << Describe(*bad);
}

TEST(VerifyTest, NoStoreIsAnErrorNotAReport) {
  TempDir dir;
  EXPECT_TRUE(Verify(dir.Sub("none"), VerifyOptions()).status().IsNotFound());
}

}  // namespace
}  // namespace sealog
