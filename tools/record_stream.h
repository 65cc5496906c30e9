// Streaming a range of records from a store to an Output.
#ifndef SEALOG_TOOLS_RECORD_STREAM_H_
#define SEALOG_TOOLS_RECORD_STREAM_H_

#include <cstdint>
#include <functional>

#include "sealog/status.h"
#include "sealog/store.h"
#include "tools/output.h"
#include "tools/record_format.h"

namespace sealog::cli {

// Called now and then with the number of records written so far.
using ProgressFunction = std::function<void(uint64_t records_written)>;

// Writes the records with first <= seq <= last with `writer`, flushing the
// output at the end. Returns the first error: the store's (reading) or the
// output's (writing; output->closed_by_reader() tells when the reader went
// away). *written counts the records handed to the output. The writer's
// header is the caller's to write, once per stream.
Status StreamRecords(Store* store, uint64_t first, uint64_t last, const RecordWriter& writer,
                     Output* output, uint64_t* written, const ProgressFunction& progress = {});

// The same for whatever `records` yields (a scan or a query's cursor).
Status StreamIterator(Iterator& records, const RecordWriter& writer, Output* output,
                      uint64_t* written, const ProgressFunction& progress = {});

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_RECORD_STREAM_H_
