#include "engine/tier/archive_file.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/limits.h"
#include "engine/record.h"
#include "engine/segment.h"
#include "engine/tier/record_columns.h"

namespace sealog::tier {

using namespace format;  // NOLINT

std::string ArchiveFileName(uint64_t first_segment, uint64_t last_segment) {
  return NumberedFileName(first_segment, "") + "-" + NumberedFileName(last_segment, kArchiveSuffix);
}

std::optional<ArchiveRange> ParseArchiveFileName(std::string_view name) {
  if (!name.ends_with(kArchiveSuffix)) return std::nullopt;
  name.remove_suffix(kArchiveSuffix.size());
  const size_t dash = name.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::optional<uint64_t> first = ParseNumberedFileName(name.substr(0, dash), "");
  std::optional<uint64_t> last = ParseNumberedFileName(name.substr(dash + 1), "");
  if (!first || !last || *first > *last) return std::nullopt;
  return ArchiveRange{*first, *last};
}

namespace {

constexpr size_t kSegmentEntryFixedBytes = 8 * 4 + 4;  // number .. size, head_bytes
constexpr size_t kSegmentEntryIndexBytes = 8 + 4 + 4 + 4;  // index head offset .. block_count

uint32_t BlockChecksum(std::string_view frame, uint64_t ordinal) {
  return static_cast<uint32_t>(Checksum(frame, ordinal));
}

std::string ZstdError(size_t code) { return ZSTD_getErrorName(code); }

struct FreeCCtx {
  void operator()(ZSTD_CCtx* cctx) const { ZSTD_freeCCtx(cctx); }
};
struct FreeDCtx {
  void operator()(ZSTD_DCtx* dctx) const { ZSTD_freeDCtx(dctx); }
};

std::string EncodeHeader(const std::string& log_id, uint64_t first_segment) {
  std::string bytes(kArchiveHeaderSize, '\0');
  char* p = bytes.data();
  kArchiveMagic.copy(p, kArchiveMagic.size());
  EncodeFixed32(p + kArchiveVersionOffset, kVersion);
  EncodeFixed32(p + kArchiveHeaderSizeOffset, kArchiveHeaderSize);
  log_id.copy(p + kArchiveLogIdOffset, kLogIdSize);
  EncodeFixed64(p + kArchiveFirstSegmentOffset, first_segment);
  EncodeFixed64(p + kArchiveChecksumOffset, Checksum(std::string_view(p, kArchiveChecksumOffset)));
  return bytes;
}

// The bytes of whole frames at the start of `chunk`; 0 when the first frame
// does not fit, *first_frame then tells its size (0: not even its header).
uint64_t WholeFrames(std::string_view chunk, uint64_t* first_frame) {
  uint64_t at = 0;
  *first_frame = 0;
  while (chunk.size() - at >= kRecordHeaderSize) {
    const uint64_t frame =
        kRecordHeaderSize + DecodeFixed32(chunk.data() + at + kRecordLengthOffset);
    if (at == 0) *first_frame = frame;
    if (frame > chunk.size() - at) break;
    at += frame;
  }
  return at;
}

// Writes one segment's blocks; appends their entries to *entry.
class BlockWriter {
 public:
  BlockWriter(const std::string& log_id, int level, io::WritableFile& out, uint64_t* offset,
              uint64_t* ordinal, ArchiveStats* stats)
      : log_id_(log_id), out_(out), offset_(*offset), ordinal_(*ordinal), stats_(*stats) {
    cctx_.reset(ZSTD_createCCtx());
    if (cctx_ != nullptr) {
      ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_compressionLevel, level);
      ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_contentSizeFlag, 1);
    }
  }

  Status Write(const ArchiveSource& source, ArchivedSegment* segment) {
    if (cctx_ == nullptr) return Status::IOError("zstd: cannot create a compression context");
    const std::string where = "segment " + std::to_string(source.number);
    std::string chunk(kColdBlockBytes, '\0');
    std::string_view bytes;
    SEALOG_RETURN_IF_ERROR(source.bytes->Read(0, kSegmentHeaderSize, chunk.data(), &bytes));
    SegmentHeader header;
    SEALOG_RETURN_IF_ERROR(DecodeSegmentHeader(bytes, where, &header));
    segment->head.assign(bytes);
    const uint64_t seed = SegmentSeed(log_id_, source.number);
    uint64_t offset = segment->head.size();
    uint64_t seq = source.first_seq;
    while (offset < source.size) {
      const uint64_t want = std::min<uint64_t>(kColdBlockBytes, source.size - offset);
      chunk.resize(want);
      SEALOG_RETURN_IF_ERROR(source.bytes->Read(offset, want, chunk.data(), &bytes));
      uint64_t first_frame = 0;
      uint64_t whole = WholeFrames(bytes, &first_frame);
      if (whole == 0) {
        // One record larger than a block: it is a block of its own.
        if (first_frame == 0 || first_frame > kRecordHeaderSize + kRecordBodyBytesMax ||
            first_frame > source.size - offset) {
          return Status::Corruption(where + ": no whole record at offset " +
                                    std::to_string(offset));
        }
        chunk.resize(first_frame);
        SEALOG_RETURN_IF_ERROR(source.bytes->Read(offset, first_frame, chunk.data(), &bytes));
        whole = bytes.size();
      }
      ArchiveBlock block;
      SEALOG_RETURN_IF_ERROR(Block(bytes.substr(0, whole), RunPosition{seed, seq, offset}, &block));
      segment->blocks.push_back(block);
      seq += block.record_count;
      offset += whole;
    }
    if (seq - source.first_seq != source.record_count) {
      return Status::Corruption(where + ": holds " + std::to_string(seq - source.first_seq) +
                                " records, expected " + std::to_string(source.record_count));
    }
    return Status::Ok();
  }

 private:
  Status Block(std::string_view frames, const RunPosition& position, ArchiveBlock* block) {
    block->bytes = static_cast<uint32_t>(frames.size());
    std::string_view encoded = frames;
    if (EncodeRecordColumns(frames, position, &block->record_count, &columns_).ok()) {
      block->kind = BlockKind::kColumns;
      encoded = columns_;
      ++stats_.column_blocks;
    } else {
      // Stored as they are; count the records for the directory.
      block->kind = BlockKind::kStored;
      block->record_count = 0;
      for (uint64_t at = 0; at < frames.size(); ++block->record_count) {
        at += kRecordHeaderSize + DecodeFixed32(frames.data() + at + kRecordLengthOffset);
      }
      ++stats_.stored_blocks;
    }
    block->encoded_bytes = static_cast<uint32_t>(encoded.size());
    compressed_.resize(ZSTD_compressBound(encoded.size()));
    const size_t got = ZSTD_compress2(cctx_.get(), compressed_.data(), compressed_.size(),
                                      encoded.data(), encoded.size());
    if (ZSTD_isError(got)) return Status::IOError("zstd: " + ZstdError(got));
    compressed_.resize(got);
    block->compressed_bytes = static_cast<uint32_t>(got);
    block->checksum = BlockChecksum(compressed_, ordinal_++);
    SEALOG_RETURN_IF_ERROR(out_.Write(offset_, compressed_));
    offset_ += got;
    return Status::Ok();
  }

  const std::string& log_id_;
  io::WritableFile& out_;
  uint64_t& offset_;
  uint64_t& ordinal_;
  ArchiveStats& stats_;
  std::unique_ptr<ZSTD_CCtx, FreeCCtx> cctx_;
  std::string columns_;
  std::string compressed_;
};

void EncodeSegmentEntry(const ArchivedSegment& segment, std::string* out) {
  PutFixed64(out, segment.number);
  PutFixed64(out, segment.first_seq);
  PutFixed64(out, segment.record_count);
  PutFixed64(out, segment.size);
  PutFixed32(out, static_cast<uint32_t>(segment.head.size()));
  out->append(segment.head);
  PutFixed64(out, segment.index_head_offset);
  PutFixed32(out, segment.index_head_bytes);
  PutFixed32(out, segment.index_head_checksum);
  PutFixed32(out, static_cast<uint32_t>(segment.blocks.size()));
  for (const ArchiveBlock& block : segment.blocks) {
    PutFixed32(out, block.bytes);
    PutFixed32(out, block.record_count);
    out->push_back(static_cast<char>(block.kind));
    PutFixed32(out, block.encoded_bytes);
    PutFixed32(out, block.compressed_bytes);
    PutFixed32(out, block.checksum);
  }
}

}  // namespace

Status WriteArchive(io::Env& env, const std::string& dir, const std::string& log_id,
                    const std::vector<ArchiveSource>& sources, std::string_view seals, int level,
                    ArchiveStats* stats) {
  if (sources.empty()) return Status::InvalidArgument("an archive needs at least one segment");
  *stats = ArchiveStats{};
  const std::string name = ArchiveFileName(sources.front().number, sources.back().number);
  const std::string temp = dir + "/" + name + ".tmp";
  std::unique_ptr<io::WritableFile> out;
  io::WritableFileOptions options;
  options.truncate = true;
  SEALOG_RETURN_IF_ERROR(env.NewWritableFile(temp, options, &out));
  SEALOG_RETURN_IF_ERROR(out->Write(0, EncodeHeader(log_id, sources.front().number)));
  uint64_t offset = kArchiveHeaderSize;
  uint64_t ordinal = 0;
  BlockWriter blocks(log_id, level, *out, &offset, &ordinal, stats);
  std::vector<ArchivedSegment> segments;
  for (const ArchiveSource& source : sources) {
    if (!segments.empty() && (source.number != segments.back().number + 1 ||
                              source.first_seq != segments.back().first_seq +
                                                      segments.back().record_count)) {
      return Status::InvalidArgument("archive sources must be consecutive segments");
    }
    ArchivedSegment segment;
    segment.number = source.number;
    segment.first_seq = source.first_seq;
    segment.record_count = source.record_count;
    segment.size = source.size;
    SEALOG_RETURN_IF_ERROR(blocks.Write(source, &segment));
    segments.push_back(std::move(segment));
  }

  const uint64_t index_heads_offset = offset;
  std::string tail;
  for (size_t i = 0; i < sources.size(); ++i) {
    segments[i].index_head_offset = offset + tail.size();
    segments[i].index_head_bytes = static_cast<uint32_t>(sources[i].index_head.size());
    segments[i].index_head_checksum = static_cast<uint32_t>(Checksum(sources[i].index_head));
    tail.append(sources[i].index_head);
  }
  const uint64_t seals_offset = offset + tail.size();
  tail.append(seals);
  std::string directory;
  PutFixed32(&directory, static_cast<uint32_t>(segments.size()));
  PutFixed32(&directory, static_cast<uint32_t>(level));
  for (const ArchivedSegment& segment : segments) EncodeSegmentEntry(segment, &directory);
  const uint64_t directory_offset = offset + tail.size();
  tail.append(directory);
  PutFixed64(&tail, index_heads_offset);
  PutFixed64(&tail, seals_offset);
  PutFixed64(&tail, seals.size());
  PutFixed64(&tail, Checksum(seals));
  PutFixed64(&tail, directory_offset);
  PutFixed64(&tail, directory.size());
  PutFixed64(&tail, Checksum(directory));
  tail.append(kArchiveTrailerMagic);
  SEALOG_RETURN_IF_ERROR(out->Write(offset, tail));
  SEALOG_RETURN_IF_ERROR(out->Sync());
  out.reset();
  SEALOG_RETURN_IF_ERROR(env.RenameFile(temp, dir + "/" + name));
  SEALOG_RETURN_IF_ERROR(env.SyncDir(dir));
  stats->stored_bytes = offset + tail.size();
  return Status::Ok();
}

namespace {

// Reads the directory; every "what" names the byte of the archive it is at.
class DirectoryParser {
 public:
  DirectoryParser(std::string_view bytes, uint64_t base, const std::string& path)
      : rest_(bytes), base_(base), size_(bytes.size()), path_(path) {}

  bool U32(uint32_t* value) {
    if (rest_.size() < 4) return false;
    *value = DecodeFixed32(rest_.data());
    rest_.remove_prefix(4);
    return true;
  }
  bool U64(uint64_t* value) {
    if (rest_.size() < 8) return false;
    *value = DecodeFixed64(rest_.data());
    rest_.remove_prefix(8);
    return true;
  }
  bool Bytes(size_t n, std::string* out) {
    if (rest_.size() < n) return false;
    out->assign(rest_.substr(0, n));
    rest_.remove_prefix(n);
    return true;
  }
  bool U8(uint8_t* value) {
    if (rest_.empty()) return false;
    *value = static_cast<uint8_t>(rest_[0]);
    rest_.remove_prefix(1);
    return true;
  }
  bool done() const { return rest_.empty(); }
  Status Bad(std::string_view what) const {
    return Status::Corruption(path_ + ": archive directory: " + std::string(what) +
                              " at offset " + std::to_string(base_ + (size_ - rest_.size())));
  }

 private:
  std::string_view rest_;
  const uint64_t base_;
  const size_t size_;
  const std::string& path_;
};

// The bytes of one archived segment, read as a file: the head from memory,
// blocks decoded as reads touch them, the last one kept for the next reads.
class ArchivedSegmentFile final : public io::ReadableFile {
 public:
  ArchivedSegmentFile(std::shared_ptr<io::ReadableFile> container, const ArchivedSegment& segment,
                      uint64_t seed, uint64_t first_ordinal, std::string path)
      : container_(std::move(container)),
        segment_(segment),
        seed_(seed),
        first_ordinal_(first_ordinal),
        path_(std::move(path)) {}

  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override {
    size_t done = 0;
    while (done < n && offset < segment_.size) {
      size_t take = 0;
      if (offset < segment_.head.size()) {
        take = std::min<uint64_t>(n - done, segment_.head.size() - offset);
        std::memcpy(scratch + done, segment_.head.data() + offset, take);
      } else {
        std::lock_guard<std::mutex> lock(mu_);
        const size_t i = BlockAt(offset);
        SEALOG_RETURN_IF_ERROR(DecodeLocked(i));
        const ArchiveBlock& block = segment_.blocks[i];
        const uint64_t within = offset - block.segment_offset;
        take = std::min<uint64_t>(n - done, block.bytes - within);
        std::memcpy(scratch + done, decoded_.data() + within, take);
      }
      done += take;
      offset += take;
    }
    *result = std::string_view(scratch, done);
    return Status::Ok();
  }
  Result<uint64_t> Size() const override { return segment_.size; }

 private:
  // The block holding `offset`. REQUIRES: head.size() <= offset < size.
  size_t BlockAt(uint64_t offset) const {
    auto it = std::upper_bound(
        segment_.blocks.begin(), segment_.blocks.end(), offset,
        [](uint64_t value, const ArchiveBlock& block) { return value < block.segment_offset; });
    return static_cast<size_t>(it - segment_.blocks.begin()) - 1;
  }

  // REQUIRES: mu_ held.
  Status DecodeLocked(size_t i) const {
    if (decoded_block_ == i) return Status::Ok();
    decoded_block_ = SIZE_MAX;
    const ArchiveBlock& block = segment_.blocks[i];
    const std::string where = path_ + ": segment " + std::to_string(segment_.number) + " block " +
                              std::to_string(i) + " at offset " + std::to_string(block.file_offset);
    // Only the decoded block is kept: an open cold segment holds one block.
    std::string compressed(block.compressed_bytes, '\0');
    std::string_view frame;
    SEALOG_RETURN_IF_ERROR(
        container_->Read(block.file_offset, block.compressed_bytes, compressed.data(), &frame));
    if (frame.size() != block.compressed_bytes) return Status::Corruption(where + ": truncated");
    if (BlockChecksum(frame, first_ordinal_ + i) != block.checksum) {
      return Status::Corruption(where + ": block checksum mismatch");
    }
    if (dctx_ == nullptr) {
      dctx_.reset(ZSTD_createDCtx());
      if (dctx_ == nullptr) return Status::IOError("zstd: cannot create a decompression context");
      ZSTD_DCtx_setParameter(dctx_.get(), ZSTD_d_windowLogMax, kArchiveWindowLogMax);
    }
    const unsigned long long declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (declared != block.encoded_bytes) {
      return Status::Corruption(where + ": the block's frame declares " +
                                std::to_string(declared) + " bytes, the directory " +
                                std::to_string(block.encoded_bytes));
    }
    std::string columns;
    std::string& encoded = block.kind == BlockKind::kStored ? decoded_ : columns;
    encoded.resize(block.encoded_bytes);
    const size_t got = ZSTD_decompressDCtx(dctx_.get(), encoded.data(), encoded.size(),
                                           frame.data(), frame.size());
    if (ZSTD_isError(got) || got != block.encoded_bytes) {
      return Status::Corruption(where + ": " +
                                (ZSTD_isError(got) ? ZstdError(got) : "decodes short"));
    }
    if (block.kind == BlockKind::kColumns) {
      decoded_.clear();
      SEALOG_RETURN_IF_ERROR(DecodeRecordColumns(
          columns, RunPosition{seed_, block_first_seq(i), block.segment_offset},
          block.record_count, block.bytes, where, &decoded_));
    }
    decoded_block_ = i;
    return Status::Ok();
  }

  uint64_t block_first_seq(size_t i) const {
    uint64_t seq = segment_.first_seq;
    for (size_t j = 0; j < i; ++j) seq += segment_.blocks[j].record_count;
    return seq;
  }

  const std::shared_ptr<io::ReadableFile> container_;
  const ArchivedSegment& segment_;  // owned by the ArchiveFile, which container_ outlives
  const uint64_t seed_;
  const uint64_t first_ordinal_;
  const std::string path_;
  mutable std::mutex mu_;
  mutable std::unique_ptr<ZSTD_DCtx, FreeDCtx> dctx_;
  mutable std::string decoded_;
  mutable size_t decoded_block_ = SIZE_MAX;
};

// Keeps the archive alive as long as a segment file of it is.
class OwningSegmentFile final : public io::ReadableFile {
 public:
  OwningSegmentFile(std::shared_ptr<const ArchiveFile> archive,
                    std::unique_ptr<ArchivedSegmentFile> file)
      : archive_(std::move(archive)), file_(std::move(file)) {}
  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override {
    return file_->Read(offset, n, scratch, result);
  }
  Result<uint64_t> Size() const override { return file_->Size(); }

 private:
  std::shared_ptr<const ArchiveFile> archive_;
  std::unique_ptr<ArchivedSegmentFile> file_;
};

}  // namespace

Status ArchiveFile::Open(std::shared_ptr<io::ReadableFile> file, uint64_t file_size,
                         std::string path, std::shared_ptr<ArchiveFile>* out) {
  std::shared_ptr<ArchiveFile> archive(new ArchiveFile());
  archive->file_ = std::move(file);
  archive->file_size_ = file_size;
  archive->path_ = std::move(path);
  SEALOG_RETURN_IF_ERROR(archive->Load());
  *out = std::move(archive);
  return Status::Ok();
}

Status ArchiveFile::Load() {
  const std::string& p = path_;
  if (file_size_ < kArchiveHeaderSize + kArchiveTrailerSize) {
    return Status::Corruption(p + ": truncated (" + std::to_string(file_size_) +
                              " bytes cannot hold an archive)");
  }
  char header[kArchiveHeaderSize];
  std::string_view bytes;
  SEALOG_RETURN_IF_ERROR(file_->Read(0, sizeof(header), header, &bytes));
  if (bytes.size() != kArchiveHeaderSize || bytes.substr(0, kArchiveMagic.size()) != kArchiveMagic) {
    return Status::Corruption(p + ": not a sealog archive (bad magic at offset 0)");
  }
  const uint32_t version = DecodeFixed32(bytes.data() + kArchiveVersionOffset);
  if (version != kVersion) {
    return Status::Corruption(p + ": archive format version " + std::to_string(version) +
                              " is not supported (this build reads version " +
                              std::to_string(kVersion) + ")");
  }
  if (DecodeFixed32(bytes.data() + kArchiveHeaderSizeOffset) != kArchiveHeaderSize) {
    return Status::Corruption(p + ": bad archive header size at offset 12");
  }
  if (Checksum(bytes.substr(0, kArchiveChecksumOffset)) !=
      DecodeFixed64(bytes.data() + kArchiveChecksumOffset)) {
    return Status::Corruption(p + ": archive header checksum mismatch at offset " +
                              std::to_string(kArchiveChecksumOffset));
  }
  log_id_.assign(bytes.substr(kArchiveLogIdOffset, kLogIdSize));
  const uint64_t first_segment = DecodeFixed64(bytes.data() + kArchiveFirstSegmentOffset);

  char trailer[kArchiveTrailerSize];
  const uint64_t trailer_offset = file_size_ - kArchiveTrailerSize;
  SEALOG_RETURN_IF_ERROR(file_->Read(trailer_offset, sizeof(trailer), trailer, &bytes));
  if (bytes.size() != kArchiveTrailerSize || bytes.substr(56) != kArchiveTrailerMagic) {
    return Status::Corruption(p + ": bad trailer magic at offset " +
                              std::to_string(file_size_ - 8) + " (truncated?)");
  }
  index_heads_offset_ = DecodeFixed64(bytes.data());
  seals_offset_ = DecodeFixed64(bytes.data() + 8);
  seals_bytes_ = DecodeFixed64(bytes.data() + 16);
  seals_checksum_ = DecodeFixed64(bytes.data() + 24);
  const uint64_t directory_offset = DecodeFixed64(bytes.data() + 32);
  const uint64_t directory_bytes = DecodeFixed64(bytes.data() + 40);
  const uint64_t directory_checksum = DecodeFixed64(bytes.data() + 48);
  if (index_heads_offset_ < kArchiveHeaderSize || seals_offset_ < index_heads_offset_ ||
      directory_offset > trailer_offset || directory_bytes != trailer_offset - directory_offset ||
      directory_bytes > kArchiveDirectoryBytesMax || seals_offset_ > directory_offset ||
      seals_bytes_ != directory_offset - seals_offset_) {
    return Status::Corruption(p + ": archive trailer at offset " + std::to_string(trailer_offset) +
                              " describes sections that do not fit the file");
  }
  std::string directory(directory_bytes, '\0');
  SEALOG_RETURN_IF_ERROR(file_->Read(directory_offset, directory.size(), directory.data(), &bytes));
  if (bytes.size() != directory_bytes || Checksum(bytes) != directory_checksum) {
    return Status::Corruption(p + ": archive directory checksum mismatch at offset " +
                              std::to_string(directory_offset));
  }

  DirectoryParser in(bytes, directory_offset, p);
  uint32_t count = 0;
  uint32_t level = 0;
  if (!in.U32(&count) || !in.U32(&level) || count == 0) return in.Bad("segment count");
  level_ = static_cast<int32_t>(level);
  uint64_t file_offset = kArchiveHeaderSize;
  uint64_t ordinal = 0;
  for (uint32_t s = 0; s < count; ++s) {
    ArchivedSegment segment;
    uint32_t head_bytes = 0;
    uint32_t block_count = 0;
    if (!in.U64(&segment.number) || !in.U64(&segment.first_seq) ||
        !in.U64(&segment.record_count) || !in.U64(&segment.size) || !in.U32(&head_bytes) ||
        head_bytes != kSegmentHeaderSize || !in.Bytes(head_bytes, &segment.head) ||
        !in.U64(&segment.index_head_offset) || !in.U32(&segment.index_head_bytes) ||
        !in.U32(&segment.index_head_checksum) || !in.U32(&block_count)) {
      return in.Bad("segment entry " + std::to_string(s));
    }
    const bool follows = segments_.empty()
                             ? segment.number == first_segment
                             : segments_.back().number != UINT64_MAX &&
                                   segment.number == segments_.back().number + 1 &&
                                   segment.first_seq == segments_.back().first_seq +
                                                            segments_.back().record_count;
    if (!follows) return in.Bad("segment " + std::to_string(segment.number) + " out of order");
    if (segment.index_head_offset < index_heads_offset_ ||
        segment.index_head_offset > seals_offset_ ||
        segment.index_head_bytes > seals_offset_ - segment.index_head_offset) {
      return in.Bad("index head of segment " + std::to_string(segment.number) +
                    " outside its section");
    }
    first_block_ordinal_.push_back(ordinal);
    uint64_t segment_offset = head_bytes;
    uint64_t records = 0;
    for (uint32_t b = 0; b < block_count; ++b) {
      ArchiveBlock block;
      uint8_t kind = 0;
      if (!in.U32(&block.bytes) || !in.U32(&block.record_count) || !in.U8(&kind) ||
          !in.U32(&block.encoded_bytes) || !in.U32(&block.compressed_bytes) ||
          !in.U32(&block.checksum)) {
        return in.Bad("block entry " + std::to_string(b) + " of segment " +
                      std::to_string(segment.number));
      }
      if (kind > static_cast<uint8_t>(BlockKind::kColumns) || block.bytes == 0 ||
          block.record_count == 0 || block.bytes > kArchiveBlockBytesMax ||
          block.encoded_bytes > kArchiveBlockBytesMax || block.compressed_bytes == 0 ||
          block.compressed_bytes > ZSTD_compressBound(kArchiveBlockBytesMax) ||
          (kind == static_cast<uint8_t>(BlockKind::kStored) &&
           block.encoded_bytes != block.bytes)) {
        return in.Bad("block " + std::to_string(b) + " of segment " +
                      std::to_string(segment.number) + " out of range");
      }
      block.kind = static_cast<BlockKind>(kind);
      block.file_offset = file_offset;
      block.segment_offset = segment_offset;
      file_offset += block.compressed_bytes;
      segment_offset += block.bytes;
      records += block.record_count;
      segment.blocks.push_back(block);
      ++ordinal;
    }
    if (segment_offset != segment.size || records != segment.record_count) {
      return in.Bad("blocks of segment " + std::to_string(segment.number) + " hold " +
                    std::to_string(segment_offset) + " bytes and " + std::to_string(records) +
                    " records, its entry says " + std::to_string(segment.size) + " and " +
                    std::to_string(segment.record_count));
    }
    segments_.push_back(std::move(segment));
  }
  if (!in.done()) return in.Bad("bytes after the last segment");
  if (file_offset != index_heads_offset_) {
    return Status::Corruption(p + ": blocks end at offset " + std::to_string(file_offset) +
                              ", the index heads start at " + std::to_string(index_heads_offset_));
  }
  return Status::Ok();
}

const ArchivedSegment* ArchiveFile::Find(uint64_t number) const {
  if (segments_.empty() || number < segments_.front().number ||
      number > segments_.back().number) {
    return nullptr;
  }
  return &segments_[number - segments_.front().number];
}

std::shared_ptr<io::ReadableFile> ArchiveFile::SegmentBytes(size_t i) const {
  const ArchivedSegment& segment = segments_[i];
  auto file = std::make_unique<ArchivedSegmentFile>(
      file_, segment, SegmentSeed(log_id_, segment.number), first_block_ordinal_[i], path_);
  return std::make_shared<OwningSegmentFile>(shared_from_this(), std::move(file));
}

Status ArchiveFile::ReadIndexHead(size_t i, std::string* head) const {
  const ArchivedSegment& segment = segments_[i];
  head->resize(segment.index_head_bytes);
  std::string_view bytes;
  SEALOG_RETURN_IF_ERROR(
      file_->Read(segment.index_head_offset, head->size(), head->data(), &bytes));
  if (bytes.size() != segment.index_head_bytes ||
      static_cast<uint32_t>(Checksum(bytes)) != segment.index_head_checksum) {
    return Status::Corruption(path_ + ": index head of segment " + std::to_string(segment.number) +
                              ": checksum mismatch at offset " +
                              std::to_string(segment.index_head_offset));
  }
  head->assign(bytes);
  return Status::Ok();
}

Status ArchiveFile::ReadSeals(std::string* seals) const {
  seals->resize(seals_bytes_);
  std::string_view bytes;
  SEALOG_RETURN_IF_ERROR(file_->Read(seals_offset_, seals->size(), seals->data(), &bytes));
  if (bytes.size() != seals_bytes_ || Checksum(bytes) != seals_checksum_) {
    return Status::Corruption(path_ + ": seals checksum mismatch at offset " +
                              std::to_string(seals_offset_));
  }
  seals->assign(bytes);
  return Status::Ok();
}

Status OpenArchive(io::Env& env, const std::string& path, std::shared_ptr<ArchiveFile>* out) {
  std::unique_ptr<io::ReadableFile> file;
  SEALOG_RETURN_IF_ERROR(env.NewReadableFile(path, &file));
  Result<uint64_t> size = file->Size();
  if (!size.ok()) return size.status();
  return ArchiveFile::Open(std::move(file), *size, path, out);
}

Result<std::optional<std::string>> FindArchiveFor(io::Env& env, const std::string& dir,
                                                  uint64_t number) {
  std::vector<std::string> names;
  SEALOG_RETURN_IF_ERROR(env.GetChildren(dir, &names));
  for (const std::string& name : names) {
    std::optional<ArchiveRange> range = ParseArchiveFileName(name);
    if (range && range->first <= number && number <= range->last) {
      return std::optional<std::string>(dir + "/" + name);
    }
  }
  return std::optional<std::string>();
}

}  // namespace sealog::tier
