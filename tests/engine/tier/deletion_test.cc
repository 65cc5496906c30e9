// Deletion and legal holds through the Store API: segments past
// delete_after go, a signed receipt in the log names them, verify calls them
// `expired`; what a hold covers stays; the log itself tells which holds are
// in force, and only the store's own events count.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "crypto/seal.h"
#include "crypto/text_codec.h"
#include "engine/io/env.h"
#include "engine/manifest.h"
#include "engine/seal_log.h"
#include "engine/segment.h"
#include "engine/system_events.h"
#include "engine/tier/archive_file.h"
#include "engine/tier/warm_file.h"
#include "index/index_format.h"
#include "sealog/query.h"
#include "sealog/retention.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"
#include "tests/engine/tier/tier_test_util.h"

namespace sealog {
namespace {

using testing::AppendRange;
using testing::kDayNs;
using testing::kEventPad;
using testing::Now;
using testing::OpenOrDie;
using testing::TempDir;
using testing::TestEvent;

Options StoreOptions() {
  return testing::TierStoreOptions(
      "warm_after = \"7d\"\ncold_after = \"90d\"\ndelete_after = \"1y\"\n");
}

RetentionOptions At(int64_t days) {
  RetentionOptions options;
  options.now_ns = Now() + days * kDayNs;
  return options;
}

std::vector<uint64_t> ScanSeqs(Store& store) {
  std::vector<uint64_t> seqs;
  std::unique_ptr<Iterator> it = store.Scan(1, UINT64_MAX);
  while (it->Next()) seqs.push_back(it->record().seq);
  EXPECT_TRUE(it->status().ok()) << it->status().ToString();
  return seqs;
}

std::vector<Record> QueryRecords(Store& store, const std::string& text) {
  std::vector<Record> records;
  Result<std::unique_ptr<QueryCursor>> cursor = store.Query(text, QueryOptions());
  EXPECT_TRUE(cursor.ok()) << cursor.status().ToString();
  if (!cursor.ok()) return records;
  while ((*cursor)->Next()) records.push_back((*cursor)->record());
  EXPECT_TRUE((*cursor)->status().ok()) << (*cursor)->status().ToString();
  return records;
}

VerifyReport VerifyOrDie(const std::string& path) {
  Result<VerifyReport> report = Verify(path, VerifyOptions());
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  return report.ok() ? *report : VerifyReport();
}

std::string Describe(const VerifyReport& report) {
  std::string out;
  for (const Problem& p : report.problems) {
    out += std::string(ProblemKindName(p.kind)) + " segment " + std::to_string(p.segment) + " " +
           p.file + ": " + p.message + "\n";
  }
  return out;
}

size_t CountKind(const VerifyReport& report, ProblemKind kind) {
  size_t n = 0;
  for (const Problem& p : report.problems) n += p.kind == kind ? 1 : 0;
  return n;
}

// A closed segment's tier by number.
Tier TierOf(Store& store, uint64_t number) {
  for (const SegmentInfo& s : store.Stats().segments) {
    if (s.number == number) return s.tier;
  }
  return Tier::kHot;
}

TEST(DeletionTest, SegmentsPastDeleteAfterGoWithAReceiptAndVerifySaysExpired) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), StoreOptions());
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 300));
  ASSERT_TRUE(store->Roll().ok());
  const size_t closed = store->Stats().segments.size() - 1;
  ASSERT_GT(closed, 3u);
  // Half of them cold first: archives are deleted whole, as hot files are.
  RetentionOptions options = At(100);
  ASSERT_TRUE(store->RunRetention(options).ok());
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 301, 400));
  ASSERT_TRUE(store->Roll().ok());
  const size_t all_closed = store->Stats().segments.size() - 1;
  const uint64_t seals_before = std::filesystem::file_size(dir.Sub("SEALS"));

  Result<RetentionReport> planned = store->RunRetention([] {
    RetentionOptions dry = At(400);
    dry.dry_run = true;
    return dry;
  }());
  ASSERT_TRUE(planned.ok()) << planned.status().ToString();
  ASSERT_EQ(planned->steps.size(), all_closed);
  for (const RetentionStep& step : planned->steps) EXPECT_EQ(step.to, Tier::kExpired);
  EXPECT_TRUE(std::filesystem::exists(dir.Sub(SegmentFileName(all_closed))));

  Result<RetentionReport> done = store->RunRetention(At(400));
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  ASSERT_EQ(done->steps.size(), all_closed);
  for (uint64_t n = 1; n <= all_closed; ++n) {
    EXPECT_EQ(TierOf(*store, n), Tier::kExpired) << n;
    for (const std::string& name :
         {SegmentFileName(n), tier::WarmFileName(n), index::IndexFileName(n)}) {
      EXPECT_FALSE(std::filesystem::exists(dir.Sub(name))) << name;
    }
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_FALSE(tier::ParseArchiveFileName(entry.path().filename().string()))
        << entry.path() << " should be gone with its segments";
  }
  EXPECT_GT(std::filesystem::file_size(dir.Sub("SEALS")), seals_before) << "seals are kept";

  // Nothing of them is readable; the receipt is, flagged as the store's own.
  const std::vector<Record> receipts = QueryRecords(*store, "action:sealog.retention.delete");
  ASSERT_EQ(receipts.size(), 1u);
  const Record& receipt = receipts[0];
  EXPECT_TRUE(receipt.system);
  EXPECT_EQ(receipt.field(Field::kActor), "sealog");
  DeletionReceipt decoded;
  ASSERT_TRUE(DecodeReceipt(receipt.raw, &decoded).ok());
  ASSERT_EQ(decoded.segments.size(), all_closed);
  EXPECT_EQ(decoded.segments[0].first_seq, 1u);
  EXPECT_EQ(decoded.policy, "retention.delete_after = 1y");
  EXPECT_EQ(ScanSeqs(*store), std::vector<uint64_t>{receipt.seq});
  EXPECT_TRUE(QueryRecords(*store, "actor:user-3").empty());
  Result<Record> gone = store->Get(5);
  EXPECT_TRUE(gone.status().IsNotFound());
  EXPECT_NE(gone.status().message().find("deleted by retention"), std::string::npos);

  // The receipt's own segment stays, however old it gets, and never goes cold.
  Result<RetentionReport> later = store->RunRetention(At(1000));
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  for (const RetentionStep& step : later->steps) EXPECT_NE(step.to, Tier::kExpired);
  for (const RetentionStep& step : later->steps) EXPECT_NE(step.to, Tier::kCold);
  store.reset();

  const VerifyReport report = VerifyOrDie(dir.path());
  EXPECT_TRUE(report.ok()) << Describe(report);
  EXPECT_EQ(CountKind(report, ProblemKind::kExpired), all_closed) << Describe(report);
  EXPECT_EQ(report.problems.size(), all_closed) << Describe(report);
  EXPECT_EQ(report.segments_expired, all_closed);
  EXPECT_EQ(report.records_expired, 400u);
  store = OpenOrDie(dir.path(), StoreOptions());  // recovery accepts expired segments
  EXPECT_EQ(ScanSeqs(*store), std::vector<uint64_t>{receipt.seq});
}

// Marks closed segment `number` expired in the MANIFEST and deletes its
// files, as someone hiding it would.
void HideSegment(const std::string& dir, uint64_t number) {
  auto env = io::NewPosixEnv();
  Manifest manifest;
  ASSERT_TRUE(Manifest::Load(*env, dir, &manifest).ok());
  for (ManifestSegment& s : manifest.segments) {
    if (s.number == number) s.tier = Tier::kExpired;
  }
  ASSERT_TRUE(manifest.Save(*env, dir).ok());
  std::filesystem::remove(dir + "/" + SegmentFileName(number));
  std::filesystem::remove(dir + "/" + index::IndexFileName(number));
}

TEST(DeletionTest, ASegmentGoneWithoutAStoreReceiptIsMissingEvenWithAForgedOne) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 200));
    ASSERT_TRUE(store->Roll().ok());
    // A client appends what looks like a receipt for segment 2, right down
    // to the hash of its seal: it is not the store's own event.
    std::unique_ptr<SealLog> seals;
    uint64_t torn = 0;
    auto env = io::NewPosixEnv();
    ASSERT_TRUE(SealLog::Open(*env, dir.path(), "", true, &seals, &torn).ok());
    crypto::Seal seal;
    ASSERT_TRUE(crypto::DecodeSeal(seals->entries()[2], &seal).ok());
    ASSERT_EQ(seal.segment_number, 2u);
    DeletionReceipt forged;
    forged.time_ns = Now();
    forged.policy = "retention.delete_after = 1y";
    forged.segments.push_back({2, seal.first_seq, seal.record_count,
                               crypto::EntryHash(seals->entries()[2]), seal.sealed_ns});
    const std::string raw = EncodeReceipt(forged);
    ASSERT_TRUE(store->Append(SystemEvent(kReceiptAction, "segment 2", raw)).ok());
    ASSERT_TRUE(store->Roll().ok());
    ASSERT_FALSE(QueryRecords(*store, "action:sealog.retention.delete")[0].system);
  }
  ASSERT_NO_FATAL_FAILURE(HideSegment(dir.path(), 2));
  ASSERT_NO_FATAL_FAILURE(HideSegment(dir.path(), 3));
  const VerifyReport report = VerifyOrDie(dir.path());
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(CountKind(report, ProblemKind::kMissing), 2u) << Describe(report);
  EXPECT_EQ(CountKind(report, ProblemKind::kExpired), 0u) << Describe(report);
  EXPECT_EQ(report.problems.size(), 2u) << Describe(report);
}

TEST(DeletionTest, HoldsKeepWhatTheyCoverUntilReleasedAndTheLogSaysWhichAreInForce) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), StoreOptions());
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 300));
  ASSERT_TRUE(store->Roll().ok());
  const size_t closed = store->Stats().segments.size() - 1;

  // Bad holds are refused.
  EXPECT_EQ(store->AddHold({"", "actor:user-3", 0, 0}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store->AddHold({"why", "", 0, 0}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store->AddHold({"why", "actor:x", 1, 2}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store->AddHold({"why", "", 5, 2}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store->AddHold({"why", "actor:(", 0, 0}).status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(store->RemoveHold(12345, "no such").IsNotFound());

  // Records 5 and 17 by query (each has its own resource).
  Result<uint64_t> by_query = store->AddHold({"case 7", "resource:res/5 OR resource:res/17", 0, 0});
  ASSERT_TRUE(by_query.ok()) << by_query.status().ToString();
  // Event 250's time (TestEvent times are 1 ns apart).
  const int64_t t250 = TestEvent(250, kEventPad).event.time_ns;
  Result<uint64_t> by_time = store->AddHold({"inquiry", "", t250, t250});
  ASSERT_TRUE(by_time.ok()) << by_time.status().ToString();
  // A client's imitation of a release changes nothing.
  const std::string fake = EncodeHoldRemove(*by_query, "not really");
  ASSERT_TRUE(store->Append(SystemEvent(kHoldRemoveAction, "hold", fake)).ok());
  ASSERT_TRUE(store->Roll().ok());

  Result<std::vector<LegalHold>> holds = store->ListHolds();
  ASSERT_TRUE(holds.ok()) << holds.status().ToString();
  ASSERT_EQ(holds->size(), 2u);
  EXPECT_EQ((*holds)[0].id, *by_query);
  EXPECT_EQ((*holds)[0].reason, "case 7");
  EXPECT_EQ((*holds)[1].since_ns, t250);

  Result<RetentionReport> report = store->RunRetention(At(400));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  std::set<uint64_t> deleted;
  for (const RetentionStep& step : report->steps) {
    if (step.to == Tier::kExpired) deleted.insert(step.segment);
  }
  EXPECT_GE(report->held, 2u);
  EXPECT_FALSE(deleted.empty());
  const std::vector<uint64_t> left = ScanSeqs(*store);
  const std::set<uint64_t> present(left.begin(), left.end());
  EXPECT_TRUE(present.count(5));
  EXPECT_TRUE(present.count(17));
  EXPECT_TRUE(present.count(250));
  EXPECT_TRUE(present.count(*by_query)) << "a hold's own event stays while it is in force";
  EXPECT_LT(present.size(), 300u);
  EXPECT_EQ(deleted.size() + report->held, closed + 1 /* the holds' segment */)
      << "every first-batch segment is deleted or held";
  store.reset();

  // Holds survive reopening: they are read from the log.
  store = OpenOrDie(dir.path(), StoreOptions());
  ASSERT_EQ(store->ListHolds()->size(), 2u);
  ASSERT_TRUE(store->RemoveHold(*by_query, "case closed").ok());
  ASSERT_TRUE(store->RemoveHold(*by_time, "inquiry over").ok());
  EXPECT_TRUE(store->ListHolds()->empty());
  ASSERT_TRUE(store->Roll().ok());
  Result<RetentionReport> released = store->RunRetention(At(400));
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  EXPECT_EQ(released->held, 0u);
  for (uint64_t seq : ScanSeqs(*store)) EXPECT_GT(seq, 300u) << "only system events are left";
  store.reset();

  const VerifyReport verified = VerifyOrDie(dir.path());
  EXPECT_TRUE(verified.ok()) << Describe(verified);
  EXPECT_EQ(verified.problems.size(), CountKind(verified, ProblemKind::kExpired));
}

TEST(DeletionTest, ReadOnlyStoresRefuseHoldsButListThem) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 20));
    ASSERT_TRUE(store->AddHold({"case", "actor:user-1", 0, 0}).ok());
  }
  Options read_only = StoreOptions();
  read_only.read_only = true;
  auto store = OpenOrDie(dir.path(), read_only);
  EXPECT_EQ(store->ListHolds()->size(), 1u);
  EXPECT_EQ(store->AddHold({"case", "actor:user-2", 0, 0}).status().code(), Code::kReadOnly);
  EXPECT_EQ(store->RemoveHold(21, "x").code(), Code::kReadOnly);
}

TEST(DeletionTest, ConfigChangesAreRecordedInTheLogAndRetentionFollowsThemAtOnce) {
  TempDir dir;
  Options options = StoreOptions();
  const std::string keep_all = "[segments]\nsize_max = \"16KiB\"\n[retention]\ndelete_after = \"never\"\n";
  options.config_toml = keep_all;
  auto store = OpenOrDie(dir.path(), options);
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 300));
  ASSERT_TRUE(store->Roll().ok());
  const size_t closed = store->Stats().segments.size() - 1;
  Result<RetentionReport> kept = store->RunRetention(At(4000));
  ASSERT_TRUE(kept.ok());
  for (const RetentionStep& step : kept->steps) EXPECT_NE(step.to, Tier::kExpired);

  EXPECT_EQ(store->ChangeConfig("[retention]\ndelete_after = \"soon\"\n").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(*store->ConfigText(), keep_all) << "a bad config changes nothing";
  const std::string one_year = "[segments]\nsize_max = \"16KiB\"\n[retention]\ndelete_after = \"1y\"\n";
  Result<uint64_t> changed = store->ChangeConfig(one_year);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_GT(*changed, 300u);
  EXPECT_EQ(*store->ChangeConfig(one_year), 0u) << "the same text again is no change";
  EXPECT_EQ(*store->ConfigText(), one_year);

  const std::vector<Record> events = QueryRecords(*store, "action:sealog.config.change");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].system);
  EXPECT_EQ(events[0].seq, *changed);
  EXPECT_NE(events[0].raw.find("never"), std::string::npos) << events[0].raw;
  EXPECT_NE(events[0].raw.find("1y"), std::string::npos) << events[0].raw;

  Result<RetentionReport> deleted = store->RunRetention(At(4000));
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  size_t expired = 0;
  for (const RetentionStep& step : deleted->steps) expired += step.to == Tier::kExpired ? 1 : 0;
  EXPECT_EQ(expired, closed);
  store.reset();
  store = OpenOrDie(dir.path(), options);  // the new text is the store's from now on
  EXPECT_EQ(*store->ConfigText(), one_year);
}


// An archive is deleted whole or not at all: one held segment keeps every
// other segment of its archive, however old, and the report counts them;
// once the hold is released the archive goes at once, with a receipt.
TEST(DeletionTest, OneHeldSegmentKeepsItsWholeArchive) {
  TempDir dir;
  auto store = OpenOrDie(dir.path(), StoreOptions());
  ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 300));
  ASSERT_TRUE(store->Roll().ok());
  const StoreStats stats = store->Stats();
  const size_t closed = stats.segments.size() - 1;
  ASSERT_GE(closed, 4u);
  Result<RetentionReport> packed = store->RunRetention(At(100));
  ASSERT_TRUE(packed.ok()) << packed.status().ToString();
  const std::string archive = tier::ArchiveFileName(1, closed);
  ASSERT_TRUE(std::filesystem::exists(dir.Sub(archive)));

  // A hold on one record of segment 2.
  const uint64_t held_seq = stats.segments[1].first_seq + 1;
  Result<uint64_t> hold =
      store->AddHold({"case 9", "resource:res/" + std::to_string(held_seq), 0, 0});
  ASSERT_TRUE(hold.ok()) << hold.status().ToString();
  ASSERT_TRUE(store->Roll().ok());
  Result<RetentionReport> report = store->RunRetention(At(400));
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->held, 2u) << "segment 2 and the segment of the hold's own event";
  EXPECT_EQ(report->kept_in_archives, closed - 1);
  for (const RetentionStep& step : report->steps) {
    EXPECT_GT(step.segment, closed) << "nothing of the archive is deleted";
  }
  EXPECT_TRUE(std::filesystem::exists(dir.Sub(archive)));
  for (uint64_t n = 1; n <= closed; ++n) EXPECT_EQ(TierOf(*store, n), Tier::kCold) << n;
  const std::vector<uint64_t> kept = ScanSeqs(*store);
  ASSERT_GE(kept.size(), 300u);
  for (uint64_t n = 1; n <= 300; ++n) ASSERT_EQ(kept[n - 1], n);

  ASSERT_TRUE(store->RemoveHold(*hold, "case closed").ok());
  ASSERT_TRUE(store->Roll().ok());
  Result<RetentionReport> released = store->RunRetention(At(400));
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  EXPECT_EQ(released->held, 0u);
  EXPECT_EQ(released->kept_in_archives, 0u);
  size_t expired = 0;
  for (const RetentionStep& step : released->steps) {
    if (step.segment <= closed) {
      EXPECT_EQ(step.to, Tier::kExpired) << step.segment;
      EXPECT_EQ(step.from, Tier::kCold) << step.segment;
      ++expired;
    }
  }
  EXPECT_EQ(expired, closed);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub(archive)));
  for (uint64_t seq : ScanSeqs(*store)) EXPECT_GT(seq, 300u);
  store.reset();
  const VerifyReport verified = VerifyOrDie(dir.path());
  EXPECT_TRUE(verified.ok()) << Describe(verified);
}

// The receipt states the policy it applied in the largest unit that says
// it exactly (years, days, else milliseconds), and names what it deleted.
TEST(DeletionTest, TheReceiptStatesThePolicyExactly) {
  const struct {
    const char* toml;
    int64_t run_days;
    const char* policy;
  } cases[] = {
      {"warm_after = \"never\"\ncold_after = \"never\"\ndelete_after = \"400d\"\n", 401,
       "retention.delete_after = 400d"},
      {"warm_after = \"never\"\ncold_after = \"never\"\ndelete_after = \"36h\"\n", 2,
       "retention.delete_after = 129600000ms"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.policy);
    TempDir dir;
    auto store = OpenOrDie(dir.path(), testing::TierStoreOptions(c.toml));
    ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 60));
    ASSERT_TRUE(store->Roll().ok());
    const size_t closed = store->Stats().segments.size() - 1;
    Result<RetentionReport> done = store->RunRetention(At(c.run_days));
    ASSERT_TRUE(done.ok()) << done.status().ToString();
    EXPECT_EQ(done->steps.size(), closed);
    const std::vector<Record> receipts = QueryRecords(*store, "action:sealog.retention.delete");
    ASSERT_EQ(receipts.size(), 1u);
    DeletionReceipt decoded;
    ASSERT_TRUE(DecodeReceipt(receipts[0].raw, &decoded).ok());
    EXPECT_EQ(decoded.policy, c.policy);
    ASSERT_EQ(decoded.segments.size(), closed);
    EXPECT_EQ(receipts[0].field(Field::kResource),
              closed == 1 ? "segment 1" : "segments 1.." + std::to_string(closed));
  }
}

// A crash after the MANIFEST named segments expired, before their files
// went: recovery removes what is left of them, whatever tier they were in.
TEST(DeletionTest, RecoveryRemovesWhatIsLeftOfExpiredSegments) {
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> left;  // name, bytes
  size_t closed = 0;
  {
    auto store = OpenOrDie(dir.path(), StoreOptions());
    ASSERT_NO_FATAL_FAILURE(AppendRange(*store, 1, 150));
    ASSERT_TRUE(store->Roll().ok());
    closed = store->Stats().segments.size() - 1;
    ASSERT_GE(closed, 3u);
    for (const std::string& name : {SegmentFileName(1), index::IndexFileName(1),
                                    SegmentFileName(2), index::IndexFileName(2)}) {
      left.emplace_back(name, testing::ReadFile(dir.Sub(name)));
    }
    ASSERT_TRUE(store->RunRetention(At(8)).ok());  // all warm
    left.emplace_back(tier::WarmFileName(3), testing::ReadFile(dir.Sub(tier::WarmFileName(3))));
    ASSERT_TRUE(store->RunRetention(At(400)).ok());
    for (uint64_t n = 1; n <= closed; ++n) ASSERT_EQ(TierOf(*store, n), Tier::kExpired) << n;
  }
  for (const auto& [name, bytes] : left) testing::WriteFile(dir.Sub(name), bytes);
  const std::string archive = tier::ArchiveFileName(1, 2);
  testing::WriteFile(dir.Sub(archive), "an archive of expired segments");
  auto store = OpenOrDie(dir.path(), StoreOptions());
  for (const auto& [name, bytes] : left) {
    EXPECT_FALSE(std::filesystem::exists(dir.Sub(name))) << name;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.Sub(archive)));
  EXPECT_EQ(QueryRecords(*store, "action:sealog.retention.delete").size(), 1u);
  for (uint64_t seq : ScanSeqs(*store)) EXPECT_GT(seq, 150u);
}
}  // namespace
}  // namespace sealog
