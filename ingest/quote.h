// Quoting untrusted text inside one-line error messages.
#ifndef SEALOG_INGEST_QUOTE_H_
#define SEALOG_INGEST_QUOTE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace sealog::ingest {

// Longest quoted excerpt of a value in a message: enough to recognise it,
// never the whole event.
inline constexpr size_t kQuotedBytesMax = 40;

// `text` in double quotes, with '"', '\' and control characters escaped so
// that the message stays on one line, cut after about `bytes_max` bytes (on a
// UTF-8 character boundary) and marked "..." when cut.
std::string Quote(std::string_view text, size_t bytes_max = kQuotedBytesMax);

}  // namespace sealog::ingest

#endif  // SEALOG_INGEST_QUOTE_H_
