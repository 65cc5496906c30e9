#include "tools/record_stream.h"

#include <memory>

namespace sealog::cli {

Status StreamRecords(Store* store, uint64_t first, uint64_t last, const RecordWriter& writer,
                     Output* output, uint64_t* written, const ProgressFunction& progress) {
  *written = 0;
  if (first == 0 || first > last) return Status::Ok();
  std::unique_ptr<Iterator> iterator = store->Scan(first, last);
  return StreamIterator(*iterator, writer, output, written, progress);
}

Status StreamIterator(Iterator& records, const RecordWriter& writer, Output* output,
                      uint64_t* written, const ProgressFunction& progress) {
  *written = 0;
  while (records.Next()) {
    writer.Append(records.record(), output->buffer());
    if (!output->MaybeFlush()) return output->status();
    ++*written;
    if (progress && *written % 4096 == 0) progress(*written);
  }
  SEALOG_RETURN_IF_ERROR(records.status());
  if (!output->Flush()) return output->status();
  return Status::Ok();
}

}  // namespace sealog::cli
