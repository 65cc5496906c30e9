// WorkloadGenerator: the reference audit workload of WORKLOAD.md in C++.
//
// Produces, for a seed, the same JSON Lines as bench/reference/gen_workload.py,
// byte for byte (tests/bench/workload_test.cc checks it against the script),
// and alongside each line the structured fields a benchmark needs to build a
// sealog::Event without parsing JSON.
#ifndef SEALOG_BENCH_WORKLOAD_H_
#define SEALOG_BENCH_WORKLOAD_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bench/split_mix64.h"
#include "bench/zipf_table.h"
#include "sealog/event.h"

namespace sealog::bench {

// The four Zipf tables of the workload (tenants 50, users 10,000, actions 40,
// resources 1,000,000). Immutable; build once and share between generators
// and threads.
struct WorkloadTables {
  WorkloadTables();
  ZipfTable tenants;
  ZipfTable users;
  ZipfTable actions;
  ZipfTable resources;
};

// The structured content of one generated line. Spans are byte offsets into
// that line, so they stay right when the line is copied elsewhere.
struct WorkloadFields {
  struct Span {
    uint16_t offset = 0;
    uint16_t length = 0;
  };
  int64_t time_ns = 0;                  // the "timestamp", UTC ns since the epoch
  std::array<Span, kFieldCount> spans;  // indexed by sealog::Field
  // The draws behind the values, for benchmarks that pick query keys.
  uint32_t tenant_rank = 0;       // tenant-%03d
  uint32_t actor_rank = 0;        // user or service number
  bool actor_is_service = false;  // svc-%04d rather than user-%05d@tenant-%03d
  uint32_t action_rank = 0;       // index into the action list
  uint32_t resource_rank = 0;     // res/%07d

  std::string_view field(std::string_view line, Field f) const {
    const Span& span = spans[static_cast<size_t>(f)];
    return line.substr(span.offset, span.length);
  }
  // An Event whose views point into `line` (the line these fields came with,
  // or a copy of it). REQUIRES: line outlives the Event.
  Event ToEvent(std::string_view line) const;
};

// Generates the workload one event at a time. Not thread safe: one generator
// per thread (they may share one WorkloadTables). Allocates nothing after
// construction, apart from growing the caller's string in Next(std::string*).
class WorkloadGenerator {
 public:
  // Longest line the workload can produce, with room to spare.
  static constexpr size_t kLineBytesMax = 1024;
  // The first event's clock: 2026-01-01T00:00:00Z in ns.
  static constexpr int64_t kEpochNs = 1767225600LL * 1000000000LL;

  // Builds its own tables (about 40 ms).
  explicit WorkloadGenerator(uint64_t seed = 42);
  // Shares prebuilt tables. REQUIRES: tables != nullptr.
  WorkloadGenerator(uint64_t seed, std::shared_ptr<const WorkloadTables> tables);

  // The next event as one JSON line without the trailing '\n'. The view stays
  // valid until the next call. *fields, when not null, describes it.
  std::string_view NextView(WorkloadFields* fields = nullptr);
  // The same, copied into *line (its capacity is reused).
  void Next(std::string* line, WorkloadFields* fields = nullptr) { line->assign(NextView(fields)); }

  const std::shared_ptr<const WorkloadTables>& tables() const { return tables_; }

 private:
  std::shared_ptr<const WorkloadTables> tables_;
  SplitMix64 random_;
  int64_t clock_ns_ = kEpochNs;
  std::array<char, kLineBytesMax> buffer_;
};

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_WORKLOAD_H_
