// Unpacking gzip inputs (CloudTrail's S3 files are .json.gz) for append.
#ifndef SEALOG_TOOLS_GUNZIP_H_
#define SEALOG_TOOLS_GUNZIP_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "sealog/status.h"

namespace sealog::cli {

// True when `prefix` starts with the gzip magic bytes 1f 8b.
bool LooksLikeGzip(std::string_view prefix);

// Appends the unpacked bytes of `compressed` (one or more gzip members, as
// `cat a.gz b.gz` makes) to *out. kInvalidArgument when the data is not gzip,
// is damaged or cut short, or would unpack to more than `limit` bytes: memory
// stays bounded whatever the input claims.
Status Gunzip(std::string_view compressed, size_t limit, std::string* out);

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_GUNZIP_H_
