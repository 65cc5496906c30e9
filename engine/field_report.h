// FieldReport: how many records of a time range hold each value of a field,
// answered from the indexes' dictionaries (a segment wholly inside the range
// is counted without reading a posting list or a record).
#ifndef SEALOG_ENGINE_FIELD_REPORT_H_
#define SEALOG_ENGINE_FIELD_REPORT_H_

#include <string>

#include "engine/index_cache.h"
#include "engine/io/env.h"
#include "engine/log_writer.h"
#include "sealog/query.h"

namespace sealog {

// The report of options.query empty: every record of the time range.
Result<FieldReport> BuildFieldReport(io::Env& env, const std::string& dir,
                                     const std::string& log_id, const LogView& view,
                                     IndexCache& cache, const ReportOptions& options);

// The report of the records a cursor returns, which options.query and the
// time range chose: each read and tallied by its value of options.by.
Result<FieldReport> BuildQueryReport(QueryCursor& matches, const ReportOptions& options);

}  // namespace sealog

#endif  // SEALOG_ENGINE_FIELD_REPORT_H_
