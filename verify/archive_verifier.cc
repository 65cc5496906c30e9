// Verifying a cold archive on its own, wherever it was copied: the seal
// chain it carries is walked from the root key, then every segment it holds
// is checked against its seal, exactly as verify checks a store's segments.
#include <map>

#include "crypto/seal.h"
#include "crypto/signing_key.h"
#include "engine/tier/archive_file.h"
#include "sealog/verify.h"
#include "verify/chain_walker.h"
#include "verify/segment_checker.h"

namespace sealog {

namespace {

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The entries of a seals section, back to back; false at bytes that are no entry.
bool SplitEntries(std::string_view bytes, std::vector<std::string>* entries, uint64_t* bad_offset) {
  uint64_t at = 0;
  while (at < bytes.size()) {
    Result<crypto::EntryKind> kind = crypto::PeekEntryKind(bytes.substr(at));
    const size_t size =
        !kind.ok() ? 0 : *kind == crypto::EntryKind::kGenesis ? crypto::kGenesisSize : crypto::kSealSize;
    if (size == 0 || size > bytes.size() - at || (entries->empty() != (size == crypto::kGenesisSize))) {
      *bad_offset = at;
      return false;
    }
    entries->emplace_back(bytes.substr(at, size));
    at += size;
  }
  return true;
}

}  // namespace

Result<VerifyReport> VerifyArchive(const std::string& path, const VerifyOptions& options) {
  if (!options.anchor_json.empty()) {
    return Status::InvalidArgument("--anchor checks a store, not an archive");
  }
  std::shared_ptr<io::Env> env = options.env ? options.env : io::NewPosixEnv();
  VerifyReport report;
  verify::Problems problems(&report.problems);
  const std::string name = BaseName(path);
  std::shared_ptr<tier::ArchiveFile> archive;
  Status opened = tier::OpenArchive(*env, path, &archive);
  if (opened.IsNotFound()) return Status::NotFound("no archive at " + path);
  if (!opened.ok()) {
    problems.Add(ProblemKind::kCorrupt, name, 0, 0, 0, opened.message());
    return report;
  }

  crypto::PublicKey root_key;
  const crypto::PublicKey* trusted_root = nullptr;
  if (!options.root_public_key.empty()) {
    if (options.root_public_key.size() != root_key.size()) {
      return Status::InvalidArgument("the root public key must be 32 bytes");
    }
    std::copy(options.root_public_key.begin(), options.root_public_key.end(), root_key.begin());
    trusted_root = &root_key;
  }
  report.root_key_from_store = trusted_root == nullptr;

  std::string seals;
  std::vector<std::string> entries;
  Status read = archive->ReadSeals(&seals);
  uint64_t bad_offset = 0;
  if (!read.ok()) {
    problems.Add(ProblemKind::kCorrupt, name, 0, 0, 0, read.message() + ": no segment can be verified");
  } else if (!SplitEntries(seals, &entries, &bad_offset)) {
    problems.Add(ProblemKind::kCorrupt, name, 0, 0, bad_offset,
                 "the seals section holds no whole entry at its byte " + std::to_string(bad_offset));
    entries.clear();
  }
  const verify::WalkedChain chain = verify::WalkChain(entries, archive->log_id(), trusted_root, problems);
  report.epochs = chain.epoch_keys.size();
  std::map<uint64_t, const verify::WalkedSeal*> seal_of;
  for (const verify::WalkedSeal& walked : chain.seals) {
    if (walked.seal.log_id == archive->log_id()) seal_of[walked.seal.segment_number] = &walked;
  }

  uint64_t total = 0;
  for (const tier::ArchivedSegment& segment : archive->segments()) total += segment.record_count;
  uint64_t done = 0;
  for (size_t i = 0; i < archive->segments().size(); ++i) {
    const tier::ArchivedSegment& segment = archive->segments()[i];
    auto walked = seal_of.find(segment.number);
    if (walked == seal_of.end()) {
      if (!entries.empty()) {
        problems.Add(ProblemKind::kMissing, name, segment.number, segment.first_seq, 0,
                     "the archive holds segment " + std::to_string(segment.number) +
                         " but not its seal");
      }
      continue;
    }
    tier::SegmentFile source;
    source.bytes = archive->SegmentBytes(i);
    source.size = segment.size;
    source.path = path;
    source.tier = Tier::kCold;
    std::unique_ptr<SegmentReader> reader = verify::CheckSource(
        source, Status::Ok(), archive->log_id(), segment.number, segment.first_seq, problems);
    if (!reader) continue;
    const verify::IndexPlace place{nullptr, "", archive.get(), i};
    const verify::SegmentTally tally =
        verify::CheckSealedReader(*reader, place, archive->log_id(), walked->second->seal, problems);
    report.bytes_read += tally.bytes;
    if (tally.intact && walked->second->trusted) {
      ++report.segments_sealed;
      report.records_verified += tally.records;
    }
    done += segment.record_count;
    if (options.progress) options.progress(done, total);
  }
  return report;
}

}  // namespace sealog
