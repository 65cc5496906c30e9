#include "sealog/event.h"

#include "engine/ascii.h"

namespace sealog {

std::string_view FieldName(Field field) {
  static constexpr std::string_view kNames[kFieldCount] = {"actor",  "action", "resource",
                                                           "tenant", "origin", "outcome"};
  return kNames[static_cast<size_t>(field)];
}

std::optional<Field> FieldOfName(std::string_view name) {
  struct Alias {
    std::string_view name;
    Field field;
  };
  static constexpr Alias kAliases[] = {
      {"user", Field::kActor}, {"event_type", Field::kAction}, {"status", Field::kOutcome}};
  auto equals = [name](std::string_view other) { return EqualsIgnoringAsciiCase(name, other); };
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (equals(FieldName(static_cast<Field>(i)))) return static_cast<Field>(i);
  }
  for (const Alias& alias : kAliases) {
    if (equals(alias.name)) return alias.field;
  }
  return std::nullopt;
}

}  // namespace sealog
