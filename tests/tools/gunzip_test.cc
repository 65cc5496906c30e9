#include "tools/gunzip.h"

#include <zlib.h>

#include <string>

#include <gtest/gtest.h>

namespace sealog::cli {
namespace {

// One gzip member holding `text`.
std::string Gzip(const std::string& text) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, text.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

TEST(GunzipTest, UnpacksOneMemberAndSeveral) {
  std::string out;
  ASSERT_TRUE(Gunzip(Gzip("{\"a\":1}\n"), 1 << 20, &out).ok());
  EXPECT_EQ(out, "{\"a\":1}\n");
  out.clear();
  ASSERT_TRUE(Gunzip(Gzip("first\n") + Gzip("second\n"), 1 << 20, &out).ok());  // cat a.gz b.gz
  EXPECT_EQ(out, "first\nsecond\n");
  EXPECT_TRUE(LooksLikeGzip(Gzip("x")));
  EXPECT_FALSE(LooksLikeGzip("{\"Records\":[]}"));
}

TEST(GunzipTest, DamagedAndTruncatedInputsAreErrors) {
  const std::string packed = Gzip(std::string(10000, 'x') + "tail");
  std::string out;
  EXPECT_EQ(Gunzip(packed.substr(0, packed.size() / 2), 1 << 20, &out).message(),
            "gzip input is cut short");
  std::string damaged = packed;
  damaged[damaged.size() - 6] ^= 0x55;  // the CRC
  out.clear();
  EXPECT_FALSE(Gunzip(damaged, 1 << 20, &out).ok());
  EXPECT_EQ(Gunzip("{}", 1 << 20, &out).message(), "not gzip data");
}

TEST(GunzipTest, ABombIsRefusedWithBoundedMemory) {
  const std::string bomb = Gzip(std::string(64 << 20, '\0'));  // 64 MiB of zeros, ~64 KiB packed
  ASSERT_LT(bomb.size(), 1u << 20);
  std::string out;
  const Status status = Gunzip(bomb, 1 << 20, &out);
  EXPECT_EQ(status.message(), "gzip input unpacks to more than 1048576 bytes");
  EXPECT_LE(out.size(), (1u << 20) + 1);
}

}  // namespace
}  // namespace sealog::cli
