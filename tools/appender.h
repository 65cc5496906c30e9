// Appender: the ingest loop of `sealog append`, from lines to durable records.
#ifndef SEALOG_TOOLS_APPENDER_H_
#define SEALOG_TOOLS_APPENDER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include "sealog/ingest.h"
#include "sealog/store.h"
#include "tools/signal_catcher.h"

namespace sealog::cli {

enum class OnError { kStop, kSkip };

struct AppendSettings {
  OnError on_error = OnError::kStop;
  bool ack = false;               // print "ack SEQ" on stdout as records become durable
  bool durable_by_flush = false;  // Durability::kNone: finish with Flush, not WaitDurable
  size_t max_event_bytes = kMaxEventBytesDefault;
  // Accept CloudTrail's {"Records":[...]} files as well as JSON Lines: an
  // input that starts like one (LooksLikeRecordsDocument) is read whole and
  // each element of its Records array appended as one event.
  bool records_documents = false;
  // Called now and then with the input bytes read so far (for a progress bar).
  std::function<void(uint64_t bytes_read)> progress;
  // When set, SIGINT/SIGTERM stop the run cleanly: everything read so far
  // is made durable, and the error names the first line not appended.
  SignalCatcher* signals = nullptr;
};

struct AppendTotals {
  uint64_t appended = 0;  // records queued by this run
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  uint64_t skipped = 0;  // bad lines passed over with --on-error skip
};

// Reads lines, parses each into an Event and queues it with
// Store::AppendAsync, so that one thread keeps the group commit full. With
// settings.ack, a second thread prints acks as AwaitDurable reports progress.
// Errors are printed (cli_common.h) where they happen. Used by one thread.
class Appender {
 public:
  // `store` and `parser` must outlive the Appender.
  Appender(Store* store, EventParser* parser, const AppendSettings& settings);
  ~Appender();  // stops the ack thread
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;

  // Appends every line read from fd (or every element of a Records document,
  // see AppendSettings); `name` is the file name for messages. An input that
  // starts with the gzip magic bytes is read whole and unpacked first.
  // Returns 0, or the exit code of the error that stopped the run, which was
  // already printed; after an error, do not call AppendFrom again. A bad line
  // with OnError::kStop makes every earlier record durable before it returns.
  int AppendFrom(int fd, const std::string& name);

  // Makes every queued record durable and prints the last ack. Returns 0, or
  // the exit code of the printed error.
  int Finish();

  const AppendTotals& totals() const { return totals_; }

 private:
  // Handles one bad line: reports it and returns 0 to go on (skip) or the
  // exit code to stop with.
  // Where an event came from, for messages: "FILE:LINE" or "FILE:Records[I]".
  struct Place {
    const std::string& name;
    uint64_t number;  // a 1-based line number, or a 0-based Records index
    bool in_records;
    std::string ToString() const;
  };
  int BadLine(const Place& place, std::string_view message);
  // BadLine for a line of `bytes`, more than settings_.max_event_bytes.
  int TooLong(const Place& place, uint64_t bytes);
  int Append(std::string_view line, const Place& place);
  // Reads the rest of `reader` whole, unpacks it when `gzip`, and appends it
  // as a Records document or as JSON Lines.
  int AppendWholeInput(class LineReader& reader, const std::string& name, bool gzip);
  int AppendRecordsDocument(std::string_view document, const std::string& name);
  // JSON Lines held in memory (an unpacked gzip file).
  int AppendLines(std::string_view text, const std::string& name);
  int Interrupted(const std::string& name, uint64_t next_line);
  // "N events are stored, seq A..B" or "no event of this run was stored".
  std::string StoredSoFar() const;
  Status MakeDurable();
  // Finish without printing: returns the error instead.
  Status FinishQuietly();
  void StopAcks();
  void AckLoop(uint64_t known);
  void PrintAck(uint64_t seq);

  Store* const store_;
  EventParser* const parser_;
  const AppendSettings settings_;
  AppendTotals totals_;
  Event event_;
  std::thread ack_thread_;
  std::atomic<bool> ack_stop_{false};
  std::atomic<uint64_t> acked_seq_{0};
  bool acks_broken_ = false;  // stdout went away; written by the ack thread while it runs
};

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_APPENDER_H_
