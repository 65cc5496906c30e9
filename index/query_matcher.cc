// Matcher: the reference semantics of query.h, one record at a time.
//
// For event.PATH terms it keeps, per Term, the split path and the numeric
// reading of the term's values, so that a query run over millions of records
// splits and converts once. The cache is keyed by the Term's address and
// checked against the Term's text on every use (a later tree may reuse an
// address); it is dropped whole when it grows past kCachedTermsMax. A record's
// JSON is parsed at most once per Matches call, on the first event.PATH term.
#include <charconv>
#include <optional>
#include <unordered_map>

#include "index/query.h"
#include "ingest/json_lookup.h"
#include "ingest/json_path.h"

namespace sealog::query {
namespace {

using ingest::JsonScalar;

constexpr size_t kCachedTermsMax = 4096;

// `text` read fully as a number, or nullopt. Only what looks like a JSON
// number: an optional '-', then a digit or '.', then whatever from_chars
// takes ("1e3", "0.5"); never "inf" or "nan".
std::optional<double> ReadNumber(std::string_view text) {
  std::string_view digits = text;
  if (digits.starts_with('-')) digits.remove_prefix(1);
  if (digits.empty() || !((digits[0] >= '0' && digits[0] <= '9') || digits[0] == '.')) {
    return std::nullopt;
  }
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end) return std::nullopt;
  return value;
}

template <typename T>
bool Compare(Op op, const T& x, const T& value, const T& high) {
  switch (op) {
    case Op::kEq:
      return x == value;
    case Op::kLt:
      return x < value;
    case Op::kLe:
      return x <= value;
    case Op::kGt:
      return x > value;
    case Op::kGe:
      return x >= value;
    case Op::kRange:
      return value <= x && x <= high;
    case Op::kPrefix:
      break;
  }
  return false;
}

// Bytes in memcmp order (std::string_view compares as unsigned char).
bool CompareBytes(const Term& term, std::string_view text) {
  if (term.op == Op::kPrefix) return text.starts_with(term.value);
  return Compare<std::string_view>(term.op, text, term.value, term.high);
}

}  // namespace

class Matcher::Impl {
 public:
  bool Matches(const Node& node, const Record& record) {
    document_ = Document::kUnparsed;
    return Evaluate(node, record);
  }

 private:
  // What an event.PATH term needs, prepared once.
  struct Prepared {
    std::string path, value, high;  // the Term's, to detect a reused address
    bool path_ok = false;
    std::vector<ingest::PathSegment> segments;
    std::optional<double> value_number, high_number;
  };
  enum class Document : uint8_t { kUnparsed, kValid, kInvalid };

  bool Evaluate(const Node& node, const Record& record);
  bool MatchTerm(const Term& term, const Record& record);
  bool MatchEventPath(const Term& term, const Record& record);
  const Prepared& Prepare(const Term& term);

  std::unordered_map<const Term*, Prepared> prepared_;
  ingest::JsonLookup lookup_;
  Document document_ = Document::kUnparsed;
};

bool Matcher::Impl::Evaluate(const Node& node, const Record& record) {
  switch (node.kind) {
    case Node::Kind::kAll:
      return true;
    case Node::Kind::kTerm:
      return MatchTerm(node.term, record);
    case Node::Kind::kNot:
      return !node.children.empty() && !Evaluate(node.children[0], record);
    case Node::Kind::kAnd:
      for (const Node& child : node.children) {
        if (!Evaluate(child, record)) return false;
      }
      return true;
    case Node::Kind::kOr:
      for (const Node& child : node.children) {
        if (Evaluate(child, record)) return true;
      }
      return false;
  }
  return false;
}

bool Matcher::Impl::MatchTerm(const Term& term, const Record& record) {
  switch (term.target) {
    case Target::kField: {
      const std::string& text = record.field(term.field);
      return !text.empty() && CompareBytes(term, text);  // absent matches no term
    }
    case Target::kTime:
      return term.lo <= record.time_ns && record.time_ns <= term.hi;
    case Target::kSeq: {
      // Bounds are int64; a seq beyond INT64_MAX is above every hi.
      if (record.seq > static_cast<uint64_t>(INT64_MAX)) return false;
      const auto seq = static_cast<int64_t>(record.seq);
      return term.lo <= seq && seq <= term.hi;
    }
    case Target::kEventPath:
      return MatchEventPath(term, record);
  }
  return false;
}

bool Matcher::Impl::MatchEventPath(const Term& term, const Record& record) {
  const Prepared& prepared = Prepare(term);
  if (!prepared.path_ok) return false;
  if (document_ == Document::kUnparsed) {
    document_ = lookup_.Parse(record.raw).ok() ? Document::kValid : Document::kInvalid;
  }
  if (document_ == Document::kInvalid) return false;
  const JsonScalar scalar = lookup_.Find(prepared.segments);
  switch (scalar.kind) {
    case JsonScalar::Kind::kAbsent:
    case JsonScalar::Kind::kContainer:
      return false;
    case JsonScalar::Kind::kNumber:
      if (term.op != Op::kPrefix && prepared.value_number &&
          (term.op != Op::kRange || prepared.high_number)) {
        const std::optional<double> number = ReadNumber(scalar.text);
        if (number) {
          return Compare<double>(term.op, *number, *prepared.value_number,
                                 prepared.high_number.value_or(0));
        }
      }
      return CompareBytes(term, scalar.text);
    default:
      return CompareBytes(term, scalar.text);
  }
}

const Matcher::Impl::Prepared& Matcher::Impl::Prepare(const Term& term) {
  auto found = prepared_.find(&term);
  if (found != prepared_.end() && found->second.path == term.path &&
      found->second.value == term.value && found->second.high == term.high) {
    return found->second;
  }
  if (found == prepared_.end() && prepared_.size() >= kCachedTermsMax) prepared_.clear();
  Prepared& prepared = prepared_[&term];
  prepared.path = term.path;
  prepared.value = term.value;
  prepared.high = term.high;
  prepared.path_ok = ingest::SplitPath(term.path, &prepared.segments).ok();
  prepared.value_number = ReadNumber(term.value);
  prepared.high_number = ReadNumber(term.high);
  return prepared;
}

Matcher::Matcher() : impl_(std::make_unique<Impl>()) {}
Matcher::~Matcher() = default;

bool Matcher::Matches(const Node& node, const Record& record) {
  return impl_->Matches(node, record);
}

}  // namespace sealog::query
