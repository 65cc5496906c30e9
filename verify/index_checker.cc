#include "verify/index_checker.h"

#include <algorithm>

#include "crypto/text_codec.h"
#include "engine/coding.h"
#include "index/index_file.h"
#include "index/index_format.h"

namespace sealog::verify {

namespace {

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

void CheckSegmentIndex(const IndexPlace& place, const std::string& log_id,
                       const crypto::Seal& seal, ActiveIndex& rebuilt, Problems& problems) {
  const uint64_t number = seal.segment_number;
  std::string name = index::IndexFileName(number);
  std::string expected = rebuilt.Encode(log_id);
  if (index::IndexFile::DigestOf(expected) != seal.index_digest) {
    problems.Add(ProblemKind::kIndex, name, number, seal.first_seq, 0,
                 "the seal of segment " + std::to_string(number) +
                     " signs an index digest its records do not produce (" +
                     crypto::ToHex(seal.index_digest) + ")");
    return;
  }
  std::string actual;
  Status status;
  if (place.archive != nullptr) {
    name = BaseName(place.archive->path());
    expected.resize(DecodeFixed32(expected.data() + index::kHeadSizeOffset));
    status = place.archive->ReadIndexHead(place.archive_index, &actual);
  } else {
    status = io::ReadFileToString(*place.env, place.dir + "/" + name, &actual);
  }
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
