// Crash test: `sealog append STORE --ack`, fed the reference workload through
// a pipe, is killed with SIGKILL at random moments; the next run appends more
// to the same store, so recovery runs again and again. After a third of the
// appends another command is killed at a random moment too: `sealog seal`,
// `sealog retention run` moving segments warm or cold, or a writer's open
// while it recovers; none of them may change a record.
//
// Invariants checked after every kill, on `sealog export --format jsonl`:
//   - seqs are 1..n, no gaps, in order;
//   - what was stored before this run is unchanged;
//   - what this run added is an in-order prefix of the lines that entered
//     the pipe (present ⊆ submitted);
//   - every acked seq is present (acked ⊆ present), and acks only grow;
//   - a run that was not killed exits 0 having stored all of its input.
//
// SEALOG_CRASH_ITERATIONS=N runs N iterations (default 200), on a fresh store
// every 200; SEALOG_CRASH_SEED=S replays a run. Failures print the seed.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <ctime>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/tools/cli_test_util.h"

namespace sealog::testing {
namespace {

using std::chrono::microseconds;
using Clock = std::chrono::steady_clock;

constexpr int kIterationsPerStore = 200;
constexpr size_t kFeedLinesMax = 200;
constexpr int kKillDelayMaxUs = 50'000;
constexpr int kChunkPauseMaxUs = 1'000;

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtoull(value, nullptr, 10) : fallback;
}

// One record as read back from jsonl: its seq and the original line.
struct Exported {
  uint64_t seq;
  std::string raw;
};

// Parses `sealog export --format jsonl`. The event is the last member and a
// field value cannot contain an unescaped quote, so the first ,"event": is it.
std::vector<Exported> ParseJsonl(const std::string& text) {
  std::vector<Exported> records;
  for (const std::string& line : SplitLines(text)) {
    const size_t event = line.find(",\"event\":");
    if (line.rfind("{\"seq\":", 0) != 0 || event == std::string::npos || line.back() != '}') {
      ADD_FAILURE() << "malformed jsonl line: " << line.substr(0, 200);
      return records;
    }
    records.push_back(
        {std::stoull(line.substr(7)), line.substr(event + 9, line.size() - event - 10)});
  }
  return records;
}

// The highest "ack N" line; fails the test if acks ever go down or are malformed.
uint64_t MaxAck(const std::string& out) {
  uint64_t max = 0;
  for (const std::string& line : SplitLines(out)) {
    if (line.rfind("ack ", 0) != 0) {
      ADD_FAILURE() << "unexpected stdout line: " << line;
      continue;
    }
    const uint64_t seq = std::stoull(line.substr(4));
    EXPECT_GT(seq, max) << "acks must grow";
    max = std::max(max, seq);
  }
  return max;
}

// Collects the child's output until `delay` has passed, then kills it
// (SIGKILL) and reaps it.
RunResult KillAfter(Child& child, microseconds delay) {
  const Clock::time_point kill_at = Clock::now() + delay;
  while (Clock::now() < kill_at) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(kill_at - Clock::now());
    if (!child.Pump(std::max(left, std::chrono::milliseconds(1)))) break;
  }
  child.Kill(SIGKILL);
  return child.Wait();
}

// An instant `days` from now, as `sealog retention --now` takes it.
std::string DaysFromNow(int days) {
  const std::time_t t = std::time(nullptr) + days * 86'400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

class CrashTest : public ::testing::Test {
 protected:
  // One iteration: feed lines from next_line_ on, kill at a random moment,
  // check the store against stored_.
  void Iteration(std::mt19937_64& random) {
    const std::vector<std::string>& lines = ReferenceLines();
    const size_t feed_count = 1 + random() % kFeedLinesMax;
    std::vector<std::string> feed_lines;
    std::string feed;
    for (size_t i = 0; i < feed_count; ++i) {
      feed_lines.push_back(lines[(next_line_ + i) % lines.size()]);
      feed += feed_lines.back() + "\n";
    }
    const bool let_it_finish = random() % 8 == 0;  // sometimes end the input first
    const microseconds delay(random() % kKillDelayMaxUs);

    // The feed goes in as a trickle of small chunks, so that the kill often
    // lands while records are being parsed, queued and written.
    std::vector<std::pair<size_t, microseconds>> chunks;  // (end offset, pause before)
    for (size_t line = 0, offset = 0; line < feed_count;) {
      const size_t lines_in_chunk = std::min<size_t>(1 + random() % 20, feed_count - line);
      for (size_t i = 0; i < lines_in_chunk; ++i) offset += feed_lines[line + i].size() + 1;
      line += lines_in_chunk;
      chunks.emplace_back(offset, microseconds(random() % kChunkPauseMaxUs));
    }

    std::unique_ptr<Child> child = Child::Spawn({SealogBin(), "append", store_, "--ack"});
    size_t written = 0;
    std::thread writer([&] {
      for (const auto& [end, pause] : chunks) {
        std::this_thread::sleep_for(pause);
        const size_t n = child->WriteStdin(std::string_view(feed).substr(written, end - written));
        written += n;
        if (written < end) return;  // the child is gone
      }
      if (let_it_finish) child->CloseStdin();
    });
    const RunResult result = KillAfter(*child, delay);
    writer.join();
    if (result.term_signal == 0) {
      ASSERT_EQ(result.exit_code, 0) << "append ended by itself but failed:\n" << Describe(result);
      ASSERT_TRUE(let_it_finish) << Describe(result);
    }
    const uint64_t acked = MaxAck(result.out);
    const size_t submitted = std::count(feed.begin(), feed.begin() + written, '\n');

    const RunResult exported = Sealog({"export", store_, "--format", "jsonl"});
    ASSERT_EQ(exported.exit_code, 0) << Describe(exported);
    const std::vector<Exported> records = ParseJsonl(exported.out);
    ASSERT_GE(records.size(), stored_.size()) << "records were lost";
    for (size_t i = 0; i < records.size(); ++i) {
      ASSERT_EQ(records[i].seq, i + 1) << "seqs must be 1..n without gaps";
      if (i < stored_.size()) {
        ASSERT_EQ(records[i].raw, stored_[i]) << "an earlier record changed at seq " << i + 1;
      }
    }
    const size_t added = records.size() - stored_.size();
    ASSERT_LE(added, submitted) << "more records than lines that entered the pipe";
    for (size_t i = 0; i < added; ++i) {
      ASSERT_EQ(records[stored_.size() + i].raw, feed_lines[i]) << "not an in-order prefix";
    }
    ASSERT_LE(acked, records.size()) << "acked seq " << acked << " is not in the store";
    if (result.term_signal == 0) {
      ASSERT_EQ(added, feed_count) << "a clean run must store all its input";
      ASSERT_EQ(acked, records.size());
    }
    for (size_t i = 0; i < added; ++i) stored_.push_back(feed_lines[i]);
    next_line_ += added;
    kills_ += result.term_signal != 0;
    acked_runs_ += acked > 0;
    killed_with_input_pending_ += result.term_signal != 0 && added < submitted;
    killed_with_unacked_records_ += result.term_signal != 0 && acked < records.size();
  }

  // A kill during another command that writes: `seal`, a retention run that
  // moves every sealed segment (warm ten days on, cold in 2099), or the
  // recovery that the next writer's open runs (an append killed before any
  // input). None may change what the store holds, which the read-only
  // export must read whatever the kill left.
  void KillAnotherCommand(std::mt19937_64& random) {
    std::vector<std::string> argv;
    microseconds delay(0);
    const int kind = static_cast<int>(random() % 3);
    switch (kind) {
      case 0:
        argv = {SealogBin(), "seal", store_};
        delay = microseconds(random() % 20'000);
        break;
      case 1:
        argv = {SealogBin(), "retention", store_, "run", "--now",
                random() % 2 == 0 ? DaysFromNow(10) : std::string("2099-01-01T00:00:00Z")};
        delay = microseconds(random() % 60'000);
        break;
      default:
        argv = {SealogBin(), "append", store_, "--ack"};  // its stdin stays open, empty
        delay = microseconds(random() % 4'000);
        break;
    }
    std::unique_ptr<Child> child = Child::Spawn(argv);
    const RunResult result = KillAfter(*child, delay);
    if (result.term_signal == 0) {
      ASSERT_EQ(result.exit_code, 0) << argv[1] << " ended by itself but failed:\n"
                                     << Describe(result);
    }
    std::string expected;
    for (const std::string& line : stored_) expected += line + "\n";
    ASSERT_EQ(ExportRaw(store_), expected) << argv[1] << " killed changed the records";
    ++other_runs_[kind];
    other_killed_[kind] += result.term_signal != 0;
  }

  // The whole store, byte for byte, now and then: raw export and the model
  // agree, and verify finds nothing wrong with a store recovered from kills.
  void CheckRawExport() {
    std::string expected;
    for (const std::string& line : stored_) expected += line + "\n";
    ASSERT_EQ(ExportRaw(store_), expected);
    const RunResult verified = Sealog({"verify", store_});
    ASSERT_EQ(verified.exit_code, 0) << Describe(verified);
  }

  // Seal what the killed appends left, so kills also land after seals.
  void Seal() {
    const RunResult sealed = Sealog({"seal", store_});
    ASSERT_EQ(sealed.exit_code, 0) << Describe(sealed);
  }

  std::string store_;
  std::vector<std::string> stored_;  // what the store must hold, in order
  size_t next_line_ = 0;             // next workload line to feed
  int kills_ = 0;
  int acked_runs_ = 0;
  int killed_with_input_pending_ = 0;    // lines in the pipe never stored
  int killed_with_unacked_records_ = 0;  // records stored but not yet acked
  int other_runs_[3] = {};    // runs of seal, retention, recovery
  int other_killed_[3] = {};  // ... of which killed before they ended
};

TEST_F(CrashTest, KilledAppendsKeepAnInOrderPrefixWithEveryAck) {
  const uint64_t iterations = EnvOr("SEALOG_CRASH_ITERATIONS", 200);
  const uint64_t seed = EnvOr("SEALOG_CRASH_SEED", std::random_device()());
  SCOPED_TRACE("replay with SEALOG_CRASH_SEED=" + std::to_string(seed));
  std::mt19937_64 random(seed);
  ReferenceLines();  // generate it before the clock matters
  std::unique_ptr<TempDir> dir;
  for (uint64_t i = 0; i < iterations; ++i) {
    if (i % kIterationsPerStore == 0) {
      dir = std::make_unique<TempDir>();
      store_ = dir->Path("store");
      stored_.clear();
      InitStore(store_);
    }
    SCOPED_TRACE("iteration " + std::to_string(i));
    ASSERT_NO_FATAL_FAILURE(Iteration(random));
    if (random() % 3 == 0) {
      ASSERT_NO_FATAL_FAILURE(KillAnotherCommand(random));
    }
    if (i % 5 == 4) {
      ASSERT_NO_FATAL_FAILURE(Seal());
    }
    if (i % 25 == 24 || i + 1 == iterations) {
      ASSERT_NO_FATAL_FAILURE(CheckRawExport());
    }
  }
  std::printf(
      "crash test: seed %llu, %llu iterations, %d killed (%d with input pending, %d with "
      "unacked records), %d with acks, %zu records in the last store; and %d seal, %d "
      "retention and %d recovery runs, of which %d, %d and %d killed\n",
      static_cast<unsigned long long>(seed), static_cast<unsigned long long>(iterations), kills_,
      killed_with_input_pending_, killed_with_unacked_records_, acked_runs_, stored_.size(),
      other_runs_[0], other_runs_[1], other_runs_[2], other_killed_[0], other_killed_[1],
      other_killed_[2]);
}

}  // namespace
}  // namespace sealog::testing
