// The tamper suite, for indexes: an index that hides a record from queries
// (the lesson of journald's CVE-2023-31437), one that is missing, one that
// belongs to another segment. verify reports each as `index`; queries do not
// trust such an index: they rebuild it from the records and still find
// every record, and say so.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/record.h"
#include "index/index_builder.h"
#include "index/index_file.h"
#include "sealog/query.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"
#include "tests/verify/tamper_util.h"

namespace sealog::tamper {
namespace {

using sealog::testing::TempDir;

constexpr uint64_t kVictimSegment = 3;

class IndexTamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(BuildStore(dir_.Sub("store"), StoreShape(), &store_));
    Result<VerifyReport> report = Verify(store_.dir, {});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_TRUE(report->ok()) << Describe(*report);
  }

  std::string IndexPath(uint64_t number) const {
    return store_.dir + "/" + index::IndexFileName(number);
  }

  // The index of segment `number` as a forger would write it: every section
  // hash and checksum right, but the actor of the record at `hidden` left
  // out, so a query for that actor would not find it.
  std::string ForgedIndex(uint64_t number, uint64_t hidden, std::string* hidden_actor) {
    const std::string bytes = ReadBytes(SegmentPath(store_.dir, number));
    const uint64_t seed = SegmentSeed(store_.log_id, number);
    index::IndexBuilder builder;
    for (const FrameSpan& frame : ListFrames(bytes, store_.log_id, number)) {
      RecordView view;
      size_t size = 0;
      EXPECT_EQ(DecodeFrame(std::string_view(bytes).substr(frame.offset, frame.size), seed, &view,
                            &size),
                FrameState::kOk);
      std::array<std::string_view, kFieldCount> fields = view.fields;
      if (frame.seq == hidden) {
        *hidden_actor = std::string(fields[static_cast<size_t>(Field::kActor)]);
        fields[static_cast<size_t>(Field::kActor)] = {};
      }
      builder.Add(view.time_ns, fields, frame.offset);
    }
    index::IndexIdentity identity;
    identity.log_id = store_.log_id;
    identity.segment_number = number;
    identity.first_seq = store_.segment(number).first_seq;
    return builder.Encode(identity);
  }

  VerifyReport Check() {
    Result<VerifyReport> report = Verify(store_.dir, {});
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport();
  }

  // The seqs a query returns, and the warnings it gave.
  std::vector<uint64_t> Query(const std::string& text, std::vector<std::string>* warnings) {
    Options options;
    options.read_only = true;
    Result<std::unique_ptr<Store>> store = Store::Open(store_.dir, options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    std::vector<uint64_t> seqs;
    if (!store.ok()) return seqs;
    Result<std::unique_ptr<QueryCursor>> cursor = (*store)->Query(text, QueryOptions());
    EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
    if (!cursor.ok()) return seqs;
    while ((*cursor)->Next()) seqs.push_back((*cursor)->record().seq);
    EXPECT_TRUE((*cursor)->status().ok()) << (*cursor)->status().ToString();
    *warnings = (*cursor)->stats().warnings;
    return seqs;
  }

  TempDir dir_;
  BuiltStore store_;
};

TEST_F(IndexTamperTest, ForgeAnIndexEntryToHideARecord) {
  const uint64_t victim = store_.segment(kVictimSegment).first_seq + 7;
  std::string actor;
  WriteBytes(IndexPath(kVictimSegment), ForgedIndex(kVictimSegment, victim, &actor));
  ASSERT_FALSE(actor.empty());

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kIndex)) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kIndex, kVictimSegment));

  std::vector<std::string> warnings;
  const std::vector<uint64_t> found = Query("actor:" + actor, &warnings);
  EXPECT_NE(std::find(found.begin(), found.end(), victim), found.end())
      << "the forged index hid seq " << victim;
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("segment 3"), std::string::npos) << warnings[0];
}

TEST_F(IndexTamperTest, DeleteAnIndexFile) {
  ASSERT_TRUE(std::filesystem::remove(IndexPath(kVictimSegment)));
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kIndex)) << Describe(report);
  const Problem* problem = FindProblem(report, ProblemKind::kIndex, kVictimSegment);
  ASSERT_NE(problem, nullptr);
  EXPECT_NE(problem->message.find("missing"), std::string::npos) << problem->message;

  std::vector<std::string> warnings;
  EXPECT_EQ(Query("*", &warnings).size(), store_.records);
  EXPECT_EQ(warnings.size(), 1u);
}

TEST_F(IndexTamperTest, PutTheIndexOfAnotherSegmentInPlace) {
  WriteBytes(IndexPath(kVictimSegment), ReadBytes(IndexPath(kVictimSegment + 1)));
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kIndex)) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kIndex, kVictimSegment));

  std::vector<std::string> warnings;
  const uint64_t first = store_.segment(kVictimSegment).first_seq;
  const std::vector<uint64_t> found = Query("seq:" + std::to_string(first), &warnings);
  EXPECT_EQ(found, std::vector<uint64_t>{first});
  EXPECT_EQ(warnings.size(), 1u);
}

TEST_F(IndexTamperTest, FlipOneByteOfAnIndexSection) {
  std::string bytes = ReadBytes(IndexPath(kVictimSegment));
  bytes[bytes.size() - 3] ^= 0x20;  // in the last section: the record offsets
  WriteBytes(IndexPath(kVictimSegment), bytes);
  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kIndex)) << Describe(report);
  const Problem* problem = FindProblem(report, ProblemKind::kIndex, kVictimSegment);
  ASSERT_NE(problem, nullptr);
  EXPECT_EQ(problem->offset, bytes.size() - 3) << problem->message;

  std::vector<std::string> warnings;
  EXPECT_EQ(Query("*", &warnings).size(), store_.records);
}

}  // namespace
}  // namespace sealog::tamper
