#include "sealog/event.h"

namespace sealog {

std::string_view FieldName(Field field) {
  static constexpr std::string_view kNames[kFieldCount] = {"actor",  "action", "resource",
                                                           "tenant", "origin", "outcome"};
  return kNames[static_cast<size_t>(field)];
}

}  // namespace sealog
