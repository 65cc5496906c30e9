#include "tools/dump_object.h"

#include <algorithm>

#include <fmt/format.h>

#include "crypto/text_codec.h"
#include "sealog/ingest.h"
#include "tools/record_format.h"

namespace sealog::cli {
namespace {

std::string JsonString(std::string_view text) {
  std::string out;
  AppendJsonString(text, &out);
  return out;
}


}  // namespace

DumpObject::DumpObject(std::string_view type, std::string title)
    : type_(type), title_(std::move(title)) {}

DumpObject& DumpObject::Add(std::string_view name, std::string text, std::string json,
                            Offset offset) {
  std::string line_text = text;
  fields_.push_back(
      {std::string(name), std::move(text), std::move(line_text), std::move(json), offset});
  return *this;
}

DumpObject& DumpObject::Unsigned(std::string_view name, uint64_t value, Offset offset) {
  return Add(name, std::to_string(value), std::to_string(value), offset);
}

DumpObject& DumpObject::Signed(std::string_view name, int64_t value, Offset offset) {
  return Add(name, std::to_string(value), std::to_string(value), offset);
}

DumpObject& DumpObject::Time(std::string_view name, int64_t ns, Offset offset) {
  const std::string text = ns == 0 ? "0" : fmt::format("{} ({})", FormatRfc3339(ns), ns);
  Add(name, text, std::to_string(ns), offset);
  // One-line text keeps one token per value.
  fields_.back().line_text = ns == 0 ? "0" : FormatRfc3339(ns);
  return *this;
}

DumpObject& DumpObject::Bool(std::string_view name, bool value, Offset offset) {
  return Add(name, value ? "true" : "false", value ? "true" : "false", offset);
}

DumpObject& DumpObject::String(std::string_view name, std::string_view value, Offset offset) {
  Add(name, std::string(value), JsonString(value), offset);
  fields_.back().line_text = fields_.back().json;
  // Block text stays one line per field.
  for (char& c : fields_.back().text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return *this;
}

DumpObject& DumpObject::Magic(std::string_view name, std::string_view bytes, Offset offset) {
  for (char c : bytes) {
    if (c < 0x20 || c > 0x7e) return Hex(name, bytes, offset);
  }
  return String(name, bytes, offset);
}

DumpObject& DumpObject::Hex(std::string_view name, std::string_view bytes, Offset offset) {
  const std::string hex = crypto::HexEncode(bytes);
  return Add(name, hex.empty() ? "-" : hex, fmt::format("\"{}\"", hex), offset);
}

DumpObject& DumpObject::Hex64(std::string_view name, uint64_t value, Offset offset) {
  const std::string hex = fmt::format("0x{:016x}", value);
  return Add(name, hex, fmt::format("\"{}\"", hex), offset);
}

DumpObject& DumpObject::JsonOnly() {
  fields_.back().json_only = true;
  return *this;
}

void DumpObject::AppendText(std::string* out) const {
  out->append(title_);
  out->push_back('\n');
  size_t name_width = 0;
  size_t offset_width = 0;
  for (const Field& field : fields_) {
    if (field.json_only) continue;
    name_width = std::max(name_width, field.name.size());
    if (field.offset)
      offset_width = std::max(offset_width, std::to_string(*field.offset).size() + 1);
  }
  for (const Field& field : fields_) {
    if (field.json_only) continue;
    const std::string offset = field.offset ? fmt::format("@{}", *field.offset) : "";
    if (offset_width > 0) {
      out->append(fmt::format("  {:<{}}  {:<{}}  {}\n", offset, offset_width, field.name,
                              name_width, field.text));
    } else {
      out->append(fmt::format("  {:<{}}  {}\n", field.name, name_width, field.text));
    }
  }
}

void DumpObject::AppendTextLine(std::string* out) const {
  out->append(title_);
  for (const Field& field : fields_) {
    if (field.json_only) continue;
    out->push_back(' ');
    out->append(field.name);
    out->push_back(' ');
    out->append(field.line_text);
  }
  out->push_back('\n');
}

void DumpObject::AppendJson(std::string* out) const {
  out->append("{\"type\":");
  out->append(JsonString(type_));
  bool any_offset = false;
  for (const Field& field : fields_) {
    out->push_back(',');
    out->append(JsonString(field.name));
    out->push_back(':');
    out->append(field.json);
    any_offset = any_offset || field.offset.has_value();
  }
  if (any_offset) {
    out->append(",\"offsets\":{");
    bool first = true;
    for (const Field& field : fields_) {
      if (!field.offset) continue;
      out->append(first ? "" : ",");
      out->append(JsonString(field.name));
      out->push_back(':');
      out->append(std::to_string(*field.offset));
      first = false;
    }
    out->push_back('}');
  }
  out->append("}\n");
}

}  // namespace sealog::cli
