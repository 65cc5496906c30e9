// The name of a JSON value's type in messages ("the line is an array").
// Only for the files that already include simdjson.
#ifndef SEALOG_INGEST_DOM_TYPE_NAME_H_
#define SEALOG_INGEST_DOM_TYPE_NAME_H_

#include <simdjson.h>

#include <string_view>

namespace sealog::ingest {

inline std::string_view DomTypeName(simdjson::dom::element_type type) {
  switch (type) {
    case simdjson::dom::element_type::ARRAY:
      return "an array";
    case simdjson::dom::element_type::OBJECT:
      return "an object";
    case simdjson::dom::element_type::STRING:
      return "a string";
    case simdjson::dom::element_type::BOOL:
      return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
    default:
      return "a number";
  }
}

}  // namespace sealog::ingest

#endif  // SEALOG_INGEST_DOM_TYPE_NAME_H_
