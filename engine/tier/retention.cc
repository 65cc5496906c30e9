#include "engine/tier/retention.h"

#include <map>

#include "engine/seal_log.h"
#include "engine/segment.h"
#include "engine/segment_digest.h"
#include "engine/segment_reader.h"
#include "engine/tier/warm_file.h"

namespace sealog::tier {

namespace {

// The seals of the chain by segment number (parsed, not verified: verify
// checks signatures; a move needs to know what the records must hash to).
Status LoadSeals(io::Env& env, const std::string& dir, const std::string& log_id,
                 std::map<uint64_t, crypto::Seal>* seals) {
  std::unique_ptr<SealLog> log;
  uint64_t torn_bytes = 0;
  SEALOG_RETURN_IF_ERROR(SealLog::Open(env, dir, log_id, true, &log, &torn_bytes));
  for (size_t i = 1; i < log->entries().size(); ++i) {
    crypto::Seal seal;
    SEALOG_RETURN_IF_ERROR(crypto::DecodeSeal(log->entries()[i], &seal));
    (*seals)[seal.segment_number] = seal;
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
  std::unique_ptr<SegmentReader> reader;
  SEALOG_RETURN_IF_ERROR(SegmentReader::Open(std::move(bytes), header.size, path,
                                             seal.segment_number, log_id, &reader));
  SegmentDigest digest;
  SEALOG_RETURN_IF_ERROR(ReadRecordsInOrder(
      *reader, seal.first_seq, UINT64_MAX, "warm copy",
      [&](const RecordView& record, uint64_t) { digest.Add(record); }));
  if (digest.count() != seal.record_count || digest.Root() != seal.merkle_root ||
      digest.min_time_ns() != seal.min_time_ns || digest.max_time_ns() != seal.max_time_ns) {
    return Status::Corruption(path + ": does not hold the records its seal signed (seq " +
                              std::to_string(seal.first_seq) + ".." +
                              std::to_string(seal.last_seq) + "); run sealog verify");
  }
  return Status::Ok();
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
  SEALOG_RETURN_IF_ERROR(adopt(number, Tier::kWarm));
  SEALOG_RETURN_IF_ERROR(env.RemoveFile(dir + "/" + SegmentFileName(number)));
  return env.SyncDir(dir);
}

Result<RetentionReport> RunRetention(io::Env& env, const std::string& dir,
                                     const std::string& log_id, const StoreConfig& config,
                                     const std::vector<ManifestSegment>& closed,
                                     const AdoptTier& adopt, const RetentionOptions& options) {
  RetentionReport report;
  report.dry_run = options.dry_run;
  report.now_ns = options.now_ns != 0 ? options.now_ns : env.NowNanos();
  std::map<uint64_t, crypto::Seal> seals;
  SEALOG_RETURN_IF_ERROR(LoadSeals(env, dir, log_id, &seals));

  uint64_t total_bytes = 0;
  for (const ManifestSegment& segment : closed) {
    if (segment.active || segment.tier != Tier::kHot || segment.record_count == 0) continue;
    auto seal = seals.find(segment.number);
    if (seal == seals.end()) {
      if (PastAge(report.now_ns, segment.closed_ns, config.warm_after_ms)) ++report.unsealed;
      continue;
    }
    if (!PastAge(report.now_ns, seal->second.sealed_ns, config.warm_after_ms)) continue;
    RetentionStep step;
    step.segment = segment.number;
    step.first_seq = segment.first_seq;
    step.last_seq = segment.last_seq();
    step.from = Tier::kHot;
    step.to = Tier::kWarm;
    step.sealed_ns = seal->second.sealed_ns;
    step.bytes_before = segment.size_bytes;
    total_bytes += step.bytes_before;
    report.steps.push_back(step);
  }
  if (options.dry_run) return report;

  uint64_t done_bytes = 0;
  for (RetentionStep& step : report.steps) {
    SEALOG_RETURN_IF_ERROR(MoveToWarm(env, dir, log_id, seals.at(step.segment), config.warm_level,
                                      adopt, &step.bytes_after));
    done_bytes += step.bytes_before;
    if (options.progress) options.progress(done_bytes, total_bytes);
  }
  return report;
}

}  // namespace sealog::tier
