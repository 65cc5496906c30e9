#include "bench/sqlite_peer.h"

#include "bench/peer_append.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

namespace sealog::bench {
namespace {

// The statement of each kind, in QueryKind order. ?1 is the actor or
// resource, ?2 and ?3 the inclusive time bounds.
constexpr std::array<const char*, kQueryKindCount> kQuerySql = {
    "SELECT seq, raw FROM events WHERE actor = ?1 ORDER BY seq",
    "SELECT seq, raw FROM events WHERE resource = ?1 ORDER BY seq",
    "SELECT seq, raw FROM events WHERE ts BETWEEN ?2 AND ?3 ORDER BY seq",
    "SELECT seq, raw FROM events WHERE actor = ?1 AND ts BETWEEN ?2 AND ?3 ORDER BY seq",
};

// The schema, shared by the query benchmark's load and the append runs.
constexpr const char* kCreateTableSql =
    "CREATE TABLE events(seq INTEGER PRIMARY KEY, ts INTEGER, tenant TEXT, actor TEXT, "
    "action TEXT, resource TEXT, origin TEXT, outcome TEXT, raw TEXT)";
constexpr const char* kInsertSql = "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr const char* kIndexNames[] = {"events_actor", "events_resource", "events_ts"};
constexpr const char* kCreateIndexSql[] = {
    "CREATE INDEX events_actor ON events(actor)",
    "CREATE INDEX events_resource ON events(resource)",
    "CREATE INDEX events_ts ON events(ts)",
};

// Binds a view as text without copying. REQUIRES: the bytes outlive the step.
int BindText(sqlite3_stmt* statement, int index, std::string_view text) {
  return sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()),
                           SQLITE_STATIC);
}

// Binds one event's row to kInsertSql. REQUIRES: the event outlives the step.
void BindEvent(sqlite3_stmt* insert, uint64_t seq, const Event& event) {
  sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(seq));
  sqlite3_bind_int64(insert, 2, event.time_ns);
  BindText(insert, 3, event.field(Field::kTenant));
  BindText(insert, 4, event.field(Field::kActor));
  BindText(insert, 5, event.field(Field::kAction));
  BindText(insert, 6, event.field(Field::kResource));
  BindText(insert, 7, event.field(Field::kOrigin));
  BindText(insert, 8, event.field(Field::kOutcome));
  BindText(insert, 9, event.raw);
}

Status DbError(sqlite3* db, const char* what) {
  std::string text = "sqlite: ";
  text.append(what).append(": ").append(db != nullptr ? sqlite3_errmsg(db) : "out of memory");
  return Status::IOError(std::move(text));
}

Status Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return Status::Ok();
  std::string text = "sqlite: ";
  text.append(sql).append(": ").append(message != nullptr ? message : "?");
  sqlite3_free(message);
  return Status::IOError(std::move(text));
}

uint64_t FileSize(const std::string& path) {
  std::error_code error;
  const uint64_t size = std::filesystem::file_size(path, error);
  return error ? 0 : size;
}

}  // namespace

Result<std::unique_ptr<SqlitePeer>> SqlitePeer::Create(const std::string& path, const EventSet& set,
                                                       uint64_t cache_mb) {
  sqlite3* db = nullptr;
  const int opened =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<SqlitePeer> peer(new SqlitePeer(db, path));  // closes db on every return
  if (opened != SQLITE_OK) return peer->Error("open");
  SEALOG_RETURN_IF_ERROR(peer->Execute("PRAGMA journal_mode=WAL"));
  SEALOG_RETURN_IF_ERROR(peer->Execute("PRAGMA synchronous=OFF"));
  if (cache_mb > 0) {
    // A negative cache_size is in KiB.
    const std::string pragma = "PRAGMA cache_size=-" + std::to_string(cache_mb * 1024);
    SEALOG_RETURN_IF_ERROR(peer->Execute(pragma.c_str()));
  }
  SEALOG_RETURN_IF_ERROR(peer->Load(set));
  SEALOG_RETURN_IF_ERROR(peer->Prepare());
  return peer;
}

SqlitePeer::~SqlitePeer() {
  for (sqlite3_stmt* statement : statements_) sqlite3_finalize(statement);
  sqlite3_close(db_);
}

Status SqlitePeer::Execute(const char* sql) { return Exec(db_, sql); }

Status SqlitePeer::Error(const char* what) const { return DbError(db_, what); }

Status SqlitePeer::Load(const EventSet& set) {
  SEALOG_RETURN_IF_ERROR(Execute(kCreateTableSql));
  SEALOG_RETURN_IF_ERROR(Execute("BEGIN"));
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db_, kInsertSql, -1, &insert, nullptr) != SQLITE_OK) {
    return Error("prepare insert");
  }
  uint64_t seq = 0;
  int rc = SQLITE_DONE;
  for (const Event& event : set.events()) {
    BindEvent(insert, ++seq, event);
    rc = sqlite3_step(insert);
    sqlite3_reset(insert);
    if (rc != SQLITE_DONE) break;
  }
  sqlite3_finalize(insert);
  if (rc != SQLITE_DONE) return Error("insert");
  SEALOG_RETURN_IF_ERROR(Execute("COMMIT"));
  // Built once the rows are in: the same indexes as inserting into them, faster.
  for (const char* sql : kCreateIndexSql) SEALOG_RETURN_IF_ERROR(Execute(sql));
  SEALOG_RETURN_IF_ERROR(Execute("ANALYZE"));
  return Execute("PRAGMA wal_checkpoint(TRUNCATE)");
}

Status SqlitePeer::Prepare() {
  for (size_t i = 0; i < kQueryKindCount; ++i) {
    if (sqlite3_prepare_v2(db_, kQuerySql[i], -1, &statements_[i], nullptr) != SQLITE_OK) {
      return Error(kQuerySql[i]);
    }
  }
  return Status::Ok();
}

Result<QueryRows> SqlitePeer::Run(const QuerySpec& spec) {
  sqlite3_stmt* statement = statements_[static_cast<size_t>(spec.kind)];
  sqlite3_reset(statement);
  if (spec.kind != QueryKind::kTime) BindText(statement, 1, spec.value);
  if (spec.kind == QueryKind::kTime || spec.kind == QueryKind::kActorTime) {
    sqlite3_bind_int64(statement, 2, spec.from_ns);
    sqlite3_bind_int64(statement, 3, spec.to_ns);
  }
  QueryRows rows;
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    const auto seq = static_cast<uint64_t>(sqlite3_column_int64(statement, 0));
    const auto* raw = static_cast<const char*>(sqlite3_column_blob(statement, 1));
    const int size = sqlite3_column_bytes(statement, 1);
    AddRow(&rows, seq, std::string_view(raw, static_cast<size_t>(size)));
  }
  if (rc != SQLITE_DONE) return Error("query");
  sqlite3_reset(statement);
  return rows;
}

std::string SqlitePeer::Plan(QueryKind kind) {
  std::string sql = "EXPLAIN QUERY PLAN ";
  sql.append(kQuerySql[static_cast<size_t>(kind)]);
  sqlite3_stmt* statement = nullptr;
  std::string plan;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    return plan.append("(no plan: ").append(sqlite3_errmsg(db_)).append(")");
  }
  while (sqlite3_step(statement) == SQLITE_ROW) {
    const auto* detail = reinterpret_cast<const char*>(sqlite3_column_text(statement, 3));
    if (!plan.empty()) plan.append("; ");
    plan.append(detail != nullptr ? detail : "?");
  }
  sqlite3_finalize(statement);
  return plan;
}

Result<SpaceFigure> SqlitePeer::Space() {
  SpaceFigure space;
  space.engine = "sqlite";
  space.data_bytes = FileSize(path_);
  space.other_bytes = FileSize(path_ + "-wal");
  // dbstat is an optional part of SQLite: without it, no index split.
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name", -1, &statement,
                         nullptr) != SQLITE_OK) {
    return space;
  }
  while (sqlite3_step(statement) == SQLITE_ROW) {
    const std::string_view name(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    for (const char* index : kIndexNames) {
      if (name == index) space.index_bytes += sqlite3_column_int64(statement, 1);
    }
  }
  sqlite3_finalize(statement);
  return space;
}

// The append runs (peer_append.h) ---------------------------------------------

namespace {

constexpr int kBusyTimeoutMs = 60'000;

std::string DatabasePath(const std::string& dir) { return dir + "/events.db"; }

// Opens a connection; *db is set even on failure, for the caller to close.
Status Open(const std::string& path, int flags, sqlite3** db) {
  if (sqlite3_open_v2(path.c_str(), db, flags, nullptr) != SQLITE_OK) return DbError(*db, "open");
  return Status::Ok();
}

// One connection: BEGIN IMMEDIATE (takes the write lock at once, waiting up
// to the busy timeout while another connection holds it), the INSERTs,
// COMMIT.
class SqliteWriter final : public PeerWriter {
 public:
  SqliteWriter(const EventSet& set, sqlite3* db) : set_(set), db_(db) {}
  ~SqliteWriter() override {
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
  }

  Status Prepare(bool durable) {
    SEALOG_RETURN_IF_ERROR(
        Exec(db_, durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF"));
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    if (sqlite3_prepare_v2(db_, kInsertSql, -1, &insert_, nullptr) != SQLITE_OK) {
      return DbError(db_, "prepare insert");
    }
    return Status::Ok();
  }

  Status Write(uint64_t first, uint64_t last) override {
    SEALOG_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    for (uint64_t i = first; i < last; ++i) {
      BindEvent(insert_, i + 1, set_.events()[i]);
      const int rc = sqlite3_step(insert_);
      sqlite3_reset(insert_);
      if (rc != SQLITE_DONE) {
        const Status error = DbError(db_, "insert");
        (void)Exec(db_, "ROLLBACK");
        return error;
      }
    }
    return Exec(db_, "COMMIT");
  }

 private:
  const EventSet& set_;
  sqlite3* db_;
  sqlite3_stmt* insert_ = nullptr;
};

class SqliteAppendTarget final : public PeerAppendTarget {
 public:
  SqliteAppendTarget(const EventSet& set, std::string path, bool durable)
      : set_(set), path_(std::move(path)), durable_(durable) {}
  ~SqliteAppendTarget() override { sqlite3_close(db_); }

  // The schema with its three indexes before the first row: the appends
  // maintain the indexes, as sealog's appends do its own.
  Status Create() {
    SEALOG_RETURN_IF_ERROR(Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db_));
    SEALOG_RETURN_IF_ERROR(Exec(db_, "PRAGMA journal_mode=WAL"));  // kept in the file
    SEALOG_RETURN_IF_ERROR(Exec(db_, kCreateTableSql));
    for (const char* sql : kCreateIndexSql) SEALOG_RETURN_IF_ERROR(Exec(db_, sql));
    return Status::Ok();
  }

  Result<std::unique_ptr<PeerWriter>> NewWriter() override {
    sqlite3* db = nullptr;
    const Status opened = Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, &db);
    auto writer = std::make_unique<SqliteWriter>(set_, db);  // closes db on every return
    SEALOG_RETURN_IF_ERROR(opened);
    SEALOG_RETURN_IF_ERROR(writer->Prepare(durable_));
    return std::unique_ptr<PeerWriter>(std::move(writer));
  }

  // A checkpoint of the WAL into the database file with synchronous=FULL, so
  // that everything is durable whatever the run's setting was.
  Status Close() override {
    SEALOG_RETURN_IF_ERROR(Exec(db_, "PRAGMA synchronous=FULL"));
    SEALOG_RETURN_IF_ERROR(Exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)"));
    const int closed = sqlite3_close(db_);
    if (closed != SQLITE_OK) return DbError(db_, "close");
    db_ = nullptr;
    return Status::Ok();
  }

 private:
  const EventSet& set_;
  const std::string path_;
  const bool durable_;
  sqlite3* db_ = nullptr;  // the schema's connection, kept for Close
};

// The single integer of a one-row query.
Result<int64_t> QueryInteger(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) return DbError(db, sql);
  const int rc = sqlite3_step(statement);
  const int64_t value = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  if (rc != SQLITE_ROW) return DbError(db, sql);
  return value;
}

}  // namespace

Result<PeerAppendResult> RunSqliteAppend(const std::string& dir, const EventSet& set,
                                         const PeerAppendConfig& config) {
  std::error_code error;
  if (!std::filesystem::create_directory(dir, error)) {
    return Status::IOError("create " + dir + ": " + (error ? error.message() : "exists"));
  }
  SqliteAppendTarget target(set, DatabasePath(dir), config.durable);
  SEALOG_RETURN_IF_ERROR(target.Create());
  return RunPeerAppend(target, dir, set, config);
}

Result<uint64_t> CountSqliteEvents(const std::string& dir) {
  sqlite3* db = nullptr;
  const Status opened = Open(DatabasePath(dir), SQLITE_OPEN_READONLY, &db);
  struct Closer {
    sqlite3* db;
    ~Closer() { sqlite3_close(db); }
  } closer{db};  // after Open, which sets db even when it fails
  SEALOG_RETURN_IF_ERROR(opened);
  Result<int64_t> rows = QueryInteger(db, "SELECT COUNT(*) FROM events");
  if (!rows.ok()) return rows.status();
  Result<int64_t> last = QueryInteger(db, "SELECT COALESCE(MAX(seq), 0) FROM events");
  if (!last.ok()) return last.status();
  if (*last != *rows) return Status::Corruption("sqlite peer: seqs are not 1..count");
  // Every index entry against its row (and the other way round).
  sqlite3_stmt* check = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr) != SQLITE_OK) {
    return DbError(db, "integrity_check");
  }
  std::string verdict;
  while (sqlite3_step(check) == SQLITE_ROW) {
    const auto* line = reinterpret_cast<const char*>(sqlite3_column_text(check, 0));
    if (!verdict.empty()) verdict.append("; ");
    verdict.append(line != nullptr ? line : "?");
  }
  sqlite3_finalize(check);
  if (verdict != "ok") return Status::Corruption("sqlite peer: integrity_check: " + verdict);
  return static_cast<uint64_t>(*rows);
}

}  // namespace sealog::bench
