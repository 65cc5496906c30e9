// RFC 4180: every record is one row ending in CRLF; a value holding a comma,
// a double quote, CR or LF is enclosed in double quotes with each double
// quote doubled. Values are written exactly as stored (no spreadsheet formula
// defusing: an audit export must not alter what it exports; docs/CLI.md).
#include <string>

#include "sealog/ingest.h"
#include "tools/formats/formats.h"

namespace sealog::cli::formats {
namespace {

void AppendCell(std::string_view value, std::string* out) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(value);
    return;
  }
  out->push_back('"');
  size_t start = 0;  // copy runs up to and including each '"', then double it
  for (size_t quote = value.find('"'); quote != std::string_view::npos;
       quote = value.find('"', start)) {
    out->append(value.substr(start, quote + 1 - start));
    out->push_back('"');
    start = quote + 1;
  }
  out->append(value.substr(start));
  out->push_back('"');
}

}  // namespace

void AppendCsvHeader(std::string* out) {
  out->append("seq,time,ingest_time,time_missing");
  for (size_t i = 0; i < kFieldCount; ++i) {
    out->push_back(',');
    out->append(FieldName(static_cast<Field>(i)));
  }
  out->append(",event\r\n");
}

void AppendCsv(const Record& record, std::string* out) {
  out->append(std::to_string(record.seq));
  out->push_back(',');
  out->append(FormatRfc3339(record.time_ns));
  out->push_back(',');
  out->append(FormatRfc3339(record.ingest_ns));
  out->append(record.time_missing ? ",true" : ",false");
  for (const std::string& value : record.fields) {
    out->push_back(',');
    AppendCell(value, out);
  }
  out->push_back(',');
  AppendCell(TrimmedEvent(record), out);
  out->append("\r\n");
}

}  // namespace sealog::cli::formats
