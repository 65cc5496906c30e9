#include "engine/field_report.h"

#include <algorithm>
#include <unordered_map>

#include "engine/format.h"
#include "engine/segment_reader.h"

namespace sealog {

namespace {

class Tally {
 public:
  Tally(const ReportOptions& options) : options_(options) {}

  // Counts the records of one index whose ordinal is below `visible`.
  Status AddIndex(index::IndexView& view, uint64_t visible, bool wholly_inside) {
    index::Postings in_range;
    const index::Postings* only = nullptr;
    if (!wholly_inside || visible < view.record_count()) {
      SEALOG_RETURN_IF_ERROR(view.TimeRange(options_.since_ns, options_.until_ns, &in_range));
      while (!in_range.empty() && in_range.back() >= visible) in_range.pop_back();
      only = &in_range;
    }
    records_ += only ? only->size() : view.record_count();
    return view.CountValues(options_.by, only, [&](std::string_view value, uint64_t count) {
      if (count == 0) return;
      auto it = counts_.find(value);
      if (it == counts_.end()) it = counts_.emplace(std::string(value), 0).first;
      it->second += count;
      present_ += count;
    });
  }

  // Counts a record at `time_ns` whose field `by` holds `value` ("" = absent).
  void AddRecord(int64_t time_ns, std::string_view value) {
    if (time_ns < options_.since_ns || time_ns > options_.until_ns) return;
    ++records_;
    if (value.empty()) return;
    auto it = counts_.find(value);
    if (it == counts_.end()) it = counts_.emplace(std::string(value), 0).first;
    ++it->second;
    ++present_;
  }

  Field by() const { return options_.by; }

  FieldReport Finish() {
    FieldReport report;
    report.records = records_;
    report.absent = records_ - present_;
    report.distinct = counts_.size();
    for (auto& [value, count] : counts_) report.rows.push_back({value, count});
    std::sort(report.rows.begin(), report.rows.end(), [](const ReportRow& a, const ReportRow& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (options_.top != 0 && report.rows.size() > options_.top) report.rows.resize(options_.top);
    return report;
  }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  const ReportOptions& options_;
  std::unordered_map<std::string, uint64_t, Hash, std::equal_to<>> counts_;
  uint64_t records_ = 0;
  uint64_t present_ = 0;
};

// The records of the active segment from `first_seq` on, which its index
// has not reached, at `offset`.
Status TallyTail(io::Env& env, const std::string& dir, const std::string& log_id,
                 const LogView& view, uint64_t offset, uint64_t first_seq, uint64_t remaining,
                 Tally& tally) {
  std::unique_ptr<SegmentReader> reader;
  SEALOG_RETURN_IF_ERROR(SegmentReader::Open(env, dir, view.active_number, log_id, &reader));
  reader->Seek(std::max<uint64_t>(offset, format::kSegmentHeaderSize), view.active_end);
  return ReadRecordsInOrder(*reader, first_seq, remaining, "cannot report",
                            [&](const RecordView& record, uint64_t) {
                              tally.AddRecord(record.time_ns,
                                              record.fields[static_cast<size_t>(tally.by())]);
                            });
}

}  // namespace

Result<FieldReport> BuildFieldReport(io::Env& env, const std::string& dir,
                                     const std::string& log_id, const LogView& view,
                                     IndexCache& cache, const ReportOptions& options) {
  Tally tally(options);
  const IndexCache::Sweep sweep = cache.BeginSweep();
  for (const ManifestSegment& segment : *view.closed) {
    if (segment.record_count == 0 || segment.tier == Tier::kExpired) continue;
    Result<std::shared_ptr<const index::IndexSummary>> summary = cache.Summary(segment, sweep);
    if (!summary.ok()) return summary.status();
    bool inside = false;
    if (*summary != nullptr) {
      const index::IndexSummary& s = **summary;
      if (s.max_time_ns() < options.since_ns || s.min_time_ns() > options.until_ns) continue;
      inside = s.min_time_ns() >= options.since_ns && s.max_time_ns() <= options.until_ns;
    }
    Result<SegmentIndex> index = cache.Get(segment, sweep);
    if (!index.ok()) return index.status();
    if (index->file) {
      // A tally may not be half counted: check the sections before counting.
      Status status = index->file->Check();
      if (!status.ok()) {
        index = cache.Replace(segment, status, sweep);
        if (!index.ok()) return index.status();
      }
    }
    if (index->file) {
      SEALOG_RETURN_IF_ERROR(tally.AddIndex(*index->file, segment.record_count, inside));
    } else {
      SEALOG_RETURN_IF_ERROR(index->rebuilt->Read([&](index::IndexBuilder& b, uint64_t) {
        return tally.AddIndex(b, segment.record_count, false);
      }));
    }
  }
  const uint64_t active_count =
      view.last_seq >= view.active_first_seq ? view.last_seq + 1 - view.active_first_seq : 0;
  uint64_t indexed = 0;
  uint64_t indexed_end = format::kSegmentHeaderSize;
  if (active_count > 0 && view.active_index &&
      view.active_index->segment_number() == view.active_number) {
    SEALOG_RETURN_IF_ERROR(view.active_index->Read([&](index::IndexBuilder& b, uint64_t end) {
      indexed = std::min<uint64_t>(b.count(), active_count);
      indexed_end = end;
      return tally.AddIndex(b, indexed, false);
    }));
  }
  if (indexed < active_count) {
    SEALOG_RETURN_IF_ERROR(
        TallyTail(env, dir, log_id, view, indexed_end, view.active_first_seq + indexed,
                  active_count - indexed, tally));
  }
  return tally.Finish();
}

Result<FieldReport> BuildQueryReport(QueryCursor& matches, const ReportOptions& options) {
  Tally tally(options);
  while (matches.Next()) {
    const Record& record = matches.record();
    tally.AddRecord(record.time_ns, record.field(options.by));
  }
  SEALOG_RETURN_IF_ERROR(matches.status());
  return tally.Finish();
}

}  // namespace sealog
