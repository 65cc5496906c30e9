// The seven things a mapping extracts, as one index space: slots 0..5 are the
// Fields (in their enum order) and slot 6 is the event time. Shared by the
// mapping, the path trie and the parser.
#ifndef SEALOG_INGEST_FIELD_SLOTS_H_
#define SEALOG_INGEST_FIELD_SLOTS_H_

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "sealog/event.h"

namespace sealog::ingest {

inline constexpr size_t kTimeSlot = kFieldCount;
inline constexpr size_t kSlotCount = kFieldCount + 1;

// "actor", ..., "outcome", then "time".
inline std::string_view SlotName(size_t slot) {
  return slot == kTimeSlot ? std::string_view("time") : FieldName(static_cast<Field>(slot));
}

// The keys read, in order, when a field's source is an object (SPEC.md, "if an
// object"). Time has none: an object there is the wrong type.
inline std::span<const std::string_view> ObjectRuleKeys(size_t slot) {
  static constexpr std::string_view kActor[] = {"id", "email", "name", "arn"};
  static constexpr std::string_view kAction[] = {"name"};
  static constexpr std::string_view kResource[] = {"id", "name", "arn"};
  static constexpr std::string_view kTenant[] = {"id"};
  static constexpr std::string_view kOrigin[] = {"ip", "host"};
  static constexpr std::string_view kOutcome[] = {"status"};
  static constexpr std::array<std::span<const std::string_view>, kSlotCount> kRules = {
      kActor, kAction, kResource, kTenant, kOrigin, kOutcome, {}};
  return kRules[slot];
}

// "id, email, name or arn": the object rule of `slot` for messages.
inline std::string ObjectRuleText(size_t slot) {
  const std::span<const std::string_view> keys = ObjectRuleKeys(slot);
  std::string text;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) text += (i + 1 == keys.size()) ? " or " : ", ";
    text += keys[i];
  }
  return text;
}

}  // namespace sealog::ingest

#endif  // SEALOG_INGEST_FIELD_SLOTS_H_
