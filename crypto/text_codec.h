// Text codecs for what crypto/ writes for people and other programs
// (checkpoint notes, checkpoint and proof JSON): lowercase hex, RFC 4648
// base64 and UTF-8 validation. Decoders accept one spelling per byte string,
// so that a changed character can never decode to the same bytes.
#ifndef SEALOG_CRYPTO_TEXT_CODEC_H_
#define SEALOG_CRYPTO_TEXT_CODEC_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace sealog::crypto {

// Lowercase hex, two digits a byte.
std::string HexEncode(std::string_view bytes);
// False unless text is an even number of lowercase hex digits. Uppercase is
// refused so that each byte string has exactly one spelling.
bool HexDecode(std::string_view text, std::string* bytes);

// RFC 4648 section 4 base64 (standard alphabet, '=' padding).
std::string Base64Encode(std::string_view bytes);
// Canonical only: padded to a multiple of 4, no whitespace, and the unused
// low bits of the last character zero, so each byte string has one spelling.
bool Base64Decode(std::string_view text, std::string* bytes);

// True when text is well-formed UTF-8: no overlong forms, no surrogates,
// nothing above U+10FFFF.
bool ValidUtf8(std::string_view text);

// The length of the well-formed UTF-8 sequence that starts at text[pos]
// (a lead byte >= 0x80), or 0 when it is not one.
size_t Utf8SequenceLength(std::string_view text, size_t pos);

}  // namespace sealog::crypto

#endif  // SEALOG_CRYPTO_TEXT_CODEC_H_
