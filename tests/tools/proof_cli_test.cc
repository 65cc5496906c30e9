// head, prove, check-proof and verify --anchor, end to end.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

constexpr char kEvents[] =
    "{\"actor\":\"alice\",\"action\":\"login\"}\n"
    "{\"actor\":\"bob\",\"action\":\"read\"}\n"
    "{\"actor\":\"carol\",\"action\":\"logout\"}\n";

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A store certified by dir/root.key, with kEvents sealed.
std::string MakeStore(const TempDir& dir) {
  EXPECT_EQ(Sealog({"keygen", "--out", dir.Path("root")}).exit_code, 0);
  const std::string store = dir.Path("store");
  EXPECT_EQ(Sealog({"init", store, "--key", dir.Path("root.key")}).exit_code, 0);
  EXPECT_EQ(Sealog({"append", store}, kEvents).exit_code, 0);
  EXPECT_EQ(Sealog({"seal", store}).exit_code, 0);
  return store;
}

TEST(ProofCliTest, HeadPrintsOneCheckpointObject) {
  TempDir dir;
  const std::string store = MakeStore(dir);
  const RunResult result = Sealog({"head", store});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  ASSERT_EQ(SplitLines(result.out).size(), 1u) << result.out;
  simdjson::dom::parser parser;
  simdjson::dom::element checkpoint;
  ASSERT_EQ(parser.parse(result.out).get(checkpoint), simdjson::SUCCESS) << result.out;
  EXPECT_EQ(int64_t(checkpoint["tree_size"]), 1);
  EXPECT_EQ(int64_t(checkpoint["records"]), 3);
  EXPECT_EQ(std::string_view(checkpoint["root"]).size(), 64u);
  EXPECT_EQ(result.err, "");

  // Records past the last seal are named as left out.
  ASSERT_EQ(Sealog({"append", store}, "{\"actor\":\"dave\"}\n").exit_code, 0);
  const RunResult partial = Sealog({"head", store});
  EXPECT_EQ(partial.exit_code, 0) << Describe(partial);
  EXPECT_TRUE(Contains(partial.err, "1 later record is not sealed yet")) << partial.err;
  EXPECT_EQ(Sealog({"head", dir.Path("nowhere")}).exit_code, 3);
}

TEST(ProofCliTest, AProofChecksOutOfflineAndFailsWhenChanged) {
  TempDir dir;
  const std::string store = MakeStore(dir);
  const RunResult prove = Sealog({"prove", store, "2"});
  ASSERT_EQ(prove.exit_code, 0) << Describe(prove);
  const std::string proof = dir.Path("2.proof");
  WriteFile(proof, prove.out);
  // Offline: the store is gone.
  std::filesystem::remove_all(store);

  RunResult result = Sealog({"check-proof", proof, "--pubkey", dir.Path("root.pub")});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.out.rfind("valid: record seq 2 ", 0), 0u) << result.out;
  result = Sealog({"check-proof", "-", "--pubkey", dir.Path("root.pub")}, prove.out);
  EXPECT_EQ(result.exit_code, 0) << Describe(result);

  // Another root key: invalid, with the reason.
  ASSERT_EQ(Sealog({"keygen", "--out", dir.Path("other")}).exit_code, 0);
  result = Sealog({"check-proof", proof, "--pubkey", dir.Path("other.pub")});
  EXPECT_EQ(result.exit_code, 1) << Describe(result);
  EXPECT_EQ(result.out.rfind("invalid: ", 0), 0u) << result.out;

  // Another record claimed: invalid.
  std::string changed = prove.out;
  const size_t at = changed.find("\"seq\": 2");
  ASSERT_NE(at, std::string::npos) << changed;
  changed.replace(at, 8, "\"seq\": 3");
  WriteFile(proof, changed);
  result = Sealog({"check-proof", proof, "--pubkey", dir.Path("root.pub")});
  EXPECT_EQ(result.exit_code, 1) << Describe(result);

  // Not a proof at all: 2. No file: 3.
  WriteFile(proof, "{\"not\":\"a proof\"}\n");
  result = Sealog({"check-proof", proof, "--pubkey", dir.Path("root.pub")});
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  EXPECT_EQ(SplitLines(result.err).size(), 1u) << result.err;
  result = Sealog({"check-proof", dir.Path("none.proof"), "--pubkey", dir.Path("root.pub")});
  EXPECT_EQ(result.exit_code, 3) << Describe(result);
  EXPECT_EQ(Sealog({"check-proof", proof}).exit_code, 2) << "--pubkey is required";
}

TEST(ProofCliTest, ProveRefusesRecordsThatAreMissingOrUnsealed) {
  TempDir dir;
  const std::string store = MakeStore(dir);
  RunResult result = Sealog({"prove", store, "4"});
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  EXPECT_TRUE(Contains(result.err, "seq 1..3")) << result.err;
  ASSERT_EQ(Sealog({"append", store}, "{\"actor\":\"dave\"}\n").exit_code, 0);
  result = Sealog({"prove", store, "4"});
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  EXPECT_TRUE(Contains(result.err, "not sealed yet")) << result.err;
  EXPECT_EQ(Sealog({"prove", store, "0"}).exit_code, 2);
  EXPECT_EQ(Sealog({"prove", dir.Path("nowhere"), "1"}).exit_code, 3);
}

TEST(ProofCliTest, VerifyAnchorPassesWhileTheStoreExtendsItAndCatchesARollback) {
  TempDir dir;
  const std::string store = MakeStore(dir);
  const std::string anchor = dir.Path("anchor.json");
  RunResult head = Sealog({"head", store});
  ASSERT_EQ(head.exit_code, 0) << Describe(head);
  WriteFile(anchor, head.out);
  // A copy of the store as it is now, to roll back to later.
  std::filesystem::copy(store, dir.Path("old"), std::filesystem::copy_options::recursive);

  ASSERT_EQ(Sealog({"append", store}, kEvents).exit_code, 0);
  ASSERT_EQ(Sealog({"seal", store}).exit_code, 0);
  RunResult result =
      Sealog({"verify", store, "--anchor", anchor, "--strict", "--pubkey", dir.Path("root.pub")});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_TRUE(Contains(result.out, "anchor            checked")) << result.out;

  // The old copy does not extend the newer head: rollback.
  head = Sealog({"head", store});
  ASSERT_EQ(head.exit_code, 0) << Describe(head);
  WriteFile(anchor, head.out);
  result = Sealog({"verify", dir.Path("old"), "--anchor", anchor});
  EXPECT_EQ(result.exit_code, 1) << Describe(result);
  EXPECT_EQ(result.out.rfind("rollback ", 0), 0u) << result.out;

  WriteFile(anchor, "not a checkpoint\n");
  result = Sealog({"verify", store, "--anchor", anchor});
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  EXPECT_EQ(SplitLines(result.err).size(), 1u) << result.err;
  EXPECT_EQ(Sealog({"verify", store, "--anchor", dir.Path("none.json")}).exit_code, 3);
}

}  // namespace
}  // namespace sealog::testing
