// Tampering with cold archives (engine/tier/archive_file.h): verify reads
// archived segments as it reads hot ones and names what it finds with the
// same kinds, in the store and in an archive verified on its own (`sealog
// verify FILE.arc`). A damaged block is `corrupt`; an archive rebuilt from
// forged records (every checksum right) is `tampered`; a forged index head
// is `index`; a forged seal inside the archive is `tampered` for the archive
// alone; another log's archive is `foreign`; an archive gone is `missing`.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/seal.h"
#include "crypto/signing_key.h"
#include "engine/io/env.h"
#include "engine/segment.h"
#include "engine/tier/archive_file.h"
#include "sealog/query.h"
#include "sealog/retention.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"
#include "tests/verify/tamper_util.h"

namespace sealog::tamper {
namespace {

using sealog::testing::TempDir;

constexpr int64_t kDayNs = 86'400'000'000'000;
constexpr char kArchive[] = "00000001-00000005.arc";

std::string Seed(char byte) { return std::string(32, byte); }

std::string PublicKeyOf(const std::string& seed_bytes) {
  crypto::Seed seed;
  std::copy(seed_bytes.begin(), seed_bytes.end(), seed.begin());
  const crypto::PublicKey key = crypto::SigningKey::FromSeed(seed).public_key();
  return std::string(reinterpret_cast<const char*>(key.data()), key.size());
}

// Builds a store of 5 sealed segments and moves all of them to one archive.
void BuildColdStore(const std::string& dir, const StoreShape& shape, BuiltStore* built,
                    std::vector<std::string>* hot_bytes) {
  ASSERT_NO_FATAL_FAILURE(BuildStore(dir, shape, built));
  for (uint64_t n = 1; n <= shape.sealed_segments; ++n) {
    hot_bytes->push_back(ReadBytes(SegmentPath(built->dir, n)));
  }
  Result<std::unique_ptr<Store>> store = Store::Open(built->dir, Options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  RetentionOptions options;
  options.now_ns = io::NewPosixEnv()->NowNanos() + 100 * kDayNs;
  Result<RetentionReport> report = (*store)->RunRetention(options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->steps.size(), shape.sealed_segments);
  for (const RetentionStep& step : report->steps) ASSERT_EQ(step.to, Tier::kCold);
}

class ColdTamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shape_.root_key_seed = Seed('k');
    ASSERT_NO_FATAL_FAILURE(BuildColdStore(dir_.Sub("store"), shape_, &store_, &hot_));
    ASSERT_TRUE(std::filesystem::exists(ArchivePath()));
    const VerifyReport clean = Check();
    ASSERT_TRUE(clean.ok()) << Describe(clean);
    ASSERT_EQ(clean.records_verified, 100u);
    const VerifyReport alone = CheckArchive(ArchivePath());
    ASSERT_TRUE(alone.ok()) << Describe(alone);
    ASSERT_EQ(alone.records_verified, 100u);
    ASSERT_FALSE(alone.root_key_from_store);
  }

  std::string ArchivePath() const { return store_.dir + "/" + kArchive; }

  VerifyReport Check() {
    Result<VerifyReport> report = Verify(store_.dir, {});
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport();
  }

  VerifyReport CheckArchive(const std::string& path, const std::string& pubkey = "") {
    VerifyOptions options;
    options.root_public_key = pubkey.empty() ? PublicKeyOf(shape_.root_key_seed) : pubkey;
    Result<VerifyReport> report = VerifyArchive(path, options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport();
  }

  // Rewrites the archive from `segments` (the hot bytes of segments 1..5),
  // keeping its index heads and seals unless `heads` or `seals` replace them.
  void RewriteArchive(const std::vector<std::string>& segments,
                      std::vector<std::string> heads = {}, std::string seals = "") {
    auto env = io::NewPosixEnv();
    std::shared_ptr<tier::ArchiveFile> archive;
    ASSERT_TRUE(tier::OpenArchive(*env, ArchivePath(), &archive).ok());
    if (heads.empty()) {
      heads.resize(segments.size());
      for (size_t i = 0; i < segments.size(); ++i) {
        ASSERT_TRUE(archive->ReadIndexHead(i, &heads[i]).ok());
      }
    }
    if (seals.empty()) {
      ASSERT_TRUE(archive->ReadSeals(&seals).ok());
    }
    TempDir scratch;
    std::vector<tier::ArchiveSource> sources;
    for (size_t i = 0; i < segments.size(); ++i) {
      const tier::ArchivedSegment& segment = archive->segments()[i];
      const std::string path = scratch.Sub(SegmentFileName(segment.number));
      WriteBytes(path, segments[i]);
      std::unique_ptr<io::ReadableFile> file;
      ASSERT_TRUE(env->NewReadableFile(path, &file).ok());
      tier::ArchiveSource source;
      source.number = segment.number;
      source.first_seq = segment.first_seq;
      source.record_count = segment.record_count;
      source.bytes = std::move(file);
      source.size = segments[i].size();
      source.index_head = heads[i];
      sources.push_back(std::move(source));
    }
    tier::ArchiveStats stats;
    ASSERT_TRUE(tier::WriteArchive(*env, scratch.path(), store_.log_id, sources, seals, 12, &stats)
                    .ok());
    WriteBytes(ArchivePath(), ReadBytes(scratch.Sub(kArchive)));
  }

  TempDir dir_;
  StoreShape shape_;
  BuiltStore store_;
  std::vector<std::string> hot_;
};

TEST_F(ColdTamperTest, DamagedBlockIsCorrupt) {
  std::string archive = ReadBytes(ArchivePath());
  archive[48 + 30] ^= 0x20;  // inside the first block, segment 1's
  WriteBytes(ArchivePath(), archive);
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kCorrupt)) << Describe(report);
  const Problem* problem = FindProblem(report, ProblemKind::kCorrupt, 1);
  ASSERT_NE(problem, nullptr) << Describe(report);
  EXPECT_EQ(problem->file, kArchive);
  EXPECT_NE(problem->message.find("block"), std::string::npos) << problem->message;
  EXPECT_EQ(report.segments_sealed, 4u);
  const VerifyReport alone = CheckArchive(ArchivePath());
  EXPECT_TRUE(NamesSegment(alone, ProblemKind::kCorrupt, 1)) << Describe(alone);
}

TEST_F(ColdTamperTest, ArchiveOfForgedRecordsIsTampered) {
  std::vector<std::string> forged = hot_;
  const std::vector<FrameSpan> frames = ListFrames(forged[1], store_.log_id, 2);
  forged[1][PadByteOffset(frames[4])] = 'y';
  FixChecksum(&forged[1], frames[4].offset, store_.log_id, 2);
  ASSERT_NO_FATAL_FAILURE(RewriteArchive(forged));
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kTampered)) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kTampered, 2)) << Describe(report);
  EXPECT_EQ(report.records_verified, 80u);
  const VerifyReport alone = CheckArchive(ArchivePath());
  EXPECT_TRUE(OnlyKind(alone, ProblemKind::kTampered)) << Describe(alone);
  EXPECT_TRUE(NamesSegment(alone, ProblemKind::kTampered, 2)) << Describe(alone);
}

TEST_F(ColdTamperTest, ForgedIndexHeadIsIndexAndQueriesStillFindEverything) {
  auto env = io::NewPosixEnv();
  std::shared_ptr<tier::ArchiveFile> archive;
  ASSERT_TRUE(tier::OpenArchive(*env, ArchivePath(), &archive).ok());
  std::vector<std::string> heads(5);
  for (size_t i = 0; i < 5; ++i) ASSERT_TRUE(archive->ReadIndexHead(i, &heads[i]).ok());
  archive.reset();
  // An empty Bloom filter would hide every actor of segment 3 from queries
  // that trust it; flip a bit in the middle of the head instead.
  heads[2][heads[2].size() / 2] ^= 0x01;
  ASSERT_NO_FATAL_FAILURE(RewriteArchive(hot_, heads));
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kIndex)) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kIndex, 3)) << Describe(report);
  const VerifyReport alone = CheckArchive(ArchivePath());
  EXPECT_TRUE(NamesSegment(alone, ProblemKind::kIndex, 3)) << Describe(alone);

  // A query never trusts a head that is not the sealed one.
  Result<std::unique_ptr<Store>> store = Store::Open(store_.dir, Options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Result<std::unique_ptr<QueryCursor>> cursor = (*store)->Query("*", QueryOptions());
  ASSERT_TRUE(cursor.ok());
  uint64_t n = 0;
  while ((*cursor)->Next()) ++n;
  EXPECT_TRUE((*cursor)->status().ok()) << (*cursor)->status().ToString();
  EXPECT_EQ(n, store_.records);
}

TEST_F(ColdTamperTest, ForgedSealInsideTheArchiveIsTamperedWhenVerifiedAlone) {
  auto env = io::NewPosixEnv();
  std::shared_ptr<tier::ArchiveFile> archive;
  ASSERT_TRUE(tier::OpenArchive(*env, ArchivePath(), &archive).ok());
  std::string seals;
  ASSERT_TRUE(archive->ReadSeals(&seals).ok());
  archive.reset();
  // The third entry is segment 2's seal; its Merkle root lies past the fixed
  // fields, well inside the entry: any byte before the signature is signed.
  seals[crypto::kGenesisSize + crypto::kSealSize + 100] ^= 0x01;
  ASSERT_NO_FATAL_FAILURE(RewriteArchive(hot_, {}, seals));
  const VerifyReport alone = CheckArchive(ArchivePath());
  EXPECT_FALSE(alone.ok());
  EXPECT_NE(FindProblem(alone, ProblemKind::kTampered, 2), nullptr) << Describe(alone);
  // The store's own chain is whole, so the store verifies.
  const VerifyReport store = Check();
  EXPECT_TRUE(store.ok()) << Describe(store);
}

TEST_F(ColdTamperTest, AnotherLogsArchiveIsForeignAndAGoneOneMissing) {
  StoreShape other_shape;
  other_shape.first_n = 1000;
  BuiltStore other;
  std::vector<std::string> other_hot;
  ASSERT_NO_FATAL_FAILURE(BuildColdStore(dir_.Sub("other"), other_shape, &other, &other_hot));
  const std::string theirs = ReadBytes(other.dir + "/" + kArchive);

  WriteBytes(ArchivePath(), theirs);
  const VerifyReport foreign = Check();
  EXPECT_TRUE(OnlyKind(foreign, ProblemKind::kForeign)) << Describe(foreign);
  EXPECT_TRUE(NamesSegment(foreign, ProblemKind::kForeign, 1)) << Describe(foreign);
  // On its own it verifies under its own root key, never under ours.
  const VerifyReport alone = CheckArchive(ArchivePath());
  EXPECT_TRUE(OnlyKind(alone, ProblemKind::kForeign)) << Describe(alone);

  std::filesystem::remove(ArchivePath());
  const VerifyReport missing = Check();
  EXPECT_TRUE(OnlyKind(missing, ProblemKind::kMissing)) << Describe(missing);
  for (uint64_t n = 1; n <= 5; ++n) {
    EXPECT_TRUE(NamesSegment(missing, ProblemKind::kMissing, n)) << Describe(missing);
  }
}

TEST_F(ColdTamperTest, ACopiedArchiveVerifiesAnywhereAndAnUnreadableOneIsReported) {
  TempDir elsewhere;
  const std::string copy = elsewhere.Sub("audit-2026-q1.arc");
  WriteBytes(copy, ReadBytes(ArchivePath()));
  const VerifyReport report = CheckArchive(copy);
  EXPECT_TRUE(report.ok()) << Describe(report);
  EXPECT_EQ(report.segments_sealed, 5u);
  EXPECT_EQ(report.records_verified, 100u);
  EXPECT_EQ(report.epochs, 6u);

  WriteBytes(copy, ReadBytes(ArchivePath()).substr(0, 1000));
  const VerifyReport truncated = CheckArchive(copy);
  EXPECT_TRUE(OnlyKind(truncated, ProblemKind::kCorrupt)) << Describe(truncated);

  VerifyOptions options;
  options.anchor_json = "{}";
  EXPECT_EQ(VerifyArchive(ArchivePath(), options).status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(VerifyArchive(elsewhere.Sub("nope.arc"), {}).status().IsNotFound());
}

}  // namespace
}  // namespace sealog::tamper
