// Looking one dotted path up in a JSON document: the event.PATH terms of the
// query language (index/query.h) read a stored record's raw JSON with it.
//
// A path is walked as ingest walks --map sources (json_path.h): a segment
// selects the object key of that name (the first occurrence when a key is
// repeated; keys compare unescaped) or, when it is an index, that element of
// an array. Stepping into a scalar, past the end of an array, or by a key into
// an array finds nothing.
#ifndef SEALOG_INGEST_JSON_LOOKUP_H_
#define SEALOG_INGEST_JSON_LOOKUP_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "ingest/json_path.h"
#include "sealog/status.h"

namespace sealog::ingest {

// What a path found.
struct JsonScalar {
  enum class Kind : uint8_t {
    kAbsent,     // no such path, or no valid document
    kString,     // text: the string, unescaped
    kNumber,     // text: the number's JSON text as written ("1.50", "-0", "1e3")
    kTrue,       // text: "true"
    kFalse,      // text: "false"
    kNull,       // text: "null"
    kContainer,  // an object or an array; text is empty
  };
  Kind kind = Kind::kAbsent;
  // Points into the JsonLookup: valid until its next Parse or Find.
  std::string_view text;
};

// Parses a document once and answers any number of Finds on it. Reuses its
// buffers across documents. Not thread safe: one per thread.
class JsonLookup {
 public:
  JsonLookup();
  ~JsonLookup();
  JsonLookup(const JsonLookup&) = delete;
  JsonLookup& operator=(const JsonLookup&) = delete;

  // Parses (a copy of) `json`, which must be one valid JSON value in UTF-8
  // (RFC 8259, with simdjson's limits: numbers fit a 64-bit integer or a
  // double, nesting at most kEventDepthMax of sealog/ingest.h). Errors are
  // kInvalidArgument, "not valid JSON: ..."; after one, every Find is kAbsent
  // until the next successful Parse.
  Status Parse(std::string_view json);

  // The value at `path` in the last document parsed (the whole document for
  // an empty path).
  JsonScalar Find(const std::vector<PathSegment>& path);

  // Parse, then Find. On an error *out is kAbsent.
  Status Lookup(std::string_view json, const std::vector<PathSegment>& path, JsonScalar* out);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sealog::ingest

#endif  // SEALOG_INGEST_JSON_LOOKUP_H_
