#include "engine/active_index.h"

#include "engine/coding.h"
#include "engine/format.h"

namespace sealog {

void ActiveIndex::Add(const RecordView& record, uint64_t offset) {
  const size_t frame_size = format::kRecordHeaderSize + record.body.size();
  std::lock_guard<std::mutex> lock(mu_);
  builder_.Add(record.time_ns, record.fields, offset);
  end_ = offset + frame_size;
}

void ActiveIndex::AddFrames(std::string_view frames, uint64_t offset) {
  // The frames were checked when they were encoded; decode without the checksum.
  std::lock_guard<std::mutex> lock(mu_);
  while (frames.size() >= format::kRecordHeaderSize) {
    const uint32_t body_size = DecodeFixed32(frames.data() + format::kRecordLengthOffset);
    const size_t frame_size = format::kRecordHeaderSize + body_size;
    RecordView view;
    DecodeTrustedFrame(frames.substr(0, frame_size), &view);
    builder_.Add(view.time_ns, view.fields, offset);
    offset += frame_size;
    frames.remove_prefix(frame_size);
  }
  end_ = offset;
}

std::string ActiveIndex::Encode(const std::string& log_id) {
  std::lock_guard<std::mutex> lock(mu_);
  index::IndexIdentity identity;
  identity.log_id = log_id;
  identity.segment_number = segment_number_;
  identity.first_seq = first_seq_;
  return builder_.Encode(identity);
}

}  // namespace sealog
