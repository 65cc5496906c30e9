#include "engine/io/fault_env.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/io/env.h"

namespace sealog::io {
namespace {

constexpr size_t kSector = 512;

class FaultEnvTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.CreateDir("/db").ok());
    ASSERT_TRUE(env_.SyncDir("/").ok());
  }

  std::unique_ptr<WritableFile> Open(const std::string& path) {
    std::unique_ptr<WritableFile> file;
    Status status = env_.NewWritableFile(path, {}, &file);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return file;
  }
  std::string Read(const std::string& path) {
    std::string contents;
    Status status = ReadFileToString(env_, path, &contents);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return contents;
  }
  // A file whose entry and contents are durable.
  void CreateDurable(const std::string& path, const std::string& contents) {
    auto file = Open(path);
    ASSERT_TRUE(file->WriteAndSync(0, contents, /*sync=*/true).ok());
    ASSERT_TRUE(env_.SyncDir("/db").ok());
  }

  FaultEnv env_{/*seed=*/42};
};

TEST_F(FaultEnvTest, SyncedDataSurvivesPowerLoss) {
  CreateDurable("/db/a", "durable");
  env_.SimulatePowerLoss(1);
  EXPECT_EQ(Read("/db/a"), "durable");
}

TEST_F(FaultEnvTest, UnsyncedDataIsLostWhenDroppingUnsyncedData) {
  CreateDurable("/db/a", "durable");
  auto file = Open("/db/a");
  ASSERT_TRUE(file->Write(7, std::string(5000, 'x')).ok());
  ASSERT_TRUE(file->Write(0, "D").ok());
  EXPECT_EQ(Read("/db/a").size(), 5007u);  // Reads see unsynced data.
  env_.DropUnsyncedData();
  EXPECT_EQ(Read("/db/a"), "durable");
}

// Each unsynced sector survives or not on its own, and the file's size is
// durable, current or in between; never is a synced byte lost.
TEST_F(FaultEnvTest, PowerLossKeepsARandomSubsetOfUnsyncedSectors) {
  const std::string synced(3 * kSector, 's');
  const std::string unsynced(64 * kSector, 'u');
  bool some_kept_some_lost = false;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    FaultEnv env(seed);
    std::unique_ptr<WritableFile> file;
    ASSERT_TRUE(env.NewWritableFile("f", {}, &file).ok());
    ASSERT_TRUE(file->WriteAndSync(0, synced, /*sync=*/true).ok());
    ASSERT_TRUE(env.SyncDir(".").ok());
    ASSERT_TRUE(file->Write(synced.size(), unsynced).ok());
    env.SimulatePowerLoss(seed);

    std::string after;
    ASSERT_TRUE(ReadFileToString(env, "f", &after).ok());
    ASSERT_GE(after.size(), synced.size());
    ASSERT_LE(after.size(), synced.size() + unsynced.size());
    EXPECT_EQ(after.substr(0, synced.size()), synced);
    size_t kept = 0;
    for (size_t begin = synced.size(); begin < after.size(); begin += kSector) {
      const std::string sector = after.substr(begin, kSector);
      const bool all_new = sector == std::string(sector.size(), 'u');
      const bool all_zero = sector == std::string(sector.size(), '\0');
      EXPECT_TRUE(all_new || all_zero) << "sector at " << begin << " is mixed";
      kept += all_new;
    }
    const size_t sectors_in_file = (after.size() - synced.size() + kSector - 1) / kSector;
    if (kept > 0 && kept < sectors_in_file) some_kept_some_lost = true;
  }
  EXPECT_TRUE(some_kept_some_lost);
}

TEST_F(FaultEnvTest, PowerLossIsDeterministicForASeed) {
  auto run = [](uint64_t seed) {
    FaultEnv env(7);
    std::unique_ptr<WritableFile> file;
    EXPECT_TRUE(env.NewWritableFile("f", {}, &file).ok());
    EXPECT_TRUE(env.SyncDir(".").ok());
    for (int i = 0; i < 40; ++i)
      EXPECT_TRUE(file->Write(i * 300, std::string(300, 'a' + i % 26)).ok());
    env.SimulatePowerLoss(seed);
    std::string contents;
    EXPECT_TRUE(ReadFileToString(env, "f", &contents).ok());
    return contents;
  };
  EXPECT_EQ(run(5), run(5));
  EXPECT_NE(run(5), run(6));
}

TEST_F(FaultEnvTest, SyncedFileWhoseCreationWasNotSyncedVanishesOnPowerLoss) {
  auto file = Open("/db/new");
  ASSERT_TRUE(file->WriteAndSync(0, "synced data", /*sync=*/true).ok());
  env_.SimulatePowerLoss(1);
  EXPECT_FALSE(env_.FileExists("/db/new"));
}

TEST_F(FaultEnvTest, RenameWithoutSyncDirIsRolledBack) {
  CreateDurable("/db/a", "a");
  CreateDurable("/db/b", "b");
  ASSERT_TRUE(env_.RenameFile("/db/a", "/db/b").ok());
  EXPECT_EQ(Read("/db/b"), "a");
  EXPECT_FALSE(env_.FileExists("/db/a"));
  env_.SimulatePowerLoss(1);
  EXPECT_EQ(Read("/db/a"), "a");
  EXPECT_EQ(Read("/db/b"), "b");
}

TEST_F(FaultEnvTest, RenameWithSyncDirSurvives) {
  CreateDurable("/db/a", "a");
  ASSERT_TRUE(env_.RenameFile("/db/a", "/db/b").ok());
  ASSERT_TRUE(env_.SyncDir("/db").ok());
  env_.SimulatePowerLoss(1);
  EXPECT_FALSE(env_.FileExists("/db/a"));
  EXPECT_EQ(Read("/db/b"), "a");
}

TEST_F(FaultEnvTest, RemoveWithoutSyncDirIsRolledBack) {
  CreateDurable("/db/a", "a");
  ASSERT_TRUE(env_.RemoveFile("/db/a").ok());
  EXPECT_FALSE(env_.FileExists("/db/a"));
  env_.SimulatePowerLoss(1);
  EXPECT_EQ(Read("/db/a"), "a");
  ASSERT_TRUE(env_.RemoveFile("/db/a").ok());
  ASSERT_TRUE(env_.SyncDir("/db").ok());
  env_.SimulatePowerLoss(1);
  EXPECT_FALSE(env_.FileExists("/db/a"));
}

TEST_F(FaultEnvTest, FilesInADirectoryWhoseCreationWasNotSyncedVanish) {
  ASSERT_TRUE(env_.CreateDir("/db/synced").ok());
  ASSERT_TRUE(env_.SyncDir("/db").ok());
  ASSERT_TRUE(env_.CreateDir("/db/unsynced").ok());
  for (const std::string dir : {"/db/synced", "/db/unsynced"}) {
    auto file = Open(dir + "/f");
    ASSERT_TRUE(file->WriteAndSync(0, "f", /*sync=*/true).ok());
    ASSERT_TRUE(env_.SyncDir(dir).ok());
  }
  env_.SimulatePowerLoss(1);
  EXPECT_EQ(Read("/db/synced/f"), "f");
  EXPECT_FALSE(env_.FileExists("/db/unsynced"));
  EXPECT_FALSE(env_.FileExists("/db/unsynced/f"));
}

TEST_F(FaultEnvTest, HandlesOpenedBeforePowerLossAreDead) {
  CreateDurable("/db/a", "a");
  auto writer = Open("/db/a");
  std::unique_ptr<ReadableFile> reader;
  ASSERT_TRUE(env_.NewReadableFile("/db/a", &reader).ok());
  env_.SimulatePowerLoss(1);
  EXPECT_EQ(writer->Write(0, "b").code(), Code::kIOError);
  EXPECT_EQ(writer->Sync().code(), Code::kIOError);
  EXPECT_FALSE(writer->Size().ok());
  char scratch[4];
  std::string_view result;
  EXPECT_EQ(reader->Read(0, 1, scratch, &result).code(), Code::kIOError);
  EXPECT_EQ(Read("/db/a"), "a");  // A new handle works.
}

TEST_F(FaultEnvTest, FailAtFailsOnlyThatOperationOnce) {
  auto file = Open("/db/a");
  const uint64_t next = env_.op_count() + 1;
  env_.FailAt(next + 1, Fault::kEIO, /*forever=*/false);
  EXPECT_TRUE(file->Write(0, "one").ok());
  Status status = file->Write(3, "two");
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "write /db/a at offset 3: Input/output error (injected)");
  EXPECT_TRUE(file->Write(3, "three").ok());
  EXPECT_EQ(Read("/db/a"), "onethree");
  EXPECT_EQ(env_.injected_fault_count(), 1u);
}

TEST_F(FaultEnvTest, FailAtForeverFailsEveryLaterMutatingOperation) {
  auto file = Open("/db/a");
  env_.FailAt(env_.op_count() + 1, Fault::kENOSPC, /*forever=*/true);
  EXPECT_EQ(file->Write(0, "x").code(), Code::kNoSpace);
  EXPECT_EQ(file->Sync().code(), Code::kNoSpace);
  EXPECT_EQ(file->Truncate(0).code(), Code::kNoSpace);
  EXPECT_EQ(file->Allocate(0, 4096).code(), Code::kNoSpace);
  EXPECT_EQ(env_.CreateDir("/db/d").code(), Code::kNoSpace);
  EXPECT_EQ(env_.SyncDir("/db").code(), Code::kNoSpace);
  EXPECT_EQ(env_.RemoveFile("/db/a").code(), Code::kNoSpace);
  std::unique_ptr<WritableFile> other;
  EXPECT_EQ(env_.NewWritableFile("/db/b", {}, &other).code(), Code::kNoSpace);
  // Reads are not mutating operations: they still work.
  EXPECT_EQ(Read("/db/a"), "");
  EXPECT_EQ(env_.injected_fault_count(), 8u);
  env_.ClearFaults();
  EXPECT_TRUE(file->Write(0, "x").ok());
}

TEST_F(FaultEnvTest, OpCountCountsMutatingOperationsApartFromAll) {
  const uint64_t mutating = env_.op_count();
  const uint64_t all = env_.all_op_count();
  auto file = Open("/db/a");                                    // mutating
  ASSERT_TRUE(file->WriteAndSync(0, "x", /*sync=*/true).ok());  // 2 mutating
  EXPECT_TRUE(env_.FileExists("/db/a"));                        // read-only
  EXPECT_EQ(file->Size().value(), 1u);                          // read-only
  EXPECT_EQ(env_.op_count(), mutating + 3);
  EXPECT_EQ(env_.all_op_count(), all + 5);
}

TEST_F(FaultEnvTest, TornWriteWritesAPrefixAndFails) {
  const std::string data(4000, 'w');
  auto file = Open("/db/a");
  env_.FailAt(env_.op_count() + 1, Fault::kTornWrite, /*forever=*/false);
  Status status = file->Write(0, data);
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_NE(status.message().find("torn write"), std::string::npos);
  const std::string after = Read("/db/a");
  EXPECT_LT(after.size(), data.size());
  EXPECT_EQ(after, data.substr(0, after.size()));
}

TEST_F(FaultEnvTest, OutOfOrderTornWriteAppliesASubsetOfSectors) {
  std::string data;
  for (int i = 0; i < 16; ++i) data += std::string(kSector, static_cast<char>('a' + i));
  bool saw_hole = false;
  for (uint64_t seed = 0; seed < 10 && !saw_hole; ++seed) {
    FaultEnv env(seed);
    env.SetOutOfOrderWrites(true);
    std::unique_ptr<WritableFile> file;
    ASSERT_TRUE(env.NewWritableFile("f", {}, &file).ok());
    env.FailAt(env.op_count() + 1, Fault::kTornWrite, /*forever=*/false);
    EXPECT_FALSE(file->WriteAndSync(0, data, /*sync=*/true).ok());
    std::string after;
    ASSERT_TRUE(ReadFileToString(env, "f", &after).ok());
    for (size_t begin = 0; begin < after.size(); begin += kSector) {
      const std::string sector = after.substr(begin, kSector);
      const bool written = sector == data.substr(begin, kSector);
      EXPECT_TRUE(written || sector == std::string(kSector, '\0'));
      if (!written) saw_hole = true;  // A later sector landed, this one did not.
    }
  }
  EXPECT_TRUE(saw_hole);
}

// ext4 marks the pages clean after a failed fsync: a later successful fsync
// does not write them, so the data is lost at power loss though reads saw it.
TEST_F(FaultEnvTest, DataOfAFailedSyncIsNotMadeDurableByALaterSync) {
  CreateDurable("/db/a", "old.");
  auto file = Open("/db/a");
  ASSERT_TRUE(file->Write(4, "lost").ok());
  env_.FailAt(env_.op_count() + 1, Fault::kEIO, /*forever=*/false);
  EXPECT_EQ(file->Sync().code(), Code::kIOError);
  EXPECT_EQ(Read("/db/a"), "old.lost");
  ASSERT_TRUE(file->Write(kSector, "kept").ok());
  ASSERT_TRUE(file->Sync().ok());
  env_.SimulatePowerLoss(3);
  const std::string after = Read("/db/a");
  ASSERT_EQ(after.size(), kSector + 4);
  EXPECT_EQ(after.substr(0, 8), std::string("old.") + std::string(4, '\0'));
  EXPECT_EQ(after.substr(kSector), "kept");
}

TEST_F(FaultEnvTest, UnsyncedTruncateIsRolledBack) {
  CreateDurable("/db/a", "0123456789");
  auto file = Open("/db/a");
  ASSERT_TRUE(file->Truncate(2).ok());
  EXPECT_EQ(Read("/db/a"), "01");
  env_.DropUnsyncedData();
  EXPECT_EQ(Read("/db/a"), "0123456789");
}

TEST_F(FaultEnvTest, SecondLockIsBusyUntilTheFirstIsReleased) {
  std::unique_ptr<FileLock> first;
  ASSERT_TRUE(env_.LockFile("/db/LOCK", &first).ok());
  EXPECT_TRUE(env_.FileExists("/db/LOCK"));
  std::unique_ptr<FileLock> second;
  EXPECT_TRUE(env_.LockFile("/db/LOCK", &second).IsBusy());
  first.reset();
  EXPECT_TRUE(env_.LockFile("/db/LOCK", &second).ok());
}

TEST_F(FaultEnvTest, PowerLossReleasesLocksAndOldLockHandlesDoNotReleaseNewOnes) {
  std::unique_ptr<FileLock> before;
  ASSERT_TRUE(env_.LockFile("/db/LOCK", &before).ok());
  env_.SimulatePowerLoss(1);
  std::unique_ptr<FileLock> after;
  ASSERT_TRUE(env_.LockFile("/db/LOCK", &after).ok());
  before.reset();
  std::unique_ptr<FileLock> third;
  EXPECT_TRUE(env_.LockFile("/db/LOCK", &third).IsBusy());
}

TEST_F(FaultEnvTest, NamespaceErrorsMatchPosix) {
  std::unique_ptr<WritableFile> file;
  EXPECT_TRUE(env_.NewWritableFile("/missing/a", {}, &file).IsNotFound());
  std::unique_ptr<ReadableFile> reader;
  EXPECT_TRUE(env_.NewReadableFile("/db/none", &reader).IsNotFound());
  EXPECT_TRUE(env_.RemoveFile("/db/none").IsNotFound());
  EXPECT_TRUE(env_.RenameFile("/db/none", "/db/x").IsNotFound());
  EXPECT_TRUE(env_.CreateDir("/db").ok());  // Exists: fine.
  EXPECT_TRUE(env_.CreateDir("/a/b").IsNotFound());
  std::vector<std::string> names;
  EXPECT_TRUE(env_.GetChildren("/none", &names).IsNotFound());
}

TEST_F(FaultEnvTest, GetChildrenListsFilesAndDirectories) {
  Open("/db/b");
  Open("/db/a");
  ASSERT_TRUE(env_.CreateDir("/db/sub").ok());
  Open("/db/sub/deeper");
  std::vector<std::string> names;
  ASSERT_TRUE(env_.GetChildren("/db/", &names).ok());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "sub"}));
  ASSERT_TRUE(env_.GetChildren("/", &names).ok());
  EXPECT_EQ(names, std::vector<std::string>{"db"});
}

TEST_F(FaultEnvTest, ClocksMoveOnlyWhenTold) {
  const int64_t now = env_.NowNanos();
  const uint64_t monotonic = env_.MonotonicNanos();
  EXPECT_EQ(env_.NowNanos(), now);
  env_.AdvanceNanos(1500);
  EXPECT_EQ(env_.NowNanos(), now + 1500);
  EXPECT_EQ(env_.MonotonicNanos(), monotonic + 1500);
  env_.SetNow(5);  // The wall clock may go back; the monotonic one does not.
  EXPECT_EQ(env_.NowNanos(), 5);
  EXPECT_EQ(env_.MonotonicNanos(), monotonic + 1500);
}

TEST_F(FaultEnvTest, RandomBytesAreDeterministicForASeed) {
  auto bytes = [](uint64_t seed) {
    FaultEnv env(seed);
    std::string buf(37, '\0');
    EXPECT_TRUE(env.RandomBytes(buf.data(), buf.size()).ok());
    return buf;
  };
  EXPECT_EQ(bytes(1), bytes(1));
  EXPECT_NE(bytes(1), bytes(2));
}

// SQLite-style I/O error loop over WriteFileAtomically: whichever operation
// fails, and however the power loss tears it, the file is the old one or the
// new one, never a mix.
TEST_F(FaultEnvTest, WriteFileAtomicallyLeavesOldOrNewAfterAFailureAtAnyOperation) {
  const std::string old_contents(3000, 'o');
  const std::string new_contents(2000, 'n');
  for (Fault fault : {Fault::kEIO, Fault::kENOSPC, Fault::kTornWrite}) {
    bool saw_new = false;
    for (uint64_t n = 1; n <= 6; ++n) {
      FaultEnv env(n);
      ASSERT_TRUE(WriteFileAtomically(env, ".", "MANIFEST", old_contents).ok());
      env.FailAt(env.op_count() + n, fault, /*forever=*/true);
      const bool ok = WriteFileAtomically(env, ".", "MANIFEST", new_contents).ok();
      env.SimulatePowerLoss(n);
      std::string after;
      ASSERT_TRUE(ReadFileToString(env, "MANIFEST", &after).ok());
      EXPECT_TRUE(after == old_contents || after == new_contents) << "n=" << n;
      if (ok) {
        EXPECT_EQ(after, new_contents) << "acknowledged but lost, n=" << n;
      }
      saw_new |= ok;
    }
    EXPECT_TRUE(saw_new);  // The loop went past the last operation.
  }
}

// Run under TSan/ASan to be meaningful: a background writer while the test reads.
TEST_F(FaultEnvTest, ConcurrentWritesAndReadsAreSafe) {
  auto file = Open("/db/a");
  std::thread writer([&] {
    for (int i = 0; i < 2000; ++i) {
      ASSERT_TRUE(file->WriteAndSync(i * 8, "12345678", /*sync=*/i % 10 == 0).ok());
    }
  });
  std::unique_ptr<ReadableFile> reader;
  ASSERT_TRUE(env_.NewReadableFile("/db/a", &reader).ok());
  char scratch[8];
  for (int i = 0; i < 2000; ++i) {
    std::string_view result;
    ASSERT_TRUE(reader->Read(0, sizeof(scratch), scratch, &result).ok());
    EXPECT_TRUE(result.empty() || result == "12345678");
  }
  writer.join();
  EXPECT_EQ(reader->Size().value(), 16000u);
}

TEST_F(FaultEnvTest, HeldMutationsWaitUncountedUntilReleased) {
  auto file = Open("/db/a");
  const uint64_t ops = env_.op_count();
  EXPECT_FALSE(env_.WaitForHeldMutation(std::chrono::milliseconds(0)));  // nobody waits
  env_.HoldMutations();
  std::string_view result;
  char scratch[4];
  std::unique_ptr<ReadableFile> reader;
  ASSERT_TRUE(env_.NewReadableFile("/db/a", &reader).ok());  // reads pass a hold
  ASSERT_TRUE(reader->Read(0, 4, scratch, &result).ok());
  Status written = Status::IOError("not yet");
  std::thread writer([&] { written = file->Write(0, "held"); });
  ASSERT_TRUE(env_.WaitForHeldMutation(std::chrono::seconds(10)));
  EXPECT_EQ(env_.op_count(), ops);  // waiting, not counted
  EXPECT_EQ(Read("/db/a"), "");
  env_.ReleaseMutations();
  writer.join();
  EXPECT_TRUE(written.ok()) << written.ToString();
  EXPECT_EQ(env_.op_count(), ops + 1);
  EXPECT_EQ(Read("/db/a"), "held");
  EXPECT_FALSE(env_.WaitForHeldMutation(std::chrono::milliseconds(0)));
}

}  // namespace
}  // namespace sealog::io
