// The output formats, one file each; RecordWriter (tools/record_format.h)
// chooses between them. docs/CLI.md ("Formats") describes every one with an
// example; the comments here say only what the code must get exactly right.
#ifndef SEALOG_TOOLS_FORMATS_FORMATS_H_
#define SEALOG_TOOLS_FORMATS_FORMATS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sealog/event.h"

namespace sealog::cli::formats {

// jsonl.cc: {"seq":N,"time":..,"ingest_time":..[,"time_missing":true][,"system":true]
// [,FIELD:"value"]...,"event":<the original object>}, absent fields left out.
void AppendJsonl(const Record& record, std::string* out);
// The original bytes and '\n'.
void AppendRaw(const Record& record, std::string* out);

// csv.cc: RFC 4180, CRLF line ends.
void AppendCsvHeader(std::string* out);
void AppendCsv(const Record& record, std::string* out);

// cef.cc: ArcSight CEF version 0.
void AppendCef(const Record& record, std::string* out);

// syslog.cc: RFC 5424, one message per line.
void AppendSyslog(const Record& record, std::string_view hostname, std::string* out);

// ocsf.cc: OCSF 1.1.0 API Activity (6003) or Authentication (3002).
void AppendOcsf(const Record& record, std::string* out);

// table.cc: fixed-width columns for people.
void AppendTableHeader(std::string* out);
void AppendTable(const Record& record, std::string* out);

// Shared by several formats (common.cc).

// The stored line without JSON's insignificant whitespace around it (a stored
// line may end in '\r').
std::string_view TrimmedEvent(const Record& record);
// True when `text` is a numeric IPv4 or IPv6 address.
bool IsIpAddress(std::string_view text);
// Nanoseconds to milliseconds since the epoch, rounding toward minus infinity.
int64_t NanosToMillis(int64_t ns);
// RFC 3339 UTC with `digits` (0..9) fractional digits, truncated.
std::string FormatTime(int64_t ns, int digits);
// The outcome field says the event failed: "failure", any case. Presets
// normalise their sources' outcomes to success and failure (docs/PRESETS.md).
bool IsFailure(const Record& record);

}  // namespace sealog::cli::formats

#endif  // SEALOG_TOOLS_FORMATS_FORMATS_H_
