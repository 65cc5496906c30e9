// Every output format on records with nasty values: compared with golden
// files, and read back with parsers written here from the formats' own
// grammars (CEF, RFC 5424), with simdjson (OCSF) and with Python's csv module
// (RFC 4180). SEALOG_UPDATE_GOLDENS=1 rewrites the golden files.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "sealog/ingest.h"
#include "sealog/store.h"
#include "tests/tools/format_readers.h"
#include "tools/record_format.h"

namespace sealog::cli {
namespace {

using format_readers::CefEvent;
using format_readers::ParseCef;
using format_readers::ParseSyslog;
using format_readers::SyslogMessage;

constexpr int64_t kTime = 1688992496'789012345;  // 2023-07-10T12:34:56.789012345Z

Record MakeRecord(uint64_t seq, std::array<std::string, kFieldCount> fields, std::string raw) {
  Record record;
  record.seq = seq;
  record.time_ns = kTime + static_cast<int64_t>(seq);
  record.ingest_ns = kTime + 1'000'000'000;
  record.fields = std::move(fields);
  record.raw = std::move(raw);
  return record;
}

// Fields in Field order: actor, action, resource, tenant, origin, outcome.
std::vector<Record> NastyRecords() {
  std::vector<Record> records;
  records.push_back(
      MakeRecord(1,
                 {"arn:aws:iam::1:user/a|b=c\\d", "Delete|Bucket=x", "arn:aws:s3:::b]\"q\"",
                  "t\xC3\xA9nant \xE2\x82\xAC", "10.0.0.1", "failure"},
                 R"({"who":"a|b=c\\d","what":"Delete|Bucket=x","note":"]\"q\" \u00fc"})"));
  records.push_back(
      MakeRecord(2, {"line1\nline2\r", "ConsoleLogin", "", "", "host.example.com", "success"},
                 " {\"user\":\"line1\\nline2\\r\",\"eventName\":\"ConsoleLogin\"}\r"));
  Record empty = MakeRecord(3, {}, "{}");
  empty.time_missing = true;
  empty.time_ns = empty.ingest_ns;
  records.push_back(empty);
  std::string umlauts;
  for (int i = 0; i < 50; ++i) umlauts += "\xC3\xBC";
  records.push_back(MakeRecord(1234567890,
                               {umlauts, "google.iam.admin.v1.CreateServiceAccountKey",
                                "projects/p/serviceAccounts/" + std::string(73, 'x'),
                                std::string("t,1\x01", 4), "2001:db8::1", "weird, \"odd\""},
                               R"({"tab":"\t","path":"C:\\Windows"})"));
  return records;
}

std::string WriteAll(RecordFormat format) {
  const RecordWriter writer(format, "host.example");
  std::string out;
  writer.AppendHeader(&out);
  for (const Record& record : NastyRecords()) writer.Append(record, &out);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::vector<std::string> Lines(const std::string& text, std::string_view end = "\n") {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t at = text.find(end); at != std::string::npos; at = text.find(end, start)) {
    lines.push_back(text.substr(start, at - start));
    start = at + end.size();
  }
  EXPECT_EQ(start, text.size()) << "output does not end with a line end";
  return lines;
}

class FormatGoldenTest : public testing::TestWithParam<std::pair<RecordFormat, std::string>> {};

TEST_P(FormatGoldenTest, MatchesTheGoldenFile) {
  const auto& [format, name] = GetParam();
  // The version changes with every release; the golden files say @VERSION@.
  const std::string out = ReplaceAll(WriteAll(format), Version(), "@VERSION@");
  const std::string path = std::string(SEALOG_SOURCE_DIR) + "/tests/tools/golden/nasty." + name;
  if (std::getenv("SEALOG_UPDATE_GOLDENS") != nullptr) {
    std::ofstream(path, std::ios::binary) << out;
  }
  EXPECT_EQ(out, ReadFile(path)) << "SEALOG_UPDATE_GOLDENS=1 rewrites " << path;
}

INSTANTIATE_TEST_SUITE_P(Formats, FormatGoldenTest,
                         testing::Values(std::pair{RecordFormat::kJsonl, std::string("jsonl")},
                                         std::pair{RecordFormat::kRaw, std::string("raw")},
                                         std::pair{RecordFormat::kCsv, std::string("csv")},
                                         std::pair{RecordFormat::kCef, std::string("cef")},
                                         std::pair{RecordFormat::kSyslog, std::string("syslog")},
                                         std::pair{RecordFormat::kOcsf, std::string("ocsf")},
                                         std::pair{RecordFormat::kTable, std::string("table")}),
                         [](const auto& info) { return info.param.second; });

std::string EventOf(const Record& record) {
  std::string event = record.raw;
  while (!event.empty() && (event.back() == '\r' || event.back() == ' ')) event.pop_back();
  while (!event.empty() && event.front() == ' ') event.erase(0, 1);
  return event;
}

// ---- CSV: read back by Python's csv module, the reference reader.

TEST(CsvFormatTest, PythonsCsvReaderGetsEveryValueBack) {
  if (std::system("python3 -c 'import csv' 2>/dev/null") != 0) GTEST_SKIP() << "no python3";
  char dir_template[] = "/tmp/sealog-csv-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  std::ofstream(dir + "/in.csv", std::ios::binary) << WriteAll(RecordFormat::kCsv);
  // One cell per line, as JSON, so that the bytes survive exactly.
  const std::string command =
      "python3 -c \"import csv, json, sys\n"
      "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
      "    for row in csv.reader(f, strict=True):\n"
      "        print(json.dumps(row))\" " +
      dir + "/in.csv > " + dir + "/out.jsonl";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::vector<std::string> rows = Lines(ReadFile(dir + "/out.jsonl"));
  std::system(("rm -rf " + dir).c_str());

  const std::vector<Record> records = NastyRecords();
  ASSERT_EQ(rows.size(), records.size() + 1);
  simdjson::dom::parser parser;
  std::vector<std::vector<std::string>> cells;
  for (const std::string& row : rows) {
    simdjson::dom::array array;
    ASSERT_EQ(parser.parse(row).get(array), simdjson::SUCCESS) << row;
    cells.emplace_back();
    for (simdjson::dom::element cell : array) cells.back().emplace_back(cell.get_string().value());
  }
  ASSERT_EQ(cells[0].size(), 11u);
  EXPECT_EQ(cells[0][0], "seq");
  EXPECT_EQ(cells[0][10], "event");
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& record = records[i];
    const std::vector<std::string>& row = cells[i + 1];
    ASSERT_EQ(row.size(), 11u) << i;
    EXPECT_EQ(row[0], std::to_string(record.seq));
    EXPECT_EQ(row[1], FormatRfc3339(record.time_ns));
    EXPECT_EQ(row[2], FormatRfc3339(record.ingest_ns));
    EXPECT_EQ(row[3], record.time_missing ? "true" : "false");
    for (size_t f = 0; f < kFieldCount; ++f) EXPECT_EQ(row[4 + f], record.fields[f]) << i << f;
    EXPECT_EQ(row[10], EventOf(record));
  }
}

TEST(CsvFormatTest, TheStrictReaderGetsEveryValueBack) {
  std::vector<std::vector<std::string>> rows;
  std::string error;
  ASSERT_TRUE(format_readers::ParseCsv(WriteAll(RecordFormat::kCsv), &rows, &error)) << error;
  const std::vector<Record> records = NastyRecords();
  ASSERT_EQ(rows.size(), records.size() + 1);
  for (size_t i = 0; i < records.size(); ++i) {
    ASSERT_EQ(rows[i + 1].size(), 11u);
    for (size_t f = 0; f < kFieldCount; ++f) EXPECT_EQ(rows[i + 1][4 + f], records[i].fields[f]);
    EXPECT_EQ(rows[i + 1][10], EventOf(records[i]));
  }
  EXPECT_FALSE(format_readers::ParseCsv("a,b\n", &rows, &error));     // LF alone
  EXPECT_FALSE(format_readers::ParseCsv("a\"b\r\n", &rows, &error));  // stray quote
}

// ---- CEF: a reader written from the CEF specification (rev. 25).

std::string ExtensionOr(const CefEvent& event, const std::string& key) {
  auto it = event.extension.find(key);
  return it == event.extension.end() ? "" : it->second;
}

TEST(CefFormatTest, EveryLineParsesAndCarriesTheFields) {
  const std::vector<std::string> lines = Lines(WriteAll(RecordFormat::kCef));
  const std::vector<Record> records = NastyRecords();
  ASSERT_EQ(lines.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& record = records[i];
    CefEvent event;
    std::string error;
    ASSERT_TRUE(ParseCef(lines[i], &event, &error)) << error << "\n" << lines[i];
    EXPECT_EQ(event.header[0], "CEF:0");
    EXPECT_EQ(event.header[1], "sealog");
    EXPECT_EQ(event.header[3], Version());
    const std::string& action = record.field(Field::kAction);
    EXPECT_EQ(event.header[4], action.empty() ? "event" : action);
    EXPECT_EQ(event.header[6], record.field(Field::kOutcome) == "failure" ? "6" : "3");
    EXPECT_EQ(ExtensionOr(event, "rt"), std::to_string(record.time_ns / 1'000'000));
    EXPECT_EQ(ExtensionOr(event, "externalId"), std::to_string(record.seq));
    EXPECT_EQ(ExtensionOr(event, "suser"), record.field(Field::kActor));
    EXPECT_EQ(ExtensionOr(event, "act"), action);
    EXPECT_EQ(ExtensionOr(event, "src") + ExtensionOr(event, "shost"),
              record.field(Field::kOrigin));
    EXPECT_EQ(ExtensionOr(event, "outcome"), record.field(Field::kOutcome));
    EXPECT_EQ(ExtensionOr(event, "cs1"), record.field(Field::kResource));
    EXPECT_EQ(ExtensionOr(event, "cs2"), record.field(Field::kTenant));
  }
  // src only for an address: a host name goes to shost.
  CefEvent second;
  std::string error;
  ASSERT_TRUE(ParseCef(lines[1], &second, &error));
  EXPECT_EQ(ExtensionOr(second, "shost"), "host.example.com");
  EXPECT_EQ(second.extension.count("src"), 0u);
}

TEST(CefFormatTest, TheReaderRejectsWhatTheSpecificationForbids) {
  CefEvent event;
  std::string error;
  EXPECT_FALSE(ParseCef("CEF:0|a|b|c|d|e|3|k=v=w", &event, &error));
  event = {};
  EXPECT_FALSE(ParseCef("CEF:0|a|b|c|d|e|3|k=v\\x", &event, &error));
  event = {};
  EXPECT_FALSE(ParseCef("CEF:0|a|b|c|d|e", &event, &error));
  event = {};
  EXPECT_FALSE(ParseCef("CEF:0|a\\x|b|c|d|e|3|", &event, &error));
  event = {};
  EXPECT_TRUE(ParseCef("CEF:0|a\\|b|b|c|d|e|3|k=v w x=y\\=z", &event, &error)) << error;
  EXPECT_EQ(event.header[1], "a|b");
  EXPECT_EQ(event.extension["k"], "v w");
  EXPECT_EQ(event.extension["x"], "y=z");
}

// ---- RFC 5424: a reader written from the ABNF of section 6.

TEST(SyslogFormatTest, EveryLineIsAnRfc5424MessageWithTheFields) {
  const std::vector<std::string> lines = Lines(WriteAll(RecordFormat::kSyslog));
  const std::vector<Record> records = NastyRecords();
  ASSERT_EQ(lines.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& record = records[i];
    SyslogMessage message;
    std::string error;
    ASSERT_TRUE(ParseSyslog(lines[i], &message, &error)) << error << "\n" << lines[i];
    EXPECT_EQ(message.pri, 13 * 8 + (record.field(Field::kOutcome) == "failure" ? 4 : 6));
    EXPECT_EQ(message.timestamp, FormatRfc3339(record.time_ns).substr(0, 26) + "Z");
    EXPECT_EQ(message.hostname, "host.example");
    EXPECT_EQ(message.app_name, "sealog");
    EXPECT_EQ(message.sd_id, "sealog@32473");
    EXPECT_EQ(message.params["seq"], std::to_string(record.seq));
    for (size_t f = 0; f < kFieldCount; ++f) {
      std::string expected = record.fields[f];
      for (char& c : expected) {
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // control characters become spaces
      }
      const std::string name(FieldName(static_cast<Field>(f)));
      if (expected.empty()) {
        EXPECT_EQ(message.params.count(name), 0u) << name;
      } else {
        EXPECT_EQ(message.params[name], expected) << name;
      }
    }
    EXPECT_TRUE(message.bom);
    EXPECT_EQ(message.msg, EventOf(record));
  }
  EXPECT_EQ(SyslogMessage{}.msgid, "");
  SyslogMessage first, long_action;
  std::string error;
  ASSERT_TRUE(ParseSyslog(lines[1], &first, &error));
  EXPECT_EQ(first.msgid, "ConsoleLogin");
  ASSERT_TRUE(ParseSyslog(lines[3], &long_action, &error));
  EXPECT_EQ(long_action.msgid, "-");  // 42 characters, more than MSGID's 32
}

TEST(SyslogFormatTest, TheReaderRejectsWhatTheGrammarForbids) {
  SyslogMessage message;
  std::string error;
  EXPECT_FALSE(ParseSyslog("<192>1 - h a - - [x@1]", &message, &error));
  message = {};
  EXPECT_FALSE(ParseSyslog("<13>1 2023-07-10T12:34:56.1234567Z h a - - [x@1]", &message, &error));
  message = {};
  EXPECT_FALSE(ParseSyslog("<13>1 - h a - - [x@1 k=\"a]b\"]", &message, &error));
  message = {};
  EXPECT_TRUE(ParseSyslog("<13>1 - h a - - [x@1 k=\"a\\]b\\\"\"] hi", &message, &error)) << error;
  EXPECT_EQ(message.params["k"], "a]b\"");
  EXPECT_EQ(message.msg, "hi");
}

// ---- OCSF: valid JSON with the class, activity and fields the schema asks for.

TEST(OcsfFormatTest, EveryLineIsAnOcsfEventOfTheRightClass) {
  const std::vector<std::string> lines = Lines(WriteAll(RecordFormat::kOcsf));
  const std::vector<Record> records = NastyRecords();
  ASSERT_EQ(lines.size(), records.size());
  // class and activity of each record: DeleteBucket-like, ConsoleLogin, nothing,
  // CreateServiceAccountKey.
  const std::vector<std::pair<int64_t, int64_t>> expected = {
      {6003, 4}, {3002, 1}, {6003, 0}, {6003, 1}};
  simdjson::dom::parser parser;
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& record = records[i];
    simdjson::dom::element event;
    ASSERT_EQ(parser.parse(lines[i]).get(event), simdjson::SUCCESS) << lines[i];
    const int64_t class_uid = event["class_uid"].get_int64().value();
    const int64_t activity = event["activity_id"].get_int64().value();
    EXPECT_EQ(class_uid, expected[i].first) << i;
    EXPECT_EQ(activity, expected[i].second) << i;
    EXPECT_EQ(event["type_uid"].get_int64().value(), class_uid * 100 + activity);
    EXPECT_EQ(event["category_uid"].get_int64().value(), class_uid / 1000);
    EXPECT_EQ(event["time"].get_int64().value(), record.time_ns / 1'000'000);
    EXPECT_EQ(event["metadata"]["version"].get_string().value(), "1.1.0");
    EXPECT_EQ(event["metadata"]["sequence"].get_int64().value(), static_cast<int64_t>(record.seq));
    EXPECT_EQ(event["raw_data"].get_string().value(), EventOf(record));
    const std::string& actor = record.field(Field::kActor);
    if (!actor.empty()) {
      EXPECT_EQ(event["actor"]["user"]["name"].get_string().value(), actor);
    }
    if (class_uid == 6003) {
      EXPECT_EQ(event["api"]["operation"].get_string().value(), record.field(Field::kAction));
    } else {
      EXPECT_EQ(event["user"]["name"].get_string().value(), actor);
    }
    const std::string& outcome = record.field(Field::kOutcome);
    const int64_t status_id = event["status_id"].get_int64().value();
    EXPECT_EQ(status_id, outcome == "success"   ? 1
                         : outcome == "failure" ? 2
                         : outcome.empty()      ? 0
                                                : 99);
  }
  simdjson::dom::element first;
  ASSERT_EQ(parser.parse(lines[0]).get(first), simdjson::SUCCESS);
  EXPECT_EQ(first["src_endpoint"]["ip"].get_string().value(), "10.0.0.1");
  EXPECT_EQ(first["resources"].at(0)["name"].get_string().value(), "arn:aws:s3:::b]\"q\"");
}

// ---- table: one line per record, columns aligned, long values cut.

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

TEST(TableFormatTest, ColumnsLineUpAndLongValuesAreCut) {
  const std::vector<std::string> lines = Lines(WriteAll(RecordFormat::kTable));
  ASSERT_EQ(lines.size(), NastyRecords().size() + 1);
  // RESOURCE starts at the same column on every line.
  const size_t resource_column = CodePoints(lines[0].substr(0, lines[0].find("RESOURCE")));
  for (const std::string& line : lines) {
    for (const char c : line) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << line;
    const size_t last_gap = line.rfind("  ");
    ASSERT_NE(last_gap, std::string::npos);
    EXPECT_EQ(CodePoints(line.substr(0, last_gap + 2)), resource_column) << line;
  }
  EXPECT_NE(lines[2].find("line1\\nline2\\r"), std::string::npos) << lines[2];
  EXPECT_NE(lines[3].find(" -  "), std::string::npos) << "empty values show as -";
  // 50 umlauts in a 40-wide column: 39 and an ellipsis.
  std::string cut;
  for (int i = 0; i < 39; ++i) cut += "\xC3\xBC";
  EXPECT_NE(lines[4].find(cut + "\u2026  "), std::string::npos) << lines[4];
  EXPECT_NE(lines[4].find("1234567890"), std::string::npos) << "seq is never cut";
}

}  // namespace
}  // namespace sealog::cli
