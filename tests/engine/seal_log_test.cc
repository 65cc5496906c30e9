// The SEALS file: a torn last entry is cut, whatever part of it tore (its
// length field included); damage to an entry that a later one follows is
// corruption.
#include "engine/seal_log.h"

#include <gtest/gtest.h>

#include "engine/io/fault_env.h"

namespace sealog {
namespace {

const std::string kLogId(16, '\x05');

std::string ReadAll(io::Env& env) {
  std::string bytes;
  EXPECT_TRUE(io::ReadFileToString(env, "/SEALS", &bytes).ok());
  return bytes;
}

void WriteAll(io::Env& env, const std::string& bytes) {
  ASSERT_TRUE(io::WriteFileAtomically(env, "/", "SEALS", bytes).ok());
}

// A chain of the genesis and two entries.
std::string MakeChain(io::Env& env) {
  EXPECT_TRUE(SealLog::Create(env, "/", kLogId, std::string(157, 'g')).ok());
  std::unique_ptr<SealLog> log;
  uint64_t torn = 0;
  EXPECT_TRUE(SealLog::Open(env, "/", kLogId, false, &log, &torn).ok());
  EXPECT_TRUE(log->Append(std::string(277, 'a')).ok());
  EXPECT_TRUE(log->Append(std::string(277, 'b')).ok());
  return ReadAll(env);
}

TEST(SealLogTest, EveryTornTailOfTheLastEntryIsCut) {
  io::FaultEnv env;
  const std::string chain = MakeChain(env);
  const size_t last = chain.size() - (16 + 277);
  for (size_t keep = 1; keep < 16 + 277; ++keep) {
    // A prefix of the last frame, or the frame with its length field torn.
    std::string torn = chain.substr(0, last + keep);
    WriteAll(env, torn);
    std::unique_ptr<SealLog> log;
    uint64_t torn_bytes = 0;
    ASSERT_TRUE(SealLog::Open(env, "/", kLogId, false, &log, &torn_bytes).ok()) << keep;
    EXPECT_EQ(log->entries().size(), 2u);
    EXPECT_EQ(torn_bytes, keep);
    EXPECT_EQ(ReadAll(env).size(), last);
  }
  for (size_t byte = 0; byte < 8; ++byte) {
    std::string torn = chain;
    torn[last + byte] ^= 0x40;  // the length field or its check torn
    WriteAll(env, torn);
    std::unique_ptr<SealLog> log;
    uint64_t torn_bytes = 0;
    ASSERT_TRUE(SealLog::Open(env, "/", kLogId, false, &log, &torn_bytes).ok()) << byte;
    EXPECT_EQ(log->entries().size(), 2u);
  }
}

TEST(SealLogTest, DamagedEntryFollowedByAValidOneIsCorruption) {
  io::FaultEnv env;
  std::string chain = MakeChain(env);
  chain[32 + 16 + 157 + 16 + 100] ^= 1;  // inside entry 1, which entry 2 follows
  WriteAll(env, chain);
  std::unique_ptr<SealLog> log;
  uint64_t torn_bytes = 0;
  Status status = SealLog::Open(env, "/", kLogId, false, &log, &torn_bytes);
  ASSERT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("entry 1"), std::string::npos);
  EXPECT_EQ(ReadAll(env), chain) << "corruption must not be cut away";
}

TEST(SealLogTest, EntryMovedToAnotherIndexFailsItsChecksum) {
  io::FaultEnv env;
  std::string chain = MakeChain(env);
  const size_t first = 32 + 16 + 157;
  const size_t frame = 16 + 277;
  // Swap entries 1 and 2: each is whole, but its checksum is seeded by its index.
  std::string swapped = chain.substr(0, first) + chain.substr(first + frame, frame) +
                        chain.substr(first, frame);
  WriteAll(env, swapped);
  std::unique_ptr<SealLog> log;
  uint64_t torn_bytes = 0;
  EXPECT_TRUE(SealLog::Open(env, "/", kLogId, true, &log, &torn_bytes).IsCorruption());
}

}  // namespace
}  // namespace sealog
