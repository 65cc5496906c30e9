// DumpObject: one raw structure shown by `sealog dump` (a MANIFEST entry, a
// segment header, a record, a seal), as named fields in file order, each with
// its byte offset when it has one. Rendered for people as text, or as one JSON
// object per line for scripts.
#ifndef SEALOG_TOOLS_DUMP_OBJECT_H_
#define SEALOG_TOOLS_DUMP_OBJECT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sealog::cli {

class DumpObject {
 public:
  // `type` names the structure in JSON ("record"); `title` heads its text
  // form ("segment header 00000001.seg").
  DumpObject(std::string_view type, std::string title);

  using Offset = std::optional<uint64_t>;
  DumpObject& Unsigned(std::string_view name, uint64_t value, Offset offset = {});
  DumpObject& Signed(std::string_view name, int64_t value, Offset offset = {});
  // Nanoseconds since the epoch: a number in JSON, with its RFC 3339 form in text.
  DumpObject& Time(std::string_view name, int64_t ns, Offset offset = {});
  DumpObject& Bool(std::string_view name, bool value, Offset offset = {});
  // A string: JSON-escaped in JSON and in one-line text, as is in block text.
  DumpObject& String(std::string_view name, std::string_view value, Offset offset = {});
  // A file magic: as a string when it is printable ASCII (as it should be),
  // else as hex digits, so damage cannot break the output.
  DumpObject& Magic(std::string_view name, std::string_view bytes, Offset offset = {});
  // Bytes as lowercase hex digits.
  DumpObject& Hex(std::string_view name, std::string_view bytes, Offset offset = {});
  // A u64 (checksums) as 0x and 16 hex digits; a string in JSON.
  DumpObject& Hex64(std::string_view name, uint64_t value, Offset offset = {});

  // Marks the field added last as JSON only: context that text shows in its
  // title already (the file of a record).
  DumpObject& JsonOnly();

  // Block text: the title, then one indented line per field, "@OFFSET name value".
  void AppendText(std::string* out) const;
  // One-line text: "title name value name value ...", for records.
  void AppendTextLine(std::string* out) const;
  // {"type":..., fields in order..., "offsets":{name: offset, ...}} and '\n'.
  // "offsets" appears only when some field has one.
  void AppendJson(std::string* out) const;

 private:
  struct Field {
    std::string name;
    std::string text;       // the value for people
    std::string line_text;  // the value in one-line text (strings quoted)
    std::string json;       // the value as a JSON literal
    Offset offset;
    bool json_only = false;
  };
  DumpObject& Add(std::string_view name, std::string text, std::string json, Offset offset);

  std::string type_;
  std::string title_;
  std::vector<Field> fields_;
};

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_DUMP_OBJECT_H_
