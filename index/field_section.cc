#include "index/field_section.h"

#include <bit>
#include <vector>

#include "engine/checksum.h"

namespace sealog::index {

FieldSection::FieldSection(std::string bytes, SectionContext context)
    : bytes_(std::move(bytes)), context_(std::move(context)) {}

std::string_view FieldSection::value(uint32_t i) const {
  const uint32_t begin = value_offset(i);
  return std::string_view(bytes_.data() + values_at_ + begin, value_offset(i + 1) - begin);
}

Status FieldSection::Decode(std::string bytes, SectionContext context, const FieldSummary& summary,
                            std::unique_ptr<FieldSection>* out) {
  std::unique_ptr<FieldSection> section(new FieldSection(std::move(bytes), std::move(context)));
  const std::string& b = section->bytes_;
  const SectionContext& c = section->context_;
  if (b.size() < 4) return c.Corruption("cut short", 0);
  const uint32_t n = DecodeFixed32(b.data());
  if (n != summary.value_count) return c.Corruption("value count is not the summary's", 0);
  // Checked before anything is read or allocated from n: 12 bytes a value
  // for the arrays, and a byte of value and a byte of postings at least.
  const uint64_t arrays_end = 4 + 4 * (uint64_t{n} + 1) * 2 + 4 * uint64_t{n};
  if (arrays_end + 2 * uint64_t{n} > b.size())
    return c.Corruption("arrays run past the section", 0);
  section->value_count_ = n;
  section->postings_offsets_at_ = 4 + 4 * (size_t{n} + 1);
  section->counts_at_ = section->postings_offsets_at_ + 4 * (size_t{n} + 1);
  section->values_at_ = static_cast<size_t>(arrays_end);
  uint64_t sum_of_counts = 0;
  SEALOG_RETURN_IF_ERROR(section->CheckArrays(&sum_of_counts));
  if (sum_of_counts > c.record_count) {
    return c.Corruption("counts add up to more than the record count", section->counts_at_);
  }
  for (uint32_t i = 1; i < n; ++i) {
    if (!(section->value(i - 1) < section->value(i))) {
      return c.Corruption("values not in ascending order",
                          section->values_at_ + section->value_offset(i));
    }
  }
  if (n > 0 &&
      (section->value(0) != summary.min_value || section->value(n - 1) != summary.max_value)) {
    return c.Corruption("first or last value is not the summary's", section->values_at_);
  }
  section->BuildSlots();
  *out = std::move(section);
  return Status::Ok();
}

void FieldSection::BuildSlots() {
  if (value_count_ == 0) return;
  slots_.assign(std::bit_ceil(2 * size_t{value_count_}), 0);
  const size_t mask = slots_.size() - 1;
  for (uint32_t i = 0; i < value_count_; ++i) {
    size_t slot = Checksum(value(i)) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = i + 1;
  }
}

uint32_t FieldSection::Find(std::string_view wanted) const {
  if (slots_.empty()) return value_count_;
  const size_t mask = slots_.size() - 1;
  for (size_t slot = Checksum(wanted) & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
    if (value(slots_[slot] - 1) == wanted) return slots_[slot] - 1;
  }
  return value_count_;
}

std::pair<size_t, size_t> FieldSection::Range(const Bound& low, const Bound& high) const {
  if (!low.unbounded && !high.unbounded && low.inclusive && high.inclusive &&
      low.value == high.value) {
    const uint32_t i = Find(low.value);
    return i == value_count_ ? std::pair<size_t, size_t>{0, 0}
                             : std::pair<size_t, size_t>{i, i + 1};
  }
  return SortedValueRange(
      value_count_, [this](size_t i) { return value(static_cast<uint32_t>(i)); }, low, high);
}

Status FieldSection::Check() const {
  std::vector<uint64_t> seen((size_t{context_.record_count} + 63) / 64);
  bool repeated = false;
  for (uint32_t i = 0; i < value_count_; ++i) {
    SEALOG_RETURN_IF_ERROR(ForEachPosting(i, [&](Ordinal ordinal) {
      uint64_t& word = seen[ordinal >> 6];
      const uint64_t bit = uint64_t{1} << (ordinal & 63);
      repeated = repeated || (word & bit) != 0;
      word |= bit;
    }));
    if (repeated) {
      return context_.Corruption("a record is under two values", postings_at_ + postings_offset(i));
    }
  }
  return Status::Ok();
}

Status FieldSection::CheckArrays(uint64_t* sum_of_counts) {
  const SectionContext& c = context_;
  const uint32_t n = value_count_;
  if (value_offset(0) != 0) return c.Corruption("first value offset is not 0", 4);
  if (postings_offset(0) != 0)
    return c.Corruption("first postings offset is not 0", postings_offsets_at_);
  for (uint32_t i = 0; i < n; ++i) {
    if (value_offset(i + 1) <= value_offset(i)) {
      return c.Corruption("value offsets do not increase", 4 + 4 * (size_t{i} + 1));
    }
    if (postings_offset(i + 1) <= postings_offset(i)) {
      return c.Corruption("postings offsets do not increase",
                          postings_offsets_at_ + 4 * (size_t{i} + 1));
    }
    const uint32_t count = this->count(i);
    // Every ordinal takes a byte at least.
    if (count == 0 || count > postings_offset(i + 1) - postings_offset(i)) {
      return c.Corruption("count disagrees with its postings' size", counts_at_ + 4 * size_t{i});
    }
    *sum_of_counts += count;
  }
  const uint64_t end = uint64_t{values_at_} + value_offset(n) + postings_offset(n);
  if (end != bytes_.size()) return c.Corruption("blobs do not end the section", values_at_);
  // values_at_ + value_offset(n) <= size now, so values and postings lie within.
  postings_at_ = values_at_ + value_offset(n);
  return Status::Ok();
}

}  // namespace sealog::index
