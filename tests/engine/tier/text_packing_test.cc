// Text packing (engine/tier/text_packing.h): every text comes back byte for
// byte; hex identifiers and IPv4 addresses pack smaller and only in the forms
// the format names; malformed packed input and output past the limit are
// refused.
#include "engine/tier/text_packing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "bench/split_mix64.h"

namespace sealog::tier {
namespace {

std::string Packed(std::string_view text) {
  std::string out;
  PackText(text, &out);
  return out;
}

// Packs `text`, unpacks it with a generous limit, and expects the same bytes.
void ExpectRoundTrip(std::string_view text) {
  const std::string packed = Packed(text);
  std::string back;
  ASSERT_TRUE(UnpackText(packed, text.size() + 16, &back)) << ::testing::PrintToString(text);
  EXPECT_EQ(back, text);
  // The exact size is enough.
  back.clear();
  ASSERT_TRUE(UnpackText(packed, text.size(), &back));
  EXPECT_EQ(back, text);
  // As a value, followed by another value and trailing bytes.
  std::string values;
  PackValue(text, &values);
  PackValue("next", &values);
  values += "rest";
  std::string_view in = values;
  std::string value = "junk that is replaced";
  ASSERT_TRUE(UnpackValue(&in, text.size(), &value));
  EXPECT_EQ(value, text);
  ASSERT_TRUE(UnpackValue(&in, 4, &value));
  EXPECT_EQ(value, "next");
  EXPECT_EQ(in, "rest");
}

std::string HexDigits(size_t n, uint64_t seed) {
  static constexpr char kDigits[] = "0123456789abcdef";
  bench::SplitMix64 random(seed);
  std::string out;
  for (size_t i = 0; i < n; ++i) out.push_back(kDigits[random.Uniform(16)]);
  return out;
}

TEST(TextPackingTest, EmptyText) {
  EXPECT_EQ(Packed(""), "");
  ExpectRoundTrip("");
  std::string value;
  PackValue("", &value);
  EXPECT_EQ(value, "\x03");
}

TEST(TextPackingTest, HexRunsOfEveryInterestingLength) {
  for (size_t n : {1, 2, 6, 7, 8, 9, 10, 15, 16, 17, 509, 510, 511, 512, 1000, 1021, 1022, 1023}) {
    const std::string hex = HexDigits(n, n);
    SCOPED_TRACE(n);
    ExpectRoundTrip(hex);
    ExpectRoundTrip("id=" + hex + ";");
    ExpectRoundTrip("\"" + hex + "\"");
    const std::string packed = Packed(hex);
    // Items of up to 510 digits (2 bytes, then a byte per 2 digits), an even
    // count each; what is left under 8 digits stays as it is.
    size_t want = 0;
    for (size_t left = n; left > 0;) {
      const size_t digits = std::min<size_t>(left, 510) & ~size_t{1};
      if (digits < 8) {
        want += left;
        break;
      }
      want += 2 + digits / 2;
      left -= digits;
    }
    EXPECT_EQ(packed.size(), want);
    if (n < 8) {
      EXPECT_EQ(packed, hex) << "runs under 8 digits stay as they are";
    } else {
      EXPECT_LT(packed.size(), n);
    }
  }
}

TEST(TextPackingTest, HexItemsFollowTheDocumentedLayout) {
  // 8 digits: one item of 4 bytes.
  EXPECT_EQ(Packed("deadbeef"), std::string("\x01\x04\xde\xad\xbe\xef", 6));
  // 9: the odd digit stays literal after the item.
  EXPECT_EQ(Packed("0123456789"), std::string("\x01\x05\x01\x23\x45\x67\x89", 7));
  EXPECT_EQ(Packed("012345678"), std::string("\x01\x04\x01\x23\x45\x67", 6) + "8");
  // 7 digits: as they are.
  EXPECT_EQ(Packed("0123456"), "0123456");
  // 511: an item of 255 bytes, one digit left.
  const std::string hex511 = HexDigits(511, 3);
  const std::string packed = Packed(hex511);
  ASSERT_EQ(packed.size(), 2u + 255 + 1);
  EXPECT_EQ(packed[0], '\x01');
  EXPECT_EQ(static_cast<uint8_t>(packed[1]), 255);
  EXPECT_EQ(packed.back(), hex511.back());
}

TEST(TextPackingTest, UppercaseHexIsNotPacked) {
  for (const std::string text : {"DEADBEEFDEADBEEF", "0123456789ABCDEF", "Deadbeef0123"}) {
    ExpectRoundTrip(text);
  }
  EXPECT_EQ(Packed("DEADBEEFDEADBEEF"), "DEADBEEFDEADBEEF");
  EXPECT_EQ(Packed("ABCDEFABCDEF0123"), "ABCDEFABCDEF0123");
  // Mixed: the lowercase run is packed, the uppercase letters stay.
  const std::string mixed = "DEADBEEFdeadbeefCAFE";
  ExpectRoundTrip(mixed);
  EXPECT_EQ(Packed(mixed), std::string("DEADBEEF\x01\x04\xde\xad\xbe\xef", 14) + "CAFE");
}

TEST(TextPackingTest, CanonicalIpv4IsPackedOtherFormsAreNot) {
  EXPECT_EQ(Packed("1.2.3.4"), std::string("\x02\x01\x02\x03\x04", 5));
  EXPECT_EQ(Packed("255.255.255.255"), std::string("\x02\xff\xff\xff\xff", 5));
  EXPECT_EQ(Packed("0.0.0.0"), std::string("\x02\x00\x00\x00\x00", 5));
  EXPECT_EQ(Packed("from 10.0.0.1:443"), std::string("from \x02\x0a\x00\x00\x01:443", 14));
  EXPECT_EQ(Packed("\"192.168.1.10\""), std::string("\"\x02\xc0\xa8\x01\x0a\"", 7));
  // Leading zeros, octets past 255, a fifth part, neighbors that are digits or dots.
  for (const std::string text :
       {"01.2.3.4", "1.02.3.4", "1.2.3.04", "00.1.1.1", "256.1.1.1", "1.2.3.256", "1.2.3.999",
        "1.2.3.4.5", "1.2.3.4.", ".1.2.3.4", "1.2.3.45678", "1.2.3", "1.2..3.4", "1.2.3.",
        "1234.1.1.1", "1.1.1.1234"}) {
    SCOPED_TRACE(text);
    ExpectRoundTrip(text);
    EXPECT_EQ(Packed(text).find('\x02'), std::string::npos) << "packed as an address";
  }
  // Digits before an address belong to its first octet; a dot before one
  // means it is part of something longer.
  EXPECT_EQ(Packed("91.2.3.4"), std::string("\x02\x5b\x02\x03\x04", 5));
  EXPECT_EQ(Packed("x.1.2.3.4"), "x.1.2.3.4");
  EXPECT_EQ(Packed("v1.2.3.4.5"), "v1.2.3.4.5");
  EXPECT_EQ(Packed("1.2.3.4."), "1.2.3.4.");
  // After a letter (even a hex digit) it is.
  EXPECT_EQ(Packed("a1.2.3.4"), std::string("a\x02\x01\x02\x03\x04", 6));
  EXPECT_EQ(Packed("1.2.3.4x"), std::string("\x02\x01\x02\x03\x04x", 6));
  ExpectRoundTrip("a1.2.3.4");
  ExpectRoundTrip("1.2.3.4 5.6.7.8,9.10.11.12");
  EXPECT_EQ(Packed("1.2.3.4 5.6.7.8").size(), 11u);
}

TEST(TextPackingTest, ControlBytesAreEscaped) {
  for (int b = 0; b <= 3; ++b) {
    const std::string text(1, static_cast<char>(b));
    ExpectRoundTrip(text);
    EXPECT_EQ(Packed(text), std::string(1, '\0') + text);
  }
  EXPECT_EQ(Packed(std::string("\x04\x05", 2)), std::string("\x04\x05", 2));
  ExpectRoundTrip(std::string("\x00\x01\x02\x03\x00\x00", 6));
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  ExpectRoundTrip(all);
  ExpectRoundTrip(all + all);
  std::string reversed(all.rbegin(), all.rend());
  ExpectRoundTrip(reversed);
  // A 0x03 in the text never ends a value early.
  std::string value;
  PackValue(std::string("a\x03"
                        "b",
                        3),
            &value);
  std::string_view in = value;
  std::string out;
  ASSERT_TRUE(UnpackValue(&in, 100, &out));
  EXPECT_EQ(out, std::string("a\x03"
                             "b",
                             3));
  EXPECT_TRUE(in.empty());
}

TEST(TextPackingTest, PackedFormsOfIdsAndAddressesAreSmaller) {
  const std::string uuid_like = "req-" + HexDigits(32, 1) + " trace=" + HexDigits(16, 2);
  // 32 digits in 18 bytes, 16 in 10: 59 bytes in 39.
  EXPECT_EQ(uuid_like.size(), 59u);
  EXPECT_EQ(Packed(uuid_like).size(), 39u);
  const std::string sha256 = HexDigits(64, 3);
  EXPECT_EQ(Packed(sha256).size(), 34u);
  const std::string addresses = "src=203.0.113.195 dst=198.51.100.7 via 10.255.0.1";
  // Each address in 5 bytes: 49 bytes in 29.
  EXPECT_EQ(addresses.size(), 49u);
  EXPECT_EQ(Packed(addresses).size(), 29u);
  ExpectRoundTrip(uuid_like);
  ExpectRoundTrip(addresses);
}

TEST(TextPackingTest, MalformedPackedInputIsRefused) {
  std::string out;
  const std::string_view bad[] = {
      std::string_view("\x00", 1),                  // escape with no byte
      std::string_view("ab\x00", 3),                // the same at the end
      std::string_view("\x00\x04", 2),              // escape of a byte that needs none
      std::string_view("\x00z", 2),                 //
      std::string_view("\x01", 1),                  // hex item with no count
      std::string_view("\x01\x04\xde\xad\xbe", 5),  // hex item cut short
      std::string_view("\x01\x03\xde\xad\xbe", 5),  // fewer than 4 bytes: not a form PackText makes
      std::string_view("\x01\x00", 2),              //
      std::string_view("\x01\xff", 2),              // 255 bytes claimed, none there
      std::string_view("\x02", 1),                  // address with no octets
      std::string_view("\x02\x01\x02\x03", 4),      // address cut short
      std::string_view("x\x02\x01", 3),             //
      std::string_view("\x03", 1),                  // a value's end inside a text
      std::string_view("ab\x03"
                       "cd",
                       5),  //
  };
  for (std::string_view packed : bad) {
    SCOPED_TRACE(::testing::PrintToString(std::string(packed)));
    out.clear();
    EXPECT_FALSE(UnpackText(packed, 1 << 20, &out));
  }
  // Values: no end, or a malformed item before it.
  const std::string_view bad_values[] = {
      std::string_view("", 0),
      std::string_view("abc", 3),
      std::string_view("\x00", 1),
      std::string_view("\x00\x03", 2),              // an escaped 0x03 is no end
      std::string_view("\x01\x04\xde\xad\x03", 5),  // the end inside a hex item: its byte
      std::string_view("\x02\x01\x02\x03", 4),
      std::string_view("\x00\x09\x03", 3),
  };
  for (std::string_view packed : bad_values) {
    SCOPED_TRACE(::testing::PrintToString(std::string(packed)));
    std::string_view in = packed;
    EXPECT_FALSE(UnpackValue(&in, 1 << 20, &out));
    EXPECT_EQ(in, packed) << "consumed on failure";
  }
}

TEST(TextPackingTest, LimitIsEnforced) {
  const std::string text = "user " + HexDigits(40, 9) + " from 10.1.2.3 " + HexDigits(1000, 10);
  const std::string packed = Packed(text);
  std::string out;
  ASSERT_TRUE(UnpackText(packed, text.size(), &out));
  EXPECT_EQ(out, text);
  for (size_t limit : {size_t{0}, size_t{1}, size_t{5}, size_t{44}, size_t{50}, size_t{60},
                       text.size() / 2, text.size() - 1}) {
    SCOPED_TRACE(limit);
    out.clear();
    EXPECT_FALSE(UnpackText(packed, limit, &out));
    // Output may run past the limit by at most the item being unpacked
    // (510 digits) before the refusal: never unbounded.
    EXPECT_LE(out.size(), limit + 510);
  }
  // The limit counts what *out already holds.
  out = "abc";
  EXPECT_FALSE(UnpackText(Packed("defg"), 6, &out));
  out = "abc";
  EXPECT_TRUE(UnpackText(Packed("defg"), 7, &out));
  EXPECT_EQ(out, "abcdefg");

  // Values: replaced, so only the value counts.
  std::string values;
  PackValue(text, &values);
  std::string_view in = values;
  std::string value(10000, 'x');
  EXPECT_FALSE(UnpackValue(&in, text.size() - 1, &value));
  EXPECT_EQ(in, std::string_view(values));
  EXPECT_TRUE(UnpackValue(&in, text.size(), &value));
  EXPECT_EQ(value, text);
  EXPECT_TRUE(in.empty());

  // Small packed input cannot grow without bound: 4 KiB of hex items is 8 KiB
  // of digits, and a limit of 100 stops it.
  std::string bomb;
  for (int i = 0; i < 16; ++i) bomb += std::string("\x01\xff", 2) + std::string(255, '\x11');
  out.clear();
  EXPECT_FALSE(UnpackText(bomb, 100, &out));
  EXPECT_LE(out.size(), 100u + 510);
}

// Random byte strings made of the pieces that matter (hex runs of any length
// and case, addresses canonical or not, digits and dots around them, control
// bytes, any byte) come back byte for byte, in text and as values.
TEST(TextPackingTest, RandomTextsRoundTrip) {
  bench::SplitMix64 random(20240607);
  static const char* const kPieces[] = {".", "..", "0",  "00", "1", "9", "255", "256", "-", ":",
                                        " ", "\"", "\\", "x",  "A", "F", "f",   "g",   "."};
  for (int c = 0; c < 4000; ++c) {
    std::string text;
    const int pieces = static_cast<int>(random.Uniform(12));
    for (int p = 0; p < pieces; ++p) {
      switch (random.Uniform(7)) {
        case 0:
          text += HexDigits(random.Uniform(2) ? random.Uniform(20) : random.Uniform(1100),
                            random.Next());
          break;
        case 1: {
          // An address-like thing, sometimes off.
          const int parts = 3 + static_cast<int>(random.Uniform(3));
          for (int part = 0; part < parts; ++part) {
            if (part > 0) text.push_back('.');
            const uint64_t kind = random.Uniform(8);
            if (kind == 0) {
              text.push_back('0');
              text += std::to_string(random.Uniform(100));
            } else if (kind == 1) {
              text += std::to_string(250 + random.Uniform(1000));
            } else {
              text += std::to_string(random.Uniform(256));
            }
          }
          break;
        }
        case 2:
          text.push_back(static_cast<char>(random.Uniform(7)));
          break;
        case 3:
          text.push_back(static_cast<char>(random.Uniform(256)));
          break;
        case 4:
          text += kPieces[random.Uniform(sizeof(kPieces) / sizeof(kPieces[0]))];
          break;
        case 5: {
          std::string upper = HexDigits(random.Uniform(24), random.Next());
          for (char& ch : upper) {
            if (random.Uniform(2) && ch >= 'a') ch = static_cast<char>(ch - 'a' + 'A');
          }
          text += upper;
          break;
        }
        case 6:
          for (int k = static_cast<int>(random.Uniform(8)); k > 0; --k) {
            text.push_back(static_cast<char>('0' + random.Uniform(10)));
          }
          break;
      }
    }
    SCOPED_TRACE(::testing::PrintToString(text));
    const std::string packed = Packed(text);
    std::string back;
    ASSERT_TRUE(UnpackText(packed, text.size(), &back));
    ASSERT_EQ(back, text);
    if (!text.empty()) {
      back.clear();
      ASSERT_FALSE(UnpackText(packed, text.size() - 1, &back));
    }
    // A value cannot end inside another's packed bytes.
    std::string values;
    PackValue(text, &values);
    PackValue(text, &values);
    std::string_view in = values;
    ASSERT_TRUE(UnpackValue(&in, text.size(), &back));
    ASSERT_EQ(back, text);
    ASSERT_TRUE(UnpackValue(&in, text.size(), &back));
    ASSERT_EQ(back, text);
    ASSERT_TRUE(in.empty());
  }
}

}  // namespace
}  // namespace sealog::tier
