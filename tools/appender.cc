#include "tools/appender.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

#include "tools/cli_common.h"
#include "tools/gunzip.h"
#include "tools/line_reader.h"

namespace sealog::cli {
namespace {

// How long the ack thread waits in one AwaitDurable call; bounds how late it
// notices that the run is over.
constexpr std::chrono::milliseconds kAckPoll{100};

// Blank lines (nothing but spaces, tabs or a '\r') are skipped, not errors.
bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// The most an input read whole (a Records document, a gzip file and what it
// unpacks to) may hold: simdjson's limit is 4 GiB, and CloudTrail's files are
// far smaller (it starts a new one every 5 minutes).
constexpr size_t kWholeInputMax = size_t{1} << 30;
// Enough to see '{' and "Records" behind any whitespace that S3 files have.
constexpr size_t kRecordsPeekBytes = 64;
constexpr size_t kGzipMagicBytes = 2;
// How often AppendFrom reports progress, in lines.
constexpr uint64_t kProgressEvery = 4096;

std::string LinePlace(const std::string& name, uint64_t line_number) {
  return name + ":" + std::to_string(line_number);
}

}  // namespace

std::string Appender::Place::ToString() const {
  if (in_records) return name + ":Records[" + std::to_string(number) + "]";
  return LinePlace(name, number);
}

Appender::Appender(Store* store, EventParser* parser, const AppendSettings& settings)
    : store_(store), parser_(parser), settings_(settings) {
  if (settings_.ack) {
    const uint64_t durable = store_->Stats().durable_seq;
    acked_seq_ = durable;
    ack_thread_ = std::thread([this, durable] { AckLoop(durable); });
  }
}

Appender::~Appender() { StopAcks(); }

int Appender::AppendFrom(int fd, const std::string& name) {
  LineReader reader(fd, settings_.max_event_bytes,
                    settings_.signals != nullptr ? settings_.signals->fd() : -1);
  // Two bytes tell gzip apart; only a Records document needs more, so that a
  // stream of short events is never held back waiting for 64 bytes.
  const std::string_view head =
      reader.Peek(settings_.records_documents ? kRecordsPeekBytes : kGzipMagicBytes);
  const bool gzip = LooksLikeGzip(head);
  if (gzip || (settings_.records_documents && LooksLikeRecordsDocument(head))) {
    return AppendWholeInput(reader, name, gzip);
  }
  while (true) {
    int exit_code = kOk;
    switch (reader.Next()) {
      case LineReader::Kind::kLine:
        if (settings_.progress && reader.line_number() % kProgressEvery == 0) {
          settings_.progress(reader.bytes_read());
        }
        if (IsBlank(reader.line())) continue;
        exit_code = Append(reader.line(), Place{name, reader.line_number(), false});
        break;
      case LineReader::Kind::kTooLong:
        exit_code = TooLong(Place{name, reader.line_number(), false}, reader.too_long_bytes());
        break;
      case LineReader::Kind::kEnd:
        return kOk;
      case LineReader::Kind::kInterrupted:
        return Interrupted(name, reader.line_number() + 1);
      case LineReader::Kind::kError: {
        const bool kept = FinishQuietly().ok();
        PrintError("cannot read " + name + ": " + std::strerror(reader.error_number()),
                   LinePlace(name, reader.line_number() + 1),
                   kept ? "the events before this point are stored; check the input"
                        : "the store failed too; check the disk and the input");
        return kEnvironment;
      }
    }
    if (exit_code != kOk) return exit_code;
  }
}

int Appender::AppendWholeInput(LineReader& reader, const std::string& name, bool gzip) {
  std::string bytes;
  switch (reader.ReadRest(kWholeInputMax, &bytes)) {
    case LineReader::Kind::kEnd:
      break;
    case LineReader::Kind::kInterrupted:
      return Interrupted(name, 1);
    case LineReader::Kind::kTooLong:
      return BadLine(Place{name, 1, false}, std::string(gzip ? "gzip file" : "Records document") +
                                                " is more than " + std::to_string(kWholeInputMax) +
                                                " bytes; split it or give it as JSON Lines");
    default: {
      const bool kept = FinishQuietly().ok();
      PrintError("cannot read " + name + ": " + std::strerror(reader.error_number()), name,
                 kept ? "the events before this file are stored; check the input"
                      : "the store failed too; check the disk and the input");
      return kEnvironment;
    }
  }
  if (settings_.progress) settings_.progress(reader.bytes_read());
  if (!gzip) return AppendRecordsDocument(bytes, name);
  std::string text;
  const Status unpacked = Gunzip(bytes, kWholeInputMax, &text);
  if (!unpacked.ok()) return BadLine(Place{name, 1, false}, unpacked.message());
  bytes = std::string();  // the compressed copy is no longer needed
  if (settings_.records_documents && LooksLikeRecordsDocument(text.substr(0, kRecordsPeekBytes))) {
    return AppendRecordsDocument(text, name);
  }
  return AppendLines(text, name);
}

int Appender::AppendLines(std::string_view text, const std::string& name) {
  uint64_t line_number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (IsBlank(line)) continue;
    const Place place{name, line_number, false};
    const int exit_code =
        line.size() > settings_.max_event_bytes ? TooLong(place, line.size()) : Append(line, place);
    if (exit_code != kOk) return exit_code;
  }
  return kOk;
}

int Appender::AppendRecordsDocument(std::string_view document, const std::string& name) {
  int exit_code = kOk;
  const Status split = SplitRecordsDocument(document, [&](size_t index, std::string_view event) {
    exit_code = Append(event, Place{name, index, true});
    // Any status stops the split; exit_code says whether it was an error.
    return exit_code == kOk ? Status::Ok() : Status::InvalidArgument("stopped");
  });
  if (exit_code != kOk) return exit_code;
  if (!split.ok()) return BadLine(Place{name, 1, false}, split.message());
  return kOk;
}

int Appender::Append(std::string_view line, const Place& place) {
  Status parsed = parser_->Parse(line, &event_);
  if (!parsed.ok()) return BadLine(place, parsed.message());
  Result<uint64_t> seq = store_->AppendAsync(event_);
  if (!seq.ok()) {
    // The engine refuses an event it cannot hold (kInvalidArgument): that is
    // this line's fault. Anything else means the store cannot go on.
    if (seq.status().IsInvalidArgument()) return BadLine(place, seq.status().message());
    FinishQuietly();  // the first error is the one to report
    return ReportStatus(seq.status(), place.ToString());
  }
  if (totals_.appended == 0) totals_.first_seq = *seq;
  totals_.last_seq = *seq;
  ++totals_.appended;
  return kOk;
}

int Appender::TooLong(const Place& place, uint64_t bytes) {
  return BadLine(place, "event is " + std::to_string(bytes) +
                            " bytes, more than --max-event-bytes " +
                            std::to_string(settings_.max_event_bytes));
}

int Appender::BadLine(const Place& place, std::string_view message) {
  const std::string what = place.ToString() + ": " + std::string(message);
  if (settings_.on_error == OnError::kSkip) {
    ++totals_.skipped;
    PrintError(what, "skipped", "");
    return kOk;
  }
  // Stop: everything before the bad line is kept, and durable before we say so.
  const int finished = Finish();
  if (finished != kOk) return finished;
  PrintError(what, "stopped here; " + StoredSoFar(),
             "fix the line and append the lines from here on, or pass --on-error skip");
  return kUsage;
}

int Appender::Interrupted(const std::string& name, uint64_t next_line) {
  settings_.signals->Caught();   // consume it, then
  settings_.signals->Release();  // let a second signal end us the hard way
  const int finished = Finish();
  if (finished != kOk) return finished;
  PrintError("interrupted", LinePlace(name, next_line) + " was not appended; " + StoredSoFar(),
             "append the input from this line on");
  return kEnvironment;
}

std::string Appender::StoredSoFar() const {
  if (totals_.appended == 0) return "no event of this run was stored";
  return std::to_string(totals_.appended) + " earlier event" +
         (totals_.appended == 1 ? " is" : "s are") + " stored, seq " +
         std::to_string(totals_.first_seq) + ".." + std::to_string(totals_.last_seq);
}

Status Appender::MakeDurable() {
  if (settings_.durable_by_flush) return store_->Flush();
  if (totals_.appended == 0) return Status::Ok();
  return store_->WaitDurable(totals_.last_seq);
}

Status Appender::FinishQuietly() {
  const Status durable = MakeDurable();
  StopAcks();
  if (durable.ok() && settings_.ack && totals_.appended > 0 && acked_seq_ < totals_.last_seq) {
    PrintAck(totals_.last_seq);
  }
  return durable;
}

int Appender::Finish() {
  const Status durable = FinishQuietly();
  if (!durable.ok()) return ReportStatus(durable, "making the appended events durable");
  return kOk;
}

void Appender::StopAcks() {
  if (!ack_thread_.joinable()) return;
  ack_stop_ = true;
  ack_thread_.join();
}

void Appender::AckLoop(uint64_t known) {
  while (!ack_stop_) {
    Result<uint64_t> durable = store_->AwaitDurable(known, kAckPoll);
    if (!durable.ok()) return;  // the appending thread reports the failure
    if (*durable > known) {
      known = *durable;
      PrintAck(known);
    }
  }
}

// One write per ack, so a reader sees each ack as soon as it is true.
void Appender::PrintAck(uint64_t seq) {
  if (acks_broken_) return;
  const std::string line = "ack " + std::to_string(seq) + "\n";
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {  // nobody reads the acks any more; the events still go in
      acks_broken_ = true;
      return;
    }
    done += static_cast<size_t>(n);
  }
  acked_seq_ = seq;
}

}  // namespace sealog::cli
