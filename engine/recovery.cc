#include "engine/recovery.h"

#include <algorithm>
#include <map>
#include <optional>

#include "engine/coding.h"
#include "engine/format.h"
#include "engine/record.h"
#include "engine/segment.h"
#include "engine/segment_reader.h"
#include "engine/tier/archive_file.h"
#include "engine/tier/segment_file.h"
#include "engine/tier/warm_file.h"
#include "crypto/signing_key.h"
#include "sealog/config.h"

namespace sealog {

namespace {

// After a bad frame at `bad_offset`, looks for a later valid frame that was
// written when the bad bytes were already durable. Such a frame proves the
// damage hit acknowledged data. Frames written later than the damage (an
// unsynced batch whose sectors reached the disk out of order) prove nothing.
bool LaterFrameSawDurable(const SegmentReader& reader, uint64_t bad_offset, uint64_t* witness) {
  std::string rest;
  if (!reader.ReadRange(bad_offset, reader.file_size() - bad_offset, &rest).ok()) return false;
  char magic[4];
  EncodeFixed32(magic, format::kRecordMagic);
  const std::string_view pattern(magic, 4);
  for (size_t pos = rest.find(pattern, 1); pos != std::string::npos;
       pos = rest.find(pattern, pos + 1)) {
    RecordView view;
    size_t frame_size = 0;
    if (DecodeFrame(std::string_view(rest).substr(pos), reader.seed(), &view, &frame_size) ==
            FrameState::kOk &&
        view.synced > bad_offset) {
      *witness = bad_offset + pos;
      return true;
    }
  }
  return false;
}

// Reads [begin, end) of the file at path and writes the same bytes back
// through `file`, a piece at a time, so that they are dirty again.
Status RewriteRange(io::Env& env, const std::string& path, uint64_t begin, uint64_t end,
                    io::WritableFile* file) {
  if (begin >= end) return Status::Ok();
  std::unique_ptr<io::ReadableFile> source;
  SEALOG_RETURN_IF_ERROR(env.NewReadableFile(path, &source));
  constexpr uint64_t kPiece = 1 << 20;
  std::string scratch(std::min(kPiece, end - begin), '\0');
  for (uint64_t at = begin; at < end;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(scratch.size(), end - at));
    std::string_view piece;
    SEALOG_RETURN_IF_ERROR(source->Read(at, n, scratch.data(), &piece));
    if (piece.size() != n) {
      return Status::IOError(path + ": " + std::to_string(end - at) + " bytes at offset " +
                             std::to_string(at) + " vanished during recovery");
    }
    SEALOG_RETURN_IF_ERROR(file->Write(at, piece));
    at += n;
  }
  return Status::Ok();
}

}  // namespace

ActiveScan ScanActiveSegment(io::Env& env, const std::string& dir, const std::string& log_id,
                             const ManifestSegment& segment, SegmentDigest* digest,
                             ActiveIndex* index) {
  ActiveScan scan;
  std::unique_ptr<SegmentReader> reader;
  scan.status = SegmentReader::Open(env, dir, segment.number, log_id, &reader);
  if (!scan.status.ok()) return scan;
  scan.file_size = reader->file_size();
  const std::string where = dir + "/" + SegmentFileName(segment.number);
  if (reader->header().first_seq != segment.first_seq) {
    scan.status = Status::Corruption(where + ": header says first seq " +
                                     std::to_string(reader->header().first_seq) +
                                     ", MANIFEST says " + std::to_string(segment.first_seq));
    return scan;
  }
  RecordView view;
  uint64_t expected_seq = segment.first_seq;
  scan.end_offset = format::kSegmentHeaderSize;
  scan.synced_mark = format::kSegmentHeaderSize;
  while (true) {
    const SegmentReader::Step step = reader->Next(&view);
    if (step == SegmentReader::Step::kEnd) return scan;
    if (step == SegmentReader::Step::kBad && !reader->status().ok()) {
      scan.status = reader->status();
      return scan;
    }
    if (step == SegmentReader::Step::kRecord && view.seq != expected_seq) {
      scan.status = Status::Corruption(where + ": record at offset " +
                                       std::to_string(reader->offset()) + " has seq " +
                                       std::to_string(view.seq) + ", expected " +
                                       std::to_string(expected_seq));
      return scan;
    }
    if (step == SegmentReader::Step::kBad) break;
    if (digest != nullptr) digest->Add(view);
    if (index != nullptr) index->Add(view, reader->offset());
    ++expected_seq;
    ++scan.record_count;
    scan.end_offset = reader->offset() + reader->frame().size();
    scan.synced_mark = std::max(scan.synced_mark, view.synced);
  }

  uint64_t witness = 0;
  if (LaterFrameSawDurable(*reader, scan.end_offset, &witness)) {
    scan.status = Status::Corruption(
        where + ": " + FrameStateName(reader->bad_state()) + " at offset " +
        std::to_string(scan.end_offset) + " (seq " + std::to_string(expected_seq) +
        "), in data already durable when the record at offset " + std::to_string(witness) +
        " was written; run sealog verify");
    return scan;
  }
  scan.torn_bytes = scan.file_size - scan.end_offset;
  return scan;
}

static Result<crypto::SigningKey> RootKey(io::Env& env, const std::string& dir,
                                          const Options& options, bool* generated) {
  *generated = options.root_key_seed.empty();
  crypto::Seed seed;
  if (*generated) {
    SEALOG_RETURN_IF_ERROR(env.RandomBytes(seed.data(), seed.size()));
  } else if (options.root_key_seed.size() == seed.size()) {
    options.root_key_seed.copy(reinterpret_cast<char*>(seed.data()), seed.size());
  } else {
    return Status::InvalidArgument("the root key seed must be 32 bytes, not " +
                                   std::to_string(options.root_key_seed.size()));
  }
  crypto::SigningKey key = crypto::SigningKey::FromSeed(seed);
  seed.fill(0);
  if (*generated) {
    SEALOG_RETURN_IF_ERROR(io::WriteFileAtomically(env, dir, "root.key",
                                                   crypto::EncodeSecretKeyFile(key), true));
  }
  return key;
}

Status CreateLog(io::Env& env, const std::string& dir, const Options& options,
                 Manifest* manifest, bool* root_key_generated) {
  SEALOG_RETURN_IF_ERROR(env.CreateDir(dir));
  manifest->log_id.assign(format::kLogIdSize, '\0');
  SEALOG_RETURN_IF_ERROR(env.RandomBytes(manifest->log_id.data(), format::kLogIdSize));
  manifest->created_ns = env.NowNanos();
  manifest->generation = 0;
  ManifestSegment first;
  first.number = 1;
  first.first_seq = 1;
  first.active = true;
  manifest->segments = {first};

  Result<crypto::SigningKey> root_key = RootKey(env, dir, options, root_key_generated);
  if (!root_key.ok()) return root_key.status();
  SEALOG_RETURN_IF_ERROR(io::WriteFileAtomically(
      env, dir, "root.pub", crypto::EncodePublicKeyFile(root_key->public_key())));
  SEALOG_RETURN_IF_ERROR(
      Sealer::CreateChain(env, dir, manifest->log_id, manifest->created_ns, *root_key));

  SegmentHeader header;
  header.log_id = manifest->log_id;
  header.number = 1;
  header.first_seq = 1;
  header.created_ns = manifest->created_ns;
  std::unique_ptr<io::WritableFile> file;
  io::WritableFileOptions file_options;
  file_options.truncate = true;
  SEALOG_RETURN_IF_ERROR(env.NewWritableFile(dir + "/" + SegmentFileName(1), file_options, &file));
  SEALOG_RETURN_IF_ERROR(file->WriteAndSync(0, EncodeSegmentHeader(header), true));
  if (!options.config_toml.empty()) {
    SEALOG_RETURN_IF_ERROR(io::WriteFileAtomically(env, dir, std::string(StoreConfig::kFileName),
                                                   options.config_toml));
  }
  SEALOG_RETURN_IF_ERROR(env.SyncDir(dir));
  // The MANIFEST comes last: until it exists, the directory holds no store.
  return manifest->Save(env, dir);
}

// Whether dir/N.wrm is there and its structure whole, so that N.seg may go.
static bool WarmCopyOpens(io::Env& env, const std::string& dir, uint64_t number) {
  const std::string path = dir + "/" + tier::WarmFileName(number);
  std::unique_ptr<io::ReadableFile> file;
  if (!env.NewReadableFile(path, &file).ok()) return false;
  Result<uint64_t> size = file->Size();
  std::shared_ptr<io::ReadableFile> bytes;
  tier::WarmHeader header;
  return size.ok() && tier::OpenWarmFile(std::move(file), *size, path, &bytes, &header).ok();
}

// Whether an archive holding cold segment N is there and its structure
// whole, so that N's older files may go.
static bool ArchiveCovers(io::Env& env, const std::string& dir, uint64_t number) {
  Result<std::optional<std::string>> path = tier::FindArchiveFor(env, dir, number);
  if (!path.ok() || !path->has_value()) return false;
  std::shared_ptr<tier::ArchiveFile> archive;
  return tier::OpenArchive(env, **path, &archive).ok() && archive->Find(number) != nullptr;
}

static Status CheckClosedSegment(io::Env& env, const std::string& dir, const Manifest& manifest,
                                 const ManifestSegment& segment) {
  std::unique_ptr<SegmentReader> reader;
  Status status = SegmentReader::Open(env, dir, segment.number, manifest.log_id, &reader);
  const std::string where = dir + "/" + SegmentFileName(segment.number);
  if (status.IsNotFound()) {
    return Status::Corruption(where + ": segment " + std::to_string(segment.number) +
                              " (seq " + std::to_string(segment.first_seq) + ".." +
                              std::to_string(segment.last_seq()) +
                              ") is missing but listed in the MANIFEST");
  }
  SEALOG_RETURN_IF_ERROR(status);
  if (reader->file_size() != segment.size_bytes) {
    return Status::Corruption(where + ": is " + std::to_string(reader->file_size()) +
                              " bytes, the MANIFEST says " + std::to_string(segment.size_bytes));
  }
  if (reader->header().first_seq != segment.first_seq) {
    return Status::Corruption(where + ": header says first seq " +
                              std::to_string(reader->header().first_seq) + ", MANIFEST says " +
                              std::to_string(segment.first_seq));
  }
  return Status::Ok();
}

// Files a crashed rollover, MANIFEST save or tier move left behind. A move
// writes the new file whole before the MANIFEST names it and removes the old
// one after, so the MANIFEST says which of two copies is the segment.
static Status RemoveLeftovers(io::Env& env, const std::string& dir, const Manifest& manifest) {
  std::vector<std::string> names;
  SEALOG_RETURN_IF_ERROR(env.GetChildren(dir, &names));
  std::map<uint64_t, Tier> tiers;
  for (const ManifestSegment& segment : manifest.segments) {
    if (!segment.active) tiers[segment.number] = segment.tier;
  }
  const auto tier_of = [&](uint64_t number) -> std::optional<Tier> {
    auto it = tiers.find(number);
    if (it == tiers.end()) return {};
    return it->second;
  };
  bool removed = false;
  const uint64_t active = manifest.segments.back().number;
  for (const std::string& name : names) {
    const std::string_view untemp = std::string_view(name).substr(0, name.size() - 4);
    bool leftover = name == std::string(format::kManifestName) + ".tmp" ||
                    (name.ends_with(".tmp") && (tier::ParseWarmFileName(untemp) ||
                                                tier::ParseArchiveFileName(untemp)));
    if (std::optional<uint64_t> number = ParseSegmentFileName(name)) {
      // A segment past the active one, an expired one, or a hot copy of a
      // warm or cold segment.
      leftover = *number > active || tier_of(*number) == Tier::kExpired ||
                 (tier_of(*number) == Tier::kWarm && WarmCopyOpens(env, dir, *number)) ||
                 (tier_of(*number) == Tier::kCold && ArchiveCovers(env, dir, *number));
    } else if (std::optional<uint64_t> warm = tier::ParseWarmFileName(name)) {
      // A move the MANIFEST never adopted, or the warm copy of a cold segment.
      leftover = tier_of(*warm) != Tier::kWarm &&
                 !(tier_of(*warm) == Tier::kCold && !ArchiveCovers(env, dir, *warm));
    } else if (std::optional<uint64_t> indexed = ParseNumberedFileName(name, ".idx")) {
      leftover = tier_of(*indexed) == Tier::kExpired ||
                 (tier_of(*indexed) == Tier::kCold && ArchiveCovers(env, dir, *indexed));
    } else if (std::optional<tier::ArchiveRange> range = tier::ParseArchiveFileName(name)) {
      // An archive the MANIFEST never adopted, or whose segments expired
      // (its segments move together, so the first one tells).
      leftover = tier_of(range->first) != Tier::kCold;
    }
    if (leftover) {
      SEALOG_RETURN_IF_ERROR(env.RemoveFile(dir + "/" + name));
      removed = true;
    }
  }
  return removed ? env.SyncDir(dir) : Status::Ok();
}

Status RecoverLog(io::Env& env, const std::string& dir, const Options& options, RecoveredLog* out) {
  SEALOG_RETURN_IF_ERROR(Manifest::Load(env, dir, &out->manifest));
  const Manifest& manifest = out->manifest;
  for (size_t i = 0; i + 1 < manifest.segments.size(); ++i) {
    if (manifest.segments[i].tier == Tier::kExpired) continue;  // deleted, with a receipt
    SEALOG_RETURN_IF_ERROR(CheckClosedSegment(env, dir, manifest, manifest.segments[i]));
  }
  const ManifestSegment& active = manifest.segments.back();
  out->active_index = std::make_shared<ActiveIndex>(active.number, active.first_seq);
  out->active = ScanActiveSegment(env, dir, manifest.log_id, active, &out->active_digest,
                                  out->active_index.get());
  SEALOG_RETURN_IF_ERROR(out->active.status);

  RecoveryReport& report = out->report;
  report.segments = manifest.segments.size();
  report.records = active.first_seq - 1 + out->active.record_count;
  if (out->active.file_size > out->active.end_offset) {
    report.torn_bytes_dropped = out->active.torn_bytes;
    report.torn_tail_offset = out->active.end_offset;
  }
  if (options.read_only) return Status::Ok();

  SEALOG_RETURN_IF_ERROR(RemoveLeftovers(env, dir, manifest));
  if (options.seal_segments) {
    SEALOG_RETURN_IF_ERROR(Sealer::Open(env, dir, manifest, &out->sealer));
  }
  io::WritableFileOptions file_options;
  file_options.use_io_uring = options.use_io_uring;
  SEALOG_RETURN_IF_ERROR(env.NewWritableFile(dir + "/" + SegmentFileName(active.number),
                                             file_options, &out->active_file));
  if (out->active.file_size > out->active.end_offset) {
    SEALOG_RETURN_IF_ERROR(out->active_file->Truncate(out->active.end_offset));
  }
  // What a killed process left in the page cache is made durable now, so
  // that every record the reopened store shows is on disk. Written again
  // first: when the process that wrote them saw its fdatasync fail, the
  // kernel marked those pages clean without writing them (ext4, XFS), and
  // a second fdatasync alone would leave them where they are: a power cut
  // later would take records this store has acknowledged.
  SEALOG_RETURN_IF_ERROR(RewriteRange(env, dir + "/" + SegmentFileName(active.number),
                                      out->active.synced_mark, out->active.end_offset,
                                      out->active_file.get()));
  SEALOG_RETURN_IF_ERROR(out->active_file->Sync());
  return Status::Ok();
}

}  // namespace sealog
