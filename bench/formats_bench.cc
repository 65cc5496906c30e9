#include "bench/formats_bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/event_set.h"
#include "bench/timing.h"
#include "tools/record_format.h"

namespace sealog::bench {
namespace {

using cli::RecordFormat;
using cli::RecordWriter;

struct Named {
  const char* name;
  RecordFormat format;
};

constexpr Named kFormats[] = {
    {"raw", RecordFormat::kRaw},       {"jsonl", RecordFormat::kJsonl},
    {"csv", RecordFormat::kCsv},       {"cef", RecordFormat::kCef},
    {"syslog", RecordFormat::kSyslog}, {"ocsf", RecordFormat::kOcsf},
    {"table", RecordFormat::kTable},
};

// The events as the records a scan would return.
std::vector<Record> RecordsOf(const EventSet& events) {
  std::vector<Record> records;
  records.reserve(events.size());
  uint64_t seq = 0;
  for (const Event& event : events.events()) {
    Record record;
    record.seq = ++seq;
    record.time_ns = event.time_ns;
    record.ingest_ns = event.time_ns + 1'000'000;
    for (size_t i = 0; i < kFieldCount; ++i) record.fields[i] = std::string(event.fields[i]);
    record.raw = std::string(event.raw);
    records.push_back(std::move(record));
  }
  return records;
}

struct Run {
  double seconds = 0;
  uint64_t bytes = 0;
};

// Writes every record into a buffer that is emptied at 1 MiB, as Output does.
Run TimeFormat(const RecordWriter& writer, const std::vector<Record>& records) {
  constexpr size_t kFlushBytes = 1 << 20;
  std::string buffer;
  buffer.reserve(2 * kFlushBytes);
  Run run;
  const auto start = std::chrono::steady_clock::now();
  writer.AppendHeader(&buffer);
  for (const Record& record : records) {
    writer.Append(record, &buffer);
    if (buffer.size() >= kFlushBytes) {
      run.bytes += buffer.size();
      buffer.clear();
    }
  }
  run.bytes += buffer.size();
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace

int RunFormatsBench(const FormatsBenchOptions& options) {
  const EventSet events(options.events, options.seed);
  const std::vector<Record> records = RecordsOf(events);
  struct Result {
    const char* name;
    double seconds;
    uint64_t bytes;
  };
  std::vector<Result> results;
  for (const Named& named : kFormats) {
    const RecordWriter writer(named.format, "bench-host");
    std::vector<double> seconds;
    uint64_t bytes = 0;
    for (int i = 0; i < options.repetitions; ++i) {
      const Run run = TimeFormat(writer, records);
      seconds.push_back(run.seconds);
      bytes = run.bytes;
    }
    results.push_back({named.name, Median(seconds), bytes});
  }
  const double raw_seconds = results[0].seconds;
  if (!options.json) {
    std::printf("formats: %llu records of the reference workload (%.1f MB of JSON), median of %d\n",
                static_cast<unsigned long long>(records.size()), events.json_bytes() / 1e6,
                options.repetitions);
    std::printf("%-8s %14s %10s %12s %14s\n", "format", "records/s", "out MB/s", "out bytes/rec",
                "time vs raw");
  }
  for (const Result& result : results) {
    const double per_s = records.size() / result.seconds;
    const double mb_per_s = result.bytes / result.seconds / 1e6;
    const double per_record = static_cast<double>(result.bytes) / records.size();
    const double vs_raw = result.seconds / raw_seconds;
    if (options.json) {
      std::printf(
          "{\"bench\":\"formats\",\"format\":\"%s\",\"records\":%zu,\"records_per_s\":%.0f,"
          "\"out_mb_per_s\":%.1f,\"out_bytes_per_record\":%.1f,\"time_vs_raw\":%.2f}\n",
          result.name, records.size(), per_s, mb_per_s, per_record, vs_raw);
    } else {
      std::printf("%-8s %14.0f %10.1f %12.1f %13.2fx\n", result.name, per_s, mb_per_s, per_record,
                  vs_raw);
    }
  }
  return 0;
}

}  // namespace sealog::bench
