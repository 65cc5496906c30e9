// Every limit of the engine, in one place, with its unit last in its name.
// Inputs are checked against these before anything is allocated or written.
#ifndef SEALOG_ENGINE_LIMITS_H_
#define SEALOG_ENGINE_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace sealog {

// Largest raw event the engine stores (the CLI's --max-event-bytes is at most this).
inline constexpr size_t kEventBytesMax = 16u << 20;
// Largest value of one extracted field.
inline constexpr size_t kFieldBytesMax = 64u << 10;
// Largest record body: an event, its fields and their fixed part. Readers
// refuse a frame that claims more, so a damaged length never allocates.
inline constexpr size_t kRecordBodyBytesMax = kEventBytesMax + 6 * (kFieldBytesMax + 5) + 64;
// Smallest segment size a store may be configured with.
inline constexpr uint64_t kSegmentSizeMin = 4096;
// Largest MANIFEST file; bounds the segments one store can list (about 5 million).
inline constexpr size_t kManifestBytesMax = 256u << 20;
// Sealed segments whose sparse seq-to-offset table is kept in memory at once.
inline constexpr size_t kOffsetTablesCachedMax = 256;
// Of the closed segment files queries keep open between reads
// (Options::max_open_files), the cold ones (each holding its last decoded
// block, up to about kColdBlockBytes): 16 x 4 MiB of memory.
inline constexpr size_t kColdSegmentFilesOpenMax = 16;
// The share of the process's descriptor limit one store's segment files
// may hold at most, whatever Options::max_open_files says: 1 / this.
inline constexpr uint64_t kOpenFilesShareDivisor = 2;
// Cold archives kept open at once (one descriptor and the archive's
// directory each), shared by the cold segments they hold.
inline constexpr size_t kArchivesOpenMax = 16;
// One entry of a sparse seq-to-offset table every this many records.
inline constexpr uint64_t kOffsetTableStride = 64;
// Compressed tiers (engine/tier/frames.h): decompressed bytes per zstd frame.
// Readers refuse frame sizes outside [min, max] and zstd windows above
// 2^kFrameWindowLogMax, so a crafted file cannot make them allocate more.
inline constexpr uint32_t kFrameBytesMin = 1024;
inline constexpr uint32_t kFrameBytesMax = 4u << 20;
inline constexpr int kFrameWindowLogMax = 23;
// Decoded frames a framed file keeps for its next reads when it has no
// store's FrameCache to share (verify, tools, retention's read-back).
inline constexpr size_t kFrameCacheBytes = 64u << 10;
// Warm segments are cut in frames of this size: an indexed lookup decodes
// the one or two its record lies in, so lookups cost about frame_bytes of
// decoding per record (2 KiB: about 3 us; docs/BENCHMARKS.md, "Tiers"). Their dictionary (trained on at most kDictionarySampleBytesMax of the
// segment) makes up for most of what small frames lose; readers refuse
// dictionaries above kFrameDictionaryBytesMax.
inline constexpr uint32_t kWarmFrameBytes = 2u << 10;
inline constexpr uint32_t kWarmDictionaryBytes = 16u << 10;
inline constexpr uint32_t kFrameDictionaryBytesMax = 1u << 20;
inline constexpr uint64_t kDictionarySampleBytesMax = 1u << 20;
// Cold archives (engine/tier/archive_file.h) cut each segment into blocks of
// whole records of about kColdBlockBytes (less, unless one record is more),
// each compressed on its own: a query that needs one record decodes its
// block. Readers refuse blocks that claim more than kArchiveBlockBytesMax in
// any form and zstd windows above 2^kArchiveWindowLogMax, and directories
// above kArchiveDirectoryBytesMax, so a crafted archive cannot make them
// allocate more. One archive packs at most kArchiveSourceBytesMax of segments.
inline constexpr uint32_t kColdBlockBytes = 4u << 20;
inline constexpr uint32_t kArchiveBlockBytesMax = 32u << 20;
inline constexpr int kArchiveWindowLogMax = 25;
inline constexpr uint64_t kArchiveDirectoryBytesMax = 64u << 20;
inline constexpr uint64_t kArchiveSourceBytesMax = uint64_t{4} << 30;

}  // namespace sealog

#endif  // SEALOG_ENGINE_LIMITS_H_
