// The dotted JSON paths of --map FIELD=PATH: "userIdentity.arn",
// "resources.0.ARN", "annotations.authorization\.k8s\.io/decision".
//
// Grammar: segments separated by '.'; inside a segment "\." is a literal dot
// and "\\" a literal backslash (any other backslash is an error). A segment
// matches the object key of that name; a segment of decimal digits without a
// leading zero ("0", "12") also selects that element of an array.
#ifndef SEALOG_INGEST_JSON_PATH_H_
#define SEALOG_INGEST_JSON_PATH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sealog/status.h"

namespace sealog::ingest {

inline constexpr size_t kPathSegmentsMax = 32;
inline constexpr size_t kPathBytesMax = 1024;
// Largest array index a segment selects; bigger digit strings are keys only.
inline constexpr int64_t kPathIndexMax = 999'999'999;

struct PathSegment {
  std::string key;     // unescaped
  int64_t index = -1;  // >= 0 when the segment also selects an array element
};

// Splits `path` into segments. Errors say what is wrong with the path, without
// naming the flag (the caller adds it): `empty segment in path "a..b"`.
Status SplitPath(std::string_view path, std::vector<PathSegment>* segments);

// The canonical spelling of `segments` (dots and backslashes in keys escaped).
std::string JoinPath(const std::vector<PathSegment>& segments, size_t count);

}  // namespace sealog::ingest

#endif  // SEALOG_INGEST_JSON_PATH_H_
