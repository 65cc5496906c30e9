#include "engine/io/uring_file.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "engine/io/env.h"

namespace sealog::io {
namespace {

class UringFileTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string templ = testing::TempDir() + "sealog_uring_XXXXXX";
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    std::unique_ptr<WritableFile> probe;
    ASSERT_TRUE(env_->NewWritableFile(Path("probe"), UringOptions(), &probe).ok());
    if (!probe->uses_io_uring()) GTEST_SKIP() << "io_uring is not available here";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static WritableFileOptions UringOptions() {
    WritableFileOptions options;
    options.use_io_uring = true;
    return options;
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::unique_ptr<WritableFile> Open(const std::string& path) {
    std::unique_ptr<WritableFile> file;
    EXPECT_TRUE(env_->NewWritableFile(path, UringOptions(), &file).ok());
    return file;
  }
  std::string ReadAll(const std::string& name) {
    std::string contents;
    EXPECT_TRUE(ReadFileToString(*env_, Path(name), &contents).ok());
    return contents;
  }

  std::shared_ptr<Env> env_ = NewPosixEnv();
  std::string dir_;
};

TEST_F(UringFileTest, WriteAndSyncThroughTheRingIsReadBack) {
  auto file = Open(Path("seg"));
  ASSERT_TRUE(file->uses_io_uring());
  std::string expected;
  for (int i = 0; i < 100; ++i) {
    const std::string record = "record " + std::to_string(i) + "\n";
    Status status = file->WriteAndSync(expected.size(), record, /*sync=*/i % 3 == 0);
    ASSERT_TRUE(status.ok()) << status.ToString();
    expected += record;
  }
  EXPECT_EQ(file->Size().value(), expected.size());
  EXPECT_EQ(ReadAll("seg"), expected);
}

TEST_F(UringFileTest, SeparateWriteAndSyncGoThroughTheRing) {
  auto file = Open(Path("seg"));
  ASSERT_TRUE(file->Write(4096, "tail").ok());
  ASSERT_TRUE(file->Write(0, "head").ok());
  ASSERT_TRUE(file->Sync().ok());
  ASSERT_TRUE(file->WriteAndSync(4100, "", /*sync=*/true).ok());  // Sync only.
  const std::string contents = ReadAll("seg");
  ASSERT_EQ(contents.size(), 4100u);
  EXPECT_EQ(contents.substr(0, 4), "head");
  EXPECT_EQ(contents.substr(4096), "tail");
}

TEST_F(UringFileTest, AllocateTruncateAndSizeWork) {
  auto file = Open(Path("seg"));
  ASSERT_TRUE(file->Write(0, std::string(10000, 'a')).ok());
  ASSERT_TRUE(file->Allocate(0, 1 << 20).ok());
  EXPECT_EQ(file->Size().value(), 10000u);
  ASSERT_TRUE(file->Truncate(10).ok());
  EXPECT_EQ(file->Size().value(), 10u);
}

TEST_F(UringFileTest, FallsBackToPwriteWhenTheRingIsUnavailable) {
  const std::string path = Path("seg");
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  UringFileOptions options;
  options.simulate_unavailable = true;
  std::unique_ptr<WritableFile> file = NewUringWritableFile(fd, path, options);
  EXPECT_FALSE(file->uses_io_uring());
  ASSERT_TRUE(file->WriteAndSync(0, "still works", /*sync=*/true).ok());
  EXPECT_EQ(ReadAll("seg"), "still works");
}

TEST_F(UringFileTest, UseIoUringFalseDoesNotUseTheRing) {
  std::unique_ptr<WritableFile> file;
  ASSERT_TRUE(env_->NewWritableFile(Path("seg"), {}, &file).ok());
  EXPECT_FALSE(file->uses_io_uring());
}

// /dev/full fails every write with ENOSPC; the linked sync is then cancelled
// by the kernel and must not hide the write's error.
TEST_F(UringFileTest, FailedWriteCancelsLinkedSyncAndReportsTheWriteError) {
  auto file = Open("/dev/full");
  ASSERT_TRUE(file->uses_io_uring());
  Status status = file->WriteAndSync(4096, "data", /*sync=*/true);
  EXPECT_EQ(status.code(), Code::kNoSpace);
  EXPECT_EQ(status.message(), "write /dev/full at offset 4096: No space left on device");
  // The ring is still usable afterwards: both CQEs were reaped.
  status = file->Write(0, "data");
  EXPECT_EQ(status.code(), Code::kNoSpace) << status.ToString();
}

// /dev/full has no fsync: the sync itself fails (EINVAL).
TEST_F(UringFileTest, FailedSyncIsReported) {
  auto file = Open("/dev/full");
  Status status = file->Sync();
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "sync /dev/full: Invalid argument");
}

// /dev/null takes the write whole, so the linked sync runs, and fails
// (EINVAL): that failure is the result, never retried, and a sync asked for
// with no data goes alone and fails the same way.
TEST_F(UringFileTest, LinkedSyncThatRunsAndFailsIsReported) {
  auto file = Open("/dev/null");
  ASSERT_TRUE(file->uses_io_uring());
  Status status = file->WriteAndSync(0, "data", /*sync=*/true);
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "sync /dev/null: Invalid argument");
  EXPECT_EQ(file->WriteAndSync(0, "", /*sync=*/true).message(), "sync /dev/null: Invalid argument");
  EXPECT_TRUE(file->WriteAndSync(0, "data", /*sync=*/false).ok());
}

// Runs in a child process: the file size limit is process wide. The kernel
// writes the first 1000 bytes and completes the write short, which breaks the
// link and cancels the sync; the remainder is resubmitted at offset 1000 and
// fails there with EFBIG.
[[noreturn]] void WriteOverFileSizeLimitThroughRingAndExit(const std::string& path) {
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit limit = {1000, 1000};
  setrlimit(RLIMIT_FSIZE, &limit);
  WritableFileOptions options;
  options.use_io_uring = true;
  std::unique_ptr<WritableFile> file;
  if (!NewPosixEnv()->NewWritableFile(path, options, &file).ok()) _exit(2);
  if (!file->uses_io_uring()) _exit(3);
  Status status = file->WriteAndSync(0, std::string(3000, 'x'), /*sync=*/true);
  if (status.message() != "write " + path + " at offset 1000: File too large") {
    fprintf(stderr, "unexpected status: %s\n", status.ToString().c_str());
    _exit(4);
  }
  _exit(file->Size().value() == 1000 ? 0 : 5);
}

TEST_F(UringFileTest, ShortWriteIsResubmittedFromWhereItStopped) {
  // gtest may warn about threads: they are the kernel's io-wq workers of earlier
  // rings, which hold no user-space locks, so the fork is safe.
  EXPECT_EXIT(WriteOverFileSizeLimitThroughRingAndExit(Path("seg")), testing::ExitedWithCode(0),
              "");
}

}  // namespace
}  // namespace sealog::io
