// Tampering with warm segment files (engine/tier/warm_file.h): verify reads
// them as it reads hot segments and names what it finds with the same kinds.
// A damaged compressed frame is `corrupt`; a warm file rebuilt from forged
// records (every checksum right, frames and table consistent) is `tampered`;
// warm files swapped are `reordered`; a warm file gone is `missing`; a
// damaged dictionary is `corrupt`.
// Retention refuses to adopt a copy that does not match its seal.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "engine/coding.h"
#include "engine/io/env.h"
#include "engine/segment.h"
#include "engine/tier/warm_file.h"
#include "sealog/retention.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"
#include "tests/verify/tamper_util.h"

namespace sealog::tamper {
namespace {

using sealog::testing::TempDir;

constexpr int64_t kDayNs = 86'400'000'000'000;

class WarmTamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(BuildStore(dir_.Sub("store"), StoreShape(), &store_));
    // The hot bytes of segment 2, for forging, before retention moves it.
    hot2_ = ReadBytes(SegmentPath(store_.dir, 2));
    Result<std::unique_ptr<Store>> store = Store::Open(store_.dir, Options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    RetentionOptions options;
    options.now_ns = io::NewPosixEnv()->NowNanos() + 8 * kDayNs;
    Result<RetentionReport> report = (*store)->RunRetention(options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_EQ(report->steps.size(), 5u);
    store->reset();
    Result<VerifyReport> clean = Verify(store_.dir, {});
    ASSERT_TRUE(clean.ok() && clean->ok()) << (clean.ok() ? Describe(*clean) : "");
    ASSERT_EQ(clean->records_verified, 100u);
  }

  std::string WarmPath(uint64_t number) {
    return store_.dir + "/" + tier::WarmFileName(number);
  }

  VerifyReport Check() {
    Result<VerifyReport> report = Verify(store_.dir, {});
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport();
  }

  // Compresses `segment_bytes` as segment 2's warm file, as retention would.
  void PlaceWarmCopyOf(const std::string& segment_bytes) {
    TempDir scratch;
    WriteBytes(scratch.Sub(SegmentFileName(2)), segment_bytes);
    uint64_t stored = 0;
    ASSERT_TRUE(tier::WriteWarmFile(*io::NewPosixEnv(), scratch.path(), 2, 3, &stored).ok());
    WriteBytes(WarmPath(2), ReadBytes(scratch.Sub(tier::WarmFileName(2))));
  }

  TempDir dir_;
  BuiltStore store_;
  std::string hot2_;
};

TEST_F(WarmTamperTest, DamagedFrameIsCorrupt) {
  std::string warm = ReadBytes(WarmPath(3));
  // The frames start after the 72-byte header and the dictionary.
  const uint32_t dictionary_bytes = DecodeFixed32(warm.data() + 56);
  warm[72 + dictionary_bytes + 20] ^= 0x40;  // inside the first zstd frame
  WriteBytes(WarmPath(3), warm);
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kCorrupt)) << Describe(report);
  const Problem* problem = FindProblem(report, ProblemKind::kCorrupt, 3);
  ASSERT_NE(problem, nullptr) << Describe(report);
  EXPECT_EQ(problem->file, tier::WarmFileName(3));
  EXPECT_NE(problem->message.find("frame 0"), std::string::npos) << problem->message;
}

TEST_F(WarmTamperTest, DamagedTableOrTruncationIsCorrupt) {
  std::string warm = ReadBytes(WarmPath(4));
  warm[warm.size() - 20] ^= 0x01;  // in the frame table
  WriteBytes(WarmPath(4), warm);
  std::string short_warm = ReadBytes(WarmPath(5));
  WriteBytes(WarmPath(5), short_warm.substr(0, short_warm.size() / 2));
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kCorrupt)) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kCorrupt, 4)) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kCorrupt, 5)) << Describe(report);
}

TEST_F(WarmTamperTest, ForgedRecordsRecompressedAreTampered) {
  std::string forged = hot2_;
  const std::vector<FrameSpan> frames = ListFrames(forged, store_.log_id, 2);
  ASSERT_EQ(frames.size(), 20u);
  forged[PadByteOffset(frames[7])] = 'y';
  FixChecksum(&forged, frames[7].offset, store_.log_id, 2);
  ASSERT_NO_FATAL_FAILURE(PlaceWarmCopyOf(forged));
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kTampered)) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kTampered, 2)) << Describe(report);
  // The same forgery, put back as a hot file beside it, reads first and is caught too.
  WriteBytes(SegmentPath(store_.dir, 2), forged);
  EXPECT_TRUE(NamesSegment(Check(), ProblemKind::kTampered, 2));
}

// Warm files swapped by renaming: each is intact, but the segment inside
// names the other place, as with hot segments swapped (tamper_test.cc).
TEST_F(WarmTamperTest, SwappedWarmFilesAreReordered) {
  const std::string two = WarmPath(2), three = WarmPath(3);
  std::filesystem::rename(two, two + ".swap");
  std::filesystem::rename(three, two);
  std::filesystem::rename(two + ".swap", three);
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kReordered)) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kReordered, 2)) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kReordered, 3)) << Describe(report);
}

TEST_F(WarmTamperTest, RemovedWarmFileIsMissing) {
  std::filesystem::remove(WarmPath(2));
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kMissing)) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kMissing, 2)) << Describe(report);
}

// Segments large enough for their frames to share a zstd dictionary: they
// verify clean, and a changed dictionary byte is `corrupt`, named as such,
// before any frame is decoded with it.
TEST(WarmDictionaryTest, DamagedDictionaryIsCorrupt) {
  TempDir dir;
  const std::string store_dir = dir.Sub("store");
  {
    Options options;
    options.create_if_missing = true;
    options.segment_age_max_ms = 0;
    Result<std::unique_ptr<Store>> store = Store::Open(store_dir, options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    // Events with long fields from a small vocabulary, as real ones have:
    // what a dictionary learns and a single 16 KiB frame cannot.
    static const char* const kAgents[] = {
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0",
        "aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0-17-amd64 exe/x86_64.debian.12 prompt/off",
        "Boto3/1.34.2 md/Botocore#1.34.2 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11"};
    for (uint64_t n = 0; n < 4000; ++n) {
      const std::string actor = "user" + std::to_string(n * 7919 % 40);
      const std::string resource =
          "arn:aws:s3:::payroll-" + std::to_string(n % 20) + "/" + std::to_string(n * 104729 % 99991);
      const std::string raw = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\","
                              "\"userName\":\"" + actor + "\"},\"userAgent\":\"" + kAgents[n % 3] +
                              "\",\"resource\":\"" + resource + "\"}";
      Event event;
      event.raw = raw;
      event.time_ns = 1'767'225'600'000'000'000 + static_cast<int64_t>(n);
      event.set_field(Field::kActor, actor);
      event.set_field(Field::kResource, resource);
      ASSERT_TRUE((*store)->AppendAsync(event).ok());
      if (n == 1999) {
        ASSERT_TRUE((*store)->Roll().ok());
      }
    }
    ASSERT_TRUE((*store)->Roll().ok());
    RetentionOptions retention;
    retention.now_ns = io::NewPosixEnv()->NowNanos() + 8 * kDayNs;
    Result<RetentionReport> report = (*store)->RunRetention(retention);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_EQ(report->steps.size(), 2u);
  }
  Result<VerifyReport> clean = Verify(store_dir, {});
  ASSERT_TRUE(clean.ok() && clean->ok()) << (clean.ok() ? Describe(*clean) : "");
  EXPECT_EQ(clean->records_verified, 4000u);

  const std::string path = store_dir + "/" + tier::WarmFileName(2);
  std::string warm = ReadBytes(path);
  const uint32_t dictionary_bytes = DecodeFixed32(warm.data() + 56);
  ASSERT_GT(dictionary_bytes, 0u) << "a segment of 2000 events trains a dictionary";
  warm[72 + dictionary_bytes / 2] ^= 0x08;
  WriteBytes(path, warm);
  Result<VerifyReport> report = Verify(store_dir, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(OnlyKind(*report, ProblemKind::kCorrupt)) << Describe(*report);
  const Problem* problem = FindProblem(*report, ProblemKind::kCorrupt, 2);
  ASSERT_NE(problem, nullptr) << Describe(*report);
  EXPECT_NE(problem->message.find("dictionary checksum mismatch at offset 72"), std::string::npos)
      << problem->message;
}

// Retention checks a copy against the seal before anything depends on it: a
// hot segment forged after sealing never becomes a warm one.
TEST(WarmRetentionTest, ACopyThatDoesNotMatchItsSealIsNotAdopted) {
  TempDir dir;
  BuiltStore built;
  ASSERT_NO_FATAL_FAILURE(BuildStore(dir.Sub("store"), StoreShape(), &built));
  std::string forged = ReadBytes(SegmentPath(built.dir, 1));
  const std::vector<FrameSpan> frames = ListFrames(forged, built.log_id, 1);
  forged[PadByteOffset(frames[3])] = 'y';
  FixChecksum(&forged, frames[3].offset, built.log_id, 1);
  WriteBytes(SegmentPath(built.dir, 1), forged);
  Result<std::unique_ptr<Store>> store = Store::Open(built.dir, Options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  RetentionOptions options;
  options.now_ns = io::NewPosixEnv()->NowNanos() + 8 * kDayNs;
  Result<RetentionReport> report = (*store)->RunRetention(options);
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(report.status().IsCorruption());
  EXPECT_NE(report.status().message().find("does not hold the records its seal signed"),
            std::string::npos)
      << report.status().message();
  EXPECT_TRUE(std::filesystem::exists(SegmentPath(built.dir, 1)));
  EXPECT_FALSE(std::filesystem::exists(built.dir + "/" + tier::WarmFileName(1)));
  EXPECT_EQ((*store)->Stats().segments[0].tier, Tier::kHot);
}

}  // namespace
}  // namespace sealog::tamper
