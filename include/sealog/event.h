// Events going in and records coming out.
#ifndef SEALOG_EVENT_H_
#define SEALOG_EVENT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sealog {

// The indexed fields of an audit event, in their on-disk order.
enum class Field : uint8_t { kActor = 0, kAction, kResource, kTenant, kOrigin, kOutcome };
inline constexpr size_t kFieldCount = 6;
// "actor", "action", ... ; the names used by the query language and exports.
std::string_view FieldName(Field field);
// The field a name or alias names, ignoring case: FieldName's names and the
// aliases of SPEC.md (user = actor, event_type = action, status = outcome).
std::optional<Field> FieldOfName(std::string_view name);

// One event to append. Views only: the bytes must stay valid for the duration
// of the Append call, which copies them.
struct Event {
  std::string_view raw;                            // the original bytes (one JSON line, no '\n')
  int64_t time_ns = 0;                             // event time, UTC ns since the epoch
  bool time_missing = false;                       // true: the event had no time; time_ns is ignored
                                                   // and the ingest time is stored instead
  std::array<std::string_view, kFieldCount> fields;  // indexed by Field; empty = absent

  std::string_view field(Field f) const { return fields[static_cast<size_t>(f)]; }
  void set_field(Field f, std::string_view value) { fields[static_cast<size_t>(f)] = value; }
};

// One stored event, as read back.
struct Record {
  uint64_t seq = 0;       // 1, 2, 3, ... with no gaps
  int64_t ingest_ns = 0;  // when the store accepted it, UTC ns
  int64_t time_ns = 0;    // event time (the ingest time when time_missing)
  bool time_missing = false;
  // Written by the store itself, never by a client: a deletion receipt, a
  // legal hold or its release, a configuration change (docs/FORMAT.md,
  // "System events"). actor is "sealog".
  bool system = false;
  std::array<std::string, kFieldCount> fields;
  std::string raw;

  const std::string& field(Field f) const { return fields[static_cast<size_t>(f)]; }
};

}  // namespace sealog

#endif  // SEALOG_EVENT_H_
