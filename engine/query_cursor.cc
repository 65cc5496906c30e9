#include "engine/query_cursor.h"

#include <algorithm>

#include "engine/format.h"
#include "engine/limits.h"
#include "engine/segment.h"
#include "index/planner.h"

namespace sealog {

namespace {
// Queries jump between records: each read covers the record at hand
// (exactly, when the index says where the next record starts; otherwise
// assumed to take min_bytes, a longer one read on) and the next candidates
// close behind it, up to ahead_max_bytes. A warm read decodes
// every frame it touches (kWarmFrameBytes each), so there a read takes little
// more than a record header (the reader reads on for a longer record, from
// the frame it just decoded) and reads ahead over candidates no further
// than a frame apart: a run of them shares its frames, a lone one does not
// pay for the frames between.
struct ReadSizes {
  uint64_t min_bytes;
  uint64_t ahead_max_bytes;
  uint64_t gap_max_bytes;  // between one candidate and the next read with it
};
constexpr ReadSizes kHotReads = {4 << 10, 64 << 10, 64 << 10};
constexpr ReadSizes kWarmReads = {256, 64 << 10, kWarmFrameBytes};
}  // namespace

QueryCursorImpl::QueryCursorImpl(io::Env& env, std::string dir, std::string log_id,
                                 LogView view, IndexCache& cache, SegmentFileCache& files,
                                 query::Node tree, const QueryOptions& options)
    : env_(env),
      dir_(std::move(dir)),
      log_id_(std::move(log_id)),
      view_(std::move(view)),
      cache_(cache),
      sweep_(cache.BeginSweep()),
      files_(files),
      tree_(std::move(tree)),
      options_(options) {
  std::vector<uint64_t> numbers;
  for (const ManifestSegment& s : *view_.closed) {
    if (s.tier == Tier::kExpired) continue;  // deleted by retention
    parts_.push_back({s.number, s.first_seq, s.record_count, s.size_bytes, false, &s, {}});
    numbers.push_back(s.number);
  }
  std::vector<IndexCache::KnownSummary> known;
  cache_.KnownSummaries(numbers, &known);
  for (size_t i = 0; i < known.size(); ++i) parts_[i].summary = std::move(known[i]);
  const uint64_t active_count =
      view_.last_seq >= view_.active_first_seq ? view_.last_seq + 1 - view_.active_first_seq : 0;
  parts_.push_back({view_.active_number, view_.active_first_seq, active_count, view_.active_end,
                    true, nullptr, {}});
  if (options_.reverse) std::reverse(parts_.begin(), parts_.end());
  stats_.segments = parts_.size();
}

bool QueryCursorImpl::Wanted(uint64_t seq) const {
  if (options_.after == 0) return true;
  return options_.reverse ? seq < options_.after : seq > options_.after;
}

bool QueryCursorImpl::Next() {
  while (status_.ok()) {
    if (options_.limit != 0 && returned_ >= options_.limit) return false;
    if (next_item_ == items_.size()) {
      if (!NextPart()) return false;
      continue;
    }
    if (ReadItem(next_item_++)) {
      ++returned_;
      return true;
    }
  }
  return false;
}

Result<uint64_t> QueryCursorImpl::CountRemaining() {
  uint64_t count = 0;
  while (status_.ok()) {
    if (options_.limit != 0 && returned_ >= options_.limit) break;
    if (next_item_ == items_.size()) {
      if (!NextPart()) break;
      continue;
    }
    const size_t index = next_item_++;
    if (!items_[index].check || ReadItem(index)) {
      ++returned_;
      ++count;
    }
  }
  if (!status_.ok()) return status_;
  return count;
}

bool QueryCursorImpl::NextPart() {
  while (next_part_ < parts_.size()) {
    const Part& part = parts_[next_part_++];
    items_.clear();
    next_item_ = 0;
    reader_.reset();
    part_ = &part;
    if (part.count == 0) continue;
    const uint64_t last_seq = part.first_seq + part.count - 1;
    if (!Wanted(part.first_seq) && !Wanted(last_seq)) {
      ++stats_.segments_skipped;
      continue;
    }
    status_ = part.active ? CollectActive(part) : CollectClosed(part);
    if (!status_.ok()) return false;
    if (options_.reverse) std::reverse(items_.begin(), items_.end());
    if (!items_.empty()) return true;
  }
  return false;
}

Status QueryCursorImpl::CollectClosed(const Part& part) {
  const index::IndexSummary* summary = nullptr;  // null: none to trust
  std::shared_ptr<const index::IndexSummary> loaded;
  if (part.summary) {
    summary = part.summary->get();
  } else {
    Result<std::shared_ptr<const index::IndexSummary>> found = cache_.Summary(*part.closed, sweep_);
    if (!found.ok()) return found.status();
    loaded = std::move(*found);
    summary = loaded.get();
  }
  if (summary != nullptr && !index::MayMatch(tree_, *summary, part.first_seq)) {
    ++stats_.segments_skipped;
    return Status::Ok();
  }
  Result<SegmentIndex> index = cache_.Get(*part.closed, sweep_);
  if (!index.ok()) return index.status();
  if (index->file) {
    const Status status = CollectFromIndex(*index->file, part, part.count);
    if (status.ok()) return status;
    // A section failed its hash when it was first read, or the file is gone
    // (moved to the cold tier): answer from what replaces it.
    items_.clear();
    index = cache_.Replace(*part.closed, status, sweep_);
    if (!index.ok()) return index.status();
  }
  if (!index->warning.empty()) {  // cold segments are always indexed this way: no warning
    ++stats_.indexes_rebuilt;
    stats_.warnings.push_back(index->warning);
  }
  return index->rebuilt->Read([&](index::IndexBuilder& builder, uint64_t) {
    return CollectFromIndex(builder, part, part.count);
  });
}

Status QueryCursorImpl::CollectActive(const Part& part) {
  const std::shared_ptr<ActiveIndex>& active = view_.active_index;
  if (!active || active->segment_number() != part.number) {
    return CollectTail(part, format::kSegmentHeaderSize, 0);
  }
  uint64_t indexed = 0;
  uint64_t indexed_end = 0;
  SEALOG_RETURN_IF_ERROR(active->Read([&](index::IndexBuilder& builder, uint64_t end) {
    indexed = std::min<uint64_t>(builder.count(), part.count);
    indexed_end = end;
    return CollectFromIndex(builder, part, indexed);
  }));
  // What the index has not reached yet: judged record by record.
  if (indexed < part.count) return CollectTail(part, indexed_end, indexed);
  return Status::Ok();
}

Status QueryCursorImpl::CollectFromIndex(index::IndexView& view, const Part& part,
                                         uint64_t visible) {
  index::Candidates candidates;
  SEALOG_RETURN_IF_ERROR(index::Evaluate(tree_, view, part.first_seq, &candidates));
  // A frame ends where the next record's starts; a run of consecutive
  // candidates looks each offset up once.
  uint64_t next_ordinal = UINT64_MAX;
  uint64_t next_offset = 0;
  for (const index::Ordinal ordinal : candidates.ordinals) {
    if (ordinal >= visible) break;
    if (!Wanted(part.first_seq + ordinal)) continue;
    uint64_t offset = next_offset;
    if (ordinal != next_ordinal) {
      Result<uint64_t> found = view.FrameOffset(ordinal);
      if (!found.ok()) return found.status();
      offset = *found;
    }
    next_ordinal = ordinal + 1;
    next_offset = part.end;
    if (next_ordinal < view.record_count()) {
      Result<uint64_t> found = view.FrameOffset(static_cast<index::Ordinal>(next_ordinal));
      if (!found.ok()) return found.status();
      next_offset = *found;
    }
    items_.push_back({ordinal, !candidates.exact, offset, next_offset});
  }
  return Status::Ok();
}

Status QueryCursorImpl::CollectTail(const Part& part, uint64_t offset, uint64_t first_ordinal) {
  if (offset < format::kSegmentHeaderSize) offset = format::kSegmentHeaderSize;
  std::unique_ptr<SegmentReader> reader;
  SEALOG_RETURN_IF_ERROR(SegmentReader::Open(env_, dir_, part.number, log_id_, &reader));
  reader->Seek(offset, part.end);
  uint64_t ordinal = first_ordinal;
  return ReadRecordsInOrder(*reader, part.first_seq + first_ordinal, part.count - first_ordinal,
                            "cannot query", [&](const RecordView&, uint64_t frame) {
                              if (Wanted(part.first_seq + ordinal)) {
                                items_.push_back({static_cast<uint32_t>(ordinal), true, frame, 0});
                              }
                              ++ordinal;
                            });
}

size_t QueryCursorImpl::ReadSpan(size_t index) const {
  const ReadSizes& sizes = reader_tier_ == Tier::kHot ? kHotReads : kWarmReads;
  const auto end_of = [&sizes](const Item& item) {
    return item.end > item.offset ? item.end : item.offset + sizes.min_bytes;
  };
  const uint64_t start = items_[index].offset;
  uint64_t end = end_of(items_[index]);
  uint64_t previous = start;
  for (size_t i = index + 1; i < items_.size() && i < index + 64; ++i) {
    const uint64_t next = items_[i].offset;
    if (next < previous || next - start > sizes.ahead_max_bytes ||
        next - previous > sizes.gap_max_bytes) {
      break;
    }
    end = std::max(end, end_of(items_[i]));
    previous = next;
  }
  return static_cast<size_t>(end - start);
}

bool QueryCursorImpl::ReadItem(size_t index) {
  const Item& item = items_[index];
  if (!reader_) {
    reader_tier_ = Tier::kHot;
    status_ = part_->active
                  ? SegmentReader::Open(env_, dir_, part_->number, log_id_, &reader_)
                  : files_.OpenReader(part_->number, log_id_, &reader_, &reader_tier_);
    if (!status_.ok()) return false;
  }
  if (!reader_->Buffered(item.offset, part_->end)) reader_->set_read_chunk(ReadSpan(index));
  RecordView view;
  const uint64_t seq = part_->first_seq + item.ordinal;
  if (reader_->ReadAt(item.offset, part_->end, &view) != SegmentReader::Step::kRecord ||
      view.seq != seq) {
    status_ = reader_->status();
    if (status_.ok()) {
      status_ = Status::Corruption(reader_->path() + ": no valid record of seq " +
                                   std::to_string(seq) + " at offset " +
                                   std::to_string(item.offset) +
                                   ", where its index points; run sealog verify");
    }
    return false;
  }
  ++stats_.records_read;
  record_ = view.ToRecord();
  if (!item.check) return true;
  ++stats_.records_checked;
  return matcher_.Matches(tree_, record_);
}

}  // namespace sealog
