// A small, strict, bounded JSON reader and writer for the few documents
// crypto/ exchanges with the outside (checkpoints and inclusion proofs), and
// the text codecs they carry (lowercase hex, RFC 4648 base64). Not a general
// JSON library (ingest/ owns simdjson); it reads exactly this subset of
// RFC 8259 and refuses everything else with a message naming the byte offset:
//
//   - the document is one object, optionally surrounded by JSON whitespace;
//   - values are strings, unsigned integers (0 .. 2^64-1: no sign, fraction,
//     exponent or leading zero), arrays and objects; true, false, null and
//     other numbers are refused;
//   - strings are valid UTF-8 (no overlong forms, no surrogates) with no raw
//     control characters; every RFC 8259 escape is accepted and decoded
//     (\uXXXX surrogate pairs included, lone surrogates refused);
//   - an object may not name a member twice;
//   - the input size, the nesting depth and the number of values are capped.
//
// The writer emits one canonical form (see Quote): a decoder that needs byte
// exactness (proofs) re-encodes what it read and compares.
#ifndef SEALOG_CRYPTO_JSON_LITE_H_
#define SEALOG_CRYPTO_JSON_LITE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/text_codec.h"
#include "sealog/status.h"

namespace sealog::crypto {

namespace json {

struct Member;

struct Value {
  enum class Kind : uint8_t { kString, kNumber, kArray, kObject };
  Kind kind = Kind::kString;
  std::string string;           // kString
  uint64_t number = 0;          // kNumber
  std::vector<Value> items;     // kArray
  std::vector<Member> members;  // kObject, in document order
};

// A struct rather than std::pair: a pair may not hold the incomplete Value
// (clang rejects it; a vector of an incomplete struct is fine).
struct Member {
  std::string name;
  Value value;
};

struct Limits {
  size_t max_bytes = 1 << 20;   // of the whole text
  size_t max_depth = 4;         // nested arrays and objects, the top object counting 1
  size_t max_values = 1 << 16;  // strings, numbers, arrays and objects in all
};

// Parses `text` into *out (an object). `what` names the document in errors:
// "proof JSON: byte 17: expected ':' after a member name".
Status Parse(std::string_view text, const Limits& limits, std::string_view what, Value* out);

// The canonical JSON string for valid UTF-8 `text`: quotes, `"` and `\` and
// \b \f \n \r \t escaped short, other control characters as \u00xx
// (lowercase), everything else (non-ASCII included) as is.
std::string Quote(std::string_view text);

// Builds one object in the canonical layout. Compact: {"a":1,"b":"x"} on one
// line. Pretty: one member a line indented by two spaces, `"name": value`,
// arrays one element a line, indented two more; an empty array is [].
class ObjectWriter {
 public:
  explicit ObjectWriter(bool pretty) : pretty_(pretty) {}
  void String(std::string_view name, std::string_view value);
  void Number(std::string_view name, uint64_t value);
  void StringArray(std::string_view name, const std::vector<std::string>& values);
  // `json` must already be one canonical JSON value (it is written as is).
  void Raw(std::string_view name, std::string_view json);
  // The object; the writer is spent.
  std::string Finish();

 private:
  void Name(std::string_view name);
  const bool pretty_;
  std::string out_ = "{";
  bool first_ = true;
};

// Takes the members of a parsed object by name, checking their kinds, then
// refuses any member that was not taken. Errors name the document and member:
// "proof JSON: member \"seq\" must be an unsigned integer".
class ObjectReader {
 public:
  ObjectReader(const Value& object, std::string_view what) : object_(object), what_(what) {}
  Status String(std::string_view name, std::string* out);
  Status Number(std::string_view name, uint64_t* out);
  Status StringArray(std::string_view name, size_t max_items, std::vector<std::string>* out);
  Status Object(std::string_view name, const Value** out);
  // Fails when the object holds a member none of the calls above took.
  Status Finish() const;

 private:
  Status Find(std::string_view name, Value::Kind kind, const char* kind_name, const Value** out);
  const Value& object_;
  const std::string what_;
  std::vector<std::string> taken_;
};

}  // namespace json
}  // namespace sealog::crypto

#endif  // SEALOG_CRYPTO_JSON_LITE_H_
