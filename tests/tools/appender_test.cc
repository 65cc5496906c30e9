// Appender on its own: the progress it reports while reading an input.
#include "tools/appender.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sealog/store.h"

namespace sealog::cli {
namespace {

class AppenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/sealog-appender-XXXXXX";
    ASSERT_NE(::mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
    Options options;
    options.create_if_missing = true;
    options.durability = Durability::kNone;
    Result<std::unique_ptr<Store>> store = Store::Open(dir_ + "/store", options);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Appends `input` and returns the byte counts progress was called with.
  std::vector<uint64_t> Progress(const std::string& input, bool records_documents) {
    const int fd = ::memfd_create("appender_test", 0);
    EXPECT_EQ(::write(fd, input.data(), input.size()), static_cast<ssize_t>(input.size()));
    ::lseek(fd, 0, SEEK_SET);
    std::vector<uint64_t> calls;
    EventParser parser;
    AppendSettings settings;
    settings.durable_by_flush = true;
    settings.records_documents = records_documents;
    settings.progress = [&calls](uint64_t bytes) { calls.push_back(bytes); };
    Appender appender(store_.get(), &parser, settings);
    EXPECT_EQ(appender.AppendFrom(fd, "input"), 0);
    EXPECT_EQ(appender.Finish(), 0);
    ::close(fd);
    return calls;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(AppenderTest, ReportsTheBytesReadAsLinesGoBy) {
  std::string input;
  for (int i = 0; i < 10000; ++i) input += "{\"n\":" + std::to_string(i) + "}\n";
  const std::vector<uint64_t> calls = Progress(input, false);
  ASSERT_EQ(calls.size(), 2u);  // every 4096 lines
  EXPECT_LE(calls[0], calls[1]);
  EXPECT_LE(calls[1], input.size());
  EXPECT_EQ(store_->Stats().records, 10000u);
}

TEST_F(AppenderTest, ReportsAWholeRecordsDocumentOnceItIsRead) {
  const std::string input = R"({"Records":[{"eventName":"A"},{"eventName":"B"}]})";
  const std::vector<uint64_t> calls = Progress(input, true);
  EXPECT_EQ(calls, (std::vector<uint64_t>{input.size()}));
  EXPECT_EQ(store_->Stats().records, 2u);
}

TEST_F(AppenderTest, WithoutThePresetARecordsDocumentIsOneEvent) {
  Progress(R"({"Records":[{"eventName":"A"},{"eventName":"B"}]})", false);
  EXPECT_EQ(store_->Stats().records, 1u);
}

}  // namespace
}  // namespace sealog::cli
