// Golden bytes: the worked example of docs/FORMAT.md, byte for byte. If this
// test fails, either the code changed the format (bump format::kVersion and
// update docs/FORMAT.md) or the doc is wrong.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "crypto/text_codec.h"
#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/io/fault_env.h"
#include "engine/manifest.h"
#include "engine/record.h"
#include "engine/segment.h"
#include "engine/tier/warm_file.h"

namespace sealog {
namespace {

std::string ExampleLogId() {
  std::string id;
  for (int i = 0; i < 16; ++i) id.push_back(static_cast<char>(i));
  return id;
}

// The hex of FORMAT.md's "Worked example", without spaces and line breaks.
constexpr char kHeaderHex[] =
    "5345414c4f475347" "01000000" "40000000"            // magic, version 1, header size 64
    "000102030405060708090a0b0c0d0e0f"                  // log id
    "0100000000000000" "0100000000000000"              // segment 1, first seq 1
    "0000faed51728618" "68cb0aa404a26448";             // created, checksum

constexpr char kSeedHex[] = "86f87e3882c2d754";

constexpr char kRecordHex[] =
    "534c5231" "43000000"                              // magic "SLR1", body length 67
    "4c755e73ffae40f3"                                  // checksum
    "0100000000000000" "4000000000000000"              // seq 1, synced 64
    "15cd55f551728618" "0000faed51728618" "00"         // ingest time, event time, flags
    "05616c696365" "056c6f67696e" "00" "00" "00" "00"  // actor, action, 4 empty fields
    "7b226163746f72223a22616c696365222c22616374696f6e223a226c6f67696e227d";  // raw

std::string Hex(const std::string& bytes) { return crypto::HexEncode(bytes); }

TEST(FormatGoldenTest, SegmentHeaderMatchesFormatDoc) {
  SegmentHeader header;
  header.log_id = ExampleLogId();
  header.number = 1;
  header.first_seq = 1;
  header.created_ns = 1767225600000000000;  // 2026-01-01T00:00:00Z
  EXPECT_EQ(Hex(EncodeSegmentHeader(header)), kHeaderHex);
}

TEST(FormatGoldenTest, RecordMatchesFormatDoc) {
  Event event;
  event.raw = R"({"actor":"alice","action":"login"})";
  event.time_ns = 1767225600000000000;
  event.set_field(Field::kActor, "alice");
  event.set_field(Field::kAction, "login");
  std::string frame;
  EncodeRecord(event, /*seq=*/1, /*synced=*/64, /*ingest_ns=*/1767225600123456789,
               SegmentSeed(ExampleLogId(), 1), &frame);
  EXPECT_EQ(Hex(frame), kRecordHex);
  char seed[17];
  std::snprintf(seed, sizeof(seed), "%016llx",
                static_cast<unsigned long long>(SegmentSeed(ExampleLogId(), 1)));
  EXPECT_STREQ(seed, kSeedHex);
  RecordView view;
  size_t size = 0;
  ASSERT_EQ(DecodeFrame(frame, SegmentSeed(ExampleLogId(), 1), &view, &size), FrameState::kOk);
  EXPECT_EQ(view.raw, event.raw);
}

// FORMAT.md's "Warm segment file" example: the worked example's segment
// (header and one record, 163 bytes) moved to warm. The frame's bytes are
// zstd's to choose; the header, the table's shape and the trailer are ours.
constexpr char kWarmHeaderHex[] =
    "5345414c4f47574d" "01000000" "48000000"            // magic, version 1, header size 72
    "000102030405060708090a0b0c0d0e0f"                  // log id
    "0100000000000000" "a300000000000000"              // segment 1, size 163
    "00080000" "01000000"                              // frame bytes 2048, 1 frame
    "00000000" "c294d338"                              // no dictionary: 0 bytes, low 32 of xxh3("")
    "ca42219bf8fd86c7";                                 // checksum

TEST(FormatGoldenTest, WarmFileMatchesFormatDoc) {
  std::string segment, record;
  ASSERT_TRUE(crypto::HexDecode(kHeaderHex, &segment));
  ASSERT_TRUE(crypto::HexDecode(kRecordHex, &record));
  segment += record;
  ASSERT_EQ(segment.size(), 163u);
  io::FaultEnv env;
  ASSERT_TRUE(env.CreateDir("/s").ok());
  std::unique_ptr<io::WritableFile> out;
  ASSERT_TRUE(env.NewWritableFile("/s/" + SegmentFileName(1), {}, &out).ok());
  ASSERT_TRUE(out->Write(0, segment).ok());
  ASSERT_TRUE(out->Sync().ok());
  uint64_t stored = 0;
  ASSERT_TRUE(tier::WriteWarmFile(env, "/s", 1, 3, &stored).ok());

  std::unique_ptr<io::ReadableFile> in;
  ASSERT_TRUE(env.NewReadableFile("/s/" + tier::WarmFileName(1), &in).ok());
  std::string file(stored, '\0');
  std::string_view got;
  ASSERT_TRUE(in->Read(0, stored, file.data(), &got).ok());
  ASSERT_EQ(got.size(), stored);
  file.assign(got);
  EXPECT_EQ(Hex(file.substr(0, 72)), kWarmHeaderHex);
  // header | frame (no dictionary) | table (8) | table checksum (8) | "SEALOGWE"
  const std::string table = file.substr(stored - 24, 8);
  const uint32_t compressed = DecodeFixed32(table.data());
  EXPECT_EQ(72 + compressed + 24, stored);
  EXPECT_EQ(DecodeFixed32(table.data() + 4),
            static_cast<uint32_t>(Checksum(std::string_view(file).substr(72, compressed), 0)));
  EXPECT_EQ(DecodeFixed64(file.data() + stored - 16), Checksum(table));
  EXPECT_EQ(file.substr(stored - 8), "SEALOGWE");

  std::shared_ptr<io::ReadableFile> bytes;
  tier::WarmHeader header;
  ASSERT_TRUE(tier::OpenWarmFile(std::move(in), stored, "warm", &bytes, &header).ok());
  std::string back(segment.size(), '\0');
  ASSERT_TRUE(bytes->Read(0, back.size(), back.data(), &got).ok());
  EXPECT_EQ(got, segment);
}

}  // namespace
}  // namespace sealog
