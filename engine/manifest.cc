#include "engine/manifest.h"

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/limits.h"

namespace sealog {

using namespace format;  // NOLINT

static uint8_t StateOf(const ManifestSegment& s) {
  if (s.active) return kSegmentStateActive;
  switch (s.tier) {
    case Tier::kWarm: return kSegmentStateWarm;
    case Tier::kCold: return kSegmentStateCold;
    case Tier::kExpired: return kSegmentStateExpired;
    default: return kSegmentStateClosed;
  }
}

std::string Manifest::Encode() const {
  std::string out;
  out.reserve(kManifestHeaderSize + segments.size() * kManifestEntrySize + 8);
  out.append(kManifestMagic);
  PutFixed32(&out, kVersion);
  const size_t payload_length = 8 + kLogIdSize + 8 + 4 + segments.size() * kManifestEntrySize;
  PutFixed32(&out, static_cast<uint32_t>(payload_length));
  PutFixed64(&out, generation);
  out.append(log_id.data(), kLogIdSize);
  PutFixed64(&out, static_cast<uint64_t>(created_ns));
  PutFixed32(&out, static_cast<uint32_t>(segments.size()));
  for (const ManifestSegment& s : segments) {
    PutFixed64(&out, s.number);
    PutFixed64(&out, s.first_seq);
    PutFixed64(&out, s.record_count);
    PutFixed64(&out, s.size_bytes);
    PutFixed64(&out, static_cast<uint64_t>(s.closed_ns));
    out.push_back(static_cast<char>(StateOf(s)));
    out.append(7, '\0');
  }
  PutFixed64(&out, Checksum(out));
  return out;
}

static Status Bad(const std::string& what) { return Status::Corruption("MANIFEST: " + what); }

static Status CheckSegmentsFollow(const std::vector<ManifestSegment>& segments) {
  if (segments.empty()) return Bad("lists no segments");
  for (size_t i = 0; i < segments.size(); ++i) {
    const ManifestSegment& s = segments[i];
    const bool last = i + 1 == segments.size();
    if (s.active != last) return Bad("segment " + std::to_string(s.number) + " has the wrong state");
    if (i == 0) continue;
    const ManifestSegment& previous = segments[i - 1];
    if (s.number != previous.number + 1) {
      return Bad("segment " + std::to_string(s.number) + " follows segment " +
                 std::to_string(previous.number));
    }
    if (s.first_seq != previous.first_seq + previous.record_count) {
      return Bad("segment " + std::to_string(s.number) + " starts at seq " +
                 std::to_string(s.first_seq) + ", expected " +
                 std::to_string(previous.first_seq + previous.record_count));
    }
  }
  return Status::Ok();
}

Status Manifest::Decode(std::string_view bytes, Manifest* manifest) {
  if (bytes.size() < kManifestHeaderSize + 8) return Bad("truncated");
  if (bytes.substr(0, kManifestMagic.size()) != kManifestMagic) return Bad("bad magic at offset 0");
  const uint32_t version = DecodeFixed32(bytes.data() + kManifestVersionOffset);
  if (version != kVersion) {
    return Bad("format version " + std::to_string(version) + " is not supported");
  }
  const uint64_t payload_length = DecodeFixed32(bytes.data() + kManifestPayloadLengthOffset);
  if (kManifestGenerationOffset + payload_length + 8 != bytes.size()) {
    return Bad("length does not match the file size");
  }
  const std::string_view covered = bytes.substr(0, bytes.size() - 8);
  if (Checksum(covered) != DecodeFixed64(bytes.data() + covered.size())) {
    return Bad("checksum mismatch at offset " + std::to_string(covered.size()));
  }
  const char* p = bytes.data();
  manifest->generation = DecodeFixed64(p + kManifestGenerationOffset);
  manifest->log_id = std::string(p + kManifestLogIdOffset, kLogIdSize);
  manifest->created_ns = static_cast<int64_t>(DecodeFixed64(p + kManifestCreatedOffset));
  const uint32_t count = DecodeFixed32(p + kManifestCountOffset);
  if (kManifestHeaderSize + uint64_t{count} * kManifestEntrySize + 8 != bytes.size()) {
    return Bad("entry count does not match the file size");
  }
  p = bytes.data() + kManifestHeaderSize;
  manifest->segments.clear();
  manifest->segments.reserve(count);
  for (uint32_t i = 0; i < count; ++i, p += kManifestEntrySize) {
    ManifestSegment s;
    s.number = DecodeFixed64(p);
    s.first_seq = DecodeFixed64(p + 8);
    s.record_count = DecodeFixed64(p + 16);
    s.size_bytes = DecodeFixed64(p + 24);
    s.closed_ns = static_cast<int64_t>(DecodeFixed64(p + 32));
    const uint8_t state = static_cast<uint8_t>(p[40]);
    if (state > kSegmentStateExpired) return Bad("unknown segment state " + std::to_string(state));
    s.active = state == kSegmentStateActive;
    s.tier = state == kSegmentStateWarm      ? Tier::kWarm
             : state == kSegmentStateCold    ? Tier::kCold
             : state == kSegmentStateExpired ? Tier::kExpired
                                             : Tier::kHot;
    manifest->segments.push_back(s);
  }
  return CheckSegmentsFollow(manifest->segments);
}

Status Manifest::Load(io::Env& env, const std::string& dir, Manifest* manifest) {
  std::string bytes;
  SEALOG_RETURN_IF_ERROR(io::ReadFileToString(env, dir + "/" + std::string(kManifestName), &bytes));
  if (bytes.size() > kManifestBytesMax) return Bad("larger than " + std::to_string(kManifestBytesMax));
  return Decode(bytes, manifest);
}

Status Manifest::Save(io::Env& env, const std::string& dir) {
  ++generation;
  return io::WriteFileAtomically(env, dir, std::string(kManifestName), Encode());
}

}  // namespace sealog
