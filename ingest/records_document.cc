// CloudTrail's {"Records":[...]} files: recognising one and splitting it into
// events (sealog/ingest.h).
#include <simdjson.h>

#include <string>

#include "ingest/dom_type_name.h"
#include "sealog/ingest.h"

namespace sealog {
namespace {

namespace dom = simdjson::dom;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void SkipSpace(std::string_view* text) {
  while (!text->empty() && IsJsonSpace(text->front())) text->remove_prefix(1);
}

void SkipByteOrderMark(std::string_view* text) {
  if (text->substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text->remove_prefix(kByteOrderMark.size());
  }
}

}  // namespace

bool LooksLikeRecordsDocument(std::string_view prefix) {
  SkipByteOrderMark(&prefix);
  SkipSpace(&prefix);
  if (prefix.empty() || prefix.front() != '{') return false;
  prefix.remove_prefix(1);
  SkipSpace(&prefix);
  return prefix.substr(0, 9) == "\"Records\"";
}

Status SplitRecordsDocument(
    std::string_view document,
    const std::function<Status(size_t index, std::string_view event)>& each) {
  SkipByteOrderMark(&document);
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
                                   std::string(ingest::DomTypeName(root.type())));
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
