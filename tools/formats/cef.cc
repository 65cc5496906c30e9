// ArcSight CEF version 0 (Micro Focus, "Implementing ArcSight CEF" rev. 25):
//   CEF:0|Vendor|Product|Version|Signature ID|Name|Severity|Extension
// Header fields escape '\' and '|' with a backslash and may not hold line
// breaks (they become spaces). Extension values escape '\' and '=' with a
// backslash and write CR and LF as \r and \n; '|' is not escaped there.
#include <string>

#include "sealog/store.h"
#include "tools/formats/formats.h"

namespace sealog::cli::formats {
namespace {

void AppendHeaderField(std::string_view value, std::string* out) {
  for (const char c : value) {
    if (c == '\\' || c == '|') {
      out->push_back('\\');
      out->push_back(c);
    } else if (c == '\r' || c == '\n') {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  out->push_back('|');
}

// Appends " key=value" (no space before the first pair); empty values are
// left out.
void AppendExtension(std::string_view key, std::string_view value, bool* first, std::string* out) {
  if (value.empty()) return;
  if (!*first) out->push_back(' ');
  *first = false;
  out->append(key);
  out->push_back('=');
  for (const char c : value) {
    if (c == '\\' || c == '=') {
      out->push_back('\\');
      out->push_back(c);
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\r') {
      out->append("\\r");
    } else {
      out->push_back(c);
    }
  }
}

// A custom string with its label: cs1Label=resource cs1=...
void AppendCustomString(int number, std::string_view label, std::string_view value, bool* first,
                        std::string* out) {
  if (value.empty()) return;
  const std::string key = "cs" + std::to_string(number);
  AppendExtension(key + "Label", label, first, out);
  AppendExtension(key, value, first, out);
}

}  // namespace

void AppendCef(const Record& record, std::string* out) {
  const std::string& action = record.field(Field::kAction);
  const std::string_view name = action.empty() ? std::string_view("event") : action;
  out->append("CEF:0|");
  AppendHeaderField("sealog", out);
  AppendHeaderField("sealog", out);
  AppendHeaderField(Version(), out);
  AppendHeaderField(name, out);  // signature id: the kind of event
  AppendHeaderField(name, out);  // name
  AppendHeaderField(IsFailure(record) ? "6" : "3", out);

  bool first = true;
  AppendExtension("rt", std::to_string(NanosToMillis(record.time_ns)), &first, out);
  AppendExtension("externalId", std::to_string(record.seq), &first, out);
  AppendExtension("suser", record.field(Field::kActor), &first, out);
  AppendExtension("act", action, &first, out);
  const std::string& origin = record.field(Field::kOrigin);
  AppendExtension(IsIpAddress(origin) ? "src" : "shost", origin, &first, out);
  AppendExtension("outcome", record.field(Field::kOutcome), &first, out);
  AppendCustomString(1, "resource", record.field(Field::kResource), &first, out);
  AppendCustomString(2, "tenant", record.field(Field::kTenant), &first, out);
  out->push_back('\n');
}

}  // namespace sealog::cli::formats
