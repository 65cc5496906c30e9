// Turning one line of JSON into an Event: which keys feed which field.
//
// The default sources are those of SPEC.md ("Input: events as JSON Lines");
// --map FIELD=PATH replaces the sources of one field with a dotted JSON path.
//
// How a source's value becomes a field (SPEC.md leaves these open):
//  - a string is its value, unescaped (exact UTF-8); a number is its JSON text
//    as written ("4624", "1.50"); true and false are "true" and "false";
//  - null, "" and a missing key are absent: the next source is tried;
//  - an object is read by its field's rule (actor: id, else email, else name,
//    else arn; see SPEC.md). An object with none of those keys (or with only
//    null, "", object or array values under them) is absent, not an error:
//    real logs reuse these key names for other shapes (CloudTrail's
//    userIdentity of an AWS service has no arn, Kubernetes' user has only
//    username, GCP's resource is {type, labels}), and rejecting those lines
//    would make the default mapping useless on them;
//  - an array is the wrong type and rejects the line, naming the field and
//    the key: the user picks an element with --map FIELD=KEY.0 (Okta's
//    "target" is one: --map resource=target.0.alternateId);
//  - a path that steps into a scalar or past the end of an array is absent; a
//    path that names a key inside an array ("target.id" where target is an
//    array) rejects the line;
//  - a key that appears twice in an object: the first occurrence counts.
// Time (first present source wins, as for the fields):
//  - a string: RFC 3339 with any offset, 'T', 't' or ' ' between date and
//    time, 'Z' or 'z', "+hh:mm" or "+hhmm", a fraction of any number of digits
//    (kept to the nanosecond); no offset at all means UTC ("2023-03-08
//    18:52:52.114", as Panther writes it); or a decimal number in a
//    string ("1688000000", "1355517523.000005");
//  - a number: an epoch whose unit is inferred from the magnitude of its
//    integer part (see EpochToNanos); a fraction is kept to the nanosecond;
//  - "" or null: absent. Anything else (a bool, object, array, an unparseable
//    string, a time outside 1677..2262, the range of int64 nanoseconds)
//    rejects the line, naming the key and the value.
#ifndef SEALOG_INGEST_H_
#define SEALOG_INGEST_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sealog/event.h"
#include "sealog/status.h"

namespace sealog {

inline constexpr size_t kMaxEventBytesDefault = 1 << 20;

// The names FieldMapping::Preset knows, for help texts and errors.
inline constexpr std::string_view kPresetNames =
    "cloudtrail, k8s, gcp, azure, okta, github, windows";
// Deepest nesting of arrays and objects in an event (simdjson's default);
// deeper lines are rejected.
inline constexpr size_t kEventDepthMax = 1024;

// How a preset turns its source's own notion of outcome into "success" or
// "failure" (docs/PRESETS.md), so that `outcome:failure` asks the same
// question of every source. Applied to the outcome field's extracted value.
struct OutcomeRule {
  enum class Kind : uint8_t {
    kKeep,              // the value stays as extracted (the default mapping)
    kFailureIfPresent,  // any value: failure; none: success (CloudTrail's errorCode)
    kFailureAtOrAbove,  // an integer >= threshold: failure, below: success; none stays
                        // absent (Kubernetes' responseStatus.code, threshold 400)
    kFailureIfNonZero,  // an integer other than 0: failure; 0 or none: success (GCP's
                        // protoPayload.status.code)
    kByValue,           // a value in success_values or failure_values (any case)
                        // becomes success or failure; any other value stays
  };
  Kind kind = Kind::kKeep;
  int64_t threshold = 0;
  std::vector<std::string> success_values;
  std::vector<std::string> failure_values;
};

// Where each field comes from. Each source is a dotted path ("userIdentity.arn",
// "resources.0.ARN"; "\." is a dot inside a key); the first source present in
// the event wins. Paths that Override would reject never match.
struct FieldMapping {
  // Most sources one field may have; Override refuses more.
  static constexpr size_t kSourcesMax = 16;

  std::vector<std::string> time;
  std::array<std::vector<std::string>, kFieldCount> fields;
  // Which sources Override has replaced: indexed by Field, then time last.
  std::array<bool, kFieldCount + 1> overridden{};

  // Applied to the outcome after extraction; kKeep unless a preset set it.
  OutcomeRule outcome_rule;

  // The default sources of SPEC.md.
  static FieldMapping Default();
  // The mapping of a known log source (docs/PRESETS.md): cloudtrail, k8s, gcp,
  // azure, okta, github or windows. Unknown names give kInvalidArgument
  // listing the known ones. Override applies on top, as on the default;
  // overriding the outcome drops the preset's outcome rule.
  static Result<FieldMapping> Preset(std::string_view name);
  // Applies one "FIELD=PATH" override (FIELD is time, actor, action,
  // resource, tenant, origin or outcome, or one of the aliases event_type,
  // status, timestamp, user; case-insensitive). The first override of a field
  // replaces its default sources; later ones for the same field add fallbacks
  // in order ("--map actor=userIdentity.arn --map actor=userIdentity.invokedBy").
  // Overriding the outcome resets outcome_rule to kKeep.
  // Errors name what is wrong with the spec, e.g.
  // `--map "actr=x": unknown field "actr"; expected one of time, actor, ...`.
  Status Override(std::string_view spec);
};

// True when `line` holds only spaces, tabs and carriage returns. SPEC.md skips
// blank lines: callers test this before Parse, which rejects them.
bool IsBlankLine(std::string_view line);

// Parses JSON lines into Events. Not thread safe: one per thread. Reuses its
// buffers, so parsing allocates nothing in the steady state.
class EventParser {
 public:
  explicit EventParser(FieldMapping mapping = FieldMapping::Default(),
                       size_t max_event_bytes = kMaxEventBytesDefault);
  ~EventParser();
  EventParser(const EventParser&) = delete;
  EventParser& operator=(const EventParser&) = delete;

  // Parses one line (without its '\n'). The whole line must be one valid JSON
  // object in UTF-8 (RFC 8259, with simdjson's limits: numbers must fit a
  // 64-bit integer or a double, nesting kEventDepthMax). On success *event holds
  // views into `line` and into this parser; they stay valid until the next
  // Parse. Errors (kInvalidArgument) are one line, say what is wrong and where,
  // and quote at most a short excerpt of a value, e.g. "not a JSON object: the
  // line is an array", "event is 2000000 bytes, more than --max-event-bytes
  // 1048576", "field resource (key \"target\") is an array; ...". The caller
  // adds the file and line number.
  Status Parse(std::string_view line, Event* event);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// CloudTrail delivers its logs to S3 as files of one JSON object,
// {"Records":[event, event, ...]}. True when `prefix`, the first bytes of an
// input, opens such an object: '{', then "Records" as the first key
// (whitespace and a UTF-8 BOM allowed). No JSON Lines event of CloudTrail
// starts that way.
bool LooksLikeRecordsDocument(std::string_view prefix);

// Calls `each` with every element of the document's Records array in order,
// each written as compact JSON on one line (the bytes stored as the event),
// and its 0-based index; stops at the first error `each` returns and returns
// it. An element that is not an object is passed on like the others: the
// EventParser rejects it, so that --on-error skip passes over it alone.
// Errors of the document itself (kInvalidArgument) say what is wrong: it is
// not valid JSON, or not an object with a Records array.
Status SplitRecordsDocument(
    std::string_view document,
    const std::function<Status(size_t index, std::string_view event)>& each);

// Parses an RFC 3339 time ("2026-01-01T00:00:00.001234567Z", any offset) into
// UTC nanoseconds since the epoch. Liberal as described at the top of this
// file: 't' or ' ' for 'T', 'z' for 'Z', "+hhmm", no offset (UTC), any number
// of fractional digits (those past the ninth are dropped).
Result<int64_t> ParseRfc3339(std::string_view text);
// Epoch integer whose unit is inferred from its magnitude: |value| < 1e11 is
// seconds, < 1e14 milliseconds, < 1e17 microseconds, else nanoseconds.
// Saturates at the int64 limits when the result does not fit.
int64_t EpochToNanos(int64_t value);
// UTC nanoseconds as RFC 3339 with 9 fractional digits and "Z".
std::string FormatRfc3339(int64_t ns);

}  // namespace sealog

#endif  // SEALOG_INGEST_H_
