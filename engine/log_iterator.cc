#include "engine/log_iterator.h"

#include "engine/format.h"
#include "engine/segment.h"

namespace sealog {

LogIterator::LogIterator(io::Env& env, std::string dir, std::string log_id, const LogView& view,
                         uint64_t first, uint64_t last, SeekTableCache& cache)
    : env_(env), dir_(std::move(dir)), log_id_(std::move(log_id)), cache_(cache),
      first_(first == 0 ? 1 : first), last_(std::min(last, view.last_seq)) {
  for (const ManifestSegment& s : *view.closed) {
    // Expired records are gone (their receipt is in the log): a scan skips them.
    if (s.record_count == 0 || s.tier == Tier::kExpired || s.last_seq() < first_ ||
        s.first_seq > last_) {
      continue;
    }
    spans_.push_back({s.number, s.first_seq, s.last_seq(), s.size_bytes, true});
  }
  if (view.last_seq >= view.active_first_seq && view.last_seq >= first_ &&
      view.active_first_seq <= last_) {
    spans_.push_back(
        {view.active_number, view.active_first_seq, view.last_seq, view.active_end, false});
  }
  if (first_ > last_) done_ = true;
}

uint64_t LogIterator::segment_number() const {
  return span_index_ < spans_.size() ? spans_[span_index_].number : 0;
}

bool LogIterator::OpenSpan() {
  const Span& span = spans_[span_index_];
  status_ = SegmentReader::Open(env_, dir_, span.number, log_id_, &reader_);
  if (status_.IsNotFound()) {
    status_ = Status::Corruption(dir_ + "/" + SegmentFileName(span.number) + ": segment " +
                                 std::to_string(span.number) + " is missing");
  }
  if (!status_.ok()) return false;
  uint64_t offset = format::kSegmentHeaderSize;
  expected_seq_ = span.first_seq;
  if (span.closed && first_ > span.first_seq) {
    status_ = cache_.Find(span.number, span.first_seq, span.end, *reader_, first_, &offset,
                          &expected_seq_);
    if (!status_.ok()) return false;
  }
  reader_->Seek(offset, span.end);
  return true;
}

void LogIterator::CopyRecord() {
  record_.seq = view_.seq;
  record_.ingest_ns = view_.ingest_ns;
  record_.time_ns = view_.time_ns;
  record_.time_missing = view_.time_missing();
  record_.system = view_.system();
  for (size_t i = 0; i < kFieldCount; ++i) record_.fields[i].assign(view_.fields[i]);
  record_.raw.assign(view_.raw);
}

bool LogIterator::Next() {
  while (!done_ && status_.ok()) {
    if (span_index_ >= spans_.size()) {
      done_ = true;
      break;
    }
    if (!reader_ && !OpenSpan()) return false;
    const Span& span = spans_[span_index_];
    const std::string where = dir_ + "/" + SegmentFileName(span.number);
    switch (reader_->Next(&view_)) {
      case SegmentReader::Step::kRecord:
        if (view_.seq != expected_seq_) {
          status_ = Status::Corruption(where + ": record at offset " +
                                       std::to_string(reader_->offset()) + " has seq " +
                                       std::to_string(view_.seq) + ", expected " +
                                       std::to_string(expected_seq_));
          return false;
        }
        ++expected_seq_;
        if (view_.seq < first_) continue;
        if (view_.seq > last_) {
          done_ = true;
          return false;
        }
        CopyRecord();
        if (view_.seq == last_) done_ = true;
        return true;
      case SegmentReader::Step::kEnd:
        if (expected_seq_ != span.last_seq + 1) {
          status_ = Status::Corruption(where + ": ends at seq " +
                                       std::to_string(expected_seq_ - 1) + ", expected " +
                                       std::to_string(span.last_seq));
          return false;
        }
        reader_.reset();
        ++span_index_;
        continue;
      case SegmentReader::Step::kBad:
        status_ = reader_->status().ok()
                      ? Status::Corruption(where + ": " + FrameStateName(reader_->bad_state()) +
                                           " at offset " + std::to_string(reader_->offset()) +
                                           " (seq " + std::to_string(expected_seq_) + ")")
                      : reader_->status();
        return false;
    }
  }
  return false;
}

}  // namespace sealog
