// Checks a sealed segment's index file: the index rebuilt from the segment's
// records must hash to the digest the seal signs, and the file on disk must
// be that index, byte for byte. Either failure is a problem of kind `index`:
// an index that could hide a record from queries, or show one that is not
// there (journald's CVE-2023-31437 is the lesson).
#ifndef SEALOG_VERIFY_INDEX_CHECKER_H_
#define SEALOG_VERIFY_INDEX_CHECKER_H_

#include <string>

#include "crypto/seal.h"
#include "engine/active_index.h"
#include "engine/io/env.h"
#include "verify/problems.h"

namespace sealog::verify {

// REQUIRES: `rebuilt` holds every record of the segment, which matched its seal.
void CheckSegmentIndex(io::Env& env, const std::string& dir, const std::string& log_id,
                       const crypto::Seal& seal, ActiveIndex& rebuilt, Problems& problems);

}  // namespace sealog::verify

#endif  // SEALOG_VERIFY_INDEX_CHECKER_H_
