#include "engine/store_impl.h"

#include <limits>

#include "crypto/text_codec.h"
#include "engine/format.h"
#include "engine/limits.h"
#include "engine/field_report.h"
#include "engine/log_iterator.h"
#include "engine/query_cursor.h"
#include "engine/segment.h"
#include "engine/legal_holds.h"
#include "engine/system_events.h"
#include "engine/tier/retention.h"
#include "engine/tier/segment_file.h"
#include "sealog/retention.h"
#include "index/query_values.h"
#include "sealog/config.h"

namespace sealog {

uint32_t FormatVersion() { return format::kVersion; }
const char* Version() { return SEALOG_VERSION; }

const char* TierName(Tier tier) {
  switch (tier) {
    case Tier::kHot: return "hot";
    case Tier::kWarm: return "warm";
    case Tier::kCold: return "cold";
    case Tier::kExpired: return "expired";
  }
  return "unknown";
}

static std::string ParentDir(const std::string& path) {
  const size_t slash = path.find_last_of('/', path.find_last_not_of('/'));
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

static Status CheckOptions(const Options& options) {
  if (options.segment_size_max < kSegmentSizeMin) {
    return Status::InvalidArgument("segment_size_max " + std::to_string(options.segment_size_max) +
                                   " is below the minimum of " + std::to_string(kSegmentSizeMin));
  }
  if (options.group_commit_bytes_max == 0 || options.pending_bytes_max == 0) {
    return Status::InvalidArgument("group_commit_bytes_max and pending_bytes_max must be positive");
  }
  if (!options.config_toml.empty()) {
    Result<StoreConfig> config = StoreConfig::Parse(options.config_toml);
    if (!config.ok()) return Status::InvalidArgument("config: " + config.status().message());
  }
  return Status::Ok();
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const Options& options) {
  SEALOG_RETURN_IF_ERROR(CheckOptions(options));
  std::shared_ptr<io::Env> env = options.env ? options.env : io::NewPosixEnv();
  auto store = std::make_unique<StoreImpl>(path, options, std::move(env));
  SEALOG_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

StoreImpl::StoreImpl(std::string dir, const Options& options, std::shared_ptr<io::Env> env)
    : dir_(std::move(dir)),
      options_(options),
      env_(std::move(env)),
      segment_files_(*env_, dir_,
                     std::min(options.max_open_files,
                              env_->OpenFilesMax() / kOpenFilesShareDivisor),
                     options.max_mapped_files, options.frame_cache_bytes, options.map_segments) {}

StoreImpl::~StoreImpl() { writer_.reset(); }

Status StoreImpl::Init() {
  const std::string manifest_path = dir_ + "/" + std::string(format::kManifestName);
  const bool exists = env_->FileExists(manifest_path);
  if (!exists && (!options_.create_if_missing || options_.read_only)) {
    return Status::NotFound("no store at " + dir_);
  }
  if (exists && options_.error_if_exists) {
    return Status::InvalidArgument("a store already exists at " + dir_);
  }
  if (!options_.read_only) {
    if (!exists) {
      // The store's own directory entry must survive a crash too.
      SEALOG_RETURN_IF_ERROR(env_->CreateDir(dir_));
      SEALOG_RETURN_IF_ERROR(env_->SyncDir(ParentDir(dir_)));
    }
    Status locked = env_->LockFile(dir_ + "/" + std::string(format::kLockName), &lock_);
    if (locked.IsBusy()) {
      return Status::Busy("store " + dir_ + " is open for writing by another process");
    }
    SEALOG_RETURN_IF_ERROR(locked);
    if (!env_->FileExists(manifest_path)) {
      Manifest created;
      SEALOG_RETURN_IF_ERROR(
          CreateLog(*env_, dir_, options_, &created, &recovered_.report.root_key_generated));
      recovered_.report.created = true;
    }
  }
  SEALOG_RETURN_IF_ERROR(ApplyStoreConfig());
  const RecoveryReport creation = recovered_.report;
  SEALOG_RETURN_IF_ERROR(RecoverLog(*env_, dir_, options_, &recovered_));
  recovered_.report.created = creation.created;
  recovered_.report.root_key_generated = creation.root_key_generated;
  indexes_ = std::make_unique<IndexCache>(*env_, dir_, recovered_.manifest.log_id, segment_files_,
                                          options_.index_cache_bytes);
  if (options_.read_only) {
    // A read-only store is a snapshot: its view never changes.
    const Manifest& manifest = recovered_.manifest;
    read_only_view_.closed = std::make_shared<std::vector<ManifestSegment>>(
        manifest.segments.begin(), manifest.segments.end() - 1);
    read_only_view_.active_number = manifest.segments.back().number;
    read_only_view_.active_first_seq = manifest.segments.back().first_seq;
    read_only_view_.active_end = recovered_.active.end_offset;
    read_only_view_.last_seq = read_only_view_.active_first_seq + recovered_.active.record_count - 1;
    read_only_view_.active_index = recovered_.active_index;
    return Status::Ok();
  }

  LogWriter::Tail tail;
  tail.file = std::move(recovered_.active_file);
  tail.end_offset = recovered_.active.end_offset;
  tail.record_count = recovered_.active.record_count;
  tail.sealer = std::move(recovered_.sealer);
  tail.digest = std::move(recovered_.active_digest);
  tail.index = std::move(recovered_.active_index);
  writer_ = std::make_unique<LogWriter>(*env_, dir_, options_, recovered_.manifest,
                                        std::move(tail));
  return Status::Ok();
}

Status StoreImpl::ApplyStoreConfig() {
  const std::string path = dir_ + "/" + std::string(StoreConfig::kFileName);
  if (!env_->FileExists(path)) return Status::Ok();
  std::string text;
  SEALOG_RETURN_IF_ERROR(io::ReadFileToString(*env_, path, &text));
  Result<StoreConfig> config = StoreConfig::Parse(text);
  if (!config.ok()) return Status::Corruption(path + ": " + config.status().message());
  config->ApplyTo(&options_);
  config_ = *config;
  return Status::Ok();
}

Result<RetentionReport> StoreImpl::RunRetention(const RetentionOptions& options) {
  if (!writer_) return ReadOnlyError();
  std::lock_guard<std::mutex> lock(retention_mu_);
  const LogView view = View();
  tier::RetentionContext context;
  context.adopt = [this](const std::vector<uint64_t>& numbers, Tier tier) {
    return writer_->SetTier(numbers, tier);
  };
  context.append_receipt = [this](const DeletionReceipt& receipt) -> Status {
    // A segment of its own, kept for good: seal what is active first.
    SEALOG_RETURN_IF_ERROR(writer_->Roll());
    const std::string raw = EncodeReceipt(receipt);
    Result<uint64_t> seq = AppendSystemEvent(kReceiptAction, ReceiptResource(receipt), raw);
    if (!seq.ok()) return seq.status();
    return writer_->Roll();  // sealed before anything it names goes
  };
  Result<std::set<uint64_t>> evidence = SegmentsOfSystemEvents(*this, kReceiptAction, *view.closed);
  if (!evidence.ok()) return evidence.status();
  context.evidence = std::move(*evidence);
  if (config_.delete_after_ms) {
    Result<std::set<uint64_t>> held = HeldSegments(view);
    if (!held.ok()) return held.status();
    context.held = std::move(*held);
  }
  return tier::RunRetention(*env_, dir_, recovered_.manifest.log_id, config_, *view.closed,
                            context, options);
}

Result<uint64_t> StoreImpl::AppendSystemEvent(std::string_view action, std::string_view resource,
                                              const std::string& raw) {
  if (!writer_) return ReadOnlyError();
  // Durable whatever the durability mode: a receipt must be on disk before
  // what it names goes, a hold before retention could judge without it.
  Result<uint64_t> seq = writer_->Append(SystemEvent(action, resource, raw),
                                         /*wait_durable=*/false, /*system=*/true);
  if (!seq.ok()) return seq;
  SEALOG_RETURN_IF_ERROR(writer_->Flush());
  return seq;
}

Result<std::set<uint64_t>> StoreImpl::HeldSegments(const LogView& view) {
  Result<std::vector<LegalHold>> holds = HoldsInForce(*this);
  if (!holds.ok()) return holds.status();
  return SegmentsHeld(*this, *holds, *view.closed);
}

Result<uint64_t> StoreImpl::AddHold(const HoldOptions& hold) {
  if (!writer_) return ReadOnlyError();
  SEALOG_RETURN_IF_ERROR(CheckHold(hold));
  if (!hold.query.empty()) {
    // A hold whose query cannot run would hold nothing: refuse it now.
    Result<std::unique_ptr<QueryCursor>> parsed = Query(hold.query, QueryOptions());
    if (!parsed.ok()) return parsed.status();
  }
  HoldSpec spec{hold.reason, hold.query, hold.since_ns, hold.until_ns};
  std::lock_guard<std::mutex> lock(retention_mu_);  // not while a run judges holds
  return AppendSystemEvent(kHoldAddAction, "hold", EncodeHoldAdd(spec));
}

Status StoreImpl::RemoveHold(uint64_t id, std::string_view reason) {
  if (!writer_) return ReadOnlyError();
  std::lock_guard<std::mutex> lock(retention_mu_);
  Result<std::vector<LegalHold>> holds = HoldsInForce(*this);
  if (!holds.ok()) return holds.status();
  const bool found = std::any_of(holds->begin(), holds->end(),
                                 [&](const LegalHold& hold) { return hold.id == id; });
  if (!found) return Status::NotFound("no hold " + std::to_string(id) + " is in force");
  Result<uint64_t> seq =
      AppendSystemEvent(kHoldRemoveAction, "hold " + std::to_string(id), EncodeHoldRemove(id, reason));
  return seq.status();
}

Result<std::vector<LegalHold>> StoreImpl::ListHolds() { return HoldsInForce(*this); }

Result<std::string> StoreImpl::ConfigText() {
  const std::string path = dir_ + "/" + std::string(StoreConfig::kFileName);
  std::string text;
  Status read = io::ReadFileToString(*env_, path, &text);
  if (read.IsNotFound()) return std::string();
  SEALOG_RETURN_IF_ERROR(read);
  return text;
}

Result<uint64_t> StoreImpl::ChangeConfig(std::string_view toml) {
  if (!writer_) return ReadOnlyError();
  Result<StoreConfig> parsed = StoreConfig::Parse(toml);
  if (!parsed.ok()) return parsed.status();
  std::lock_guard<std::mutex> lock(retention_mu_);  // never while a run follows the old one
  Result<std::string> old = ConfigText();
  if (!old.ok()) return old.status();
  if (*old == toml) return uint64_t{0};
  // The event first: a crash before the file is replaced leaves the old
  // policy in force and the log saying a change was asked for; `set` again
  // applies it (and records it again). Never a change the log does not show.
  Result<uint64_t> seq = AppendSystemEvent(kConfigChangeAction, StoreConfig::kFileName,
                                           EncodeConfigChange(*old, toml));
  if (!seq.ok()) return seq;
  SEALOG_RETURN_IF_ERROR(
      io::WriteFileAtomically(*env_, dir_, std::string(StoreConfig::kFileName), toml));
  config_ = *parsed;
  return seq;
}

Status StoreImpl::ReadOnlyError() const {
  return Status::ReadOnly("store " + dir_ + " was opened read-only");
}

Result<uint64_t> StoreImpl::Append(const Event& event) {
  if (!writer_) return ReadOnlyError();
  return writer_->Append(event, /*wait_durable=*/true);
}

Result<uint64_t> StoreImpl::AppendAsync(const Event& event) {
  if (!writer_) return ReadOnlyError();
  return writer_->Append(event, /*wait_durable=*/false);
}

Status StoreImpl::WaitDurable(uint64_t seq) {
  if (!writer_) return ReadOnlyError();
  return writer_->WaitDurable(seq);
}

Result<uint64_t> StoreImpl::AwaitDurable(uint64_t known, std::chrono::milliseconds timeout) {
  if (!writer_) return ReadOnlyError();
  return writer_->AwaitDurable(known, timeout);
}

Status StoreImpl::Flush() { return writer_ ? writer_->Flush() : ReadOnlyError(); }
Status StoreImpl::Roll() { return writer_ ? writer_->Roll() : ReadOnlyError(); }

LogView StoreImpl::View() { return writer_ ? writer_->View() : read_only_view_; }

std::unique_ptr<Iterator> StoreImpl::Scan(uint64_t first, uint64_t last) {
  return std::make_unique<LogIterator>(*env_, dir_, recovered_.manifest.log_id, View(), first,
                                       last, seek_tables_);
}

Result<Record> StoreImpl::Get(uint64_t seq) {
  std::unique_ptr<Iterator> it = Scan(seq, seq);
  if (it->Next()) return it->record();
  SEALOG_RETURN_IF_ERROR(it->status());
  const LogView view = View();
  for (const ManifestSegment& s : *view.closed) {
    if (s.tier == Tier::kExpired && s.first_seq <= seq && seq <= s.last_seq()) {
      return Status::NotFound("record " + std::to_string(seq) + " was deleted by retention (segment " +
                              std::to_string(s.number) + " expired; its receipt is in the log)");
    }
  }
  return Status::NotFound("no record with seq " + std::to_string(seq) + " in " + dir_);
}

Result<int64_t> ParseTimeValue(std::string_view text, int64_t now_ns) {
  return query::ParseTimeValue(text, now_ns);
}

// The tree of an expression with the options' time window applied.
static Result<query::Node> ParseQuery(std::string_view expression, const QueryOptions& options,
                                      io::Env& env) {
  Result<query::Node> tree =
      query::Parse(expression, options.now_ns != 0 ? options.now_ns : env.NowNanos());
  if (!tree.ok()) return tree.status();
  if (options.since_ns == std::numeric_limits<int64_t>::min() &&
      options.until_ns == std::numeric_limits<int64_t>::max()) {
    return tree;
  }
  query::Node window;
  window.kind = query::Node::Kind::kTerm;
  window.term.target = query::Target::kTime;
  window.term.op = query::Op::kRange;
  window.term.lo = options.since_ns;
  window.term.hi = options.until_ns;
  query::Node both;
  both.kind = query::Node::Kind::kAnd;
  both.children.push_back(std::move(*tree));
  both.children.push_back(std::move(window));
  return both;
}

Result<std::unique_ptr<QueryCursor>> StoreImpl::Query(std::string_view expression,
                                                       const QueryOptions& options) {
  Result<query::Node> tree = ParseQuery(expression, options, *env_);
  if (!tree.ok()) return tree.status();
  return std::unique_ptr<QueryCursor>(std::make_unique<QueryCursorImpl>(
      *env_, dir_, recovered_.manifest.log_id, View(), *indexes_, segment_files_,
      std::move(*tree), options));
}

Result<uint64_t> StoreImpl::Count(std::string_view expression, const QueryOptions& options) {
  Result<query::Node> tree = ParseQuery(expression, options, *env_);
  if (!tree.ok()) return tree.status();
  QueryCursorImpl cursor(*env_, dir_, recovered_.manifest.log_id, View(), *indexes_,
                         segment_files_, std::move(*tree), options);
  return cursor.CountRemaining();
}

Result<FieldReport> StoreImpl::Report(const ReportOptions& options) {
  if (options.query.empty()) {
    return BuildFieldReport(*env_, dir_, recovered_.manifest.log_id, View(), *indexes_, options);
  }
  QueryOptions window;
  window.now_ns = options.now_ns;
  window.since_ns = options.since_ns;
  window.until_ns = options.until_ns;
  Result<std::unique_ptr<QueryCursor>> matches = Query(options.query, window);
  if (!matches.ok()) return matches.status();
  return BuildQueryReport(**matches, options);
}

StoreStats StoreImpl::Stats() {
  const LogView view = View();
  StoreStats stats;
  for (const ManifestSegment& s : *view.closed) {
    SegmentInfo info{s.number, s.first_seq, s.record_count, s.size_bytes, s.size_bytes, s.tier, false};
    if (s.tier == Tier::kExpired) {
      info.stored_bytes = 0;
    } else if (s.tier == Tier::kCold) {
      // Through the cache: each archive is found and its directory read once
      // for all its segments, not for each of them on every call.
      std::shared_ptr<tier::ArchiveFile> archive;
      size_t i = 0;
      const bool found = segment_files_.OpenArchived(s.number, &archive, &i).ok();
      info.stored_bytes = found ? tier::ArchivedBytes(*archive, i) : 0;
    } else if (s.tier == Tier::kWarm) {
      Result<uint64_t> stored = tier::StoredBytes(*env_, dir_, s.number, s.tier);
      info.stored_bytes = stored.ok() ? *stored : 0;
    }
    stats.segments.push_back(info);
  }
  stats.segments.push_back({view.active_number, view.active_first_seq,
                            view.last_seq + 1 - view.active_first_seq, view.active_end,
                            view.active_end, Tier::kHot, true});
  stats.records = view.last_seq;
  stats.first_seq = view.last_seq > 0 ? 1 : 0;
  stats.last_seq = view.last_seq;
  stats.durable_seq = writer_ ? writer_->durable_seq() : view.last_seq;
  stats.io_uring = writer_ && writer_->uses_io_uring();
  stats.index_cache_bytes = indexes_ ? indexes_->memory_bytes() : 0;
  stats.segment_files_open = segment_files_.files_open();
  stats.segment_files_mapped = segment_files_.files_mapped();
  return stats;
}

std::string StoreImpl::log_id() const { return crypto::HexEncode(recovered_.manifest.log_id); }

}  // namespace sealog
