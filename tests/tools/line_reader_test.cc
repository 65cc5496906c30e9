#include "tools/line_reader.h"

#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace sealog::cli {
namespace {

// A file descriptor holding `data`, read from the start.
class MemoryFile {
 public:
  explicit MemoryFile(std::string_view data) : fd_(::memfd_create("line_reader_test", 0)) {
    EXPECT_EQ(::write(fd_, data.data(), data.size()), static_cast<ssize_t>(data.size()));
    ::lseek(fd_, 0, SEEK_SET);
  }
  ~MemoryFile() { ::close(fd_); }
  int fd() const { return fd_; }

 private:
  const int fd_;
};

// "line", "<too long N>", "<error>" for each item, until the end.
std::vector<std::string> ReadAll(LineReader* reader) {
  std::vector<std::string> items;
  while (true) {
    switch (reader->Next()) {
      case LineReader::Kind::kLine:
        items.emplace_back(reader->line());
        break;
      case LineReader::Kind::kTooLong:
        items.push_back("<too long " + std::to_string(reader->too_long_bytes()) + " at " +
                        std::to_string(reader->line_number()) + ">");
        break;
      case LineReader::Kind::kEnd:
        return items;
      case LineReader::Kind::kError:
        items.push_back("<error>");
        return items;
      case LineReader::Kind::kInterrupted:
        items.push_back("<interrupted>");
        return items;
    }
  }
}

TEST(LineReaderTest, SplitsOnNewlinesAndKeepsEverythingElse) {
  MemoryFile file("a\n\nb c\r\n\n");
  LineReader reader(file.fd(), 100);
  EXPECT_EQ(ReadAll(&reader), (std::vector<std::string>{"a", "", "b c\r", ""}));
  EXPECT_EQ(reader.line_number(), 4u);
}

TEST(LineReaderTest, LastLineWithoutNewlineCounts) {
  MemoryFile file("a\nlast");
  LineReader reader(file.fd(), 100);
  EXPECT_EQ(ReadAll(&reader), (std::vector<std::string>{"a", "last"}));
}

TEST(LineReaderTest, EmptyInputHasNoLines) {
  MemoryFile file("");
  LineReader reader(file.fd(), 100);
  EXPECT_TRUE(ReadAll(&reader).empty());
}

TEST(LineReaderTest, LineOfExactlyTheLimitIsKept) {
  const std::string line(10, 'x');
  MemoryFile file(line + "\n" + line + "y\nz\n");
  LineReader reader(file.fd(), 10);
  EXPECT_EQ(ReadAll(&reader), (std::vector<std::string>{line, "<too long 11 at 2>", "z"}));
}

// Lines far longer than the buffer are skipped in bounded memory, counted
// exactly, and the reader goes on with the next line.
TEST(LineReaderTest, HugeLinesAreSkippedAndCounted) {
  const std::string huge(5 << 20, 'h');
  MemoryFile file("a\n" + huge + "\nb\n" + huge);
  LineReader reader(file.fd(), 1000);
  EXPECT_EQ(ReadAll(&reader), (std::vector<std::string>{"a", "<too long 5242880 at 2>", "b",
                                                        "<too long 5242880 at 4>"}));
  EXPECT_EQ(reader.bytes_read(), 2 + huge.size() + 3 + huge.size());
}

// Lines that straddle reads from a pipe come out whole.
TEST(LineReaderTest, ReadsFromAPipeInSmallPieces) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::vector<std::string> expected;
  std::string data;
  for (int i = 0; i < 20000; ++i) {
    expected.push_back(std::string(i % 97, 'a' + i % 26) + std::to_string(i));
    data += expected.back() + "\n";
  }
  std::thread writer([&] {
    for (size_t done = 0; done < data.size();) {
      const size_t n = std::min<size_t>(777, data.size() - done);
      done += static_cast<size_t>(::write(fds[1], data.data() + done, n));
    }
    ::close(fds[1]);
  });
  LineReader reader(fds[0], 200);
  EXPECT_EQ(ReadAll(&reader), expected);
  writer.join();
  ::close(fds[0]);
}

// A readable interrupt fd stops a reader that waits for input.
TEST(LineReaderTest, InterruptStopsTheWaitAndDropsThePartialLine) {
  int input[2], interrupt[2];
  ASSERT_EQ(::pipe(input), 0);
  ASSERT_EQ(::pipe(interrupt), 0);
  ASSERT_EQ(::write(input[1], "a\npartial", 10), 10);
  LineReader reader(input[0], 100, interrupt[0]);
  ASSERT_EQ(reader.Next(), LineReader::Kind::kLine);
  EXPECT_EQ(reader.line(), "a");
  std::thread interrupter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_EQ(::write(interrupt[1], "x", 1), 1);
  });
  EXPECT_EQ(reader.Next(), LineReader::Kind::kInterrupted);
  EXPECT_EQ(reader.line_number(), 1u);
  interrupter.join();
  for (int fd : {input[0], input[1], interrupt[0], interrupt[1]}) ::close(fd);
}

TEST(LineReaderTest, PeekConsumesNothing) {
  MemoryFile file("{\"Records\":[]}\nnext\n");
  LineReader reader(file.fd(), 100);
  EXPECT_EQ(reader.Peek(4), "{\"Records\":[]}\nnext\n");  // what one read brought
  EXPECT_EQ(ReadAll(&reader), (std::vector<std::string>{"{\"Records\":[]}", "next"}));
  EXPECT_EQ(reader.Peek(4), "");  // at the end
}

TEST(LineReaderTest, ReadRestTakesEverythingLeft) {
  const std::string big(3 << 20, 'x');  // more than one buffer
  MemoryFile file("first\n" + big);
  LineReader reader(file.fd(), 100);
  ASSERT_EQ(reader.Next(), LineReader::Kind::kLine);
  std::string rest;
  EXPECT_EQ(reader.ReadRest(size_t{4} << 20, &rest), LineReader::Kind::kEnd);
  EXPECT_EQ(rest, big);
  EXPECT_EQ(reader.Next(), LineReader::Kind::kEnd);
}

TEST(LineReaderTest, ReadRestStopsAtItsLimit) {
  MemoryFile file(std::string(5000, 'y'));
  LineReader reader(file.fd(), 100);
  std::string rest;
  EXPECT_EQ(reader.ReadRest(1000, &rest), LineReader::Kind::kTooLong);
  EXPECT_EQ(rest.size(), 1000u);
}

TEST(LineReaderTest, ReadErrorIsReported) {
  LineReader reader(-1, 100);
  EXPECT_EQ(reader.Next(), LineReader::Kind::kError);
  EXPECT_EQ(reader.error_number(), EBADF);
}

}  // namespace
}  // namespace sealog::cli
