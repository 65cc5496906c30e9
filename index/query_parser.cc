// Parse: recursive descent over the text, one function per rule of the
// grammar in query.h. There is no separate token stream: what a run of bytes
// means depends on where it stands (after "field:" a bare word may hold ':'
// and keywords; inside a range it also stops at ']'), so the parser reads the
// text directly, with small lexing helpers for each position.
#include <string>
#include <vector>

#include "engine/ascii.h"
#include "index/query.h"
#include "index/query_syntax.h"
#include "index/query_values.h"
#include "ingest/json_path.h"
#include "ingest/quote.h"

namespace sealog::query {
namespace {

using ingest::Quote;
using syntax::EndsBareWord;
using syntax::IsSpace;

constexpr std::string_view kEventPrefix = "event.";

// The field names and aliases of SPEC.md ("event.PATH" is handled apart).
bool ResolveFieldName(std::string_view name, Term* term) {
  if (const std::optional<Field> field = FieldOfName(name)) {
    term->target = Target::kField;
    term->field = *field;
  } else if (EqualsIgnoringAsciiCase(name, "time") || EqualsIgnoringAsciiCase(name, "timestamp")) {
    term->target = Target::kTime;
    term->field = Field::kActor;
  } else if (EqualsIgnoringAsciiCase(name, "seq")) {
    term->target = Target::kSeq;
    term->field = Field::kActor;
  } else {
    return false;
  }
  return true;
}

// One value as written after "field:", "field:>", "[" or "TO".
struct RawValue {
  std::string text;  // unquoted, unescaped, without the prefix '*'
  bool prefix = false;
  size_t offset = 0;       // where it starts in the query
  size_t star_offset = 0;  // where its prefix '*' is, when prefix
};

class Parser {
 public:
  Parser(std::string_view text, int64_t now_ns) : text_(text), now_ns_(now_ns) {}

  Status ParseQuery(Node* out);

 private:
  Status ParseOr(Node* out);
  Status ParseAnd(Node* out);
  Status ParseUnary(Node* out);
  Status ParseGroup(Node* out);
  Status ParseTerm(Node* out);
  Status ParseFieldName(Term* term);
  Status ParseRange(std::string_view context, Term* term, RawValue* low, RawValue* high);
  Status ReadValue(std::string_view context, bool in_range, RawValue* value);
  Status ReadQuoted(RawValue* value);
  Status TypeTerm(const RawValue& low, const RawValue& high, Term* term) const;
  Status Error(size_t offset, std::string_view what) const;

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(text_[pos_])) ++pos_;
  }
  // Whether the keyword (case-insensitive) stands at pos_ as a whole word.
  bool AtKeyword(std::string_view keyword) const {
    if (!EqualsIgnoringAsciiCase(text_.substr(pos_, keyword.size()), keyword)) return false;
    const size_t end = pos_ + keyword.size();
    return end == text_.size() || EndsBareWord(text_[end]);
  }
  std::string_view TakeKeyword(std::string_view keyword) {
    last_token_ = text_.substr(pos_, keyword.size());
    pos_ += keyword.size();
    return last_token_;
  }

  const std::string_view text_;
  const int64_t now_ns_;
  size_t pos_ = 0;
  size_t depth_ = 0;             // open parentheses and NOTs, up to kQueryDepthMax
  size_t open_parens_ = 0;       // open parentheses
  std::string_view last_token_;  // the last keyword or "(", for messages
};

Status Parser::Error(size_t offset, std::string_view what) const {
  std::string message = "column ";
  message += std::to_string(offset + 1);
  message += ": ";
  message += what;
  return Status::InvalidArgument(std::move(message));
}

Status Parser::ParseQuery(Node* out) {
  if (text_.size() > kQueryBytesMax) {
    std::string what = "the query is ";
    what += std::to_string(text_.size());
    what += " bytes, more than ";
    what += std::to_string(kQueryBytesMax);
    return Error(kQueryBytesMax, what);
  }
  SkipSpace();
  if (AtEnd()) return Error(pos_, "empty query");
  SEALOG_RETURN_IF_ERROR(ParseOr(out));
  SkipSpace();
  // ParseAnd stops only at the end, at OR (which ParseOr takes) or at ')'.
  if (!AtEnd()) return Error(pos_, "unbalanced \")\"; no \"(\" is open");
  return Status::Ok();
}

// Gathers `first` and the nodes after it into one kAnd or kOr node.
Node Combine(Node::Kind kind, Node first, std::vector<Node> rest) {
  if (rest.empty()) return first;
  Node node;
  node.kind = kind;
  node.column = first.column;
  node.children.reserve(rest.size() + 1);
  node.children.push_back(std::move(first));
  for (Node& child : rest) node.children.push_back(std::move(child));
  return node;
}

Status Parser::ParseOr(Node* out) {
  Node first;
  SEALOG_RETURN_IF_ERROR(ParseAnd(&first));
  std::vector<Node> rest;
  while (SkipSpace(), AtKeyword("OR")) {
    TakeKeyword("OR");
    SEALOG_RETURN_IF_ERROR(ParseAnd(&rest.emplace_back()));
  }
  *out = Combine(Node::Kind::kOr, std::move(first), std::move(rest));
  return Status::Ok();
}

Status Parser::ParseAnd(Node* out) {
  Node first;
  SEALOG_RETURN_IF_ERROR(ParseUnary(&first));
  std::vector<Node> rest;
  while (SkipSpace(), !AtEnd() && Peek() != ')' && !AtKeyword("OR")) {
    if (AtKeyword("AND")) {
      TakeKeyword("AND");
    } else {
      last_token_ = {};  // two terms side by side
    }
    SEALOG_RETURN_IF_ERROR(ParseUnary(&rest.emplace_back()));
  }
  *out = Combine(Node::Kind::kAnd, std::move(first), std::move(rest));
  return Status::Ok();
}

Status Parser::ParseUnary(Node* out) {
  SkipSpace();
  std::string expected = "expected a term";
  if (!last_token_.empty()) expected.append(" after ").append(Quote(last_token_));
  if (AtEnd()) return Error(pos_, expected);
  if (Peek() == ')') {
    if (open_parens_ == 0) return Error(pos_, "unbalanced \")\"; no \"(\" is open");
    return Error(pos_, expected.append(", got \")\""));
  }
  for (std::string_view keyword : {"AND", "OR", "TO"}) {
    if (AtKeyword(keyword)) {
      return Error(pos_,
                   expected.append(", got ").append(Quote(text_.substr(pos_, keyword.size()))));
    }
  }
  const bool is_not = AtKeyword("NOT");
  if (is_not || Peek() == '(') {
    if (depth_ == kQueryDepthMax) {
      std::string what = "nested deeper than ";
      what += std::to_string(kQueryDepthMax);
      what += " levels of parentheses and NOT";
      return Error(pos_, what);
    }
    ++depth_;
    if (is_not) {
      out->kind = Node::Kind::kNot;
      out->column = static_cast<uint32_t>(pos_ + 1);
      TakeKeyword("NOT");
      SEALOG_RETURN_IF_ERROR(ParseUnary(&out->children.emplace_back()));
    } else {
      SEALOG_RETURN_IF_ERROR(ParseGroup(out));
    }
    --depth_;
    return Status::Ok();
  }
  if (Peek() == '*' && (pos_ + 1 == text_.size() || EndsBareWord(text_[pos_ + 1]))) {
    out->kind = Node::Kind::kAll;
    out->column = static_cast<uint32_t>(pos_ + 1);
    ++pos_;
    return Status::Ok();
  }
  return ParseTerm(out);
}

// "(" expr ")": the node of the expression inside, with its own column.
Status Parser::ParseGroup(Node* out) {
  const size_t open = pos_;
  TakeKeyword("(");
  ++open_parens_;
  SEALOG_RETURN_IF_ERROR(ParseOr(out));
  SkipSpace();
  if (Peek() != ')') {  // ParseOr stops only at ')' or the end
    std::string what = "expected \")\" to close the \"(\" at column ";
    what += std::to_string(open + 1);
    return Error(pos_, what);
  }
  ++pos_;
  --open_parens_;
  return Status::Ok();
}

Status Parser::ParseTerm(Node* out) {
  const size_t start = pos_;
  out->kind = Node::Kind::kTerm;
  out->column = static_cast<uint32_t>(start + 1);
  Term& term = out->term;
  SEALOG_RETURN_IF_ERROR(ParseFieldName(&term));
  RawValue low;
  RawValue high;
  if (Peek() == '[') {
    SEALOG_RETURN_IF_ERROR(ParseRange(text_.substr(start, pos_ - start), &term, &low, &high));
  } else {
    term.op = Op::kEq;
    for (auto [spelling, op] : {std::pair{">=", Op::kGe}, std::pair{">", Op::kGt},
                                std::pair{"<=", Op::kLe}, std::pair{"<", Op::kLt}}) {
      if (text_.substr(pos_).starts_with(spelling)) {
        term.op = op;
        pos_ += std::string_view(spelling).size();
        break;
      }
    }
    SEALOG_RETURN_IF_ERROR(ReadValue(text_.substr(start, pos_ - start), false, &low));
    if (low.prefix && term.op != Op::kEq) {
      return Error(low.star_offset,
                   R"(a prefix "*" cannot follow a comparison; quote the value to compare )"
                   R"(with a literal "*")");
    }
    if (low.prefix) term.op = Op::kPrefix;
  }
  if (!AtEnd() && !EndsBareWord(Peek())) {
    return Error(pos_, "expected a space, \"(\" or \")\" after the value");
  }
  return TypeTerm(low, high, &term);
}

// Reads "field:" and sets the target (and field or path) of `term`.
Status Parser::ParseFieldName(Term* term) {
  const size_t start = pos_;
  while (!AtEnd() && Peek() != ':' && !EndsBareWord(Peek())) ++pos_;
  const std::string_view name = text_.substr(start, pos_ - start);
  const bool has_colon = Peek() == ':';
  if (name.empty()) return Error(start, R"(expected a field name before ":", as in actor:alice)");
  if (EqualsIgnoringAsciiCase(name.substr(0, kEventPrefix.size()), kEventPrefix)) {
    term->target = Target::kEventPath;
    term->path = std::string(name.substr(kEventPrefix.size()));
    std::vector<ingest::PathSegment> segments;
    Status status = ingest::SplitPath(term->path, &segments);
    if (!status.ok()) return Error(start + kEventPrefix.size(), status.message());
  } else if (EqualsIgnoringAsciiCase(name, "event") && has_colon) {
    return Error(pos_, R"(expected a JSON path after "event.", as in event.userIdentity.type)");
  } else if (!ResolveFieldName(name, term)) {
    if (!has_colon) {
      std::string what = "expected a term such as actor:alice, got ";
      return Error(start, what.append(Quote(name)));
    }
    std::string what = "unknown field ";
    what += Quote(name);
    what += "; expected actor, action, resource, tenant, origin, outcome, time, seq or event.PATH";
    return Error(start, what);
  }
  if (!has_colon) {
    std::string what = R"(expected ":" after )";
    return Error(pos_, what.append(Quote(name)));
  }
  ++pos_;
  return Status::Ok();
}

// "[" value "TO" value "]", with pos_ at the '['.
Status Parser::ParseRange(std::string_view context, Term* term, RawValue* low, RawValue* high) {
  const size_t open = pos_;
  term->op = Op::kRange;
  ++pos_;
  SkipSpace();
  SEALOG_RETURN_IF_ERROR(ReadValue(std::string(context).append("["), true, low));
  SkipSpace();
  const char after_to = pos_ + 2 < text_.size() ? text_[pos_ + 2] : ' ';
  if (!EqualsIgnoringAsciiCase(text_.substr(pos_, 2), "TO") ||
      !(IsSpace(after_to) || after_to == '"' || after_to == ']')) {
    return Error(pos_, R"(expected TO between the two values of the range)");
  }
  const std::string_view to = TakeKeyword("TO");
  SkipSpace();
  SEALOG_RETURN_IF_ERROR(ReadValue(to, true, high));
  SkipSpace();
  if (Peek() != ']') {
    std::string what = R"(expected "]" to close the range "[" at column )";
    return Error(pos_, what.append(std::to_string(open + 1)));
  }
  ++pos_;
  for (const RawValue* value : {low, high}) {
    if (value->prefix) {
      return Error(value->star_offset,
                   R"(a prefix "*" cannot stand in a range; quote the value to mean a )"
                   R"(literal "*", or use <= or >= for an open end)");
    }
  }
  return Status::Ok();
}

// A bare word or a quoted string; `context` is what precedes it, for messages.
Status Parser::ReadValue(std::string_view context, bool in_range, RawValue* value) {
  value->offset = pos_;
  if (Peek() == '"') return ReadQuoted(value);
  while (!AtEnd() && !EndsBareWord(Peek()) && !(in_range && Peek() == ']')) ++pos_;
  std::string_view word = text_.substr(value->offset, pos_ - value->offset);
  if (word.empty()) {
    std::string what = "expected a value after ";
    return Error(pos_, what.append(Quote(context)));
  }
  if (word.back() == '*') {
    value->prefix = true;
    value->star_offset = pos_ - 1;
    word.remove_suffix(1);
  }
  value->text = std::string(word);
  return Status::Ok();
}

Status Parser::ReadQuoted(RawValue* value) {
  const size_t open = pos_++;
  for (;;) {
    if (AtEnd() || (Peek() == '\\' && pos_ + 1 == text_.size())) {
      return Error(open, R"(unterminated quoted value; expected a closing ")");
    }
    const char c = text_[pos_++];
    if (c == '"') break;
    if (c == '\\') {
      if (Peek() != '"' && Peek() != '\\') {
        return Error(pos_ - 1, R"(bad escape in a quoted value; only \" and \\ are allowed)");
      }
      value->text.push_back(text_[pos_++]);
    } else {
      value->text.push_back(c);
    }
  }
  if (Peek() == '*') {  // "text"*: a prefix that a bare word could not hold
    value->prefix = true;
    value->star_offset = pos_;
    ++pos_;
  }
  return Status::Ok();
}

// Gives the values their type: times and seqs become [lo, hi].
Status Parser::TypeTerm(const RawValue& low, const RawValue& high, Term* term) const {
  if (term->target == Target::kField || term->target == Target::kEventPath) {
    term->value = low.text;
    if (term->op == Op::kRange) term->high = high.text;
    return Status::Ok();
  }
  const bool is_time = term->target == Target::kTime;
  if (low.prefix) {
    return Error(low.offset, is_time ? "time takes no prefix; use a range such as "
                                       "time:[2026-03-01T00:00:00Z TO 2026-03-31T23:59:59Z]"
                                     : "seq takes no prefix; use a range such as seq:[100 TO 199]");
  }
  int64_t values[2] = {0, 0};
  const RawValue* raws[2] = {&low, &high};
  for (int i = 0; i < (term->op == Op::kRange ? 2 : 1); ++i) {
    Result<int64_t> value =
        is_time ? ParseTimeValue(raws[i]->text, now_ns_) : ParseSeqValue(raws[i]->text);
    if (!value.ok()) return Error(raws[i]->offset, value.status().message());
    values[i] = *value;
  }
  const Bounds bounds = NormalizeBounds(term->op, values[0], values[1],
                                        is_time ? syntax::kInt64Min : syntax::kSeqFloor);
  term->op = Op::kRange;
  term->lo = bounds.lo;
  term->hi = bounds.hi;
  return Status::Ok();
}

}  // namespace

Result<Node> Parse(std::string_view text, int64_t now_ns) {
  Parser parser(text, now_ns);
  Node node;
  SEALOG_RETURN_IF_ERROR(parser.ParseQuery(&node));
  return node;
}

}  // namespace sealog::query
