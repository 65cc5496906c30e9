// EventParser: simdjson's DOM parser validates the whole line, then a walk
// along the PathTrie finds every source of the mapping in one pass.
//
// Why the DOM and not On-Demand: a line must be entirely valid JSON to be
// stored, and On-Demand only validates what it visits; walking all of it with
// On-Demand (in this build, its portable "fallback" kernel) measured well
// below the DOM, whose stage 2 is dispatched at run time. The DOM has one
// inexactness, which we repair: it keeps numbers in binary, while a field
// must be the number's text as written. Integers print back exactly (JSON
// has one spelling of each integer except "-0"); for any other number that
// wins a field, we read its text with On-Demand, which keeps the raw token.
// That costs a second stage 1, but only on such (rare) lines. On-Demand also
// serves to locate syntax errors for messages, when a line is rejected.
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "ingest/dom_type_name.h"
#include "ingest/epoch.h"
#include "ingest/field_collector.h"
#include "ingest/line_scan.h"
#include "ingest/outcome_rule.h"
#include "ingest/path_trie.h"
#include "sealog/ingest.h"

namespace sealog {
namespace {

namespace dom = simdjson::dom;
namespace od = simdjson::ondemand;
using ingest::PathNode;
using ingest::PathTrie;
using ingest::RuleHit;
using ingest::Scalar;
using simdjson::error_code;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The object-rule keys one key of an object matched: at most one per slot, as
// the lowest-ranked source of a slot at a node is the only one that can win.
struct RuleHits {
  std::array<RuleHit, ingest::kSlotCount> hits;
  size_t size = 0;
};

std::string_view TrimTrailingSpace(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

std::string_view DescribeJsonError(error_code error) {
  switch (error) {
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "a missing or extra comma, colon, quote, brace or bracket";
    case simdjson::UTF8_ERROR:
      return "invalid UTF-8";
    case simdjson::UNESCAPED_CHARS:
      return "a control character inside a string (escape it, as \\n or \\u0001)";
    case simdjson::UNCLOSED_STRING:
      return "an unclosed string";
    case simdjson::STRING_ERROR:
      return "a bad escape sequence in a string";
    case simdjson::NUMBER_ERROR:
      return "a malformed number, or one beyond 64-bit integers and doubles";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "a malformed true, false or null";
    case simdjson::DEPTH_ERROR:
      return "arrays and objects nested too deep";
    default:
      return simdjson::error_message(error);
  }
}

}  // namespace

class EventParser::Impl {
 public:
  Impl(const FieldMapping& mapping, size_t max_event_bytes)
      : trie_(mapping),
        collector_(&trie_),
        outcome_rule_(mapping.outcome_rule),
        max_event_bytes_(max_event_bytes),
        parser_(std::clamp<size_t>(max_event_bytes, 64, simdjson::SIMDJSON_MAXSIZE_BYTES)),
        raw_parser_(std::clamp<size_t>(max_event_bytes, 64, simdjson::SIMDJSON_MAXSIZE_BYTES)) {}

  Status Parse(std::string_view line, Event* event);

 private:
  Status CheckLine(std::string_view line) const;
  void CopyToPadded(std::string_view line);
  void WalkValue(dom::element value, uint32_t node, const RuleHits& hits);
  void WalkObject(dom::object object, uint32_t node);
  void WalkArray(dom::array array, uint32_t node);
  void FindRuleHits(const PathNode& node, std::string_view key, RuleHits* hits) const;
  void ReadNumberTexts();
  std::string_view RawToken(std::string_view pointer);
  Status JsonError(error_code error);
  std::optional<size_t> LocateSyntaxError();
  error_code Visit(od::value& value, size_t depth);

  // `token` points into padded_; the same bytes in the caller's line.
  std::string_view InLine(std::string_view token) const {
    return line_.substr(static_cast<size_t>(token.data() - padded_.get()), token.size());
  }

  const PathTrie trie_;
  ingest::FieldCollector collector_;
  const OutcomeRule outcome_rule_;
  const size_t max_event_bytes_;
  dom::parser parser_;
  od::parser raw_parser_;           // for number texts and error locations only
  std::unique_ptr<char[]> padded_;  // the line, then SIMDJSON_PADDING bytes
  size_t padded_capacity_ = 0;
  std::string_view line_;
  std::string pointer_;  // scratch for JSON pointers
};

Status EventParser::Impl::Parse(std::string_view line, Event* event) {
  *event = Event{};
  SEALOG_RETURN_IF_ERROR(CheckLine(line));
  CopyToPadded(line);
  dom::element root;
  const auto* bytes = reinterpret_cast<const uint8_t*>(padded_.get());
  if (error_code error = parser_.parse(bytes, line.size(), false).get(root)) {
    return JsonError(error);
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return Status::InvalidArgument("not a JSON object: the line is " +
                                   std::string(ingest::DomTypeName(root.type())));
  }
  collector_.Reset();
  WalkObject(object, PathTrie::kRoot);
  ReadNumberTexts();
  event->raw = line;
  SEALOG_RETURN_IF_ERROR(collector_.Finish(event));
  event->set_field(Field::kOutcome,
                   ingest::ApplyOutcomeRule(outcome_rule_, event->field(Field::kOutcome)));
  return Status::Ok();
}

Status EventParser::Impl::CheckLine(std::string_view line) const {
  // Before anything else: an oversized line costs nothing but this comparison.
  if (line.size() > max_event_bytes_) {
    return Status::InvalidArgument("event is " + std::to_string(line.size()) +
                                   " bytes, more than --max-event-bytes " +
                                   std::to_string(max_event_bytes_));
  }
  if (IsBlankLine(line)) return Status::InvalidArgument("blank line: no event to parse");
  if (line.starts_with(kByteOrderMark)) {
    return Status::InvalidArgument(
        "not valid JSON: the line starts with a UTF-8 byte order mark; remove it");
  }
  return Status::Ok();
}

void EventParser::Impl::CopyToPadded(std::string_view line) {
  const size_t needed = line.size() + simdjson::SIMDJSON_PADDING;
  if (needed > padded_capacity_) {
    // Grow geometrically, so that a stream of growing lines reallocates
    // rarely, but never past the largest line accepted.
    padded_capacity_ = std::clamp(padded_capacity_ * 2, needed,
                                  std::max(needed, max_event_bytes_ + simdjson::SIMDJSON_PADDING));
    padded_ = std::make_unique_for_overwrite<char[]>(padded_capacity_);
  }
  std::memcpy(padded_.get(), line.data(), line.size());
  std::memset(padded_.get() + line.size(), 0, simdjson::SIMDJSON_PADDING);
  line_ = line;
}

// The walk follows the trie only: the DOM has validated the rest.
void EventParser::Impl::WalkObject(dom::object object, uint32_t node) {
  const PathNode& path_node = trie_.node(node);
  RuleHits hits;
  for (dom::key_value_pair field : object) {
    const uint32_t child = trie_.FindKey(node, field.key);
    hits.size = 0;
    if (path_node.has_object_rule) FindRuleHits(path_node, field.key, &hits);
    if (child != PathTrie::kNone || hits.size > 0) WalkValue(field.value, child, hits);
  }
}

void EventParser::Impl::WalkArray(dom::array array, uint32_t node) {
  if (trie_.node(node).children.empty()) return;
  const RuleHits no_hits{};
  size_t index = 0;
  for (dom::element element : array) {
    const uint32_t child = trie_.FindIndex(node, index++);
    if (child != PathTrie::kNone) WalkValue(element, child, no_hits);
  }
}

void EventParser::Impl::WalkValue(dom::element value, uint32_t node, const RuleHits& hits) {
  const bool on_path = node != PathTrie::kNone;
  Scalar scalar;
  switch (value.type()) {
    case dom::element_type::OBJECT:
      if (on_path) {
        collector_.OnObject(node);
        WalkObject(value.get_object().value_unsafe(), node);
        collector_.OnDone(node);
      }
      return;  // an object under a rule key is not the rule's shape: skipped
    case dom::element_type::ARRAY:
      if (on_path) {
        collector_.OnArray(node);
        WalkArray(value.get_array().value_unsafe(), node);
        collector_.OnDone(node);
      }
      return;
    case dom::element_type::NULL_VALUE:
      if (on_path) collector_.OnDone(node);
      return;
    case dom::element_type::STRING:
      scalar.text = value.get_string().value_unsafe();
      if (scalar.text.empty()) {  // "" is absent, as null is
        if (on_path) collector_.OnDone(node);
        return;
      }
      break;
    case dom::element_type::BOOL:
      scalar.kind = Scalar::Kind::kBoolean;
      scalar.text = value.get_bool().value_unsafe() ? "true" : "false";
      break;
    case dom::element_type::INT64:
      scalar.integer = value.get_int64().value_unsafe();
      // Zero may have been written "-0", which printing would lose.
      scalar.kind = scalar.integer == 0 ? Scalar::Kind::kOtherNumber : Scalar::Kind::kInteger;
      break;
    case dom::element_type::UINT64:
      scalar.kind = Scalar::Kind::kUnsigned;
      scalar.unsigned_integer = value.get_uint64().value_unsafe();
      break;
    case dom::element_type::DOUBLE:
      scalar.kind = Scalar::Kind::kOtherNumber;
      scalar.real = value.get_double().value_unsafe();
      break;
  }
  if (on_path) {
    collector_.OnScalar(node, scalar);
    collector_.OnDone(node);
  }
  for (size_t i = 0; i < hits.size; ++i) collector_.OnRuleScalar(hits.hits[i], scalar);
}

void EventParser::Impl::FindRuleHits(const PathNode& node, std::string_view key,
                                     RuleHits* hits) const {
  for (ingest::Source source : node.sources) {
    if (hits->size > 0 && hits->hits[hits->size - 1].source.slot == source.slot) continue;
    const std::span<const std::string_view> keys = ingest::ObjectRuleKeys(source.slot);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) {
        hits->hits[hits->size++] = RuleHit{source, static_cast<uint8_t>(i)};
        break;
      }
    }
  }
}

void EventParser::Impl::ReadNumberTexts() {
  for (size_t slot = 0; slot < ingest::kSlotCount; ++slot) {
    ingest::Source source;
    uint8_t rule_key = 0;
    if (!collector_.NumberTextWanted(slot, &source, &rule_key)) continue;
    pointer_ = trie_.SourcePointer(source);
    if (rule_key != ingest::FieldCollector::kNoRuleKey) {
      pointer_ += '/';
      pointer_ += ingest::ObjectRuleKeys(slot)[rule_key];
    }
    // Empty only if On-Demand disagrees with the DOM; the collector then
    // prints the number from its binary value.
    collector_.SetNumberText(slot, RawToken(pointer_));
  }
}

std::string_view EventParser::Impl::RawToken(std::string_view pointer) {
  od::document document;
  od::value value;
  if (raw_parser_.iterate(padded_.get(), line_.size(), padded_capacity_).get(document) ||
      document.at_pointer(pointer).get(value)) {
    return {};
  }
  return InLine(TrimTrailingSpace(value.raw_json_token()));
}

Status EventParser::Impl::JsonError(error_code error) {
  std::string message = "not valid JSON: " + std::string(DescribeJsonError(error));
  if (error == simdjson::DEPTH_ERROR) {
    message += " (more than " + std::to_string(kEventDepthMax) + " levels)";
  }
  std::optional<size_t> offset;
  if (error == simdjson::UTF8_ERROR || error == simdjson::UNESCAPED_CHARS ||
      error == simdjson::UNCLOSED_STRING) {
    const size_t found = ingest::FindByteLevelError(line_);
    if (found != std::string_view::npos) offset = found;
  } else if (error != simdjson::DEPTH_ERROR) {
    offset = LocateSyntaxError();
  }
  if (offset) message += ", near column " + std::to_string(*offset + 1);
  return Status::InvalidArgument(std::move(message));
}

// Walks the whole line with On-Demand, which stops at the first error it
// meets; where it stopped is a good place to point at. Best effort: nullopt
// when On-Demand finds nothing wrong.
std::optional<size_t> EventParser::Impl::LocateSyntaxError() {
  od::document document;
  if (raw_parser_.iterate(padded_.get(), line_.size(), padded_capacity_).get(document)) {
    return std::nullopt;
  }
  od::value root;
  error_code error = document.get_value().get(root);
  if (!error) error = Visit(root, 1);
  const char* location = nullptr;
  if (document.current_location().get(location) != simdjson::SUCCESS) return std::nullopt;
  if (location < padded_.get() || location >= padded_.get() + line_.size()) return std::nullopt;
  // Without an error, the location is whatever follows the root value.
  return static_cast<size_t>(location - padded_.get());
}

error_code EventParser::Impl::Visit(od::value& value, size_t depth) {
  if (depth > kEventDepthMax) return simdjson::DEPTH_ERROR;
  od::json_type type;
  if (error_code error = value.type().get(type)) return error;
  if (type == od::json_type::object) {
    od::object object;
    if (error_code error = value.get_object().get(object)) return error;
    for (auto field : object) {
      std::string_view key;
      if (error_code error = field.unescaped_key().get(key)) return error;
      od::value child;
      if (error_code error = field.value().get(child)) return error;
      if (error_code error = Visit(child, depth + 1)) return error;
    }
    return simdjson::SUCCESS;
  }
  if (type == od::json_type::array) {
    od::array array;
    if (error_code error = value.get_array().get(array)) return error;
    for (auto element : array) {
      od::value child;
      if (error_code error = element.get(child)) return error;
      if (error_code error = Visit(child, depth + 1)) return error;
    }
    return simdjson::SUCCESS;
  }
  const std::string_view token = TrimTrailingSpace(value.raw_json_token());
  switch (type) {
    case od::json_type::string: {
      std::string_view text;
      return value.get_string().get(text);
    }
    case od::json_type::number:
      return ingest::IsJsonNumber(token) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
    case od::json_type::boolean:
      return token == "true" || token == "false" ? simdjson::SUCCESS : simdjson::T_ATOM_ERROR;
    default:
      return token == "null" ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
  }
}

EventParser::EventParser(FieldMapping mapping, size_t max_event_bytes)
    : impl_(std::make_unique<Impl>(mapping, max_event_bytes)) {}

EventParser::~EventParser() = default;

Status EventParser::Parse(std::string_view line, Event* event) { return impl_->Parse(line, event); }

bool IsBlankLine(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace sealog
