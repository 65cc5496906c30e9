// Readers of the export formats, written from their specifications rather
// than from tools/formats/, so that tests and fuzz targets can check what
// sealog writes against the grammar: a strict CEF reader (ArcSight CEF rev.
// 25), an RFC 5424 reader (the ABNF of section 6) and an RFC 4180 CSV reader.
#ifndef SEALOG_TESTS_TOOLS_FORMAT_READERS_H_
#define SEALOG_TESTS_TOOLS_FORMAT_READERS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sealog::format_readers {

struct CefEvent {
  std::vector<std::string> header;  // "CEF:0", vendor, product, version, id, name, severity
  std::map<std::string, std::string> extension;
};

// Parses one CEF line strictly: anything the specification does not allow is
// an error (*error says what).
bool ParseCef(std::string_view line, CefEvent* event, std::string* error);

struct SyslogMessage {
  int pri = -1;
  std::string timestamp, hostname, app_name, procid, msgid, sd_id;
  std::map<std::string, std::string> params;
  std::string msg;
  bool bom = false;
};

// Parses one RFC 5424 message with exactly one SD-ELEMENT, strictly.
bool ParseSyslog(std::string_view line, SyslogMessage* message, std::string* error);

// Parses RFC 4180 text (CRLF row ends, a final row end required) into rows of
// cells, strictly: a quote inside an unquoted cell or a bare CR is an error.
bool ParseCsv(std::string_view text, std::vector<std::vector<std::string>>* rows,
              std::string* error);

}  // namespace sealog::format_readers

#endif  // SEALOG_TESTS_TOOLS_FORMAT_READERS_H_
