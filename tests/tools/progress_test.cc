#include "tools/progress.h"

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace sealog::cli {
namespace {

TEST(ProgressTest, KnownTotalShowsBarPercentRateAndEta) {
  // 40960 of 100000 in 4 s: 10240/s, 59040 left: 5.77 s, shown as 0:06.
  EXPECT_EQ(RenderProgress("exported", ProgressUnit::kRecords, 40960, 100000, 4.0, 200),
            "exported [########............]  40%  40960/100000 records  10.2k records/s  "
            "ETA 0:06");
}

TEST(ProgressTest, UnknownTotalShowsCountAndRateOnly) {
  EXPECT_EQ(RenderProgress("exported", ProgressUnit::kRecords, 1500, 0, 2.0, 200),
            "exported 1500 records  750 records/s");
  // Before any time has passed there is no rate to show.
  EXPECT_EQ(RenderProgress("exported", ProgressUnit::kRecords, 0, 0, 0.0, 200),
            "exported 0 records");
}

TEST(ProgressTest, BytesUseBinaryUnitsAndLongEtasShowHours) {
  // 1 MiB of 10 GiB in 1 s: 10239 s left = 2:50:39.
  EXPECT_EQ(RenderProgress("appended", ProgressUnit::kBytes, 1 << 20, 10ull << 30, 1.0, 200),
            "appended [....................]   0%  1.0 MiB/10.00 GiB  1.0 MiB/s  ETA 2:50:39");
}

TEST(ProgressTest, DoneBeyondTotalIsCappedAndTheLineFitsTheWidth) {
  EXPECT_EQ(RenderProgress("verified", ProgressUnit::kRecords, 12, 10, 1.0, 200),
            "verified [####################] 100%  10/10 records  12 records/s  ETA 0:00");
  EXPECT_EQ(RenderProgress("verified", ProgressUnit::kRecords, 5, 10, 1.0, 20).size(), 20u);
}

// Points stderr at `fd` for the life of the object.
class StderrTo {
 public:
  explicit StderrTo(int fd) : saved_(::dup(STDERR_FILENO)) {
    std::fflush(stderr);
    ::dup2(fd, STDERR_FILENO);
  }
  ~StderrTo() {
    std::fflush(stderr);
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
  }

 private:
  const int saved_;
};

// Updates a bar past its first-draw delay, then lets it clear its line.
void DrawOnce() {
  ProgressBar bar("exported", ProgressUnit::kRecords, 100);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  bar.Update(50);
}

std::string ReadAll(int fd) {
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof(buffer))) > 0) text.append(buffer, n);
  return text;
}

TEST(ProgressTest, DrawsOnATerminalAndClearsItsLine) {
  int controller = -1;
  int terminal = -1;
  ASSERT_EQ(::openpty(&controller, &terminal, nullptr, nullptr, nullptr), 0);
  {
    StderrTo redirect(terminal);
    DrawOnce();
  }
  ::close(terminal);
  ::fcntl(controller, F_SETFL, O_NONBLOCK);
  const std::string drawn = ReadAll(controller);
  ::close(controller);
  EXPECT_NE(drawn.find("\rexported [##########..........]  50%  50/100 records"),
            std::string::npos)
      << drawn;
  EXPECT_EQ(drawn.substr(drawn.size() - 4), "\r\033[K");
}

TEST(ProgressTest, SilentWhenStderrIsNotATerminal) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  {
    StderrTo redirect(pipe_fds[1]);
    DrawOnce();
  }
  ::close(pipe_fds[1]);
  EXPECT_EQ(ReadAll(pipe_fds[0]), "");
  ::close(pipe_fds[0]);
}

}  // namespace
}  // namespace sealog::cli
