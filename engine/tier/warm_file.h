// Warm segment files: a closed, sealed segment rewritten compressed.
//
//   warm    := header dictionary frames table trailer
//   header  := "SEALOGWM" | version u32 | header_size u32 (72) | log_id[16]
//              | segment_number u64 | size u64 | frame_bytes u32 | frame_count u32
//              | dictionary_bytes u32 | dictionary_checksum u32
//              | checksum u64                  -- xxh3-64 of bytes 0..63
//   dictionary := the zstd dictionary of every frame (dictionary_bytes, may be 0)
//   frames, table := engine/tier/frames.h, the frames right after the dictionary
//   trailer := table_checksum u64 | "SEALOGWE"  -- xxh3-64 of the table
//
// The frames hold the segment file's bytes exactly, so a reader of the warm
// file sees the hot segment (header, records, offsets and all) and everything
// built on a segment (readers, verify, the index, whose offsets stay valid)
// works on it unchanged.
#ifndef SEALOG_ENGINE_TIER_WARM_FILE_H_
#define SEALOG_ENGINE_TIER_WARM_FILE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/io/env.h"
#include "engine/tier/frame_cache.h"
#include "sealog/status.h"

namespace sealog::tier {

std::string WarmFileName(uint64_t number);  // "00000012.wrm"
std::optional<uint64_t> ParseWarmFileName(std::string_view name);

struct WarmHeader {
  std::string log_id;
  uint64_t number = 0;
  uint64_t size = 0;  // of the segment's own bytes
  uint32_t frame_bytes = 0;
  uint32_t frame_count = 0;
  uint32_t dictionary_bytes = 0;
  uint32_t dictionary_checksum = 0;  // low 32 bits of xxh3-64 of the dictionary
};

// Writes dir/N.wrm from the segment file dir/N.seg, compressed at zstd
// `level`: written as N.wrm.tmp, synced, renamed, directory synced. The .seg
// file is left alone. *stored_bytes gets the warm file's size.
Status WriteWarmFile(io::Env& env, const std::string& dir, uint64_t number, int level,
                     uint64_t* stored_bytes);

// Opens a warm file: checks header, trailer and frame table, and gives the
// segment's bytes as a file (*segment) of header->size bytes, which keeps the
// frames it decodes in `frames` (null: a small cache of its own).
Status OpenWarmFile(std::shared_ptr<io::ReadableFile> file, uint64_t file_size,
                    const std::string& path, std::shared_ptr<io::ReadableFile>* segment,
                    WarmHeader* header, std::shared_ptr<FrameCache> frames = nullptr);

}  // namespace sealog::tier

#endif  // SEALOG_ENGINE_TIER_WARM_FILE_H_
