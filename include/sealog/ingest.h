// Turning one line of JSON into an Event: which keys feed which field.
//
// The default sources are those of SPEC.md ("Input: events as JSON Lines");
// --map FIELD=PATH replaces the sources of one field with a dotted JSON path.
#ifndef SEALOG_INGEST_H_
#define SEALOG_INGEST_H_

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sealog/event.h"
#include "sealog/status.h"

namespace sealog {

inline constexpr size_t kMaxEventBytesDefault = 1 << 20;

// Where each field comes from. Each source is a dotted path ("userIdentity.arn",
// "resources.0.ARN"); the first source present in the event wins.
struct FieldMapping {
  std::vector<std::string> time;
  std::array<std::vector<std::string>, kFieldCount> fields;

  // The default sources of SPEC.md.
  static FieldMapping Default();
  // Applies one "FIELD=PATH" override (FIELD is time, actor, action,
  // resource, tenant, origin or outcome, or one of their aliases). Errors name
  // what is wrong with the spec.
  Status Override(std::string_view spec);
};

// Parses JSON lines into Events. Not thread safe: one per thread. Reuses its
// buffers, so parsing allocates nothing in the steady state.
class EventParser {
 public:
  explicit EventParser(FieldMapping mapping = FieldMapping::Default(),
                       size_t max_event_bytes = kMaxEventBytesDefault);
  ~EventParser();
  EventParser(const EventParser&) = delete;
  EventParser& operator=(const EventParser&) = delete;

  // Parses one line (without its '\n'). On success *event holds views into
  // `line` and into this parser; they stay valid until the next Parse.
  // Errors (kInvalidArgument) say what is wrong, e.g. "not a JSON object",
  // "event is 2000000 bytes, more than --max-event-bytes 1048576",
  // "field actor (key \"user\") is an array; expected a string or object".
  Status Parse(std::string_view line, Event* event);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses an RFC 3339 time ("2026-01-01T00:00:00.001234567Z", any offset) into
// UTC nanoseconds since the epoch.
Result<int64_t> ParseRfc3339(std::string_view text);
// Epoch integer whose unit (s, ms, us, ns) is inferred from its magnitude.
int64_t EpochToNanos(int64_t value);
// UTC nanoseconds as RFC 3339 with 9 fractional digits and "Z".
std::string FormatRfc3339(int64_t ns);

}  // namespace sealog

#endif  // SEALOG_INGEST_H_
