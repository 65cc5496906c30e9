#include "bench/sqlite_peer.h"

#include <sqlite3.h>

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

constexpr const char* kIndexNames[] = {"events_actor", "events_resource", "events_ts"};

// Binds a view as text without copying. REQUIRES: the bytes outlive the step.
int BindText(sqlite3_stmt* statement, int index, std::string_view text) {
  return sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()),
                           SQLITE_STATIC);
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

Status SqlitePeer::Execute(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK) return Status::Ok();
  std::string text = "sqlite: ";
  text.append(sql).append(": ").append(message != nullptr ? message : "?");
  sqlite3_free(message);
  return Status::IOError(std::move(text));
}

Status SqlitePeer::Error(const char* what) const {
  std::string text = "sqlite: ";
  text.append(what).append(": ").append(db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory");
  return Status::IOError(std::move(text));
}

Status SqlitePeer::Load(const EventSet& set) {
  SEALOG_RETURN_IF_ERROR(
      Execute("CREATE TABLE events(seq INTEGER PRIMARY KEY, ts INTEGER, tenant TEXT, actor TEXT, "
              "action TEXT, resource TEXT, origin TEXT, outcome TEXT, raw TEXT)"));
  SEALOG_RETURN_IF_ERROR(Execute("BEGIN"));
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db_, "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1,
                         &insert, nullptr) != SQLITE_OK) {
    return Error("prepare insert");
  }
  uint64_t seq = 0;
  int rc = SQLITE_DONE;
  for (const Event& event : set.events()) {
    sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(++seq));
    sqlite3_bind_int64(insert, 2, event.time_ns);
    BindText(insert, 3, event.field(Field::kTenant));
    BindText(insert, 4, event.field(Field::kActor));
    BindText(insert, 5, event.field(Field::kAction));
    BindText(insert, 6, event.field(Field::kResource));
    BindText(insert, 7, event.field(Field::kOrigin));
    BindText(insert, 8, event.field(Field::kOutcome));
    BindText(insert, 9, event.raw);
    rc = sqlite3_step(insert);
    sqlite3_reset(insert);
    if (rc != SQLITE_DONE) break;
  }
  sqlite3_finalize(insert);
  if (rc != SQLITE_DONE) return Error("insert");
  SEALOG_RETURN_IF_ERROR(Execute("COMMIT"));
  // Built once the rows are in: the same indexes as inserting into them, faster.
  SEALOG_RETURN_IF_ERROR(Execute("CREATE INDEX events_actor ON events(actor)"));
  SEALOG_RETURN_IF_ERROR(Execute("CREATE INDEX events_resource ON events(resource)"));
  SEALOG_RETURN_IF_ERROR(Execute("CREATE INDEX events_ts ON events(ts)"));
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

}  // namespace sealog::bench
