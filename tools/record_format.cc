#include "tools/record_format.h"

#include <array>
#include <cstdio>
#include <string>

#include "sealog/ingest.h"
#include "tools/cli_common.h"

namespace sealog::cli {
namespace {

constexpr std::array<std::string_view, 5> kPlannedFormats = {"csv", "cef", "syslog", "ocsf",
                                                             "table"};

// JSON's insignificant whitespace; a stored line may carry a trailing '\r'.
bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view TrimJsonSpace(std::string_view text) {
  while (!text.empty() && IsJsonSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsJsonSpace(text.back())) text.remove_suffix(1);
  return text;
}

void AppendTime(std::string_view key, int64_t ns, std::string* out) {
  out->append(",\"");
  out->append(key);
  out->append("\":\"");
  out->append(FormatRfc3339(ns));
  out->push_back('"');
}

}  // namespace

std::optional<RecordFormat> ParseRecordFormat(std::string_view name) {
  if (name == "jsonl") return RecordFormat::kJsonl;
  if (name == "raw") return RecordFormat::kRaw;
  return std::nullopt;
}

bool FormatIsPlanned(std::string_view name) {
  for (std::string_view planned : kPlannedFormats) {
    if (name == planned) return true;
  }
  return false;
}

std::optional<RecordFormat> ParseFormatFlag(std::string_view name, std::string_view command) {
  std::optional<RecordFormat> format = ParseRecordFormat(name);
  if (format.has_value()) return format;
  std::string what = FormatIsPlanned(name) ? "format " : "unknown format ";
  what.append(name);
  if (FormatIsPlanned(name)) what += " is not available yet";
  std::string where(command);
  where += " --format";
  PrintError(what, where, "use --format jsonl or --format raw");
  return std::nullopt;
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

void AppendRawLine(const Record& record, std::string* out) {
  out->append(record.raw);
  out->push_back('\n');
}

void AppendJsonlLine(const Record& record, std::string* out) {
  out->append("{\"seq\":");
  out->append(std::to_string(record.seq));
  AppendTime("time", record.time_ns, out);
  AppendTime("ingest_time", record.ingest_ns, out);
  if (record.time_missing) out->append(",\"time_missing\":true");
  for (size_t i = 0; i < kFieldCount; ++i) {
    const std::string& value = record.fields[i];
    if (value.empty()) continue;
    out->append(",\"");
    out->append(FieldName(static_cast<Field>(i)));
    out->append("\":");
    AppendJsonString(value, out);
  }
  out->append(",\"event\":");
  const std::string_view event = TrimJsonSpace(record.raw);
  out->append(event.empty() ? std::string_view("null") : event);
  out->append("}\n");
}

void AppendRecord(RecordFormat format, const Record& record, std::string* out) {
  switch (format) {
    case RecordFormat::kJsonl:
      AppendJsonlLine(record, out);
      return;
    case RecordFormat::kRaw:
      AppendRawLine(record, out);
      return;
  }
}

}  // namespace sealog::cli
