#include "tools/record_format.h"

#include <string>

#include <gtest/gtest.h>

namespace sealog::cli {
namespace {

std::string Json(std::string_view text) {
  std::string out;
  AppendJsonString(text, &out);
  return out;
}

TEST(RecordFormatTest, JsonStringEscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(Json(""), "\"\"");
  EXPECT_EQ(Json("plain"), "\"plain\"");
  EXPECT_EQ(Json("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Json("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
  EXPECT_EQ(Json(std::string("\x00\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
  EXPECT_EQ(Json("\x7f/"), "\"\x7f/\"");  // DEL and '/' need no escape
}

TEST(RecordFormatTest, JsonStringPassesUtf8Through) {
  EXPECT_EQ(Json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92"),
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92\"");
}

Record SampleRecord() {
  Record record;
  record.seq = 42;
  record.time_ns = 1767225600'000000001;
  record.ingest_ns = 1767225601'500000000;
  record.fields[static_cast<size_t>(Field::kActor)] = "al\"ice";
  record.fields[static_cast<size_t>(Field::kOutcome)] = "success";
  record.raw = " {\"actor\":\"al\\\"ice\",\"outcome\":\"success\"}\r";
  return record;
}

std::string Written(RecordFormat format, const Record& record) {
  std::string out;
  RecordWriter(format, "host").Append(record, &out);
  return out;
}

TEST(RecordFormatTest, JsonlLeavesOutAbsentFieldsAndTrimsTheEvent) {
  const std::string out = Written(RecordFormat::kJsonl, SampleRecord());
  EXPECT_EQ(
      out,
      "{\"seq\":42,\"time\":\"2026-01-01T00:00:00.000000001Z\","
      "\"ingest_time\":\"2026-01-01T00:00:01.500000000Z\",\"actor\":\"al\\\"ice\","
      "\"outcome\":\"success\",\"event\":{\"actor\":\"al\\\"ice\",\"outcome\":\"success\"}}\n");
}

TEST(RecordFormatTest, JsonlMarksAMissingTime) {
  Record record = SampleRecord();
  record.time_missing = true;
  const std::string out = Written(RecordFormat::kJsonl, record);
  EXPECT_NE(out.find("\"ingest_time\":\"2026-01-01T00:00:01.500000000Z\",\"time_missing\":true,"),
            std::string::npos)
      << out;
}

TEST(RecordFormatTest, RawIsTheStoredBytesAndANewline) {
  EXPECT_EQ(Written(RecordFormat::kRaw, SampleRecord()), SampleRecord().raw + "\n");
}

TEST(RecordFormatTest, FormatNames) {
  EXPECT_EQ(ParseRecordFormat("jsonl"), RecordFormat::kJsonl);
  EXPECT_EQ(ParseRecordFormat("raw"), RecordFormat::kRaw);
  EXPECT_EQ(ParseRecordFormat("csv"), RecordFormat::kCsv);
  EXPECT_EQ(ParseRecordFormat("cef"), RecordFormat::kCef);
  EXPECT_EQ(ParseRecordFormat("syslog"), RecordFormat::kSyslog);
  EXPECT_EQ(ParseRecordFormat("ocsf"), RecordFormat::kOcsf);
  EXPECT_EQ(ParseRecordFormat("table"), RecordFormat::kTable);
  EXPECT_FALSE(ParseRecordFormat("xml").has_value());
  EXPECT_FALSE(ParseRecordFormat("CSV").has_value());
}

TEST(RecordFormatTest, OnlyCsvAndTableHaveAHeader) {
  for (const RecordFormat format : {RecordFormat::kJsonl, RecordFormat::kRaw, RecordFormat::kCef,
                                    RecordFormat::kSyslog, RecordFormat::kOcsf}) {
    std::string header;
    RecordWriter(format).AppendHeader(&header);
    EXPECT_EQ(header, "") << static_cast<int>(format);
  }
  std::string csv;
  RecordWriter(RecordFormat::kCsv).AppendHeader(&csv);
  EXPECT_EQ(csv,
            "seq,time,ingest_time,time_missing,actor,action,resource,tenant,origin,outcome,"
            "event\r\n");
  std::string table;
  RecordWriter(RecordFormat::kTable).AppendHeader(&table);
  EXPECT_EQ(table.rfind("       SEQ  TIME  ", 0), 0u) << table;
}

TEST(RecordFormatTest, LocalHostNameIsPrintableAscii) {
  const std::string host = RecordWriter::LocalHostName();
  ASSERT_FALSE(host.empty());
  EXPECT_LE(host.size(), 255u);
  for (const char c : host) EXPECT_TRUE(c > ' ' && c <= '~') << host;
}

}  // namespace
}  // namespace sealog::cli
