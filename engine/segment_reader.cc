#include "engine/segment_reader.h"

#include <algorithm>

#include "crypto/text_codec.h"
#include "engine/format.h"
#include "engine/limits.h"
#include "engine/tier/segment_file.h"

namespace sealog {

Status SegmentReader::Open(io::Env& env, const std::string& dir, uint64_t number,
                           std::string_view log_id, std::unique_ptr<SegmentReader>* out) {
  tier::SegmentFile file;
  SEALOG_RETURN_IF_ERROR(tier::OpenSegmentFile(env, dir, number, &file));
  return Open(std::move(file.bytes), file.size, std::move(file.path), number, log_id, out);
}

Status SegmentReader::Open(std::shared_ptr<io::ReadableFile> file, uint64_t file_size,
                           std::string path, uint64_t number, std::string_view log_id,
                           std::unique_ptr<SegmentReader>* out, const SegmentHeader* checked) {
  std::unique_ptr<SegmentReader> reader(new SegmentReader());
  reader->path_ = std::move(path);
  reader->file_ = std::move(file);
  reader->file_size_ = file_size;
  if (const std::string_view mapped = reader->file_->Mapped(); mapped.size() >= file_size) {
    reader->mapped_ = mapped.substr(0, file_size);
  }

  if (checked != nullptr) {
    reader->header_ = *checked;
  } else {
    char scratch[format::kSegmentHeaderSize];
    std::string_view bytes;
    SEALOG_RETURN_IF_ERROR(reader->file_->Read(0, sizeof(scratch), scratch, &bytes));
    SEALOG_RETURN_IF_ERROR(DecodeSegmentHeader(bytes, reader->path_, &reader->header_));
  }
  if (reader->header_.number != number) {
    return Status::Corruption(reader->path_ + ": header says segment " +
                              std::to_string(reader->header_.number) + " (misplaced file)");
  }
  if (reader->header_.log_id != log_id) {
    return Status::Corruption(reader->path_ + ": belongs to log " +
                              crypto::HexEncode(reader->header_.log_id) + ", not this log " +
                              crypto::HexEncode(log_id));
  }
  reader->seed_ = SegmentSeed(log_id, number);
  reader->Seek(format::kSegmentHeaderSize, reader->file_size_);
  *out = std::move(reader);
  return Status::Ok();
}

void SegmentReader::Seek(uint64_t offset, uint64_t limit) {
  buffer_.clear();
  data_ = {};
  buffer_offset_ = offset;
  buffer_pos_ = 0;
  offset_ = offset;
  limit_ = limit;
  frame_ = {};
  bad_state_ = FrameState::kOk;
}

bool SegmentReader::Fill(size_t want) {
  const size_t available = data_.size() - buffer_pos_;
  const uint64_t position = buffer_offset_ + buffer_pos_;
  const uint64_t remaining = limit_ > position ? limit_ - position : 0;
  want = static_cast<size_t>(std::min<uint64_t>(want, remaining));
  if (available >= want) return true;
  if (!mapped_.empty()) {  // everything up to the limit, at once
    const uint64_t start = std::min<uint64_t>(position, mapped_.size());
    data_ = mapped_.substr(static_cast<size_t>(start),
                           static_cast<size_t>(std::min(remaining, mapped_.size() - start)));
    buffer_offset_ = position;
    buffer_pos_ = 0;
    return data_.size() >= want;
  }
  // Keep the unread tail, read the next chunk after it.
  buffer_.erase(0, buffer_pos_);
  buffer_offset_ = position;
  buffer_pos_ = 0;
  const size_t to_read = static_cast<size_t>(
      std::min<uint64_t>(std::max(want, read_chunk_bytes_) - buffer_.size(),
                         remaining - buffer_.size()));
  const size_t old_size = buffer_.size();
  buffer_.resize(old_size + to_read);
  std::string_view got;
  status_ = file_->Read(position + old_size, to_read, buffer_.data() + old_size, &got);
  if (!status_.ok()) {
    buffer_.resize(old_size);
    data_ = buffer_;
    return false;
  }
  if (got.data() != buffer_.data() + old_size) {
    std::copy(got.begin(), got.end(), buffer_.data() + old_size);
  }
  buffer_.resize(old_size + got.size());
  data_ = buffer_;
  return buffer_.size() >= want;
}

SegmentReader::Step SegmentReader::Next(RecordView* view) {
  offset_ = buffer_offset_ + buffer_pos_;
  if (offset_ >= limit_) return Step::kEnd;
  if (!Fill(format::kRecordHeaderSize) && !status_.ok()) return Step::kBad;
  size_t frame_size = 0;
  std::string_view input = data_.substr(buffer_pos_);
  FrameState state = DecodeFrame(input, seed_, view, &frame_size);
  if (state == FrameState::kIncomplete && frame_size > input.size()) {
    // The header is whole and names a longer frame: read the rest of it.
    if (!Fill(frame_size) && !status_.ok()) return Step::kBad;
    input = data_.substr(buffer_pos_);
    state = DecodeFrame(input, seed_, view, &frame_size);
  }
  if (state != FrameState::kOk) {
    bad_state_ = state;
    return Step::kBad;
  }
  frame_ = input.substr(0, frame_size);
  buffer_pos_ += frame_size;
  return Step::kRecord;
}

SegmentReader::Step SegmentReader::ReadAt(uint64_t offset, uint64_t limit, RecordView* view) {
  if (Buffered(offset, limit)) {
    buffer_pos_ = static_cast<size_t>(offset - buffer_offset_);
  } else {
    Seek(offset, limit);
  }
  return Next(view);
}

Status SegmentReader::ReadRange(uint64_t offset, uint64_t n, std::string* out) const {
  out->resize(n);
  std::string_view got;
  SEALOG_RETURN_IF_ERROR(file_->Read(offset, n, out->data(), &got));
  if (got.data() != out->data()) std::copy(got.begin(), got.end(), out->data());
  out->resize(got.size());
  return Status::Ok();
}

Status ReadRecordsInOrder(SegmentReader& reader, uint64_t first_seq, uint64_t max_records,
                          std::string_view what,
                          const std::function<void(const RecordView&, uint64_t)>& fn,
                          uint64_t* count) {
  RecordView view;
  uint64_t read = 0;
  SegmentReader::Step step = SegmentReader::Step::kEnd;
  while (read < max_records &&
         (step = reader.Next(&view)) == SegmentReader::Step::kRecord &&
         view.seq == first_seq + read) {
    fn(view, reader.offset());
    ++read;
  }
  if (count != nullptr) *count = read;
  if (read == max_records || step == SegmentReader::Step::kEnd) return Status::Ok();
  SEALOG_RETURN_IF_ERROR(reader.status());
  std::string message = reader.path();
  message.append(": ").append(what).append(": damaged record at offset ");
  message.append(std::to_string(reader.offset())).append("; run sealog verify");
  return Status::Corruption(message);
}

}  // namespace sealog
