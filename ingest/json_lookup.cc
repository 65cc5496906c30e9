// JsonLookup: simdjson's DOM parser validates the document once, and each Find
// walks the DOM. As in event_parser.cc, the DOM keeps numbers in binary while
// a number must be compared as the text it was written with; an integer
// prints back exactly (except "-0"), and for any other number Find reads the
// raw token with On-Demand, which costs a second stage 1 for that Find only.
#include "ingest/json_lookup.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "sealog/ingest.h"

namespace sealog::ingest {
namespace {

namespace dom = simdjson::dom;
namespace od = simdjson::ondemand;
using Kind = JsonScalar::Kind;

std::string_view TrimTrailingSpace(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

// The raw text of the value at path[at...] below `value`, or empty.
std::string_view RawTokenAt(od::value value, const std::vector<PathSegment>& path, size_t at) {
  if (at == path.size()) return TrimTrailingSpace(value.raw_json_token());
  const PathSegment& segment = path[at];
  od::json_type type;
  if (value.type().get(type)) return {};
  if (type == od::json_type::object) {
    od::object object;
    if (value.get_object().get(object)) return {};
    for (auto field : object) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return {};
      if (key != segment.key) continue;
      od::value child;
      if (field.value().get(child)) return {};
      return RawTokenAt(child, path, at + 1);
    }
  } else if (type == od::json_type::array && segment.index >= 0) {
    od::array array;
    if (value.get_array().get(array)) return {};
    int64_t index = 0;
    for (auto element : array) {
      if (index++ != segment.index) continue;
      od::value child;
      if (element.get(child)) return {};
      return RawTokenAt(child, path, at + 1);
    }
  }
  return {};
}

}  // namespace

class JsonLookup::Impl {
 public:
  Status Parse(std::string_view json);
  JsonScalar Find(const std::vector<PathSegment>& path);

 private:
  void CopyToPadded(std::string_view json);
  bool Walk(const std::vector<PathSegment>& path, dom::element* value) const;
  std::string_view NumberText(dom::element value, const std::vector<PathSegment>& path);
  std::string_view RawToken(const std::vector<PathSegment>& path);

  dom::parser parser_;     // its default depth limit is kEventDepthMax
  od::parser raw_parser_;  // for number texts only
  dom::element root_;
  bool valid_ = false;
  std::unique_ptr<char[]> padded_;  // the document, then SIMDJSON_PADDING bytes
  size_t padded_capacity_ = 0;
  size_t size_ = 0;
  char number_text_[32];  // an integer printed back
};

Status JsonLookup::Impl::Parse(std::string_view json) {
  valid_ = false;
  CopyToPadded(json);
  const auto* bytes = reinterpret_cast<const uint8_t*>(padded_.get());
  if (simdjson::error_code error = parser_.parse(bytes, size_, false).get(root_)) {
    std::string message = "not valid JSON: ";
    message += simdjson::error_message(error);
    return Status::InvalidArgument(std::move(message));
  }
  valid_ = true;
  return Status::Ok();
}

void JsonLookup::Impl::CopyToPadded(std::string_view json) {
  const size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
  if (needed > padded_capacity_) {
    padded_capacity_ = std::max(padded_capacity_ * 2, needed);
    padded_ = std::make_unique_for_overwrite<char[]>(padded_capacity_);
  }
  if (!json.empty()) std::memcpy(padded_.get(), json.data(), json.size());
  std::memset(padded_.get() + json.size(), 0, simdjson::SIMDJSON_PADDING);
  size_ = json.size();
}

bool JsonLookup::Impl::Walk(const std::vector<PathSegment>& path, dom::element* value) const {
  dom::element current = root_;
  for (const PathSegment& segment : path) {
    dom::object object;
    dom::array array;
    if (current.get_object().get(object) == simdjson::SUCCESS) {
      bool found = false;
      for (dom::key_value_pair field : object) {
        if (field.key == segment.key) {  // the first occurrence wins
          current = field.value;
          found = true;
          break;
        }
      }
      if (!found) return false;
    } else if (current.get_array().get(array) == simdjson::SUCCESS) {
      if (segment.index < 0) return false;
      if (array.at(static_cast<size_t>(segment.index)).get(current) != simdjson::SUCCESS) {
        return false;
      }
    } else {
      return false;  // a scalar has no keys
    }
  }
  *value = current;
  return true;
}

JsonScalar JsonLookup::Impl::Find(const std::vector<PathSegment>& path) {
  dom::element value;
  if (!valid_ || !Walk(path, &value)) return {};
  switch (value.type()) {
    case dom::element_type::OBJECT:
    case dom::element_type::ARRAY:
      return {Kind::kContainer, {}};
    case dom::element_type::STRING:
      return {Kind::kString, value.get_string().value_unsafe()};
    case dom::element_type::BOOL:
      return value.get_bool().value_unsafe() ? JsonScalar{Kind::kTrue, "true"}
                                             : JsonScalar{Kind::kFalse, "false"};
    case dom::element_type::NULL_VALUE:
      return {Kind::kNull, "null"};
    default:
      return {Kind::kNumber, NumberText(value, path)};
  }
}

std::string_view JsonLookup::Impl::NumberText(dom::element value,
                                              const std::vector<PathSegment>& path) {
  char* const end = number_text_ + sizeof(number_text_);
  std::to_chars_result printed{};
  if (value.type() == dom::element_type::UINT64) {
    printed = std::to_chars(number_text_, end, value.get_uint64().value_unsafe());
  } else if (value.type() == dom::element_type::INT64 && value.get_int64().value_unsafe() != 0) {
    printed = std::to_chars(number_text_, end, value.get_int64().value_unsafe());
  } else {
    // A double, or a zero that may have been written "-0".
    const std::string_view raw = RawToken(path);
    if (!raw.empty()) return raw;
    // Only if On-Demand disagrees with the DOM: the shortest text of the value.
    printed = std::to_chars(number_text_, end, value.get_double().value_unsafe());
  }
  return std::string_view(number_text_, static_cast<size_t>(printed.ptr - number_text_));
}

std::string_view JsonLookup::Impl::RawToken(const std::vector<PathSegment>& path) {
  od::document document;
  od::value root;
  if (raw_parser_.iterate(padded_.get(), size_, padded_capacity_).get(document) ||
      document.get_value().get(root)) {
    return {};
  }
  return RawTokenAt(root, path, 0);
}

JsonLookup::JsonLookup() : impl_(std::make_unique<Impl>()) {}
JsonLookup::~JsonLookup() = default;

Status JsonLookup::Parse(std::string_view json) { return impl_->Parse(json); }

JsonScalar JsonLookup::Find(const std::vector<PathSegment>& path) { return impl_->Find(path); }

Status JsonLookup::Lookup(std::string_view json, const std::vector<PathSegment>& path,
                          JsonScalar* out) {
  *out = JsonScalar{};
  SEALOG_RETURN_IF_ERROR(impl_->Parse(json));
  *out = impl_->Find(path);
  return Status::Ok();
}

}  // namespace sealog::ingest
