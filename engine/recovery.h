// Recovery: from the files on disk to a log that can be read and appended to.
//
// The MANIFEST names the segments. Closed segments must be there whole (their
// size is in the MANIFEST); their records are checked when read or verified,
// not at every open. The active segment is scanned: a torn tail, left by a
// crash in the middle of a write, is cut off and reported. Damage before the
// point the segment was known durable is corruption: it is reported with its
// offset and never cut away.
#ifndef SEALOG_ENGINE_RECOVERY_H_
#define SEALOG_ENGINE_RECOVERY_H_

#include <cstdint>
#include <memory>
#include <string>

#include "engine/active_index.h"
#include "engine/io/env.h"
#include "engine/manifest.h"
#include "engine/sealer.h"
#include "engine/segment_digest.h"
#include "sealog/options.h"
#include "sealog/status.h"
#include "sealog/store.h"

namespace sealog {

// How the active segment ends.
struct ActiveScan {
  uint64_t end_offset = 0;    // just after the last valid record
  uint64_t record_count = 0;
  uint64_t file_size = 0;
  uint64_t torn_bytes = 0;    // bytes after end_offset: the torn tail
  // The durable mark of the last valid record: bytes the writer knew were on
  // disk when it wrote it. Those after it may have reached the page cache only.
  uint64_t synced_mark = 0;
  Status status;              // kCorruption when damage reaches durable data
};

// Scans the active segment `segment` of the log. Read-only. When digest or
// index is not null, it receives every valid record.
ActiveScan ScanActiveSegment(io::Env& env, const std::string& dir, const std::string& log_id,
                             const ManifestSegment& segment, SegmentDigest* digest = nullptr,
                             ActiveIndex* index = nullptr);

// Creates a new, empty log in dir: segment 1, the seal chain certified by the
// root key of options (or a generated one, left in dir/root.key), dir/root.pub,
// and last the MANIFEST. *root_key_generated tells which.
Status CreateLog(io::Env& env, const std::string& dir, const Options& options,
                 Manifest* manifest, bool* root_key_generated);

struct RecoveredLog {
  Manifest manifest;
  ActiveScan active;
  RecoveryReport report;
  std::unique_ptr<io::WritableFile> active_file;  // open for appending, unless read-only
  std::unique_ptr<Sealer> sealer;                 // unless read-only or sealing is off
  SegmentDigest active_digest;                    // the active segment's records so far
  std::shared_ptr<ActiveIndex> active_index;       // ... and their index
};

// Loads the MANIFEST and checks the segments. Unless options.read_only, also
// repairs: cuts a torn tail, removes segment files the MANIFEST never
// adopted (a rollover interrupted before its MANIFEST switch) and MANIFEST.tmp,
// and seals closed segments a crash left unsealed.
Status RecoverLog(io::Env& env, const std::string& dir, const Options& options, RecoveredLog* out);

}  // namespace sealog

#endif  // SEALOG_ENGINE_RECOVERY_H_
