// Finding where a line breaks the byte-level rules of JSON text, for error
// messages only: simdjson reports that UTF-8 is invalid or that a string is
// unclosed or holds a control character, but not where.
#ifndef SEALOG_INGEST_LINE_SCAN_H_
#define SEALOG_INGEST_LINE_SCAN_H_

#include <cstddef>
#include <string_view>

namespace sealog::ingest {

// The offset of the first byte that starts an invalid UTF-8 sequence
// (overlong, surrogate, above U+10FFFF, truncated) or is a control character
// inside a string, else the offset of the opening quote of an unclosed
// string, else npos.
size_t FindByteLevelError(std::string_view line);

}  // namespace sealog::ingest

#endif  // SEALOG_INGEST_LINE_SCAN_H_
