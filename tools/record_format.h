// How records are written out by query, tail and export: the --format names
// and one RecordWriter that turns records into lines (docs/CLI.md, "Formats").
// Each format lives in its own file under tools/formats/.
#ifndef SEALOG_TOOLS_RECORD_FORMAT_H_
#define SEALOG_TOOLS_RECORD_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>

#include "sealog/event.h"

namespace sealog::cli {

enum class RecordFormat { kJsonl, kRaw, kCsv, kCef, kSyslog, kOcsf, kTable };

// Every --format name, in the order help texts list them.
inline constexpr std::string_view kRecordFormatNames = "jsonl, raw, csv, cef, syslog, ocsf, table";

// The --format flag's help text.
inline constexpr const char* kFormatHelp =
    "jsonl (default: one object per record), raw (the original lines), csv, cef, syslog "
    "(RFC 5424), ocsf or table (for people); docs/CLI.md shows each";

// Parses a --format value; nullopt for an unknown name.
std::optional<RecordFormat> ParseRecordFormat(std::string_view name);
// ParseRecordFormat for a command's --format flag: on failure prints the
// error line naming `command` and returns nullopt (exit 2).
std::optional<RecordFormat> ParseFormatFlag(std::string_view name, std::string_view command);

// Writes records in one format. Stateless between records, so one writer
// serves a whole stream, however many batches it is written in.
class RecordWriter {
 public:
  // `hostname` is the syslog HOSTNAME field ("-" when unknown); the default
  // is this machine's name.
  explicit RecordWriter(RecordFormat format, std::string hostname = LocalHostName());

  RecordFormat format() const { return format_; }

  // Appends what comes once before the first record: the header row of csv
  // and table, nothing for the others. Written even when no record follows,
  // so an empty result is still a valid file with its columns.
  void AppendHeader(std::string* out) const;
  // Appends one record, line terminator included.
  void Append(const Record& record, std::string* out) const;

  // This machine's name as RFC 5424 allows it (printable ASCII, at most 255
  // bytes), or "-".
  static std::string LocalHostName();

 private:
  RecordFormat format_;
  std::string hostname_;
};

// Appends `text` as a JSON string literal, quotes included: '"' and '\\'
// escaped, control characters as \b \f \n \r \t or \u00XX, everything else
// (UTF-8 above all) passed through byte for byte.
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_RECORD_FORMAT_H_
