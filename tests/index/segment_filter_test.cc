// SegmentFilter: a query compiled once and tested against segment summaries,
// one at a time (MayMatch) or a run of them as columns (MayMatchEach). The
// columns must never rule out a segment that MayMatch keeps: that would hide
// its records from the query.
#include <gtest/gtest.h>

#include <bit>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "index/index_builder.h"
#include "index/index_file.h"
#include "index/planner.h"
#include "index/query.h"
#include "tests/index/index_test_util.h"

namespace sealog::index {
namespace {

using query::Node;
using query::Op;
using query::Target;
using testing::AddRecords;
using testing::ExampleIdentity;
using testing::RandomRecords;
using testing::TestRecord;

Node Leaf(query::Term term) {
  Node node;
  node.kind = Node::Kind::kTerm;
  node.term = std::move(term);
  return node;
}

Node FieldTerm(Field field, Op op, std::string value, std::string high = {}) {
  query::Term term;
  term.target = Target::kField;
  term.field = field;
  term.op = op;
  term.value = std::move(value);
  term.high = std::move(high);
  return Leaf(std::move(term));
}

Node Span(Target target, int64_t lo, int64_t hi) {
  query::Term term;
  term.target = target;
  term.lo = lo;
  term.hi = hi;
  return Leaf(std::move(term));
}

Node Join(Node::Kind kind, std::vector<Node> children) {
  Node node;
  node.kind = kind;
  node.children = std::move(children);
  return node;
}

// A segment: its records, its index file and where it starts.
struct Segment {
  std::vector<TestRecord> records;
  std::unique_ptr<IndexFile> file;
  uint64_t first_seq = 0;
};

class TreeMaker {
 public:
  TreeMaker(const std::vector<Segment>& segments, uint64_t seed)
      : segments_(segments), rng_(seed) {}

  Node Make(int depth) {
    const uint64_t dice = rng_() % 10;
    if (depth > 0 && dice < 2) return Join(Node::Kind::kAnd, {Make(depth - 1), Make(depth - 1)});
    if (depth > 0 && dice < 4) return Join(Node::Kind::kOr, {Make(depth - 1), Make(depth - 1)});
    if (depth > 0 && dice < 5) return Join(Node::Kind::kNot, {Make(depth - 1)});
    return MakeLeaf();
  }

 private:
  // A field value of some record, or (one time in four) one no record has.
  std::string Value(Field field) {
    const Segment& segment = segments_[rng_() % segments_.size()];
    if (segment.records.empty() || rng_() % 4 == 0) {
      return std::string("absent-").append(std::to_string(rng_() % 1000));
    }
    return segment.records[rng_() % segment.records.size()].fields[static_cast<size_t>(field)];
  }

  int64_t Time() {
    const Segment& segment = segments_[rng_() % segments_.size()];
    if (segment.records.empty()) return static_cast<int64_t>(rng_() % 1000);
    return segment.records[rng_() % segment.records.size()].time_ns;
  }

  Node MakeLeaf() {
    const Field field = static_cast<Field>(rng_() % kFieldCount);
    switch (rng_() % 7) {
      case 0:
      case 1:
      case 2:
        return FieldTerm(field, Op::kEq, Value(field));
      case 3: {
        std::string value = Value(field);
        value.resize(value.size() / 2);
        return FieldTerm(field, Op::kPrefix, value);
      }
      case 4:
        return FieldTerm(field, Op::kRange, Value(field), Value(field));
      case 5: {
        const int64_t a = Time(), b = Time();
        return Span(Target::kTime, std::min(a, b), std::max(a, b) + (rng_() % 3 == 0 ? 0 : 1000));
      }
      default: {
        const int64_t lo = static_cast<int64_t>(rng_() % (64 * 1000));
        return Span(Target::kSeq, lo, lo + static_cast<int64_t>(rng_() % 3000));
      }
    }
  }

  const std::vector<Segment>& segments_;
  std::mt19937_64 rng_;
};

TEST(SegmentFilterTest, ColumnsRuleOutOnlyWhatEachSummaryRulesOut) {
  std::mt19937_64 rng(7);
  std::vector<Segment> segments(SummaryColumns::kMax);
  SummaryColumns columns;
  for (size_t i = 0; i < segments.size(); ++i) {
    Segment& segment = segments[i];
    segment.first_seq = 1 + 1000 * i;
    if (i % 11 == 5) continue;  // no summary at this position
    // Some segments hold a few records, some hundreds: filters of every size.
    segment.records = RandomRecords(100 + i, i % 13 == 0 ? 1 : 1 + rng() % 400);
    IndexBuilder builder;
    AddRecords(segment.records, &builder);
    const Status status =
        IndexFile::OpenBytes(builder.Encode(ExampleIdentity(i + 1, segment.first_seq)), "x.idx",
                             ExampleIdentity(i + 1, segment.first_seq), nullptr, &segment.file);
    ASSERT_TRUE(status.ok()) << status.ToString();
    columns.Set(i, &segment.file->summary());
  }
  EXPECT_EQ(std::popcount(columns.present), 64 - 6);

  TreeMaker maker(segments, 8);
  int ruled_out = 0;
  for (int q = 0; q < 2000; ++q) {
    const Node tree = maker.Make(3);
    const SegmentFilter filter(tree);
    const uint64_t each = filter.MayMatchEach(columns);
    EXPECT_EQ(each & ~columns.present, 0u) << "a position without a summary is never set";
    for (size_t i = 0; i < segments.size(); ++i) {
      if (!segments[i].file) continue;
      const bool may = filter.MayMatch(segments[i].file->summary(), segments[i].first_seq);
      const bool kept = (each >> i & 1) != 0;
      ASSERT_TRUE(kept || !may) << "query " << q << " segment " << i;
      ruled_out += !kept;
    }
  }
  // And the columns do rule out: absent values, time ranges and empty ranges.
  EXPECT_GT(ruled_out, 2000 * 58 / 10);
}

TEST(SegmentFilterTest, ColumnsOfAnExactValueAreItsBloomFilters) {
  std::vector<Segment> segments(SummaryColumns::kMax);
  SummaryColumns columns;
  for (size_t i = 0; i < segments.size(); ++i) {
    segments[i].records = RandomRecords(300 + i, 50);
    IndexBuilder builder;
    AddRecords(segments[i].records, &builder);
    ASSERT_TRUE(IndexFile::OpenBytes(builder.Encode(ExampleIdentity(i + 1, 1)), "x.idx",
                                     ExampleIdentity(i + 1, 1), nullptr, &segments[i].file)
                    .ok());
    columns.Set(i, &segments[i].file->summary());
  }
  // Every segment holding the value is kept; of the others, few get through.
  const std::string value = segments[17].records[3].fields[0];
  ASSERT_FALSE(value.empty());
  const Node tree = FieldTerm(Field::kActor, Op::kEq, value);
  const uint64_t each = SegmentFilter(tree).MayMatchEach(columns);
  int holding = 0;
  for (size_t i = 0; i < segments.size(); ++i) {
    bool holds = false;
    for (const TestRecord& record : segments[i].records) holds = holds || record.fields[0] == value;
    holding += holds;
    if (holds) {
      EXPECT_TRUE(each >> i & 1) << i;
    }
  }
  EXPECT_LE(std::popcount(each), holding + 4);
  // Cleared positions are ruled out of every query.
  columns.Set(17, nullptr);
  EXPECT_EQ(SegmentFilter(tree).MayMatchEach(columns) >> 17 & 1, 0u);
  EXPECT_EQ(SegmentFilter(Node()).MayMatchEach(columns), ~(uint64_t{1} << 17));
}

TEST(SegmentFilterTest, ColumnsDecideWithoutRangesPrefixesOrSeqs) {
  const Node eq = FieldTerm(Field::kActor, Op::kEq, "alice");
  const Node time = Span(Target::kTime, 1, 2);
  EXPECT_TRUE(SegmentFilter(Node()).columns_decide());
  EXPECT_TRUE(SegmentFilter(eq).columns_decide());
  EXPECT_TRUE(SegmentFilter(Join(Node::Kind::kOr, {eq, Join(Node::Kind::kNot, {time})}))
                  .columns_decide());
  EXPECT_FALSE(SegmentFilter(FieldTerm(Field::kActor, Op::kPrefix, "al")).columns_decide());
  EXPECT_FALSE(SegmentFilter(Join(Node::Kind::kAnd, {eq, Span(Target::kSeq, 1, 9)}))
                   .columns_decide());
  EXPECT_FALSE(SegmentFilter(Join(Node::Kind::kOr, {time, FieldTerm(Field::kAction, Op::kRange,
                                                                   "a", "b")}))
                   .columns_decide());
}

}  // namespace
}  // namespace sealog::index
