// Record framing: each test is one kind of damage the decoder must name.
#include "engine/record.h"

#include <gtest/gtest.h>

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "tests/engine/test_util.h"

namespace sealog {
namespace {

constexpr uint64_t kSeed = 0x1234;

std::string Encode(const Event& event, uint64_t seq = 7) {
  std::string frame;
  EncodeRecord(event, seq, /*synced=*/64, /*ingest_ns=*/99, kSeed, &frame);
  return frame;
}

TEST(RecordTest, RoundTripKeepsEveryField) {
  testing::TestEvent e(42, 10);
  e.event.set_field(Field::kOutcome, "failure");
  const std::string frame = Encode(e.event);
  ASSERT_EQ(frame.size(), EncodedFrameSize(e.event));
  RecordView view;
  size_t size = 0;
  ASSERT_EQ(DecodeFrame(frame, kSeed, &view, &size), FrameState::kOk);
  EXPECT_EQ(size, frame.size());
  EXPECT_EQ(view.seq, 7u);
  EXPECT_EQ(view.synced, 64u);
  EXPECT_EQ(view.ingest_ns, 99);
  EXPECT_EQ(view.time_ns, e.event.time_ns);
  EXPECT_FALSE(view.time_missing());
  EXPECT_EQ(view.raw, e.raw);
  EXPECT_EQ(view.fields[0], e.actor);
  EXPECT_EQ(view.fields[static_cast<size_t>(Field::kOutcome)], "failure");
  EXPECT_EQ(view.fields[static_cast<size_t>(Field::kTenant)], "");
}

TEST(RecordTest, MissingTimeStoresIngestTime) {
  testing::TestEvent e(1);
  e.event.time_missing = true;
  const std::string frame = Encode(e.event);
  RecordView view;
  size_t size = 0;
  ASSERT_EQ(DecodeFrame(frame, kSeed, &view, &size), FrameState::kOk);
  EXPECT_TRUE(view.time_missing());
  EXPECT_EQ(view.time_ns, 99);
}

TEST(RecordTest, ChecksumMismatchOnAnyFlippedBodyByte) {
  testing::TestEvent e(3);
  const std::string frame = Encode(e.event);
  for (size_t i = format::kRecordSeqOffset; i < frame.size(); ++i) {
    std::string damaged = frame;
    damaged[i] ^= 0x01;
    RecordView view;
    size_t size = 0;
    EXPECT_EQ(DecodeFrame(damaged, kSeed, &view, &size), FrameState::kBadChecksum) << i;
  }
}

TEST(RecordTest, RecordFromAnotherSegmentFailsItsChecksum) {
  testing::TestEvent e(3);
  const std::string frame = Encode(e.event);
  RecordView view;
  size_t size = 0;
  EXPECT_EQ(DecodeFrame(frame, kSeed + 1, &view, &size), FrameState::kBadChecksum);
  const std::string log_a(16, 'a'), log_b(16, 'b');
  EXPECT_NE(SegmentSeed(log_a, 1), SegmentSeed(log_b, 1));
  EXPECT_NE(SegmentSeed(log_a, 1), SegmentSeed(log_a, 2));
}

TEST(RecordTest, BadMagicIsNotAFrame) {
  testing::TestEvent e(3);
  std::string frame = Encode(e.event);
  frame[0] = 'X';
  RecordView view;
  size_t size = 0;
  EXPECT_EQ(DecodeFrame(frame, kSeed, &view, &size), FrameState::kBadMagic);
}

TEST(RecordTest, HugeLengthIsRefusedWithoutAllocating) {
  testing::TestEvent e(3);
  std::string frame = Encode(e.event);
  EncodeFixed32(frame.data() + format::kRecordLengthOffset, 0xffffffffu);
  RecordView view;
  size_t size = 0;
  EXPECT_EQ(DecodeFrame(frame, kSeed, &view, &size), FrameState::kBadLength);
}

TEST(RecordTest, TruncatedFrameIsIncomplete) {
  testing::TestEvent e(3);
  const std::string frame = Encode(e.event);
  for (size_t cut : {size_t{0}, size_t{3}, size_t{20}, frame.size() - 1}) {
    RecordView view;
    size_t size = 0;
    EXPECT_EQ(DecodeFrame(std::string_view(frame).substr(0, cut), kSeed, &view, &size),
              FrameState::kIncomplete)
        << cut;
  }
}

TEST(RecordTest, OversizedFieldIsRejected) {
  std::string big(70000, 'a');
  Event event;
  event.raw = "{}";
  event.set_field(Field::kResource, big);
  Status status = CheckEventLimits(event);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_NE(status.message().find("resource"), std::string::npos);
}


// A frame around `body` with a checksum that matches it, as whoever forged
// or miswrote it would compute: only the body's own structure can tell.
std::string FrameAround(const std::string& body) {
  std::string frame(format::kRecordHeaderSize, '\0');
  EncodeFixed32(frame.data() + format::kRecordMagicOffset, format::kRecordMagic);
  EncodeFixed32(frame.data() + format::kRecordLengthOffset, static_cast<uint32_t>(body.size()));
  EncodeFixed64(frame.data() + format::kRecordSeqOffset, 7);
  frame += body;
  EncodeFixed64(frame.data() + format::kRecordChecksumOffset,
                Checksum(std::string_view(frame).substr(format::kRecordSeqOffset), kSeed));
  return frame;
}

TEST(RecordTest, BodyThatDoesNotParseIsMalformedEvenWithAGoodChecksum) {
  testing::TestEvent e(3);
  const std::string good = Encode(e.event);
  const std::string body = good.substr(format::kRecordHeaderSize);
  RecordView view;
  size_t size = 0;
  const std::string rebuilt = FrameAround(body);  // the view points into it
  ASSERT_EQ(DecodeFrame(rebuilt, kSeed, &view, &size), FrameState::kOk);
  EXPECT_EQ(view.raw, e.raw);

  std::string unknown_flag = body;
  unknown_flag[16] = static_cast<char>(0x80);  // the flags byte: a bit no version defines
  std::string field_too_long = body.substr(0, format::kRecordBodyFixedSize);
  field_too_long += static_cast<char>(100);  // the first field claims 100 bytes
  field_too_long += "short";
  std::string bad_varint = body.substr(0, format::kRecordBodyFixedSize) + std::string(5, '\xff');
  for (const std::string& bad : {unknown_flag, field_too_long, bad_varint}) {
    EXPECT_EQ(DecodeFrame(FrameAround(bad), kSeed, &view, &size), FrameState::kBadBody);
  }
  // Shorter than the fixed part of a body: refused by its length already.
  EXPECT_EQ(DecodeFrame(FrameAround(body.substr(0, 10)), kSeed, &view, &size),
            FrameState::kBadLength);
}

TEST(RecordTest, EveryFrameStateHasAName) {
  EXPECT_STREQ(FrameStateName(FrameState::kOk), "ok");
  EXPECT_STREQ(FrameStateName(FrameState::kIncomplete), "incomplete frame");
  EXPECT_STREQ(FrameStateName(FrameState::kBadMagic), "bad record magic");
  EXPECT_STREQ(FrameStateName(FrameState::kBadLength), "record length out of range");
  EXPECT_STREQ(FrameStateName(FrameState::kBadChecksum), "record checksum mismatch");
  EXPECT_STREQ(FrameStateName(FrameState::kBadBody), "malformed record body");
}
}  // namespace
}  // namespace sealog
