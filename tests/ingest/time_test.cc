// Times: RFC 3339 in and out, and epoch numbers whose unit is inferred.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "ingest/epoch.h"
#include "sealog/ingest.h"

namespace sealog {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
// 2023-07-10T11:42:36Z, a CloudTrail eventTime of tests/data.
constexpr int64_t kCloudTrailSeconds = 1'688'989'356;

int64_t ParseOk(std::string_view text) {
  Result<int64_t> result = ParseRfc3339(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.status().message();
  return result.ok() ? result.value() : 0;
}

std::string ParseError(std::string_view text) {
  Result<int64_t> result = ParseRfc3339(text);
  EXPECT_FALSE(result.ok()) << text << " parsed as " << (result.ok() ? result.value() : 0);
  EXPECT_TRUE(result.status().IsInvalidArgument());
  return result.status().message();
}

TEST(ParseRfc3339Test, UtcWithZ) {
  EXPECT_EQ(ParseOk("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36Z"), kCloudTrailSeconds * kSecond);
}

TEST(ParseRfc3339Test, OffsetsAreConvertedToUtc) {
  EXPECT_EQ(ParseOk("2023-07-10T13:42:36+02:00"), kCloudTrailSeconds * kSecond);
  EXPECT_EQ(ParseOk("2023-07-10T06:12:36-05:30"), kCloudTrailSeconds * kSecond);
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36+00:00"), kCloudTrailSeconds * kSecond);
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36-00:00"), kCloudTrailSeconds * kSecond);
}

TEST(ParseRfc3339Test, OffsetWithoutColonIsAccepted) {
  EXPECT_EQ(ParseOk("2023-07-10T13:42:36+0200"), kCloudTrailSeconds * kSecond);
}

TEST(ParseRfc3339Test, OffsetCrossesTheDateLine) {
  EXPECT_EQ(ParseOk("2023-07-11T00:42:36+13:00"), kCloudTrailSeconds * kSecond);
  EXPECT_EQ(ParseOk("1969-12-31T19:00:00-05:00"), 0);
}

TEST(ParseRfc3339Test, LowercaseAndSpaceSeparatorsAreAccepted) {
  EXPECT_EQ(ParseOk("2023-07-10t11:42:36z"), kCloudTrailSeconds * kSecond);
  EXPECT_EQ(ParseOk("2023-07-10 11:42:36Z"), kCloudTrailSeconds * kSecond);
}

TEST(ParseRfc3339Test, MissingOffsetMeansUtc) {
  // Panther and NXLog write UTC this way (tests/data/datasets/gcp_audit).
  EXPECT_EQ(ParseOk("2023-07-10 11:42:36"), kCloudTrailSeconds * kSecond);
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36.5"), kCloudTrailSeconds * kSecond + kSecond / 2);
}

TEST(ParseRfc3339Test, FractionOfOneToNineDigits) {
  const int64_t base = kCloudTrailSeconds * kSecond;
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36.1Z"), base + 100'000'000);
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36.12Z"), base + 120'000'000);
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36.123Z"), base + 123'000'000);
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36.123456Z"), base + 123'456'000);
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36.1234567Z"), base + 123'456'700);
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36.123456789Z"), base + 123'456'789);
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36.000000001+01:00"), base - 3600 * kSecond + 1);
}

TEST(ParseRfc3339Test, DigitsBeyondNanosecondsAreDropped) {
  EXPECT_EQ(ParseOk("2023-07-10T11:42:36.1234567899999Z"),
            kCloudTrailSeconds * kSecond + 123'456'789);
}

TEST(ParseRfc3339Test, LeapDayOnlyInLeapYears) {
  EXPECT_EQ(ParseOk("2024-02-29T00:00:00Z"), 1'709'164'800 * kSecond);
  EXPECT_EQ(ParseOk("2000-02-29T00:00:00Z"), 951'782'400 * kSecond);
  EXPECT_NE(ParseError("2023-02-29T00:00:00Z").find("day 29 is out of range"), std::string::npos);
  ParseError("1900-02-29T00:00:00Z");
}

TEST(ParseRfc3339Test, LeapSecondCountsAsNextSecond) {
  EXPECT_EQ(ParseOk("2016-12-31T23:59:60Z"), ParseOk("2017-01-01T00:00:00Z"));
}

TEST(ParseRfc3339Test, BeforeTheEpochIsNegative) {
  EXPECT_EQ(ParseOk("1969-12-31T23:59:59.5Z"), -kSecond / 2);
  EXPECT_EQ(ParseOk("1900-01-01T00:00:00Z"), -2'208'988'800 * kSecond);
}

TEST(ParseRfc3339Test, OutOfRangeFieldsAreNamed) {
  EXPECT_NE(ParseError("2023-13-01T00:00:00Z").find("month 13 is out of range"), std::string::npos);
  EXPECT_NE(ParseError("2023-00-01T00:00:00Z").find("month 0"), std::string::npos);
  EXPECT_NE(ParseError("2023-04-31T00:00:00Z").find("day 31"), std::string::npos);
  EXPECT_NE(ParseError("2023-01-01T24:00:00Z").find("hour 24"), std::string::npos);
  EXPECT_NE(ParseError("2023-01-01T00:60:00Z").find("minute 60"), std::string::npos);
  EXPECT_NE(ParseError("2023-01-01T00:00:61Z").find("second 61"), std::string::npos);
  EXPECT_NE(ParseError("2023-01-01T00:00:00+24:00").find("offset"), std::string::npos);
}

TEST(ParseRfc3339Test, MalformedTextIsRejected) {
  for (std::string_view text :
       {"", "yesterday", "2023-07-10", "2023-07-10T11:42Z", "2023-7-10T11:42:36Z",
        "2023/07/10T11:42:36Z", "2023-07-10T11:42:36.Z", "2023-07-10T11:42:36ZZ",
        "2023-07-10T11:42:36+02", "2023-07-10T11:42:36 +02:00", " 2023-07-10T11:42:36Z",
        "2023-07-10T11:42:36Z ", "+2023-07-10T11:42:36Z", "2023-07-10_11:42:36Z"}) {
    const std::string message = ParseError(text);
    EXPECT_NE(message.find("is not an RFC 3339 time"), std::string::npos) << message;
  }
}

TEST(ParseRfc3339Test, TimesOutsideInt64NanosecondsAreRejected) {
  EXPECT_EQ(ParseOk("2262-04-11T23:47:16.854775807Z"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ParseOk("1677-09-21T00:12:43.145224192Z"), std::numeric_limits<int64_t>::min());
  EXPECT_NE(ParseError("2262-04-11T23:47:16.854775808Z").find("out of range"), std::string::npos);
  EXPECT_NE(ParseError("9999-12-31T23:59:59Z").find("out of range"), std::string::npos);
  EXPECT_NE(ParseError("0000-01-01T00:00:00Z").find("out of range"), std::string::npos);
}

TEST(ParseRfc3339Test, ErrorQuotesAtMostFortyBytesOfTheText) {
  const std::string text = "2023-07-10T11:42:36Z" + std::string(1000, 'x');
  const std::string message = ParseError(text);
  EXPECT_LT(message.size(), 200u) << message;
  EXPECT_NE(message.find("\"..."), std::string::npos) << message;
  EXPECT_EQ(message.find(std::string(41, 'x')), std::string::npos) << message;
}

TEST(FormatRfc3339Test, NineFractionalDigitsAndZ) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000000000Z");
  EXPECT_EQ(FormatRfc3339(kCloudTrailSeconds * kSecond + 1), "2023-07-10T11:42:36.000000001Z");
  EXPECT_EQ(FormatRfc3339(1'709'164'800 * kSecond + 999'999'999), "2024-02-29T00:00:00.999999999Z");
}

TEST(FormatRfc3339Test, BeforeTheEpoch) {
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(FormatRfc3339(-kSecond / 2), "1969-12-31T23:59:59.500000000Z");
}

TEST(FormatRfc3339Test, Int64Limits) {
  EXPECT_EQ(FormatRfc3339(std::numeric_limits<int64_t>::max()), "2262-04-11T23:47:16.854775807Z");
  EXPECT_EQ(FormatRfc3339(std::numeric_limits<int64_t>::min()), "1677-09-21T00:12:43.145224192Z");
}

TEST(FormatRfc3339Test, RoundTripsThroughParse) {
  for (int64_t ns : {int64_t{0}, int64_t{1}, int64_t{-1}, kCloudTrailSeconds * kSecond + 123,
                     int64_t{951'782'400} * kSecond, int64_t{-2'208'988'800} * kSecond + 7,
                     std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
    EXPECT_EQ(ParseOk(FormatRfc3339(ns)), ns) << ns;
  }
}

TEST(EpochToNanosTest, UnitInferredFromMagnitude) {
  EXPECT_EQ(EpochToNanos(kCloudTrailSeconds), kCloudTrailSeconds * kSecond);
  EXPECT_EQ(EpochToNanos(kCloudTrailSeconds * 1000 + 5), kCloudTrailSeconds * kSecond + 5'000'000);
  EXPECT_EQ(EpochToNanos(kCloudTrailSeconds * 1'000'000 + 5), kCloudTrailSeconds * kSecond + 5'000);
  EXPECT_EQ(EpochToNanos(kCloudTrailSeconds * kSecond + 5), kCloudTrailSeconds * kSecond + 5);
}

TEST(EpochToNanosTest, BoundariesBetweenUnits) {
  EXPECT_EQ(EpochToNanos(99'999'999'999), std::numeric_limits<int64_t>::max());      // s, too big
  EXPECT_EQ(EpochToNanos(9'000'000'000), 9'000'000'000 * kSecond);                   // s
  EXPECT_EQ(EpochToNanos(100'000'000'000), 100'000'000'000 * 1'000'000);             // 1e11: ms
  EXPECT_EQ(EpochToNanos(99'999'999'999'999), std::numeric_limits<int64_t>::max());  // ms, too big
  EXPECT_EQ(EpochToNanos(100'000'000'000'000), 100'000'000'000'000 * 1'000);         // 1e14: us
  EXPECT_EQ(EpochToNanos(100'000'000'000'000'000), 100'000'000'000'000'000);         // 1e17: ns
}

TEST(EpochToNanosTest, NegativeUsesMagnitude) {
  EXPECT_EQ(EpochToNanos(-1), -kSecond);
  EXPECT_EQ(EpochToNanos(-kCloudTrailSeconds * 1000), -kCloudTrailSeconds * kSecond);
  EXPECT_EQ(EpochToNanos(-99'999'999'999), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(EpochToNanos(std::numeric_limits<int64_t>::min()), std::numeric_limits<int64_t>::min());
}

TEST(ParseEpochNumberTest, IntegersMatchEpochToNanos) {
  for (int64_t value :
       {int64_t{0}, int64_t{1}, int64_t{-1}, kCloudTrailSeconds, kCloudTrailSeconds * 1000,
        kCloudTrailSeconds * 1'000'000, kCloudTrailSeconds * kSecond, int64_t{100'000'000'000}}) {
    Result<int64_t> parsed = ingest::ParseEpochNumber(std::to_string(value));
    ASSERT_TRUE(parsed.ok()) << value;
    EXPECT_EQ(parsed.value(), EpochToNanos(value)) << value;
  }
}

TEST(ParseEpochNumberTest, FractionIsExactToTheNanosecond) {
  EXPECT_EQ(ingest::ParseEpochNumber("1591104540.123456789").value(), 1'591'104'540'123'456'789);
  EXPECT_EQ(ingest::ParseEpochNumber("1591104540.5").value(), 1'591'104'540'500'000'000);
  EXPECT_EQ(ingest::ParseEpochNumber("1621305118553.0").value(), 1'621'305'118'553'000'000);
  EXPECT_EQ(ingest::ParseEpochNumber("1621305118553.25").value(), 1'621'305'118'553'250'000);
  EXPECT_EQ(ingest::ParseEpochNumber("-1.5").value(), -1'500'000'000);
  EXPECT_EQ(ingest::ParseEpochNumber("0.0000000019").value(), 1);  // below 1 ns: dropped
}

TEST(ParseEpochNumberTest, ExponentMovesTheDecimalPoint) {
  EXPECT_EQ(ingest::ParseEpochNumber("1.6e9").value(), 1'600'000'000 * kSecond);
  EXPECT_EQ(ingest::ParseEpochNumber("16E+8").value(), 1'600'000'000 * kSecond);
  EXPECT_EQ(ingest::ParseEpochNumber("1600000000500e-3").value(), 1'600'000'000'500'000'000);
  EXPECT_EQ(ingest::ParseEpochNumber("1e-999").value(), 0);
}

TEST(ParseEpochNumberTest, OutOfRangeIsAnError) {
  for (std::string_view text :
       {"9300000000", "99999999999999999999", "1e400", "-9300000000", "18446744073709551616"}) {
    Result<int64_t> parsed = ingest::ParseEpochNumber(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_NE(parsed.status().message().find("out of range"), std::string::npos);
  }
  EXPECT_EQ(ingest::ParseEpochNumber("9223372036854775807").value(),
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ingest::ParseEpochNumber("-9223372036854775808").value(),
            std::numeric_limits<int64_t>::min());
}

TEST(IsJsonNumberTest, FollowsRfc8259Grammar) {
  for (std::string_view text : {"0", "-0", "12", "1.5", "-1.5e10", "1E+2", "1e-2", "0.0"}) {
    EXPECT_TRUE(ingest::IsJsonNumber(text)) << text;
  }
  for (std::string_view text : {"", "-", "01", "+1", "1.", ".5", "1e", "1e+", "0x10", "1 ", "NaN",
                                "Infinity", "1.5.5", "--1"}) {
    EXPECT_FALSE(ingest::IsJsonNumber(text)) << text;
  }
}

}  // namespace
}  // namespace sealog
