#include "verify/segment_checker.h"

#include <memory>

#include "crypto/text_codec.h"
#include "engine/recovery.h"
#include "engine/segment.h"
#include "engine/segment_digest.h"
#include "engine/segment_reader.h"
#include "engine/system_events.h"
#include "engine/tier/segment_file.h"
#include "verify/index_checker.h"

namespace sealog::verify {

namespace {

std::string FileName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Opens the segment, in whichever tier, and classifies a bad header. Null when it cannot be read.
std::unique_ptr<SegmentReader> OpenSegment(io::Env& env, const std::string& dir,
                                           const std::string& log_id, uint64_t number,
                                           uint64_t first_seq, Problems& problems,
                                           tier::SegmentFile* opened = nullptr) {
  std::string file = SegmentFileName(number);
  tier::SegmentFile source;
  Status status = tier::OpenSegmentFile(env, dir, number, &source);
  if (status.IsNotFound()) {
    problems.Add(ProblemKind::kMissing, file, number, first_seq, 0,
                 "segment " + std::to_string(number) + " is missing");
    return nullptr;
  }
  if (opened != nullptr) *opened = source;
  return CheckSource(std::move(source), status, log_id, number, first_seq, problems);
}

}  // namespace

std::unique_ptr<SegmentReader> CheckSource(tier::SegmentFile source, Status status,
                                           const std::string& log_id, uint64_t number,
                                           uint64_t first_seq, Problems& problems) {
  std::string file = SegmentFileName(number);
  if (status.ok()) file = FileName(source.path);
  char scratch[64];
  std::string_view bytes;
  SegmentHeader header;
  if (status.ok()) status = source.bytes->Read(0, sizeof(scratch), scratch, &bytes);
  if (status.ok()) status = DecodeSegmentHeader(bytes, file, &header);
  if (!status.ok()) {
    problems.Add(ProblemKind::kCorrupt, file, number, first_seq, 0, status.message());
    return nullptr;
  }
  if (header.log_id != log_id) {
    problems.Add(ProblemKind::kForeign, file, number, first_seq, 16,
                 file + " belongs to log " + crypto::HexEncode(header.log_id));
    return nullptr;
  }
  if (header.number != number) {
    problems.Add(ProblemKind::kReordered, file, number, first_seq, 32,
                 file + " holds segment " + std::to_string(header.number) + ", not " +
                     std::to_string(number));
    return nullptr;
  }
  std::unique_ptr<SegmentReader> reader;
  status = SegmentReader::Open(std::move(source.bytes), source.size, source.path, number, log_id,
                               &reader);
  if (!status.ok()) {
    problems.Add(ProblemKind::kCorrupt, file, number, first_seq, 0, status.message());
    return nullptr;
  }
  return reader;
}

namespace {

// Reads records in order from first_seq into digest. False at the first
// problem, which is reported. *bad_tail_offset is set instead of reporting
// when the damage is at the end and tolerate_tail is set.
bool ReadRecords(SegmentReader& reader, uint64_t number, uint64_t first_seq, bool tolerate_tail,
                 Problems& problems, SegmentDigest* digest, ActiveIndex* index = nullptr,
                 std::vector<std::string>* receipts = nullptr) {
  const std::string file = FileName(reader.path());
  uint64_t expected = first_seq;
  RecordView view;
  while (true) {
    switch (reader.Next(&view)) {
      case SegmentReader::Step::kEnd:
        return true;
      case SegmentReader::Step::kRecord:
        if (view.seq != expected) {
          problems.Add(ProblemKind::kReordered, file, number, view.seq, reader.offset(),
                       "seq " + std::to_string(view.seq) + " where seq " +
                           std::to_string(expected) + " belongs");
          return false;
        }
        digest->Add(view);
        if (index != nullptr) index->Add(view, reader.offset());
        if (receipts != nullptr && view.system() &&
            view.fields[static_cast<size_t>(Field::kAction)] == kReceiptAction) {
          receipts->emplace_back(view.raw);
        }
        ++expected;
        break;
      case SegmentReader::Step::kBad:
        if (!reader.status().ok()) {
          problems.Add(ProblemKind::kCorrupt, file, number, expected, reader.offset(),
                       reader.status().message());
          return false;
        }
        if (tolerate_tail) return true;
        problems.Add(ProblemKind::kCorrupt, file, number, expected, reader.offset(),
                     std::string(FrameStateName(reader.bad_state())) + " (seq " +
                         std::to_string(expected) + ")");
        return false;
    }
  }
}

}  // namespace

SegmentTally CheckSealedSegment(io::Env& env, const std::string& dir, const std::string& log_id,
                                const crypto::Seal& seal, Problems& problems) {
  tier::SegmentFile source;
  std::unique_ptr<SegmentReader> reader =
      OpenSegment(env, dir, log_id, seal.segment_number, seal.first_seq, problems, &source);
  if (!reader) return SegmentTally{};
  IndexPlace place{&env, dir, source.archive.get(), source.archive_index};
  return CheckSealedReader(*reader, place, log_id, seal, problems);
}

SegmentTally CheckSealedReader(SegmentReader& segment, const IndexPlace& place,
                               const std::string& log_id, const crypto::Seal& seal,
                               Problems& problems) {
  SegmentTally tally;
  const uint64_t number = seal.segment_number;
  SegmentReader* reader = &segment;
  const std::string file = FileName(reader->path());
  tally.bytes = reader->file_size();
  SegmentDigest digest;
  ActiveIndex index(number, seal.first_seq);
  if (!ReadRecords(*reader, number, seal.first_seq, false, problems, &digest, &index,
                   &tally.receipts)) {
    return tally;
  }
  tally.records = digest.count();
  const std::string range =
      "seq " + std::to_string(seal.first_seq) + ".." + std::to_string(seal.last_seq);
  if (digest.count() < seal.record_count) {
    problems.Add(ProblemKind::kMissing, file, number, seal.first_seq + digest.count(),
                 reader->file_size(),
                 "holds " + std::to_string(digest.count()) + " records, its seal says " +
                     std::to_string(seal.record_count) + ": records were cut");
  } else if (digest.count() > seal.record_count) {
    problems.Add(ProblemKind::kTampered, file, number, seal.last_seq + 1, 0,
                 "holds records beyond its seal's " + range);
  } else if (digest.Root() != seal.merkle_root) {
    problems.Add(ProblemKind::kTampered, file, number, seal.first_seq, 0,
                 "the records of " + range + " do not hash to the Merkle root of their seal");
  } else if (digest.min_time_ns() != seal.min_time_ns || digest.max_time_ns() != seal.max_time_ns) {
    problems.Add(ProblemKind::kTampered, file, number, seal.first_seq, 0,
                 "the time span of " + range + " differs from its seal");
  } else {
    const size_t before = problems.size();
    CheckSegmentIndex(place, log_id, seal, index, problems);
    tally.intact = problems.size() == before;
  }
  return tally;
}

SegmentTally CountUnsealedSegment(io::Env& env, const std::string& dir, const std::string& log_id,
                                  const ManifestSegment& segment, Problems& problems) {
  SegmentTally tally;
  if (segment.active) {
    const ActiveScan scan = ScanActiveSegment(env, dir, log_id, segment);
    if (!scan.status.ok()) {
      problems.Add(ProblemKind::kCorrupt, SegmentFileName(segment.number), segment.number,
                   segment.first_seq + scan.record_count, scan.end_offset, scan.status.message());
    }
    tally.records = scan.record_count;
    tally.bytes = scan.file_size;
    tally.intact = scan.status.ok();
    return tally;
  }
  std::unique_ptr<SegmentReader> reader =
      OpenSegment(env, dir, log_id, segment.number, segment.first_seq, problems);
  if (!reader) return tally;
  SegmentDigest digest;
  tally.intact = ReadRecords(*reader, segment.number, segment.first_seq, false, problems, &digest);
  tally.records = digest.count();
  tally.bytes = reader->file_size();
  return tally;
}

}  // namespace sealog::verify
