// Checks one segment file against its seal, or counts the records of one not
// yet sealed. Streams: one segment at a time, through a SegmentReader.
#ifndef SEALOG_VERIFY_SEGMENT_CHECKER_H_
#define SEALOG_VERIFY_SEGMENT_CHECKER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "crypto/seal.h"
#include "engine/io/env.h"
#include "engine/manifest.h"
#include "engine/segment_reader.h"
#include "engine/tier/segment_file.h"
#include "verify/index_checker.h"
#include "verify/problems.h"

namespace sealog::verify {

struct SegmentTally {
  uint64_t records = 0;  // records read whole and in order
  uint64_t bytes = 0;
  bool intact = false;   // every check passed
  // The raw bytes of the deletion receipts among the records (system events,
  // engine/system_events.h): what verify calls `expired` rests on them.
  std::vector<std::string> receipts;
};

// Every record's checksum and seq, then count, time span and Merkle root
// against the seal, then the index (verify/index_checker.h).
SegmentTally CheckSealedSegment(io::Env& env, const std::string& dir, const std::string& log_id,
                                const crypto::Seal& seal, Problems& problems);

// The same for a segment already open (`segment`, at its start), whose
// index is kept at `place`.
SegmentTally CheckSealedReader(SegmentReader& segment, const IndexPlace& place,
                               const std::string& log_id, const crypto::Seal& seal,
                               Problems& problems);

// A reader of `source` (opened with `status`) once its header names this log
// and segment; null, with the problem reported, otherwise.
std::unique_ptr<SegmentReader> CheckSource(tier::SegmentFile source, Status status,
                                           const std::string& log_id, uint64_t number,
                                           uint64_t first_seq, Problems& problems);

// An unsealed segment: closed (every byte must be a valid record) or active
// (a torn tail is allowed, as recovery would cut it).
SegmentTally CountUnsealedSegment(io::Env& env, const std::string& dir, const std::string& log_id,
                                  const ManifestSegment& segment, Problems& problems);

}  // namespace sealog::verify

#endif  // SEALOG_VERIFY_SEGMENT_CHECKER_H_
