// Fuzz target: a warm segment file (engine/tier/warm_file.h) opened from
// arbitrary bytes, then read whole and in pieces. The input is tried twice:
// as it is, and resealed (the header, dictionary, frame and table checksums
// recomputed, as a hostile writer would), so that mutations reach zstd and
// the dictionary loader behind the checksums.
//
// Invariants: no crash, no read out of bounds (run under ASan), no buffer
// larger than one frame (kFrameBytesMax) whatever the file claims; every
// error is kCorruption; a file that opens reads as exactly `size` bytes or
// fails with kCorruption, and reads of pieces return the same bytes as
// reading it through.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/io/env.h"
#include "engine/tier/frames.h"
#include "engine/tier/warm_file.h"

namespace {

using sealog::Status;
namespace format = sealog::format;

void Require(bool condition) {
  if (!condition) std::abort();
}

// Every checksum recomputed where the layout of docs/FORMAT.md puts it, as far
// as the (possibly damaged) header and table allow.
std::string Reseal(std::string file) {
  if (file.size() < format::kWarmHeaderSize + format::kWarmTrailerSize) return file;
  char* p = file.data();
  const uint32_t frame_count = sealog::DecodeFixed32(p + format::kWarmFrameCountOffset);
  const uint32_t dictionary_bytes = sealog::DecodeFixed32(p + format::kWarmDictionaryBytesOffset);
  const uint64_t frames_at = format::kWarmHeaderSize + uint64_t{dictionary_bytes};
  const uint64_t table_bytes = uint64_t{frame_count} * 8;
  if (frames_at + table_bytes + format::kWarmTrailerSize <= file.size()) {
    sealog::EncodeFixed32(p + format::kWarmDictionaryChecksumOffset,
                          static_cast<uint32_t>(sealog::Checksum(
                              std::string_view(file).substr(format::kWarmHeaderSize,
                                                            dictionary_bytes))));
    const uint64_t table_at = file.size() - format::kWarmTrailerSize - table_bytes;
    uint64_t at = frames_at;
    for (uint32_t i = 0; i < frame_count; ++i) {
      char* entry = p + table_at + 8 * uint64_t{i};
      const uint32_t size = sealog::DecodeFixed32(entry);
      if (at + size > table_at) break;
      sealog::EncodeFixed32(entry + 4, static_cast<uint32_t>(sealog::Checksum(
                                           std::string_view(file).substr(at, size), i)));
      at += size;
    }
    sealog::EncodeFixed64(p + file.size() - format::kWarmTrailerSize,
                          sealog::Checksum(std::string_view(file).substr(table_at, table_bytes)));
  }
  sealog::EncodeFixed64(p + format::kWarmChecksumOffset,
                        sealog::Checksum(std::string_view(file).substr(0, format::kWarmChecksumOffset)));
  return file;
}

void Try(std::string bytes) {
  const uint64_t file_size = bytes.size();
  std::shared_ptr<sealog::io::ReadableFile> segment;
  sealog::tier::WarmHeader header;
  const Status opened = sealog::tier::OpenWarmFile(sealog::io::NewStringFile(std::move(bytes)),
                                                   file_size, "fuzz.wrm", &segment, &header);
  Require(opened.ok() || opened.IsCorruption());
  if (!opened.ok()) return;
  sealog::Result<uint64_t> size = segment->Size();
  Require(size.ok() && *size == header.size);

  // Through, in reads of 3 KiB (across frame edges), as far as 1 MiB: the
  // sizes a file may claim are bounded by its frame table, not by its input.
  const uint64_t limit = std::min<uint64_t>(header.size, 1 << 20);
  std::string through;
  std::string scratch(3 << 10, '\0');
  Status status;
  while (through.size() < limit) {
    std::string_view got;
    status = segment->Read(through.size(), scratch.size(), scratch.data(), &got);
    Require(status.ok() || status.IsCorruption());
    if (!status.ok()) break;
    Require(!got.empty() && got.size() <= scratch.size());
    through.append(got);
  }
  if (!status.ok()) return;
  Require(through.size() >= limit);
  // Pieces at odd offsets read the same bytes again (frames decoded anew or
  // from the cache of the last ones).
  for (uint64_t at = 0; at < through.size(); at += 1531) {
    std::string_view got;
    const Status piece = segment->Read(at, 100, scratch.data(), &got);
    Require(piece.ok());
    Require(got == std::string_view(through).substr(at, 100));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  Try(input);
  Try(Reseal(input));
  return 0;
}
