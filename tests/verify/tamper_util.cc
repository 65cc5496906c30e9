#include "tests/verify/tamper_util.h"

#include <fstream>
#include <memory>
#include <sstream>

#include "crypto/text_codec.h"
#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/io/env.h"
#include "engine/record.h"
#include "engine/seal_log.h"
#include "engine/segment.h"
#include "tests/engine/test_util.h"

namespace sealog::tamper {

namespace {

constexpr std::string_view kSealsMagic = "SEALOGSL";
constexpr uint32_t kSealsHeaderSize = 32;

}  // namespace

void BuildStore(const std::string& dir, const StoreShape& shape, BuiltStore* out) {
  Options options;
  options.create_if_missing = true;
  options.error_if_exists = true;
  options.root_key_seed = shape.root_key_seed;
  // Small, but every segment is closed by Roll() after exactly
  // records_per_segment records, never by size or age: the layout is exact.
  options.segment_size_max = 1 << 20;
  options.segment_age_max_ms = 0;
  options.preallocate_step = 64 << 10;
  Result<std::unique_ptr<Store>> opened = Store::Open(dir, options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;
  uint64_t n = shape.first_n;
  auto append = [&](uint64_t count) {
    for (uint64_t i = 0; i < count; ++i, ++n) {
      testing::TestEvent event(n, shape.pad);
      ASSERT_TRUE(store.AppendAsync(event.event).ok());
    }
  };
  for (uint64_t s = 0; s < shape.sealed_segments; ++s) {
    ASSERT_NO_FATAL_FAILURE(append(shape.records_per_segment));
    ASSERT_TRUE(store.Roll().ok());
  }
  ASSERT_NO_FATAL_FAILURE(append(shape.unsealed_records));
  ASSERT_TRUE(store.Flush().ok());

  const StoreStats stats = store.Stats();
  out->dir = dir;
  out->records = stats.records;
  out->segments = stats.segments;
  ASSERT_EQ(out->records,
            shape.sealed_segments * shape.records_per_segment + shape.unsealed_records);
  ASSERT_EQ(out->segments.size(), shape.sealed_segments + 1);
  for (size_t i = 0; i < out->segments.size(); ++i) {
    ASSERT_EQ(out->segments[i].number, i + 1);
  }
  ASSERT_TRUE(out->segments.back().active);
  // The raw log id, as the files carry it.
  const std::string seg1 = ReadBytes(SegmentPath(dir, 1));
  ASSERT_GE(seg1.size(), format::kSegmentHeaderSize);
  out->log_id = seg1.substr(format::kSegmentLogIdOffset, format::kLogIdSize);
  ASSERT_EQ(crypto::HexEncode(out->log_id), store.log_id());
}

std::string SegmentPath(const std::string& dir, uint64_t number) {
  return dir + "/" + SegmentFileName(number);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  EXPECT_TRUE(out.good()) << "cannot write " << path;
}

std::vector<FrameSpan> ListFrames(std::string_view file, std::string_view log_id, uint64_t number) {
  std::vector<FrameSpan> frames;
  const uint64_t seed = SegmentSeed(log_id, number);
  uint64_t offset = format::kSegmentHeaderSize;
  while (offset < file.size()) {
    RecordView view;
    size_t size = 0;
    if (DecodeFrame(file.substr(offset), seed, &view, &size) != FrameState::kOk) break;
    frames.push_back({offset, size, view.seq});
    offset += size;
  }
  return frames;
}

void FixChecksum(std::string* file, uint64_t offset, std::string_view log_id, uint64_t number) {
  char* frame = file->data() + offset;
  const uint32_t body = DecodeFixed32(frame + format::kRecordLengthOffset);
  const std::string_view covered(frame + format::kRecordSeqOffset,
                                 format::kRecordHeaderSize - format::kRecordSeqOffset + body);
  EncodeFixed64(frame + format::kRecordChecksumOffset,
                Checksum(covered, SegmentSeed(log_id, number)));
}

uint64_t PadByteOffset(const FrameSpan& frame) {
  // TestEvent's raw bytes end in ...xxx"}: three bytes from the end is padding.
  return frame.offset + frame.size - 3;
}

std::vector<std::string> ReadSealEntries(const std::string& dir, const std::string& log_id) {
  std::shared_ptr<io::Env> env = io::NewPosixEnv();
  std::unique_ptr<SealLog> log;
  uint64_t torn = 0;
  const Status status = SealLog::Open(*env, dir, log_id, /*read_only=*/true, &log, &torn);
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(torn, 0u);
  return status.ok() ? log->entries() : std::vector<std::string>();
}

void WriteSealEntries(const std::string& dir, const std::string& header_log_id,
                      const std::vector<std::string>& entries) {
  std::string bytes(kSealsMagic);
  PutFixed32(&bytes, format::kVersion);
  PutFixed32(&bytes, kSealsHeaderSize);
  bytes.append(header_log_id);
  for (size_t i = 0; i < entries.size(); ++i) bytes += SealLog::Frame(entries[i], i);
  WriteBytes(dir + "/SEALS", bytes);
}

std::string Describe(const VerifyReport& report) {
  std::string text = std::to_string(report.problems.size()) + " problem(s), " +
                     std::to_string(report.records_verified) + " verified, " +
                     std::to_string(report.records_unsealed) + " unsealed\n";
  for (const Problem& p : report.problems) {
    text += std::string("  ") + ProblemKindName(p.kind) + " " + p.file + " segment " +
            std::to_string(p.segment) + " seq " + std::to_string(p.seq) + " offset " +
            std::to_string(p.offset) + ": " + p.message + "\n";
  }
  return text;
}

::testing::AssertionResult OnlyKind(const VerifyReport& report, ProblemKind kind) {
  if (report.problems.empty()) {
    return ::testing::AssertionFailure() << "expected " << ProblemKindName(kind)
                                         << ", verify found nothing: " << Describe(report);
  }
  for (const Problem& p : report.problems) {
    if (p.kind != kind) {
      return ::testing::AssertionFailure()
             << "expected only " << ProblemKindName(kind) << ": " << Describe(report);
    }
  }
  return ::testing::AssertionSuccess();
}

const Problem* FindProblem(const VerifyReport& report, ProblemKind kind, uint64_t segment) {
  for (const Problem& p : report.problems) {
    if (p.kind == kind && p.segment == segment) return &p;
  }
  return nullptr;
}

::testing::AssertionResult NamesSegment(const VerifyReport& report, ProblemKind kind,
                                        uint64_t segment) {
  if (FindProblem(report, kind, segment) != nullptr) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "no " << ProblemKindName(kind) << " problem names segment " << segment << ": "
         << Describe(report);
}

}  // namespace sealog::tamper
