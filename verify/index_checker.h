// Checks a sealed segment's index file: the index rebuilt from the segment's
// records must hash to the digest the seal signs, and the file on disk must
// be that index, byte for byte. Either failure is a problem of kind `index`:
// an index that could hide a record from queries, or show one that is not
// there (journald's CVE-2023-31437 is the lesson). A cold segment keeps only
// its index head, in its archive: that head must be the rebuilt one's.
#ifndef SEALOG_VERIFY_INDEX_CHECKER_H_
#define SEALOG_VERIFY_INDEX_CHECKER_H_

#include <string>

#include "crypto/seal.h"
#include "engine/active_index.h"
#include "engine/io/env.h"
#include "engine/tier/archive_file.h"
#include "verify/problems.h"

namespace sealog::verify {

// Where a segment's index is kept: its index file in `dir`, or, when
// `archive` is set, the head of segment `archive_index` there.
struct IndexPlace {
  io::Env* env = nullptr;
  std::string dir;
  const tier::ArchiveFile* archive = nullptr;
  size_t archive_index = 0;
};

// REQUIRES: `rebuilt` holds every record of the segment, which matched its seal.
void CheckSegmentIndex(const IndexPlace& place, const std::string& log_id,
                       const crypto::Seal& seal, ActiveIndex& rebuilt, Problems& problems);

}  // namespace sealog::verify

#endif  // SEALOG_VERIFY_INDEX_CHECKER_H_
