#include "ingest/field_collector.h"

#include <charconv>

#include "ingest/epoch.h"
#include "ingest/quote.h"
#include "sealog/ingest.h"

namespace sealog::ingest {

void FieldCollector::Reset() {
  best_.fill(Candidate{});
  seen_.fill(0);
}

void FieldCollector::Offer(Source source, const Candidate& candidate) {
  // A duplicate key: its first occurrence has been taken into account.
  if ((seen_[source.slot] >> source.rank) & 1) return;
  Candidate& best = best_[source.slot];
  // Lower rank wins; within one object, the earlier rule key.
  if (source.rank < best.rank || (source.rank == best.rank && candidate.rule_key < best.rule_key)) {
    best = candidate;
    best.rank = source.rank;
  }
}

void FieldCollector::OnScalar(uint32_t node, const Scalar& scalar) {
  Candidate candidate;
  candidate.found = Found::kValue;
  candidate.value = scalar;
  for (Source source : trie_->node(node).sources) Offer(source, candidate);
}

void FieldCollector::OnRuleScalar(RuleHit hit, const Scalar& scalar) {
  Candidate candidate;
  candidate.found = Found::kValue;
  candidate.rule_key = hit.rule_key;
  candidate.value = scalar;
  Offer(hit.source, candidate);
}

void FieldCollector::OnObject(uint32_t node) {
  Candidate candidate;
  candidate.found = Found::kWrongType;
  candidate.wrong_type = "an object";
  for (Source source : trie_->node(node).sources) {
    if (ObjectRuleKeys(source.slot).empty()) Offer(source, candidate);
  }
}

void FieldCollector::OnArray(uint32_t node) {
  const PathNode& array = trie_->node(node);
  Candidate wrong_type;
  wrong_type.found = Found::kWrongType;
  wrong_type.wrong_type = "an array";
  for (Source source : array.sources) Offer(source, wrong_type);
  if (!array.has_key_children) return;
  Candidate in_path;
  in_path.found = Found::kArrayInPath;
  in_path.node = node;
  for (uint32_t child : array.children) {
    if (trie_->node(child).index >= 0) continue;
    for (Source source : trie_->node(child).subtree_sources) Offer(source, in_path);
  }
}

void FieldCollector::OnDone(uint32_t node) {
  for (Source source : trie_->node(node).subtree_sources) seen_[source.slot] |= 1u << source.rank;
}

bool FieldCollector::NumberTextWanted(size_t slot, Source* source, uint8_t* rule_key) const {
  const Candidate& best = best_[slot];
  if (best.found != Found::kValue || best.value.kind != Scalar::Kind::kOtherNumber) return false;
  *source = Source{static_cast<uint8_t>(slot), best.rank};
  *rule_key = best.rule_key;
  return true;
}

void FieldCollector::SetNumberText(size_t slot, std::string_view text) {
  best_[slot].value.text = text;
}

std::string_view FieldCollector::TextOf(size_t slot) {
  const Scalar& value = best_[slot].value;
  char* begin = number_text_[slot].data();
  char* end = begin + number_text_[slot].size();
  switch (value.kind) {
    case Scalar::Kind::kInteger:
      return std::string_view(begin, std::to_chars(begin, end, value.integer).ptr - begin);
    case Scalar::Kind::kUnsigned:
      return std::string_view(begin, std::to_chars(begin, end, value.unsigned_integer).ptr - begin);
    case Scalar::Kind::kOtherNumber:
      if (!value.text.empty()) return value.text;
      return std::string_view(begin, std::to_chars(begin, end, value.real).ptr - begin);
    case Scalar::Kind::kString:
    case Scalar::Kind::kBoolean:
      break;
  }
  return value.text;
}

Status FieldCollector::Finish(Event* event) {
  SEALOG_RETURN_IF_ERROR(FinishTime(event));
  for (size_t slot = 0; slot < kFieldCount; ++slot) {
    switch (best_[slot].found) {
      case Found::kNothing:
        break;
      case Found::kValue:
        event->fields[slot] = TextOf(slot);
        break;
      case Found::kWrongType:
      case Found::kArrayInPath:
        return ErrorOf(slot, best_[slot]);
    }
  }
  return Status::Ok();
}

Status FieldCollector::FinishTime(Event* event) {
  const Candidate& best = best_[kTimeSlot];
  event->time_missing = best.found == Found::kNothing;
  if (event->time_missing) return Status::Ok();
  if (best.found != Found::kValue || best.value.kind == Scalar::Kind::kBoolean) {
    return ErrorOf(kTimeSlot, best);
  }
  // A number, or a decimal number in a string, is an epoch; other strings RFC 3339.
  const std::string_view text = TextOf(kTimeSlot);
  const Result<int64_t> time = IsJsonNumber(text) ? ParseEpochNumber(text) : ParseRfc3339(text);
  if (!time.ok()) {
    const Source source{static_cast<uint8_t>(kTimeSlot), best.rank};
    return Status::InvalidArgument(trie_->SourceLabel(source) + ": " + time.status().message());
  }
  event->time_ns = time.value();
  return Status::Ok();
}

Status FieldCollector::ErrorOf(size_t slot, const Candidate& candidate) const {
  const Source source{static_cast<uint8_t>(slot), candidate.rank};
  const std::string& label = trie_->SourceLabel(source);
  const std::string& path = trie_->SourcePath(source);
  const std::string name(SlotName(slot));
  if (candidate.found == Found::kArrayInPath) {
    const std::string& array = trie_->node(candidate.node).path;
    return Status::InvalidArgument(label + ": " + Quote(array) +
                                   " is an array; pick an element, as in --map " + name + "=" +
                                   array + ".0" + path.substr(array.size()));
  }
  const std::string type(candidate.found == Found::kValue ? "a boolean" : candidate.wrong_type);
  if (slot == kTimeSlot) {
    return Status::InvalidArgument(label + " is " + type +
                                   "; expected an RFC 3339 string or an epoch number");
  }
  return Status::InvalidArgument(
      label + " is " + type + "; expected a string, number, boolean or an object with " +
      ObjectRuleText(slot) + " (pick an element with --map " + name + "=" + path + ".0)");
}

}  // namespace sealog::ingest
