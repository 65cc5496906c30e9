#include "bench/line_writer.h"

#include <string>

#include <gtest/gtest.h>

namespace sealog::bench {
namespace {

std::string Rfc3339(int64_t ns) {
  char buffer[64];
  LineWriter line(buffer, sizeof(buffer));
  line.AppendRfc3339(ns);
  return std::string(line.view());
}

TEST(LineWriterTest, FormatsRfc3339WithNineDigits) {
  EXPECT_EQ(Rfc3339(0), "1970-01-01T00:00:00.000000000Z");
  EXPECT_EQ(Rfc3339(1767225600LL * 1000000000 + 1234567), "2026-01-01T00:00:00.001234567Z");
  EXPECT_EQ(Rfc3339(951782400LL * 1000000000), "2000-02-29T00:00:00.000000000Z");
  EXPECT_EQ(Rfc3339(4107542399LL * 1000000000 + 999999999), "2100-02-28T23:59:59.999999999Z");
  EXPECT_EQ(Rfc3339(1767225599LL * 1000000000), "2025-12-31T23:59:59.000000000Z");
}

TEST(LineWriterTest, FormatsPaddedDecimalsAndHex) {
  char buffer[64];
  LineWriter line(buffer, sizeof(buffer));
  line.AppendDecimal(7, 3);
  line.Append('|');
  line.AppendDecimal(12345, 3);
  line.Append('|');
  line.AppendDecimal(0);
  line.Append('|');
  line.AppendHex16(0xabcdef);
  EXPECT_EQ(line.view(), "007|12345|0|0000000000abcdef");
}

}  // namespace
}  // namespace sealog::bench
