// RFC 5424, one message per line (the newline framing of RFC 6587 3.4.2):
//   <PRI>1 TIMESTAMP HOSTNAME sealog - MSGID [sealog@32473 seq=".." ...] BOM{event}
// PRI is facility 13 (log audit) times 8 plus severity 4 (warning) for a
// failure, 6 (informational) otherwise. TIMESTAMP is the event time with
// microseconds, the most TIME-SECFRAC allows. MSGID is the action when it is
// 1..32 printable ASCII characters, else "-". PARAM-VALUEs escape '"', '\'
// and ']' with a backslash (section 6.3.3); control characters, which would
// break the line framing, become spaces there. MSG is the original event,
// UTF-8 with its BOM; a JSON line holds no raw line break.
//
// 32473 is the private enterprise number RFC 5612 reserves for examples:
// sealog has none of its own yet (docs/CLI.md).
#include <string>

#include "tools/formats/formats.h"

namespace sealog::cli::formats {
namespace {

constexpr int kFacilityLogAudit = 13;
constexpr int kSeverityWarning = 4;
constexpr int kSeverityInformational = 6;
constexpr size_t kMsgIdMax = 32;

bool IsPrintUsAscii(char c) { return c > ' ' && c <= '~'; }

std::string_view MsgIdOf(std::string_view action) {
  if (action.empty() || action.size() > kMsgIdMax) return "-";
  for (const char c : action) {
    if (!IsPrintUsAscii(c)) return "-";
  }
  return action;
}

void AppendParam(std::string_view name, std::string_view value, std::string* out) {
  if (value.empty()) return;
  out->push_back(' ');
  out->append(name);
  out->append("=\"");
  for (const char c : value) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || c == ']') {
      out->push_back('\\');
      out->push_back(c);
    } else if (byte < 0x20 || byte == 0x7f) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

}  // namespace

void AppendSyslog(const Record& record, std::string_view hostname, std::string* out) {
  const int severity = IsFailure(record) ? kSeverityWarning : kSeverityInformational;
  out->push_back('<');
  out->append(std::to_string(kFacilityLogAudit * 8 + severity));
  out->append(">1 ");
  out->append(FormatTime(record.time_ns, 6));
  out->push_back(' ');
  out->append(hostname.empty() ? std::string_view("-") : hostname);
  out->append(" sealog - ");
  out->append(MsgIdOf(record.field(Field::kAction)));
  out->append(" [sealog@32473");
  AppendParam("seq", std::to_string(record.seq), out);
  for (size_t i = 0; i < kFieldCount; ++i) {
    const Field field = static_cast<Field>(i);
    AppendParam(FieldName(field), record.field(field), out);
  }
  out->push_back(']');
  const std::string_view event = TrimmedEvent(record);
  if (!event.empty()) {
    out->append(" \xEF\xBB\xBF");
    out->append(event);
  }
  out->push_back('\n');
}

}  // namespace sealog::cli::formats
