// Cold archives: consecutive sealed segments packed into one file, with the
// seal chain up to their last seal and each segment's index head, so that an
// archive copied anywhere verifies on its own against the log's root key and
// queries can skip its segments without decoding them.
//
//   archive   := header block* index_heads seals directory trailer
//   header    := "SEALOGAR" | version u32 | header_size u32 (48) | log_id[16]
//                | first_segment u64 | checksum u64        -- xxh3-64 of bytes 0..39
//   block     := one zstd frame: a run of whole records of one segment, as
//                record columns (engine/tier/record_columns.h) or as they are
//   index_heads := the index head of each segment (index/index_head.h), back to back
//   seals     := the log's seal chain entries, genesis first, up to the seal of
//                the archive's last segment, back to back as in SEALS
//   directory := segment_count u32 | level i32 | segment{n}
//   segment   := number u64 | first_seq u64 | record_count u64 | size u64
//                | head_bytes u32 | head                   -- the segment's bytes before its first record
//                | index_head_offset u64 | index_head_bytes u32 | index_head_checksum u32
//                | block_count u32 | block{k}
//   block     := bytes u32 | record_count u32 | kind u8 (0 stored, 1 columns)
//                | encoded_bytes u32 | compressed_bytes u32 | checksum u32
//   trailer   := index_heads_offset u64 | seals_offset u64 | seals_bytes u64
//                | seals_checksum u64 | directory_offset u64 | directory_bytes u64
//                | directory_checksum u64 | "SEALOGAE"
//
// Blocks lie back to back from header_size in directory order; a block's
// checksum is the low 32 bits of xxh3-64 of its compressed frame seeded with
// its ordinal in the archive. A segment's bytes are its head and then its
// blocks' bytes, so a reader of an archived segment sees the segment file as
// it was written (offsets, records and all) and everything built on a
// segment works on it unchanged. Segment numbers follow each other from
// first_segment, their seqs likewise.
#ifndef SEALOG_ENGINE_TIER_ARCHIVE_FILE_H_
#define SEALOG_ENGINE_TIER_ARCHIVE_FILE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/env.h"
#include "sealog/status.h"

namespace sealog::tier {

// "00000012-00000019.arc": the first and last segment it holds.
std::string ArchiveFileName(uint64_t first_segment, uint64_t last_segment);
struct ArchiveRange {
  uint64_t first = 0;
  uint64_t last = 0;
};
std::optional<ArchiveRange> ParseArchiveFileName(std::string_view name);

enum class BlockKind : uint8_t { kStored = 0, kColumns = 1 };

struct ArchiveBlock {
  uint32_t bytes = 0;  // of the segment it holds
  uint32_t record_count = 0;
  BlockKind kind = BlockKind::kStored;
  uint32_t encoded_bytes = 0;  // what the zstd frame decompresses to
  uint32_t compressed_bytes = 0;
  uint32_t checksum = 0;
  uint64_t file_offset = 0;  // derived: where its frame lies in the archive
  uint64_t segment_offset = 0;  // derived: where its bytes lie in the segment
};

struct ArchivedSegment {
  uint64_t number = 0;
  uint64_t first_seq = 0;
  uint64_t record_count = 0;
  uint64_t size = 0;  // of the segment's bytes
  std::string head;   // its bytes before the first record
  uint64_t index_head_offset = 0;
  uint32_t index_head_bytes = 0;
  uint32_t index_head_checksum = 0;
  std::vector<ArchiveBlock> blocks;
};

// One segment to pack: its bytes, as any tier holds them, and its index head.
struct ArchiveSource {
  uint64_t number = 0;
  uint64_t first_seq = 0;
  uint64_t record_count = 0;
  std::shared_ptr<io::ReadableFile> bytes;
  uint64_t size = 0;
  std::string index_head;
};

struct ArchiveStats {
  uint64_t stored_bytes = 0;   // of the archive file
  uint64_t column_blocks = 0;  // blocks stored as record columns
  uint64_t stored_blocks = 0;  // blocks kept as they were
};

// Writes dir/<ArchiveFileName> from `sources` (consecutive segments of log
// `log_id`, in order) and `seals` (the seal chain's entries up to the last
// source's seal), compressed at zstd `level`: written as NAME.tmp, synced,
// renamed, directory synced. The sources are left alone.
Status WriteArchive(io::Env& env, const std::string& dir, const std::string& log_id,
                    const std::vector<ArchiveSource>& sources, std::string_view seals, int level,
                    ArchiveStats* stats);

// An open archive: its structure checked; blocks are checked as they are read.
// Thread safe.
class ArchiveFile : public std::enable_shared_from_this<ArchiveFile> {
 public:
  static Status Open(std::shared_ptr<io::ReadableFile> file, uint64_t file_size, std::string path,
                     std::shared_ptr<ArchiveFile>* out);

  const std::string& path() const { return path_; }
  const std::string& log_id() const { return log_id_; }
  int level() const { return level_; }
  uint64_t file_size() const { return file_size_; }
  const std::vector<ArchivedSegment>& segments() const { return segments_; }
  // The segment numbered `number`, or null when the archive does not hold it.
  const ArchivedSegment* Find(uint64_t number) const;

  // The bytes of segments()[i] as a file (decoding blocks as reads touch them).
  std::shared_ptr<io::ReadableFile> SegmentBytes(size_t i) const;
  // The index head of segments()[i], its checksum checked.
  Status ReadIndexHead(size_t i, std::string* head) const;
  // The seal chain entries it carries, back to back, their checksum checked.
  Status ReadSeals(std::string* seals) const;

 private:
  ArchiveFile() = default;
  Status Load();

  std::shared_ptr<io::ReadableFile> file_;
  uint64_t file_size_ = 0;
  std::string path_;
  std::string log_id_;
  int level_ = 0;
  uint64_t index_heads_offset_ = 0;
  uint64_t seals_offset_ = 0;
  uint64_t seals_bytes_ = 0;
  uint64_t seals_checksum_ = 0;
  std::vector<ArchivedSegment> segments_;
  std::vector<uint64_t> first_block_ordinal_;  // per segment
};

// Opens dir/NAME.arc.
Status OpenArchive(io::Env& env, const std::string& path, std::shared_ptr<ArchiveFile>* out);

// The archive file in `dir` whose name covers segment `number`, if any.
Result<std::optional<std::string>> FindArchiveFor(io::Env& env, const std::string& dir,
                                                  uint64_t number);

}  // namespace sealog::tier

#endif  // SEALOG_ENGINE_TIER_ARCHIVE_FILE_H_
