// sealog dump: MANIFEST, segment headers, records and seals, as text and as
// JSON lines.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

constexpr char kEvents[] =
    "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"actor\":\"alice\",\"action\":\"login\"}\n"
    "{\"actor\":\"bob\"}\n"
    "{\"timestamp\":\"2026-01-01T00:00:02Z\",\"actor\":\"carol\",\"action\":\"logout\"}\n";

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Two segments: 1 sealed with kEvents, 2 active with one more record.
std::string MakeStore(const TempDir& dir) {
  const std::string store = dir.Path("store");
  InitStore(store);
  EXPECT_EQ(Sealog({"append", store}, kEvents).exit_code, 0);
  EXPECT_EQ(Sealog({"seal", store}).exit_code, 0);
  EXPECT_EQ(Sealog({"append", store}, "{\"actor\":\"dave\"}\n").exit_code, 0);
  return store;
}

TEST(DumpCliTest, ShowsTheManifestHeaderFieldsAndRecordOffsets) {
  TempDir dir;
  const std::string store = MakeStore(dir);
  const RunResult result = Sealog({"dump", store, "--records"});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  for (const char* part :
       {"MANIFEST (", "  @16   generation", "number 1 first_seq 1 record_count 3",
        "segment 00000001.seg (", ", closed, hot)", "  @0   magic           SEALOGSG",
        "  @32  segment_number  1", "  @40  first_seq       1", "  @56  checksum        0x",
        "checksum_ok     true", "segment 00000002.seg (", ", active)",
        "  record offset 64 frame_length ", " seq 1 ", " actor \"alice\" action \"login\" ",
        " seq 4 ", " leaf_hash "}) {
    EXPECT_TRUE(Contains(result.out, part)) << part << " in\n" << result.out;
  }
  // Without --records, headers only.
  const RunResult headers = Sealog({"dump", store});
  ASSERT_EQ(headers.exit_code, 0) << Describe(headers);
  EXPECT_FALSE(Contains(headers.out, "record offset")) << headers.out;
  EXPECT_TRUE(Contains(headers.out, "@32  segment_number  2")) << headers.out;
}

TEST(DumpCliTest, SealsShowTheGenesisAndEachSeal) {
  TempDir dir;
  const std::string store = MakeStore(dir);
  const RunResult result = Sealog({"dump", store, "--seals"});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  for (const char* part :
       {"seal chain SEALS (", "genesis (entry 0 at offset 32)", "root_key_fingerprint",
        "epoch0_key ", "seal of segment 1 (entry 1", "merkle_root ", "prev_hash ",
        "next_key_fingerprint", "signature ", "signer_fingerprint"}) {
    EXPECT_TRUE(Contains(result.out, part)) << part << " in\n" << result.out;
  }
}

TEST(DumpCliTest, JsonLinesParseAndRecordsFollowEachOther) {
  TempDir dir;
  const std::string store = MakeStore(dir);
  const RunResult result = Sealog({"dump", store, "--records", "--seals", "--index", "--json"});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  simdjson::dom::parser parser;
  std::map<std::string, int> types;
  std::vector<uint64_t> seqs;
  std::map<std::string, uint64_t> next_offset;  // per file: where the next record starts
  std::string seal_digest;
  std::string index_digest;
  std::map<std::string, uint64_t> values;  // "field=value": records
  for (const std::string& line : SplitLines(result.out)) {
    simdjson::dom::element object;
    ASSERT_EQ(parser.parse(line).get(object), simdjson::SUCCESS) << line;
    const std::string type{std::string_view(object["type"])};
    ++types[type];
    if (type == "record") {
      const std::string file{std::string_view(object["file"])};
      const uint64_t offset = uint64_t(object["offset"]);
      EXPECT_EQ(offset, next_offset.count(file) ? next_offset[file] : 64u) << line;
      next_offset[file] = offset + uint64_t(object["frame_length"]);
      seqs.push_back(uint64_t(object["seq"]));
      EXPECT_EQ(std::string_view(object["leaf_hash"]).size(), 64u) << line;
      EXPECT_EQ(std::string_view(object["checksum"]).size(), 18u) << line;
    } else if (type == "segment_header") {
      EXPECT_EQ(int64_t(object["offsets"]["segment_number"]), 32) << line;
      EXPECT_EQ(bool(object["checksum_ok"]), true) << line;
    } else if (type == "seal") {
      EXPECT_EQ(int64_t(object["segment_number"]), 1) << line;
      EXPECT_EQ(int64_t(object["record_count"]), 3) << line;
      EXPECT_EQ(std::string_view(object["signature"]).size(), 128u) << line;
      seal_digest = std::string_view(object["index_digest"]);
    } else if (type == "index_head") {
      EXPECT_EQ(int64_t(object["segment_number"]), 1) << line;
      EXPECT_EQ(int64_t(object["record_count"]), 3) << line;
      index_digest = std::string_view(object["index_digest"]);
    } else if (type == "index_value") {
      values[std::string(std::string_view(object["field"])) + "=" +
             std::string(std::string_view(object["value"]))] = uint64_t(object["records"]);
    } else if (type == "note") {
      EXPECT_EQ(std::string_view(object["message"]),
                "segment 2: active, its index lives in memory only");
    }
  }
  EXPECT_EQ(types["manifest"], 1);
  EXPECT_EQ(types["manifest_segment"], 2);
  EXPECT_EQ(types["segment_header"], 2);
  EXPECT_EQ(types["record"], 4);
  EXPECT_EQ(types["segment_end"], 2);
  EXPECT_EQ(types["seals_header"], 1);
  EXPECT_EQ(types["genesis"], 1);
  EXPECT_EQ(types["seal"], 1);
  EXPECT_EQ(types["note"], 1);
  EXPECT_EQ(seqs, (std::vector<uint64_t>{1, 2, 3, 4}));
  // The index of segment 1: its digest is the one the seal signs, and its
  // dictionaries hold exactly the values of kEvents.
  EXPECT_EQ(types["index_head"], 1);
  EXPECT_EQ(types["index_section"], 8);
  EXPECT_EQ(types["index_field_summary"], 6);
  EXPECT_EQ(index_digest.size(), 64u);
  EXPECT_EQ(index_digest, seal_digest);
  EXPECT_EQ(values, (std::map<std::string, uint64_t>{{"actor=alice", 1},
                                                      {"actor=bob", 1},
                                                      {"actor=carol", 1},
                                                      {"action=login", 1},
                                                      {"action=logout", 1}}));
}

TEST(DumpCliTest, IndexShowsTheDictionariesAndDamage) {
  TempDir dir;
  const std::string store = MakeStore(dir);
  RunResult result = Sealog({"dump", store, "1", "--index"});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  for (const char* part : {"index 00000001.idx (", "magic           SEALOGIX",
                           "segment_number  1", "index_digest", "section name \"actor\"",
                           "summary field \"actor\" value_count 3 min_value \"alice\" "
                           "max_value \"carol\"",
                           "value field \"action\" value \"logout\" records 1"}) {
    EXPECT_TRUE(Contains(result.out, part)) << part << " in\n" << result.out;
  }
  // A flipped byte in the last section (offsets) fails its hash.
  const std::string index = store + "/00000001.idx";
  std::string bytes = ReadFile(index);
  bytes[bytes.size() - 1] ^= 0x01;
  WriteFile(index, bytes);
  result = Sealog({"dump", store, "1", "--index"});
  EXPECT_EQ(result.exit_code, 3) << Describe(result);
  EXPECT_TRUE(Contains(result.out, "# DAMAGE: 00000001.idx")) << result.out;
}

TEST(DumpCliTest, ASegmentNumberLimitsTheDump) {
  TempDir dir;
  const std::string store = MakeStore(dir);
  RunResult result = Sealog({"dump", store, "2", "--records", "--seals"});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_FALSE(Contains(result.out, "00000001.seg")) << result.out;
  EXPECT_FALSE(Contains(result.out, "genesis")) << result.out;
  EXPECT_TRUE(Contains(result.out, " seq 4 ")) << result.out;
  result = Sealog({"dump", store, "1", "--seals"});
  EXPECT_TRUE(Contains(result.out, "seal of segment 1")) << result.out;

  result = Sealog({"dump", store, "9"});
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  EXPECT_TRUE(Contains(result.err, "segments are 1..2")) << result.err;
}

TEST(DumpCliTest, DamageIsShownWhereItIsAndEndsWithExit3) {
  TempDir dir;
  const std::string store = MakeStore(dir);
  const std::string segment = store + "/00000001.seg";
  std::string bytes = ReadFile(segment);
  bytes[64 + 40] ^= 0x01;  // the first record's ingest time
  WriteFile(segment, bytes);
  const RunResult result = Sealog({"dump", store, "--records"});
  EXPECT_EQ(result.exit_code, 3) << Describe(result);
  EXPECT_TRUE(Contains(result.out, "# DAMAGE: 00000001.seg: bad frame at offset 64")) << result.out;
  EXPECT_TRUE(Contains(result.out, " seq 4 ")) << "dump goes on past the damage\n" << result.out;
  EXPECT_EQ(SplitLines(result.err).size(), 1u) << result.err;

  EXPECT_EQ(Sealog({"dump", dir.Path("nothing-here")}).exit_code, 3);
}

}  // namespace
}  // namespace sealog::testing
