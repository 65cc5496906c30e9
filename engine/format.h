// The constants that segment, record and manifest writers and readers share.
// docs/FORMAT.md describes the same bytes; tests/engine/format_golden_test.cc
// keeps the two in step.
#ifndef SEALOG_ENGINE_FORMAT_H_
#define SEALOG_ENGINE_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sealog::format {

// The on-disk format version. Every file starts with its magic and this.
inline constexpr uint32_t kVersion = 1;

// Segment file: header, then records back to back.
inline constexpr std::string_view kSegmentMagic = "SEALOGSG";  // 8 bytes
inline constexpr size_t kSegmentHeaderSize = 64;
// Header field offsets.
inline constexpr size_t kSegmentVersionOffset = 8;
inline constexpr size_t kSegmentHeaderSizeOffset = 12;
inline constexpr size_t kSegmentLogIdOffset = 16;
inline constexpr size_t kSegmentNumberOffset = 32;
inline constexpr size_t kSegmentFirstSeqOffset = 40;
inline constexpr size_t kSegmentCreatedOffset = 48;
inline constexpr size_t kSegmentChecksumOffset = 56;

inline constexpr size_t kLogIdSize = 16;

// Record frame: a 32-byte header, then the body.
inline constexpr uint32_t kRecordMagic = 0x31524c53;  // "SLR1" in file order
inline constexpr size_t kRecordHeaderSize = 32;
inline constexpr size_t kRecordMagicOffset = 0;
inline constexpr size_t kRecordLengthOffset = 4;    // u32 body length
inline constexpr size_t kRecordChecksumOffset = 8;  // u64 xxh3 over [16, 32 + length)
inline constexpr size_t kRecordSeqOffset = 16;
inline constexpr size_t kRecordSyncedOffset = 24;  // u64: bytes of the segment durable when written
// Body: ingest time, event time, flags, six fields, raw event.
inline constexpr size_t kRecordBodyFixedSize = 17;
inline constexpr uint8_t kRecordFlagTimeMissing = 0x01;
// Written by the store itself (engine/system_events.h): receipts, holds,
// configuration changes. Appends through the API can never set it.
inline constexpr uint8_t kRecordFlagSystem = 0x02;
inline constexpr uint8_t kRecordFlagsKnown = kRecordFlagTimeMissing | kRecordFlagSystem;

// MANIFEST: the list of segments.
inline constexpr std::string_view kManifestMagic = "SEALOGMF";
inline constexpr std::string_view kManifestName = "MANIFEST";
inline constexpr size_t kManifestHeaderSize = 52;
inline constexpr size_t kManifestVersionOffset = 8;
inline constexpr size_t kManifestPayloadLengthOffset = 12;
inline constexpr size_t kManifestGenerationOffset = 16;
inline constexpr size_t kManifestLogIdOffset = 24;
inline constexpr size_t kManifestCreatedOffset = 40;
inline constexpr size_t kManifestCountOffset = 48;
inline constexpr size_t kManifestEntrySize = 48;
inline constexpr uint8_t kSegmentStateActive = 0;
inline constexpr uint8_t kSegmentStateClosed = 1;  // closed, hot: in N.seg
inline constexpr uint8_t kSegmentStateWarm = 2;    // in N.wrm
inline constexpr uint8_t kSegmentStateCold = 3;    // in the archive F-L.arc with F <= N <= L
inline constexpr uint8_t kSegmentStateExpired = 4;  // deleted by retention, with a receipt

inline constexpr std::string_view kLockName = "LOCK";
inline constexpr std::string_view kSegmentSuffix = ".seg";

// Warm segment file: a header, the frames' zstd dictionary, the segment's
// bytes in zstd frames (engine/tier/frames.h), the frame table and a trailer.
inline constexpr std::string_view kWarmMagic = "SEALOGWM";
inline constexpr std::string_view kWarmTrailerMagic = "SEALOGWE";
inline constexpr std::string_view kWarmSuffix = ".wrm";
inline constexpr size_t kWarmHeaderSize = 72;
inline constexpr size_t kWarmVersionOffset = 8;
inline constexpr size_t kWarmHeaderSizeOffset = 12;
inline constexpr size_t kWarmLogIdOffset = 16;
inline constexpr size_t kWarmNumberOffset = 32;
inline constexpr size_t kWarmSizeOffset = 40;
inline constexpr size_t kWarmFrameBytesOffset = 48;
inline constexpr size_t kWarmFrameCountOffset = 52;
inline constexpr size_t kWarmDictionaryBytesOffset = 56;
inline constexpr size_t kWarmDictionaryChecksumOffset = 60;
inline constexpr size_t kWarmChecksumOffset = 64;
inline constexpr size_t kWarmTrailerSize = 16;  // table checksum u64 | trailer magic

// Cold archive (engine/tier/archive_file.h).
inline constexpr std::string_view kArchiveMagic = "SEALOGAR";
inline constexpr std::string_view kArchiveTrailerMagic = "SEALOGAE";
inline constexpr std::string_view kArchiveSuffix = ".arc";
inline constexpr size_t kArchiveHeaderSize = 48;
inline constexpr size_t kArchiveVersionOffset = 8;
inline constexpr size_t kArchiveHeaderSizeOffset = 12;
inline constexpr size_t kArchiveLogIdOffset = 16;
inline constexpr size_t kArchiveFirstSegmentOffset = 32;
inline constexpr size_t kArchiveChecksumOffset = 40;
inline constexpr size_t kArchiveTrailerSize = 64;
inline constexpr size_t kArchiveBlockEntrySize = 21;

}  // namespace sealog::format

#endif  // SEALOG_ENGINE_FORMAT_H_
