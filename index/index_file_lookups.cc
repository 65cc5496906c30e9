// IndexFile's IndexView lookups, over sections loaded by index_file.cc.
#include <vector>

#include "engine/coding.h"
#include "index/index_file.h"
#include "index/postings.h"

namespace sealog::index {

Status IndexFile::FieldRange(Field field, const Bound& low, const Bound& high, Postings* out) {
  out->clear();
  const FieldSection* section = nullptr;
  SEALOG_RETURN_IF_ERROR(LoadField(field, &section));
  const auto [first, last] = section->Range(low, high);
  if (first == last) return Status::Ok();
  Status status;
  if (last - first == 1) {
    // One value, the common case: its postings are the answer as they are.
    const auto i = static_cast<uint32_t>(first);
    out->reserve(section->count(i));
    status = section->ForEachPosting(i, [out](Ordinal ordinal) { out->push_back(ordinal); });
  } else {
    uint64_t total = 0;
    for (size_t i = first; i < last; ++i) total += section->count(static_cast<uint32_t>(i));
    PostingsUnion merged(record_count(), total);
    for (size_t i = first; i < last && status.ok(); ++i) {
      status = section->ForEachPosting(static_cast<uint32_t>(i),
                                       [&merged](Ordinal ordinal) { merged.Add(ordinal); });
    }
    if (status.ok()) merged.Finish(out);
  }
  if (!status.ok()) out->clear();
  return status;
}

Result<uint64_t> IndexFile::FieldRangeCount(Field field, const Bound& low, const Bound& high) {
  const FieldSection* section = nullptr;
  SEALOG_RETURN_IF_ERROR(LoadField(field, &section));
  const auto [first, last] = section->Range(low, high);
  uint64_t total = 0;
  for (size_t i = first; i < last; ++i) total += section->count(static_cast<uint32_t>(i));
  return total;
}

Status IndexFile::TimeRange(int64_t lo, int64_t hi, Postings* out) {
  out->clear();
  if (lo > hi || !summary().MayContainTime(lo, hi)) return Status::Ok();
  const TimeSection* section = nullptr;
  SEALOG_RETURN_IF_ERROR(LoadTime(&section));
  Status status = section->Range(lo, hi, out);
  if (!status.ok()) out->clear();
  return status;
}

Result<uint64_t> IndexFile::FrameOffset(Ordinal ordinal) {
  if (ordinal >= record_count()) {
    std::string message(where_);
    message.append(": ordinal ").append(std::to_string(ordinal)).append(" is beyond the ");
    message.append(std::to_string(record_count())).append(" records of the index");
    return Status::NotFound(std::move(message));
  }
  const std::string* offsets = nullptr;
  SEALOG_RETURN_IF_ERROR(LoadOffsets(&offsets));
  return uint64_t{DecodeFixed32(offsets->data() + 4 * size_t{ordinal})};
}

Status IndexFile::CountValues(Field field, const Postings* only,
                              const std::function<void(std::string_view, uint64_t)>& fn) {
  if (only != nullptr && !ValidPostings(*only, record_count())) {
    return Status::InvalidArgument(
        "CountValues: the ordinals are not strictly increasing below the record count");
  }
  const FieldSection* section = nullptr;
  SEALOG_RETURN_IF_ERROR(LoadField(field, &section));
  const uint32_t n = section->value_count();
  if (only == nullptr) {
    for (uint32_t i = 0; i < n; ++i) fn(section->value(i), section->count(i));
    return Status::Ok();
  }
  // Decode everything before the first call, so that damage is reported
  // before any partial answer.
  std::vector<uint64_t> wanted((size_t{record_count()} + 63) / 64);
  for (Ordinal ordinal : *only) wanted[ordinal >> 6] |= uint64_t{1} << (ordinal & 63);
  std::vector<uint64_t> counts(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t& count = counts[i];
    SEALOG_RETURN_IF_ERROR(section->ForEachPosting(
        i, [&](Ordinal ordinal) { count += (wanted[ordinal >> 6] >> (ordinal & 63)) & 1; }));
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (counts[i] > 0) fn(section->value(i), counts[i]);
  }
  return Status::Ok();
}

Status IndexFile::Check() {
  const TimeSection* time = nullptr;
  SEALOG_RETURN_IF_ERROR(LoadTime(&time));
  SEALOG_RETURN_IF_ERROR(time->Check());
  for (size_t f = 0; f < kFieldCount; ++f) {
    const FieldSection* field = nullptr;
    SEALOG_RETURN_IF_ERROR(LoadField(static_cast<Field>(f), &field));
    SEALOG_RETURN_IF_ERROR(field->Check());
  }
  const std::string* offsets = nullptr;
  return LoadOffsets(&offsets);
}

}  // namespace sealog::index
