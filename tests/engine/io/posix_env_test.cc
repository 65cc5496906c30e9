#include "engine/io/posix_env.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/io/env.h"

namespace sealog::io {
namespace {

class PosixEnvTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string templ = testing::TempDir() + "sealog_posix_env_XXXXXX";
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  std::unique_ptr<WritableFile> OpenWritable(const std::string& name, bool truncate = false) {
    std::unique_ptr<WritableFile> file;
    WritableFileOptions options;
    options.truncate = truncate;
    EXPECT_TRUE(env_->NewWritableFile(Path(name), options, &file).ok());
    return file;
  }

  std::string ReadAll(const std::string& name) {
    std::string contents;
    Status status = ReadFileToString(*env_, Path(name), &contents);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return contents;
  }

  std::shared_ptr<Env> env_ = NewPosixEnv();
  std::string dir_;
};

TEST_F(PosixEnvTest, WrittenDataIsReadBack) {
  auto file = OpenWritable("a");
  ASSERT_TRUE(file->Write(0, "hello ").ok());
  ASSERT_TRUE(file->Write(6, "world").ok());
  ASSERT_TRUE(file->Sync().ok());
  EXPECT_FALSE(file->uses_io_uring());
  EXPECT_EQ(file->Size().value(), 11u);

  std::unique_ptr<ReadableFile> reader;
  ASSERT_TRUE(env_->NewReadableFile(Path("a"), &reader).ok());
  char scratch[32];
  std::string_view result;
  ASSERT_TRUE(reader->Read(6, 5, scratch, &result).ok());
  EXPECT_EQ(result, "world");
  EXPECT_EQ(reader->Size().value(), 11u);
}

TEST_F(PosixEnvTest, ReadPastEndOfFileIsShort) {
  OpenWritable("a")->Write(0, "abc");
  std::unique_ptr<ReadableFile> reader;
  ASSERT_TRUE(env_->NewReadableFile(Path("a"), &reader).ok());
  char scratch[16];
  std::string_view result;
  ASSERT_TRUE(reader->Read(1, sizeof(scratch), scratch, &result).ok());
  EXPECT_EQ(result, "bc");
  ASSERT_TRUE(reader->Read(10, sizeof(scratch), scratch, &result).ok());
  EXPECT_TRUE(result.empty());
}

TEST_F(PosixEnvTest, OpeningMissingFileIsNotFound) {
  std::unique_ptr<ReadableFile> reader;
  Status status = env_->NewReadableFile(Path("missing"), &reader);
  EXPECT_TRUE(status.IsNotFound()) << status.ToString();
  EXPECT_NE(status.message().find(Path("missing")), std::string::npos);
  EXPECT_FALSE(env_->FileExists(Path("missing")));
}

TEST_F(PosixEnvTest, TruncateOptionEmptiesExistingFile) {
  OpenWritable("a")->Write(0, "old contents");
  EXPECT_EQ(OpenWritable("a")->Size().value(), 12u);  // Without truncate: kept.
  EXPECT_EQ(OpenWritable("a", /*truncate=*/true)->Size().value(), 0u);
}

TEST_F(PosixEnvTest, TruncateShrinksAndAllocateKeepsSize) {
  auto file = OpenWritable("a");
  ASSERT_TRUE(file->Write(0, std::string(8192, 'x')).ok());
  ASSERT_TRUE(file->Allocate(0, 1 << 20).ok());
  EXPECT_EQ(file->Size().value(), 8192u);
  ASSERT_TRUE(file->Truncate(100).ok());
  EXPECT_EQ(file->Size().value(), 100u);
  EXPECT_EQ(ReadAll("a"), std::string(100, 'x'));
}

TEST_F(PosixEnvTest, GetChildrenListsNamesWithoutDots) {
  OpenWritable("b");
  OpenWritable("a");
  ASSERT_TRUE(env_->CreateDir(Path("sub")).ok());
  std::vector<std::string> names;
  ASSERT_TRUE(env_->GetChildren(dir_, &names).ok());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "sub"}));
  EXPECT_TRUE(env_->GetChildren(Path("missing"), &names).IsNotFound());
}

TEST_F(PosixEnvTest, RemoveAndRename) {
  OpenWritable("from")->Write(0, "new");
  OpenWritable("to")->Write(0, "old");
  ASSERT_TRUE(env_->RenameFile(Path("from"), Path("to")).ok());
  EXPECT_FALSE(env_->FileExists(Path("from")));
  EXPECT_EQ(ReadAll("to"), "new");
  ASSERT_TRUE(env_->RemoveFile(Path("to")).ok());
  EXPECT_FALSE(env_->FileExists(Path("to")));
  EXPECT_TRUE(env_->RemoveFile(Path("to")).IsNotFound());
  EXPECT_TRUE(env_->RenameFile(Path("to"), Path("x")).IsNotFound());
}

TEST_F(PosixEnvTest, CreateDirIsOkWhenDirExistsButNotWhenFileDoes) {
  ASSERT_TRUE(env_->CreateDir(Path("d")).ok());
  EXPECT_TRUE(env_->CreateDir(Path("d")).ok());
  EXPECT_TRUE(env_->SyncDir(Path("d")).ok());
  OpenWritable("f");
  EXPECT_EQ(env_->CreateDir(Path("f")).code(), Code::kIOError);
  EXPECT_TRUE(env_->SyncDir(Path("missing")).IsNotFound());
}

TEST_F(PosixEnvTest, SecondLockInSameProcessIsBusy) {
  std::unique_ptr<FileLock> first;
  ASSERT_TRUE(env_->LockFile(Path("LOCK"), &first).ok());
  std::unique_ptr<FileLock> second;
  Status status = env_->LockFile(Path("LOCK"), &second);
  EXPECT_TRUE(status.IsBusy()) << status.ToString();
  // Another Env instance is no different: the lock is in the kernel.
  EXPECT_TRUE(NewPosixEnv()->LockFile(Path("LOCK"), &second).IsBusy());
  first.reset();
  EXPECT_TRUE(env_->LockFile(Path("LOCK"), &second).ok());
}

TEST_F(PosixEnvTest, LockHeldByAnotherProcessIsBusy) {
  std::unique_ptr<FileLock> lock;
  ASSERT_TRUE(env_->LockFile(Path("LOCK"), &lock).ok());
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::unique_ptr<FileLock> child_lock;
    _exit(NewPosixEnv()->LockFile(Path("LOCK"), &child_lock).IsBusy() ? 0 : 1);
  }
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
}

TEST_F(PosixEnvTest, NoSpaceErrorNamesOperationPathAndOffset) {
  std::unique_ptr<WritableFile> file;
  ASSERT_TRUE(env_->NewWritableFile("/dev/full", {}, &file).ok());
  Status status = file->Write(4096, "data");
  EXPECT_EQ(status.code(), Code::kNoSpace);
  EXPECT_EQ(status.message(), "write /dev/full at offset 4096: No space left on device");
}

// Runs in a child process: the file size limit is process wide.
[[noreturn]] void WriteOverFileSizeLimitAndExit(const std::string& path) {
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit limit = {1000, 1000};
  setrlimit(RLIMIT_FSIZE, &limit);
  std::unique_ptr<WritableFile> file;
  if (!NewPosixEnv()->NewWritableFile(path, {}, &file).ok()) _exit(2);
  Status status = file->Write(0, std::string(3000, 'x'));
  if (status.message() != "write " + path + " at offset 1000: File too large") _exit(3);
  _exit(file->Size().value() == 1000 ? 0 : 4);
}

// RLIMIT_FSIZE makes pwrite write a prefix and return its length; the loop
// must continue with the rest, which then fails with EFBIG at the limit.
TEST_F(PosixEnvTest, ShortWriteIsContinuedAtTheRightOffset) {
  EXPECT_EXIT(WriteOverFileSizeLimitAndExit(Path("a")), testing::ExitedWithCode(0), "");
}

TEST_F(PosixEnvTest, ClocksAndRandomBytes) {
  const uint64_t before = env_->MonotonicNanos();
  EXPECT_GT(env_->NowNanos(), int64_t{1'600'000'000} * 1'000'000'000);  // After 2020.
  EXPECT_GE(env_->MonotonicNanos(), before);
  std::string a(64, '\0');
  std::string b(64, '\0');
  ASSERT_TRUE(env_->RandomBytes(a.data(), a.size()).ok());
  ASSERT_TRUE(env_->RandomBytes(b.data(), b.size()).ok());
  EXPECT_NE(a, b);
}

TEST_F(PosixEnvTest, WriteFileAtomicallyReplacesFileAndLeavesNoTemporary) {
  ASSERT_TRUE(WriteFileAtomically(*env_, dir_, "MANIFEST", "one").ok());
  ASSERT_TRUE(WriteFileAtomically(*env_, dir_, "MANIFEST", "two").ok());
  EXPECT_EQ(ReadAll("MANIFEST"), "two");
  std::vector<std::string> names;
  ASSERT_TRUE(env_->GetChildren(dir_, &names).ok());
  EXPECT_EQ(names, std::vector<std::string>{"MANIFEST"});
}

TEST_F(PosixEnvTest, ReadFileToStringReadsFilesLargerThanOneChunk) {
  std::string contents;
  for (int i = 0; contents.size() < 200'000; ++i) contents += std::to_string(i) + ",";
  OpenWritable("big")->Write(0, contents);
  EXPECT_EQ(ReadAll("big"), contents);
  EXPECT_TRUE(ReadFileToString(*env_, Path("missing"), &contents).IsNotFound());
}

}  // namespace
}  // namespace sealog::io
