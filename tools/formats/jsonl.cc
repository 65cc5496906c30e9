#include <string>

#include "sealog/ingest.h"
#include "tools/formats/formats.h"
#include "tools/record_format.h"

namespace sealog::cli::formats {
namespace {

void AppendTime(std::string_view key, int64_t ns, std::string* out) {
  out->append(",\"");
  out->append(key);
  out->append("\":\"");
  out->append(FormatRfc3339(ns));
  out->push_back('"');
}

}  // namespace

void AppendRaw(const Record& record, std::string* out) {
  out->append(record.raw);
  out->push_back('\n');
}

void AppendJsonl(const Record& record, std::string* out) {
  out->append("{\"seq\":");
  out->append(std::to_string(record.seq));
  AppendTime("time", record.time_ns, out);
  AppendTime("ingest_time", record.ingest_ns, out);
  if (record.time_missing) out->append(",\"time_missing\":true");
  if (record.system) out->append(",\"system\":true");  // written by the store itself
  for (size_t i = 0; i < kFieldCount; ++i) {
    const std::string& value = record.fields[i];
    if (value.empty()) continue;
    out->append(",\"");
    out->append(FieldName(static_cast<Field>(i)));
    out->append("\":");
    AppendJsonString(value, out);
  }
  out->append(",\"event\":");
  const std::string_view event = TrimmedEvent(record);
  out->append(event.empty() ? std::string_view("null") : event);
  out->append("}\n");
}

}  // namespace sealog::cli::formats
