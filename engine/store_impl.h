// StoreImpl: a Store is a directory, a lock, a LogWriter and readers.
#ifndef SEALOG_ENGINE_STORE_IMPL_H_
#define SEALOG_ENGINE_STORE_IMPL_H_

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "engine/index_cache.h"
#include "engine/io/env.h"
#include "engine/log_writer.h"
#include "engine/recovery.h"
#include "engine/segment_file_cache.h"
#include "engine/seek_table.h"
#include "sealog/config.h"
#include "sealog/query.h"
#include "sealog/store.h"

namespace sealog {

class StoreImpl final : public Store {
 public:
  StoreImpl(std::string dir, const Options& options, std::shared_ptr<io::Env> env);
  ~StoreImpl() override;

  // Takes the lock (unless read-only), creates or recovers the log.
  Status Init();

  Result<uint64_t> Append(const Event& event) override;
  Result<uint64_t> AppendAsync(const Event& event) override;
  Status WaitDurable(uint64_t seq) override;
  Result<uint64_t> AwaitDurable(uint64_t known, std::chrono::milliseconds timeout) override;
  Status Flush() override;
  Status Roll() override;
  Result<Record> Get(uint64_t seq) override;
  std::unique_ptr<Iterator> Scan(uint64_t first, uint64_t last) override;
  Result<std::unique_ptr<QueryCursor>> Query(std::string_view expression,
                                             const QueryOptions& options) override;
  Result<uint64_t> Count(std::string_view expression, const QueryOptions& options) override;
  Result<FieldReport> Report(const ReportOptions& options) override;
  Result<RetentionReport> RunRetention(const RetentionOptions& options) override;
  Result<uint64_t> AddHold(const HoldOptions& hold) override;
  Status RemoveHold(uint64_t id, std::string_view reason) override;
  Result<std::vector<LegalHold>> ListHolds() override;
  Result<uint64_t> ChangeConfig(std::string_view toml) override;
  Result<std::string> ConfigText() override;
  StoreStats Stats() override;
  const RecoveryReport& recovery() const override { return recovered_.report; }
  std::string log_id() const override;

  // Internal: the current view and reading machinery, for tools and verify.
  LogView View();
  io::Env& env() { return *env_; }
  const std::string& dir() const { return dir_; }
  const std::string& raw_log_id() const { return recovered_.manifest.log_id; }

 private:
  Status ReadOnlyError() const;
  // Reads config.toml, when the store has one, into options_.
  Status ApplyStoreConfig();
  // Appends an event the store writes itself (engine/system_events.h) and
  // waits until it is durable, whatever Options::durability says.
  Result<uint64_t> AppendSystemEvent(std::string_view action, std::string_view resource,
                                     const std::string& raw);
  // The closed segments of `view` a legal hold covers.
  Result<std::set<uint64_t>> HeldSegments(const LogView& view);

  const std::string dir_;
  Options options_;  // the caller's, with the store's config.toml applied by Init
  StoreConfig config_;  // config.toml's, or the defaults when the store has none
  std::mutex retention_mu_;  // one retention run at a time
  std::shared_ptr<io::Env> env_;
  std::unique_ptr<io::FileLock> lock_;
  RecoveredLog recovered_;
  std::unique_ptr<LogWriter> writer_;  // null when read-only
  LogView read_only_view_;             // when read-only
  SeekTableCache seek_tables_;
  SegmentFileCache segment_files_;
  std::unique_ptr<IndexCache> indexes_;  // once the log id is known; uses segment_files_
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_STORE_IMPL_H_
