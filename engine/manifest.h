// The MANIFEST: which segments make up the log, and which one is active.
//
//   manifest := "SEALOGMF" | version u32 | payload_length u32 | generation u64
//               | log_id[16] | created_ns i64 | entry_count u32 | entry{n} | checksum u64
//   entry    := number u64 | first_seq u64 | record_count u64 | size_bytes u64
//               | closed_ns i64 | state u8 | reserved[7]
//   state    := 0 active | 1 closed, hot | 2 closed, warm | 3 closed, cold
//               | 4 expired (deleted by retention; its receipt is in the log)
//
// payload_length counts the bytes from generation to the last entry; the
// checksum is xxh3-64 of everything before it. The file is only ever replaced
// whole (io::WriteFileAtomically), so a crash leaves the old or the new one.
#ifndef SEALOG_ENGINE_MANIFEST_H_
#define SEALOG_ENGINE_MANIFEST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/env.h"
#include "sealog/status.h"
#include "sealog/store.h"

namespace sealog {

struct ManifestSegment {
  uint64_t number = 0;
  uint64_t first_seq = 0;
  uint64_t record_count = 0;  // closed segments only
  uint64_t size_bytes = 0;    // closed segments only
  int64_t closed_ns = 0;      // when it was closed; 0 while active
  bool active = false;
  Tier tier = Tier::kHot;     // closed segments only

  uint64_t last_seq() const { return first_seq + record_count - 1; }
  bool operator==(const ManifestSegment&) const = default;
};

struct Manifest {
  uint64_t generation = 0;  // one more at every save
  std::string log_id;       // 16 bytes
  int64_t created_ns = 0;
  // In segment order; the last one is the active one.
  std::vector<ManifestSegment> segments;

  std::string Encode() const;
  // Checks magic, version, lengths, checksum and that the segments follow
  // each other (numbers ascending, seqs contiguous, exactly the last active).
  static Status Decode(std::string_view bytes, Manifest* manifest);

  static Status Load(io::Env& env, const std::string& dir, Manifest* manifest);
  // Increments generation and replaces dir/MANIFEST atomically.
  Status Save(io::Env& env, const std::string& dir);
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_MANIFEST_H_
