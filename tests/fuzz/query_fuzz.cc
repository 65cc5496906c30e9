// Fuzz target: the query language (index/query.h) over arbitrary bytes.
// Invariants:
//  - Parse never crashes and never throws; an error is kInvalidArgument with
//    one line that starts "column N: " and N is within the text (+1 for the
//    end, or kQueryBytesMax + 1 for an oversized text);
//  - a parsed tree renders to text that parses again and renders identically
//    (when the rendering fits kQueryBytesMax: "now" expands to a full time);
//  - the Matcher judges the tree against a fixed record (CloudTrail-like JSON
//    with nested objects, arrays, numbers, booleans and null) without crashing,
//    and gives the same answer for the reparsed tree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "index/query.h"

namespace {

using sealog::query::Node;

constexpr int64_t kNowNs = 1'772'539'200'000'000'000;  // 2026-03-03T12:00:00Z

const sealog::Record& FixedRecord() {
  static const sealog::Record* record = [] {
    auto* r = new sealog::Record;
    r->seq = 42;
    r->time_ns = kNowNs - 3'600'000'000'000;
    r->ingest_ns = kNowNs;
    r->fields[static_cast<size_t>(sealog::Field::kActor)] = "arn:aws:iam::123456789012:user/alice";
    r->fields[static_cast<size_t>(sealog::Field::kAction)] = "DeleteObject";
    r->fields[static_cast<size_t>(sealog::Field::kOrigin)] = "203.0.113.7";
    r->raw = R"({"eventName":"DeleteObject","userIdentity":{"type":"IAMUser","userName":"alice"},)"
             R"("resources":[{"ARN":"arn:aws:s3:::payroll"}],"bytes":1500,"ratio":1.50,)"
             R"("mfa":false,"errorCode":null,"a.b":{"c":"dot"},"tags":[]})";
    return r;
  }();
  return *record;
}

void CheckError(const sealog::Status& status, size_t size) {
  if (!status.IsInvalidArgument()) std::abort();
  const std::string& message = status.message();
  if (!message.starts_with("column ") || message.find('\n') != std::string::npos) std::abort();
  const size_t column = std::strtoull(message.c_str() + 7, nullptr, 10);
  const size_t column_max =
      size > sealog::query::kQueryBytesMax ? sealog::query::kQueryBytesMax + 1 : size + 1;
  if (column < 1 || column > column_max) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sealog::Result<Node> tree = sealog::query::Parse(text, kNowNs);
  if (!tree.ok()) {
    CheckError(tree.status(), size);
    return 0;
  }
  static sealog::query::Matcher matcher;
  const bool matched = matcher.Matches(*tree, FixedRecord());

  const std::string rendered = sealog::query::ToString(*tree);
  if (rendered.size() > sealog::query::kQueryBytesMax) return 0;
  sealog::Result<Node> again = sealog::query::Parse(rendered, kNowNs);
  if (!again.ok()) std::abort();
  if (sealog::query::ToString(*again) != rendered) std::abort();
  if (matcher.Matches(*again, FixedRecord()) != matched) std::abort();
  return 0;
}
