#include "crypto/json_lite.h"

#include <algorithm>

namespace sealog::crypto {

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
}  // namespace

namespace json {
namespace {

// Recursive descent over the subset described in the header.
class Parser {
 public:
  Parser(std::string_view text, const Limits& limits, std::string_view what)
      : text_(text), limits_(limits), what_(what) {}

  Status Document(Value* out) {
    if (text_.size() > limits_.max_bytes) {
      return Status::InvalidArgument(std::string(what_) + ": " + std::to_string(text_.size()) +
                                     " bytes, more than the limit of " +
                                     std::to_string(limits_.max_bytes));
    }
    SkipSpace();
    if (Peek() != '{') return Error("expected '{' to open the object");
    SEALOG_RETURN_IF_ERROR(ParseValue(1, out));
    SkipSpace();
    if (pos_ != text_.size()) return Error("unexpected text after the object");
    return Status::Ok();
  }

 private:
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool AtEnd() const { return pos_ >= text_.size(); }
  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r'))
      ++pos_;
  }
  Status Error(std::string_view message) const {
    return Status::InvalidArgument(std::string(what_) + ": byte " + std::to_string(pos_) + ": " +
                                   std::string(message));
  }

  Status ParseValue(size_t depth, Value* out) {
    if (++values_ > limits_.max_values) return Error("too many values");
    const char c = Peek();
    if (c == '"') {
      out->kind = Value::Kind::kString;
      return ParseString(&out->string);
    }
    if (c >= '0' && c <= '9') {
      out->kind = Value::Kind::kNumber;
      return ParseNumber(&out->number);
    }
    if (c != '[' && c != '{') {
      return Error("expected a string, an unsigned integer, '[' or '{'");
    }
    if (depth > limits_.max_depth) return Error("nested too deeply");
    ++pos_;
    SkipSpace();
    const char close = c == '[' ? ']' : '}';
    out->kind = c == '[' ? Value::Kind::kArray : Value::Kind::kObject;
    if (Peek() == close) {
      ++pos_;
      return Status::Ok();
    }
    while (true) {
      if (out->kind == Value::Kind::kArray) {
        out->items.emplace_back();
        SEALOG_RETURN_IF_ERROR(ParseValue(depth + 1, &out->items.back()));
      } else {
        if (Peek() != '"') return Error("expected a member name");
        std::string name;
        SEALOG_RETURN_IF_ERROR(ParseString(&name));
        for (const auto& member : out->members) {
          if (member.name == name) return Error("member \"" + name + "\" appears twice");
        }
        SkipSpace();
        if (Peek() != ':') return Error("expected ':' after a member name");
        ++pos_;
        SkipSpace();
        out->members.push_back(Member{std::move(name), Value()});
        SEALOG_RETURN_IF_ERROR(ParseValue(depth + 1, &out->members.back().value));
      }
      SkipSpace();
      if (Peek() == close) {
        ++pos_;
        return Status::Ok();
      }
      if (Peek() != ',') return Error(close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
      ++pos_;
      SkipSpace();
    }
  }

  Status ParseNumber(uint64_t* out) {
    if (Peek() == '0' && pos_ + 1 < text_.size() && text_[pos_ + 1] >= '0' &&
        text_[pos_ + 1] <= '9') {
      return Error("a number may not have a leading zero");
    }
    uint64_t value = 0;
    while (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
      const uint64_t digit = static_cast<uint64_t>(Peek() - '0');
      if (value > (UINT64_MAX - digit) / 10) return Error("number does not fit 64 bits");
      value = value * 10 + digit;
      ++pos_;
    }
    if (Peek() == '.' || Peek() == 'e' || Peek() == 'E') {
      return Error("only unsigned integers are accepted");
    }
    *out = value;
    return Status::Ok();
  }

  // Reads 4 hex digits of a \u escape (either case, as RFC 8259 allows).
  bool Hex4(uint32_t* unit) {
    if (text_.size() - pos_ < 4) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_ + i];
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
      const int d = HexValue(c);
      if (d < 0) return false;
      v = v << 4 | static_cast<uint32_t>(d);
    }
    pos_ += 4;
    *unit = v;
    return true;
  }

  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xc0 | cp >> 6));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xe0 | cp >> 12));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out->push_back(static_cast<char>(0xf0 | cp >> 18));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }

  Status ParseString(std::string* out) {
    ++pos_;  // the opening quote
    while (true) {
      if (AtEnd()) return Error("unterminated string");
      const auto c = static_cast<uint8_t>(Peek());
      if (c == '"') {
        ++pos_;
        return Status::Ok();
      }
      if (c < 0x20) return Error("raw control character in a string");
      if (c >= 0x80) {
        const size_t n = Utf8SequenceLength(text_, pos_);
        if (n == 0) return Error("invalid UTF-8 in a string");
        out->append(text_.substr(pos_, n));
        pos_ += n;
        continue;
      }
      if (c != '\\') {
        out->push_back(static_cast<char>(c));
        ++pos_;
        continue;
      }
      ++pos_;
      const char e = Peek();
      ++pos_;
      static constexpr std::string_view kFrom = "\"\\/bfnrt", kTo = "\"\\/\b\f\n\r\t";
      if (const size_t at = kFrom.find(e); e != '\0' && at != std::string_view::npos) {
        out->push_back(kTo[at]);
        continue;
      }
      if (e != 'u') return Error("invalid escape in a string");
      uint32_t unit = 0;
      if (!Hex4(&unit)) return Error("\\u must be followed by 4 hex digits");
      if (unit >= 0xdc00 && unit <= 0xdfff) return Error("lone low surrogate in a string");
      if (unit >= 0xd800 && unit <= 0xdbff) {
        uint32_t low = 0;
        if (text_.substr(pos_, 2) != "\\u") return Error("lone high surrogate in a string");
        pos_ += 2;
        if (!Hex4(&low) || low < 0xdc00 || low > 0xdfff) {
          return Error("lone high surrogate in a string");
        }
        unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
      }
      AppendUtf8(unit, out);
    }
  }

  const std::string_view text_;
  const Limits& limits_;
  const std::string_view what_;
  size_t pos_ = 0;
  size_t values_ = 0;
};

}  // namespace

Status Parse(std::string_view text, const Limits& limits, std::string_view what, Value* out) {
  *out = Value();
  return Parser(text, limits, what).Document(out);
}

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    const auto c = static_cast<uint8_t>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHexDigits[c >> 4]);
          out.push_back(kHexDigits[c & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
  return out;
}

void ObjectWriter::Name(std::string_view name) {
  if (!first_) out_.push_back(',');
  first_ = false;
  if (pretty_) out_ += "\n  ";
  out_ += Quote(name);
  out_ += pretty_ ? ": " : ":";
}

void ObjectWriter::String(std::string_view name, std::string_view value) {
  Name(name);
  out_ += Quote(value);
}

void ObjectWriter::Number(std::string_view name, uint64_t value) {
  Name(name);
  out_ += std::to_string(value);
}

void ObjectWriter::StringArray(std::string_view name, const std::vector<std::string>& values) {
  Name(name);
  out_.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out_.push_back(',');
    if (pretty_) out_ += "\n    ";
    out_ += Quote(values[i]);
  }
  if (pretty_ && !values.empty()) out_ += "\n  ";
  out_.push_back(']');
}

void ObjectWriter::Raw(std::string_view name, std::string_view json) {
  Name(name);
  out_ += json;
}

std::string ObjectWriter::Finish() {
  if (pretty_ && !first_) out_.push_back('\n');
  out_.push_back('}');
  return std::move(out_);
}

Status ObjectReader::Find(std::string_view name, Value::Kind kind, const char* kind_name,
                          const Value** out) {
  for (const auto& [member, value] : object_.members) {
    if (member != name) continue;
    if (value.kind != kind) {
      return Status::InvalidArgument(what_ + ": member \"" + std::string(name) + "\" must be " +
                                     kind_name);
    }
    taken_.emplace_back(name);
    *out = &value;
    return Status::Ok();
  }
  return Status::InvalidArgument(what_ + ": member \"" + std::string(name) + "\" is missing");
}

Status ObjectReader::String(std::string_view name, std::string* out) {
  const Value* value = nullptr;
  SEALOG_RETURN_IF_ERROR(Find(name, Value::Kind::kString, "a string", &value));
  *out = value->string;
  return Status::Ok();
}

Status ObjectReader::Number(std::string_view name, uint64_t* out) {
  const Value* value = nullptr;
  SEALOG_RETURN_IF_ERROR(Find(name, Value::Kind::kNumber, "an unsigned integer", &value));
  *out = value->number;
  return Status::Ok();
}

Status ObjectReader::StringArray(std::string_view name, size_t max_items,
                                 std::vector<std::string>* out) {
  const Value* value = nullptr;
  SEALOG_RETURN_IF_ERROR(Find(name, Value::Kind::kArray, "an array of strings", &value));
  if (value->items.size() > max_items) {
    return Status::InvalidArgument(what_ + ": member \"" + std::string(name) + "\" has " +
                                   std::to_string(value->items.size()) +
                                   " elements, more than the limit of " +
                                   std::to_string(max_items));
  }
  out->clear();
  for (const Value& item : value->items) {
    if (item.kind != Value::Kind::kString) {
      return Status::InvalidArgument(what_ + ": member \"" + std::string(name) +
                                     "\" must be an array of strings");
    }
    out->push_back(item.string);
  }
  return Status::Ok();
}

Status ObjectReader::Object(std::string_view name, const Value** out) {
  return Find(name, Value::Kind::kObject, "an object", out);
}

Status ObjectReader::Finish() const {
  for (const auto& member : object_.members) {
    if (std::find(taken_.begin(), taken_.end(), member.name) == taken_.end()) {
      return Status::InvalidArgument(what_ + ": unknown member \"" + member.name + "\"");
    }
  }
  return Status::Ok();
}

}  // namespace json
}  // namespace sealog::crypto
