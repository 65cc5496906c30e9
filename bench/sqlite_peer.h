// SqlitePeer: the reference workload in SQLite, the peer of WORKLOAD.md
// ("SQLite (WAL, indexes on actor, resource, ts)"), for the query benchmark.
//
// One table, events(seq INTEGER PRIMARY KEY, ts INTEGER, tenant, actor,
// action, resource, origin, outcome, raw TEXT), with an index on each of
// actor, resource and ts. seq is the event's position from 1, so it equals
// the seq sealog gives the same event. SQLite's own defaults otherwise (page
// cache of 2 MB, no mmap) unless cache_mb says more.
//
// This is the only file that includes sqlite3.h. Not thread safe.
#ifndef SEALOG_BENCH_SQLITE_PEER_H_
#define SEALOG_BENCH_SQLITE_PEER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "bench/event_set.h"
#include "bench/query_bench.h"
#include "sealog/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sealog::bench {

class SqlitePeer {
 public:
  // Creates the database file `path` (which must not exist) in WAL mode,
  // loads every event of `set` with one prepared INSERT in one transaction
  // (synchronous=OFF: loading is not measured), then builds the three
  // indexes, runs ANALYZE so the planner knows their selectivity, and
  // checkpoints the WAL into the database file. cache_mb > 0 sets the page
  // cache (PRAGMA cache_size); 0 keeps SQLite's default.
  static Result<std::unique_ptr<SqlitePeer>> Create(const std::string& path, const EventSet& set,
                                                    uint64_t cache_mb);
  ~SqlitePeer();
  SqlitePeer(const SqlitePeer&) = delete;
  SqlitePeer& operator=(const SqlitePeer&) = delete;

  // Runs one query: SELECT seq, raw ... ORDER BY seq, stepping through every
  // row and reading its raw column (AddRow).
  Result<QueryRows> Run(const QuerySpec& spec);
  // EXPLAIN QUERY PLAN of the statement of one kind, its lines joined by "; ".
  std::string Plan(QueryKind kind);
  // The database file (and the WAL); the indexes' pages when SQLite was built
  // with the dbstat table (0 otherwise).
  Result<SpaceFigure> Space();

 private:
  SqlitePeer(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Execute(const char* sql);
  Status Error(const char* what) const;
  Status Load(const EventSet& set);
  Status Prepare();

  sqlite3* db_;
  const std::string path_;
  std::array<sqlite3_stmt*, kQueryKindCount> statements_{};  // by QueryKind
};

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_SQLITE_PEER_H_
