#include "engine/summary_table.h"

#include <algorithm>
#include <utility>

namespace sealog {

SummaryTable::SummaryTable(std::vector<std::shared_ptr<const SummaryRun>> runs)
    : runs_(std::move(runs)) {}

const SummaryRun* SummaryTable::RunOf(uint64_t number) const {
  if (runs_.empty()) return nullptr;
  const uint64_t first = number - number % SummaryRun::kRun;
  // Runs are most often contiguous: try the place that assumes it first.
  const uint64_t base = runs_.front()->first_number;
  if (first >= base) {
    const uint64_t guess = (first - base) / SummaryRun::kRun;
    if (guess < runs_.size() && runs_[guess]->first_number == first) return runs_[guess].get();
  }
  auto it = std::lower_bound(runs_.begin(), runs_.end(), first,
                             [](const std::shared_ptr<const SummaryRun>& run, uint64_t n) {
                               return run->first_number < n;
                             });
  return it != runs_.end() && (*it)->first_number == first ? it->get() : nullptr;
}

SummaryTable::Lookup SummaryTable::Find(uint64_t number) const {
  const SummaryRun* run = RunOf(number);
  if (run == nullptr) return {};
  const uint64_t i = number - run->first_number;
  if ((run->known >> i & 1) == 0) return {};
  return {true, run->summaries[i].get()};
}

std::shared_ptr<const index::IndexSummary> SummaryRuns::Find(uint64_t number, bool* known) const {
  *known = false;
  auto it = runs_.find(number - number % SummaryRun::kRun);
  if (it == runs_.end()) return nullptr;
  const uint64_t i = number - it->first;
  *known = (it->second->known >> i & 1) != 0;
  return it->second->summaries[i];
}

void SummaryRuns::Set(uint64_t number, std::shared_ptr<const index::IndexSummary> summary) {
  const uint64_t first = number - number % SummaryRun::kRun;
  std::shared_ptr<SummaryRun>& run = runs_[first];
  table_.reset();
  // Tables taken before keep the run as it was.
  if (!run) {
    run = std::make_shared<SummaryRun>();
  } else if (run.use_count() > 1) {
    run = std::make_shared<SummaryRun>(*run);
  }
  run->first_number = first;
  const uint64_t i = number - first;
  run->known |= uint64_t{1} << i;
  run->summaries[i] = std::move(summary);
  run->columns.Set(i, run->summaries[i].get());
  run->min_time_ns = std::numeric_limits<int64_t>::max();
  run->max_time_ns = std::numeric_limits<int64_t>::min();
  for (uint64_t j = 0; j < SummaryRun::kRun; ++j) {
    const index::IndexSummary* s = run->summaries[j].get();
    if (s == nullptr) continue;
    if (s->record_count() == 0) continue;
    run->min_time_ns = std::min(run->min_time_ns, s->min_time_ns());
    run->max_time_ns = std::max(run->max_time_ns, s->max_time_ns());
  }
}

std::shared_ptr<const SummaryTable> SummaryRuns::Table() {
  if (!table_) {
    std::vector<std::shared_ptr<const SummaryRun>> runs;
    runs.reserve(runs_.size());
    for (const auto& [first, run] : runs_) runs.push_back(run);
    table_ = std::make_shared<const SummaryTable>(std::move(runs));
  }
  return table_;
}

}  // namespace sealog
