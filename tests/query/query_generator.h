// Random query texts over a set of records, for differential tests: terms
// take their values from the records (so that answers are not all empty),
// from near them (prefixes, neighbours in a range, one past the last time)
// and from nowhere (values no record has), combined with AND, OR, NOT,
// implicit AND and parentheses to a bounded depth.
#ifndef SEALOG_TESTS_QUERY_QUERY_GENERATOR_H_
#define SEALOG_TESTS_QUERY_QUERY_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/split_mix64.h"
#include "sealog/event.h"

namespace sealog::testing {

class QueryGenerator {
 public:
  // REQUIRES: records outlive the generator and are not empty.
  QueryGenerator(const std::vector<Record>& records, uint64_t seed);
  std::string Next();

 private:
  std::string Expression(int depth);
  std::string Term();
  std::string FieldTerm();
  std::string TimeTerm();
  std::string SeqTerm();
  std::string EventTerm();
  const Record& AnyRecord();
  uint64_t Below(uint64_t n) { return random_.Next() % n; }

  const std::vector<Record>& records_;
  bench::SplitMix64 random_;
  int64_t min_time_ = 0;
  int64_t max_time_ = 0;
};

// `value` as a query value: bare when it is safe to, else quoted.
std::string QueryValue(const std::string& value);

}  // namespace sealog::testing

#endif  // SEALOG_TESTS_QUERY_QUERY_GENERATOR_H_
