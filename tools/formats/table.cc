// Fixed-width columns for people: SEQ TIME OUTCOME ACTOR ACTION ORIGIN
// RESOURCE (the tenant and the event itself are left out; use jsonl). A value
// wider than its column is cut at a character boundary and ends in "…";
// control characters are shown as \n, \r, \t or \xNN so that one record is
// always one line; an empty value is "-". Widths count code points, so
// double-width characters (CJK) overhang their column.
#include <array>
#include <cstdio>
#include <string>

#include "tools/formats/formats.h"

namespace sealog::cli::formats {
namespace {

struct Column {
  std::string_view title;
  size_t width;
  bool right_aligned;
};

constexpr Column kSeq = {"SEQ", 10, true};  // right-aligned, never cut
constexpr Column kTime = {"TIME", 20, false};
constexpr Column kOutcome = {"OUTCOME", 8, false};
constexpr Column kActor = {"ACTOR", 40, false};
constexpr Column kAction = {"ACTION", 24, false};
constexpr Column kOrigin = {"ORIGIN", 15, false};
// The last column is not padded, only cut.
constexpr Column kResource = {"RESOURCE", 48, false};

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// `value` as shown: control characters escaped, empty as "-".
std::string Printable(std::string_view value) {
  if (value.empty()) return "-";
  std::string shown;
  shown.reserve(value.size());
  for (const char c : value) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      shown.append("\\n");
    } else if (c == '\r') {
      shown.append("\\r");
    } else if (c == '\t') {
      shown.append("\\t");
    } else if (byte < 0x20 || byte == 0x7f) {
      char escape[8];
      std::snprintf(escape, sizeof(escape), "\\x%02x", byte);
      shown.append(escape);
    } else {
      shown.push_back(c);
    }
  }
  return shown;
}

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (const char c : text) count += IsContinuationByte(c) ? 0 : 1;
  return count;
}

// The first `count` code points of `text`.
std::string_view FirstCodePoints(std::string_view text, size_t count) {
  size_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuationByte(text[i])) continue;
    if (seen == count) return text.substr(0, i);
    ++seen;
  }
  return text;
}

void AppendCell(const Column& column, std::string_view value, bool last, std::string* out) {
  std::string shown = Printable(value);
  size_t length = CodePoints(shown);
  if (length > column.width && !column.right_aligned) {  // numbers are never cut
    shown = std::string(FirstCodePoints(shown, column.width - 1)) + "\u2026";
    length = column.width;
  }
  const std::string padding(last || length >= column.width ? 0 : column.width - length, ' ');
  if (column.right_aligned) out->append(padding);
  out->append(shown);
  if (!column.right_aligned) out->append(padding);
  if (!last) out->append("  ");
}

}  // namespace

void AppendTableHeader(std::string* out) {
  for (const Column* column : {&kSeq, &kTime, &kOutcome, &kActor, &kAction, &kOrigin}) {
    AppendCell(*column, column->title, false, out);
  }
  AppendCell(kResource, kResource.title, true, out);
  out->push_back('\n');
}

void AppendTable(const Record& record, std::string* out) {
  AppendCell(kSeq, std::to_string(record.seq), false, out);
  AppendCell(kTime, FormatTime(record.time_ns, 0), false, out);
  AppendCell(kOutcome, record.field(Field::kOutcome), false, out);
  AppendCell(kActor, record.field(Field::kActor), false, out);
  AppendCell(kAction, record.field(Field::kAction), false, out);
  AppendCell(kOrigin, record.field(Field::kOrigin), false, out);
  AppendCell(kResource, record.field(Field::kResource), true, out);
  out->push_back('\n');
}

}  // namespace sealog::cli::formats
