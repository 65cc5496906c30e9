// The strict JSON subset reader, its canonical writer, and the hex and
// base64 codecs: one spelling per value, bounded, every refusal located.
#include "crypto/json_lite.h"

#include <gtest/gtest.h>

#include <string>

namespace sealog::crypto {
namespace {

using json::Value;

Status ParseDefault(std::string_view text, Value* value) {
  return json::Parse(text, json::Limits(), "doc", value);
}

TEST(JsonLiteTest, ParsesTheSubset) {
  Value v;
  ASSERT_TRUE(ParseDefault(R"( {"a":"x\"\\\/\b\f\n\r\t\u00e9\uD83D\ude00","n":18446744073709551615,
      "z":0,"arr":["p",[],{}],"o":{"k":"v"}} )",
                           &v)
                  .ok());
  ASSERT_EQ(v.kind, Value::Kind::kObject);
  ASSERT_EQ(v.members.size(), 5u);
  EXPECT_EQ(v.members[0].value.string, "x\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(v.members[1].value.number, UINT64_MAX);
  EXPECT_EQ(v.members[2].value.number, 0u);
  EXPECT_EQ(v.members[3].value.items.size(), 3u);
  EXPECT_EQ(v.members[4].value.members[0].value.string, "v");
  ASSERT_TRUE(ParseDefault("{}", &v).ok());
  EXPECT_TRUE(v.members.empty());
}

TEST(JsonLiteTest, RefusesEverythingElse) {
  const char* bad[] = {
      "",
      "[]",
      "\"s\"",
      "{",
      "{\"a\":1,}",
      "{\"a\":1}x",
      "{\"a\"1}",
      "{a:1}",
      "{\"a\":-1}",
      "{\"a\":01}",
      "{\"a\":1.5}",
      "{\"a\":1e3}",
      "{\"a\":true}",
      "{\"a\":null}",
      "{\"a\":18446744073709551616}",
      "{\"a\":1,\"a\":2}",
      "{\"a\":\"\x01\"}",              // raw control character
      "{\"a\":\"\xc3\"}",              // truncated UTF-8
      "{\"a\":\"\xc0\xaf\"}",          // overlong
      "{\"a\":\"\xed\xa0\x80\"}",      // encoded surrogate
      "{\"a\":\"\xf4\x90\x80\x80\"}",  // above U+10FFFF
      "{\"a\":\"\\x\"}",
      "{\"a\":\"\\u12\"}",
      "{\"a\":\"\\ud83d\"}",
      "{\"a\":\"\\ude00\"}",
      "{\"a\":\"unterminated}",
      "{\"a\":\"\\",
  };
  Value v;
  for (const char* text : bad) {
    const Status status = ParseDefault(text, &v);
    EXPECT_FALSE(status.ok()) << text;
    EXPECT_TRUE(status.message().starts_with("doc")) << status.message();
  }
  const Status located = ParseDefault("{\"a\":1 \"b\":2}", &v);
  EXPECT_NE(located.message().find("byte 7"), std::string::npos) << located.message();
}

TEST(JsonLiteTest, Limits) {
  json::Limits limits;
  limits.max_depth = 2;
  limits.max_values = 5;
  limits.max_bytes = 40;
  Value v;
  EXPECT_TRUE(json::Parse(R"({"a":["x","y"]})", limits, "doc", &v).ok());
  EXPECT_FALSE(json::Parse(R"({"a":[["x"]]})", limits, "doc", &v).ok());  // depth 3
  EXPECT_FALSE(json::Parse(R"({"a":["1","2","3","4","5"]})", limits, "doc", &v).ok());
  EXPECT_FALSE(json::Parse("{\"a\":\"" + std::string(40, 'x') + "\"}", limits, "doc", &v).ok());
  // Deep nesting is refused before it can exhaust the stack.
  EXPECT_FALSE(ParseDefault(std::string(100000, '[') + "{", &v).ok());
  EXPECT_FALSE(ParseDefault("{\"a\":" + std::string(100000, '['), &v).ok());
}

TEST(JsonLiteTest, WriterIsCanonicalAndReadBack) {
  json::ObjectWriter compact(false);
  compact.String("s", std::string("q\"b\\\x01\x1f\x7f\xe2\x80\x94\n", 11));
  compact.Number("n", 42);
  compact.StringArray("a", {"x", "y"});
  compact.StringArray("e", {});
  compact.Raw("o", R"({"k":1})");
  const std::string text = compact.Finish();
  EXPECT_EQ(text,
            "{\"s\":\"q\\\"b\\\\\\u0001\\u001f\x7f\xe2\x80\x94\\n\",\"n\":42,\"a\":[\"x\",\"y\"],"
            "\"e\":[],\"o\":{\"k\":1}}");
  Value v;
  ASSERT_TRUE(ParseDefault(text, &v).ok());
  EXPECT_EQ(v.members[0].value.string, std::string("q\"b\\\x01\x1f\x7f\xe2\x80\x94\n", 11));

  json::ObjectWriter pretty(true);
  pretty.Number("n", 1);
  pretty.StringArray("a", {"x", "y"});
  pretty.StringArray("e", {});
  EXPECT_EQ(pretty.Finish(),
            "{\n  \"n\": 1,\n  \"a\": [\n    \"x\",\n    \"y\"\n  ],\n  \"e\": []\n}");
  EXPECT_EQ(json::ObjectWriter(true).Finish(), "{}");
}

TEST(JsonLiteTest, ObjectReader) {
  Value v;
  ASSERT_TRUE(ParseDefault(R"({"s":"x","n":3,"a":["p","q"],"o":{},"bad":[1]})", &v).ok());
  json::ObjectReader reader(v, "doc");
  std::string s;
  uint64_t n = 0;
  std::vector<std::string> a;
  const Value* o = nullptr;
  EXPECT_TRUE(reader.String("s", &s).ok());
  EXPECT_TRUE(reader.Number("n", &n).ok());
  EXPECT_FALSE(reader.StringArray("a", 1, &a).ok());  // over the limit
  EXPECT_TRUE(reader.StringArray("a", 2, &a).ok());
  EXPECT_TRUE(reader.Object("o", &o).ok());
  EXPECT_FALSE(reader.StringArray("bad", 9, &a).ok());  // not strings
  EXPECT_FALSE(reader.String("n", &s).ok());            // wrong kind
  EXPECT_FALSE(reader.Number("missing", &n).ok());
  EXPECT_TRUE(reader.Finish().ok());
  json::ObjectReader partial(v, "doc");
  ASSERT_TRUE(partial.String("s", &s).ok());
  const Status unknown = partial.Finish();
  EXPECT_NE(unknown.message().find("unknown member \"n\""), std::string::npos);
}

TEST(JsonLiteTest, HexAndBase64HaveOneSpelling) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  std::string back;
  ASSERT_TRUE(HexDecode(HexEncode(all), &back));
  EXPECT_EQ(back, all);
  EXPECT_FALSE(HexDecode("0A", &back));
  EXPECT_FALSE(HexDecode("abc", &back));
  EXPECT_FALSE(HexDecode("zz", &back));
  for (size_t n = 0; n <= 10; ++n) {
    ASSERT_TRUE(Base64Decode(Base64Encode(all.substr(0, n)), &back)) << n;
    EXPECT_EQ(back, all.substr(0, n));
  }
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
  for (const char* bad : {"Zg", "Zh==", "Zm9=", "Zg=", "Z===", "====", "Zg==Zg==", "Zm 9v",
                          "Zm9v\n", "Zm-_", "=Zm9"}) {
    EXPECT_FALSE(Base64Decode(bad, &back)) << bad;
  }
  EXPECT_TRUE(ValidUtf8("a\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80"));
  EXPECT_FALSE(ValidUtf8("\xff"));
  EXPECT_FALSE(ValidUtf8("\xe2\x80"));
}


// UTF-8 exactly as RFC 3629 has it: the edges of every lead byte's range
// of second bytes, truncated sequences, overlong forms, surrogates and
// code points past U+10FFFF are refused; the extremes of each length pass.
TEST(JsonLiteTest, Utf8IsCheckedAtEveryEdge) {
  const char* const valid[] = {
      "\xc2\x80",         "\xdf\xbf",         "\xe0\xa0\x80",     "\xe0\xbf\xbf",
      "\xe1\x80\x80",     "\xec\xbf\xbf",     "\xed\x80\x80",     "\xed\x9f\xbf",
      "\xee\x80\x80",     "\xef\xbf\xbf",     "\xf0\x90\x80\x80", "\xf0\xbf\xbf\xbf",
      "\xf1\x80\x80\x80", "\xf3\xbf\xbf\xbf", "\xf4\x80\x80\x80", "\xf4\x8f\xbf\xbf",
  };
  for (const char* text : valid) {
    EXPECT_TRUE(ValidUtf8(text)) << HexEncode(text);
    EXPECT_EQ(Utf8SequenceLength(text, 0), std::string_view(text).size()) << HexEncode(text);
  }
  const char* const invalid[] = {
      "\xc0\x80",          // overlong NUL
      "\xc1\xbf",          // overlong
      "\xc2",              // truncated
      "\xc2\x41",          // not a continuation
      "\xe0\x9f\xbf",      // overlong three bytes
      "\xe0\xa0",          // truncated
      "\xed\xa0\x80",      // a surrogate (U+D800)
      "\xed\x9f",          // truncated
      "\xe1\x80\x41",      // third byte not a continuation
      "\xf0\x8f\xbf\xbf",  // overlong four bytes
      "\xf0\x90\x80",      // truncated
      "\xf0\x90\x41\x80",  // third byte not a continuation
      "\xf1\x80\x80",      // truncated
      "\xf2\x41\x80\x80",  // second byte not a continuation
      "\xf3\x80\x41\x80",  // third byte not a continuation
      "\xf4\x90\x80\x80",  // past U+10FFFF
      "\xf4\x8f\x80",      // truncated
      "\xf4\x8f\x41\x80",  // third byte not a continuation
      "\xf5\x80\x80\x80",  // no such lead byte
      "\x80",              // a lone continuation
  };
  for (const char* text : invalid) {
    EXPECT_FALSE(ValidUtf8(text)) << HexEncode(text);
    EXPECT_EQ(Utf8SequenceLength(text, 0), 0u) << HexEncode(text);
  }
}
}  // namespace
}  // namespace sealog::crypto
