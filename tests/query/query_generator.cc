#include "tests/query/query_generator.h"

#include <algorithm>

#include "sealog/ingest.h"

namespace sealog::testing {

namespace {

// Concatenation without `"literal" + std::string` temporaries (g++ 12 warns
// falsely about those under -O3).
template <typename... Parts>
std::string Cat(const Parts&... parts) {
  std::string out;
  (out.append(parts), ...);
  return out;
}

const char* const kFieldNames[] = {"actor", "action", "resource", "tenant", "origin", "outcome"};
const char* const kAliases[] = {"user", "event_type", "resource", "tenant", "origin", "status"};

bool IsBareSafe(const std::string& value) {
  if (value.empty()) return false;
  for (const char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '/' || c == '@' || c == ':';
    if (!ok) return false;
  }
  // Keywords would be read as operators.
  std::string upper = value;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper != "AND" && upper != "OR" && upper != "NOT" && upper != "TO";
}

}  // namespace

std::string QueryValue(const std::string& value) {
  if (IsBareSafe(value)) return value;
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

QueryGenerator::QueryGenerator(const std::vector<Record>& records, uint64_t seed)
    : records_(records), random_(seed) {
  min_time_ = records_.front().time_ns;
  max_time_ = min_time_;
  for (const Record& r : records_) {
    min_time_ = std::min(min_time_, r.time_ns);
    max_time_ = std::max(max_time_, r.time_ns);
  }
}

std::string QueryGenerator::Next() { return Expression(0); }

const Record& QueryGenerator::AnyRecord() { return records_[Below(records_.size())]; }

std::string QueryGenerator::Expression(int depth) {
  const uint64_t shape = depth >= 3 ? 0 : Below(10);
  if (shape <= 4) return Term();
  if (shape == 5) return Cat("NOT ", Expression(depth + 1));
  const std::string left = Expression(depth + 1);
  const std::string right = Expression(depth + 1);
  const char* const joins[] = {" AND ", " OR ", " ", " and ", " or "};
  const std::string joined = Cat(left, joins[Below(5)], right);
  return Below(2) == 0 ? Cat("(", joined, ")") : joined;
}

std::string QueryGenerator::Term() {
  const uint64_t kind = Below(100);
  if (kind < 62) return FieldTerm();
  if (kind < 80) return TimeTerm();
  if (kind < 88) return SeqTerm();
  if (kind < 97) return EventTerm();
  return "*";
}

std::string QueryGenerator::FieldTerm() {
  const size_t field = Below(kFieldCount);
  const std::string name = Below(5) == 0 ? kAliases[field] : kFieldNames[field];
  const std::string& value = AnyRecord().fields[field];
  const std::string& other = AnyRecord().fields[field];
  switch (Below(9)) {
    case 0: return Cat(name, ":", QueryValue(Cat(value, "~nowhere")));
    case 1:
      if (IsBareSafe(value)) return Cat(name, ":", value.substr(0, 1 + Below(value.size())), "*");
      return Cat(name, ":", QueryValue(value));
    case 2: return Cat(name, ":>", QueryValue(value));
    case 3: return Cat(name, ":<=", QueryValue(value));
    case 4: {
      const auto [lo, hi] = std::minmax(value, other);
      return Cat(name, ":[", QueryValue(lo), " TO ", QueryValue(hi), "]");
    }
    case 5: return Cat(name, ":*");
    default:
      if (value.empty()) return Cat(name, ":", QueryValue(other.empty() ? std::string("x") : other));
      return Cat(name, ":", QueryValue(value));
  }
}

std::string QueryGenerator::TimeTerm() {
  const int64_t span = std::max<int64_t>(max_time_ - min_time_, 1);
  const int64_t at = AnyRecord().time_ns;
  const int64_t width = span / 100 + 1;
  const std::string name = Below(4) == 0 ? "timestamp" : "time";
  switch (Below(7)) {
    case 0: return Cat(name, ":", FormatRfc3339(at));
    case 1: return Cat(name, ":>=", FormatRfc3339(at));
    case 2: return Cat(name, ":<", FormatRfc3339(at));
    case 3: return Cat(name, ":[", FormatRfc3339(at), " TO ", FormatRfc3339(at + width), "]");
    case 4: return Cat(name, ":>", FormatRfc3339(max_time_));          // empty
    case 5: return Cat(name, ":<=", FormatRfc3339(min_time_));         // an edge
    default: return Cat(name, ":>now-", std::to_string(1 + Below(90)), "d");
  }
}

std::string QueryGenerator::SeqTerm() {
  const uint64_t n = records_.size();
  const uint64_t a = 1 + Below(n + 2);
  const uint64_t b = a + Below(n / 10 + 2);
  switch (Below(4)) {
    case 0: return Cat("seq:", std::to_string(a));
    case 1: return Cat("seq:>", std::to_string(a));
    case 2: return Cat("seq:<=", std::to_string(a));
    default: return Cat("seq:[", std::to_string(a), " TO ", std::to_string(b), "]");
  }
}

// event.PATH terms on keys the workload and the datasets share, or not.
std::string QueryGenerator::EventTerm() {
  const Record& record = AnyRecord();
  const char* const paths[] = {"outcome",          "details.request_id", "eventName",
                               "userIdentity.type", "actor.type",         "severity",
                               "eventVersion",      "nope.never"};
  const std::string path = paths[Below(std::size(paths))];
  std::string value;
  // Take a value from the record when its raw line has the key, else a guess.
  const std::string key = Cat("\"", path.substr(path.rfind('.') + 1), "\":\"");
  const size_t at = record.raw.find(key);
  if (at != std::string::npos) {
    const size_t start = at + key.size();
    const size_t end = record.raw.find('"', start);
    if (end != std::string::npos) value = record.raw.substr(start, end - start);
  }
  if (value.empty() || value.find('\\') != std::string::npos) value = "failure";
  switch (Below(4)) {
    case 0: return Cat("event.", path, ":*");
    case 1:
      if (IsBareSafe(value)) return Cat("event.", path, ":", value.substr(0, 1 + Below(value.size())), "*");
      return Cat("event.", path, ":", QueryValue(value));
    case 2: return Cat("event.", path, ":>=", QueryValue(value));
    default: return Cat("event.", path, ":", QueryValue(value));
  }
}

}  // namespace sealog::testing
