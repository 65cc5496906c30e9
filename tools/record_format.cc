#include "tools/record_format.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>
#include <utility>

#include "tools/cli_common.h"
#include "tools/formats/formats.h"

namespace sealog::cli {
namespace {

struct NamedFormat {
  std::string_view name;
  RecordFormat format;
};

constexpr std::array<NamedFormat, 7> kFormats = {{
    {"jsonl", RecordFormat::kJsonl},
    {"raw", RecordFormat::kRaw},
    {"csv", RecordFormat::kCsv},
    {"cef", RecordFormat::kCef},
    {"syslog", RecordFormat::kSyslog},
    {"ocsf", RecordFormat::kOcsf},
    {"table", RecordFormat::kTable},
}};

}  // namespace

std::optional<RecordFormat> ParseRecordFormat(std::string_view name) {
  for (const NamedFormat& known : kFormats) {
    if (name == known.name) return known.format;
  }
  return std::nullopt;
}

std::optional<RecordFormat> ParseFormatFlag(std::string_view name, std::string_view command) {
  std::optional<RecordFormat> format = ParseRecordFormat(name);
  if (format.has_value()) return format;
  std::string where(command);
  where += " --format";
  PrintError("unknown format " + std::string(name), where,
             "use one of " + std::string(kRecordFormatNames));
  return std::nullopt;
}

RecordWriter::RecordWriter(RecordFormat format, std::string hostname)
    : format_(format), hostname_(std::move(hostname)) {}

void RecordWriter::AppendHeader(std::string* out) const {
  switch (format_) {
    case RecordFormat::kCsv:
      formats::AppendCsvHeader(out);
      return;
    case RecordFormat::kTable:
      formats::AppendTableHeader(out);
      return;
    case RecordFormat::kJsonl:
    case RecordFormat::kRaw:
    case RecordFormat::kCef:
    case RecordFormat::kSyslog:
    case RecordFormat::kOcsf:
      return;
  }
}

void RecordWriter::Append(const Record& record, std::string* out) const {
  switch (format_) {
    case RecordFormat::kJsonl:
      formats::AppendJsonl(record, out);
      return;
    case RecordFormat::kRaw:
      formats::AppendRaw(record, out);
      return;
    case RecordFormat::kCsv:
      formats::AppendCsv(record, out);
      return;
    case RecordFormat::kCef:
      formats::AppendCef(record, out);
      return;
    case RecordFormat::kSyslog:
      formats::AppendSyslog(record, hostname_, out);
      return;
    case RecordFormat::kOcsf:
      formats::AppendOcsf(record, out);
      return;
    case RecordFormat::kTable:
      formats::AppendTable(record, out);
      return;
  }
}

std::string RecordWriter::LocalHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "-";
  std::string host(name);
  for (const char c : host) {
    if (c <= ' ' || c > '~') return "-";  // RFC 5424 HOSTNAME is PRINTUSASCII
  }
  return host;
}

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  size_t clean_start = 0;  // bytes [clean_start, i) need no escaping
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.substr(clean_start, i - clean_start));
    clean_start = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default: {
        char escape[8];
        std::snprintf(escape, sizeof(escape), "\\u%04x", c);
        out->append(escape);
      }
    }
  }
  out->append(text.substr(clean_start));
  out->push_back('"');
}

}  // namespace sealog::cli
