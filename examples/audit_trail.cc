// audit_trail: a program that keeps its audit trail in sealog.
//
//   audit_trail STORE_DIR
//
// Opens the store in STORE_DIR (creating it on the first run), appends a few
// JSON audit events and one event built by hand, reads this run's records back
// and prints them. Run it again: the earlier records are still there and the
// new ones follow them. Exit status: 0 on success, 1 when the store reported
// an error, 2 on bad usage.
//
// docs/API.md quotes this file; keep the two in step.
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "sealog/event.h"
#include "sealog/ingest.h"
#include "sealog/options.h"
#include "sealog/status.h"
#include "sealog/store.h"

namespace {

// A web application's audit events, one JSON object per line. The default
// FieldMapping reads the time from "timestamp" and the fields from "actor",
// "action", "resource"/"target", "tenant", "source_ip" and "outcome"/"status".
constexpr std::string_view kEventLines[] = {
    R"({"timestamp":"2026-03-01T09:15:02.118Z","actor":{"id":"u-1042","email":"ana@example.com"},)"
    R"("action":"user.login","resource":"console","tenant":"acme","source_ip":"203.0.113.7","outcome":"success"})",
    R"({"timestamp":"2026-03-01T09:16:40.502Z","actor":"u-1042","action":"role.grant",)"
    R"("target":"user:u-2211/role:admin","tenant":"acme","source_ip":"203.0.113.7","outcome":"success"})",
    R"({"timestamp":"2026-03-01T09:17:03Z","actor":"u-2211","action":"report.download",)"
    R"("resource":"report-2026-02.csv","tenant":"acme","status":"denied"})",
    // The parser rejects this one: an array cannot be the actor.
    R"({"timestamp":"2026-03-01T09:18:11Z","actor":["u-1042","u-2211"],"action":"user.logout"})",
};

// What a caller does about each error code.
std::string_view Advice(sealog::Code code) {
  switch (code) {
    case sealog::Code::kOk:
      return "";
    case sealog::Code::kInvalidArgument:
      return "this event or option is wrong; the store is unaffected";
    case sealog::Code::kNotFound:
      return "no such store or record";
    case sealog::Code::kBusy:
      return "another process has the store open for writing";
    case sealog::Code::kIOError:
    case sealog::Code::kNoSpace:
    case sealog::Code::kReadOnly:
      return "the store stopped accepting writes; fix the cause, then reopen it";
    case sealog::Code::kCorruption:
    case sealog::Code::kTampered:
      return "the stored log is damaged; keep it for inspection";
  }
  return "";
}

// Reports a failed call; returns the exit status.
int Fail(std::string_view what, const sealog::Status& status) {
  std::cerr << "audit_trail: " << what << ": " << status.ToString() << " ("
            << Advice(status.code()) << ")\n";
  return 1;
}

// Parses kEventLines and queues each event with AppendAsync, then waits once
// for all of them: one thread fills one group commit. A line the parser
// rejects is reported and skipped. Sets *last_seq to the last seq queued.
int AppendParsed(sealog::Store& store, uint64_t* last_seq) {
  sealog::EventParser parser;  // one per thread; reuses its buffers
  sealog::Event event;
  for (std::string_view line : kEventLines) {
    sealog::Status parsed = parser.Parse(line, &event);
    if (!parsed.ok()) {
      std::cerr << "audit_trail: skipped an event: " << parsed.ToString() << "\n";
      continue;
    }
    // `event` views `line` and `parser`; AppendAsync copies them before it returns.
    sealog::Result<uint64_t> seq = store.AppendAsync(event);
    if (seq.status().IsInvalidArgument()) {  // too large: this event's fault
      std::cerr << "audit_trail: skipped an event: " << seq.status().ToString() << "\n";
      continue;
    }
    if (!seq.ok()) return Fail("append", seq.status());
    *last_seq = *seq;
  }
  if (*last_seq == 0) return 0;
  // Once this returns ok, every record up to *last_seq is on disk.
  sealog::Status durable = store.WaitDurable(*last_seq);
  if (!durable.ok()) return Fail("wait for seq " + std::to_string(*last_seq), durable);
  std::cout << "durable through seq " << *last_seq << "\n";
  return 0;
}

// Appends an event the program builds itself, no JSON parsing involved.
// Append blocks until the record is as durable as Options::durability asks.
int AppendBuilt(sealog::Store& store, uint64_t* last_seq) {
  const std::string raw =
      R"({"action":"audit_trail.run","actor":"audit_trail","outcome":"success"})";
  sealog::Event event;
  event.raw = raw;  // the strings need only live until Append returns
  event.time_missing = true;  // the store records its ingest time instead
  event.set_field(sealog::Field::kActor, "audit_trail");
  event.set_field(sealog::Field::kAction, "audit_trail.run");
  event.set_field(sealog::Field::kOutcome, "success");
  sealog::Result<uint64_t> seq = store.Append(event);
  if (!seq.ok()) return Fail("append", seq.status());
  std::cout << "appended seq " << *seq << "\n";
  *last_seq = *seq;
  return 0;
}

// Prints the records with first <= seq <= last, then fetches one by seq.
int PrintRecords(sealog::Store& store, uint64_t first, uint64_t last) {
  std::unique_ptr<sealog::Iterator> it = store.Scan(first, last);  // must not outlive `store`
  while (it->Next()) {
    const sealog::Record& record = it->record();
    std::cout << "seq " << record.seq << " " << sealog::FormatRfc3339(record.time_ns)
              << (record.time_missing ? " (ingest time)" : "");
    for (size_t i = 0; i < sealog::kFieldCount; ++i) {
      const auto field = static_cast<sealog::Field>(i);
      if (!record.field(field).empty()) {
        std::cout << " " << sealog::FieldName(field) << "=" << record.field(field);
      }
    }
    std::cout << "\n";
  }
  // Next() returns false both at the end and on an error: status() tells which.
  if (!it->status().ok()) return Fail("scan", it->status());

  sealog::Result<sealog::Record> record = store.Get(first);
  if (!record.ok()) return Fail("get seq " + std::to_string(first), record.status());
  std::cout << "seq " << first << " as appended: " << record->raw << "\n";
  return 0;
}

// A second, read-only handle: it takes no lock and writes nothing, so it may
// run, in this process or another, beside the writer.
int CountReadOnly(const std::string& dir) {
  sealog::Options options;
  options.read_only = true;
  sealog::Result<std::unique_ptr<sealog::Store>> reader = sealog::Store::Open(dir, options);
  if (!reader.ok()) return Fail("open " + dir + " read-only", reader.status());
  std::cout << "a read-only reader sees " << (*reader)->Stats().records << " records\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: audit_trail STORE_DIR\n";
    return 2;
  }
  const std::string dir = argv[1];

  sealog::Options options;
  options.create_if_missing = true;
  options.durability = sealog::Durability::kBatch;  // the default: acknowledged = on disk
  sealog::Result<std::unique_ptr<sealog::Store>> opened = sealog::Store::Open(dir, options);
  if (!opened.ok()) return Fail("open " + dir, opened.status());
  std::unique_ptr<sealog::Store> store = std::move(opened).value();

  const sealog::RecoveryReport& recovery = store->recovery();
  std::cout << "opened " << dir << ": " << recovery.records << " records in "
            << recovery.segments << " segments\n";
  if (recovery.torn_bytes_dropped > 0) {
    std::cout << "recovery cut " << recovery.torn_bytes_dropped
              << " bytes of an unfinished write at offset " << recovery.torn_tail_offset << "\n";
  }

  const uint64_t first = store->Stats().last_seq + 1;
  uint64_t last = 0;
  if (int failed = AppendParsed(*store, &last)) return failed;
  if (int failed = AppendBuilt(*store, &last)) return failed;
  if (int failed = PrintRecords(*store, first, last)) return failed;
  if (int failed = CountReadOnly(dir)) return failed;
  // ~Store writes and syncs anything still queued and releases the lock.
  return 0;
}
