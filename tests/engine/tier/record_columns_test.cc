// Record columns (engine/tier/record_columns.h): runs of frames come back
// byte for byte whatever their raw bytes hold; runs that are not valid frames
// are refused; columns decoded against the wrong block description, damaged
// or crafted, are refused or decode to exactly the block's size of valid
// frames, and never cost more than one record's worth beyond it.
#include "engine/tier/record_columns.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "bench/split_mix64.h"
#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/limits.h"
#include "engine/record.h"
#include "engine/tier/text_packing.h"
#include "sealog/ingest.h"

namespace sealog::tier {
namespace {

using namespace format;  // NOLINT

const std::string kLogId = "0123456789abcdef";
constexpr int64_t kBaseNs = 1'767'225'600'123'456'789;  // 2026-01-01T00:00:00.123456789Z

struct TestRecord {
  std::string raw;
  std::array<std::string, kFieldCount> fields;
  int64_t time_ns = kBaseNs;
  bool time_missing = false;
  int64_t ingest_ns = kBaseNs + 1000;
  uint64_t synced = 0;
};

TestRecord Raw(std::string raw) {
  TestRecord r;
  r.raw = std::move(raw);
  return r;
}

std::string EncodeRun(const std::vector<TestRecord>& records, uint64_t seed, uint64_t first_seq) {
  std::string frames;
  for (size_t i = 0; i < records.size(); ++i) {
    const TestRecord& r = records[i];
    Event event;
    event.raw = r.raw;
    event.time_ns = r.time_ns;
    event.time_missing = r.time_missing;
    for (size_t k = 0; k < kFieldCount; ++k) event.fields[k] = r.fields[k];
    EXPECT_TRUE(CheckEventLimits(event).ok());
    EncodeRecord(event, first_seq + i, r.synced, r.ingest_ns, seed, &frames);
  }
  return frames;
}

// The time as RFC 3339 with `digits` fractional digits and 'Z'.
std::string TimeText(int64_t ns, int digits) {
  const std::string nine = FormatRfc3339(ns);
  std::string text = nine.substr(0, 19);
  if (digits > 0) text += nine.substr(19, 1 + digits);
  return text + "Z";
}

std::string Hex(size_t n, uint64_t seed) {
  static constexpr char kDigits[] = "0123456789abcdef";
  bench::SplitMix64 random(seed);
  std::string out;
  for (size_t i = 0; i < n; ++i) out.push_back(kDigits[random.Uniform(16)]);
  return out;
}

// Every frame of `frames` is valid for `position` and their seqs follow.
void ExpectValidRun(std::string_view frames, const RunPosition& position, uint32_t count) {
  size_t at = 0;
  uint32_t n = 0;
  while (at < frames.size()) {
    RecordView view;
    size_t size = 0;
    ASSERT_EQ(DecodeFrame(frames.substr(at), position.seed, &view, &size), FrameState::kOk)
        << "frame " << n;
    ASSERT_EQ(view.seq, position.first_seq + n);
    at += size;
    ++n;
  }
  EXPECT_EQ(n, count);
}

class RecordColumnsTest : public ::testing::Test {
 protected:
  RecordColumnsTest() : position_{SegmentSeed(kLogId, 7), 1000, 4096} {}

  // Encodes `records` as a run, turns it into columns and back, and expects
  // the exact bytes. Returns the columns.
  std::string RoundTrip(const std::vector<TestRecord>& records) {
    const std::string frames = EncodeRun(records, position_.seed, position_.first_seq);
    uint32_t count = 0;
    std::string columns;
    const Status encoded = EncodeRecordColumns(frames, position_, &count, &columns);
    EXPECT_TRUE(encoded.ok()) << encoded.ToString();
    if (!encoded.ok()) return "";
    EXPECT_EQ(count, records.size());
    std::string back = "prefix";
    const Status decoded =
        DecodeRecordColumns(columns, position_, count, frames.size(), "test block", &back);
    EXPECT_TRUE(decoded.ok()) << decoded.ToString();
    EXPECT_EQ(back.substr(0, 6), "prefix");
    EXPECT_TRUE(back.substr(6) == frames) << "frames differ";
    return columns;
  }

  RunPosition position_;
};

TEST_F(RecordColumnsTest, EmptyRun) {
  uint32_t count = 99;
  std::string columns;
  ASSERT_TRUE(EncodeRecordColumns("", position_, &count, &columns).ok());
  EXPECT_EQ(count, 0u);
  std::string back;
  ASSERT_TRUE(DecodeRecordColumns(columns, position_, 0, 0, "empty", &back).ok());
  EXPECT_EQ(back, "");
}

TEST_F(RecordColumnsTest, JsonEventsRoundTrip) {
  std::vector<TestRecord> records;
  {
    TestRecord r;
    r.raw =
        "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":"
        "\"alice\",\"arn\":\"arn:aws:iam::123456789012:user/alice\",\"session\":{\"mfa\":"
        "true,\"attrs\":{\"created\":\"2025-12-31T23:00:00Z\",\"n\":[1,2,{\"x\":[]}]}}},"
        "\"eventTime\":\"" +
        TimeText(kBaseNs, 0) +
        "\",\"sourceIPAddress\":\"203.0.113.7\","
        "\"requestID\":\"" +
        Hex(32, 1) + "\",\"n\":-12.5e+3,\"ok\":true,\"none\":null}";
    r.fields[static_cast<size_t>(Field::kActor)] = "alice";
    r.fields[static_cast<size_t>(Field::kAction)] = "GetObject";
    r.fields[static_cast<size_t>(Field::kResource)] = "arn:aws:s3:::bucket/key";
    r.fields[static_cast<size_t>(Field::kOrigin)] = "203.0.113.7";
    r.synced = 4096;
    records.push_back(r);
  }
  // Escaped quotes and backslashes inside strings, empty strings, keys with
  // whitespace before ':', a string key with no colon.
  records.push_back(
      Raw("{\"msg\":\"she said \\\"hi\\\" \\\\ then \\\\\\\"left\\\\\\\"\","
          "\"path\":\"C:\\\\Users\\\\x\\\\\",\"empty\":\"\",\"\":\"empty key\","
          "\"k\" : \"v\",\"k2\"\t\r\n:\n\"v2\",\"q\":\"\\\"\",\"lonely\" ,\"x\"}"));
  records.push_back(Raw("{\"msg\":\"\\\\\",\"k\":\"\\\\\\\\\",\"path\":\"\\\"\\\"\\\"\"}"));
  // Unterminated strings, at the end and with an escaped quote before it.
  records.push_back(Raw("{\"a\":\"unterminated \\\" still going"));
  records.push_back(Raw("{\"a\":\"ends in a backslash\\"));
  records.push_back(Raw("\""));
  records.push_back(Raw("\"\\"));
  records.push_back(Raw("{\"key\""));
  records.push_back(Raw("{\"key\"  "));
  records.push_back(Raw("{\"key\":"));
  // Numbers of every shape, and things that almost are.
  records.push_back(
      Raw("[0,-0,1e10,-1.5E-3,12345678901234567890,0x1F,-,--1,1-2,.5,5.,+3,"
          "-.5,1.2.3.4,007,1e,e1,-e,9999999999999999999999999999999999]"));
  records.push_back(Raw("{\"n\":-1,\"m\":2.5E+10,\"o\":-0.000001,\"p\":[-1,-2,-3],\"q\":1-}"));
  // Keys reused in another order, with other kinds of values.
  records.push_back(Raw("{\"n\":\"now a string\",\"msg\":42,\"k\":{\"k\":{\"k\":\"deep\"}}}"));
  records.push_back(Raw("{}"));
  records.push_back(Raw("[]"));
  records.push_back(Raw(""));
  ASSERT_NO_FATAL_FAILURE(RoundTrip(records));
  // Each alone (a run of one), too.
  for (size_t i = 0; i < records.size(); ++i) {
    SCOPED_TRACE(i);
    ASSERT_NO_FATAL_FAILURE(RoundTrip({records[i]}));
  }
}

TEST_F(RecordColumnsTest, NonJsonRawTextRoundTrips) {
  std::vector<TestRecord> records;
  records.push_back(
      Raw("Jun  7 12:00:01 host sshd[1234]: Failed password for root from "
          "198.51.100.23 port 22 ssh2"));
  records.push_back(
      Raw("type=SYSCALL msg=audit(1717761601.123:4567): arch=c000003e syscall=59 "
          "success=yes exit=0 a0=55d0c8a1b2c0 key=\"exec\" uid=0 comm=\"bash\""));
  records.push_back(
      Raw("CEF:0|Vendor|Product|1.0|100|name|10|src=10.0.0.1 dst=10.0.0.2 "
          "msg=he said: \"no\" \\ ok"));
  records.push_back(Raw("<34>1 2026-01-01T00:00:00.123Z mymachine su - ID47 - 'su root' failed"));
  records.push_back(Raw("\xff\xfe\x80 not utf-8 \xc3\x28 \"\xe2\x82\" : \x7f"));
  ASSERT_NO_FATAL_FAILURE(RoundTrip(records));
}

TEST_F(RecordColumnsTest, ControlBytesInRawKeysValuesAndFields) {
  std::vector<TestRecord> records;
  std::string controls;
  for (int b = 0; b <= 6; ++b) controls.push_back(static_cast<char>(b));
  records.push_back(Raw(controls));
  records.push_back(Raw("{\"" + controls + "\":\"" + controls + "\",\"n\":1" + controls + "2}"));
  records.push_back(
      Raw(controls + "{\"a\":" + controls + "\"b\"" + controls + ":" + controls + "}"));
  {
    TestRecord r = Raw("{\"actor\":\"" + controls + "\"}");
    for (size_t k = 0; k < kFieldCount; ++k) r.fields[k] = controls + std::to_string(k);
    r.fields[0] = controls;  // the raw string equals field 0: a field reference
    records.push_back(r);
  }
  // Every byte value, and every pair of the codes next to each other.
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  records.push_back(Raw(all));
  records.push_back(Raw("\"" + all + "\":\"" + all + "\""));
  std::string pairs;
  for (int a = 0; a <= 7; ++a) {
    for (int b = 0; b <= 7; ++b) {
      pairs.push_back(static_cast<char>(a));
      pairs.push_back(static_cast<char>(b));
    }
  }
  records.push_back(Raw(pairs));
  {
    TestRecord r = Raw("x");
    r.fields[3] = all;
    r.fields[5] = std::string("\x03\x03\x00", 3);
    records.push_back(r);
  }
  ASSERT_NO_FATAL_FAILURE(RoundTrip(records));
}

TEST_F(RecordColumnsTest, FieldReferences) {
  TestRecord r;
  r.fields[0] = "alice";
  r.fields[1] = "s3:GetObject";
  r.fields[2] = "arn:aws:s3:::payroll/2026/" + Hex(24, 5);
  r.fields[3] = "tenant-42";
  r.fields[4] = "198.51.100.23";
  r.fields[5] = "success";
  r.raw = "{\"user\":\"alice\",\"action\":\"s3:GetObject\",\"resource\":\"" + r.fields[2] +
          "\",\"tenant\":\"tenant-42\",\"ip\":\"198.51.100.23\",\"outcome\":\"success\","
          "\"again\":\"alice\",\"alice\":\"alice\",\"prefix\":\"alic\",\"longer\":\"alice \","
          "\"n\":42}";
  const std::string with = RoundTrip({r});
  // The same text where no string matches a field: every value goes to a column.
  TestRecord other = r;
  for (std::string& field : other.fields) field = "zz" + field;
  const std::string without = RoundTrip({other});
  EXPECT_LT(with.size() + 40, without.size()) << "field references saved nothing";
  // Empty fields match no empty string.
  TestRecord empty = Raw("{\"a\":\"\",\"b\":\"\"}");
  ASSERT_NO_FATAL_FAILURE(RoundTrip({empty}));
}

TEST_F(RecordColumnsTest, TimeReferences) {
  std::vector<TestRecord> records;
  for (int64_t time : {kBaseNs, int64_t{0}, int64_t{-1}, int64_t{1'000'000'000},
                       int64_t{-86'400'000'000'001}, std::numeric_limits<int64_t>::max(),
                       std::numeric_limits<int64_t>::min(), kBaseNs - kBaseNs % 1'000'000}) {
    TestRecord r;
    r.time_ns = time;
    r.ingest_ns = kBaseNs;
    std::string raw = "{";
    for (int digits : {0, 3, 6, 9}) {
      raw += "\"t" + std::to_string(digits) + "\":\"" + TimeText(time, digits) + "\",";
    }
    // Not references: other digit counts, another offset, another instant.
    raw += "\"t2\":\"" + TimeText(time, 9).substr(0, 22) + "Z\",";
    raw += "\"tz\":\"" + TimeText(time, 3).substr(0, 23) + "+00:00\",";
    raw += "\"other\":\"" + TimeText(time ^ 1, 9) + "\",";
    raw += "\"short\":\"2026-01-01T00:00\",\"nearly\":\"2026-01-01T00:00:00.1234567890Z\"}";
    r.raw = raw;
    records.push_back(r);
  }
  ASSERT_NO_FATAL_FAILURE(RoundTrip(records));

  // References save the time's text: compare with a record whose times are
  // one nanosecond off its own.
  TestRecord with;
  with.raw = "{\"a\":\"" + TimeText(kBaseNs, 9) + "\",\"b\":\"" + TimeText(kBaseNs, 3) + "\"}";
  TestRecord without = with;
  without.time_ns = kBaseNs + 1;
  EXPECT_LT(RoundTrip({with}).size() + 20, RoundTrip({without}).size());
}

TEST_F(RecordColumnsTest, TimeMissingEvents) {
  std::vector<TestRecord> records;
  for (int i = 0; i < 6; ++i) {
    TestRecord r;
    r.time_missing = i % 2 == 0;
    r.time_ns = 12345;  // ignored when missing
    r.ingest_ns = kBaseNs + i * 1'000'003;
    r.synced = static_cast<uint64_t>(100 * i);
    // Strings holding the stored time (the ingest time when missing) are references.
    r.raw = "{\"seen\":\"" + TimeText(r.time_missing ? r.ingest_ns : r.time_ns, 9) + "\"}";
    records.push_back(r);
  }
  ASSERT_NO_FATAL_FAILURE(RoundTrip(records));
}

TEST_F(RecordColumnsTest, NumbersThatMoveEveryWay) {
  // synced, ingest and time going up, down, wrapping around the int64 range.
  std::vector<TestRecord> records;
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t kMin = std::numeric_limits<int64_t>::min();
  const std::vector<std::array<int64_t, 3>> values = {{0, 0, 0},
                                                      {1, kMax, kMin},
                                                      {0, kMin, kMax},
                                                      {-1, -5, 5},
                                                      {12345, kBaseNs, kBaseNs - 1},
                                                      {3, 0, kMax},
                                                      {std::numeric_limits<int64_t>::max(), 1, -1}};
  for (const auto& v : values) {
    TestRecord r = Raw("{\"v\":" + std::to_string(v[0]) + "}");
    r.synced = static_cast<uint64_t>(v[0]);
    r.ingest_ns = v[1];
    r.time_ns = v[2];
    records.push_back(r);
  }
  records.back().synced = UINT64_MAX;
  ASSERT_NO_FATAL_FAILURE(RoundTrip(records));
}

TEST_F(RecordColumnsTest, EmptyFieldsAndLimits) {
  std::vector<TestRecord> records;
  records.push_back(Raw(""));
  {
    TestRecord r = Raw("{\"a\":1}");
    r.fields[2] = std::string(kFieldBytesMax, 'f');  // the largest field there is
    r.fields[4] = Hex(kFieldBytesMax, 3);            // packed to half
    records.push_back(r);
  }
  {
    TestRecord r = Raw(std::string(100'000, '\0'));  // every byte a literal code
    records.push_back(r);
  }
  ASSERT_NO_FATAL_FAILURE(RoundTrip(records));
}

TEST_F(RecordColumnsTest, MoreThan1024DistinctKeys) {
  std::vector<TestRecord> records;
  std::string raw = "{";
  for (int k = 0; k < 1500; ++k) {
    raw += "\"key" + std::to_string(k) + "\":\"value" + std::to_string(k) + "\",";
    raw += "\"n" + std::to_string(k) + "\":" + std::to_string(k * 7 - 3) + ",";
  }
  raw += "\"end\":true}";
  records.push_back(Raw(raw));
  // Again in reverse, then with the late keys first: those past the first
  // 1023 share column 0 and still come back in place.
  std::string reversed = "{";
  for (int k = 1499; k >= 0; --k) {
    reversed += "\"n" + std::to_string(k) + "\":-" + std::to_string(k) + ",\"key" +
                std::to_string(k) + "\":\"v" + std::to_string(k) + "\",";
  }
  reversed += "\"fresh\":\"new key past the limit\",\"n\":5}";
  records.push_back(Raw(reversed));
  records.push_back(Raw("\"x\":1,\"y\":2"));  // values with no key before any key: column 0
  ASSERT_NO_FATAL_FAILURE(RoundTrip(records));
}

TEST_F(RecordColumnsTest, RandomEventsRoundTrip) {
  bench::SplitMix64 random(99);
  static const char* const kPieces[] = {
      "{",    "}",    "[",        "]",         ":",    ",",     " ",        "\"",
      "\\",   "\\\"", "\"k\":",   "\"key\" :", "-",    "1",     "-2",       "3.5e-7",
      "null", "true", "10.1.2.3", "01.2.3.4",  "\x00", "\x01",  "\x02",     "\x03",
      "\x04", "\x05", "\x06",     "\x07",      "\xff", "alice", "GetObject"};
  for (int run = 0; run < 40; ++run) {
    std::vector<TestRecord> records;
    const int count = 1 + static_cast<int>(random.Uniform(20));
    for (int i = 0; i < count; ++i) {
      TestRecord r;
      r.time_missing = random.Uniform(5) == 0;
      r.time_ns = kBaseNs + static_cast<int64_t>(random.Uniform(1'000'000'000));
      r.ingest_ns = kBaseNs + static_cast<int64_t>(random.Uniform(1'000'000'000));
      const int64_t stored_time = r.time_missing ? r.ingest_ns : r.time_ns;
      const int pieces = static_cast<int>(random.Uniform(60));
      for (int p = 0; p < pieces; ++p) {
        switch (random.Uniform(4)) {
          case 0: {
            const char* piece = kPieces[random.Uniform(sizeof(kPieces) / sizeof(kPieces[0]))];
            // The control-byte pieces are one byte each, NUL included.
            r.raw.append(piece, piece[0] == '\0' ? 1 : std::char_traits<char>::length(piece));
            break;
          }
          case 1:
            r.raw.push_back('"');
            r.raw += Hex(random.Uniform(40), random.Next());
            r.raw.push_back('"');
            break;
          case 2:
            r.raw.push_back('"');
            r.raw += TimeText(stored_time, static_cast<int>(3 * random.Uniform(4)));
            r.raw.push_back('"');
            break;
          case 3:
            r.raw.push_back(static_cast<char>(random.Uniform(256)));
            break;
        }
      }
      r.fields[0] = random.Uniform(2) ? "alice" : "";
      r.fields[1] = random.Uniform(2) ? "GetObject" : Hex(random.Uniform(20), random.Next());
      r.synced = random.Uniform(1 << 20);
      records.push_back(r);
    }
    SCOPED_TRACE(run);
    ASSERT_NO_FATAL_FAILURE(RoundTrip(records));
  }
}

// The encoder takes only runs of valid frames with seqs from first_seq.
TEST_F(RecordColumnsTest, RunsThatAreNotValidFramesAreRefused) {
  std::vector<TestRecord> records = {Raw("{\"a\":1}"), Raw("{\"b\":2}"), Raw("{\"c\":3}")};
  const std::string frames = EncodeRun(records, position_.seed, position_.first_seq);
  uint32_t count = 0;
  std::string columns;
  ASSERT_TRUE(EncodeRecordColumns(frames, position_, &count, &columns).ok());

  auto expect_refused = [&](std::string_view run, const RunPosition& position, const char* why) {
    SCOPED_TRACE(why);
    uint32_t n = 12345;
    std::string out = "untouched";
    const Status status = EncodeRecordColumns(run, position, &n, &out);
    EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
    EXPECT_EQ(n, 12345u);
  };
  // A flipped byte in the last record's raw bytes: its checksum fails.
  std::string flipped = frames;
  flipped[frames.size() - 5] ^= 0x20;
  expect_refused(flipped, position_, "bad checksum");
  // The checksum of another segment.
  RunPosition other = position_;
  other.seed = SegmentSeed(kLogId, 8);
  expect_refused(frames, other, "wrong seed");
  // Seqs not from first_seq.
  other = position_;
  other.first_seq = position_.first_seq + 1;
  expect_refused(frames, other, "wrong first seq");
  other.first_seq = position_.first_seq - 1;
  expect_refused(frames, other, "wrong first seq (before)");
  // A gap in the seqs.
  std::string gap = EncodeRun({records[0]}, position_.seed, position_.first_seq);
  gap += EncodeRun({records[1]}, position_.seed, position_.first_seq + 2);
  expect_refused(gap, position_, "seq gap");
  // Half a frame at the end, and bytes that are no frame.
  expect_refused(std::string_view(frames).substr(0, frames.size() - 1), position_, "torn tail");
  expect_refused(frames + std::string(40, '\0'), position_, "zeros after");
  expect_refused("not a frame at all, long enough to hold a header", position_, "garbage");
  std::string bad_magic = frames;
  bad_magic[0] ^= 1;
  expect_refused(bad_magic, position_, "bad magic");
}

// Every flag a frame may carry (kRecordFlagsKnown) comes back: frames whose
// flags byte is set by hand and resealed.
TEST_F(RecordColumnsTest, EveryKnownFlagRoundTrips) {
  std::string frames;
  std::vector<uint8_t> flag_values;
  for (int flags = 0; flags < 256; ++flags) {
    if ((flags & ~kRecordFlagsKnown) != 0) continue;
    TestRecord r = Raw("{\"flags\":" + std::to_string(flags) + "}");
    r.time_missing = (flags & kRecordFlagTimeMissing) != 0;
    std::string frame = EncodeRun({r}, position_.seed, position_.first_seq + flag_values.size());
    frame[kRecordHeaderSize + 16] = static_cast<char>(flags);
    EncodeFixed64(frame.data() + kRecordChecksumOffset,
                  Checksum(std::string_view(frame).substr(kRecordSeqOffset), position_.seed));
    RecordView view;
    size_t size = 0;
    ASSERT_EQ(DecodeFrame(frame, position_.seed, &view, &size), FrameState::kOk);
    ASSERT_EQ(view.flags, flags);
    frames += frame;
    flag_values.push_back(static_cast<uint8_t>(flags));
  }
  ASSERT_GE(flag_values.size(), 2u);
  uint32_t count = 0;
  std::string columns;
  const Status encoded = EncodeRecordColumns(frames, position_, &count, &columns);
  ASSERT_TRUE(encoded.ok()) << encoded.ToString();
  std::string back;
  ASSERT_TRUE(DecodeRecordColumns(columns, position_, count, frames.size(), "flags", &back).ok());
  EXPECT_TRUE(back == frames);
}

// A frame DecodeFrame accepts but EncodeRecord would not write (a field
// length as an overlong varint; a time_missing record whose time is not its
// ingest time) cannot come back byte for byte: refused, for the caller to
// store as is.
TEST_F(RecordColumnsTest, NonCanonicalFramesAreRefused) {
  auto reseal = [&](std::string* frame) {
    const std::string_view covered = std::string_view(*frame).substr(kRecordSeqOffset);
    EncodeFixed64(frame->data() + kRecordChecksumOffset, Checksum(covered, position_.seed));
  };
  TestRecord r = Raw("{\"a\":1}");
  r.time_missing = true;
  r.ingest_ns = kBaseNs;
  std::string frame = EncodeRun({r}, position_.seed, position_.first_seq);
  // time_ns (body bytes 8..15) set apart from ingest_ns.
  EncodeFixed64(frame.data() + kRecordHeaderSize + 8, static_cast<uint64_t>(kBaseNs + 1));
  reseal(&frame);
  RecordView view;
  size_t size = 0;
  ASSERT_EQ(DecodeFrame(frame, position_.seed, &view, &size), FrameState::kOk);
  uint32_t count = 0;
  std::string columns;
  EXPECT_TRUE(EncodeRecordColumns(frame, position_, &count, &columns).IsInvalidArgument());

  // Field 0's length 0 written as two varint bytes (0x80 0x00).
  std::string overlong = EncodeRun({Raw("{}")}, position_.seed, position_.first_seq);
  overlong.insert(kRecordHeaderSize + kRecordBodyFixedSize, 1, '\x80');
  EncodeFixed32(overlong.data() + kRecordLengthOffset,
                DecodeFixed32(overlong.data() + kRecordLengthOffset) + 1);
  reseal(&overlong);
  ASSERT_EQ(DecodeFrame(overlong, position_.seed, &view, &size), FrameState::kOk);
  EXPECT_TRUE(EncodeRecordColumns(overlong, position_, &count, &columns).IsInvalidArgument());
}

class DamagedColumnsTest : public RecordColumnsTest {
 protected:
  void SetUp() override {
    std::vector<TestRecord> records;
    for (int i = 0; i < 12; ++i) {
      TestRecord r;
      r.fields[0] = "user-" + std::to_string(i % 3);
      r.fields[1] = "s3:GetObject";
      r.fields[4] = "10.0.0." + std::to_string(i);
      r.time_ns = kBaseNs + i * 1'000'000;
      r.ingest_ns = kBaseNs + i * 1'000'100;
      r.time_missing = i == 5;
      r.synced = static_cast<uint64_t>(i) * 300;
      r.raw = "{\"user\":\"" + r.fields[0] + "\",\"time\":\"" + TimeText(r.time_ns, 3) +
              "\",\"req\":\"" + Hex(32, static_cast<uint64_t>(i)) +
              "\",\"n\":" + std::to_string(i * 37 - 100) + ",\"note\":\"a \\\"q\\\" " +
              std::to_string(i) + "\",\"ip\":\"" + r.fields[4] + "\"}";
      records.push_back(r);
    }
    records.push_back(Raw(std::string("\x00\x01\x05\x06 raw", 8)));
    frames_ = EncodeRun(records, position_.seed, position_.first_seq);
    ASSERT_TRUE(EncodeRecordColumns(frames_, position_, &count_, &columns_).ok());
    ASSERT_EQ(count_, records.size());
  }

  // Decodes `columns` and checks what any decode must hold: kCorruption
  // naming the block, or exactly frames_size bytes of valid frames from
  // position.first_seq; never more than a record beyond frames_size.
  Status Decode(std::string_view columns, const RunPosition& position, uint32_t count,
                uint64_t frames_size, std::string* out) {
    out->clear();
    const Status status = DecodeRecordColumns(columns, position, count, frames_size, "blk 3", out);
    if (status.ok()) {
      EXPECT_EQ(out->size(), frames_size);
      ExpectValidRun(*out, position, count);
    } else {
      EXPECT_TRUE(status.IsCorruption()) << status.ToString();
      EXPECT_NE(status.message().find("blk 3"), std::string::npos) << status.ToString();
      EXPECT_LE(out->size(), frames_size + kRecordHeaderSize + kRecordBodyBytesMax);
    }
    return status;
  }

  std::string frames_;
  std::string columns_;
  uint32_t count_ = 0;
};

TEST_F(DamagedColumnsTest, WrongRecordCountOrSizeIsCorruption) {
  std::string out;
  ASSERT_TRUE(Decode(columns_, position_, count_, frames_.size(), &out).ok());
  EXPECT_EQ(out, frames_);
  for (uint32_t count : {0u, count_ - 1, count_ + 1, UINT32_MAX}) {
    EXPECT_TRUE(Decode(columns_, position_, count, frames_.size(), &out).IsCorruption()) << count;
  }
  for (uint64_t size : {uint64_t{0}, uint64_t{1}, frames_.size() - 1, frames_.size() + 1,
                        uint64_t{kArchiveBlockBytesMax}, uint64_t{kArchiveBlockBytesMax} + 1,
                        uint64_t{UINT64_MAX}}) {
    EXPECT_TRUE(Decode(columns_, position_, count_, size, &out).IsCorruption()) << size;
  }
}

// The seed and first seq are not stored: decoding with others gives other
// frames (valid for that position), never the original bytes.
TEST_F(DamagedColumnsTest, WrongPositionGivesOtherFrames) {
  std::string out;
  RunPosition other = position_;
  other.seed = SegmentSeed(kLogId, 8);
  ASSERT_TRUE(Decode(columns_, other, count_, frames_.size(), &out).ok());
  EXPECT_NE(out, frames_);
  RecordView view;
  size_t size = 0;
  EXPECT_EQ(DecodeFrame(out, position_.seed, &view, &size), FrameState::kBadChecksum);
  other = position_;
  other.first_seq += 5;
  ASSERT_TRUE(Decode(columns_, other, count_, frames_.size(), &out).ok());
  EXPECT_NE(out, frames_);
  other = position_;
  other.offset = 0;  // only for messages
  ASSERT_TRUE(Decode(columns_, other, count_, frames_.size(), &out).ok());
  EXPECT_EQ(out, frames_);
}

TEST_F(DamagedColumnsTest, TruncatedColumnsAreCorruption) {
  std::string out;
  for (size_t n = 0; n < columns_.size(); ++n) {
    EXPECT_TRUE(
        Decode(std::string_view(columns_).substr(0, n), position_, count_, frames_.size(), &out)
            .IsCorruption())
        << n;
  }
  EXPECT_TRUE(Decode(columns_ + "x", position_, count_, frames_.size(), &out).IsCorruption());
}

TEST_F(DamagedColumnsTest, FlippedBytesAreRefusedOrDecodeToTheBlockSize) {
  std::string out;
  size_t decoded = 0;
  for (size_t at = 0; at < columns_.size(); ++at) {
    for (uint8_t mask : {0x01, 0x02, 0x10, 0x80, 0xff}) {
      std::string damaged = columns_;
      damaged[at] = static_cast<char>(damaged[at] ^ mask);
      const Status status = Decode(damaged, position_, count_, frames_.size(), &out);
      ASSERT_FALSE(::testing::Test::HasFailure()) << "at " << at << " mask " << int{mask};
      if (status.ok()) {
        ++decoded;
        EXPECT_NE(out, frames_) << "at " << at << " mask " << int{mask};
      }
    }
    for (int code = 0; code <= 7; ++code) {
      std::string damaged = columns_;
      damaged[at] = static_cast<char>(code);
      Decode(damaged, position_, count_, frames_.size(), &out);
      ASSERT_FALSE(::testing::Test::HasFailure()) << "at " << at << " set to " << code;
    }
  }
  // Some damage keeps every size (a changed hex digit, a changed number):
  // such columns decode to other frames, valid and of the block's size, which
  // only the block checksum and the seal's Merkle root can tell.
  EXPECT_GT(decoded, 0u);
}

// Columns built by hand from the layout in record_columns.h: they decode to
// the frame EncodeRecord writes for the same record.
class CraftedColumns {
 public:
  static constexpr size_t kFieldsSection = 4;
  static constexpr size_t kShapesSection = 10;
  static constexpr size_t kColumnsSection = 11;

  // One record's numbers, flags and fields.
  void Record(int64_t synced_delta, int64_t ingest_delta, int64_t time_delta, uint8_t flags,
              const std::array<std::string, kFieldCount>& packed_fields) {
    ++records_;
    PutVarint64(&sections_[0], ZigZag(synced_delta));
    PutVarint64(&sections_[1], ZigZag(ingest_delta));
    PutVarint64(&sections_[2], ZigZag(time_delta));
    sections_[3].push_back(static_cast<char>(flags));
    for (size_t k = 0; k < kFieldCount; ++k) sections_[kFieldsSection + k] += packed_fields[k];
  }
  std::string& shapes() { return sections_[kShapesSection]; }
  std::string& section(size_t i) { return sections_[i]; }
  // Column texts, already packed.
  void Columns(const std::vector<std::string>& packed) {
    std::string& out = sections_[kColumnsSection];
    out.clear();
    PutVarint64(&out, packed.size());
    for (const std::string& column : packed) {
      PutVarint64(&out, column.size());
      out += column;
    }
  }
  std::string Encode(uint64_t record_count) const {
    std::string out;
    PutVarint64(&out, record_count);
    for (const std::string& section : sections_) {
      PutVarint64(&out, section.size());
      out += section;
    }
    return out;
  }
  std::string Encode() const { return Encode(records_); }
  uint32_t records() const { return records_; }

 private:
  std::array<std::string, 12> sections_;
  uint32_t records_ = 0;
};

std::array<std::string, kFieldCount> PackedFields(const std::array<std::string, kFieldCount>& f) {
  std::array<std::string, kFieldCount> out;
  for (size_t k = 0; k < kFieldCount; ++k) PackValue(f[k], &out[k]);
  return out;
}

std::string Key(std::string_view key) {
  std::string out(1, '\x06');
  PutVarint64(&out, key.size());
  out += key;
  return out;
}

TEST_F(RecordColumnsTest, HandBuiltColumnsFollowTheDocumentedFormat) {
  // {"a":"deadbeefcafe","b":42,"c":"alice","t":"<time, 3 digits>"} + 0x01 literal
  CraftedColumns crafted;
  std::array<std::string, kFieldCount> fields;
  fields[0] = "alice";
  crafted.Record(/*synced*/ 5, /*ingest*/ 100, /*time*/ -50, 0, PackedFields(fields));
  crafted.shapes() = "{" + Key("a") + ":\x01," + Key("b") + ":\x02," + Key("c") + ":" +
                     std::string("\x03\x00", 2) + "," + Key("t") + ":\x04\x03}" +
                     std::string("\x00\x01", 2) + "\x05";
  crafted.Columns({"", "\x01\x06\xde\xad\xbe\xef\xca\xfe\"", "42\"", "", ""});
  Event event;
  const std::string raw =
      "{\"a\":\"deadbeefcafe\",\"b\":42,\"c\":\"alice\",\"t\":\"" + TimeText(-50, 3) + "\"}\x01";
  event.raw = raw;
  event.time_ns = -50;
  event.fields[0] = "alice";
  std::string want;
  EncodeRecord(event, position_.first_seq, 5, 100, position_.seed, &want);

  std::string out;
  const Status status =
      DecodeRecordColumns(crafted.Encode(), position_, 1, want.size(), "crafted", &out);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(out, want);
  EXPECT_EQ(TimeText(-50, 3), "1969-12-31T23:59:59.999Z");

  // And a second record, its numbers as deltas from the first's, time missing.
  std::array<std::string, kFieldCount> none;
  crafted.Record(-5, 7, 157, kRecordFlagTimeMissing, PackedFields(none));
  crafted.shapes() += "x\x05";
  Event second;
  second.raw = "x";
  second.time_missing = true;
  EncodeRecord(second, position_.first_seq + 1, 0, 107, position_.seed, &want);
  out.clear();
  ASSERT_TRUE(
      DecodeRecordColumns(crafted.Encode(), position_, 2, want.size(), "crafted", &out).ok());
  EXPECT_EQ(out, want);
}

// Crafted columns that ask for more than the block holds, or name what is not
// there: refused, and without building more than a record past the block.
TEST_F(RecordColumnsTest, CraftedColumnsAreRefused) {
  std::array<std::string, kFieldCount> big;
  big[0] = std::string(kFieldBytesMax, 'a');
  const std::array<std::string, kFieldCount> packed_big = PackedFields(big);
  std::string out;
  auto decode = [&](const CraftedColumns& crafted, uint64_t frames_size, std::string_view why) {
    SCOPED_TRACE(why);
    out.clear();
    const Status status =
        DecodeRecordColumns(crafted.Encode(), position_, crafted.records(), frames_size, "c", &out);
    EXPECT_TRUE(status.IsCorruption()) << status.ToString();
    EXPECT_NE(status.message().find(why), std::string::npos) << status.ToString();
    EXPECT_LE(out.size(), frames_size + kRecordHeaderSize + kRecordBodyBytesMax);
    return status;
  };
  {
    // 2 bytes of shape per 64 KiB of raw bytes: past the largest record.
    CraftedColumns crafted;
    crafted.Record(0, 0, 0, 0, packed_big);
    for (int i = 0; i < 400; ++i) crafted.shapes() += std::string("\x03\x00", 2);
    crafted.shapes() += "\x05";
    crafted.Columns({""});
    decode(crafted, 1000, "a record's raw bytes are too long");
  }
  {
    // Within the largest record, past the block's size.
    CraftedColumns crafted;
    crafted.Record(0, 0, 0, 0, packed_big);
    for (int i = 0; i < 200; ++i) crafted.shapes() += std::string("\x03\x00", 2);
    crafted.shapes() += "\x05";
    crafted.Columns({""});
    decode(crafted, 1000, "records beyond the block's size");
  }
  std::array<std::string, kFieldCount> none;
  const std::array<std::string, kFieldCount> packed_none = PackedFields(none);
  auto one = [&](const std::string& shape, const std::vector<std::string>& columns,
                 uint8_t flags = 0, int64_t time = 0) {
    CraftedColumns crafted;
    crafted.Record(0, 0, time, flags, packed_none);
    crafted.shapes() = shape;
    crafted.Columns(columns);
    return crafted;
  };
  // The frame of a record with no fields, times 0 and these raw bytes.
  auto size_of = [](std::string_view raw) {
    Event event;
    event.raw = raw;
    return EncodedFrameSize(event);
  };
  const uint64_t empty = size_of("");
  decode(one("\x05", {""}), empty + 1, "records short of the block's size");
  decode(one(std::string("\x03\x06\x05", 3), {""}), empty + 2, "a field reference");
  decode(one("\x04\x05\x05", {""}), 1000, "a time reference");    // 5 fractional digits
  decode(one("\x04", {""}), 1000, "a time reference");            // cut
  decode(one("\x01\x05", {""}), 1000, "a column ends early");     // a value column 0 lacks
  decode(one("\x02\x05", {"abc"}), 1000, "a column ends early");  // a value with no end
  {
    // `"k""v"`: right as it is, refused with a value left over in column 0.
    std::string out_ok;
    const CraftedColumns right = one(Key("k") + "\x01\x05", {"", "v\""});
    ASSERT_TRUE(
        DecodeRecordColumns(right.Encode(), position_, 1, size_of("\"k\"\"v\""), "c", &out_ok)
            .ok());
    decode(one(Key("k") + "\x01\x05", {"x\"", "v\""}), size_of("\"k\"\"v\""),
           "values left in a column");
  }
  decode(one(Key("k") + Key("j") + "\x05", {"", ""}), 1000, "a key beyond the columns");
  decode(one("\x06\x05", {""}), 1000, "a key");                           // longer than the shape
  decode(one(std::string("\x00", 1), {""}), 1000, "a shape ends early");  // a literal, no byte
  decode(one("abc", {""}), 1000, "a shape ends early");                   // no end
  decode(one("\x05", {}), empty, "column count");
  decode(one("\x05", std::vector<std::string>(1025)), empty, "column count");
  decode(one("\x05", {"\x01"}), empty, "a column's packing");
  {
    uint8_t unknown = 1;
    while ((unknown & kRecordFlagsKnown) != 0) unknown = static_cast<uint8_t>(unknown << 1);
    ASSERT_NE(unknown, 0);
    decode(one("\x05", {""}, unknown), empty, "unknown record flags");
  }
  decode(one("\x05", {""}, kRecordFlagTimeMissing, 5), empty, "time of a record without one");
  {
    // A column whose packed text unpacks past twice the block's size.
    std::string bomb;
    for (int i = 0; i < 40; ++i) bomb += std::string("\x01\xff", 2) + std::string(255, '\x11');
    decode(one("\x05", {bomb}), empty, "a column's packing");
  }
  {
    // A field past kFieldBytesMax.
    std::array<std::string, kFieldCount> huge;
    huge[1] = std::string(kFieldBytesMax + 1, 'h');
    CraftedColumns crafted;
    crafted.Record(0, 0, 0, 0, PackedFields(huge));
    crafted.shapes() = "\x05";
    crafted.Columns({""});
    decode(crafted, 200'000, "a field ends early");
  }
  {
    // A field with no end.
    CraftedColumns crafted;
    crafted.Record(0, 0, 0, 0, packed_none);
    crafted.section(CraftedColumns::kFieldsSection + 2) = "abc";
    crafted.shapes() = "\x05";
    crafted.Columns({""});
    decode(crafted, 1000, "a field ends early");
  }
  {
    // Bytes left over in a section after the last record.
    decode(one("\x05\x05", {""}), empty, "bytes left in a section");
    CraftedColumns crafted = one("\x05", {""});
    crafted.section(3).push_back('\0');
    decode(crafted, empty, "bytes left in a section");
    crafted = one("\x05", {""});
    crafted.section(CraftedColumns::kFieldsSection).push_back('\x03');
    decode(crafted, empty, "bytes left in a section");
  }
  // A record count past what the sections hold.
  CraftedColumns short_of = one("\x05", {""});
  out.clear();
  const Status status =
      DecodeRecordColumns(short_of.Encode(1u << 30), position_, 1u << 30, 1000, "c", &out);
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("a record's numbers end early"), std::string::npos)
      << status.ToString();
}

}  // namespace
}  // namespace sealog::tier
