// Cold archives (engine/tier/archive_file.h): segments packed with their
// index heads and seals read back byte for byte, in any pieces, across
// blocks; the layout is the one the header documents (checked with an
// encoder and parser of its own here); damage anywhere is kCorruption; and
// crafted blocks cannot make a reader allocate what they claim.
#include "engine/tier/archive_file.h"

#include <zstd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/split_mix64.h"
#include "crypto/seal.h"
#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/io/fault_env.h"
#include "engine/limits.h"
#include "engine/record.h"
#include "engine/seal_log.h"
#include "engine/segment.h"
#include "engine/tier/record_columns.h"
#include "engine/tier/segment_file.h"
#include "index/index_file.h"
#include "index/index_format.h"
#include "index/index_head.h"
#include "sealog/store.h"
#include "tests/engine/test_util.h"

// The largest single allocation through operator new since the last reset:
// how the bomb tests tell a refusal from an allocation of what a block claims.
// Not under sanitizers, whose runtimes bring their own operator new.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SEALOG_TRACK_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define SEALOG_TRACK_ALLOCATIONS 0
#endif
#endif
#ifndef SEALOG_TRACK_ALLOCATIONS
#define SEALOG_TRACK_ALLOCATIONS 1
#endif

namespace {
std::atomic<size_t> g_largest_allocation{0};
}  // namespace

#if SEALOG_TRACK_ALLOCATIONS
void* operator new(size_t size) {
  size_t seen = g_largest_allocation.load(std::memory_order_relaxed);
  while (size > seen &&
         !g_largest_allocation.compare_exchange_weak(seen, size, std::memory_order_relaxed)) {
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// Out of line, so the compiler does not pair the free() with a new-expression.
__attribute__((noinline)) void operator delete(void* p) noexcept { std::free(p); }
__attribute__((noinline)) void operator delete(void* p, size_t) noexcept { std::free(p); }
#endif

namespace sealog::tier {
namespace {

using namespace format;  // NOLINT

const std::string kLogId = "archive-test-log";  // 16 bytes

Result<std::string> ReadAt(const io::ReadableFile& file, uint64_t offset, size_t n) {
  std::string scratch(n, '\0');
  std::string_view got;
  Status status = file.Read(offset, n, scratch.data(), &got);
  if (!status.ok()) return status;
  return std::string(got);
}

// The whole file in reads of `piece` bytes.
Result<std::string> ReadInPieces(const io::ReadableFile& file, uint64_t size, size_t piece) {
  std::string out;
  while (out.size() < size) {
    Result<std::string> got = ReadAt(file, out.size(), piece);
    if (!got.ok()) return got.status();
    if (got->empty()) return Status::Corruption("empty read at " + std::to_string(out.size()));
    out += *got;
  }
  return out;
}

// A segment file made here: header, then records.
struct SegmentData {
  uint64_t number = 0;
  uint64_t first_seq = 0;
  uint64_t record_count = 0;
  std::string bytes;
  std::vector<uint64_t> record_offsets;
};

SegmentData NewSegment(uint64_t number, uint64_t first_seq) {
  SegmentData s;
  s.number = number;
  s.first_seq = first_seq;
  SegmentHeader header;
  header.log_id = kLogId;
  header.number = number;
  header.first_seq = first_seq;
  header.created_ns = 1'767'225'600'000'000'000;
  s.bytes = EncodeSegmentHeader(header);
  return s;
}

void AddRecord(SegmentData* s, const std::string& raw, std::string_view actor = "alice") {
  Event event;
  event.raw = raw;
  event.time_ns = 1'767'225'600'000'000'000 + static_cast<int64_t>(s->record_count) * 1'000'123;
  event.set_field(Field::kActor, actor);
  event.set_field(Field::kAction, "s3:GetObject");
  s->record_offsets.push_back(s->bytes.size());
  EncodeRecord(event, s->first_seq + s->record_count, s->bytes.size(), event.time_ns + 5'000,
               SegmentSeed(kLogId, s->number), &s->bytes);
  ++s->record_count;
}

// Audit-like JSON of about `pad` + 250 bytes.
std::string AuditRaw(uint64_t n, size_t pad) {
  bench::SplitMix64 random(n);
  static const char kHex[] = "0123456789abcdef";
  std::string request;
  for (int i = 0; i < 32; ++i) request.push_back(kHex[random.Uniform(16)]);
  std::string padding;
  while (padding.size() < pad) padding += "word" + std::to_string(random.Uniform(300)) + " ";
  return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"user" +
         std::to_string(n % 13) + "\"},\"eventTime\":\"2026-01-01T00:00:00Z\",\"requestID\":\"" +
         request + "\",\"sourceIPAddress\":\"10.0." + std::to_string(n % 7) + "." +
         std::to_string(n % 250) + "\",\"n\":" + std::to_string(n) + ",\"note\":\"" + padding +
         "\"}";
}

SegmentData AuditSegment(uint64_t number, uint64_t first_seq, size_t records, size_t pad) {
  SegmentData s = NewSegment(number, first_seq);
  for (size_t i = 0; i < records; ++i) AddRecord(&s, AuditRaw(first_seq + i, pad));
  return s;
}

ArchiveSource SourceOf(const SegmentData& s) {
  ArchiveSource source;
  source.number = s.number;
  source.first_seq = s.first_seq;
  source.record_count = s.record_count;
  source.bytes = io::NewStringFile(s.bytes);
  source.size = s.bytes.size();
  source.index_head = "index head of segment " + std::to_string(s.number);
  return source;
}

// ---------------------------------------------------------------------------
// The archive layout of archive_file.h, written and read here independently
// of the engine's code.

struct LayoutBlock {
  uint32_t bytes = 0;
  uint32_t record_count = 0;
  uint8_t kind = 0;
  uint32_t encoded_bytes = 0;
  std::string frame;  // the zstd frame as stored
};
struct LayoutSegment {
  uint64_t number = 0;
  uint64_t first_seq = 0;
  uint64_t record_count = 0;
  uint64_t size = 0;
  std::string head;
  std::string index_head;
  std::vector<LayoutBlock> blocks;
};
struct Layout {
  std::string log_id = kLogId;
  uint64_t first_segment = 0;
  int32_t level = 3;
  std::vector<LayoutSegment> segments;
  std::string seals;
  // When set, block checksums are seeded with the block's ordinal in its
  // segment instead of in the archive (to show the difference).
  bool per_segment_ordinals = false;
};

std::string BuildArchive(const Layout& layout) {
  std::string file = "SEALOGAR";
  PutFixed32(&file, 1);
  PutFixed32(&file, 48);
  file += layout.log_id;
  PutFixed64(&file, layout.first_segment);
  PutFixed64(&file, Checksum(file));
  for (const LayoutSegment& segment : layout.segments) {
    for (const LayoutBlock& block : segment.blocks) file += block.frame;
  }
  const uint64_t index_heads_offset = file.size();
  std::vector<uint64_t> index_head_offsets;
  for (const LayoutSegment& segment : layout.segments) {
    index_head_offsets.push_back(file.size());
    file += segment.index_head;
  }
  const uint64_t seals_offset = file.size();
  file += layout.seals;
  std::string directory;
  PutFixed32(&directory, static_cast<uint32_t>(layout.segments.size()));
  PutFixed32(&directory, static_cast<uint32_t>(layout.level));
  uint64_t ordinal = 0;
  for (size_t s = 0; s < layout.segments.size(); ++s) {
    const LayoutSegment& segment = layout.segments[s];
    PutFixed64(&directory, segment.number);
    PutFixed64(&directory, segment.first_seq);
    PutFixed64(&directory, segment.record_count);
    PutFixed64(&directory, segment.size);
    PutFixed32(&directory, static_cast<uint32_t>(segment.head.size()));
    directory += segment.head;
    PutFixed64(&directory, index_head_offsets[s]);
    PutFixed32(&directory, static_cast<uint32_t>(segment.index_head.size()));
    PutFixed32(&directory, static_cast<uint32_t>(Checksum(segment.index_head)));
    PutFixed32(&directory, static_cast<uint32_t>(segment.blocks.size()));
    if (layout.per_segment_ordinals) ordinal = 0;
    for (const LayoutBlock& block : segment.blocks) {
      PutFixed32(&directory, block.bytes);
      PutFixed32(&directory, block.record_count);
      directory.push_back(static_cast<char>(block.kind));
      PutFixed32(&directory, block.encoded_bytes);
      PutFixed32(&directory, static_cast<uint32_t>(block.frame.size()));
      PutFixed32(&directory, static_cast<uint32_t>(Checksum(block.frame, ordinal++)));
    }
  }
  const uint64_t directory_offset = file.size();
  file += directory;
  PutFixed64(&file, index_heads_offset);
  PutFixed64(&file, seals_offset);
  PutFixed64(&file, layout.seals.size());
  PutFixed64(&file, Checksum(layout.seals));
  PutFixed64(&file, directory_offset);
  PutFixed64(&file, directory.size());
  PutFixed64(&file, Checksum(directory));
  file += "SEALOGAE";
  return file;
}

// Reads an archive by the documented layout, checking every checksum and
// offset on the way (gtest failures otherwise).
class LayoutReader {
 public:
  explicit LayoutReader(std::string_view bytes) : rest_(bytes) {}
  uint32_t U32() {
    EXPECT_GE(rest_.size(), 4u);
    if (rest_.size() < 4) return 0;
    const uint32_t v = DecodeFixed32(rest_.data());
    rest_.remove_prefix(4);
    return v;
  }
  uint64_t U64() {
    EXPECT_GE(rest_.size(), 8u);
    if (rest_.size() < 8) return 0;
    const uint64_t v = DecodeFixed64(rest_.data());
    rest_.remove_prefix(8);
    return v;
  }
  std::string Bytes(size_t n) {
    EXPECT_GE(rest_.size(), n);
    n = std::min(n, rest_.size());
    std::string v(rest_.substr(0, n));
    rest_.remove_prefix(n);
    return v;
  }
  bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

Layout ParseArchive(const std::string& file) {
  Layout layout;
  EXPECT_GE(file.size(), 48u + 64u);
  if (file.size() < 112) return layout;
  EXPECT_EQ(file.substr(0, 8), "SEALOGAR");
  EXPECT_EQ(DecodeFixed32(file.data() + 8), 1u);
  EXPECT_EQ(DecodeFixed32(file.data() + 12), 48u);
  layout.log_id = file.substr(16, 16);
  layout.first_segment = DecodeFixed64(file.data() + 32);
  EXPECT_EQ(DecodeFixed64(file.data() + 40), Checksum(std::string_view(file).substr(0, 40)));

  LayoutReader trailer(std::string_view(file).substr(file.size() - 64));
  const uint64_t index_heads_offset = trailer.U64();
  const uint64_t seals_offset = trailer.U64();
  const uint64_t seals_bytes = trailer.U64();
  const uint64_t seals_checksum = trailer.U64();
  const uint64_t directory_offset = trailer.U64();
  const uint64_t directory_bytes = trailer.U64();
  const uint64_t directory_checksum = trailer.U64();
  EXPECT_EQ(trailer.Bytes(8), "SEALOGAE");
  EXPECT_EQ(directory_offset + directory_bytes, file.size() - 64);
  EXPECT_EQ(seals_offset + seals_bytes, directory_offset);
  layout.seals = file.substr(seals_offset, seals_bytes);
  EXPECT_EQ(Checksum(layout.seals), seals_checksum);
  const std::string directory = file.substr(directory_offset, directory_bytes);
  EXPECT_EQ(Checksum(directory), directory_checksum);

  LayoutReader in(directory);
  const uint32_t count = in.U32();
  layout.level = static_cast<int32_t>(in.U32());
  uint64_t file_offset = 48;
  uint64_t ordinal = 0;
  uint64_t index_head_at = index_heads_offset;
  for (uint32_t s = 0; s < count; ++s) {
    LayoutSegment segment;
    segment.number = in.U64();
    segment.first_seq = in.U64();
    segment.record_count = in.U64();
    segment.size = in.U64();
    segment.head = in.Bytes(in.U32());
    EXPECT_EQ(segment.head.size(), 64u);
    const uint64_t index_head_offset = in.U64();
    const uint32_t index_head_bytes = in.U32();
    const uint32_t index_head_checksum = in.U32();
    EXPECT_EQ(index_head_offset, index_head_at) << "index heads back to back";
    segment.index_head = file.substr(index_head_offset, index_head_bytes);
    index_head_at += index_head_bytes;
    EXPECT_EQ(static_cast<uint32_t>(Checksum(segment.index_head)), index_head_checksum);
    const uint32_t block_count = in.U32();
    uint64_t bytes = segment.head.size();
    for (uint32_t b = 0; b < block_count; ++b) {
      LayoutBlock block;
      block.bytes = in.U32();
      block.record_count = in.U32();
      block.kind = static_cast<uint8_t>(in.Bytes(1)[0]);
      block.encoded_bytes = in.U32();
      const uint32_t compressed_bytes = in.U32();
      const uint32_t checksum = in.U32();
      block.frame = file.substr(file_offset, compressed_bytes);
      EXPECT_EQ(static_cast<uint32_t>(Checksum(block.frame, ordinal)), checksum);
      EXPECT_EQ(ZSTD_getFrameContentSize(block.frame.data(), block.frame.size()),
                block.encoded_bytes);
      file_offset += compressed_bytes;
      bytes += block.bytes;
      ++ordinal;
      segment.blocks.push_back(std::move(block));
    }
    EXPECT_EQ(bytes, segment.size);
    layout.segments.push_back(std::move(segment));
  }
  EXPECT_TRUE(in.done());
  EXPECT_EQ(file_offset, index_heads_offset) << "blocks back to back from byte 48";
  EXPECT_EQ(index_head_at, seals_offset);
  return layout;
}

std::string Zstd(std::string_view data, int level = 3) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

// A zstd frame by hand: `content` zero bytes in RLE blocks of 128 KiB, its
// header declaring `declared` bytes (or no size at all).
std::string RleFrame(uint64_t content, std::optional<uint64_t> declared) {
  std::string frame;
  PutFixed32(&frame, 0xFD2FB528u);
  frame.push_back(static_cast<char>(declared ? 0xC0 : 0x00));  // 8-byte size, or none
  frame.push_back(static_cast<char>(0x38));                    // window 2^17
  if (declared) PutFixed64(&frame, *declared);
  const uint64_t kBlockMax = 128 << 10;
  do {
    const uint64_t n = std::min(content, kBlockMax);
    content -= n;
    const uint32_t header = (content == 0 ? 1u : 0u) | (1u << 1) | static_cast<uint32_t>(n << 3);
    frame.push_back(static_cast<char>(header & 0xff));
    frame.push_back(static_cast<char>((header >> 8) & 0xff));
    frame.push_back(static_cast<char>((header >> 16) & 0xff));
    frame.push_back('\0');
  } while (content > 0);
  return frame;
}

// ---------------------------------------------------------------------------

class ArchiveFileTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(env_.CreateDir("/arc").ok()); }

  // Writes an archive of `segments` with `seals`, returns its bytes.
  std::string Write(const std::vector<SegmentData>& segments, std::string_view seals, int level = 1,
                    ArchiveStats* stats_out = nullptr) {
    std::vector<ArchiveSource> sources;
    for (const SegmentData& s : segments) sources.push_back(SourceOf(s));
    ArchiveStats stats;
    const Status status = WriteArchive(env_, "/arc", kLogId, sources, seals, level, &stats);
    EXPECT_TRUE(status.ok()) << status.ToString();
    if (stats_out != nullptr) *stats_out = stats;
    path_ = "/arc/" + ArchiveFileName(segments.front().number, segments.back().number);
    std::string bytes;
    EXPECT_TRUE(io::ReadFileToString(env_, path_, &bytes).ok());
    EXPECT_EQ(bytes.size(), stats.stored_bytes);
    EXPECT_FALSE(env_.FileExists(path_ + ".tmp"));
    return bytes;
  }

  static Status OpenBytes(std::string bytes, std::shared_ptr<ArchiveFile>* out) {
    const uint64_t size = bytes.size();
    return ArchiveFile::Open(io::NewStringFile(std::move(bytes)), size, "mem.arc", out);
  }

  // Every byte of every segment, index head and seal: ok and equal to what
  // was packed, or the first error.
  static Status ReadEverything(const ArchiveFile& archive, std::vector<std::string>* segments,
                               std::vector<std::string>* heads, std::string* seals) {
    for (size_t i = 0; i < archive.segments().size(); ++i) {
      Result<std::string> bytes =
          ReadInPieces(*archive.SegmentBytes(i), archive.segments()[i].size, 1 << 20);
      if (!bytes.ok()) return bytes.status();
      if (segments != nullptr) segments->push_back(*bytes);
      std::string head;
      SEALOG_RETURN_IF_ERROR(archive.ReadIndexHead(i, &head));
      if (heads != nullptr) heads->push_back(head);
    }
    std::string s;
    SEALOG_RETURN_IF_ERROR(archive.ReadSeals(&s));
    if (seals != nullptr) *seals = s;
    return Status::Ok();
  }

  io::FaultEnv env_;
  std::string path_;
};

// Segments of a real store: their files, index heads and seals.
TEST_F(ArchiveFileTest, SegmentsOfARealStoreReadBackTheSame) {
  testing::TempDir dir;
  Options options;
  options.create_if_missing = true;
  options.durability = Durability::kNone;
  options.config_toml = "[segments]\nsize_max = \"16KiB\"\n";
  {
    Result<std::unique_ptr<Store>> store = Store::Open(dir.path(), options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (uint64_t n = 1; n <= 150; ++n) {
      testing::TestEvent e(n, 200);
      ASSERT_TRUE((*store)->Append(e.event).ok());
    }
    ASSERT_TRUE((*store)->Roll().ok());
  }
  std::shared_ptr<io::Env> env = io::NewPosixEnv();
  std::vector<std::string> names;
  ASSERT_TRUE(env->GetChildren(dir.path(), &names).ok());
  std::vector<uint64_t> numbers;
  for (const std::string& name : names) {
    if (std::optional<uint64_t> n = ParseSegmentFileName(name)) numbers.push_back(*n);
  }
  std::sort(numbers.begin(), numbers.end());
  ASSERT_GE(numbers.size(), 4u);
  numbers.resize(3);  // closed, sealed, consecutive

  const std::string first_file = testing::ReadFile(dir.Sub(SegmentFileName(numbers[0])));
  SegmentHeader header;
  ASSERT_TRUE(DecodeSegmentHeader(first_file, "first", &header).ok());
  const std::string log_id = header.log_id;
  std::unique_ptr<SealLog> log;
  uint64_t torn = 0;
  ASSERT_TRUE(SealLog::Open(*env, dir.path(), log_id, true, &log, &torn).ok());
  std::map<uint64_t, crypto::Seal> seal_of;
  std::map<uint64_t, size_t> entry_of;
  for (size_t i = 1; i < log->entries().size(); ++i) {
    crypto::Seal seal;
    ASSERT_TRUE(crypto::DecodeSeal(log->entries()[i], &seal).ok());
    seal_of[seal.segment_number] = seal;
    entry_of[seal.segment_number] = i;
  }
  ASSERT_TRUE(entry_of.count(numbers.back()));
  std::string seals;
  for (size_t e = 0; e <= entry_of[numbers.back()]; ++e) seals += log->entries()[e];

  std::vector<ArchiveSource> sources;
  std::vector<std::string> files;
  std::vector<std::string> heads;
  uint64_t total = 0;
  for (uint64_t number : numbers) {
    SegmentFile file;
    ASSERT_TRUE(OpenSegmentFile(*env, dir.path(), number, &file).ok());
    files.push_back(testing::ReadFile(dir.Sub(SegmentFileName(number))));
    ASSERT_EQ(file.size, files.back().size());
    const std::string index = testing::ReadFile(dir.Sub(index::IndexFileName(number)));
    uint32_t head_size = 0;
    ASSERT_TRUE(index::DecodeHeadSize(index, index.size(), "idx", &head_size).ok());
    heads.push_back(index.substr(0, head_size));
    ASSERT_EQ(index::IndexFile::DigestOf(heads.back()), seal_of[number].index_digest);
    ArchiveSource source;
    source.number = number;
    source.first_seq = seal_of[number].first_seq;
    source.record_count = seal_of[number].record_count;
    source.bytes = file.bytes;
    source.size = file.size;
    source.index_head = heads.back();
    sources.push_back(std::move(source));
    total += file.size;
  }
  testing::TempDir out;
  ArchiveStats stats;
  const Status written = WriteArchive(*env, out.path(), log_id, sources, seals, 3, &stats);
  ASSERT_TRUE(written.ok()) << written.ToString();
  EXPECT_EQ(stats.column_blocks, 3u);
  EXPECT_EQ(stats.stored_blocks, 0u);
  EXPECT_LT(stats.stored_bytes, total / 3);

  const std::string path = out.path() + "/" + ArchiveFileName(numbers.front(), numbers.back());
  std::shared_ptr<ArchiveFile> archive;
  const Status opened = OpenArchive(*env, path, &archive);
  ASSERT_TRUE(opened.ok()) << opened.ToString();
  EXPECT_EQ(archive->path(), path);
  EXPECT_EQ(archive->log_id(), log_id);
  EXPECT_EQ(archive->level(), 3);
  EXPECT_EQ(archive->file_size(), stats.stored_bytes);
  ASSERT_EQ(archive->segments().size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    const ArchivedSegment& segment = archive->segments()[i];
    EXPECT_EQ(segment.number, numbers[i]);
    EXPECT_EQ(segment.first_seq, seal_of[numbers[i]].first_seq);
    EXPECT_EQ(segment.record_count, seal_of[numbers[i]].record_count);
    EXPECT_EQ(segment.size, files[i].size());
    EXPECT_EQ(segment.head, files[i].substr(0, kSegmentHeaderSize));
    EXPECT_EQ(archive->Find(numbers[i]), &segment);
    std::shared_ptr<io::ReadableFile> bytes = archive->SegmentBytes(i);
    EXPECT_EQ(*bytes->Size(), files[i].size());
    for (size_t piece : {size_t{1} << 20, size_t{4093}, size_t{64}, size_t{333}}) {
      Result<std::string> read = ReadInPieces(*bytes, segment.size, piece);
      ASSERT_TRUE(read.ok()) << read.status().ToString();
      EXPECT_TRUE(*read == files[i]) << "piece " << piece;
    }
    std::string head;
    ASSERT_TRUE(archive->ReadIndexHead(i, &head).ok());
    EXPECT_EQ(head, heads[i]);
    index::IndexHead decoded;
    EXPECT_TRUE(index::DecodeDetachedHead(head, "archived head", &decoded).ok());
  }
  EXPECT_EQ(archive->Find(numbers.front() - 1), nullptr);
  EXPECT_EQ(archive->Find(numbers.back() + 1), nullptr);
  std::string seals_back;
  ASSERT_TRUE(archive->ReadSeals(&seals_back).ok());
  EXPECT_EQ(seals_back, seals);

  // Segment bytes outlive the archive object that made them.
  std::shared_ptr<io::ReadableFile> last = archive->SegmentBytes(2);
  archive.reset();
  Result<std::string> read = ReadInPieces(*last, files[2].size(), 5000);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(*read == files[2]);
}

// A segment of several blocks (> kColdBlockBytes), one whose block must be
// stored as it is, and one with no records.
TEST_F(ArchiveFileTest, ManyBlocksReadInAnyPieces) {
  SegmentData big = AuditSegment(5, 100, 0, 0);
  while (big.bytes.size() < 2 * kColdBlockBytes + kColdBlockBytes / 2) {
    AddRecord(&big, AuditRaw(big.first_seq + big.record_count, 1500));
  }
  SegmentData odd = AuditSegment(6, big.first_seq + big.record_count, 20, 50);
  {
    // One frame time_missing with a time that is not its ingest time: valid,
    // but not as EncodeRecord writes it, so the block is stored as it is.
    char* body = odd.bytes.data() + odd.record_offsets[3] + kRecordHeaderSize;
    body[16] = static_cast<char>(kRecordFlagTimeMissing);
    const std::string_view covered = std::string_view(odd.bytes).substr(
        odd.record_offsets[3] + kRecordSeqOffset,
        odd.record_offsets[4] - odd.record_offsets[3] - kRecordSeqOffset);
    EncodeFixed64(odd.bytes.data() + odd.record_offsets[3] + kRecordChecksumOffset,
                  Checksum(covered, SegmentSeed(kLogId, 6)));
  }
  SegmentData empty = NewSegment(7, odd.first_seq + odd.record_count);

  ArchiveStats stats;
  const std::string file = Write({big, odd, empty}, "seals", 1, &stats);
  std::shared_ptr<ArchiveFile> archive;
  ASSERT_TRUE(OpenBytes(file, &archive).ok());
  ASSERT_EQ(archive->segments().size(), 3u);
  const ArchivedSegment& segment = archive->segments()[0];
  ASSERT_EQ(segment.blocks.size(), 3u);
  EXPECT_EQ(stats.column_blocks, 3u);
  EXPECT_EQ(stats.stored_blocks, 1u);
  uint64_t offset = kSegmentHeaderSize;
  uint64_t records = 0;
  for (const ArchiveBlock& block : segment.blocks) {
    EXPECT_EQ(block.kind, BlockKind::kColumns);
    EXPECT_LE(block.bytes, kColdBlockBytes);
    EXPECT_EQ(block.segment_offset, offset);
    offset += block.bytes;
    records += block.record_count;
  }
  EXPECT_EQ(offset, big.bytes.size());
  EXPECT_EQ(records, big.record_count);
  EXPECT_EQ(segment.blocks[0].file_offset, kArchiveHeaderSize);
  EXPECT_EQ(segment.blocks[1].file_offset, kArchiveHeaderSize + segment.blocks[0].compressed_bytes);
  ASSERT_EQ(archive->segments()[1].blocks.size(), 1u);
  EXPECT_EQ(archive->segments()[1].blocks[0].kind, BlockKind::kStored);
  EXPECT_EQ(archive->segments()[1].blocks[0].record_count, 20u);
  EXPECT_TRUE(archive->segments()[2].blocks.empty());

  std::shared_ptr<io::ReadableFile> bytes = archive->SegmentBytes(0);
  // Through in one read, then in odd pieces.
  Result<std::string> whole = ReadAt(*bytes, 0, big.bytes.size());
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  ASSERT_TRUE(*whole == big.bytes);
  for (size_t piece : {size_t{4093}, size_t{(1 << 20) + 7}}) {
    Result<std::string> read = ReadInPieces(*bytes, big.bytes.size(), piece);
    ASSERT_TRUE(read.ok());
    EXPECT_TRUE(*read == big.bytes) << piece;
  }
  // Across each block edge, from both sides.
  for (const ArchiveBlock& block : segment.blocks) {
    for (uint64_t at :
         {block.segment_offset - 3, block.segment_offset, block.segment_offset + block.bytes - 1}) {
      Result<std::string> read = ReadAt(*bytes, at, 10);
      ASSERT_TRUE(read.ok());
      EXPECT_EQ(*read, big.bytes.substr(at, 10)) << at;
    }
  }
  // A read spanning all three blocks, then random spans.
  const uint64_t span_at = segment.blocks[0].bytes - 100;
  Result<std::string> span = ReadAt(*bytes, span_at, segment.blocks[1].bytes + 200);
  ASSERT_TRUE(span.ok());
  EXPECT_TRUE(*span == big.bytes.substr(span_at, segment.blocks[1].bytes + 200));
  bench::SplitMix64 random(3);
  for (int i = 0; i < 12; ++i) {
    const uint64_t at = random.Uniform(big.bytes.size());
    const size_t n = static_cast<size_t>(random.Uniform(300'000));
    Result<std::string> read = ReadAt(*bytes, at, n);
    ASSERT_TRUE(read.ok());
    EXPECT_TRUE(*read == big.bytes.substr(at, n)) << at << "+" << n;
  }
  // Past the end: short, then nothing.
  EXPECT_EQ(*ReadAt(*bytes, big.bytes.size() - 5, 100), big.bytes.substr(big.bytes.size() - 5));
  EXPECT_EQ(*ReadAt(*bytes, big.bytes.size(), 100), "");
  EXPECT_EQ(*ReadAt(*bytes, big.bytes.size() + 1000, 100), "");

  // Two threads on one segment file and one on another: the same bytes.
  std::atomic<int> bad{0};
  auto reader = [&](size_t segment_index, const std::string& want, uint64_t seed) {
    std::shared_ptr<io::ReadableFile> file = archive->SegmentBytes(segment_index);
    bench::SplitMix64 r(seed);
    for (int i = 0; i < 4; ++i) {
      const uint64_t at = r.Uniform(want.size());
      Result<std::string> read = ReadAt(segment_index == 0 ? *bytes : *file, at, 5000);
      if (!read.ok() || *read != want.substr(at, 5000)) ++bad;
    }
  };
  std::thread t1(reader, 0, std::cref(big.bytes), 1);
  std::thread t2(reader, 0, std::cref(big.bytes), 2);
  std::thread t3(reader, 1, std::cref(odd.bytes), 3);
  t1.join();
  t2.join();
  t3.join();
  EXPECT_EQ(bad.load(), 0);

  Result<std::string> stored = ReadInPieces(*archive->SegmentBytes(1), odd.bytes.size(), 777);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, odd.bytes);
  Result<std::string> header_only = ReadAt(*archive->SegmentBytes(2), 0, 1000);
  ASSERT_TRUE(header_only.ok());
  EXPECT_EQ(*header_only, empty.bytes);
  EXPECT_EQ(archive->segments()[2].size, kSegmentHeaderSize);
}

// A record larger than a block is a block of its own, wherever it falls.
TEST_F(ArchiveFileTest, RecordLargerThanABlockIsABlockOfItsOwn) {
  std::string large = "{\"blob\":\"";
  bench::SplitMix64 random(8);
  while (large.size() < kColdBlockBytes + (1 << 20)) {
    large += "chunk" + std::to_string(random.Uniform(100000)) + " ";
  }
  large += "\"}";
  SegmentData a = NewSegment(1, 1);
  AddRecord(&a, AuditRaw(1, 10));
  AddRecord(&a, large);
  AddRecord(&a, AuditRaw(3, 10));
  SegmentData b = NewSegment(2, 4);
  AddRecord(&b, large);

  const std::string file = Write({a, b}, "", 1);
  std::shared_ptr<ArchiveFile> archive;
  ASSERT_TRUE(OpenBytes(file, &archive).ok());
  const std::vector<ArchiveBlock>& blocks = archive->segments()[0].blocks;
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[1].record_count, 1u);
  EXPECT_GT(blocks[1].bytes, kColdBlockBytes);
  EXPECT_EQ(blocks[1].segment_offset, a.record_offsets[1]);
  EXPECT_EQ(blocks[2].segment_offset, a.record_offsets[2]);
  ASSERT_EQ(archive->segments()[1].blocks.size(), 1u);
  EXPECT_GT(archive->segments()[1].blocks[0].bytes, kColdBlockBytes);

  Result<std::string> read = ReadInPieces(*archive->SegmentBytes(0), a.bytes.size(), 1'000'003);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_TRUE(*read == a.bytes);
  read = ReadAt(*archive->SegmentBytes(1), 0, b.bytes.size() + 10);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(*read == b.bytes);
  std::string seals = "x";
  ASSERT_TRUE(archive->ReadSeals(&seals).ok());
  EXPECT_EQ(seals, "");
}

// A small archive, its bytes and what it holds, for the damage tests.
class SmallArchiveTest : public ArchiveFileTest {
 protected:
  void SetUp() override {
    ArchiveFileTest::SetUp();
    segments_ = {AuditSegment(3, 50, 6, 20), AuditSegment(4, 56, 4, 10)};
    seals_ = "genesis|seal 3|seal 4";
    file_ = Write(segments_, seals_, 19);
    ASSERT_TRUE(OpenBytes(file_, &archive_).ok());
  }

  // Opens `bytes` and reads all of it; expects kCorruption somewhere.
  Status OpenAndReadAll(std::string bytes) {
    std::shared_ptr<ArchiveFile> archive;
    Status status = OpenBytes(std::move(bytes), &archive);
    if (!status.ok()) return status;
    return ReadEverything(*archive, nullptr, nullptr, nullptr);
  }

  uint64_t DirectoryOffset() const { return DecodeFixed64(file_.data() + file_.size() - 32); }

  std::vector<SegmentData> segments_;
  std::string seals_;
  std::string file_;
  std::shared_ptr<ArchiveFile> archive_;
};

TEST_F(SmallArchiveTest, ReadsBackWhatWasPacked) {
  std::vector<std::string> segments;
  std::vector<std::string> heads;
  std::string seals;
  ASSERT_TRUE(ReadEverything(*archive_, &segments, &heads, &seals).ok());
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(segments[0], segments_[0].bytes);
  EXPECT_EQ(segments[1], segments_[1].bytes);
  EXPECT_EQ(heads[0], "index head of segment 3");
  EXPECT_EQ(heads[1], "index head of segment 4");
  EXPECT_EQ(seals, seals_);
  EXPECT_EQ(archive_->level(), 19);
  EXPECT_EQ(path_, "/arc/00000003-00000004.arc");
}

TEST_F(SmallArchiveTest, FlippedBlockByteIsCorruptionNamingTheBlock) {
  const ArchiveBlock& block = archive_->segments()[0].blocks[0];
  std::string damaged = file_;
  damaged[block.file_offset + block.compressed_bytes / 2] ^= 0x04;
  std::shared_ptr<ArchiveFile> archive;
  ASSERT_TRUE(OpenBytes(damaged, &archive).ok()) << "blocks are checked as they are read";
  Result<std::string> read = ReadAt(*archive->SegmentBytes(0), 100, 10);
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(read.status().IsCorruption()) << read.status().ToString();
  EXPECT_NE(read.status().message().find("block"), std::string::npos) << read.status().ToString();
  EXPECT_NE(read.status().message().find("segment 3"), std::string::npos);
  // Again: still refused (no half-decoded block kept).
  EXPECT_FALSE(ReadAt(*archive->SegmentBytes(0), 100, 10).ok());
  // The head needs no block; the other segment is whole.
  Result<std::string> head = ReadAt(*archive->SegmentBytes(0), 0, 64);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(*head, segments_[0].bytes.substr(0, 64));
  Result<std::string> other =
      ReadInPieces(*archive->SegmentBytes(1), segments_[1].bytes.size(), 99);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other, segments_[1].bytes);
}

TEST_F(SmallArchiveTest, DamagedStructureFailsToOpen) {
  auto expect_open_fails = [&](const std::string& bytes, const char* what) {
    std::shared_ptr<ArchiveFile> archive;
    const Status status = OpenBytes(bytes, &archive);
    EXPECT_TRUE(status.IsCorruption()) << what << ": " << status.ToString();
    EXPECT_EQ(archive, nullptr);
  };
  const uint64_t directory = DirectoryOffset();
  for (uint64_t at = directory; at < file_.size() - 64; at += 7) {
    std::string damaged = file_;
    damaged[at] ^= 0x20;
    expect_open_fails(damaged, "directory byte");
  }
  for (uint64_t at = file_.size() - 8; at < file_.size(); ++at) {
    std::string damaged = file_;
    damaged[at] ^= 0x01;
    expect_open_fails(damaged, "trailer magic");
  }
  for (uint64_t at = 0; at < kArchiveHeaderSize; ++at) {
    std::string damaged = file_;
    damaged[at] ^= 0x80;
    expect_open_fails(damaged, "header byte");
  }
  // Trailer fields other than the magic: offsets, sizes, directory checksum.
  for (uint64_t at = file_.size() - 64; at < file_.size() - 8; ++at) {
    if (at >= file_.size() - 40 && at < file_.size() - 32) continue;  // the seals checksum
    std::string damaged = file_;
    damaged[at] ^= 0x01;
    expect_open_fails(damaged, "trailer field");
  }
  for (size_t size = 0; size < file_.size(); ++size) {
    expect_open_fails(file_.substr(0, size), "truncated");
  }
  expect_open_fails(file_ + "x", "a byte after the trailer");
  expect_open_fails(std::string(file_.size(), '\0'), "zeros");
}

TEST_F(SmallArchiveTest, DamagedIndexHeadsAndSealsAreCorruption) {
  const ArchivedSegment& segment = archive_->segments()[1];
  std::string damaged = file_;
  damaged[segment.index_head_offset + 2] ^= 0x01;
  std::shared_ptr<ArchiveFile> archive;
  ASSERT_TRUE(OpenBytes(damaged, &archive).ok());
  std::string head;
  EXPECT_TRUE(archive->ReadIndexHead(0, &head).ok());
  const Status status = archive->ReadIndexHead(1, &head);
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();

  damaged = file_;
  damaged[DirectoryOffset() - 1] ^= 0x01;  // the seals' last byte
  ASSERT_TRUE(OpenBytes(damaged, &archive).ok());
  std::string seals;
  EXPECT_TRUE(archive->ReadSeals(&seals).IsCorruption());
  damaged = file_;
  damaged[file_.size() - 40] ^= 0x01;  // the seals checksum in the trailer
  ASSERT_TRUE(OpenBytes(damaged, &archive).ok());
  EXPECT_TRUE(archive->ReadSeals(&seals).IsCorruption());
}

// The archive with its directory replaced by `directory` (any length) and
// the trailer made to describe it, checksum and all: what the directory's
// checksum would otherwise catch first reaches the parser.
std::string WithDirectory(const std::string& file, const std::string& directory) {
  const uint64_t directory_offset = DecodeFixed64(file.data() + file.size() - 32);
  std::string out = file.substr(0, directory_offset) + directory;
  out += file.substr(file.size() - 64, 32);  // index heads and seals: unchanged
  PutFixed64(&out, directory_offset);
  PutFixed64(&out, directory.size());
  PutFixed64(&out, Checksum(directory));
  out += "SEALOGAE";
  return out;
}

// A directory cut short anywhere, or with bytes after its last segment, is
// refused at Open naming the directory and the offset it failed at; the
// whole one opens.
TEST_F(SmallArchiveTest, DirectoryCutShortOrOverlongIsRefusedNamingTheOffset) {
  const uint64_t offset = DirectoryOffset();
  const std::string directory = file_.substr(offset, file_.size() - 64 - offset);
  std::shared_ptr<ArchiveFile> archive;
  ASSERT_TRUE(OpenBytes(WithDirectory(file_, directory), &archive).ok());
  for (size_t size = 0; size < directory.size(); ++size) {
    const Status status = OpenBytes(WithDirectory(file_, directory.substr(0, size)), &archive);
    ASSERT_TRUE(status.IsCorruption()) << size << ": " << status.ToString();
    EXPECT_EQ(status.message().rfind("mem.arc: archive directory: ", 0), 0u)
        << size << ": " << status.message();
    // The offset of the failure lies within what is left of the directory.
    const size_t at = status.message().rfind(" at offset ");
    ASSERT_NE(at, std::string::npos) << status.message();
    const uint64_t failed_at = std::stoull(status.message().substr(at + 11));
    EXPECT_GE(failed_at, offset) << status.message();
    EXPECT_LE(failed_at, offset + size) << status.message();
  }
  const Status extra = OpenBytes(WithDirectory(file_, directory + "x"), &archive);
  EXPECT_EQ(extra.message(), "mem.arc: archive directory: bytes after the last segment at offset " +
                                 std::to_string(offset + directory.size()));
  // A count of zero segments.
  std::string none = directory;
  EncodeFixed32(none.data(), 0);
  EXPECT_EQ(OpenBytes(WithDirectory(file_, none), &archive).message(),
            "mem.arc: archive directory: segment count at offset " + std::to_string(offset + 8));
}

// Directory entries whose values cannot be (an empty block, a block of no
// compressed bytes, an index head outside its section): refused at Open.
TEST_F(SmallArchiveTest, DirectoryEntriesOutOfRangeAreRefused) {
  const uint64_t offset = DirectoryOffset();
  const std::string directory = file_.substr(offset, file_.size() - 64 - offset);
  // Segment 3's entry: 8 bytes of count and level, 4 u64, the head's size
  // and the head, the index head's offset, size and checksum, the block
  // count, then its blocks (bytes, records, kind, encoded, compressed, checksum).
  const size_t entry = 8;
  const size_t index_head_at = entry + 32 + 4 + 64;
  const size_t first_block = index_head_at + 8 + 4 + 4 + 4;
  const auto expect_refused = [&](size_t at, const std::string& value, const std::string& what) {
    std::string changed = directory;
    changed.replace(at, value.size(), value);
    std::shared_ptr<ArchiveFile> archive;
    const Status status = OpenBytes(WithDirectory(file_, changed), &archive);
    EXPECT_TRUE(status.IsCorruption()) << what << ": " << status.ToString();
    EXPECT_NE(status.message().find(what), std::string::npos) << status.message();
  };
  const auto u32 = [](uint32_t v) {
    std::string out;
    PutFixed32(&out, v);
    return out;
  };
  const auto u64 = [](uint64_t v) {
    std::string out;
    PutFixed64(&out, v);
    return out;
  };
  expect_refused(first_block, u32(0), "block 0 of segment 3 out of range");
  expect_refused(first_block + 4 + 4 + 1 + 4, u32(0), "block 0 of segment 3 out of range");
  expect_refused(index_head_at, u64(10), "index head of segment 3 outside its section");
  expect_refused(index_head_at, u64(file_.size()), "index head of segment 3 outside its section");
  expect_refused(index_head_at + 8, u32(1u << 30), "index head of segment 3 outside its section");
}

// Open given a size larger than the file holds (it shrank after its size
// was taken): the short reads are refused as truncation, never read past.
TEST_F(SmallArchiveTest, FileShorterThanItsSizeIsRefused) {
  std::shared_ptr<ArchiveFile> archive;
  Status status =
      ArchiveFile::Open(io::NewStringFile(file_), file_.size() + 100, "mem.arc", &archive);
  EXPECT_EQ(status.message(), "mem.arc: bad trailer magic at offset " +
                                  std::to_string(file_.size() + 92) + " (truncated?)");
  status = ArchiveFile::Open(io::NewStringFile(file_.substr(0, 20)), file_.size(), "mem.arc",
                             &archive);
  EXPECT_EQ(status.message(), "mem.arc: not a sealog archive (bad magic at offset 0)");
  EXPECT_EQ(archive, nullptr);
}

// Every byte of an archive is checked by something: any one flipped is
// kCorruption from Open or from reading it through.
TEST_F(SmallArchiveTest, EverySingleFlipIsCaught) {
  for (size_t at = 0; at < file_.size(); ++at) {
    std::string damaged = file_;
    damaged[at] ^= static_cast<char>(1u << (at % 8));
    const Status status = OpenAndReadAll(damaged);
    ASSERT_TRUE(status.IsCorruption())
        << "byte " << at << " of " << file_.size() << ": " << status.ToString();
  }
}

// The engine writes the layout archive_file.h documents: parsed here and
// built again, the same bytes; built here, the engine reads it.
TEST_F(ArchiveFileTest, LayoutIsTheDocumentedOne) {
  SegmentData odd = AuditSegment(10, 1, 3, 10);
  odd.bytes.back() ^= 1;  // a bad checksum: stored as it is
  const std::vector<SegmentData> segments = {odd, AuditSegment(11, 4, 30, 100), NewSegment(12, 34)};
  const std::string file = Write(segments, "seal entries", -3);
  const Layout layout = ParseArchive(file);
  ASSERT_FALSE(::testing::Test::HasFailure());
  EXPECT_EQ(layout.level, -3);
  EXPECT_EQ(layout.first_segment, 10u);
  ASSERT_EQ(layout.segments.size(), 3u);
  EXPECT_EQ(layout.segments[0].blocks[0].kind, 0);
  EXPECT_EQ(layout.segments[1].blocks[0].kind, 1);
  EXPECT_TRUE(BuildArchive(layout) == file);

  // From scratch: stored blocks of raw frames and a columns block.
  Layout made;
  made.first_segment = 20;
  made.level = 7;
  made.seals = "chain";
  std::vector<SegmentData> originals;
  for (uint64_t n = 20; n < 23; ++n) {
    originals.push_back(AuditSegment(n, 1000 + 10 * (n - 20), 10, 30));
    const SegmentData& s = originals.back();
    LayoutSegment segment;
    segment.number = s.number;
    segment.first_seq = s.first_seq;
    segment.record_count = s.record_count;
    segment.size = s.bytes.size();
    segment.head = s.bytes.substr(0, 64);
    segment.index_head = "head " + std::to_string(n);
    // Two blocks: the first 4 records stored, the rest as columns.
    const std::string first = s.bytes.substr(64, s.record_offsets[4] - 64);
    const std::string rest = s.bytes.substr(s.record_offsets[4]);
    LayoutBlock stored{static_cast<uint32_t>(first.size()), 4, 0,
                       static_cast<uint32_t>(first.size()), Zstd(first)};
    uint32_t count = 0;
    std::string columns;
    ASSERT_TRUE(EncodeRecordColumns(rest, RunPosition{SegmentSeed(kLogId, n), s.first_seq + 4, 0},
                                    &count, &columns)
                    .ok());
    LayoutBlock column_block{static_cast<uint32_t>(rest.size()), count, 1,
                             static_cast<uint32_t>(columns.size()), Zstd(columns)};
    segment.blocks = {stored, column_block};
    made.segments.push_back(segment);
  }
  std::shared_ptr<ArchiveFile> archive;
  const Status opened = OpenBytes(BuildArchive(made), &archive);
  ASSERT_TRUE(opened.ok()) << opened.ToString();
  std::vector<std::string> bytes;
  std::vector<std::string> heads;
  std::string seals;
  const Status read = ReadEverything(*archive, &bytes, &heads, &seals);
  ASSERT_TRUE(read.ok()) << read.ToString();
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(bytes[i], originals[i].bytes);
    EXPECT_EQ(heads[i], "head " + std::to_string(20 + i));
  }
  EXPECT_EQ(seals, "chain");
  EXPECT_EQ(archive->level(), 7);

  // Block checksums are seeded with the block's ordinal in the archive, not
  // in its segment: the first segment reads either way, the others do not.
  made.per_segment_ordinals = true;
  ASSERT_TRUE(OpenBytes(BuildArchive(made), &archive).ok());
  EXPECT_TRUE(ReadAt(*archive->SegmentBytes(0), 0, 1 << 20).ok());
  Result<std::string> second = ReadAt(*archive->SegmentBytes(1), 0, 1 << 20);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("checksum"), std::string::npos);
  made.per_segment_ordinals = false;

  // The directory and the trailer must agree with the file.
  Layout wrong = made;
  wrong.first_segment = 19;
  EXPECT_TRUE(OpenBytes(BuildArchive(wrong), &archive).IsCorruption()) << "first segment";
  wrong = made;
  wrong.segments[1].number = 25;
  EXPECT_TRUE(OpenBytes(BuildArchive(wrong), &archive).IsCorruption()) << "gap in numbers";
  wrong = made;
  wrong.segments[1].first_seq += 1;
  EXPECT_TRUE(OpenBytes(BuildArchive(wrong), &archive).IsCorruption()) << "gap in seqs";
  wrong = made;
  wrong.segments[0].size += 1;
  EXPECT_TRUE(OpenBytes(BuildArchive(wrong), &archive).IsCorruption()) << "size";
  wrong = made;
  wrong.segments[0].record_count += 1;
  EXPECT_TRUE(OpenBytes(BuildArchive(wrong), &archive).IsCorruption()) << "record count";
  wrong = made;
  wrong.segments[0].head.pop_back();
  wrong.segments[0].size -= 1;
  EXPECT_TRUE(OpenBytes(BuildArchive(wrong), &archive).IsCorruption()) << "head size";
  wrong = made;
  wrong.segments[0].blocks[0].kind = 2;
  EXPECT_TRUE(OpenBytes(BuildArchive(wrong), &archive).IsCorruption()) << "kind";
  wrong = made;
  wrong.segments[0].blocks[0].encoded_bytes += 1;  // stored: must be its bytes
  EXPECT_TRUE(OpenBytes(BuildArchive(wrong), &archive).IsCorruption()) << "stored size";
  wrong = made;
  wrong.segments[0].blocks[1].record_count = 0;
  wrong.segments[0].record_count -= made.segments[0].blocks[1].record_count;
  EXPECT_TRUE(OpenBytes(BuildArchive(wrong), &archive).IsCorruption()) << "empty block";
  wrong = made;
  wrong.segments.clear();
  EXPECT_TRUE(OpenBytes(BuildArchive(wrong), &archive).IsCorruption()) << "no segment";
}

// Blocks that claim (or decompress to) far more than the directory says.
TEST_F(ArchiveFileTest, DecompressionBombsAreRefusedWithoutTheirAllocation) {
  // The hand-made frames are zstd frames: a small one decodes to zeros.
  {
    const std::string small = RleFrame(300'000, 300'000);
    std::string out(300'000, 'x');
    ASSERT_EQ(ZSTD_decompress(out.data(), out.size(), small.data(), small.size()), 300'000u);
    EXPECT_EQ(out, std::string(300'000, '\0'));
    const std::string unsized = RleFrame(300'000, std::nullopt);
    EXPECT_EQ(ZSTD_getFrameContentSize(unsized.data(), unsized.size()), ZSTD_CONTENTSIZE_UNKNOWN);
    EXPECT_EQ(ZSTD_decompress(out.data(), out.size(), unsized.data(), unsized.size()), 300'000u);
  }
  constexpr uint64_t kBomb = uint64_t{200} << 20;
  const SegmentData s = AuditSegment(1, 1, 5, 20);
  const std::string frames = s.bytes.substr(64);
  auto layout_with = [&](LayoutBlock block) {
    Layout layout;
    layout.first_segment = 1;
    LayoutSegment segment;
    segment.number = 1;
    segment.first_seq = 1;
    segment.record_count = s.record_count;
    segment.size = s.bytes.size();
    segment.head = s.bytes.substr(0, 64);
    segment.index_head = "head";
    segment.blocks = {std::move(block)};
    layout.segments = {segment};
    return BuildArchive(layout);
  };
  const uint32_t n = static_cast<uint32_t>(frames.size());
  const uint32_t records = static_cast<uint32_t>(s.record_count);
  struct Case {
    const char* what;
    LayoutBlock block;
    size_t allocates = 0;  // what the reader may allocate for it, and does
  };
  const Case cases[] = {
      {"declares 200 MiB, the directory says the block's size",
       {n, records, 0, n, RleFrame(kBomb, kBomb)}},
      {"declares no size, decompresses to 200 MiB", {n, records, 0, n, RleFrame(kBomb, {})}},
      {"declares the block's size, decompresses to 200 MiB",
       {n, records, 0, n, RleFrame(kBomb, n)}},
      {"columns: declares 200 MiB, the directory 1 KiB",
       {n, records, 1, 1024, RleFrame(kBomb, kBomb)}},
      {"columns: decompresses to 200 MiB, the directory says 1 KiB",
       {n, records, 1, 1024, RleFrame(kBomb, 1024)}},
      {"columns: 1 MiB of zeros that are no columns",
       {n, records, 1, 1 << 20, RleFrame(1 << 20, 1 << 20)},
       1 << 20},
      {"concatenated frames: the first declares the size",
       {n, records, 0, n, RleFrame(n, n) + RleFrame(kBomb, kBomb)}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    std::shared_ptr<ArchiveFile> archive;
    const Status opened = OpenBytes(layout_with(c.block), &archive);
    ASSERT_TRUE(opened.ok()) << opened.ToString();
    std::shared_ptr<io::ReadableFile> bytes = archive->SegmentBytes(0);
    std::string scratch(1000, '\0');
    std::string_view got;
    const auto start = std::chrono::steady_clock::now();
    g_largest_allocation = 0;
    const Status read = bytes->Read(64, scratch.size(), scratch.data(), &got);
    const size_t largest = g_largest_allocation.load();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(read.IsCorruption()) << read.ToString();
    EXPECT_NE(read.message().find("block 0"), std::string::npos) << read.ToString();
    if (SEALOG_TRACK_ALLOCATIONS) {
      EXPECT_LT(largest, size_t{4} << 20) << "allocated " << largest << " bytes";
      EXPECT_GE(largest, c.allocates) << "the allocation tracker saw nothing";
    }
    EXPECT_LT(elapsed, std::chrono::milliseconds(500));
  }
  // Claims past kArchiveBlockBytesMax in the directory: refused at Open.
  const Case too_big[] = {
      {"encoded_bytes of 200 MiB",
       {n, records, 1, static_cast<uint32_t>(kBomb), RleFrame(kBomb, kBomb)}},
      {"bytes of 200 MiB", {static_cast<uint32_t>(kBomb), records, 1, 1024, RleFrame(1024, 1024)}},
  };
  for (const Case& c : too_big) {
    SCOPED_TRACE(c.what);
    std::shared_ptr<ArchiveFile> archive;
    g_largest_allocation = 0;
    const Status opened = OpenBytes(layout_with(c.block), &archive);
    EXPECT_TRUE(opened.IsCorruption()) << opened.ToString();
    if (SEALOG_TRACK_ALLOCATIONS) {
      EXPECT_LT(g_largest_allocation.load(), size_t{4} << 20);
    }
  }
}

TEST(ArchiveFileNameTest, NamesRoundTrip) {
  EXPECT_EQ(ArchiveFileName(12, 19), "00000012-00000019.arc");
  EXPECT_EQ(ArchiveFileName(0, 0), "00000000-00000000.arc");
  for (const auto& [first, last] :
       std::vector<std::pair<uint64_t, uint64_t>>{{12, 19},
                                                  {0, 0},
                                                  {7, 7},
                                                  {99999999, 100000000},
                                                  {1, UINT64_MAX},
                                                  {UINT64_MAX, UINT64_MAX}}) {
    std::optional<ArchiveRange> range = ParseArchiveFileName(ArchiveFileName(first, last));
    ASSERT_TRUE(range.has_value()) << ArchiveFileName(first, last);
    EXPECT_EQ(range->first, first);
    EXPECT_EQ(range->last, last);
  }
  for (const char* name :
       {"00000019-00000012.arc", "12-19.arc", "00000012.arc", "00000012-00000019.arc.tmp",
        "00000012-00000019.seg", "00000012-00000019", "0000001x-00000019.arc", "-00000019.arc",
        "00000012-.arc", "000000012-00000019.arc", "00000012-00000019-00000020.arc",
        "00000012_00000019.arc", ".arc", "", "00000012--00000019.arc",
        "99999999999999999999-99999999999999999999.arc", "+0000012-00000019.arc"}) {
    EXPECT_FALSE(ParseArchiveFileName(name).has_value()) << name;
  }
}

TEST(ArchiveFileNameTest, FindArchiveFor) {
  io::FaultEnv env;
  ASSERT_TRUE(env.CreateDir("/d").ok());
  for (const char* name :
       {"00000001-00000003.arc", "00000004-00000004.arc", "00000005-00000009.arc.tmp",
        "00000010.seg", "00000011-00000012.wrm", "00000020-00000030.arc"}) {
    std::unique_ptr<io::WritableFile> file;
    ASSERT_TRUE(env.NewWritableFile(std::string("/d/") + name, {}, &file).ok());
  }
  auto find = [&](uint64_t n) -> std::string {
    Result<std::optional<std::string>> found = FindArchiveFor(env, "/d", n);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() && found->has_value() ? **found : "";
  };
  EXPECT_EQ(find(0), "");
  EXPECT_EQ(find(1), "/d/00000001-00000003.arc");
  EXPECT_EQ(find(3), "/d/00000001-00000003.arc");
  EXPECT_EQ(find(4), "/d/00000004-00000004.arc");
  EXPECT_EQ(find(5), "");
  EXPECT_EQ(find(10), "");
  EXPECT_EQ(find(11), "");
  EXPECT_EQ(find(25), "/d/00000020-00000030.arc");
  EXPECT_EQ(find(31), "");
  EXPECT_FALSE(FindArchiveFor(env, "/missing", 1).ok());
}

TEST_F(ArchiveFileTest, WriteArchiveRefusesWhatIsNoRunOfSegments) {
  ArchiveStats stats;
  EXPECT_TRUE(WriteArchive(env_, "/arc", kLogId, {}, "", 3, &stats).IsInvalidArgument());
  const SegmentData a = AuditSegment(1, 1, 3, 0);
  const SegmentData b = AuditSegment(3, 4, 3, 0);
  EXPECT_TRUE(WriteArchive(env_, "/arc", kLogId, {SourceOf(a), SourceOf(b)}, "", 3, &stats)
                  .IsInvalidArgument())
      << "segments 1 and 3";
  const SegmentData c = AuditSegment(2, 5, 3, 0);
  EXPECT_TRUE(WriteArchive(env_, "/arc", kLogId, {SourceOf(a), SourceOf(c)}, "", 3, &stats)
                  .IsInvalidArgument())
      << "seq 5 after 1..3";
  ArchiveSource miscounted = SourceOf(a);
  miscounted.record_count = 4;
  EXPECT_TRUE(WriteArchive(env_, "/arc", kLogId, {miscounted}, "", 3, &stats).IsCorruption());
  ArchiveSource torn = SourceOf(a);
  torn.bytes = io::NewStringFile(a.bytes.substr(0, a.bytes.size() - 3));
  torn.size = a.bytes.size() - 3;
  EXPECT_TRUE(WriteArchive(env_, "/arc", kLogId, {torn}, "", 3, &stats).IsCorruption())
      << "a torn last record";
  ArchiveSource headless = SourceOf(a);
  std::string bad_header = a.bytes;
  bad_header[0] = 'X';
  headless.bytes = io::NewStringFile(bad_header);
  EXPECT_TRUE(WriteArchive(env_, "/arc", kLogId, {headless}, "", 3, &stats).IsCorruption());
  EXPECT_FALSE(env_.FileExists("/arc/00000001-00000001.arc"));
}

}  // namespace
}  // namespace sealog::tier
