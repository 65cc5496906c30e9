#include "index/index_summary.h"

#include <cassert>
#include <utility>

#include "engine/coding.h"
#include "index/bloom.h"
#include "index/index_format.h"
#include "index/postings.h"

namespace sealog::index {
namespace {

bool GetLengthPrefixed(std::string_view* input, std::string* value) {
  uint32_t length = 0;
  if (!GetVarint32(input, &length) || length > input->size()) return false;
  value->assign(input->substr(0, length));
  input->remove_prefix(length);
  return true;
}

void PutLengthPrefixed(std::string* dst, std::string_view value) {
  PutVarint32(dst, static_cast<uint32_t>(value.size()));
  dst->append(value);
}

}  // namespace

FieldSummary FieldSummary::Of(Field field, std::span<const std::string_view> sorted_values) {
  FieldSummary summary;
  if (sorted_values.empty()) return summary;
  const uint64_t bits = BloomBitsFor(sorted_values.size());
  assert(bits <= UINT32_MAX);
  summary.value_count = static_cast<uint32_t>(sorted_values.size());
  summary.min_value.assign(sorted_values.front());
  summary.max_value.assign(sorted_values.back());
  summary.bloom_bits = static_cast<uint32_t>(bits);
  summary.bloom.assign(bits / 8, '\0');
  for (std::string_view value : sorted_values) {
    BloomInsert(BloomHash(field, value), summary.bloom_bits, &summary.bloom);
  }
  return summary;
}

void FieldSummary::AppendTo(std::string* dst) const {
  PutFixed32(dst, value_count);
  PutLengthPrefixed(dst, min_value);
  PutLengthPrefixed(dst, max_value);
  PutFixed32(dst, bloom_bits);
  dst->push_back(static_cast<char>(value_count == 0 ? 0 : kBloomHashes));
  dst->append(bloom);
}

bool FieldSummary::Decode(std::string_view* input, uint32_t record_count, FieldSummary* out,
                          const char** error) {
  if (input->size() < 4) {
    *error = "field summary is cut short";
    return false;
  }
  out->value_count = DecodeFixed32(input->data());
  if (out->value_count > record_count) {
    *error = "more distinct values than records";
    return false;
  }
  input->remove_prefix(4);
  if (!GetLengthPrefixed(input, &out->min_value) || !GetLengthPrefixed(input, &out->max_value)) {
    *error = "bad min or max value";
    return false;
  }
  const bool empty = out->value_count == 0;
  if (empty != out->min_value.empty() || empty != out->max_value.empty() ||
      out->max_value < out->min_value ||
      (out->value_count == 1 && out->min_value != out->max_value)) {
    *error = "min and max values disagree with the value count";
    return false;
  }
  if (input->size() < 5) {
    *error = "field summary is cut short";
    return false;
  }
  const uint64_t bits = DecodeFixed32(input->data());
  const uint8_t hashes = static_cast<uint8_t>((*input)[4]);
  if (bits != BloomBitsFor(out->value_count) || hashes != (empty ? 0 : kBloomHashes)) {
    *error = "Bloom filter size or hash count is not the one for the value count";
    return false;
  }
  input->remove_prefix(5);
  if (input->size() < bits / 8) {
    *error = "Bloom filter is cut short";
    return false;
  }
  out->bloom_bits = static_cast<uint32_t>(bits);
  out->bloom.assign(input->substr(0, bits / 8));
  input->remove_prefix(bits / 8);
  return true;
}

IndexSummary::IndexSummary(uint32_t record_count, int64_t min_time_ns, int64_t max_time_ns,
                           std::array<FieldSummary, kFieldCount> fields)
    : record_count_(record_count),
      min_time_ns_(min_time_ns),
      max_time_ns_(max_time_ns),
      fields_(std::move(fields)) {}

bool IndexSummary::MayContain(Field field, std::string_view value, uint64_t hash) const {
  // The filter first: it rules out most segments a query passes, and the
  // bounds are two more strings of cold memory.
  const FieldSummary& summary = this->field(field);
  return BloomMayContain(hash, summary.bloom_bits, summary.bloom) && value >= summary.min_value &&
         value <= summary.max_value;
}

bool IndexSummary::MayContain(Field field, std::string_view value) const {
  return MayContain(field, value, BloomHash(field, value));
}

bool IndexSummary::MayContainRange(Field field, const Bound& low, const Bound& high) const {
  const FieldSummary& summary = this->field(field);
  return summary.value_count > 0 && AtOrAboveLow(summary.max_value, low) &&
         AtOrBelowHigh(summary.min_value, high);
}

bool IndexSummary::MayContainTime(int64_t lo, int64_t hi) const {
  return record_count_ > 0 && TimesMeet(lo, hi, min_time_ns_, max_time_ns_);
}

}  // namespace sealog::index
