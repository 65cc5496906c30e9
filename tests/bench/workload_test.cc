// The C++ workload against the reference script, byte for byte.
#include "bench/workload.h"

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace sealog::bench {
namespace {

// Runs bench/reference/gen_workload.py and returns its stdout.
std::string RunReference(size_t events, uint64_t seed) {
  const std::string command = std::string("python3 ") + PROJECT_SOURCE_DIR +
                              "/bench/reference/gen_workload.py " + std::to_string(events) + " " +
                              std::to_string(seed);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string output;
  char buffer[1 << 16];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return output;
}

std::string Generate(WorkloadGenerator& generator, size_t events) {
  std::string output;
  for (size_t i = 0; i < events; ++i) {
    output.append(generator.NextView());
    output.push_back('\n');
  }
  return output;
}

// Compares line by line so that a failure names the first differing event
// instead of printing megabytes.
void ExpectSameLines(std::string_view expected, std::string_view actual) {
  size_t line_number = 1;
  while (!expected.empty() || !actual.empty()) {
    const std::string_view expected_line = expected.substr(0, expected.find('\n'));
    const std::string_view actual_line = actual.substr(0, actual.find('\n'));
    ASSERT_EQ(expected_line, actual_line) << "first difference at event " << line_number;
    expected.remove_prefix(std::min(expected.size(), expected_line.size() + 1));
    actual.remove_prefix(std::min(actual.size(), actual_line.size() + 1));
    ++line_number;
  }
}

void ExpectMatchesReference(uint64_t seed, size_t events) {
  const std::string expected = RunReference(events, seed);
  ASSERT_FALSE(expected.empty()) << "python3 gen_workload.py produced nothing";
  WorkloadGenerator generator(seed);
  const std::string actual = Generate(generator, events);
  ExpectSameLines(expected, actual);
  EXPECT_EQ(expected, actual);
}

TEST(WorkloadTest, First10000EventsOfSeed42MatchTheReference) {
  ExpectMatchesReference(42, 10'000);
}

TEST(WorkloadTest, OtherSeedsMatchTheReference) {
  ExpectMatchesReference(7, 3'000);
  ExpectMatchesReference(UINT64_MAX, 1'000);
}

TEST(WorkloadTest, SameSeedGivesSameBytes) {
  auto tables = std::make_shared<const WorkloadTables>();
  WorkloadGenerator first(1234, tables);
  WorkloadGenerator second(1234, tables);
  EXPECT_EQ(Generate(first, 20'000), Generate(second, 20'000));
}

TEST(WorkloadTest, DifferentSeedsGiveDifferentEvents) {
  auto tables = std::make_shared<const WorkloadTables>();
  WorkloadGenerator first(1, tables);
  WorkloadGenerator second(2, tables);
  EXPECT_NE(first.NextView(), second.NextView());
}

TEST(WorkloadTest, NextCopiesTheSameLineAsNextView) {
  auto tables = std::make_shared<const WorkloadTables>();
  WorkloadGenerator viewing(42, tables);
  WorkloadGenerator copying(42, tables);
  std::string line;
  for (int i = 0; i < 100; ++i) {
    copying.Next(&line);
    ASSERT_EQ(viewing.NextView(), line);
  }
}

TEST(WorkloadTest, FieldsPointAtTheirJsonValues) {
  WorkloadGenerator generator(42);
  WorkloadFields fields;
  for (int i = 0; i < 2'000; ++i) {
    const std::string line(generator.NextView(&fields));
    const Event event = fields.ToEvent(line);
    EXPECT_EQ(event.raw, line);
    for (size_t f = 0; f < kFieldCount; ++f) {
      std::string key = "\"";  // "actor":" (appends: GCC 12 warns wrongly on operator+ here)
      key.append(FieldName(static_cast<Field>(f))).append("\":\"");
      const size_t start = line.find(key) + key.size();
      const std::string value = line.substr(start, line.find('"', start) - start);
      ASSERT_EQ(event.fields[f], value) << FieldName(static_cast<Field>(f)) << " in " << line;
    }
    char resource[16];
    std::snprintf(resource, sizeof(resource), "res/%07u", fields.resource_rank);
    EXPECT_EQ(event.field(Field::kResource), resource);
    EXPECT_EQ(event.field(Field::kActor).starts_with("svc-"), fields.actor_is_service);
  }
}

TEST(WorkloadTest, TimesAreThoseOfTheTimestampsAndMostlyIncrease) {
  WorkloadGenerator generator(42);
  WorkloadFields fields;
  int64_t previous = 0;
  int late = 0;
  for (int i = 0; i < 10'000; ++i) {
    generator.NextView(&fields);
    EXPECT_GE(fields.time_ns, WorkloadGenerator::kEpochNs - 5'000'000'000);
    if (fields.time_ns < previous) ++late;
    previous = fields.time_ns;
  }
  // About 1 in 100 is back-dated.
  EXPECT_GT(late, 50);
  EXPECT_LT(late, 200);
}

TEST(WorkloadTest, LinesAreAbout390Bytes) {
  WorkloadGenerator generator(42);
  size_t bytes = 0;
  for (int i = 0; i < 10'000; ++i) {
    const std::string_view line = generator.NextView();
    EXPECT_LT(line.size(), WorkloadGenerator::kLineBytesMax);
    bytes += line.size();
  }
  EXPECT_NEAR(bytes / 10'000.0, 390, 40);
}

}  // namespace
}  // namespace sealog::bench
