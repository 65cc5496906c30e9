// Frames (engine/tier/frames.h): bytes in, the same bytes out at any offset,
// and damaged or crafted frames refused before they cost memory.
#include "engine/tier/frames.h"

#include <zstd.h>
#include <zstd_errors.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "bench/split_mix64.h"
#include "engine/checksum.h"
#include "engine/io/fault_env.h"

namespace sealog::tier {
namespace {

// Text that compresses like audit JSON does: repetitive, not constant.
std::string Sample(size_t n, uint64_t seed) {
  bench::SplitMix64 random(seed);
  std::string out;
  while (out.size() < n) {
    out += "{\"actor\":\"user" + std::to_string(random.Next() % 50) + "\",\"action\":\"Get" +
           std::to_string(random.Next() % 9) + "\",\"n\":" + std::to_string(random.Next()) + "}\n";
  }
  out.resize(n);
  return out;
}

// Lines with long fields drawn from a small vocabulary, as real audit events
// have (user agents, resource names): what a dictionary learns.
std::string AuditSample(size_t n, uint64_t seed) {
  static const char* const kAgents[] = {
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0",
      "aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0-17-amd64 exe/x86_64.debian.12 prompt/off",
      "Boto3/1.34.2 md/Botocore#1.34.2 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11"};
  bench::SplitMix64 random(seed);
  std::string out;
  while (out.size() < n) {
    out += "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"user" +
           std::to_string(random.Next() % 40) + "\"},\"eventSource\":\"s3.amazonaws.com\"," +
           "\"userAgent\":\"" + kAgents[random.Next() % 3] +
           "\",\"resource\":\"arn:aws:s3:::payroll-archive-" + std::to_string(random.Next() % 20) +
           "/2026/records/" + std::to_string(random.Next() % 100000) + "\"}\n";
  }
  out.resize(n);
  return out;
}

class FramesTest : public ::testing::Test {
 protected:
  // Writes `data` as frames into /frames (from offset `base`) and opens it.
  std::shared_ptr<FramedFile> Store(const std::string& data, uint32_t frame_bytes,
                                    uint64_t base = 0, std::string_view dictionary = {}) {
    std::unique_ptr<io::WritableFile> source;
    EXPECT_TRUE(env_.NewWritableFile("/source", {}, &source).ok());
    EXPECT_TRUE(source->Write(0, data).ok());
    std::unique_ptr<io::ReadableFile> in;
    EXPECT_TRUE(env_.NewReadableFile("/source", &in).ok());
    std::unique_ptr<io::WritableFile> out;
    io::WritableFileOptions options;
    options.truncate = true;
    EXPECT_TRUE(env_.NewWritableFile("/frames", options, &out).ok());
    EXPECT_TRUE(out->Write(0, std::string(base, 'x')).ok());
    uint64_t offset = base;
    EXPECT_TRUE(
        CompressFrames(*in, data.size(), frame_bytes, 3, dictionary, *out, &offset, &table_).ok());
    EXPECT_EQ(offset - base, table_.compressed_bytes());
    return Reopen(base);
  }

  std::shared_ptr<FramedFile> Reopen(uint64_t base = 0) {
    std::unique_ptr<io::ReadableFile> raw;
    EXPECT_TRUE(env_.NewReadableFile("/frames", &raw).ok());
    return std::make_shared<FramedFile>(std::move(raw), base, table_, "/frames");
  }

  void Overwrite(uint64_t offset, std::string_view bytes) {
    std::unique_ptr<io::WritableFile> out;
    ASSERT_TRUE(env_.NewWritableFile("/frames", {}, &out).ok());
    ASSERT_TRUE(out->Write(offset, bytes).ok());
  }

  Result<std::string> ReadAll(const io::ReadableFile& file, uint64_t offset, size_t n) {
    std::string scratch(n, '\0');
    std::string_view got;
    Status status = file.Read(offset, n, scratch.data(), &got);
    if (!status.ok()) return status;
    return std::string(got);
  }

  io::FaultEnv env_;
  FrameTable table_;
};

TEST_F(FramesTest, EveryReadReturnsTheOriginalBytes) {
  const uint32_t kFrame = 4096;
  const std::string data = Sample(5 * kFrame + 123, 1);
  std::shared_ptr<FramedFile> file = Store(data, kFrame, /*base=*/100);
  ASSERT_EQ(table_.frame_count(), 6u);
  EXPECT_EQ(*file->Size(), data.size());
  EXPECT_LT(table_.compressed_bytes(), data.size() / 2);
  bench::SplitMix64 random(7);
  // Whole file, single bytes at frame edges, and random spans across frames.
  EXPECT_EQ(*ReadAll(*file, 0, data.size()), data);
  for (uint64_t edge : {0ull, 4095ull, 4096ull, 8191ull, 20480ull, data.size() - 1ull}) {
    EXPECT_EQ(*ReadAll(*file, edge, 1), data.substr(edge, 1)) << edge;
  }
  for (int i = 0; i < 500; ++i) {
    const uint64_t offset = random.Next() % data.size();
    const size_t n = static_cast<size_t>(random.Next() % (3 * kFrame));
    EXPECT_EQ(*ReadAll(*file, offset, n), data.substr(offset, n)) << offset << "+" << n;
  }
  // Past the end: short, then empty.
  EXPECT_EQ(*ReadAll(*file, data.size() - 10, 100), data.substr(data.size() - 10));
  EXPECT_EQ(*ReadAll(*file, data.size() + 5, 10), "");
}

TEST(FrameCacheTest, KeepsTheMostRecentlyUsedWithinItsBudget) {
  const auto frame = [](char c) { return std::make_shared<const std::string>(1000, c); };
  FrameCache cache(3 * 1100);  // three frames of 1,000 bytes and their bookkeeping
  const uint64_t a = cache.NewOwner();
  const uint64_t b = cache.NewOwner();
  EXPECT_NE(a, b);
  cache.Insert(a, 0, frame('0'));
  cache.Insert(a, 1, frame('1'));
  cache.Insert(b, 0, frame('b'));
  EXPECT_EQ(*cache.Find(b, 0), std::string(1000, 'b'));  // owners do not share frames
  EXPECT_EQ(*cache.Find(a, 0), std::string(1000, '0'));  // now the most recent
  cache.Insert(a, 2, frame('2'));                        // evicts the least recent: (a, 1)
  EXPECT_EQ(cache.Find(a, 1), nullptr);
  EXPECT_NE(cache.Find(a, 0), nullptr);
  EXPECT_NE(cache.Find(b, 0), nullptr);
  EXPECT_NE(cache.Find(a, 2), nullptr);
  EXPECT_LE(cache.charged_bytes(), cache.capacity());
  cache.Insert(a, 2, frame('x'));  // replaced, not counted twice
  EXPECT_EQ(*cache.Find(a, 2), std::string(1000, 'x'));
  EXPECT_LE(cache.charged_bytes(), cache.capacity());
  cache.Insert(a, 9, std::make_shared<const std::string>(5000, 'y'));  // larger than all of it
  EXPECT_EQ(cache.Find(a, 9), nullptr);
  EXPECT_NE(cache.Find(a, 2), nullptr);  // and it evicted nothing
  FrameCache off(0);
  off.Insert(off.NewOwner(), 0, frame('z'));
  EXPECT_EQ(off.charged_bytes(), 0u);
}

// Files sharing one cache (as a store's warm files do) read their own bytes,
// from any thread, and the cache stays within its budget.
TEST_F(FramesTest, FilesSharingACacheReadTheirOwnBytes) {
  const uint32_t kFrame = 2048;
  const std::string first = Sample(40 * kFrame + 7, 11);
  Store(first, kFrame);
  const FrameTable first_table = table_;
  auto cache = std::make_shared<FrameCache>(16 * (kFrame + 96));
  std::unique_ptr<io::ReadableFile> raw;
  ASSERT_TRUE(env_.NewReadableFile("/frames", &raw).ok());
  auto shared_a = std::make_shared<FramedFile>(std::move(raw), 0, first_table, "/a", cache);
  ASSERT_TRUE(env_.RenameFile("/frames", "/frames-a").ok());
  const std::string second = Sample(40 * kFrame + 99, 12);
  Store(second, kFrame);
  ASSERT_TRUE(env_.NewReadableFile("/frames", &raw).ok());
  auto shared_b = std::make_shared<FramedFile>(std::move(raw), 0, table_, "/b", cache);
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      bench::SplitMix64 random(100 + t);
      for (int i = 0; i < 400; ++i) {
        const bool use_a = random.Next() % 2 == 0;
        const std::string& data = use_a ? first : second;
        const uint64_t offset = random.Next() % data.size();
        const size_t n = static_cast<size_t>(random.Next() % 600);
        Result<std::string> got = ReadAll(use_a ? *shared_a : *shared_b, offset, n);
        ASSERT_TRUE(got.ok()) << got.status().ToString();
        ASSERT_EQ(*got, data.substr(offset, n)) << offset << "+" << n;
      }
    });
  }
  for (std::thread& reader : readers) reader.join();
  EXPECT_GT(cache->charged_bytes(), 0u);
  EXPECT_LE(cache->charged_bytes(), cache->capacity());
}

// A dictionary trained on the data: every read still returns the original
// bytes, the frames shrink, and frames decoded with any other dictionary (or
// none) are refused, never returned as other bytes.
TEST_F(FramesTest, DictionaryShrinksSmallFramesAndMustBeTheOne) {
  const uint32_t kFrame = 4096;
  const std::string data = AuditSample(200 * kFrame, 5);
  const std::string kSource = "/dictionary-source";
  {
    std::unique_ptr<io::WritableFile> out;
    ASSERT_TRUE(env_.NewWritableFile(kSource, {}, &out).ok());
    ASSERT_TRUE(out->Write(0, data).ok());
  }
  std::unique_ptr<io::ReadableFile> source;
  ASSERT_TRUE(env_.NewReadableFile(kSource, &source).ok());
  Result<std::string> dictionary = TrainDictionary(*source, data.size(), kFrame, 3, 8192);
  ASSERT_TRUE(dictionary.ok()) << dictionary.status().ToString();
  ASSERT_FALSE(dictionary->empty());
  EXPECT_LE(dictionary->size(), 8192u);

  Store(data, kFrame);
  const uint64_t without = table_.compressed_bytes();
  std::shared_ptr<FramedFile> file = Store(data, kFrame, 0, *dictionary);
  EXPECT_EQ(table_.dictionary, *dictionary);
  EXPECT_LT(table_.compressed_bytes() + dictionary->size(), without);
  EXPECT_EQ(*ReadAll(*file, 0, data.size()), data);
  bench::SplitMix64 random(11);
  for (int i = 0; i < 200; ++i) {
    const uint64_t offset = random.Next() % data.size();
    EXPECT_EQ(*ReadAll(*file, offset, 300), data.substr(offset, 300)) << offset;
  }

  // Another dictionary (another dictionary id) or none: refused.
  const std::string other_data = AuditSample(50 * kFrame, 77);
  {
    std::unique_ptr<io::WritableFile> out;
    ASSERT_TRUE(env_.NewWritableFile("/other-source", {}, &out).ok());
    ASSERT_TRUE(out->Write(0, other_data).ok());
  }
  std::unique_ptr<io::ReadableFile> other_source;
  ASSERT_TRUE(env_.NewReadableFile("/other-source", &other_source).ok());
  Result<std::string> other = TrainDictionary(*other_source, other_data.size(), kFrame, 3, 8192);
  ASSERT_TRUE(other.ok() && !other->empty());
  for (const std::string& wrong : {std::string(), *other, Sample(8192, 99)}) {
    table_.dictionary = wrong;
    Result<std::string> read = ReadAll(*Reopen(), 0, 10);
    ASSERT_FALSE(read.ok()) << "dictionary of " << wrong.size() << " bytes";
    EXPECT_TRUE(read.status().IsCorruption()) << read.status().ToString();
  }
  // The same dictionary with its content changed: zstd cannot always tell
  // (the warm file's dictionary checksum does), but each frame's content
  // checksum keeps other bytes from being returned.
  table_.dictionary = std::string(*dictionary).replace(dictionary->size() - 200, 8, "zzzzzzzz");
  std::shared_ptr<FramedFile> changed = Reopen();
  for (uint64_t at = 0; at < data.size(); at += kFrame) {
    Result<std::string> read = ReadAll(*changed, at, kFrame);
    if (read.ok()) {
      EXPECT_EQ(*read, data.substr(at, kFrame)) << at;
    }
  }
}

// Too little data to learn from: no dictionary, and no error.
TEST_F(FramesTest, TinyDataTrainsNoDictionary) {
  std::unique_ptr<io::WritableFile> out;
  ASSERT_TRUE(env_.NewWritableFile("/tiny", {}, &out).ok());
  ASSERT_TRUE(out->Write(0, "{\"actor\":\"alice\"}").ok());
  std::unique_ptr<io::ReadableFile> in;
  ASSERT_TRUE(env_.NewReadableFile("/tiny", &in).ok());
  Result<std::string> dictionary = TrainDictionary(*in, 17, 4096, 3, 8192);
  ASSERT_TRUE(dictionary.ok()) << dictionary.status().ToString();
  EXPECT_TRUE(dictionary->empty());
}

// Enough to train on, too little for the dictionary to save its own size.
TEST_F(FramesTest, DictionaryThatCostsMoreThanItSavesIsDropped) {
  const std::string data = AuditSample(2 * 4096, 8);
  std::unique_ptr<io::WritableFile> out;
  ASSERT_TRUE(env_.NewWritableFile("/small", {}, &out).ok());
  ASSERT_TRUE(out->Write(0, data).ok());
  std::unique_ptr<io::ReadableFile> in;
  ASSERT_TRUE(env_.NewReadableFile("/small", &in).ok());
  Result<std::string> dictionary = TrainDictionary(*in, data.size(), 1024, 3, 8192);
  ASSERT_TRUE(dictionary.ok()) << dictionary.status().ToString();
  EXPECT_TRUE(dictionary->empty()) << dictionary->size();
}

TEST_F(FramesTest, TableEncodesAndDecodes) {
  const std::string data = Sample(3 * 4096, 2);
  Store(data, 4096);
  FrameTable decoded;
  ASSERT_TRUE(FrameTable::Decode(table_.Encode(), data.size(), 4096, 3, table_.compressed_bytes(),
                                 "t", &decoded)
                  .ok());
  EXPECT_EQ(decoded.compressed_sizes, table_.compressed_sizes);
  EXPECT_EQ(decoded.checksums, table_.checksums);
  // Inconsistent counts, sizes and frame sizes are refused, naming the file.
  const std::string bytes = table_.Encode();
  const uint64_t total = table_.compressed_bytes();
  EXPECT_FALSE(FrameTable::Decode(bytes, data.size(), 4096, 4, total, "t", &decoded).ok());
  EXPECT_FALSE(FrameTable::Decode(bytes, data.size() + 4096, 4096, 3, total, "t", &decoded).ok());
  EXPECT_FALSE(FrameTable::Decode(bytes, data.size(), 4096, 3, total + 1, "t", &decoded).ok());
  EXPECT_FALSE(FrameTable::Decode(bytes, data.size(), 1024, 12, total, "t", &decoded).ok());
  // A size near 2^64 once wrapped the frame count to 0 (found by fuzzing).
  EXPECT_FALSE(FrameTable::Decode("", 0xffffffffffff8000ull, 65791, 0, 0, "t", &decoded).ok());
  EXPECT_EQ(FrameTable::FramesFor(0xffffffffffff8000ull, 65791), 0xffffffffffff8000ull / 65791 + 1);
  Status tiny = FrameTable::Decode(bytes, data.size(), 512, 24, total, "t", &decoded);
  EXPECT_TRUE(tiny.IsCorruption()) << "frames under kFrameBytesMin";
  Status huge = FrameTable::Decode(bytes, data.size(), 1u << 30, 1, total, "t", &decoded);
  EXPECT_TRUE(huge.IsCorruption());
  EXPECT_NE(huge.message().find("t: frame size"), std::string::npos) << huge.message();
}

TEST_F(FramesTest, DamagedFrameIsCorruptionNamingFrameAndOffset) {
  const std::string data = Sample(4 * 4096, 3);
  std::shared_ptr<FramedFile> file = Store(data, 4096);
  const uint64_t second = table_.compressed_sizes[0];
  Overwrite(second + 5, "\xff");
  file = Reopen();
  EXPECT_EQ(*ReadAll(*file, 0, 4096), data.substr(0, 4096));  // frame 0 still reads
  Result<std::string> bad = ReadAll(*file, 4096, 10);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsCorruption());
  EXPECT_EQ(bad.status().message(),
            "/frames: frame 1 at offset " + std::to_string(second) + ": checksum mismatch");
}

// A frame that passes the table's checksum (whoever wrote the file computed
// it) but declares more bytes than the table allows, or none at all.
TEST_F(FramesTest, CraftedFramesAreRefusedWithBoundedMemory) {
  const uint32_t kFrame = 4096;
  // One 64 MiB frame of zeros compresses to a few KiB: a decompression bomb.
  const std::string bomb_input(64u << 20, '\0');
  std::string bomb(ZSTD_compressBound(bomb_input.size()), '\0');
  bomb.resize(ZSTD_compress(bomb.data(), bomb.size(), bomb_input.data(), bomb_input.size(), 19));
  ASSERT_LT(bomb.size(), ZSTD_compressBound(kFrame));
  // A frame without a declared size (streamed), holding 4096 bytes.
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0);
  const std::string plain = Sample(kFrame, 4);
  std::string unsized(ZSTD_compressBound(kFrame), '\0');
  ZSTD_outBuffer out{unsized.data(), unsized.size(), 0};
  ZSTD_inBuffer in{plain.data(), plain.size(), 0};
  ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_end);
  unsized.resize(out.pos);
  ZSTD_freeCCtx(cctx);

  for (const std::string& frame : {bomb, unsized}) {
    std::unique_ptr<io::WritableFile> file;
    io::WritableFileOptions options;
    options.truncate = true;
    ASSERT_TRUE(env_.NewWritableFile("/frames", options, &file).ok());
    ASSERT_TRUE(file->Write(0, frame).ok());
    table_.size = kFrame;
    table_.frame_bytes = kFrame;
    table_.compressed_sizes = {static_cast<uint32_t>(frame.size())};
    // The checksum right, as whoever crafted the file would make it.
    table_.checksums = {static_cast<uint32_t>(Checksum(frame, 0))};
    std::shared_ptr<FramedFile> framed = Reopen();
    Result<std::string> read = ReadAll(*framed, 0, kFrame);
    ASSERT_FALSE(read.ok());
    EXPECT_TRUE(read.status().IsCorruption()) << read.status().ToString();
    EXPECT_NE(read.status().message().find("declares"), std::string::npos)
        << read.status().message();
  }
}


// A readable file whose reads fail, or end early, from a given offset on: a
// disk going bad under a move, or a source shorter than its caller believes.
class BrokenFile final : public io::ReadableFile {
 public:
  BrokenFile(std::string bytes, uint64_t fail_from, bool short_read)
      : bytes_(std::move(bytes)), fail_from_(fail_from), short_read_(short_read) {}
  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override {
    if (offset + n > fail_from_ && !short_read_) {
      *result = {};
      return Status::IOError("read /broken at offset " + std::to_string(offset) + ": injected");
    }
    const uint64_t end = std::min<uint64_t>({offset + n, bytes_.size(), fail_from_});
    const size_t got = offset >= end ? 0 : static_cast<size_t>(end - offset);
    if (got > 0) std::memcpy(scratch, bytes_.data() + offset, got);
    *result = std::string_view(scratch, got);
    return Status::Ok();
  }
  Result<uint64_t> Size() const override { return uint64_t{bytes_.size()}; }

 private:
  const std::string bytes_;
  const uint64_t fail_from_;
  const bool short_read_;
};

// A source that ends before the size its caller gives, or fails to read,
// stops compression and training with an error naming the offset; nothing
// made of the bytes that were there passes for the whole.
TEST_F(FramesTest, SourceEndingEarlyOrFailingStopsCompressionAndTraining) {
  const uint32_t kFrame = 4096;
  const std::string data = Sample(3 * kFrame, 21);
  std::unique_ptr<io::WritableFile> out;
  ASSERT_TRUE(env_.NewWritableFile("/frames", {}, &out).ok());
  uint64_t offset = 0;

  BrokenFile short_source(data, 2 * kFrame + 100, /*short_read=*/true);
  Status status = CompressFrames(short_source, data.size(), kFrame, 3, {}, *out, &offset, &table_);
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "compress: source ended early at offset " +
                                  std::to_string(2 * kFrame + 100));

  BrokenFile failing(data, kFrame + 1, /*short_read=*/false);
  offset = 0;
  status = CompressFrames(failing, data.size(), kFrame, 3, {}, *out, &offset, &table_);
  EXPECT_EQ(status.code(), Code::kIOError);
  EXPECT_EQ(status.message(), "read /broken at offset 4096: injected");

  Result<std::string> trained = TrainDictionary(short_source, data.size(), kFrame, 3, 8192);
  EXPECT_EQ(trained.status().code(), Code::kIOError);
  EXPECT_EQ(trained.status().message(),
            "train: source ended early at offset " + std::to_string(2 * kFrame + 100));
  trained = TrainDictionary(failing, data.size(), kFrame, 3, 8192);
  EXPECT_EQ(trained.status().message(), "read /broken at offset 4096: injected");
}

// The output failing (EIO, disk full) fails the compression with that
// error, both for a full chunk of output and for the last, partial one.
TEST_F(FramesTest, OutputWriteFailureIsReturned) {
  const uint32_t kFrame = 64 << 10;
  // Random bytes hardly compress: 1.5 MiB fills more than one 1 MiB chunk.
  bench::SplitMix64 random(5);
  std::string data(3 * (512 << 10), '\0');
  for (char& c : data) c = static_cast<char>(random.Next());
  BrokenFile source(data, UINT64_MAX, false);
  for (uint64_t failing_write : {1, 2}) {
    std::unique_ptr<io::WritableFile> out;
    ASSERT_TRUE(env_.NewWritableFile("/frames", {}, &out).ok());
    env_.FailAt(env_.op_count() + failing_write, io::Fault::kENOSPC, false);
    uint64_t offset = 0;
    Status status = CompressFrames(source, data.size(), kFrame, 1, {}, *out, &offset, &table_);
    env_.ClearFaults();
    EXPECT_EQ(status.code(), Code::kNoSpace) << "write " << failing_write << ": "
                                             << status.ToString();
    EXPECT_NE(status.message().find("/frames"), std::string::npos) << status.message();
    // *offset counts only what was written before the failure: nothing, or
    // the first chunk of at least 1 MiB.
    if (failing_write == 1) {
      EXPECT_EQ(offset, 0u);
    } else {
      EXPECT_GE(offset, uint64_t{1} << 20);
      EXPECT_LT(offset, table_.compressed_bytes());
    }
  }
}

// A container that fails, or is shorter than its table, is reported naming
// the frame and its offset; the frames before it still read.
TEST_F(FramesTest, ContainerReadFailureOrTruncationIsReported) {
  const uint32_t kFrame = 4096;
  const std::string data = Sample(3 * kFrame, 31);
  Store(data, kFrame);
  std::string container;
  {
    std::unique_ptr<io::ReadableFile> raw;
    ASSERT_TRUE(env_.NewReadableFile("/frames", &raw).ok());
    container.resize(table_.compressed_bytes());
    std::string_view got;
    ASSERT_TRUE(raw->Read(0, container.size(), container.data(), &got).ok());
    container.assign(got);
  }
  const uint64_t third = table_.compressed_sizes[0] + table_.compressed_sizes[1];

  FramedFile truncated(std::make_shared<BrokenFile>(container, third + 10, true), 0, table_,
                       "/frames");
  EXPECT_EQ(*ReadAll(truncated, 0, 2 * kFrame), data.substr(0, 2 * kFrame));
  Result<std::string> read = ReadAll(truncated, 2 * kFrame, 10);
  ASSERT_EQ(read.status().code(), Code::kCorruption) << read.status().ToString();
  EXPECT_EQ(read.status().message(),
            "/frames: frame 2 at offset " + std::to_string(third) + ": truncated");

  FramedFile failing(std::make_shared<BrokenFile>(container, third + 10, false), 0, table_,
                     "/frames");
  read = ReadAll(failing, 2 * kFrame + 5, kFrame - 5);
  ASSERT_EQ(read.status().code(), Code::kIOError) << read.status().ToString();
  EXPECT_EQ(read.status().message(), "read /broken at offset " + std::to_string(third) +
                                         ": injected");
  // A read of nothing, or from the end on, touches no frame.
  EXPECT_EQ(*ReadAll(failing, data.size(), 10), "");
  EXPECT_EQ(*ReadAll(failing, 0, 0), "");
}

// Frames that pass the table's checksum (a crafted or resealed file) but are
// not what the table describes: each is refused as corruption naming it.
TEST_F(FramesTest, FramesUnlikeTheirTableAreRefused) {
  const uint32_t kFrame = 4096;
  const std::string plain = Sample(kFrame, 41);
  std::string frame(ZSTD_compressBound(kFrame), '\0');
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  frame.resize(ZSTD_compress2(cctx, frame.data(), frame.size(), plain.data(), plain.size()));
  ZSTD_freeCCtx(cctx);
  ASSERT_FALSE(ZSTD_isError(frame.size()));

  const auto read_single = [&](const std::string& stored, uint64_t table_size) {
    std::unique_ptr<io::WritableFile> file;
    io::WritableFileOptions options;
    options.truncate = true;
    EXPECT_TRUE(env_.NewWritableFile("/frames", options, &file).ok());
    EXPECT_TRUE(file->Write(0, stored).ok());
    table_ = FrameTable();
    table_.size = table_size;
    table_.frame_bytes = kFrame;
    table_.compressed_sizes = {static_cast<uint32_t>(stored.size())};
    table_.checksums = {static_cast<uint32_t>(Checksum(stored, 0))};
    return ReadAll(*Reopen(), 0, kFrame);
  };
  ASSERT_EQ(*read_single(frame, kFrame), plain);

  // The table says the last frame holds 4000 bytes; the frame declares 4096.
  Result<std::string> read = read_single(frame, 4000);
  ASSERT_TRUE(read.status().IsCorruption()) << read.status().ToString();
  EXPECT_EQ(read.status().message(),
            "/frames: frame 0 at offset 0: declares 4096 bytes, expected 4000");

  // A second frame (or any bytes) after the first, inside the table's size.
  read = read_single(frame + "trailing", kFrame);
  ASSERT_TRUE(read.status().IsCorruption()) << read.status().ToString();
  EXPECT_EQ(read.status().message(), "/frames: frame 0 at offset 0: is not exactly one zstd frame");

  // The content checksum (the frame's last 4 bytes) wrong: zstd's own error.
  std::string damaged = frame;
  damaged[damaged.size() - 1] ^= 0x5a;
  read = read_single(damaged, kFrame);
  ASSERT_TRUE(read.status().IsCorruption()) << read.status().ToString();
  EXPECT_EQ(read.status().message(), "/frames: frame 0 at offset 0: " +
                                         std::string(ZSTD_getErrorString(ZSTD_error_checksum_wrong)));
}

// Frames compressed without a dictionary, read as if with one: refused,
// naming both dictionary ids, before zstd could decode garbage.
TEST_F(FramesTest, FrameWithoutDictionaryInFileWithOneIsRefused) {
  const uint32_t kFrame = 4096;
  const std::string data = AuditSample(200 * kFrame, 6);
  std::unique_ptr<io::WritableFile> out;
  ASSERT_TRUE(env_.NewWritableFile("/dict-source", {}, &out).ok());
  ASSERT_TRUE(out->Write(0, data).ok());
  std::unique_ptr<io::ReadableFile> source;
  ASSERT_TRUE(env_.NewReadableFile("/dict-source", &source).ok());
  Result<std::string> dictionary = TrainDictionary(*source, data.size(), kFrame, 3, 8192);
  ASSERT_TRUE(dictionary.ok() && !dictionary->empty());
  const unsigned id = ZSTD_getDictID_fromDict(dictionary->data(), dictionary->size());
  ASSERT_NE(id, 0u);

  Store(data.substr(0, 2 * kFrame), kFrame);  // no dictionary
  table_.dictionary = *dictionary;
  Result<std::string> read = ReadAll(*Reopen(), kFrame, 10);
  ASSERT_TRUE(read.status().IsCorruption()) << read.status().ToString();
  EXPECT_EQ(read.status().message(),
            "/frames: frame 1 at offset " + std::to_string(table_.compressed_sizes[0]) +
                ": compressed with dictionary 0, the file holds dictionary " + std::to_string(id));
}

}  // namespace
}  // namespace sealog::tier
