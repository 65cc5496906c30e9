#include "verify/index_checker.h"

#include <algorithm>

#include "crypto/text_codec.h"
#include "index/index_file.h"

namespace sealog::verify {

void CheckSegmentIndex(io::Env& env, const std::string& dir, const std::string& log_id,
                       const crypto::Seal& seal, ActiveIndex& rebuilt, Problems& problems) {
  const uint64_t number = seal.segment_number;
  const std::string name = index::IndexFileName(number);
  const std::string expected = rebuilt.Encode(log_id);
  if (index::IndexFile::DigestOf(expected) != seal.index_digest) {
    problems.Add(ProblemKind::kIndex, name, number, seal.first_seq, 0,
                 "the seal of segment " + std::to_string(number) +
                     " signs an index digest its records do not produce (" +
                     crypto::ToHex(seal.index_digest) + ")");
    return;
  }
  std::string actual;
  const Status status = io::ReadFileToString(env, dir + "/" + name, &actual);
  if (status.IsNotFound()) {
    problems.Add(ProblemKind::kIndex, name, number, seal.first_seq, 0,
                 "the index of segment " + std::to_string(number) + " is missing");
    return;
  }
  if (!status.ok()) {
    problems.Add(ProblemKind::kCorrupt, name, number, seal.first_seq, 0, status.message());
    return;
  }
  if (actual == expected) return;
  const auto [differs, unused] = std::mismatch(expected.begin(), expected.end(), actual.begin(),
                                               actual.end());
  (void)unused;
  const uint64_t offset = static_cast<uint64_t>(differs - expected.begin());
  problems.Add(ProblemKind::kIndex, name, number, seal.first_seq, offset,
               "differs from the index rebuilt from segment " + std::to_string(number) +
                   "'s records, from byte " + std::to_string(offset) + " on (" +
                   std::to_string(actual.size()) + " bytes, expected " +
                   std::to_string(expected.size()) + ")");
}

}  // namespace sealog::verify
