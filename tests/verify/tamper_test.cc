// The tamper suite: each test does one kind of damage to a sealed store and
// asserts the exact kind `verify` reports for it (SPEC.md, "Tamper
// evidence"), and where it is. Then the other half of the contract: clean
// stores, of random shapes and after power losses, verify with no problem at
// all, and verify streams.
//
// Every store here is built through the public Store API and damaged by
// editing its files directly, as someone with write access to the directory
// would. Damage that is meant to survive the cheap checks does: record
// checksums are recomputed (FixChecksum), SEALS entries are framed afresh
// (SealLog::Frame), the MANIFEST is rewritten through Manifest::Save.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/checkpoint.h"
#include "crypto/log_tree.h"
#include "crypto/seal.h"
#include "engine/epoch_key_file.h"
#include "engine/format.h"
#include "engine/io/env.h"
#include "engine/io/fault_env.h"
#include "engine/limits.h"
#include "engine/manifest.h"
#include "engine/segment.h"
#include "engine/segment_digest.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tests/engine/test_util.h"
#include "tests/verify/tamper_util.h"

namespace sealog::tamper {
namespace {

using sealog::testing::TempDir;
using sealog::testing::TestEvent;

// The default shape: segments 1..5 sealed, 20 records each (seqs 1..100),
// segment 6 active with seqs 101..105.
constexpr uint64_t kSealed = 5;
constexpr uint64_t kPerSegment = 20;
constexpr uint64_t kUnsealed = 5;

class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(BuildStore(dir_.Sub("store"), StoreShape(), &store_));
    // The untouched store is clean: whatever is found later, the damage did it.
    Result<VerifyReport> report = Verify(store_.dir, {});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_TRUE(report->ok()) << Describe(*report);
    ASSERT_EQ(report->records_verified, kSealed * kPerSegment);
    ASSERT_EQ(report->records_unsealed, kUnsealed);
  }

  // Verifies the damaged store. The Result is an error only when verify
  // cannot run at all, which no damage here should cause.
  VerifyReport Check() {
    Result<VerifyReport> report = Verify(store_.dir, {});
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport();
  }

  std::string SegmentBytes(uint64_t number) { return ReadBytes(SegmentPath(store_.dir, number)); }

  std::vector<FrameSpan> Frames(const std::string& bytes, uint64_t number) {
    return ListFrames(bytes, store_.log_id, number);
  }

  TempDir dir_;
  BuiltStore store_;
};

// 1. A record's bytes are changed and its checksum recomputed, as anyone who
// read FORMAT.md can: the checksum is for accidents, the Merkle root in the
// seal is what catches this.
TEST_F(TamperTest, FlipOneByteOfSealedRecordAndFixItsChecksum) {
  std::string bytes = SegmentBytes(3);
  const std::vector<FrameSpan> frames = Frames(bytes, 3);
  ASSERT_EQ(frames.size(), kPerSegment);
  const FrameSpan& victim = frames[7];
  bytes[PadByteOffset(victim)] ^= 0x01;
  FixChecksum(&bytes, victim.offset, store_.log_id, 3);
  ASSERT_EQ(Frames(bytes, 3).size(), kPerSegment) << "the edited frame must stay valid";
  WriteBytes(SegmentPath(store_.dir, 3), bytes);

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kTampered));
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kTampered, 3));
  EXPECT_EQ(report.records_verified, (kSealed - 1) * kPerSegment) << Describe(report);
  EXPECT_EQ(report.segments_sealed, kSealed - 1);
}

// 2. The same flip without fixing the checksum: a checksum failure is what an
// accident looks like, so it is corrupt, at the offset of that record.
TEST_F(TamperTest, FlipOneByteWithoutFixingTheChecksum) {
  std::string bytes = SegmentBytes(3);
  const std::vector<FrameSpan> frames = Frames(bytes, 3);
  ASSERT_EQ(frames.size(), kPerSegment);
  const FrameSpan& victim = frames[7];
  bytes[PadByteOffset(victim)] ^= 0x01;
  WriteBytes(SegmentPath(store_.dir, 3), bytes);

  const VerifyReport report = Check();
  ASSERT_TRUE(OnlyKind(report, ProblemKind::kCorrupt));
  const Problem* problem = FindProblem(report, ProblemKind::kCorrupt, 3);
  ASSERT_NE(problem, nullptr) << Describe(report);
  EXPECT_EQ(problem->offset, victim.offset) << Describe(report);
  EXPECT_EQ(problem->seq, victim.seq) << Describe(report);
  EXPECT_EQ(problem->file, SegmentFileName(3));
}

// 3. A whole segment file deleted from the middle of the log.
TEST_F(TamperTest, DeleteAMiddleSegment) {
  ASSERT_TRUE(std::filesystem::remove(SegmentPath(store_.dir, 3)));

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kMissing));
  const Problem* problem = FindProblem(report, ProblemKind::kMissing, 3);
  ASSERT_NE(problem, nullptr) << Describe(report);
  EXPECT_EQ(problem->seq, store_.segment(3).first_seq);
  // The other segments still verify.
  EXPECT_EQ(report.records_verified, (kSealed - 1) * kPerSegment) << Describe(report);
}

// 4. Two segment files swapped by renaming them: each is intact and of this
// log, but in the other's place.
TEST_F(TamperTest, SwapTwoSegments) {
  const std::string two = SegmentPath(store_.dir, 2);
  const std::string three = SegmentPath(store_.dir, 3);
  std::filesystem::rename(two, two + ".tmp");
  std::filesystem::rename(three, two);
  std::filesystem::rename(two + ".tmp", three);

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kReordered));
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kReordered, 2));
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kReordered, 3));
}

// 5. Two records swapped inside a sealed segment. Their checksums are seeded
// by the segment, not by the position, so both frames stay valid.
TEST_F(TamperTest, ReorderTwoRecords) {
  const std::string bytes = SegmentBytes(2);
  const std::vector<FrameSpan> frames = Frames(bytes, 2);
  ASSERT_EQ(frames.size(), kPerSegment);
  const FrameSpan& a = frames[4];
  const FrameSpan& b = frames[5];
  const std::string swapped = bytes.substr(0, a.offset) + bytes.substr(b.offset, b.size) +
                              bytes.substr(a.offset, a.size) + bytes.substr(b.offset + b.size);
  ASSERT_EQ(swapped.size(), bytes.size());
  ASSERT_EQ(Frames(swapped, 2).size(), kPerSegment) << "both frames must stay valid";
  WriteBytes(SegmentPath(store_.dir, 2), swapped);

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kReordered));
  const Problem* problem = FindProblem(report, ProblemKind::kReordered, 2);
  ASSERT_NE(problem, nullptr) << Describe(report);
  EXPECT_EQ(problem->offset, a.offset) << "the first record out of place starts where a was";
}

// 7. A segment file of another store copied over one of this store's.
TEST_F(TamperTest, SegmentFromAnotherStore) {
  StoreShape other_shape;
  other_shape.first_n = 1000;
  BuiltStore other;
  ASSERT_NO_FATAL_FAILURE(BuildStore(dir_.Sub("other"), other_shape, &other));
  std::filesystem::copy_file(SegmentPath(other.dir, 3), SegmentPath(store_.dir, 3),
                             std::filesystem::copy_options::overwrite_existing);

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kForeign));
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kForeign, 3));
}

// 8. An old, genuine seal appended again as a new, correctly framed entry:
// a replay.
TEST_F(TamperTest, ReplayAnOldSeal) {
  std::vector<std::string> entries = ReadSealEntries(store_.dir, store_.log_id);
  ASSERT_EQ(entries.size(), kSealed + 1);
  entries.push_back(entries[1]);
  WriteSealEntries(store_.dir, store_.log_id, entries);

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kReordered));
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kReordered, 1));
  // The genuine chain is untouched and still verifies.
  EXPECT_EQ(report.records_verified, kSealed * kPerSegment) << Describe(report);
}

// 8b. The last seal replaced by an earlier, genuine one (correctly framed at
// the last index).
TEST_F(TamperTest, ReplaceTheLastSealByAnEarlierOne) {
  std::vector<std::string> entries = ReadSealEntries(store_.dir, store_.log_id);
  ASSERT_EQ(entries.size(), kSealed + 1);
  entries.back() = entries[2];
  WriteSealEntries(store_.dir, store_.log_id, entries);

  const VerifyReport report = Check();
  // The replayed seal is reordered; the seal it replaced is gone from the end
  // of the chain, which the epoch key (one epoch ahead of the chain) betrays.
  ASSERT_EQ(report.problems.size(), 2u) << Describe(report);
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kReordered, 2));
  EXPECT_EQ(report.problems[1].kind, ProblemKind::kRollback) << Describe(report);
  // Segment 5 lost its seal. A closed segment without a seal is also what a
  // crash between the MANIFEST switch and the seal leaves (Open then seals
  // it), so verify counts its records as unsealed, never as verified; that
  // the seal was cut rather than never written is the anchor's business.
  EXPECT_EQ(report.records_verified, (kSealed - 1) * kPerSegment) << Describe(report);
}

// 8c. One byte of a seal entry flipped, its SEALS frame left as it was: the
// entry's checksum fails, an accident as far as anyone can tell.
TEST_F(TamperTest, FlipOneByteOfASealEntry) {
  std::string bytes = ReadBytes(store_.dir + "/SEALS");
  const std::vector<std::string> entries = ReadSealEntries(store_.dir, store_.log_id);
  ASSERT_EQ(entries.size(), kSealed + 1);
  const size_t third_seal = bytes.find(entries[3]);
  ASSERT_NE(third_seal, std::string::npos);
  bytes[third_seal + 100] ^= 0x01;
  WriteBytes(store_.dir + "/SEALS", bytes);

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kCorrupt));
  EXPECT_EQ(report.problems.at(0).file, "SEALS") << Describe(report);
  EXPECT_EQ(report.records_verified, 0u);
}

// 8d. A seal's fields edited (its sealed time, as if to dodge retention) and
// the entry framed afresh: the signature no longer covers it.
TEST_F(TamperTest, EditASealAndFixItsFrame) {
  std::vector<std::string> entries = ReadSealEntries(store_.dir, store_.log_id);
  ASSERT_EQ(entries.size(), kSealed + 1);
  crypto::Seal seal;
  ASSERT_TRUE(crypto::DecodeSeal(entries[3], &seal).ok());
  seal.sealed_ns -= 86'400'000'000'000;  // a day earlier
  entries[3] = crypto::EncodeSeal(seal);
  WriteSealEntries(store_.dir, store_.log_id, entries);

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kTampered));
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kTampered, 3));
  EXPECT_LE(report.records_verified, (kSealed - 1) * kPerSegment) << Describe(report);
}

// 9. SEALS deleted: every seal is gone.
TEST_F(TamperTest, StripTheSeals) {
  ASSERT_TRUE(std::filesystem::remove(store_.dir + "/SEALS"));

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kMissing));
  EXPECT_EQ(report.problems.at(0).file, "SEALS") << Describe(report);
  EXPECT_EQ(report.records_verified, 0u);
  EXPECT_EQ(report.segments_sealed, 0u);
}

// 10. The attack seals exist for: someone holding the store's current
// EPOCH_KEY (stolen today) edits an old segment and re-signs its seal. The key
// that signed seal 2 was erased when seal 2 was written, and the current key
// cannot be walked back to it, so the new signature is by the wrong epoch.
TEST_F(TamperTest, ResignAPastSegmentWithTheCurrentEpochKey) {
  constexpr uint64_t kVictim = 2;
  std::string bytes = SegmentBytes(kVictim);
  const std::vector<FrameSpan> frames = Frames(bytes, kVictim);
  ASSERT_EQ(frames.size(), kPerSegment);
  for (size_t i : {3, 11}) {
    bytes[PadByteOffset(frames[i])] = 'Z';
    FixChecksum(&bytes, frames[i].offset, store_.log_id, kVictim);
  }
  WriteBytes(SegmentPath(store_.dir, kVictim), bytes);

  // A seal with the same fields and the Merkle root of the edited records.
  SegmentDigest digest;
  digest.AddFrames(std::string_view(bytes).substr(format::kSegmentHeaderSize));
  std::vector<std::string> entries = ReadSealEntries(store_.dir, store_.log_id);
  ASSERT_EQ(entries.size(), kSealed + 1);
  crypto::Seal seal;
  ASSERT_TRUE(crypto::DecodeSeal(entries[kVictim], &seal).ok());
  ASSERT_EQ(seal.segment_number, kVictim);
  ASSERT_NE(seal.merkle_root, digest.Root());
  ASSERT_EQ(seal.min_time_ns, digest.min_time_ns());
  ASSERT_EQ(seal.max_time_ns, digest.max_time_ns());
  seal.merkle_root = digest.Root();

  std::shared_ptr<io::Env> env = io::NewPosixEnv();
  Result<EpochKey> current = LoadEpochKey(*env, store_.dir, store_.log_id);
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  ASSERT_EQ(current->epoch, kSealed);
  crypto::SignSeal(current->key, &seal);
  entries[kVictim] = crypto::EncodeSeal(seal);
  WriteSealEntries(store_.dir, store_.log_id, entries);

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kTampered));
  EXPECT_TRUE(NamesSegment(report, ProblemKind::kTampered, kVictim));
  EXPECT_LE(report.records_verified, (kSealed - 1) * kPerSegment) << Describe(report);
}

// 11. The active segment is not sealed yet: nothing vouches for it, so an
// edit there (checksum fixed) is not evidence of anything. What verify owes
// is to never call those records verified.
TEST_F(TamperTest, ChangeTheUnsealedTail) {
  const uint64_t active = kSealed + 1;
  std::string bytes = SegmentBytes(active);
  const std::vector<FrameSpan> frames = Frames(bytes, active);
  ASSERT_EQ(frames.size(), kUnsealed);
  bytes[PadByteOffset(frames[2])] ^= 0x01;
  FixChecksum(&bytes, frames[2].offset, store_.log_id, active);
  WriteBytes(SegmentPath(store_.dir, active), bytes);

  const VerifyReport report = Check();
  EXPECT_TRUE(report.ok()) << Describe(report);
  EXPECT_EQ(report.records_unsealed, kUnsealed);
  EXPECT_EQ(report.records_verified, kSealed * kPerSegment);
}

// 12. Index forgeries: tests/verify/index_tamper_test.cc.

// 13. The whole SEALS file of another store put in place of this one's.
TEST_F(TamperTest, ForeignSealChain) {
  StoreShape other_shape;
  other_shape.first_n = 1000;
  BuiltStore other;
  ASSERT_NO_FATAL_FAILURE(BuildStore(dir_.Sub("other"), other_shape, &other));
  std::filesystem::copy_file(other.dir + "/SEALS", store_.dir + "/SEALS",
                             std::filesystem::copy_options::overwrite_existing);

  const VerifyReport report = Check();
  EXPECT_EQ(report.records_verified, 0u) << Describe(report);
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kForeign)) << Describe(report);
}

// 13b. The same, by someone careful enough to write this log's id into the
// SEALS header: the entries themselves (the genesis and every seal) still
// name the other log.
TEST_F(TamperTest, ForeignSealChainUnderThisLogsHeader) {
  StoreShape other_shape;
  other_shape.first_n = 1000;
  BuiltStore other;
  ASSERT_NO_FATAL_FAILURE(BuildStore(dir_.Sub("other"), other_shape, &other));
  WriteSealEntries(store_.dir, store_.log_id, ReadSealEntries(other.dir, other.log_id));

  const VerifyReport report = Check();
  EXPECT_EQ(report.records_verified, 0u) << Describe(report);
  ASSERT_FALSE(report.problems.empty());
  EXPECT_EQ(report.problems[0].kind, ProblemKind::kForeign) << Describe(report);
  // Foreign seals say nothing about this log's segments: they are not
  // checked against them (which would call every segment tampered).
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kForeign)) << Describe(report);
}

// 14. A sealed segment cut short by exactly its last record. Every byte left
// is a valid frame, nothing is damaged: a record is gone, and the seal's
// record count says so. That is `missing`, naming the first seq cut, not
// `corrupt` (no checksum or frame fails) nor `tampered` (what is left is
// what was written).
TEST_F(TamperTest, TruncateASealedSegment) {
  const std::string bytes = SegmentBytes(4);
  const std::vector<FrameSpan> frames = Frames(bytes, 4);
  ASSERT_EQ(frames.size(), kPerSegment);
  ASSERT_EQ(frames.back().offset + frames.back().size, bytes.size());
  std::filesystem::resize_file(SegmentPath(store_.dir, 4), frames.back().offset);

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kMissing));
  const Problem* problem = FindProblem(report, ProblemKind::kMissing, 4);
  ASSERT_NE(problem, nullptr) << Describe(report);
  EXPECT_EQ(problem->seq, store_.last_seq(4));
}

// 14b. Cut in the middle of the last record instead: a sealed segment must be
// whole frames to its end, so the torn frame is a framing failure, corrupt,
// at its offset (a torn tail is tolerated only in the active segment).
TEST_F(TamperTest, TruncateASealedSegmentMidRecord) {
  const std::string bytes = SegmentBytes(4);
  const std::vector<FrameSpan> frames = Frames(bytes, 4);
  ASSERT_EQ(frames.size(), kPerSegment);
  std::filesystem::resize_file(SegmentPath(store_.dir, 4), bytes.size() - 10);

  const VerifyReport report = Check();
  EXPECT_TRUE(OnlyKind(report, ProblemKind::kCorrupt));
  const Problem* problem = FindProblem(report, ProblemKind::kCorrupt, 4);
  ASSERT_NE(problem, nullptr) << Describe(report);
  EXPECT_EQ(problem->offset, frames.back().offset);
  EXPECT_EQ(problem->seq, store_.last_seq(4));
}

// 6. The history cut back: the last k seals removed from SEALS, their segment
// files deleted, and the MANIFEST rewritten to look like a store that never
// went further (its active segment a fresh, empty file right after the last
// remaining seal). Everything left is genuine and consistent, so without
// anything kept outside the store verify cannot tell: that is why anchors
// (checkpoints kept elsewhere) exist, and why `sealog verify --strict` exits
// 4 when no anchor is given. With the anchor, it is a rollback. (EPOCH_KEY is
// left as it was: the attacker cannot derive the key of an earlier epoch, so
// the store can no longer be opened for writing; verify does not read it.)
class RollbackTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kSegments = 6;
  static constexpr uint64_t kCut = 2;

  void SetUp() override {
    StoreShape shape;
    shape.sealed_segments = kSegments;
    shape.unsealed_records = 0;
    ASSERT_NO_FATAL_FAILURE(BuildStore(dir_.Sub("store"), shape, &store_));
  }

  // The checkpoint `sealog head` would print now, as JSON.
  std::string TakeAnchor() {
    std::vector<std::string> entries = ReadSealEntries(store_.dir, store_.log_id);
    entries.erase(entries.begin());  // the genesis is not a leaf of the log tree
    std::shared_ptr<io::Env> env = io::NewPosixEnv();
    Result<crypto::Checkpoint> checkpoint =
        crypto::MakeCheckpoint(store_.log_id, entries, env->NowNanos());
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.status().ToString();
    Result<EpochKey> key = LoadEpochKey(*env, store_.dir, store_.log_id);
    EXPECT_TRUE(key.ok()) << key.status().ToString();
    if (!checkpoint.ok() || !key.ok()) return "";
    EXPECT_EQ(key->epoch, checkpoint->tree_size);
    crypto::SignCheckpoint(key->key, &*checkpoint);
    return crypto::EncodeCheckpointJson(*checkpoint);
  }

  // What crypto/log_tree.h, on its own, says of the anchor against the
  // store's seal chain as it is now: the check `verify --anchor` is to make.
  crypto::ChainFault AnchorFault(const std::string& dir, const std::string& anchor_json) {
    crypto::Checkpoint checkpoint;
    EXPECT_TRUE(crypto::DecodeCheckpointJson(anchor_json, &checkpoint).ok());
    std::vector<std::string> entries = ReadSealEntries(dir, store_.log_id);
    EXPECT_FALSE(entries.empty());
    if (entries.empty()) return crypto::ChainFault::kCorrupt;
    const std::string genesis_entry = entries.front();
    entries.erase(entries.begin());
    crypto::Genesis genesis;
    EXPECT_TRUE(crypto::DecodeGenesis(genesis_entry, &genesis).ok());
    std::vector<crypto::Seal> seals;
    std::vector<crypto::PublicKey> epoch_keys;
    crypto::ChainFault fault = crypto::ChainFault::kNone;
    const Status chain = crypto::VerifyEncodedKeyChain(genesis.root_key, genesis_entry, entries,
                                                       &genesis, &seals, &epoch_keys, &fault);
    EXPECT_TRUE(chain.ok()) << chain.ToString();
    if (!chain.ok()) return fault;
    crypto::VerifyCheckpointOnChain(checkpoint, genesis, seals, epoch_keys, &fault);
    return fault;
  }

  void CutTheLastSeals(const std::string& dir) {
    const uint64_t keep = kSegments - kCut;
    std::vector<std::string> entries = ReadSealEntries(dir, store_.log_id);
    ASSERT_EQ(entries.size(), kSegments + 1);
    entries.resize(keep + 1);
    WriteSealEntries(dir, store_.log_id, entries);
    for (uint64_t n = keep + 1; n <= kSegments + 1; ++n) {
      ASSERT_TRUE(std::filesystem::remove(SegmentPath(dir, n)));
    }

    std::shared_ptr<io::Env> env = io::NewPosixEnv();
    Manifest manifest;
    ASSERT_TRUE(Manifest::Load(*env, dir, &manifest).ok());
    ASSERT_EQ(manifest.segments.size(), kSegments + 1);
    manifest.segments.resize(keep);
    ManifestSegment active;
    active.number = keep + 1;
    active.first_seq = manifest.segments.back().last_seq() + 1;
    active.active = true;
    manifest.segments.push_back(active);

    SegmentHeader header;
    header.log_id = store_.log_id;
    header.number = active.number;
    header.first_seq = active.first_seq;
    header.created_ns = env->NowNanos();
    WriteBytes(SegmentPath(dir, active.number), EncodeSegmentHeader(header));
    ASSERT_TRUE(manifest.Save(*env, dir).ok());
  }

  TempDir dir_;
  BuiltStore store_;
};

TEST_F(RollbackTest, CutTheLastSealedSegmentsIsBetrayedByTheEpochKeyLeftBehind) {
  ASSERT_NO_FATAL_FAILURE(CutTheLastSeals(store_.dir));
  Result<VerifyReport> report = Verify(store_.dir, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  // The one trace left inside the store: EPOCH_KEY is ahead of the chain
  // (the key of a cut epoch cannot be derived back).
  ASSERT_EQ(report->problems.size(), 1u) << Describe(*report);
  EXPECT_EQ(report->problems[0].kind, ProblemKind::kRollback);
  EXPECT_EQ(report->problems[0].file, "EPOCH_KEY");
  // And the writer refuses to open it.
  Result<std::unique_ptr<Store>> opened = Store::Open(store_.dir, Options());
  EXPECT_TRUE(opened.status().IsCorruption()) << opened.status().ToString();
}

TEST_F(RollbackTest, CutTheLastSealedSegmentsAndTheEpochKeyGoesUnnoticedWithoutAnAnchor) {
  ASSERT_NO_FATAL_FAILURE(CutTheLastSeals(store_.dir));
  // A careful thief deletes the key file too: nothing inside the store is
  // left to show the cut. This is why anchors exist; `verify --strict`
  // without one exits 4.
  std::filesystem::remove(store_.dir + "/EPOCH_KEY");
  Result<VerifyReport> report = Verify(store_.dir, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << Describe(*report);
  EXPECT_EQ(report->records_verified, (kSegments - kCut) * kPerSegment);
  EXPECT_EQ(report->records_unsealed, 0u);
  EXPECT_FALSE(report->anchor_checked);
}

TEST_F(RollbackTest, CutTheLastSealedSegmentsWithAnAnchor) {
  VerifyOptions options;
  options.anchor_json = TakeAnchor();
  ASSERT_FALSE(options.anchor_json.empty());
  // The anchor is genuine, and the cut chain no longer extends it, by the
  // crypto layer's own check.
  ASSERT_EQ(AnchorFault(store_.dir, options.anchor_json), crypto::ChainFault::kNone);
  {
    TempDir copy;
    const std::string cut = copy.Sub("store");
    std::filesystem::copy(store_.dir, cut);
    ASSERT_NO_FATAL_FAILURE(CutTheLastSeals(cut));
    EXPECT_EQ(AnchorFault(cut, options.anchor_json), crypto::ChainFault::kRollback);
  }

  Result<VerifyReport> before = Verify(store_.dir, options);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_TRUE(before->anchor_checked);
  ASSERT_TRUE(before->ok()) << "the store extends its own anchor: " << Describe(*before);

  ASSERT_NO_FATAL_FAILURE(CutTheLastSeals(store_.dir));
  Result<VerifyReport> after = Verify(store_.dir, options);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_TRUE(after->anchor_checked);
  EXPECT_TRUE(OnlyKind(*after, ProblemKind::kRollback));
}

// ---- No false positives.

// 30 clean stores of random shapes (seeded): segment sizes, record sizes
// (some larger than a segment), rolls by size and by Roll(), every durability
// mode, sync and async appends, reopened between batches. Each verifies with
// no problem, and every record is counted once, verified or unsealed. A third
// of them live on disk (the POSIX Env, io_uring when the kernel has it), the
// others in the in-memory FaultEnv with no fault, which keeps the fdatasyncs
// of sync appends from dominating the suite's time.
TEST(NoFalsePositivesTest, CleanStoresOfRandomShapesVerify) {
  constexpr Durability kModes[] = {Durability::kNone, Durability::kBatch, Durability::kSync};
  constexpr size_t kPadMax[] = {120, 2500, 6000};
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    TempDir dir;
    const bool on_disk = seed % 3 == 0;
    const std::string path = on_disk ? dir.Sub("store") : "/store";
    Options options;
    if (!on_disk) options.env = std::make_shared<io::FaultEnv>(seed);
    options.create_if_missing = true;
    // On disk every rollover and seal costs a dozen fdatasyncs: fewer there.
    options.segment_size_max = (on_disk ? 16 << 10 : kSegmentSizeMin) + rng() % (24 << 10);
    options.segment_age_max_ms = 0;
    options.preallocate_step = 4096ull << (rng() % 5);
    options.group_commit_bytes_max = 1024ull << (rng() % 11);
    const size_t pad_max = kPadMax[rng() % 3];
    const int batches = 1 + static_cast<int>(rng() % 6);
    uint64_t appended = 0;
    std::unique_ptr<Store> store;
    for (int batch = 0; batch < batches; ++batch) {
      if (!store || rng() % 2 == 0) {
        store.reset();
        options.durability = kModes[rng() % 3];
        Result<std::unique_ptr<Store>> opened = Store::Open(path, options);
        ASSERT_TRUE(opened.ok()) << opened.status().ToString();
        store = std::move(*opened);
        ASSERT_EQ(store->recovery().records, appended);
      }
      // On disk, kSync is one fdatasync per record, async or not, and so is
      // nearly every record of kBatch when appends trickle: keep those few.
      const bool slow = on_disk && options.durability != Durability::kNone;
      const uint64_t count = rng() % (slow ? 30 : 150);
      for (uint64_t i = 0; i < count; ++i) {
        TestEvent event(appended + 1, rng() % pad_max);
        const bool sync = rng() % (on_disk ? 10 : 2) == 0;
        Result<uint64_t> seq = sync ? store->Append(event.event) : store->AppendAsync(event.event);
        ASSERT_TRUE(seq.ok()) << seq.status().ToString();
        ASSERT_EQ(*seq, ++appended);
      }
      switch (rng() % 3) {
        case 0:
          ASSERT_TRUE(store->Roll().ok());
          break;
        case 1:
          ASSERT_TRUE(store->Flush().ok());
          break;
        default:
          break;  // closing or the next batch takes care of it
      }
    }
    store.reset();
    VerifyOptions verify_options;
    verify_options.env = options.env;
    Result<VerifyReport> report = Verify(path, verify_options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(report->ok()) << Describe(*report);
    EXPECT_EQ(report->records_verified + report->records_unsealed, appended);
    if (HasFailure()) return;
  }
}

// One seeded workload on the in-memory FaultEnv: one or two sessions of
// appends (sync and async, random sizes, small segments, some Roll()s), in a
// random durability mode. Stops at the first error. Returns the highest seq
// acknowledged as durable.
uint64_t RunCrashWorkload(const std::shared_ptr<io::FaultEnv>& env, uint64_t seed) {
  constexpr Durability kModes[] = {Durability::kNone, Durability::kBatch, Durability::kSync};
  std::mt19937_64 rng(seed);
  Options options;
  options.env = env;
  options.create_if_missing = true;
  options.segment_size_max = kSegmentSizeMin + rng() % 6144;
  options.segment_age_max_ms = 0;
  options.preallocate_step = 4096;
  options.durability = kModes[rng() % 3];
  uint64_t acked = 0;
  uint64_t next = 1;
  const int sessions = 1 + static_cast<int>(rng() % 2);
  for (int session = 0; session < sessions; ++session) {
    Result<std::unique_ptr<Store>> opened = Store::Open("/store", options);
    if (!opened.ok()) return acked;
    Store& store = **opened;
    const int count = 10 + static_cast<int>(rng() % 60);
    for (int i = 0; i < count; ++i, ++next) {
      TestEvent event(next, rng() % 300);
      if (rng() % 3 == 0) {
        if (!store.AppendAsync(event.event).ok()) return acked;
      } else {
        if (!store.Append(event.event).ok()) return acked;
        if (options.durability != Durability::kNone) acked = next;
      }
      if (rng() % 20 == 0 && !store.Roll().ok()) return acked;
    }
    if (!store.Flush().ok()) return acked;
    acked = next - 1;
  }
  return acked;
}

// 200 seeds: the power goes out at a random operation of the workload (every
// mutating operation from there on fails, then unsynced sectors survive at
// random), Store::Open recovers, and verify finds nothing wrong with what
// recovery kept: a crash is never evidence of tampering.
TEST(NoFalsePositivesTest, StoresRecoveredAfterPowerLossVerify) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    uint64_t total_ops = 0;
    {
      auto env = std::make_shared<io::FaultEnv>(seed);
      RunCrashWorkload(env, seed);
      total_ops = env->op_count();
    }
    ASSERT_GT(total_ops, 0u);
    const uint64_t fail_at = 1 + std::mt19937_64(seed * 7919)() % total_ops;
    const std::string context =
        "seed " + std::to_string(seed) + ", power loss at op " + std::to_string(fail_at);
    SCOPED_TRACE(context);
    auto env = std::make_shared<io::FaultEnv>(seed);
    env->FailAt(fail_at, io::Fault::kEIO, /*forever=*/true);
    const uint64_t acked = RunCrashWorkload(env, seed);
    env->SimulatePowerLoss(seed * 31);
    env->ClearFaults();

    Options options;
    options.env = env;
    options.create_if_missing = true;  // the crash may have come before the store existed
    uint64_t records = 0;
    {
      Result<std::unique_ptr<Store>> reopened = Store::Open("/store", options);
      ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
      records = (*reopened)->recovery().records;
    }
    EXPECT_GE(records, acked);
    VerifyOptions verify_options;
    verify_options.env = env;
    Result<VerifyReport> report = Verify("/store", verify_options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_TRUE(report->ok()) << Describe(*report);
    EXPECT_EQ(report->records_verified + report->records_unsealed, records);
    if (HasFailure()) return;
  }
}

// ---- Streaming.

// Verify reads one segment at a time (SegmentReader, 1 MiB chunks) and keeps
// only the seal chain and O(log n) Merkle peaks, so its memory must not grow
// with the store. The store here is about 100 MiB in 100 segments; verify
// runs in a child process, which reports how much its peak RSS (getrusage
// ru_maxrss, which also counts freed memory once touched) rose during the
// call. The bound, 64 MiB, is generous: it leaves room for allocator slack,
// read buffers and libsodium, yet it is well below the store's size, so a
// verify that held the store (or grew with every segment) fails it.
TEST(StreamingTest, VerifyMemoryDoesNotGrowWithTheStore) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "ASan keeps freed memory in quarantine, so peak RSS says nothing about "
                  "verify; the bound is checked by the Release run";
#endif
  constexpr uint64_t kSegmentBytes = 1 << 20;
  constexpr uint64_t kSegments = 100;
  constexpr uint64_t kBoundBytes = 64 << 20;
  TempDir dir;
  const std::string path = dir.Sub("store");
  uint64_t appended = 0;
  uint64_t store_bytes = 0;
  {
    Options options;
    options.create_if_missing = true;
    options.durability = Durability::kNone;
    options.segment_size_max = kSegmentBytes;
    options.segment_age_max_ms = 0;
    options.preallocate_step = kSegmentBytes;
    Result<std::unique_ptr<Store>> opened = Store::Open(path, options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    Store& store = **opened;
    while (true) {
      for (int i = 0; i < 256; ++i) {
        TestEvent event(appended + 1, 4000);
        ASSERT_TRUE(store.AppendAsync(event.event).ok());
        ++appended;
      }
      ASSERT_TRUE(store.Flush().ok());
      if (store.Stats().segments.size() > kSegments) break;
    }
    ASSERT_TRUE(store.Roll().ok());
    for (const SegmentInfo& segment : store.Stats().segments) store_bytes += segment.size_bytes;
  }
  ASSERT_GT(store_bytes, kBoundBytes / 4 * 5) << "the store must outgrow the bound";

  struct Outcome {
    bool ran = false;
    bool ok = false;
    uint64_t records_verified = 0;
    uint64_t segments_sealed = 0;
    uint64_t growth_bytes = 0;
  };
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    Outcome outcome;
    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    Result<VerifyReport> report = Verify(path, {});
    rusage after{};
    getrusage(RUSAGE_SELF, &after);
    outcome.ran = report.ok();
    if (report.ok()) {
      outcome.ok = report->ok();
      outcome.records_verified = report->records_verified;
      outcome.segments_sealed = report->segments_sealed;
    }
    outcome.growth_bytes = static_cast<uint64_t>(after.ru_maxrss - before.ru_maxrss) * 1024;
    const ssize_t written = write(fds[1], &outcome, sizeof(outcome));
    _exit(written == sizeof(outcome) ? 0 : 1);
  }
  close(fds[1]);
  Outcome outcome;
  const ssize_t got = read(fds[0], &outcome, sizeof(outcome));
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_EQ(got, static_cast<ssize_t>(sizeof(outcome)));
  ASSERT_TRUE(outcome.ran);
  EXPECT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.records_verified, appended);
  EXPECT_GT(outcome.segments_sealed, kSegments);
  EXPECT_LT(outcome.growth_bytes, kBoundBytes)
      << "verify's peak RSS rose by " << (outcome.growth_bytes >> 20) << " MiB over a store of "
      << (store_bytes >> 20) << " MiB";
  std::printf("verify of %llu MiB in %llu segments: peak RSS +%llu KiB\n",
              static_cast<unsigned long long>(store_bytes >> 20),
              static_cast<unsigned long long>(outcome.segments_sealed),
              static_cast<unsigned long long>(outcome.growth_bytes >> 10));
}

}  // namespace
}  // namespace sealog::tamper
