// keygen, init --key, seal and verify, end to end: exit codes, problem kinds
// and the JSON report.
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

constexpr char kEvents[] =
    "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"actor\":\"alice\",\"action\":\"login\"}\n"
    "{\"timestamp\":\"2026-01-01T00:00:01Z\",\"actor\":\"bob\",\"action\":\"read\"}\n"
    "{\"timestamp\":\"2026-01-01T00:00:02Z\",\"actor\":\"carol\",\"action\":\"logout\"}\n";

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void Keygen(const std::string& prefix) {
  const RunResult result = Sealog({"keygen", "--out", prefix});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
}

// A store with kEvents appended, sealed when `seal` is true.
std::string MakeStore(const TempDir& dir, bool seal, const std::string& key = "") {
  const std::string store = dir.Path("store");
  std::vector<std::string> init = {"init", store};
  if (!key.empty()) init.insert(init.end(), {"--key", key});
  EXPECT_EQ(Sealog(init).exit_code, 0);
  EXPECT_EQ(Sealog({"append", store}, kEvents).exit_code, 0);
  if (seal) {
    EXPECT_EQ(Sealog({"seal", store}).exit_code, 0);
  }
  return store;
}

void FlipByte(const std::string& path, size_t offset) {
  std::string bytes = ReadFile(path);
  ASSERT_LT(offset, bytes.size());
  bytes[offset] = static_cast<char>(bytes[offset] ^ 0x01);
  WriteFile(path, bytes);
}

TEST(TamperCliTest, NewCommandsHaveHelpWithAnExample) {
  const RunResult top = Sealog({"--help"});
  for (const char* command : {"keygen", "seal", "verify", "head", "prove", "check-proof", "dump"}) {
    EXPECT_TRUE(Contains(top.out, command)) << command;
    const RunResult help = Sealog({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << Describe(help);
    EXPECT_TRUE(Contains(help.out, "Example")) << help.out;
    EXPECT_TRUE(Contains(help.out, std::string("sealog ") + command)) << help.out;
  }
}

TEST(TamperCliTest, KeygenWritesAKeyPairAndNeverOverwritesIt) {
  TempDir dir;
  const std::string prefix = dir.Path("root");
  const RunResult result = Sealog({"keygen", "--out", prefix});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_TRUE(Contains(result.out, "fingerprint ")) << result.out;
  struct stat info;
  ASSERT_EQ(::stat((prefix + ".key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const std::string secret = ReadFile(prefix + ".key");
  const std::string public_key = ReadFile(prefix + ".pub");
  EXPECT_EQ(secret.rfind("sealog secret key v1\ned25519 ", 0), 0u) << secret;
  EXPECT_EQ(public_key.rfind("sealog public key v1\ned25519 ", 0), 0u) << public_key;

  const RunResult again = Sealog({"keygen", "--out", prefix});
  EXPECT_EQ(again.exit_code, 3) << Describe(again);
  EXPECT_TRUE(Contains(again.err, "already exists")) << again.err;
  EXPECT_EQ(ReadFile(prefix + ".key"), secret);
  EXPECT_EQ(ReadFile(prefix + ".pub"), public_key);
  // Only the .pub there is enough to refuse: no half-replaced pair.
  std::remove((prefix + ".key").c_str());
  EXPECT_EQ(Sealog({"keygen", "--out", prefix}).exit_code, 3);
  EXPECT_EQ(ReadFile(prefix + ".pub"), public_key);
}

TEST(TamperCliTest, InitWithAKeyIsVerifiedByItsPublicKeyAndNoOther) {
  TempDir dir;
  Keygen(dir.Path("root"));
  Keygen(dir.Path("other"));
  const std::string store = dir.Path("store");
  const RunResult init = Sealog({"init", store, "--key", dir.Path("root.key")});
  ASSERT_EQ(init.exit_code, 0) << Describe(init);
  EXPECT_EQ(init.err, "") << "no generated-key warning with --key";
  EXPECT_FALSE(std::filesystem::exists(store + "/root.key"));
  ASSERT_EQ(Sealog({"append", store}, kEvents).exit_code, 0);
  ASSERT_EQ(Sealog({"seal", store}).exit_code, 0);

  RunResult result = Sealog({"verify", store, "--pubkey", dir.Path("root.pub")});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_TRUE(Contains(result.out, "integrity and authorship proven")) << result.out;

  result = Sealog({"verify", store, "--pubkey", dir.Path("other.pub")});
  EXPECT_EQ(result.exit_code, 1) << Describe(result);
  EXPECT_EQ(result.out.rfind("foreign ", 0), 0u) << result.out;
}

TEST(TamperCliTest, BadKeyFilesAreRefusedBeforeAnythingIsCreated) {
  TempDir dir;
  Keygen(dir.Path("root"));
  const std::string store = dir.Path("store");
  RunResult result = Sealog({"init", store, "--key", dir.Path("missing.key")});
  EXPECT_EQ(result.exit_code, 3) << Describe(result);
  result = Sealog({"init", store, "--key", dir.Path("root.pub")});  // the wrong half
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  EXPECT_EQ(SplitLines(result.err).size(), 1u) << result.err;
  EXPECT_FALSE(std::filesystem::exists(store));

  InitStore(store);
  result = Sealog({"verify", store, "--pubkey", dir.Path("root.key")});
  EXPECT_EQ(result.exit_code, 2) << Describe(result);
  result = Sealog({"verify", store, "--pubkey", dir.Path("nope.pub")});
  EXPECT_EQ(result.exit_code, 3) << Describe(result);
}

TEST(TamperCliTest, SealSealsTheTailAndIsANoOpWhenEmpty) {
  TempDir dir;
  const std::string store = MakeStore(dir, /*seal=*/false);
  RunResult result = Sealog({"seal", store});
  ASSERT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_TRUE(Contains(result.out, "sealed segment 1 (seq 1..3, 3 records)")) << result.out;
  result = Sealog({"seal", store});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_TRUE(Contains(result.out, "nothing to seal")) << result.out;

  result = Sealog({"verify", store});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_TRUE(Contains(result.out, "records verified  3\n")) << result.out;
  EXPECT_TRUE(Contains(result.out, "records unsealed  0\n")) << result.out;
  // Without --pubkey, verify says what it did not prove.
  EXPECT_TRUE(Contains(result.out, "integrity is proven, not authorship")) << result.out;
}

TEST(TamperCliTest, VerifyExitCodes) {
  TempDir dir;
  const std::string store = MakeStore(dir, /*seal=*/false);
  // Unsealed records: clean, but never called verified; --strict says so.
  RunResult result = Sealog({"verify", store});
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_TRUE(Contains(result.out, "records verified  0\n")) << result.out;
  EXPECT_TRUE(Contains(result.out, "records unsealed  3 ")) << result.out;
  result = Sealog({"verify", store, "--strict"});
  EXPECT_EQ(result.exit_code, 4) << Describe(result);
  EXPECT_TRUE(Contains(result.err, "not sealed")) << result.err;

  // Sealed, but no anchor: --strict still 4.
  ASSERT_EQ(Sealog({"seal", store}).exit_code, 0);
  EXPECT_EQ(Sealog({"verify", store}).exit_code, 0);
  result = Sealog({"verify", store, "--strict"});
  EXPECT_EQ(result.exit_code, 4) << Describe(result);
  EXPECT_TRUE(Contains(result.err, "no --anchor")) << result.err;

  result = Sealog({"verify", dir.Path("no-such-store")});
  EXPECT_EQ(result.exit_code, 3) << Describe(result);
  EXPECT_EQ(SplitLines(result.err).size(), 1u) << result.err;
  EXPECT_EQ(Sealog({"verify"}).exit_code, 2);
}

TEST(TamperCliTest, AFlippedByteInASealedSegmentIsCorrupt) {
  TempDir dir;
  const std::string store = MakeStore(dir, /*seal=*/true);
  const std::string segment = store + "/00000001.seg";
  const size_t size = ReadFile(segment).size();
  FlipByte(segment, (64 + size) / 2);  // inside a record, past the 64-byte header
  RunResult result = Sealog({"verify", store});
  EXPECT_EQ(result.exit_code, 1) << Describe(result);
  EXPECT_EQ(result.out.rfind("corrupt segment 1 seq ", 0), 0u) << result.out;
  EXPECT_TRUE(Contains(result.out, " 00000001.seg: ")) << result.out;
  EXPECT_TRUE(Contains(result.out, "FAILED")) << result.out;
  EXPECT_EQ(SplitLines(result.err).size(), 1u) << result.err;
  // --strict does not hide tampering behind 4.
  EXPECT_EQ(Sealog({"verify", store, "--strict"}).exit_code, 1);
}

TEST(TamperCliTest, VerifyJsonIsOneObjectWithTheReport) {
  TempDir dir;
  const std::string store = MakeStore(dir, /*seal=*/true);
  FlipByte(store + "/00000001.seg", 64 + 40);  // the first record's ingest time
  const RunResult result = Sealog({"verify", store, "--json"});
  EXPECT_EQ(result.exit_code, 1) << Describe(result);
  ASSERT_EQ(SplitLines(result.out).size(), 1u) << result.out;
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.parse(result.out).get(report), simdjson::SUCCESS) << result.out;
  EXPECT_EQ(bool(report["ok"]), false);
  EXPECT_EQ(std::string_view(report["store"]), store);
  EXPECT_EQ(int64_t(report["records_unsealed"]), 0);
  EXPECT_EQ(bool(report["root_key_from_store"]), true);
  EXPECT_EQ(bool(report["anchor_checked"]), false);
  simdjson::dom::array problems = report["problems"];
  ASSERT_GE(problems.size(), 1u);
  simdjson::dom::element first = problems.at(0);
  EXPECT_EQ(std::string_view(first["kind"]), "corrupt");
  EXPECT_EQ(int64_t(first["segment"]), 1);
  EXPECT_EQ(int64_t(first["seq"]), 1);
  EXPECT_EQ(int64_t(first["offset"]), 64);
  EXPECT_EQ(std::string_view(first["file"]), "00000001.seg");
  EXPECT_FALSE(std::string_view(first["message"]).empty());
}

}  // namespace
}  // namespace sealog::testing
