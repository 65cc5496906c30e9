// SummaryRuns and the SummaryTables they give: what is known of each
// segment, runs' time spans and columns, and tables that do not change
// once taken.
#include "engine/summary_table.h"

#include <gtest/gtest.h>

#include <limits>
#include <memory>

namespace sealog {
namespace {

std::shared_ptr<const index::IndexSummary> Summary(uint32_t records, int64_t min_ns,
                                                   int64_t max_ns) {
  return std::make_shared<const index::IndexSummary>(
      records, min_ns, max_ns, std::array<index::FieldSummary, kFieldCount>{});
}

TEST(SummaryTableTest, KnowsWhatWasSetAndNothingElse) {
  SummaryRuns runs;
  const auto a = Summary(10, 100, 200);
  runs.Set(3, a);
  runs.Set(64, nullptr);  // known: none to trust
  runs.Set(200, Summary(5, 7, 9));
  std::shared_ptr<const SummaryTable> table = runs.Table();

  EXPECT_TRUE(table->Find(3).known);
  EXPECT_EQ(table->Find(3).summary, a.get());
  EXPECT_TRUE(table->Find(64).known);
  EXPECT_EQ(table->Find(64).summary, nullptr);
  for (uint64_t unknown : {0, 2, 4, 63, 65, 127, 128, 199, 201, 1000}) {
    EXPECT_FALSE(table->Find(unknown).known) << unknown;
  }
  EXPECT_EQ(table->RunOf(128), nullptr);  // no run between 64 and 192 holds anything
  ASSERT_NE(table->RunOf(200), nullptr);
  EXPECT_EQ(table->RunOf(200)->first_number, 192u);

  bool known = false;
  EXPECT_EQ(runs.Find(3, &known), a);
  EXPECT_TRUE(known);
  EXPECT_EQ(runs.Find(64, &known), nullptr);
  EXPECT_TRUE(known);
  EXPECT_EQ(runs.Find(65, &known), nullptr);
  EXPECT_FALSE(known);
}

TEST(SummaryTableTest, ARunSpansTheTimesOfItsSummarizedSegments) {
  SummaryRuns runs;
  runs.Set(1, Summary(10, 500, 900));
  runs.Set(2, Summary(10, 100, 300));
  runs.Set(3, Summary(0, 0, 0));  // no records: no part of the span
  runs.Set(4, nullptr);
  const SummaryRun* run = runs.Table()->RunOf(2);
  ASSERT_NE(run, nullptr);
  EXPECT_EQ(run->first_number, 0u);
  EXPECT_EQ(run->min_time_ns, 100);
  EXPECT_EQ(run->max_time_ns, 900);
  EXPECT_EQ(run->known, 0b11110u);
  EXPECT_EQ(run->summarized(), 0b01110u);
  EXPECT_EQ(run->columns.present, 0b01110u);
  EXPECT_EQ(run->columns.record_count[1], 10u);
  EXPECT_EQ(run->columns.min_time_ns[2], 100);

  // A summary later distrusted (its index rebuilt) leaves the span and the columns.
  runs.Set(1, nullptr);
  run = runs.Table()->RunOf(2);
  EXPECT_EQ(run->min_time_ns, 100);
  EXPECT_EQ(run->max_time_ns, 300);
  EXPECT_EQ(run->summarized(), 0b01100u);
  EXPECT_EQ(run->columns.present, 0b01100u);

  SummaryRuns empty_only;
  empty_only.Set(5, Summary(0, 0, 0));
  const SummaryRun* empty = empty_only.Table()->RunOf(5);
  EXPECT_GT(empty->min_time_ns, empty->max_time_ns) << "an empty span";
}

TEST(SummaryTableTest, ATableTakenStaysAsItWas) {
  SummaryRuns runs;
  runs.Set(10, Summary(1, 1, 1));
  std::shared_ptr<const SummaryTable> before = runs.Table();
  EXPECT_EQ(runs.Table(), before) << "nothing set since: the same table";
  runs.Set(11, Summary(1, 2, 2));
  runs.Set(10, nullptr);
  std::shared_ptr<const SummaryTable> after = runs.Table();
  EXPECT_NE(after, before);
  EXPECT_NE(before->Find(10).summary, nullptr);
  EXPECT_FALSE(before->Find(11).known);
  EXPECT_EQ(before->RunOf(10)->max_time_ns, 1);
  EXPECT_EQ(after->Find(10).summary, nullptr);
  EXPECT_TRUE(after->Find(11).known);
  EXPECT_EQ(after->RunOf(10)->max_time_ns, 2);
}

TEST(SummaryTableTest, RunsNeedNotBeContiguous) {
  SummaryRuns runs;
  for (uint64_t number : {640, 5, 6400, 64, 64000}) runs.Set(number, Summary(1, 0, 0));
  std::shared_ptr<const SummaryTable> table = runs.Table();
  for (uint64_t number : {640, 5, 6400, 64, 64000}) {
    EXPECT_TRUE(table->Find(number).known) << number;
    EXPECT_FALSE(table->Find(number + 1).known) << number;
  }
  EXPECT_EQ(table->RunOf(100000), nullptr);
  EXPECT_EQ(SummaryTable().RunOf(5), nullptr);
  EXPECT_FALSE(SummaryTable().Find(5).known);
}

}  // namespace
}  // namespace sealog
