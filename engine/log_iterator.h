// LogIterator: records first..last of a LogView, across segments, in seq order.
// Every frame's checksum and every seq is checked on the way: damage ends the
// iteration with a kCorruption status naming the file and offset.
#ifndef SEALOG_ENGINE_LOG_ITERATOR_H_
#define SEALOG_ENGINE_LOG_ITERATOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/io/env.h"
#include "engine/log_writer.h"
#include "engine/seek_table.h"
#include "engine/segment_reader.h"
#include "sealog/store.h"

namespace sealog {

class LogIterator : public Iterator {
 public:
  // REQUIRES: env and cache outlive the iterator.
  LogIterator(io::Env& env, std::string dir, std::string log_id, const LogView& view,
              uint64_t first, uint64_t last, SeekTableCache& cache);

  bool Next() override;
  const Record& record() const override { return record_; }
  Status status() const override { return status_; }

  // The frame of the current record and where it is, for dump and verify.
  const RecordView& view() const { return view_; }
  uint64_t segment_number() const;
  uint64_t offset() const { return reader_ ? reader_->offset() : 0; }

 private:
  struct Span {
    uint64_t number;
    uint64_t first_seq;
    uint64_t last_seq;  // first_seq - 1 when empty
    uint64_t end;       // bytes to read
    bool closed;
  };
  bool OpenSpan();
  void CopyRecord();

  io::Env& env_;
  const std::string dir_;
  const std::string log_id_;
  SeekTableCache& cache_;
  std::vector<Span> spans_;
  size_t span_index_ = 0;
  const uint64_t first_;
  const uint64_t last_;
  uint64_t expected_seq_ = 0;
  std::unique_ptr<SegmentReader> reader_;
  RecordView view_;
  Record record_;
  Status status_;
  bool done_ = false;
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_LOG_ITERATOR_H_
