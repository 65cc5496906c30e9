// CloudTrail's {"Records":[...]} files: recognising one and splitting it into
// events (sealog/ingest.h).
#include <simdjson.h>

#include <string>

#include "sealog/ingest.h"

namespace sealog {
namespace {

namespace dom = simdjson::dom;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void SkipSpace(std::string_view* text) {
  while (!text->empty() && IsJsonSpace(text->front())) text->remove_prefix(1);
}

std::string_view TypeName(dom::element_type type) {
  switch (type) {
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "a boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
    case dom::element_type::OBJECT:
      return "an object";
    default:
      return "a number";
  }
}

}  // namespace

bool LooksLikeRecordsDocument(std::string_view prefix) {
  if (prefix.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    prefix.remove_prefix(kByteOrderMark.size());
  }
  SkipSpace(&prefix);
  if (prefix.empty() || prefix.front() != '{') return false;
  prefix.remove_prefix(1);
  SkipSpace(&prefix);
  return prefix.substr(0, 9) == "\"Records\"";
}

Status SplitRecordsDocument(
    std::string_view document,
    const std::function<Status(size_t index, std::string_view event)>& each) {
  if (document.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    document.remove_prefix(kByteOrderMark.size());
  }
  dom::parser parser;
  const simdjson::padded_string padded(document);
  dom::element root;
  if (const simdjson::error_code error = parser.parse(padded).get(root)) {
    return Status::InvalidArgument(std::string("not a valid Records document: ") +
                                   simdjson::error_message(error));
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return Status::InvalidArgument("not a Records document: the input is " +
                                   std::string(TypeName(root.type())));
  }
  dom::array records;
  if (object["Records"].get_array().get(records) != simdjson::SUCCESS) {
    return Status::InvalidArgument("not a Records document: no \"Records\" array");
  }
  size_t index = 0;
  std::string line;
  for (dom::element element : records) {
    line = simdjson::minify(element);
    SEALOG_RETURN_IF_ERROR(each(index, line));
    ++index;
  }
  return Status::Ok();
}

}  // namespace sealog
