// How records are written out: raw lines and JSON Lines (docs/CLI.md).
#ifndef SEALOG_TOOLS_RECORD_FORMAT_H_
#define SEALOG_TOOLS_RECORD_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>

#include "sealog/event.h"

namespace sealog::cli {

enum class RecordFormat { kJsonl, kRaw };

// Parses a --format value. Known formats that are not implemented yet (csv,
// cef, syslog, ocsf, table) and unknown names both give nullopt; use
// FormatIsPlanned to tell them apart in the error message.
std::optional<RecordFormat> ParseRecordFormat(std::string_view name);
bool FormatIsPlanned(std::string_view name);
// ParseRecordFormat for a command's --format flag: on failure prints the
// error line naming `command` and returns nullopt (exit 2).
std::optional<RecordFormat> ParseFormatFlag(std::string_view name, std::string_view command);

// Appends `text` as a JSON string literal, quotes included: '"' and '\\'
// escaped, control characters as \b \f \n \r \t or \u00XX, everything else
// (UTF-8 above all) passed through byte for byte.
void AppendJsonString(std::string_view text, std::string* out);

// Appends the record's original bytes and '\n'.
void AppendRawLine(const Record& record, std::string* out);

// Appends one JSON object and '\n':
//   {"seq":N,"time":"...Z","ingest_time":"...Z"[,"time_missing":true]
//    [,"actor":"..."][,"action":...][,"resource":...][,"tenant":...]
//    [,"origin":...][,"outcome":...],"event":<the original object>}
// Fields that are absent (empty) are left out; "time_missing" appears only
// when true. "event" is the stored line with surrounding whitespace trimmed.
void AppendJsonlLine(const Record& record, std::string* out);

// Appends the record in `format`.
void AppendRecord(RecordFormat format, const Record& record, std::string* out);

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_RECORD_FORMAT_H_
