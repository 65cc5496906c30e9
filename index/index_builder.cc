#include "index/index_builder.h"

#include <algorithm>
#include <cassert>

#include "index/index_head.h"
#include "index/index_summary.h"
#include "index/postings.h"

namespace sealog::index {

IndexBuilder::IndexBuilder() = default;
IndexBuilder::~IndexBuilder() = default;

uint64_t IndexBuilder::memory_bytes() const {
  uint64_t bytes = sizeof(*this) + times_.capacity() * sizeof(times_[0]) +
                   frame_offsets_.capacity() * sizeof(frame_offsets_[0]) +
                   time_sorted_.capacity() * sizeof(time_sorted_[0]);
  for (const FieldDictionary& field : fields_) bytes += field.memory_bytes() - sizeof(field);
  return bytes;
}

void IndexBuilder::Add(int64_t time_ns, const std::array<std::string_view, kFieldCount>& fields,
                       uint64_t frame_offset) {
  assert(frame_offset <= UINT32_MAX);
  assert(times_.size() < UINT32_MAX);
  if (times_.empty()) {
    min_time_ns_ = max_time_ns_ = time_ns;
  } else {
    min_time_ns_ = std::min(min_time_ns_, time_ns);
    max_time_ns_ = std::max(max_time_ns_, time_ns);
  }
  times_.push_back(time_ns);
  frame_offsets_.push_back(static_cast<uint32_t>(frame_offset));
  for (size_t f = 0; f < kFieldCount; ++f) fields_[f].Add(fields[f]);
}

std::string IndexBuilder::Encode(const IndexIdentity& identity) const {
  std::array<std::string, kSectionCount> sections;
  std::vector<TimeEntry> entries(times_.size());
  for (size_t i = 0; i < times_.size(); ++i) entries[i] = {times_[i], static_cast<Ordinal>(i)};
  std::sort(entries.begin(), entries.end());
  sections[kTimeSection] = EncodeTimeSection(entries);

  std::array<FieldSummary, kFieldCount> summaries;
  std::vector<uint32_t> starts;
  std::vector<Ordinal> ordinals;
  for (size_t f = 0; f < kFieldCount; ++f) {
    const FieldDictionary& dictionary = fields_[f];
    const std::vector<uint32_t> ids = dictionary.SortIds();
    dictionary.SortPostings(&starts, &ordinals);
    std::vector<std::string_view> values(ids.size());
    std::vector<std::span<const Ordinal>> postings(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      values[i] = dictionary.value(ids[i]);
      postings[i] =
          std::span<const Ordinal>(ordinals).subspan(starts[ids[i]], dictionary.count(ids[i]));
    }
    summaries[f] = FieldSummary::Of(static_cast<Field>(f), values);
    sections[kFirstFieldSection + f] = EncodeFieldSection(values, postings);
  }
  sections[kOffsetsSection] = EncodeOffsetsSection(frame_offsets_);
  const IndexSummary summary(count(), min_time_ns_, max_time_ns_, std::move(summaries));
  return AssembleIndexFile(identity, summary, sections);
}

// One exact value, the most common query, is found by hash, without sorting.
std::span<const uint32_t> IndexBuilder::ValueRange(Field field, const Bound& low, const Bound& high,
                                                   uint32_t* exact_id) {
  FieldDictionary& dictionary = fields_[static_cast<size_t>(field)];
  if (!low.unbounded && !high.unbounded && low.inclusive && high.inclusive &&
      low.value == high.value) {
    *exact_id = dictionary.Find(low.value);
    return *exact_id == FieldDictionary::kAbsent ? std::span<const uint32_t>()
                                                 : std::span<const uint32_t>(exact_id, 1);
  }
  const std::vector<uint32_t>& ids = dictionary.SortedIds();
  const auto [first, last] = SortedValueRange(
      ids.size(), [&](size_t i) { return dictionary.value(ids[i]); }, low, high);
  return std::span<const uint32_t>(ids).subspan(first, last - first);
}

Status IndexBuilder::FieldRange(Field field, const Bound& low, const Bound& high, Postings* out) {
  FieldDictionary& dictionary = fields_[static_cast<size_t>(field)];
  uint32_t exact_id = 0;
  const std::span<const uint32_t> ids = ValueRange(field, low, high, &exact_id);
  uint64_t total = 0;
  for (uint32_t id : ids) total += dictionary.count(id);
  PostingsUnion merged(count(), total);
  dictionary.CollectPostings(ids, &merged);
  merged.Finish(out);
  return Status::Ok();
}

Result<uint64_t> IndexBuilder::FieldRangeCount(Field field, const Bound& low, const Bound& high) {
  const FieldDictionary& dictionary = fields_[static_cast<size_t>(field)];
  uint32_t exact_id = 0;
  uint64_t total = 0;
  for (uint32_t id : ValueRange(field, low, high, &exact_id)) total += dictionary.count(id);
  return total;
}

void IndexBuilder::SortTimes() {
  const size_t old_size = time_sorted_.size();
  if (old_size == times_.size()) return;
  time_sorted_.reserve(times_.size());
  for (size_t i = old_size; i < times_.size(); ++i) {
    time_sorted_.push_back({times_[i], static_cast<Ordinal>(i)});
  }
  // Times arrive nearly sorted: most of the time both steps do nothing.
  const auto middle = time_sorted_.begin() + static_cast<ptrdiff_t>(old_size);
  if (!std::is_sorted(middle, time_sorted_.end())) std::sort(middle, time_sorted_.end());
  if (old_size > 0 && *middle < *(middle - 1)) {
    std::inplace_merge(time_sorted_.begin(), middle, time_sorted_.end());
  }
}

Status IndexBuilder::TimeRange(int64_t lo, int64_t hi, Postings* out) {
  out->clear();
  if (lo > hi) return Status::Ok();
  SortTimes();
  const auto first = std::partition_point(time_sorted_.begin(), time_sorted_.end(),
                                          [lo](const TimeEntry& e) { return e.time_ns < lo; });
  const auto last = std::partition_point(first, time_sorted_.end(),
                                         [hi](const TimeEntry& e) { return e.time_ns <= hi; });
  PostingsUnion merged(count(), static_cast<uint64_t>(last - first));
  for (auto it = first; it != last; ++it) merged.Add(it->ordinal);
  merged.Finish(out);
  return Status::Ok();
}

Result<uint64_t> IndexBuilder::FrameOffset(Ordinal ordinal) {
  if (ordinal >= count()) {
    std::string message("ordinal ");
    message.append(std::to_string(ordinal)).append(" is beyond the ");
    message.append(std::to_string(count())).append(" records of the index");
    return Status::NotFound(std::move(message));
  }
  return uint64_t{frame_offsets_[ordinal]};
}

Status IndexBuilder::CountValues(Field field, const Postings* only,
                                 const std::function<void(std::string_view, uint64_t)>& fn) {
  FieldDictionary& dictionary = fields_[static_cast<size_t>(field)];
  const std::vector<uint32_t>& ids = dictionary.SortedIds();
  if (only == nullptr) {
    for (uint32_t id : ids) fn(dictionary.value(id), dictionary.count(id));
    return Status::Ok();
  }
  if (!ValidPostings(*only, count())) {
    return Status::InvalidArgument(
        "CountValues: the ordinals are not strictly increasing below the record count");
  }
  std::vector<uint64_t> counts(ids.size());
  for (Ordinal ordinal : *only) {
    const uint32_t id = dictionary.record_id(ordinal);
    if (id != FieldDictionary::kAbsent) ++counts[id];
  }
  for (uint32_t id : ids) {
    if (counts[id] > 0) fn(dictionary.value(id), counts[id]);
  }
  return Status::Ok();
}

}  // namespace sealog::index
