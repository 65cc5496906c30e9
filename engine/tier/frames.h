// Frames: bytes stored as independently decodable zstd frames, with a table
// saying where each frame is, so that a reader decompresses only the frames a
// read touches. Warm segment files (engine/tier/warm_file.h) hold a segment's
// bytes this way; readers see the original bytes at their original offsets.
//
//   frames := zstd_frame{n}   frame i holds bytes [i * frame_bytes, min((i + 1) * frame_bytes, size))
//   table  := entry{n}        entry := compressed_size u32 | checksum u32
//
// Frames may all be compressed with one zstd dictionary, trained on the data
// itself (TrainDictionary): small frames then compress nearly as well as one
// large one, and a lookup still decodes only its own frame. The container
// stores the dictionary; FrameTable carries it to the reader.
//
// Every frame carries its decompressed size in its zstd header; the checksum
// is the low 32 bits of xxh3-64 of the compressed frame, seeded with i, so a
// damaged or moved frame is refused before zstd sees it. A frame is only
// decoded into a buffer of the size the table implies, so no input can make a
// reader allocate more than frame_bytes (at most kFrameBytesMax) per frame.
#ifndef SEALOG_ENGINE_TIER_FRAMES_H_
#define SEALOG_ENGINE_TIER_FRAMES_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/env.h"
#include "engine/tier/frame_cache.h"
#include "sealog/status.h"

namespace sealog::tier {

inline constexpr size_t kFrameTableEntrySize = 8;

struct FrameTable {
  uint64_t size = 0;          // decompressed bytes in all
  uint32_t frame_bytes = 0;   // decompressed bytes per frame (the last may hold fewer)
  std::vector<uint32_t> compressed_sizes;
  std::vector<uint32_t> checksums;
  std::string dictionary;     // every frame was compressed with it; empty: none

  size_t frame_count() const { return compressed_sizes.size(); }
  uint64_t compressed_bytes() const;
  // Frames that `size` bytes in frames of `frame_bytes` need.
  static uint64_t FramesFor(uint64_t size, uint32_t frame_bytes);

  std::string Encode() const;
  // Reads `frame_count` entries and checks that the frames they describe are
  // consistent with `size`, `frame_bytes` and `compressed_bytes` (the bytes
  // the frames occupy). `where` names the file in errors.
  static Status Decode(std::string_view bytes, uint64_t size, uint32_t frame_bytes,
                       uint64_t frame_count, uint64_t compressed_bytes, std::string_view where,
                       FrameTable* table);
};

// A zstd dictionary of at most `capacity` bytes trained on pieces of
// frame_bytes spread over bytes [0, size) of `source`. Empty when the data is
// too small or too uniform to train on, or when the dictionary would save
// less at zstd `level` than its own size: frames then go without one.
Result<std::string> TrainDictionary(const io::ReadableFile& source, uint64_t size,
                                    uint32_t frame_bytes, int level, size_t capacity);

// Compresses bytes [0, size) of `source` at zstd `level` (with `dictionary`,
// unless empty) into frames written to `out` from *offset on; *offset ends
// after the last frame, *table describes them.
Status CompressFrames(const io::ReadableFile& source, uint64_t size, uint32_t frame_bytes,
                      int level, std::string_view dictionary, io::WritableFile& out,
                      uint64_t* offset, FrameTable* table);

// The decompressed bytes of frames stored in `container` from offset `base`,
// read as a file. Reads decode the frames they touch and keep them in
// `cache` (the store's, shared by its warm files; null: one of this file's
// own, of kFrameCacheBytes), so that the next reads of the same frames copy
// them: a query reads each segment's header, then its records, and
// neighbours share frames. Damage is kCorruption naming `path`, the frame
// and its offset in the container. Thread safe (reads take turns).
class FramedFile final : public io::ReadableFile {
 public:
  FramedFile(std::shared_ptr<io::ReadableFile> container, uint64_t base, FrameTable table,
             std::string path, std::shared_ptr<FrameCache> cache = nullptr);
  ~FramedFile() override;

  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override;
  Result<uint64_t> Size() const override { return table_.size; }

  const FrameTable& table() const { return table_; }

 private:
  // Decodes frame i into out[0, FrameSize(i)). REQUIRES: mu_ held.
  Status DecodeLocked(size_t i, char* out) const;
  size_t FrameSize(size_t i) const;

  std::shared_ptr<io::ReadableFile> container_;
  const FrameTable table_;
  std::vector<uint64_t> frame_offsets_;  // in container_
  const std::string path_;

  mutable std::mutex mu_;
  mutable void* dctx_ = nullptr;  // ZSTD_DCtx, made at the first read
  mutable void* ddict_ = nullptr;  // ZSTD_DDict of table_.dictionary, likewise
  mutable std::string compressed_;
  const std::shared_ptr<FrameCache> cache_;
  const uint64_t owner_;  // this file's key space in cache_
};

}  // namespace sealog::tier

#endif  // SEALOG_ENGINE_TIER_FRAMES_H_
