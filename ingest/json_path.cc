#include "ingest/json_path.h"

#include "ingest/quote.h"

namespace sealog::ingest {
namespace {

int64_t IndexOf(std::string_view key) {
  if (key.empty() || key.size() > 9) return -1;
  if (key.size() > 1 && key[0] == '0') return -1;
  int64_t value = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value <= kPathIndexMax ? value : -1;
}

}  // namespace

Status SplitPath(std::string_view path, std::vector<PathSegment>* segments) {
  segments->clear();
  if (path.empty()) {
    return Status::InvalidArgument(
        "empty path; expected a dotted JSON path such as userIdentity.arn");
  }
  if (path.size() > kPathBytesMax) {
    return Status::InvalidArgument("path is " + std::to_string(path.size()) + " bytes, more than " +
                                   std::to_string(kPathBytesMax));
  }
  std::string key;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '.') {
      if (key.empty()) {
        return Status::InvalidArgument("empty segment in path " + Quote(path) +
                                       "; separate keys with one dot, as in resources.0.ARN");
      }
      if (segments->size() == kPathSegmentsMax) {
        return Status::InvalidArgument("path " + Quote(path) + " has more than " +
                                       std::to_string(kPathSegmentsMax) + " segments");
      }
      const int64_t index = IndexOf(key);
      segments->push_back(PathSegment{std::move(key), index});
      key.clear();
    } else if (path[i] == '\\') {
      if (i + 1 == path.size() || (path[i + 1] != '.' && path[i + 1] != '\\')) {
        return Status::InvalidArgument("bad escape in path " + Quote(path) +
                                       R"(; only "\." (a dot in a key) and "\\" are allowed)");
      }
      key.push_back(path[++i]);
    } else {
      key.push_back(path[i]);
    }
  }
  return Status::Ok();
}

std::string JoinPath(const std::vector<PathSegment>& segments, size_t count) {
  std::string out;
  for (size_t i = 0; i < count && i < segments.size(); ++i) {
    if (i > 0) out.push_back('.');
    for (char c : segments[i].key) {
      if (c == '.' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace sealog::ingest
