// Golden bytes: the worked example of docs/FORMAT.md, "Index files", byte
// for byte. The bytes are held here, as tests/engine/format_golden_test.cc
// holds the segment's, and also read back from the doc itself, so the code,
// this test and the doc cannot drift apart. If this test fails, either the
// code changed the format (bump kIndexVersion and update docs/FORMAT.md) or
// the doc is wrong.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "crypto/hash.h"
#include "crypto/text_codec.h"
#include "engine/coding.h"
#include "index/index_builder.h"
#include "index/index_file.h"
#include "tests/index/index_test_util.h"

namespace sealog::index {
namespace {

constexpr int64_t kT = 1767225600000000000;  // 2026-01-01T00:00:00Z

std::string ExampleIndex() {
  IndexBuilder builder;
  std::array<std::string_view, kFieldCount> fields{};
  fields[0] = "alice";
  fields[1] = "login";
  builder.Add(kT + 2000, fields, 64);
  fields[0] = "bob";
  builder.Add(kT + 1000, fields, 163);
  fields[0] = "alice";
  fields[1] = "logout";
  builder.Add(kT + 2000, fields, 262);
  return builder.Encode(testing::ExampleIdentity(1, 1));
}

// The hex of FORMAT.md's index worked example, without spaces and line breaks.
// clang-format off
constexpr char kFixedHeaderHex[] =
    "5345414c4f474958" "01000000" "35020000"           // magic, version 1, head size 565
    "000102030405060708090a0b0c0d0e0f"                 // log id
    "0100000000000000" "0100000000000000"              // segment 1, first seq 1
    "03000000" "08000000"                              // 3 records, 8 sections
    "e803faed51728618" "d007faed51728618";             // min and max time

// Offset and length of each section; their hashes are checked by recomputing.
constexpr char kSectionsAt[][33] = {
    "35020000000000001b00000000000000", "50020000000000002f00000000000000",
    "7f020000000000003200000000000000", "b1020000000000000c00000000000000",
    "bd020000000000000c00000000000000", "c9020000000000000c00000000000000",
    "d5020000000000000c00000000000000", "e1020000000000000c00000000000000"};

constexpr char kSummaryHex[] =
    "02000000" "05616c696365" "03626f62" "40000000" "07" "4404021431110108"         // actor
    "02000000" "056c6f67696e" "066c6f676f7574" "40000000" "07" "0804080408040804"  // action
    "0000000000000000000000" "0000000000000000000000"  // resource, tenant: empty
    "0000000000000000000000" "0000000000000000000000"  // origin, outcome: empty
    "0c13c64d84a2fb7e";                                 // head checksum

constexpr char kSectionsHex[] =
    "03000000" "01000000" "e803faed51728618" "00000000"       // time: 3 entries, 1 block
    "0001" "e80700" "0002"                                    //   (T+1000, 1) (T+2000, 0) (T+2000, 2)
    "02000000" "000000000500000008000000"                     // actor: 2 values, value offsets
    "000000000200000003000000" "0200000001000000"             //   postings offsets, counts
    "616c696365626f62" "0002" "01"                            //   "alice" "bob", {0, 2}, {1}
    "02000000" "00000000050000000b000000"                     // action
    "000000000200000003000000" "0200000001000000"
    "6c6f67696e6c6f676f7574" "0001" "02"                      //   "login" "logout", {0, 1}, {2}
    "000000000000000000000000" "000000000000000000000000"     // resource, tenant
    "000000000000000000000000" "000000000000000000000000"     // origin, outcome
    "40000000a300000006010000";                               // frame offsets 64 163 262

constexpr char kDigestHex[] = "6f93dab1981c6fd4a65d444bc7d6d07e1f363a81f7a5e55f05ffd924a66fe984";
// clang-format on

// The bytes of the hex dumps in the "Worked example" of the "Index files"
// section: in each fenced block, the leading run of two-digit hex bytes of a
// line, up to the two spaces before its comment.
std::string HexFromFormatDoc(std::string* doc_text) {
  std::ifstream in(SEALOG_FORMAT_DOC);
  std::stringstream buffer;
  buffer << in.rdbuf();
  *doc_text = buffer.str();
  const size_t section = doc_text->find("\n## Index files\n");
  const size_t example = doc_text->find("\n### Worked example\n", section);
  const size_t end = doc_text->find("\n## ", example + 1);
  if (section == std::string::npos || example == std::string::npos) return "";
  std::istringstream lines(doc_text->substr(example, end - example));
  std::string line;
  std::string hex;
  bool fenced = false;
  while (std::getline(lines, line)) {
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) continue;
    const std::string bytes = line.substr(0, line.find("  "));
    for (size_t at = 0; at + 2 <= bytes.size(); at += 3) hex.append(bytes, at, 2);
  }
  return hex;
}

TEST(IndexFormatGoldenTest, HeadMatchesFormatDoc) {
  const std::string hex = crypto::HexEncode(ExampleIndex());
  ASSERT_EQ(hex.size(), 2 * 749u);
  std::string expected = kFixedHeaderHex;
  const std::string bytes = ExampleIndex();
  for (size_t s = 0; s < kSectionCount; ++s) {
    expected.append(kSectionsAt[s]);
    const uint64_t offset = DecodeFixed64(bytes.data() + kFixedHeaderSize + s * kSectionEntrySize);
    const uint64_t length =
        DecodeFixed64(bytes.data() + kFixedHeaderSize + s * kSectionEntrySize + 8);
    expected.append(crypto::ToHex(crypto::Blake2b(std::string_view(bytes).substr(offset, length))));
  }
  expected.append(kSummaryHex);
  EXPECT_EQ(hex.substr(0, expected.size()), expected);
  EXPECT_EQ(crypto::ToHex(IndexFile::DigestOf(bytes)), kDigestHex);
}

TEST(IndexFormatGoldenTest, SectionsMatchFormatDoc) {
  const std::string hex = crypto::HexEncode(ExampleIndex());
  EXPECT_EQ(hex.substr(2 * 565), kSectionsHex);
}

TEST(IndexFormatGoldenTest, FormatDocHoldsTheseBytes) {
  std::string doc;
  const std::string from_doc = HexFromFormatDoc(&doc);
  EXPECT_EQ(from_doc, crypto::HexEncode(ExampleIndex()));
  EXPECT_NE(doc.find(std::string("`").append(kDigestHex).append("`")), std::string::npos);
}

TEST(IndexFormatGoldenTest, ExampleOpensAndAnswers) {
  std::unique_ptr<IndexFile> file;
  const crypto::Hash digest = IndexFile::DigestOf(ExampleIndex());
  ASSERT_TRUE(IndexFile::OpenBytes(ExampleIndex(), "00000001.idx", testing::ExampleIdentity(1, 1),
                                   &digest, &file)
                  .ok());
  Postings out;
  ASSERT_TRUE(file->FieldRange(Field::kActor, Bound::At("alice"), Bound::At("alice"), &out).ok());
  EXPECT_EQ(out, (Postings{0, 2}));
  ASSERT_TRUE(file->TimeRange(kT + 2000, kT + 2000, &out).ok());
  EXPECT_EQ(out, (Postings{0, 2}));
  EXPECT_TRUE(file->summary().MayContain(Field::kAction, "logout"));
  EXPECT_EQ(*file->FrameOffset(1), 163u);
}

}  // namespace
}  // namespace sealog::index
