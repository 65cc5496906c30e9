#include "engine/io/posix_env.h"

#include <sys/resource.h>
#include <sys/stat.h>
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

TEST_F(PosixEnvTest, MappedFileReadsAsAReadableFileDoes) {
  OpenWritable("a")->Write(0, "abcdef");
  std::unique_ptr<ReadableFile> mapped;
  ASSERT_TRUE(env_->NewMappedFile(Path("a"), &mapped).ok());
  EXPECT_EQ(mapped->Mapped(), "abcdef");
  EXPECT_EQ(mapped->Size().value(), 6u);
  char scratch[16];
  std::string_view result;
  ASSERT_TRUE(mapped->Read(2, 3, scratch, &result).ok());
  EXPECT_EQ(result, "cde");
  EXPECT_EQ(result.data(), scratch);
  ASSERT_TRUE(mapped->Read(4, sizeof(scratch), scratch, &result).ok());
  EXPECT_EQ(result, "ef");
  ASSERT_TRUE(mapped->Read(10, sizeof(scratch), scratch, &result).ok());
  EXPECT_TRUE(result.empty());
  // The mapping keeps the bytes: removing the name changes nothing.
  ASSERT_TRUE(env_->RemoveFile(Path("a")).ok());
  EXPECT_EQ(mapped->Mapped(), "abcdef");

  // An empty file cannot be mapped: it is read through its descriptor.
  OpenWritable("empty");
  std::unique_ptr<ReadableFile> empty;
  ASSERT_TRUE(env_->NewMappedFile(Path("empty"), &empty).ok());
  EXPECT_TRUE(empty->Mapped().empty());
  EXPECT_EQ(empty->Size().value(), 0u);
  EXPECT_TRUE(env_->NewMappedFile(Path("missing"), &empty).IsNotFound());
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


// A character device takes writes but not syncs, preallocation or
// truncation: each failure is the call's own error, naming the operation,
// the path and (for an extent) the offset.
TEST_F(PosixEnvTest, FileCallsThatTheFileCannotDoFailNamingThem) {
  std::unique_ptr<WritableFile> file;
  ASSERT_TRUE(env_->NewWritableFile("/dev/null", {}, &file).ok());
  ASSERT_TRUE(file->Write(0, "data").ok());
  Status status = file->Sync();
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "sync /dev/null: Invalid argument");
  status = file->Allocate(8192, 4096);
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "allocate /dev/null at offset 8192: No such device");
  EXPECT_TRUE(file->Allocate(8192, 0).ok()) << "nothing to reserve, nothing asked of the kernel";
  status = file->Truncate(5);
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "truncate /dev/null to 5: Invalid argument");
  // WriteAndSync stops at the sync's error.
  EXPECT_EQ(file->WriteAndSync(0, "x", true).message(), "sync /dev/null: Invalid argument");
  EXPECT_TRUE(file->WriteAndSync(0, "x", false).ok());
}

// A directory opens for reading, but reading it fails: the error names the
// offset, and the result is empty rather than stale bytes.
TEST_F(PosixEnvTest, ReadingADirectoryFailsNamingTheOffset) {
  std::unique_ptr<ReadableFile> reader;
  ASSERT_TRUE(env_->NewReadableFile(dir_, &reader).ok());
  char scratch[16];
  std::string_view result = "stale";
  Status status = reader->Read(7, sizeof(scratch), scratch, &result);
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "read " + dir_ + " at offset 7: Is a directory");
  EXPECT_TRUE(result.empty());
  std::string contents;
  EXPECT_EQ(ReadFileToString(*env_, dir_, &contents).code(), Code::kIOError);

  // Opening a directory for writing fails at once.
  std::unique_ptr<WritableFile> writer;
  status = env_->NewWritableFile(dir_, {}, &writer);
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "open " + dir_ + ": Is a directory");
  EXPECT_EQ(writer, nullptr);
}

// A store path whose parent is a regular file (a mistyped path, a file
// where a directory was expected): every call fails with ENOTDIR, as an
// I/O error (not kNotFound: nothing may be created there) naming the path.
TEST_F(PosixEnvTest, PathThroughARegularFileIsNotADirectory) {
  OpenWritable("f")->Write(0, "x");
  const std::string under = Path("f") + "/x";
  const auto expect_not_dir = [](const Status& status, const std::string& message) {
    EXPECT_EQ(status.code(), Code::kIOError) << status.ToString();
    EXPECT_EQ(status.message(), message + ": Not a directory");
  };
  std::unique_ptr<ReadableFile> reader;
  expect_not_dir(env_->NewReadableFile(under, &reader), "open " + under);
  std::unique_ptr<WritableFile> writer;
  expect_not_dir(env_->NewWritableFile(under, {}, &writer), "open " + under);
  std::vector<std::string> names = {"old"};
  expect_not_dir(env_->GetChildren(Path("f"), &names), "opendir " + Path("f"));
  EXPECT_TRUE(names.empty());
  expect_not_dir(env_->CreateDir(under), "mkdir " + under);
  expect_not_dir(env_->SyncDir(Path("f")), "open dir " + Path("f"));
  std::unique_ptr<FileLock> lock;
  expect_not_dir(env_->LockFile(under, &lock), "open lock " + under);
  EXPECT_EQ(lock, nullptr);
  expect_not_dir(env_->RemoveFile(under), "remove " + under);
  expect_not_dir(env_->RenameFile(Path("f"), under), "rename " + Path("f") + " to " + under);
  EXPECT_FALSE(env_->FileExists(under));
  EXPECT_EQ(ReadAll("f"), "x") << "the file in the way is left alone";

  // WriteFileAtomically fails at its temporary and leaves nothing behind.
  Status status = WriteFileAtomically(*env_, Path("f"), "MANIFEST", "contents");
  expect_not_dir(status, "open " + under.substr(0, under.size() - 1) + "MANIFEST.tmp");
}

TEST_F(PosixEnvTest, NameTooLongIsAnIOErrorNamingIt) {
  const std::string long_name = Path(std::string(300, 'n'));
  std::unique_ptr<WritableFile> writer;
  Status status = env_->NewWritableFile(long_name, {}, &writer);
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "open " + long_name + ": File name too long");
  EXPECT_EQ(env_->CreateDir(long_name).message(), "mkdir " + long_name + ": File name too long");
}

// owner_only makes an existing file 0600 even when it was readable by
// others, and a file system that refuses the chmod fails the open (a secret
// must not be written where others could read it).
TEST_F(PosixEnvTest, OwnerOnlyFileIsMadePrivateOrRefused) {
  OpenWritable("secret");
  ASSERT_EQ(chmod(Path("secret").c_str(), 0644), 0);
  WritableFileOptions options;
  options.owner_only = true;
  std::unique_ptr<WritableFile> file;
  ASSERT_TRUE(env_->NewWritableFile(Path("secret"), options, &file).ok());
  struct stat st;
  ASSERT_EQ(stat(Path("secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // procfs files take writes but no chmod, not even from root.
  const std::string proc_file = "/proc/self/comm";
  file.reset();
  Status status = env_->NewWritableFile(proc_file, options, &file);
  if (status.ok() || status.message().rfind("open ", 0) == 0) {
    GTEST_SKIP() << proc_file << " opened with no chmod error: " << status.ToString();
  }
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "chmod " + proc_file + ": Operation not permitted");
  EXPECT_EQ(file, nullptr);
}
}  // namespace
}  // namespace sealog::io
