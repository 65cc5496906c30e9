// Fuzz target: a cold archive (engine/tier/archive_file.h) opened from
// arbitrary bytes held in memory, then every segment read through and in
// pieces, every index head and the seals read. The input is tried twice: as
// it is, and resealed (the header, block, index head, seals and directory
// checksums recomputed where the layout puts them, as a hostile writer
// would), so that mutations reach the directory parser, zstd and the record
// columns decoder behind the checksums.
//
// Invariants: no crash, no read out of bounds (run under ASan), no buffer
// larger than a block may be (kArchiveBlockBytesMax) whatever the file
// claims; every error is kCorruption; an archive that opens has consecutive
// segments that Find finds; a segment reads as exactly its size or fails with
// kCorruption, and reads of pieces return the same bytes as reading it through.
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
#include "engine/tier/archive_file.h"

namespace {

using sealog::Status;
namespace format = sealog::format;

void Require(bool condition) {
  if (!condition) std::abort();
}

// Every checksum recomputed where the layout of archive_file.h puts it, as
// far as the (possibly damaged) trailer and directory allow.
std::string Reseal(std::string file) {
  constexpr uint64_t kHeader = format::kArchiveHeaderSize;
  constexpr uint64_t kTrailer = format::kArchiveTrailerSize;
  if (file.size() < kHeader + kTrailer) return file;
  char* p = file.data();
  const std::string_view all(file);
  sealog::EncodeFixed64(p + format::kArchiveChecksumOffset,
                        sealog::Checksum(all.substr(0, format::kArchiveChecksumOffset)));
  const uint64_t trailer = file.size() - kTrailer;
  const uint64_t seals_offset = sealog::DecodeFixed64(p + trailer + 8);
  const uint64_t seals_bytes = sealog::DecodeFixed64(p + trailer + 16);
  const uint64_t directory_offset = sealog::DecodeFixed64(p + trailer + 32);
  const uint64_t directory_bytes = sealog::DecodeFixed64(p + trailer + 40);
  if (seals_offset <= trailer && seals_bytes <= trailer - seals_offset) {
    sealog::EncodeFixed64(p + trailer + 24,
                          sealog::Checksum(all.substr(seals_offset, seals_bytes)));
  }
  if (directory_offset > trailer || directory_bytes > trailer - directory_offset) return file;
  const uint64_t end = directory_offset + directory_bytes;
  uint64_t at = directory_offset;
  auto have = [&](uint64_t n) { return end - at >= n; };
  auto in_file = [&](uint64_t offset, uint64_t n) {
    return offset <= file.size() && n <= file.size() - offset;
  };
  if (have(8)) {
    const uint32_t count = sealog::DecodeFixed32(p + at);
    at += 8;
    uint64_t file_offset = kHeader;
    uint64_t ordinal = 0;
    for (uint32_t s = 0; s < count && have(36); ++s) {
      const uint32_t head_bytes = sealog::DecodeFixed32(p + at + 32);
      at += 36;
      if (!have(uint64_t{head_bytes} + 20)) break;
      at += head_bytes;
      const uint64_t head_offset = sealog::DecodeFixed64(p + at);
      const uint32_t head_size = sealog::DecodeFixed32(p + at + 8);
      if (in_file(head_offset, head_size)) {
        sealog::EncodeFixed32(
            p + at + 12,
            static_cast<uint32_t>(sealog::Checksum(all.substr(head_offset, head_size))));
      }
      const uint32_t block_count = sealog::DecodeFixed32(p + at + 16);
      at += 20;
      for (uint32_t b = 0; b < block_count && have(format::kArchiveBlockEntrySize); ++b) {
        const uint32_t compressed = sealog::DecodeFixed32(p + at + 13);
        if (in_file(file_offset, compressed)) {
          sealog::EncodeFixed32(p + at + 17, static_cast<uint32_t>(sealog::Checksum(
                                                 all.substr(file_offset, compressed), ordinal)));
        }
        file_offset += compressed;
        ++ordinal;
        at += format::kArchiveBlockEntrySize;
      }
    }
  }
  sealog::EncodeFixed64(p + trailer + 48,
                        sealog::Checksum(all.substr(directory_offset, directory_bytes)));
  return file;
}

void Try(std::string bytes) {
  const uint64_t file_size = bytes.size();
  std::shared_ptr<sealog::tier::ArchiveFile> archive;
  const Status opened = sealog::tier::ArchiveFile::Open(
      sealog::io::NewStringFile(std::move(bytes)), file_size, "fuzz.arc", &archive);
  Require(opened.ok() || opened.IsCorruption());
  if (!opened.ok()) return;
  const auto& segments = archive->segments();
  Require(!segments.empty());
  // Consecutive numbers (modulo 2^64: an archive whose numbers wrap opens,
  // and Find then finds none of them, which is harmless).
  const bool wraps = segments.back().number < segments.front().number;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) Require(segments[i].number == segments[i - 1].number + 1);
    const sealog::tier::ArchivedSegment* found = archive->Find(segments[i].number);
    Require(found == &segments[i] || (wraps && found == nullptr));
  }

  // Each segment through, in reads of 3 KiB (across block edges), as far as
  // 1 MiB of all of them: the sizes an archive may claim are bounded by its
  // directory, not by its input.
  uint64_t budget = 1 << 20;
  std::string scratch(3 << 10, '\0');
  for (size_t i = 0; i < segments.size() && budget > 0; ++i) {
    std::shared_ptr<sealog::io::ReadableFile> segment = archive->SegmentBytes(i);
    sealog::Result<uint64_t> size = segment->Size();
    Require(size.ok() && *size == segments[i].size);
    const uint64_t limit = std::min<uint64_t>(segments[i].size, budget);
    std::string through;
    Status status;
    while (through.size() < limit) {
      std::string_view got;
      status = segment->Read(through.size(), scratch.size(), scratch.data(), &got);
      Require(status.ok() || status.IsCorruption());
      if (!status.ok()) break;
      Require(!got.empty() && got.size() <= scratch.size());
      through.append(got);
    }
    budget -= std::min<uint64_t>(budget, through.size());
    if (status.ok()) {
      Require(through.size() >= limit);
      if (through.size() >= segments[i].size) {
        Require(through.size() == segments[i].size);
        std::string_view past;
        Require(segment->Read(segments[i].size, 10, scratch.data(), &past).ok() && past.empty());
      }
      // Pieces at odd offsets, from a fresh file: the same bytes again.
      std::shared_ptr<sealog::io::ReadableFile> again = archive->SegmentBytes(i);
      for (uint64_t at = 0; at < through.size(); at += 1531) {
        std::string_view got;
        Require(again->Read(at, 100, scratch.data(), &got).ok());
        Require(got == std::string_view(through).substr(at, 100));
      }
    }
    std::string head;
    const Status read_head = archive->ReadIndexHead(i, &head);
    Require(read_head.ok() || read_head.IsCorruption());
    if (read_head.ok()) Require(head.size() == segments[i].index_head_bytes);
  }
  std::string seals;
  const Status read_seals = archive->ReadSeals(&seals);
  Require(read_seals.ok() || read_seals.IsCorruption());
  if (read_seals.ok()) Require(seals.size() <= file_size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  Try(input);
  Try(Reseal(input));
  return 0;
}
