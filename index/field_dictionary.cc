#include "index/field_dictionary.h"

#include <algorithm>
#include <numeric>

#include "engine/checksum.h"

namespace sealog::index {
namespace {

constexpr size_t kSlotsMin = 64;

// Bytes [at, at + 8) of `value` as a big-endian integer, zeros past its end:
// integers compare as the bytes do.
uint64_t KeyAt(std::string_view value, size_t at) {
  uint64_t key = 0;
  for (size_t i = 0; i < 8; ++i) {
    key = key << 8 | (at + i < value.size() ? static_cast<uint8_t>(value[at + i]) : 0);
  }
  return key;
}

// Postings are sorted again once this many records (or an eighth of all,
// when more) were added since the last sort; lookups scan the rest.
constexpr uint32_t kUnsortedRecordsMin = 1024;

uint64_t Tag(uint64_t hash) { return hash >> 32; }

}  // namespace

FieldDictionary::FieldDictionary() : slots_(kSlotsMin, 0) {}

uint64_t FieldDictionary::memory_bytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return sizeof(*this) + bytes(slots_) + arena_.capacity() + bytes(value_ends_) + bytes(counts_) +
         bytes(record_ids_) + bytes(sorted_ids_) + bytes(starts_) + bytes(ordinals_);
}

void FieldDictionary::Add(std::string_view value) {
  if (value.empty()) {
    record_ids_.push_back(kAbsent);
    return;
  }
  const uint64_t hash = Checksum(value);
  const size_t mask = slots_.size() - 1;
  size_t slot = hash & mask;
  uint32_t id;
  for (;;) {
    const uint64_t entry = slots_[slot];
    if (entry == 0) {
      id = Insert(value, hash, slot);
      break;
    }
    if ((entry >> 32) == Tag(hash) && this->value(static_cast<uint32_t>(entry) - 1) == value) {
      id = static_cast<uint32_t>(entry) - 1;
      break;
    }
    slot = (slot + 1) & mask;
  }
  ++counts_[id];
  record_ids_.push_back(id);
}

uint32_t FieldDictionary::Insert(std::string_view value, uint64_t hash, size_t slot) {
  const auto id = static_cast<uint32_t>(counts_.size());
  arena_.append(value);
  value_ends_.push_back(arena_.size());
  counts_.push_back(0);
  slots_[slot] = Tag(hash) << 32 | (uint64_t{id} + 1);
  if (2 * counts_.size() > slots_.size()) Grow();
  return id;
}

void FieldDictionary::Grow() {
  std::vector<uint64_t> slots(2 * slots_.size(), 0);
  const size_t mask = slots.size() - 1;
  for (uint32_t id = 0; id < counts_.size(); ++id) {
    const uint64_t hash = Checksum(value(id));
    size_t slot = hash & mask;
    while (slots[slot] != 0) slot = (slot + 1) & mask;
    slots[slot] = Tag(hash) << 32 | (uint64_t{id} + 1);
  }
  slots_.swap(slots);
}

uint32_t FieldDictionary::Find(std::string_view value) const {
  if (value.empty()) return kAbsent;
  const uint64_t hash = Checksum(value);
  const size_t mask = slots_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const uint64_t entry = slots_[slot];
    if (entry == 0) return kAbsent;
    const auto id = static_cast<uint32_t>(entry) - 1;
    if ((entry >> 32) == Tag(hash) && this->value(id) == value) return id;
  }
}

const std::vector<uint32_t>& FieldDictionary::SortedIds() {
  const size_t old_size = sorted_ids_.size();
  if (old_size == counts_.size()) return sorted_ids_;
  auto by_value = [this](uint32_t a, uint32_t b) { return value(a) < value(b); };
  sorted_ids_.resize(counts_.size());
  const auto middle = sorted_ids_.begin() + static_cast<ptrdiff_t>(old_size);
  std::iota(middle, sorted_ids_.end(), static_cast<uint32_t>(old_size));
  std::sort(middle, sorted_ids_.end(), by_value);
  std::inplace_merge(sorted_ids_.begin(), middle, sorted_ids_.end(), by_value);
  return sorted_ids_;
}

std::vector<uint32_t> FieldDictionary::SortIds() const {
  const uint32_t n = value_count();
  std::vector<uint32_t> ids(n);
  std::iota(ids.begin(), ids.end(), 0u);
  if (n < 2) return ids;
  // Sealing and verify sort every segment's values, mostly decided by the
  // 16 bytes after the prefix they all share ("user-0", "10."): keyed by
  // those once, the sort compares two integers and reads a value only on a
  // tie, instead of chasing two values for each comparison.
  size_t common = value(0).size();
  for (uint32_t id = 1; id < n && common > 0; ++id) {
    const std::string_view v = value(id);
    const size_t limit = std::min(common, v.size());
    size_t i = 0;
    while (i < limit && v[i] == value(0)[i]) ++i;
    common = i;
  }
  struct Keyed {
    uint64_t high, low;
    uint32_t id;
  };
  std::vector<Keyed> keyed(n);
  for (uint32_t id = 0; id < n; ++id) {
    const std::string_view v = value(id);
    keyed[id] = {KeyAt(v, common), KeyAt(v, common + 8), id};
  }
  std::sort(keyed.begin(), keyed.end(), [this](const Keyed& a, const Keyed& b) {
    if (a.high != b.high) return a.high < b.high;
    if (a.low != b.low) return a.low < b.low;
    return value(a.id) < value(b.id);
  });
  for (uint32_t i = 0; i < n; ++i) ids[i] = keyed[i].id;
  return ids;
}

void FieldDictionary::SortPostings(std::vector<uint32_t>* starts,
                                   std::vector<Ordinal>* ordinals) const {
  starts->assign(counts_.size() + 1, 0);
  for (size_t id = 0; id < counts_.size(); ++id) (*starts)[id + 1] = (*starts)[id] + counts_[id];
  ordinals->resize(starts->back());
  std::vector<uint32_t> next(starts->begin(), starts->end() - 1);
  for (size_t ordinal = 0; ordinal < record_ids_.size(); ++ordinal) {
    const uint32_t id = record_ids_[ordinal];
    if (id != kAbsent) (*ordinals)[next[id]++] = static_cast<Ordinal>(ordinal);
  }
}

void FieldDictionary::CollectPostings(std::span<const uint32_t> ids, PostingsUnion* out) {
  const uint32_t records = record_count();
  if (records - sorted_records_ > std::max(kUnsortedRecordsMin, records / 8)) {
    SortPostings(&starts_, &ordinals_);
    sorted_records_ = records;
  }
  const size_t sorted_values = starts_.empty() ? 0 : starts_.size() - 1;
  for (uint32_t id : ids) {
    if (id >= sorted_values) continue;
    out->AddAll(
        std::span<const Ordinal>(ordinals_).subspan(starts_[id], starts_[id + 1] - starts_[id]));
  }
  if (sorted_records_ == records) return;
  // The records added since the sort: one scan for all the ids.
  if (ids.size() == 1) {
    for (uint32_t ordinal = sorted_records_; ordinal < records; ++ordinal) {
      if (record_ids_[ordinal] == ids[0]) out->Add(ordinal);
    }
    return;
  }
  std::vector<uint64_t> wanted((size_t{value_count()} + 63) / 64);
  for (uint32_t id : ids) wanted[id >> 6] |= uint64_t{1} << (id & 63);
  for (uint32_t ordinal = sorted_records_; ordinal < records; ++ordinal) {
    const uint32_t id = record_ids_[ordinal];
    if (id != kAbsent && ((wanted[id >> 6] >> (id & 63)) & 1) != 0) out->Add(ordinal);
  }
}

}  // namespace sealog::index
