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
      filter_(tree_),
      options_(options),
      summaries_(cache.Summaries()) {}

const QueryStats& QueryCursorImpl::stats() const {
  if (!segments_counted_) {
    stats_.segments = 1;  // the active one
    for (const ManifestSegment& s : *view_.closed) stats_.segments += s.tier != Tier::kExpired;
    segments_counted_ = true;
  }
  return stats_;
}

QueryCursorImpl::Part QueryCursorImpl::PartAt(size_t position) const {
  const std::vector<ManifestSegment>& closed = *view_.closed;
  const size_t active_position = options_.reverse ? 0 : closed.size();
  if (position == active_position) {
    const uint64_t count =
        view_.last_seq >= view_.active_first_seq ? view_.last_seq + 1 - view_.active_first_seq : 0;
    return {view_.active_number, view_.active_first_seq, count, view_.active_end, true, nullptr};
  }
  const ManifestSegment& s = closed[options_.reverse ? closed.size() - position : position];
  return {s.number, s.first_seq, s.record_count, s.size_bytes, false, &s};
}

uint64_t QueryCursorImpl::Candidates(const SummaryRun& run) {
  if (&run != run_) {
    run_ = &run;
    run_candidates_ = ~run.summarized();
    // A query bounded in time passes most runs on their span alone.
    if (filter_.MayMatchTime(run.min_time_ns, run.max_time_ns)) {
      run_candidates_ |= filter_.MayMatchEach(run.columns);
    }
  }
  return run_candidates_;
}

size_t QueryCursorImpl::PartsToPass(size_t position) {
  const std::vector<ManifestSegment>& closed = *view_.closed;
  if (options_.reverse ? position == 0 : position >= closed.size()) return 0;
  const size_t at = options_.reverse ? closed.size() - position : position;
  const uint64_t number = closed[at].number;
  const SummaryRun* run = summaries_->RunOf(number);
  if (run == nullptr) return 0;
  // The closed segments from `at` to the run's end in output order: those
  // numbered up to its last (reverse: down to its first). Numbers ascend,
  // so when the one that many places on has the number that far on, the
  // segments between are every number between.
  size_t other = 0;
  if (options_.reverse) {
    const uint64_t before = std::min<uint64_t>(number - run->first_number, at);
    other = at - before;
  } else {
    const uint64_t after = run->first_number + SummaryRun::kRun - 1 - number;
    other = std::min<uint64_t>(at + after, closed.size() - 1);
  }
  const size_t low = std::min(at, other);
  const size_t high = std::max(at, other);
  if (closed[high].number - closed[low].number != high - low) return 0;
  const uint64_t bits = high - low + 1;
  const uint64_t shift = closed[low].number - run->first_number;
  const uint64_t wanted = (bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1) << shift;
  if ((wanted & Candidates(*run)) != 0) return 0;
  for (size_t i = low; i <= high; ++i) stats_.segments_skipped += closed[i].tier != Tier::kExpired;
  return bits;
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
  while (next_part_ < PartCount()) {
    items_.clear();
    next_item_ = 0;
    reader_.reset();
    if (const size_t passed = PartsToPass(next_part_); passed > 0) {
      next_part_ += passed;
      continue;
    }
    part_ = PartAt(next_part_++);
    if (part_.count == 0 || (!part_.active && part_.closed->tier == Tier::kExpired)) continue;
    const uint64_t last_seq = part_.first_seq + part_.count - 1;
    if (!Wanted(part_.first_seq) && !Wanted(last_seq)) {
      ++stats_.segments_skipped;
      continue;
    }
    if (!part_.active) {
      const SummaryRun* run = summaries_->RunOf(part_.number);
      if (run != nullptr && (Candidates(*run) >> (part_.number - run->first_number) & 1) == 0) {
        ++stats_.segments_skipped;
        continue;
      }
    }
    status_ = part_.active ? CollectActive(part_) : CollectClosed(part_);
    if (!status_.ok()) return false;
    if (options_.reverse) std::reverse(items_.begin(), items_.end());
    if (!items_.empty()) return true;
  }
  return false;
}

Status QueryCursorImpl::CollectClosed(const Part& part) {
  const SummaryTable::Lookup known = summaries_->Find(part.number);
  const index::IndexSummary* summary = known.summary;  // null: none to trust
  std::shared_ptr<const index::IndexSummary> loaded;
  if (!known.known) {
    Result<std::shared_ptr<const index::IndexSummary>> found = cache_.Summary(*part.closed, sweep_);
    if (!found.ok()) return found.status();
    loaded = std::move(*found);
    summary = loaded.get();
  }
  // A summary from the table was tested with its run (NextPart); what the
  // columns cannot decide is tested here.
  const bool tested = known.known && filter_.columns_decide();
  if (summary != nullptr && !tested && !filter_.MayMatch(*summary, part.first_seq)) {
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
    status_ = part_.active ? SegmentReader::Open(env_, dir_, part_.number, log_id_, &reader_)
                           : files_.OpenReader(part_.number, log_id_, &reader_, &reader_tier_);
    if (!status_.ok()) return false;
  }
  if (!reader_->Buffered(item.offset, part_.end)) reader_->set_read_chunk(ReadSpan(index));
  RecordView view;
  const uint64_t seq = part_.first_seq + item.ordinal;
  if (reader_->ReadAt(item.offset, part_.end, &view) != SegmentReader::Step::kRecord ||
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
