// The lexical rules of the query language that the parser (query_parser.cc)
// and the renderer (query_render.cc) must agree on, so that
// Parse(ToString(tree)) gives the tree back. Internal to index/.
//
// A value after "field:" is either
//  - a bare word: every byte up to whitespace, '(' or ')' (and, inside a
//    range, ']'); backslashes are literal; a trailing '*' makes it a prefix;
//    or
//  - a quoted string: '"' ... '"', where \" and \\ are the only escapes. A
//    '*' inside the quotes is literal; a '*' right after the closing quote
//    makes it a prefix (the way to write a prefix a bare word cannot hold).
#ifndef SEALOG_INDEX_QUERY_SYNTAX_H_
#define SEALOG_INDEX_QUERY_SYNTAX_H_

#include <cstdint>
#include <limits>
#include <string_view>

namespace sealog::query::syntax {

inline constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// The smallest value a seq bound takes: `seq:<=5` is [0, 5]. (Time bounds
// are unbounded below: `time:<=t` is [kInt64Min, t].)
inline constexpr int64_t kSeqFloor = 0;

inline bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Bytes that end a bare word anywhere (a range adds ']').
inline bool EndsBareWord(char c) { return IsSpace(c) || c == '(' || c == ')'; }

// Whether `value` reads back as itself when written bare, with `star` telling
// whether a '*' (prefix) follows. A bare word may not be empty (except as the
// lone '*' of an empty prefix), may not start with a byte that opens another
// form ('"' quote, '[' range, '<' '>' comparisons, '=' which would join a
// preceding '<' or '>'), may not hold a byte that ends a bare word or a range,
// and, as an exact value, may not end with '*'.
inline bool CanWriteBare(std::string_view value, bool star) {
  if (value.empty()) return star;
  const char first = value.front();
  if (first == '"' || first == '[' || first == '<' || first == '>' || first == '=') return false;
  if (!star && value.back() == '*') return false;
  for (char c : value) {
    if (EndsBareWord(c) || c == ']') return false;
  }
  return true;
}

}  // namespace sealog::query::syntax

#endif  // SEALOG_INDEX_QUERY_SYNTAX_H_
