// Parse errors: each bad query gives kInvalidArgument, one line, starting
// "column N: " with the column of the fault and saying what was expected.
#include <gtest/gtest.h>

#include <string>

#include "index/query.h"
#include "tests/index/query_test_util.h"

namespace sealog::query {
namespace {

struct BadQuery {
  std::string text;
  std::string message;  // the whole message, or its start when it ends in "..."
};

std::string ErrorOf(std::string_view text) {
  Result<Node> node = Parse(text, test_util::Now());
  if (node.ok()) return std::string("(parsed as ").append(ToString(*node)).append(")");
  EXPECT_TRUE(node.status().IsInvalidArgument()) << text;
  return node.status().message();
}

void ExpectErrors(const std::vector<BadQuery>& cases) {
  for (const BadQuery& bad : cases) {
    const std::string message = ErrorOf(bad.text);
    EXPECT_EQ(message.find('\n'), std::string::npos) << bad.text;
    if (bad.message.ends_with("...")) {
      const std::string start = bad.message.substr(0, bad.message.size() - 3);
      EXPECT_TRUE(message.starts_with(start))
          << bad.text << "\n  got:  " << message << "\n  want: " << start;
    } else {
      EXPECT_EQ(message, bad.message) << bad.text;
    }
  }
}

TEST(QueryErrorsTest, StructureErrors) {
  ExpectErrors({
      {"", "column 1: empty query"},
      {"  ", "column 3: empty query"},
      {"actor:bob)", R"q(column 10: unbalanced ")"; no "(" is open)q"},
      {"actor:x AND )", R"q(column 13: unbalanced ")"; no "(" is open)q"},
      {"(actor:bob", R"q(column 11: expected ")" to close the "(" at column 1)q"},
      {"((actor:bob) OR action:x", R"q(column 25: expected ")" to close the "(" at column 1)q"},
      {"actor:bob AND", R"q(column 14: expected a term after "AND")q"},
      {"actor:bob and ", R"q(column 15: expected a term after "and")q"},
      {"AND actor:bob", R"q(column 1: expected a term, got "AND")q"},
      {"actor:a OR or action:x", R"q(column 12: expected a term after "OR", got "or")q"},
      {"actor:x TO y", R"q(column 9: expected a term, got "TO")q"},
      {"NOT", R"q(column 4: expected a term after "NOT")q"},
      {"()", R"q(column 2: expected a term after "(", got ")")q"},
      {"(NOT)", R"q(column 5: expected a term after "NOT", got ")")q"},
  });
}

TEST(QueryErrorsTest, FieldErrors) {
  ExpectErrors({
      {"actr:bob",
       R"q(column 1: unknown field "actr"; expected actor, action, resource, tenant, origin, )q"
       R"q(outcome, time, seq or event.PATH)q"},
      {"actor:a OR usr:b", R"q(column 12: unknown field "usr"; ...)q"},
      {"bob", R"q(column 1: expected a term such as actor:alice, got "bob")q"},
      {"actor bob", R"q(column 6: expected ":" after "actor")q"},
      {":bob", R"q(column 1: expected a field name before ":", as in actor:alice)q"},
      {"*:x", R"q(column 1: unknown field "*"; ...)q"},
      {"event:x",
       R"q(column 6: expected a JSON path after "event.", as in event.userIdentity.type)q"},
      {"event.:x", "column 7: empty path; ..."},
      {"event.a..b:x", R"q(column 7: empty segment in path "a..b"; ...)q"},
      {"event.a\\x:1", R"q(column 7: bad escape in path "a\\x"; ...)q"},
  });
}

TEST(QueryErrorsTest, ValueErrors) {
  ExpectErrors({
      {"actor:", R"q(column 7: expected a value after "actor:")q"},
      {"actor: bob", R"q(column 7: expected a value after "actor:")q"},
      {"(User:)", R"q(column 7: expected a value after "User:")q"},
      {"actor:>", R"q(column 8: expected a value after "actor:>")q"},
      {"actor:<= x", R"q(column 9: expected a value after "actor:<=")q"},
      {R"q(actor:"bob)q", R"q(column 7: unterminated quoted value; expected a closing ")q"},
      {R"q(actor:"bob\)q", R"q(column 7: unterminated quoted value; expected a closing ")q"},
      {R"q(actor:"a\nb")q",
       R"q(column 9: bad escape in a quoted value; only \" and \\ are allowed)q"},
      {R"q(actor:"bob"x)q", R"q(column 12: expected a space, "(" or ")" after the value)q"},
      {"actor:>a*", R"q(column 9: a prefix "*" cannot follow a comparison; ...)q"},
      {R"q(actor:<"a b"*)q", R"q(column 13: a prefix "*" cannot follow a comparison; ...)q"},
  });
}

TEST(QueryErrorsTest, RangeErrors) {
  ExpectErrors({
      {"actor:[a b]", "column 10: expected TO between the two values of the range"},
      {"actor:[a]", "column 9: expected TO between the two values of the range"},
      {"actor:[aTO b]", "column 12: expected TO between the two values of the range"},
      {"actor:[a TO b", R"q(column 14: expected "]" to close the range "[" at column 7)q"},
      {"actor:[a TO b c]", R"q(column 15: expected "]" to close the range "[" at column 7)q"},
      {"actor:[a TO ]", R"q(column 13: expected a value after "TO")q"},
      {"actor:[a to", R"q(column 12: expected a value after "to")q"},
      {"actor:[", R"q(column 8: expected a value after "actor:[")q"},
      {"actor:[a* TO b]", R"q(column 9: a prefix "*" cannot stand in a range; ...)q"},
      {"actor:[a TO *]", R"q(column 13: a prefix "*" cannot stand in a range; ...)q"},
      {"actor:[a TO b]x", R"q(column 15: expected a space, "(" or ")" after the value)q"},
  });
}

TEST(QueryErrorsTest, TimeAndSeqErrors) {
  ExpectErrors({
      {"time:2026*", "column 6: time takes no prefix; use a range such as ..."},
      {"time:*", "column 6: time takes no prefix; ..."},
      {"time:yesterday",
       R"q(column 6: expected a time (RFC 3339 such as 2026-03-03T09:30:00Z, now or now-15m), )q"
       R"q(got "yesterday")q"},
      {"time:NOW", R"q(column 6: expected a time (...)q"},
      {"time:2026-03-03",
       R"q(column 6: "2026-03-03" is not an RFC 3339 time: expected YYYY-MM-DDTHH:MM:SS...)q"},
      {"time:2026-13-01T00:00:00Z", R"q(column 6: "2026-13-01T00:00:00Z" is not an RFC 3339 )q"
                                    R"q(time: month 13 is out of range (01-12))q"},
      {"time:[now TO 2026-02-30T00:00:00Z]", "column 14: \"2026-02-30T00:00:00Z\" is not ..."},
      {"time:now-5y",
       R"q(column 6: expected now-N with N a decimal number and a unit s, m, h or d, got "now-5y")q"},
      {"time:now-", R"q(column 6: expected now-N with N a decimal number ...)q"},
      {"time:now-h", R"q(column 6: expected now-N with N a decimal number ...)q"},
      {"time:now+1h", R"q(column 6: expected a time (...)q"},
      {"time:now-106752d", R"q(column 6: "now-106752d" is out of range (...)q"},
      {"time:now-99999999999999999999s",
       R"q(column 6: "now-99999999999999999999s" is out of ...)q"},
      {"time:<1677-09-21T00:12:43Z", R"q(column 7: "1677-09-21T00:12:43Z" is not an RFC 3339 )q"
                                     R"q(time: out of range (years 1677 to 2262 in nanoseconds))q"},
      {"seq:-1",
       R"q(column 5: expected a seq (a decimal integer from 0 to 9223372036854775807), got "-1")q"},
      {"seq:9223372036854775808", R"q(column 5: expected a seq (...)q"},
      {"seq:1.5", R"q(column 5: expected a seq (...)q"},
      {"seq:[1 TO x]", R"q(column 11: expected a seq (...)q"},
      {"seq:1*", "column 5: seq takes no prefix; use a range such as seq:[100 TO 199]"},
  });
}

TEST(QueryErrorsTest, Limits) {
  const std::string deep =
      std::string(kQueryDepthMax + 1, '(') + "actor:a" + std::string(kQueryDepthMax + 1, ')');
  EXPECT_EQ(ErrorOf(deep), "column 65: nested deeper than 64 levels of parentheses and NOT");
  std::string nots;
  for (size_t i = 0; i <= kQueryDepthMax; ++i) nots += "not ";
  EXPECT_EQ(ErrorOf(nots + "actor:a"),
            "column 257: nested deeper than 64 levels of parentheses and NOT");

  std::string long_value(kQueryBytesMax, 'x');
  const std::string fits = std::string("actor:").append(long_value, 6);
  EXPECT_TRUE(Parse(fits, test_util::Now()).ok());
  EXPECT_EQ(ErrorOf(fits + "x"), "column 65537: the query is 65537 bytes, more than 65536");
}

TEST(QueryErrorsTest, ArbitraryBytesNeverCrash) {
  // Every string of up to 3 bytes over an alphabet of the language's
  // delimiters: parse must return, ok or with a "column N: " message.
  const std::string alphabet = "a:*()[]\"\\<>= T\x01\xFF";
  std::string text;
  size_t count = 0;
  for (size_t a = 0; a <= alphabet.size(); ++a) {
    for (size_t b = 0; b <= alphabet.size(); ++b) {
      for (size_t c = 0; c <= alphabet.size(); ++c) {
        text.clear();
        for (size_t i : {a, b, c}) {
          if (i < alphabet.size()) text.push_back(alphabet[i]);
        }
        Result<Node> node = Parse(std::string("actor:").append(text), test_util::Now());
        Result<Node> bare = Parse(text, test_util::Now());
        if (!node.ok()) {
          EXPECT_TRUE(node.status().message().starts_with("column ")) << text;
        }
        if (!bare.ok()) {
          EXPECT_TRUE(bare.status().message().starts_with("column ")) << text;
        }
        ++count;
      }
    }
  }
  EXPECT_GT(count, 1000u);
}

}  // namespace
}  // namespace sealog::query
