// ToString: canonical query text. Field names are lowercase and unaliased,
// keywords uppercase, one space between tokens, parentheses only where the
// tree's shape needs them, values bare where query_syntax.h allows and quoted
// otherwise; times are RFC 3339 in UTC, and time and seq bounds take the
// shortest form that parses back to the same [lo, hi].
#include <string>

#include "index/query.h"
#include "index/query_syntax.h"
#include "index/query_values.h"

namespace sealog::query {
namespace {

using syntax::kInt64Max;
using syntax::kInt64Min;

void AppendQuoted(std::string_view value, std::string* out) {
  out->push_back('"');
  for (char c : value) {
    if (c == '"' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendValue(std::string_view value, std::string* out) {
  if (syntax::CanWriteBare(value, /*star=*/false)) {
    out->append(value);
  } else {
    AppendQuoted(value, out);
  }
}

void AppendPrefix(std::string_view value, std::string* out) {
  if (syntax::CanWriteBare(value, /*star=*/true)) {
    out->append(value);
  } else {
    AppendQuoted(value, out);
  }
  out->push_back('*');
}

void AppendComparison(Op op, std::string* out) {
  switch (op) {
    case Op::kLt:
      out->append("<");
      break;
    case Op::kLe:
      out->append("<=");
      break;
    case Op::kGt:
      out->append(">");
      break;
    case Op::kGe:
      out->append(">=");
      break;
    default:
      break;
  }
}

// A text term: actor, action, ..., event.PATH.
void AppendTextTerm(const Term& term, std::string* out) {
  switch (term.op) {
    case Op::kEq:
      AppendValue(term.value, out);
      break;
    case Op::kPrefix:
      AppendPrefix(term.value, out);
      break;
    case Op::kRange:
      out->push_back('[');
      AppendValue(term.value, out);
      out->append(" TO ");
      AppendValue(term.high, out);
      out->push_back(']');
      break;
    default:
      AppendComparison(term.op, out);
      AppendValue(term.value, out);
      break;
  }
}

// [lo, hi] as `v`, `<=v`, `>=v` or `[lo TO hi]`: the form that the parser
// normalizes back to the same bounds (see NormalizeBounds).
template <typename Format>
void AppendBounds(int64_t lo, int64_t hi, int64_t floor, Format format, std::string* out) {
  if (lo == hi) {
    out->append(format(lo));
  } else if (lo == floor) {
    out->append("<=").append(format(hi));
  } else if (hi == kInt64Max) {
    out->append(">=").append(format(lo));
  } else {
    out->append("[").append(format(lo)).append(" TO ").append(format(hi)).append("]");
  }
}

void AppendTerm(const Term& term, std::string* out) {
  switch (term.target) {
    case Target::kField:
      out->append(FieldName(term.field)).push_back(':');
      AppendTextTerm(term, out);
      break;
    case Target::kEventPath:
      out->append("event.").append(term.path).push_back(':');
      AppendTextTerm(term, out);
      break;
    case Target::kTime:
      out->append("time:");
      AppendBounds(term.lo, term.hi, kInt64Min, FormatTimeValue, out);
      break;
    case Target::kSeq:
      out->append("seq:");
      AppendBounds(
          term.lo, term.hi, syntax::kSeqFloor, [](int64_t value) { return std::to_string(value); },
          out);
      break;
  }
}

void AppendNode(const Node& node, std::string* out);

// A child in parentheses when writing it bare would change the tree: an OR
// under AND or NOT (precedence), and an AND or OR under the same kind or
// under NOT (the parser would merge or rebind it).
void AppendChild(const Node& child, Node::Kind parent, std::string* out) {
  const bool group = (child.kind == Node::Kind::kOr) ||
                     (child.kind == Node::Kind::kAnd && parent != Node::Kind::kOr);
  if (group) out->push_back('(');
  AppendNode(child, out);
  if (group) out->push_back(')');
}

void AppendNode(const Node& node, std::string* out) {
  switch (node.kind) {
    case Node::Kind::kAll:
      out->push_back('*');
      break;
    case Node::Kind::kTerm:
      AppendTerm(node.term, out);
      break;
    case Node::Kind::kNot:
      out->append("NOT ");
      for (const Node& child : node.children) AppendChild(child, node.kind, out);
      break;
    case Node::Kind::kAnd:
    case Node::Kind::kOr:
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out->append(node.kind == Node::Kind::kAnd ? " AND " : " OR ");
        AppendChild(node.children[i], node.kind, out);
      }
      break;
  }
}

}  // namespace

std::string ToString(const Node& node) {
  std::string out;
  AppendNode(node, &out);
  return out;
}

}  // namespace sealog::query
