#include "engine/tier/retention.h"

#include <map>

#include "engine/seal_log.h"
#include "engine/segment.h"
#include "engine/segment_digest.h"
#include "engine/segment_reader.h"
#include "engine/active_index.h"
#include "engine/limits.h"
#include "engine/tier/archive_file.h"
#include "engine/tier/segment_file.h"
#include "engine/tier/warm_file.h"
#include "index/index_file.h"
#include "index/index_head.h"

namespace sealog::tier {

namespace {

// The seal chain as retention needs it: each segment's seal (parsed, not
// verified: verify checks signatures; a move needs to know what the records
// must hash to) and the entries themselves, which archives carry.
struct Chain {
  std::vector<std::string> entries;       // the genesis first
  std::map<uint64_t, size_t> entry_of;    // segment number -> its seal's entry
  std::map<uint64_t, crypto::Seal> seals;  // segment number -> its seal
};

Status LoadChain(io::Env& env, const std::string& dir, const std::string& log_id, Chain* chain) {
  std::unique_ptr<SealLog> log;
  uint64_t torn_bytes = 0;
  SEALOG_RETURN_IF_ERROR(SealLog::Open(env, dir, log_id, true, &log, &torn_bytes));
  chain->entries = log->entries();
  for (size_t i = 1; i < chain->entries.size(); ++i) {
    crypto::Seal seal;
    SEALOG_RETURN_IF_ERROR(crypto::DecodeSeal(chain->entries[i], &seal));
    chain->entry_of[seal.segment_number] = i;
    chain->seals[seal.segment_number] = seal;
  }
  return Status::Ok();
}

// Reads a copy of a segment (`bytes`, `size` of them, from `path`) and
// checks it holds what its seal signed; adds its records to `index` unless null.
Status CheckCopy(std::shared_ptr<io::ReadableFile> bytes, uint64_t size, const std::string& path,
                 const std::string& log_id, const crypto::Seal& seal, ActiveIndex* index) {
  std::unique_ptr<SegmentReader> reader;
  SEALOG_RETURN_IF_ERROR(SegmentReader::Open(std::move(bytes), size, path, seal.segment_number,
                                             log_id, &reader));
  SegmentDigest digest;
  SEALOG_RETURN_IF_ERROR(ReadRecordsInOrder(*reader, seal.first_seq, UINT64_MAX, "copy",
                                            [&](const RecordView& record, uint64_t offset) {
                                              digest.Add(record);
                                              if (index != nullptr) index->Add(record, offset);
                                            }));
  if (digest.count() != seal.record_count || digest.Root() != seal.merkle_root ||
      digest.min_time_ns() != seal.min_time_ns || digest.max_time_ns() != seal.max_time_ns) {
    return Status::Corruption(path + ": does not hold the records its seal signed (segment " +
                              std::to_string(seal.segment_number) + ", seq " +
                              std::to_string(seal.first_seq) + ".." +
                              std::to_string(seal.last_seq) + "); run sealog verify");
  }
  return Status::Ok();
}

// Reads the warm copy of a segment back and checks it holds what its seal signed.
Status CheckWarmCopy(io::Env& env, const std::string& dir, const std::string& log_id,
                     const crypto::Seal& seal) {
  const std::string path = dir + "/" + WarmFileName(seal.segment_number);
  std::unique_ptr<io::ReadableFile> file;
  SEALOG_RETURN_IF_ERROR(env.NewReadableFile(path, &file));
  Result<uint64_t> size = file->Size();
  if (!size.ok()) return size.status();
  std::shared_ptr<io::ReadableFile> bytes;
  WarmHeader header;
  SEALOG_RETURN_IF_ERROR(OpenWarmFile(std::move(file), *size, path, &bytes, &header));
  return CheckCopy(std::move(bytes), header.size, path, log_id, seal, nullptr);
}

// The head of an index file, or an error when `file` does not start with one.
Result<std::string> HeadOf(std::string file, const std::string& where) {
  if (file.size() < index::kFixedHeaderSize) return Status::Corruption(where + ": truncated");
  uint32_t head_size = 0;
  SEALOG_RETURN_IF_ERROR(index::DecodeHeadSize(file, file.size(), where, &head_size));
  file.resize(head_size);
  return file;
}

// The index head an archive keeps for `seal`'s segment: from its index file
// when that carries the sealed digest, else rebuilt from the records.
Result<std::string> IndexHeadFor(io::Env& env, const std::string& dir, const std::string& log_id,
                                 const crypto::Seal& seal, const SegmentFile& source) {
  const std::string path = dir + "/" + index::IndexFileName(seal.segment_number);
  std::string file;
  if (io::ReadFileToString(env, path, &file).ok()) {
    Result<std::string> head = HeadOf(std::move(file), path);
    if (head.ok() && index::IndexFile::DigestOf(*head) == seal.index_digest) return head;
  }
  ActiveIndex rebuilt(seal.segment_number, seal.first_seq);
  SEALOG_RETURN_IF_ERROR(CheckCopy(source.bytes, source.size, source.path, log_id, seal, &rebuilt));
  return HeadOf(rebuilt.Encode(log_id), path);
}

// Reads every segment back from the archive and checks it against its seal.
Status CheckArchive(io::Env& env, const std::string& path, const std::string& log_id,
                    const std::vector<crypto::Seal>& seals, std::vector<uint64_t>* stored_bytes) {
  std::shared_ptr<ArchiveFile> archive;
  SEALOG_RETURN_IF_ERROR(OpenArchive(env, path, &archive));
  if (archive->log_id() != log_id || archive->segments().size() != seals.size()) {
    return Status::Corruption(path + ": does not hold the segments it was written with");
  }
  stored_bytes->clear();
  for (size_t i = 0; i < seals.size(); ++i) {
    const ArchivedSegment& segment = archive->segments()[i];
    if (segment.number != seals[i].segment_number) {
      return Status::Corruption(path + ": holds segment " + std::to_string(segment.number) +
                                " where " + std::to_string(seals[i].segment_number) + " belongs");
    }
    SEALOG_RETURN_IF_ERROR(
        CheckCopy(archive->SegmentBytes(i), segment.size, path, log_id, seals[i], nullptr));
    std::string head;
    SEALOG_RETURN_IF_ERROR(archive->ReadIndexHead(i, &head));
    if (index::IndexFile::DigestOf(head) != seals[i].index_digest) {
      return Status::Corruption(path + ": the index head of segment " +
                                std::to_string(segment.number) +
                                " is not the one its seal signs");
    }
    stored_bytes->push_back(ArchivedBytes(*archive, i));
  }
  return Status::Ok();
}

Status RemoveIfThere(io::Env& env, const std::string& path) {
  return env.FileExists(path) ? env.RemoveFile(path) : Status::Ok();
}

bool PastAge(int64_t now_ns, int64_t sealed_ns, const std::optional<uint64_t>& age_ms) {
  if (!age_ms) return false;
  const int64_t age_ns = static_cast<int64_t>(std::min<uint64_t>(*age_ms, INT64_MAX / 1'000'000)) * 1'000'000;
  return now_ns - sealed_ns >= age_ns;
}

}  // namespace

Status MoveToWarm(io::Env& env, const std::string& dir, const std::string& log_id,
                  const crypto::Seal& seal, int level, const AdoptTier& adopt,
                  uint64_t* stored_bytes) {
  const uint64_t number = seal.segment_number;
  SEALOG_RETURN_IF_ERROR(WriteWarmFile(env, dir, number, level, stored_bytes));
  Status checked = CheckWarmCopy(env, dir, log_id, seal);
  if (!checked.ok()) {
    // The copy never replaces anything; leave no doubt by removing it now.
    (void)env.RemoveFile(dir + "/" + WarmFileName(number));
    return checked;
  }
  SEALOG_RETURN_IF_ERROR(adopt({number}, Tier::kWarm));
  SEALOG_RETURN_IF_ERROR(env.RemoveFile(dir + "/" + SegmentFileName(number)));
  return env.SyncDir(dir);
}

Status MoveToCold(io::Env& env, const std::string& dir, const std::string& log_id,
                  const std::vector<crypto::Seal>& seals, std::string_view chain, int level,
                  const AdoptTier& adopt, std::vector<uint64_t>* stored_bytes) {
  std::vector<ArchiveSource> sources;
  std::vector<uint64_t> numbers;
  for (const crypto::Seal& seal : seals) {
    SegmentFile file;
    SEALOG_RETURN_IF_ERROR(OpenSegmentFile(env, dir, seal.segment_number, &file));
    if (file.tier == Tier::kCold) {
      return Status::InvalidArgument("segment " + std::to_string(seal.segment_number) +
                                     " is cold already");
    }
    ArchiveSource source;
    source.number = seal.segment_number;
    source.first_seq = seal.first_seq;
    source.record_count = seal.record_count;
    Result<std::string> head = IndexHeadFor(env, dir, log_id, seal, file);
    if (!head.ok()) return head.status();
    source.index_head = std::move(*head);
    source.bytes = std::move(file.bytes);
    source.size = file.size;
    sources.push_back(std::move(source));
    numbers.push_back(seal.segment_number);
  }
  ArchiveStats stats;
  SEALOG_RETURN_IF_ERROR(WriteArchive(env, dir, log_id, sources, chain, level, &stats));
  sources.clear();  // closes the old files
  const std::string path = dir + "/" + ArchiveFileName(numbers.front(), numbers.back());
  Status checked = CheckArchive(env, path, log_id, seals, stored_bytes);
  if (!checked.ok()) {
    (void)env.RemoveFile(path);
    return checked;
  }
  SEALOG_RETURN_IF_ERROR(adopt(numbers, Tier::kCold));
  for (uint64_t number : numbers) {
    SEALOG_RETURN_IF_ERROR(RemoveIfThere(env, dir + "/" + SegmentFileName(number)));
    SEALOG_RETURN_IF_ERROR(RemoveIfThere(env, dir + "/" + WarmFileName(number)));
    SEALOG_RETURN_IF_ERROR(RemoveIfThere(env, dir + "/" + index::IndexFileName(number)));
  }
  return env.SyncDir(dir);
}

namespace {

// The archives in `dir`, by first segment.
Result<std::map<uint64_t, ArchiveRange>> ListArchives(io::Env& env, const std::string& dir) {
  std::vector<std::string> names;
  SEALOG_RETURN_IF_ERROR(env.GetChildren(dir, &names));
  std::map<uint64_t, ArchiveRange> archives;
  for (const std::string& name : names) {
    if (std::optional<ArchiveRange> range = ParseArchiveFileName(name)) {
      archives[range->first] = *range;
    }
  }
  return archives;
}

// The archive whose range holds `number`, if any.
std::optional<ArchiveRange> ArchiveHolding(const std::map<uint64_t, ArchiveRange>& archives,
                                           uint64_t number) {
  auto it = archives.upper_bound(number);
  if (it == archives.begin()) return std::nullopt;
  --it;
  if (number > it->second.last) return std::nullopt;
  return it->second;
}

std::string DurationText(uint64_t ms) {
  constexpr uint64_t kDayMs = 86'400'000;
  if (ms % (365 * kDayMs) == 0) return std::to_string(ms / (365 * kDayMs)) + "y";
  if (ms % kDayMs == 0) return std::to_string(ms / kDayMs) + "d";
  return std::to_string(ms) + "ms";
}

// Steps 1 to 3 of a deletion, for `steps` (to expired), in receipts of at
// most kReceiptSegmentsMax segments.
Status Delete(io::Env& env, const std::string& dir, const StoreConfig& config, const Chain& chain,
              const std::map<uint64_t, ArchiveRange>& archives, int64_t now_ns,
              std::vector<RetentionStep*> steps, const RetentionContext& context) {
  constexpr size_t kReceiptSegmentsMax = 1000;
  for (size_t begin = 0; begin < steps.size(); begin += kReceiptSegmentsMax) {
    const size_t end = std::min(steps.size(), begin + kReceiptSegmentsMax);
    DeletionReceipt receipt;
    receipt.time_ns = now_ns;
    receipt.policy = "retention.delete_after = " + DurationText(*config.delete_after_ms);
    std::vector<uint64_t> numbers;
    for (size_t i = begin; i < end; ++i) {
      const RetentionStep& step = *steps[i];
      ReceiptSegment segment;
      segment.number = step.segment;
      segment.first_seq = step.first_seq;
      segment.record_count = step.last_seq + 1 - step.first_seq;
      segment.seal_hash = crypto::EntryHash(chain.entries[chain.entry_of.at(step.segment)]);
      segment.sealed_ns = step.sealed_ns;
      receipt.segments.push_back(segment);
      numbers.push_back(step.segment);
    }
    SEALOG_RETURN_IF_ERROR(context.append_receipt(receipt));
    SEALOG_RETURN_IF_ERROR(context.adopt(numbers, Tier::kExpired));
    for (uint64_t number : numbers) {
      SEALOG_RETURN_IF_ERROR(RemoveIfThere(env, dir + "/" + SegmentFileName(number)));
      SEALOG_RETURN_IF_ERROR(RemoveIfThere(env, dir + "/" + WarmFileName(number)));
      SEALOG_RETURN_IF_ERROR(RemoveIfThere(env, dir + "/" + index::IndexFileName(number)));
      std::optional<ArchiveRange> archive = ArchiveHolding(archives, number);
      if (archive && archive->last == number) {
        SEALOG_RETURN_IF_ERROR(
            RemoveIfThere(env, dir + "/" + ArchiveFileName(archive->first, archive->last)));
      }
    }
    SEALOG_RETURN_IF_ERROR(env.SyncDir(dir));
  }
  return Status::Ok();
}

}  // namespace

Result<RetentionReport> RunRetention(io::Env& env, const std::string& dir,
                                     const std::string& log_id, const StoreConfig& config,
                                     const std::vector<ManifestSegment>& closed,
                                     const RetentionContext& context,
                                     const RetentionOptions& options) {
  RetentionReport report;
  report.dry_run = options.dry_run;
  report.now_ns = options.now_ns != 0 ? options.now_ns : env.NowNanos();
  Chain chain;
  SEALOG_RETURN_IF_ERROR(LoadChain(env, dir, log_id, &chain));
  Result<std::map<uint64_t, ArchiveRange>> archives = ListArchives(env, dir);
  if (!archives.ok()) return archives.status();

  // Which segments are past delete_after and not held; a cold one only
  // when every segment of its archive is (archives are deleted whole).
  std::set<uint64_t> deletable;
  for (const ManifestSegment& segment : closed) {
    auto seal = chain.seals.find(segment.number);
    if (segment.active || segment.record_count == 0 || segment.tier == Tier::kExpired ||
        seal == chain.seals.end() || context.evidence.count(segment.number) != 0 ||
        !PastAge(report.now_ns, seal->second.sealed_ns, config.delete_after_ms)) {
      continue;
    }
    if (context.held.count(segment.number) != 0) {
      ++report.held;
      continue;
    }
    deletable.insert(segment.number);
  }
  for (const ManifestSegment& segment : closed) {
    if (segment.tier != Tier::kCold || deletable.count(segment.number) == 0) continue;
    std::optional<ArchiveRange> archive = ArchiveHolding(*archives, segment.number);
    bool whole = archive.has_value();
    for (uint64_t n = archive ? archive->first : 0; whole && n <= archive->last; ++n) {
      whole = deletable.count(n) != 0;
    }
    if (!whole) {
      deletable.erase(segment.number);
      ++report.kept_in_archives;
    }
  }

  uint64_t total_bytes = 0;
  for (const ManifestSegment& segment : closed) {
    if (segment.active || segment.record_count == 0 ||
        (segment.tier != Tier::kHot && segment.tier != Tier::kWarm &&
         segment.tier != Tier::kCold)) {
      continue;
    }
    auto seal = chain.seals.find(segment.number);
    if (seal == chain.seals.end()) {
      if (PastAge(report.now_ns, segment.closed_ns, config.warm_after_ms)) ++report.unsealed;
      continue;
    }
    const int64_t sealed_ns = seal->second.sealed_ns;
    RetentionStep step;
    if (deletable.count(segment.number) != 0) {
      step.to = Tier::kExpired;
    } else if (segment.tier != Tier::kCold && context.evidence.count(segment.number) == 0 &&
               PastAge(report.now_ns, sealed_ns, config.cold_after_ms)) {
      step.to = Tier::kCold;
    } else if (segment.tier == Tier::kHot && PastAge(report.now_ns, sealed_ns, config.warm_after_ms)) {
      step.to = Tier::kWarm;
    } else {
      continue;
    }
    step.segment = segment.number;
    step.first_seq = segment.first_seq;
    step.last_seq = segment.last_seq();
    step.from = segment.tier;
    step.sealed_ns = sealed_ns;
    step.bytes_before = segment.size_bytes;
    if (segment.tier != Tier::kHot) {
      Result<uint64_t> stored = StoredBytes(env, dir, segment.number, segment.tier);
      if (!stored.ok()) return stored.status();
      step.bytes_before = *stored;
    }
    total_bytes += step.bytes_before;
    report.steps.push_back(step);
  }
  if (options.dry_run) return report;

  // Deletions first: nothing due to go is moved on the way out.
  std::vector<RetentionStep*> deletions;
  for (RetentionStep& step : report.steps) {
    if (step.to == Tier::kExpired) deletions.push_back(&step);
  }
  uint64_t done_bytes = 0;
  if (!deletions.empty()) {
    SEALOG_RETURN_IF_ERROR(
        Delete(env, dir, config, chain, *archives, report.now_ns, deletions, context));
    for (const RetentionStep* step : deletions) done_bytes += step->bytes_before;
    if (options.progress) options.progress(done_bytes, total_bytes);
  }
  for (size_t i = 0; i < report.steps.size();) {
    RetentionStep& step = report.steps[i];
    if (step.to == Tier::kExpired) {
      ++i;
      continue;
    }
    if (step.to == Tier::kWarm) {
      SEALOG_RETURN_IF_ERROR(MoveToWarm(env, dir, log_id, chain.seals.at(step.segment),
                                        config.warm_level, context.adopt, &step.bytes_after));
      done_bytes += step.bytes_before;
      ++i;
    } else {
      // A run of consecutive segments due for cold, up to the archive limit.
      size_t end = i;
      uint64_t source_bytes = 0;
      std::vector<crypto::Seal> seals;
      while (end < report.steps.size() && report.steps[end].to == Tier::kCold &&
             (end == i || (report.steps[end].segment == report.steps[end - 1].segment + 1 &&
                           source_bytes + report.steps[end].bytes_before <= kArchiveSourceBytesMax))) {
        source_bytes += report.steps[end].bytes_before;
        seals.push_back(chain.seals.at(report.steps[end].segment));
        ++end;
      }
      const size_t last_entry = chain.entry_of.at(seals.back().segment_number);
      std::string entries;
      for (size_t e = 0; e <= last_entry; ++e) entries.append(chain.entries[e]);
      std::vector<uint64_t> stored;
      SEALOG_RETURN_IF_ERROR(MoveToCold(env, dir, log_id, seals, entries, config.cold_level,
                                        context.adopt, &stored));
      for (size_t k = i; k < end; ++k) report.steps[k].bytes_after = stored[k - i];
      done_bytes += source_bytes;
      i = end;
    }
    if (options.progress) options.progress(done_bytes, total_bytes);
  }
  return report;
}

}  // namespace sealog::tier
