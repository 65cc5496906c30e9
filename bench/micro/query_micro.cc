// The query language (index/query.h): parsing an expression into its tree.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/micro/micro_data.h"
#include "bench/split_mix64.h"
#include "index/query.h"

namespace sealog::bench::micro {
namespace {

// 64 expressions of four shapes an investigator writes, with values taken
// from uniformly drawn workload events.
std::vector<std::string> Expressions() {
  const std::vector<Event>& events = TheSegment().events();
  SplitMix64 random(11);
  auto value = [&](Field field) {
    return std::string(events[random.Uniform(events.size())].field(field));
  };
  std::vector<std::string> out;
  for (int i = 0; i < 16; ++i) {
    out.push_back("actor:" + value(Field::kActor));
    out.push_back("actor:" + value(Field::kActor) + " AND action:" + value(Field::kAction) +
                  " AND time:[now-24h TO now]");
    out.push_back("tenant:" + value(Field::kTenant) +
                  " (outcome:failure OR outcome:denied) time:>=now-7d");
    out.push_back(
        "(action:" + value(Field::kAction) + " OR action:" + value(Field::kAction) +
        ") AND resource:res/00* AND NOT actor:svc-* AND event.details.before.state:active");
  }
  return out;
}

// query::Parse of one expression (lexing, the tree, the time values such
// as now-24h resolved). Bytes are the expressions' bytes.
void query_parse_per_query(benchmark::State& state) {
  const std::vector<std::string> expressions = Expressions();
  constexpr int64_t kNowNs = 1767225600LL * 1000000000LL + 3600LL * 1000000000LL;
  size_t i = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    Result<query::Node> node = query::Parse(expressions[i], kNowNs);
    if (!node.ok()) {
      Fail(state, node.status().ToString());
      break;
    }
    benchmark::DoNotOptimize(node);
    bytes += expressions[i].size();
    if (++i == expressions.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(query_parse_per_query);

}  // namespace
}  // namespace sealog::bench::micro
