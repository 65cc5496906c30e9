#include "engine/tier/record_columns.h"

#include <array>
#include <unordered_map>
#include <vector>

#include "engine/coding.h"
#include "engine/format.h"
#include "engine/limits.h"
#include "engine/record.h"
#include "engine/tier/text_packing.h"
#include "sealog/ingest.h"

namespace sealog::tier {

using namespace format;  // NOLINT

namespace {

enum Section : size_t {
  kSynced = 0,
  kIngest,
  kTime,
  kFlags,
  kFirstField,
  kShapes = kFirstField + kFieldCount,
  kColumns,
  kSectionCount,
};

enum Code : uint8_t {
  kLiteral = 0x00,
  kString = 0x01,
  kNumber = 0x02,
  kFieldRef = 0x03,
  kTimeRef = 0x04,
  kEnd = 0x05,
  kKey = 0x06,
};
constexpr uint8_t kCodeMax = kKey;
constexpr std::array<int, 4> kTimeDigits = {0, 3, 6, 9};

// Keys past this many share column 0 with values that follow no key.
constexpr size_t kColumnsMax = 1024;

// The end of a JSON string's content starting at `begin` (just past its
// opening quote): the index of its closing quote, or npos.
size_t StringEnd(std::string_view text, size_t begin) {
  for (size_t i = begin; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i;
    }
  }
  return std::string_view::npos;
}

bool IsNumberByte(char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The record's time as RFC 3339 with `digits` fractional digits and 'Z'.
std::string TimeText(const std::string& nine_digits, int digits) {
  // nine_digits is "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ".
  std::string text = nine_digits.substr(0, 19);
  if (digits > 0) text.append(nine_digits, 19, 1 + digits);
  text.push_back('Z');
  return text;
}

// Maps keys to columns the same way when encoding and decoding.
class ColumnMap {
 public:
  ColumnMap() : columns_(1) {}
  size_t Of(std::string_view key) {
    auto it = index_.find(key);
    if (it != index_.end()) return it->second;
    if (key.empty() || columns_.size() >= kColumnsMax) return 0;
    index_.emplace(key, columns_.size());
    columns_.emplace_back();
    return columns_.size() - 1;
  }
  std::vector<std::string>& columns() { return columns_; }

 private:
  std::unordered_map<std::string_view, size_t> index_;  // views into the input
  std::vector<std::string> columns_;
};

class ShapeWriter {
 public:
  ShapeWriter(std::string* shape, ColumnMap* columns) : shape_(*shape), map_(*columns) {}

  void Add(const RecordView& record) {
    const std::string_view raw = record.raw;
    size_t current = 0;  // column of the current key
    std::string time_text;  // 9 digits, made at the first string that may be a time
    size_t i = 0;
    while (i < raw.size()) {
      const char c = raw[i];
      if (c == '"') {
        const size_t end = StringEnd(raw, i + 1);
        if (end == std::string_view::npos) {
          Literals(raw.substr(i));
          break;
        }
        const std::string_view content = raw.substr(i + 1, end - i - 1);
        if (FollowedByColon(raw, end + 1)) {
          shape_.push_back(static_cast<char>(kKey));
          PutVarint64(&shape_, content.size());
          shape_.append(content);
          current = map_.Of(content);
        } else {
          String(record, content, current, &time_text);
        }
        i = end + 1;
      } else if (IsDigit(c) || (c == '-' && i + 1 < raw.size() && IsDigit(raw[i + 1]))) {
        size_t end = i + 1;
        while (end < raw.size() && IsNumberByte(raw[end])) ++end;
        shape_.push_back(static_cast<char>(kNumber));
        Value(current, raw.substr(i, end - i));
        i = end;
      } else {
        Literal(c);
        ++i;
      }
    }
    shape_.push_back(static_cast<char>(kEnd));
  }

 private:
  static bool FollowedByColon(std::string_view raw, size_t i) {
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r')) {
      ++i;
    }
    return i < raw.size() && raw[i] == ':';
  }

  void String(const RecordView& record, std::string_view content, size_t current,
              std::string* time_text) {
    if (!content.empty()) {
      for (size_t k = 0; k < kFieldCount; ++k) {
        if (content == record.fields[k]) {
          shape_.push_back(static_cast<char>(kFieldRef));
          shape_.push_back(static_cast<char>(k));
          return;
        }
      }
    }
    if (content.size() >= 20 && content.size() <= 30 && content[4] == '-' && content[10] == 'T') {
      if (time_text->empty()) *time_text = FormatRfc3339(record.time_ns);
      for (int digits : kTimeDigits) {
        if (content == TimeText(*time_text, digits)) {
          shape_.push_back(static_cast<char>(kTimeRef));
          shape_.push_back(static_cast<char>(digits));
          return;
        }
      }
    }
    shape_.push_back(static_cast<char>(kString));
    Value(current, content);
  }

  void Value(size_t column, std::string_view text) {
    std::string& out = map_.columns()[column];
    out.append(text);
    out.push_back('"');
  }

  void Literal(char c) {
    if (static_cast<uint8_t>(c) <= kCodeMax) shape_.push_back(static_cast<char>(kLiteral));
    shape_.push_back(c);
  }
  void Literals(std::string_view bytes) {
    for (char c : bytes) Literal(c);
  }

  std::string& shape_;
  ColumnMap& map_;
};

void PutSection(std::string* out, std::string_view section) {
  PutVarint64(out, section.size());
  out->append(section);
}

// Reads the values of one column in order.
struct ColumnCursor {
  std::string_view rest;
  bool Next(std::string_view* value) {
    const size_t end = StringEnd(rest, 0);
    if (end == std::string_view::npos) return false;
    *value = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    return true;
  }
};

class ColumnsReader {
 public:
  ColumnsReader(std::string_view where, std::string* frames) : where_(where), frames_(*frames) {}

  Status Decode(std::string_view columns, const RunPosition& position, uint32_t record_count,
                uint64_t frames_size) {
    uint64_t count = 0;
    if (!GetVarint64(&columns, &count) || count != record_count) {
      return Bad("record count is not the block's");
    }
    for (size_t s = 0; s < kSectionCount; ++s) {
      uint64_t length = 0;
      if (!GetVarint64(&columns, &length) || length > columns.size()) return Bad("section length");
      sections_[s] = columns.substr(0, length);
      columns.remove_prefix(length);
    }
    if (!columns.empty()) return Bad("bytes after the last section");
    // Unpacked text holds no more than the frames do, twice over (a number
    // gains a '"' in its column): more is a crafted block.
    text_budget_ = 2 * frames_size + 64;
    SEALOG_RETURN_IF_ERROR(ReadColumns());

    const size_t start = frames_.size();
    uint64_t synced = 0;
    int64_t ingest_ns = 0;
    int64_t time_ns = 0;
    for (uint32_t i = 0; i < record_count; ++i) {
      uint64_t synced_delta = 0, ingest_delta = 0, time_delta = 0;
      if (!GetVarint64(&sections_[kSynced], &synced_delta) ||
          !GetVarint64(&sections_[kIngest], &ingest_delta) ||
          !GetVarint64(&sections_[kTime], &time_delta) || sections_[kFlags].empty()) {
        return Bad("a record's numbers end early");
      }
      synced += static_cast<uint64_t>(UnZigZag(synced_delta));
      ingest_ns = static_cast<int64_t>(static_cast<uint64_t>(ingest_ns) +
                                       static_cast<uint64_t>(UnZigZag(ingest_delta)));
      time_ns = static_cast<int64_t>(static_cast<uint64_t>(time_ns) +
                                     static_cast<uint64_t>(UnZigZag(time_delta)));
      const uint8_t flags = static_cast<uint8_t>(sections_[kFlags][0]);
      sections_[kFlags].remove_prefix(1);
      if ((flags & ~kRecordFlagsKnown) != 0) return Bad("unknown record flags");

      Event event;
      event.time_missing = (flags & kRecordFlagTimeMissing) != 0;
      event.time_ns = time_ns;
      for (size_t k = 0; k < kFieldCount; ++k) {
        if (!UnpackValue(&sections_[kFirstField + k], kFieldBytesMax, &field_text_[k])) {
          return Bad("a field ends early");
        }
        event.fields[k] = field_text_[k];
      }
      SEALOG_RETURN_IF_ERROR(Shape(event));
      event.raw = raw_;
      if (!CheckEventLimits(event).ok()) return Bad("a record is beyond the limits");
      if (event.time_missing && time_ns != ingest_ns) return Bad("time of a record without one");
      if (frames_.size() - start + EncodedFrameSize(event) > frames_size) {
        return Bad("records beyond the block's size");
      }
      EncodeRecord(event, position.first_seq + i, synced, ingest_ns, position.seed, &frames_,
                   (flags & kRecordFlagSystem) != 0);
      if (frames_.size() - start > frames_size) return Bad("records beyond the block's size");
    }
    if (frames_.size() - start != frames_size) return Bad("records short of the block's size");
    for (size_t s = 0; s < kColumns; ++s) {
      if (!sections_[s].empty()) return Bad("bytes left in a section");
    }
    for (const ColumnCursor& column : cursors_) {
      if (!column.rest.empty()) return Bad("values left in a column");
    }
    return Status::Ok();
  }

 private:
  Status ReadColumns() {
    std::string_view section = sections_[kColumns];
    uint64_t count = 0;
    if (!GetVarint64(&section, &count) || count == 0 || count > kColumnsMax) {
      return Bad("column count");
    }
    for (uint64_t c = 0; c < count; ++c) {
      uint64_t length = 0;
      if (!GetVarint64(&section, &length) || length > section.size()) {
        return Bad("column length");
      }
      column_text_.emplace_back();
      if (!Unpack(section.substr(0, length), &column_text_.back())) {
        return Bad("a column's packing");
      }
      section.remove_prefix(length);
    }
    if (!section.empty()) return Bad("bytes after the last column");
    for (const std::string& text : column_text_) cursors_.push_back(ColumnCursor{text});
    return Status::Ok();
  }

  bool Unpack(std::string_view packed, std::string* text) {
    text->clear();
    if (!UnpackText(packed, text_budget_, text)) return false;
    text_budget_ -= text->size();
    return true;
  }

  // Rebuilds one record's raw bytes into raw_ from its shape.
  Status Shape(const Event& event) {
    raw_.clear();
    std::string_view& shape = sections_[kShapes];
    size_t current = 0;
    std::string time_text;
    while (true) {
      if (shape.empty()) return Bad("a shape ends early");
      const uint8_t code = static_cast<uint8_t>(shape[0]);
      shape.remove_prefix(1);
      if (code > kCodeMax) {
        raw_.push_back(static_cast<char>(code));
        continue;
      }
      switch (code) {
        case kEnd:
          return Status::Ok();
        case kLiteral:
          if (shape.empty()) return Bad("a shape ends early");
          raw_.push_back(shape[0]);
          shape.remove_prefix(1);
          break;
        case kString:
        case kNumber: {
          std::string_view value;
          if (!cursors_[current].Next(&value)) return Bad("a column ends early");
          if (code == kString) raw_.push_back('"');
          raw_.append(value);
          if (code == kString) raw_.push_back('"');
          break;
        }
        case kFieldRef: {
          if (shape.empty() || static_cast<uint8_t>(shape[0]) >= kFieldCount) {
            return Bad("a field reference");
          }
          raw_.push_back('"');
          raw_.append(event.fields[static_cast<uint8_t>(shape[0])]);
          raw_.push_back('"');
          shape.remove_prefix(1);
          break;
        }
        case kTimeRef: {
          if (shape.empty()) return Bad("a time reference");
          const int digits = static_cast<uint8_t>(shape[0]);
          if (digits != 0 && digits != 3 && digits != 6 && digits != 9) {
            return Bad("a time reference");
          }
          shape.remove_prefix(1);
          if (time_text.empty()) time_text = FormatRfc3339(event.time_ns);
          raw_.push_back('"');
          raw_.append(TimeText(time_text, digits));
          raw_.push_back('"');
          break;
        }
        case kKey: {
          uint64_t length = 0;
          if (!GetVarint64(&shape, &length) || length > shape.size()) return Bad("a key");
          const std::string_view key = shape.substr(0, length);
          shape.remove_prefix(length);
          raw_.push_back('"');
          raw_.append(key);
          raw_.push_back('"');
          current = map_.Of(key);
          if (current >= cursors_.size()) return Bad("a key beyond the columns");
          break;
        }
      }
      if (raw_.size() > kRecordBodyBytesMax) return Bad("a record's raw bytes are too long");
    }
  }

  Status Bad(std::string_view what) const {
    return Status::Corruption(std::string(where_) + ": record columns: " + std::string(what));
  }

  const std::string_view where_;
  std::string& frames_;
  std::array<std::string_view, kSectionCount> sections_;
  std::vector<ColumnCursor> cursors_;
  std::array<std::string, kFieldCount> field_text_;
  std::vector<std::string> column_text_;
  size_t text_budget_ = 0;
  ColumnMap map_;
  std::string raw_;
};

}  // namespace

Status EncodeRecordColumns(std::string_view frames, const RunPosition& position,
                           uint32_t* record_count, std::string* columns) {
  std::array<std::string, kSectionCount> sections;
  ColumnMap map;
  ShapeWriter shapes(&sections[kShapes], &map);
  uint64_t synced = 0;
  int64_t ingest_ns = 0;
  int64_t time_ns = 0;
  uint32_t count = 0;
  size_t at = 0;
  while (at < frames.size()) {
    RecordView record;
    size_t frame_size = 0;
    if (DecodeFrame(frames.substr(at), position.seed, &record, &frame_size) != FrameState::kOk ||
        record.seq != position.first_seq + count) {
      return Status::InvalidArgument("record columns: not a run of valid frames at byte " +
                                     std::to_string(position.offset + at));
    }
    PutVarint64(&sections[kSynced], ZigZag(static_cast<int64_t>(record.synced - synced)));
    synced = record.synced;
    PutVarint64(&sections[kIngest], ZigZag(static_cast<int64_t>(
                                        static_cast<uint64_t>(record.ingest_ns) -
                                        static_cast<uint64_t>(ingest_ns))));
    PutVarint64(&sections[kTime], ZigZag(static_cast<int64_t>(static_cast<uint64_t>(record.time_ns) -
                                                              static_cast<uint64_t>(time_ns))));
    ingest_ns = record.ingest_ns;
    time_ns = record.time_ns;
    sections[kFlags].push_back(static_cast<char>(record.flags));
    for (size_t k = 0; k < kFieldCount; ++k) PackValue(record.fields[k], &sections[kFirstField + k]);
    shapes.Add(record);
    at += frame_size;
    ++count;
  }
  std::string& columns_section = sections[kColumns];
  PutVarint64(&columns_section, map.columns().size());
  std::string packed;
  for (const std::string& column : map.columns()) {
    packed.clear();
    PackText(column, &packed);
    PutSection(&columns_section, packed);
  }

  columns->clear();
  PutVarint64(columns, count);
  for (const std::string& section : sections) PutSection(columns, section);

  std::string again;
  if (!DecodeRecordColumns(*columns, position, count, frames.size(), "self check", &again).ok() ||
      again != frames) {
    return Status::InvalidArgument("record columns: the frames at byte " +
                                   std::to_string(position.offset) +
                                   " do not come back byte for byte");
  }
  *record_count = count;
  return Status::Ok();
}

Status DecodeRecordColumns(std::string_view columns, const RunPosition& position,
                           uint32_t record_count, uint64_t frames_size, std::string_view where,
                           std::string* frames) {
  if (frames_size > kArchiveBlockBytesMax) {
    return Status::Corruption(std::string(where) + ": record columns: block size out of range");
  }
  ColumnsReader reader(where, frames);
  frames->reserve(frames->size() + frames_size);
  return reader.Decode(columns, position, record_count, frames_size);
}

}  // namespace sealog::tier
