// Fuzz target for the output formats (tools/formats/): any record, whatever
// bytes its fields hold, comes out of every format as what its consumers
// expect. The input is cut at 0xFF bytes into the six fields and the event;
// its first bytes choose seq, time and time_missing.
//
// Invariants, for every input:
//  - cef, syslog, ocsf, table and jsonl write exactly one line (the stored
//    event never holds '\n'); raw writes the event and '\n';
//  - the CEF line parses with a strict reader and gives back every field,
//    the action in its header too;
//  - the syslog line parses as RFC 5424 and gives back every field (control
//    characters as spaces), the event after the BOM;
//  - the CSV row parses as RFC 4180 into 11 cells that are the values;
//  - table lines hold no control character.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "tests/tools/format_readers.h"
#include "tools/record_format.h"

namespace {

using sealog::Field;
using sealog::kFieldCount;
using sealog::Record;
using sealog::cli::RecordFormat;
using sealog::cli::RecordWriter;

void Require(bool condition) {
  if (!condition) std::abort();
}

Record RecordOf(std::string_view input) {
  Record record;
  uint64_t bits = 0;
  const size_t head = std::min<size_t>(input.size(), 8);
  std::memcpy(&bits, input.data(), head);
  input.remove_prefix(head);
  record.seq = 1 + (bits & 0xFFFFFFFFFF);
  record.time_ns = static_cast<int64_t>(bits >> 8) - (int64_t{1} << 55);
  record.ingest_ns = record.time_ns / 3;
  record.time_missing = (bits & 0x100) != 0;
  for (size_t i = 0; i <= kFieldCount; ++i) {
    const size_t cut = input.find('\xFF');
    std::string piece(input.substr(0, cut));
    input = cut == std::string_view::npos ? std::string_view() : input.substr(cut + 1);
    if (i < kFieldCount) {
      record.fields[i] = std::move(piece);
    } else {
      for (char& c : piece) c = c == '\n' ? ' ' : c;  // stored events are one line
      record.raw = std::move(piece);
    }
  }
  return record;
}

std::string Write(RecordFormat format, const Record& record) {
  std::string out;
  const RecordWriter writer(format, "fuzz-host");
  writer.Append(record, &out);
  return out;
}

size_t Count(std::string_view text, char c) {
  size_t n = 0;
  for (const char x : text) n += x == c;
  return n;
}

std::string Trimmed(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Record record = RecordOf(std::string_view(reinterpret_cast<const char*>(data), size));

  for (const RecordFormat format :
       {RecordFormat::kCef, RecordFormat::kSyslog, RecordFormat::kOcsf, RecordFormat::kTable,
        RecordFormat::kJsonl, RecordFormat::kRaw}) {
    const std::string out = Write(format, record);
    Require(!out.empty() && out.back() == '\n' && Count(out, '\n') == 1);
  }

  std::string error;
  const std::string cef = Write(RecordFormat::kCef, record);
  sealog::format_readers::CefEvent event;
  const bool cef_ok =
      sealog::format_readers::ParseCef(cef.substr(0, cef.size() - 1), &event, &error);
  Require(cef_ok);
  auto extension = [&event](const char* key) {
    auto it = event.extension.find(key);
    return it == event.extension.end() ? std::string() : it->second;
  };
  std::string name = record.field(Field::kAction).empty() ? "event" : record.field(Field::kAction);
  for (char& c : name) c = c == '\r' || c == '\n' ? ' ' : c;  // no line breaks in the header
  Require(event.header.size() == 7 && event.header[4] == name && event.header[5] == name);
  Require(extension("suser") == record.field(Field::kActor));
  Require(extension("act") == record.field(Field::kAction));
  Require(extension("cs1") == record.field(Field::kResource));
  Require(extension("cs2") == record.field(Field::kTenant));
  Require(extension("src") + extension("shost") == record.field(Field::kOrigin));
  Require(extension("outcome") == record.field(Field::kOutcome));

  const std::string syslog = Write(RecordFormat::kSyslog, record);
  sealog::format_readers::SyslogMessage message;
  Require(
      sealog::format_readers::ParseSyslog(syslog.substr(0, syslog.size() - 1), &message, &error));
  for (size_t i = 0; i < kFieldCount; ++i) {
    std::string expected = record.fields[i];
    for (char& c : expected) {
      const unsigned char byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte == 0x7f) c = ' ';
    }
    const std::string name(sealog::FieldName(static_cast<Field>(i)));
    auto it = message.params.find(name);
    Require(expected.empty() ? it == message.params.end()
                             : it != message.params.end() && it->second == expected);
  }
  const std::string event_text = Trimmed(record.raw);
  Require(event_text.empty() ? message.msg.empty() : message.bom && message.msg == event_text);

  std::vector<std::vector<std::string>> rows;
  Require(sealog::format_readers::ParseCsv(Write(RecordFormat::kCsv, record), &rows, &error));
  Require(rows.size() == 1 && rows[0].size() == 11);
  for (size_t i = 0; i < kFieldCount; ++i) Require(rows[0][4 + i] == record.fields[i]);
  Require(rows[0][10] == event_text);

  const std::string table = Write(RecordFormat::kTable, record);
  for (size_t i = 0; i + 1 < table.size(); ++i) {
    const unsigned char byte = static_cast<unsigned char>(table[i]);
    Require(byte >= 0x20 && byte != 0x7f);
  }
  return 0;
}
