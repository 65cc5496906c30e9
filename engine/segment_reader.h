// SegmentReader: walks the records of one segment file in order.
//
// Reads in large chunks and hands out RecordViews that point into its buffer,
// or straight into the file's bytes when the file is mapped
// (io::ReadableFile::Mapped).
// It judges frames (magic, length, checksum, body) but not their sequence:
// callers know which seq comes next and check it.
#ifndef SEALOG_ENGINE_SEGMENT_READER_H_
#define SEALOG_ENGINE_SEGMENT_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/io/env.h"
#include "engine/record.h"
#include "engine/segment.h"
#include "sealog/status.h"

namespace sealog {

class SegmentReader {
 public:
  // Opens segment `number` of dir in whichever tier holds it
  // (engine/tier/segment_file.h), reads and checks its header. kCorruption
  // when the header is bad or belongs to another log or segment number.
  static Status Open(io::Env& env, const std::string& dir, uint64_t number,
                     std::string_view log_id, std::unique_ptr<SegmentReader>* reader);
  // The same over a file already open (engine/segment_file_cache.h shares
  // one between readers) whose size is `file_size`. With `checked`, the
  // header a reader of this same file read and checked already: it is not
  // read again.
  static Status Open(std::shared_ptr<io::ReadableFile> file, uint64_t file_size, std::string path,
                     uint64_t number, std::string_view log_id,
                     std::unique_ptr<SegmentReader>* reader,
                     const SegmentHeader* checked = nullptr);

  const SegmentHeader& header() const { return header_; }
  const std::string& path() const { return path_; }
  // Bytes in the file when it was opened.
  uint64_t file_size() const { return file_size_; }

  // Reads from `offset` (a frame start) and stops at `limit` (exclusive).
  void Seek(uint64_t offset, uint64_t limit);

  enum class Step { kRecord, kEnd, kBad };
  // kRecord: *view holds the next record, valid until the next call.
  // kEnd: the limit was reached exactly. kBad: the frame at offset() is
  // damaged or incomplete (bad_state() says how), or reading failed (status()).
  Step Next(RecordView* view);

  // The offset of the record last returned, or of the bad frame.
  uint64_t offset() const { return offset_; }
  // The whole frame last returned (header and body).
  std::string_view frame() const { return frame_; }
  FrameState bad_state() const { return bad_state_; }
  const Status& status() const { return status_; }
  uint64_t seed() const { return seed_; }

  // Reads the frame at `offset` (a frame start) as Next would, for readers
  // that jump: a frame already in the buffer is not read again.
  Step ReadAt(uint64_t offset, uint64_t limit, RecordView* view);
  // Whether ReadAt(offset, limit) would find a frame start there in the buffer.
  bool Buffered(uint64_t offset, uint64_t limit) const {
    return limit == limit_ && offset >= buffer_offset_ && offset < buffer_offset_ + data_.size();
  }
  // Bytes read at once when the buffer runs dry (1 MiB unless set): small for
  // readers that jump, large for scans. A mapped file is not read in chunks.
  void set_read_chunk(size_t bytes) { read_chunk_bytes_ = bytes; }

  // Reads [offset, offset + n) of the file into *out (for recovery's search).
  Status ReadRange(uint64_t offset, uint64_t n, std::string* out) const;

 private:
  SegmentReader() = default;
  // Makes at least `want` bytes from the current position available in the buffer.
  bool Fill(size_t want);

  std::shared_ptr<io::ReadableFile> file_;  // pread only: readers may share it
  std::string path_;
  SegmentHeader header_;
  uint64_t seed_ = 0;
  uint64_t file_size_ = 0;

  std::string_view mapped_;  // the whole file, when it is mapped
  std::string buffer_;       // what was read, when it is not
  std::string_view data_;    // the bytes at hand: buffer_, or a part of mapped_
  uint64_t buffer_offset_ = 0;  // file offset of data_[0]
  size_t buffer_pos_ = 0;       // next unread byte in data_
  size_t read_chunk_bytes_ = 1 << 20;
  uint64_t limit_ = 0;
  uint64_t offset_ = 0;
  std::string_view frame_;
  FrameState bad_state_ = FrameState::kOk;
  Status status_;
};

// Reads records in order from the reader's position up to its limit, or
// `max_records` of them, calling fn(record, offset of its frame) for each;
// seqs must run on from `first_seq`. At a damaged frame or a seq out of
// place: kCorruption "PATH: WHAT: damaged record at offset N; run sealog
// verify" (the reader's I/O error when reading failed). *count, when not
// null, gets how many records fn saw.
Status ReadRecordsInOrder(SegmentReader& reader, uint64_t first_seq, uint64_t max_records,
                          std::string_view what,
                          const std::function<void(const RecordView&, uint64_t)>& fn,
                          uint64_t* count = nullptr);

}  // namespace sealog

#endif  // SEALOG_ENGINE_SEGMENT_READER_H_
