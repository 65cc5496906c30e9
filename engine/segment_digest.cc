#include "engine/segment_digest.h"

#include <algorithm>

#include "crypto/seal.h"
#include "engine/coding.h"
#include "engine/format.h"

namespace sealog {

void SegmentDigest::Add(const RecordView& record) {
  tree_.Add(crypto::RecordLeafHash(record.seq, record.body));
  min_time_ns_ = std::min(min_time_ns_, record.time_ns);
  max_time_ns_ = std::max(max_time_ns_, record.time_ns);
}

void SegmentDigest::AddFrames(std::string_view frames) {
  while (frames.size() >= format::kRecordHeaderSize) {
    const uint32_t body_size = DecodeFixed32(frames.data() + format::kRecordLengthOffset);
    const uint64_t seq = DecodeFixed64(frames.data() + format::kRecordSeqOffset);
    const std::string_view body = frames.substr(format::kRecordHeaderSize, body_size);
    const int64_t time_ns = static_cast<int64_t>(DecodeFixed64(body.data() + 8));
    tree_.Add(crypto::RecordLeafHash(seq, body));
    min_time_ns_ = std::min(min_time_ns_, time_ns);
    max_time_ns_ = std::max(max_time_ns_, time_ns);
    frames.remove_prefix(format::kRecordHeaderSize + body_size);
  }
}

}  // namespace sealog
