#include "engine/manifest.h"

#include <gtest/gtest.h>

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"

namespace sealog {
namespace {

Manifest TwoSegments() {
  Manifest manifest;
  manifest.generation = 3;
  manifest.log_id = std::string(16, '\x07');
  manifest.created_ns = 123;
  manifest.segments.push_back({1, 1, 10, 4096, 555, false});
  manifest.segments.push_back({2, 11, 0, 0, 0, true});
  return manifest;
}

TEST(ManifestTest, RoundTrip) {
  const Manifest manifest = TwoSegments();
  Manifest decoded;
  ASSERT_TRUE(Manifest::Decode(manifest.Encode(), &decoded).ok());
  EXPECT_EQ(decoded.generation, 3u);
  EXPECT_EQ(decoded.log_id, manifest.log_id);
  EXPECT_EQ(decoded.segments, manifest.segments);
}

TEST(ManifestTest, AnyFlippedByteIsCorruption) {
  const std::string bytes = TwoSegments().Encode();
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] ^= 0x20;
    Manifest decoded;
    EXPECT_TRUE(Manifest::Decode(damaged, &decoded).IsCorruption()) << i;
  }
}

TEST(ManifestTest, TruncationIsCorruption) {
  const std::string bytes = TwoSegments().Encode();
  for (size_t cut = 0; cut < bytes.size(); cut += 7) {
    Manifest decoded;
    EXPECT_TRUE(Manifest::Decode(bytes.substr(0, cut), &decoded).IsCorruption()) << cut;
  }
}

TEST(ManifestTest, GapInSeqsIsCorruption) {
  Manifest manifest = TwoSegments();
  manifest.segments[1].first_seq = 12;
  Manifest decoded;
  Status status = Manifest::Decode(manifest.Encode(), &decoded);
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("expected 11"), std::string::npos) << status.message();
}

TEST(ManifestTest, TwoActiveSegmentsIsCorruption) {
  Manifest manifest = TwoSegments();
  manifest.segments[0].active = true;
  Manifest decoded;
  EXPECT_TRUE(Manifest::Decode(manifest.Encode(), &decoded).IsCorruption());
}

TEST(ManifestTest, NewerVersionIsRefusedByName) {
  std::string bytes = TwoSegments().Encode();
  EncodeFixed32(bytes.data() + 8, 99);
  Manifest decoded;
  Status status = Manifest::Decode(bytes, &decoded);
  EXPECT_NE(status.message().find("version 99"), std::string::npos) << status.message();
}


// `bytes` with its trailing checksum recomputed, as a tool that knew the
// format would write it: only the content tells it is wrong.
std::string Resealed(std::string bytes) {
  EncodeFixed64(bytes.data() + bytes.size() - 8,
                Checksum(std::string_view(bytes).substr(0, bytes.size() - 8)));
  return bytes;
}

TEST(ManifestTest, ContentThatCannotBeIsCorruptionNamingIt) {
  Manifest decoded;
  const auto message = [&](const std::string& bytes) {
    Status status = Manifest::Decode(bytes, &decoded);
    EXPECT_TRUE(status.IsCorruption()) << status.ToString();
    return status.message();
  };
  Manifest none = TwoSegments();
  none.segments.clear();
  EXPECT_EQ(message(none.Encode()), "MANIFEST: lists no segments");

  Manifest gap = TwoSegments();
  gap.segments[1].number = 3;
  EXPECT_EQ(message(gap.Encode()), "MANIFEST: segment 3 follows segment 1");

  std::string state = TwoSegments().Encode();
  state[format::kManifestHeaderSize + 40] = 9;  // the first entry's state
  EXPECT_EQ(message(Resealed(state)), "MANIFEST: unknown segment state 9");

  std::string count = TwoSegments().Encode();
  EncodeFixed32(count.data() + format::kManifestCountOffset, 3);
  EXPECT_EQ(message(Resealed(count)), "MANIFEST: entry count does not match the file size");
}

}  // namespace
}  // namespace sealog
