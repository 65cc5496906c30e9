#include "engine/seal_log.h"

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"

namespace sealog {

namespace {

constexpr std::string_view kMagic = "SEALOGSL";
// Seal-chain entries are a few hundred bytes (kEntryBytesMax); a larger length is damage.
constexpr size_t kHeaderSize = SealLog::kHeaderSize;
constexpr size_t kFrameHeaderSize = SealLog::kFrameHeaderSize;
constexpr uint32_t kEntryBytesMax = SealLog::kEntryBytesMax;

std::string Header(const std::string& log_id) {
  std::string header(kMagic);
  PutFixed32(&header, format::kVersion);
  PutFixed32(&header, kHeaderSize);
  header.append(log_id);
  return header;
}

uint32_t LengthCheck(uint32_t length) {
  char bytes[4];
  EncodeFixed32(bytes, length);
  return static_cast<uint32_t>(Checksum(std::string_view(bytes, 4)));
}

}  // namespace

std::string SealLog::Frame(std::string_view payload, uint64_t index) {
  std::string frame;
  PutFixed32(&frame, static_cast<uint32_t>(payload.size()));
  PutFixed32(&frame, LengthCheck(static_cast<uint32_t>(payload.size())));
  PutFixed64(&frame, Checksum(payload, index));
  frame.append(payload);
  return frame;
}

Status SealLog::Create(io::Env& env, const std::string& dir, const std::string& log_id,
                       std::string_view genesis) {
  std::unique_ptr<io::WritableFile> file;
  io::WritableFileOptions options;
  options.truncate = true;
  SEALOG_RETURN_IF_ERROR(env.NewWritableFile(dir + "/SEALS", options, &file));
  SEALOG_RETURN_IF_ERROR(file->WriteAndSync(0, Header(log_id) + Frame(genesis, 0), true));
  return env.SyncDir(dir);
}

Status SealLog::Open(io::Env& env, const std::string& dir, const std::string& log_id,
                     bool read_only, std::unique_ptr<SealLog>* out, uint64_t* torn_bytes) {
  const std::string path = dir + "/SEALS";
  std::string bytes;
  Status status = io::ReadFileToString(env, path, &bytes);
  if (status.IsNotFound()) return Status::NotFound(path + ": the seal chain is missing");
  SEALOG_RETURN_IF_ERROR(status);
  if (bytes.size() < kHeaderSize || bytes.compare(0, kMagic.size(), kMagic) != 0) {
    return Status::Corruption(path + ": not a sealog seal chain (bad header)");
  }
  const uint32_t version = DecodeFixed32(bytes.data() + 8);
  if (version != format::kVersion) {
    return Status::Corruption(path + ": format version " + std::to_string(version) +
                              " is not supported");
  }
  if (!log_id.empty() && bytes.compare(16, 16, log_id) != 0) {
    return Status::Corruption(path + ": belongs to another log");
  }
  std::unique_ptr<SealLog> log(new SealLog());
  log->header_log_id_ = bytes.substr(16, 16);
  size_t pos = kHeaderSize;
  while (pos < bytes.size()) {
    const uint64_t index = log->entries_.size();
    const size_t remaining = bytes.size() - pos;
    const uint32_t length = remaining >= 4 ? DecodeFixed32(bytes.data() + pos) : 0;
    const bool length_sound = remaining >= kFrameHeaderSize && length <= kEntryBytesMax &&
                              DecodeFixed32(bytes.data() + pos + 4) == LengthCheck(length);
    const bool whole = length_sound && remaining - kFrameHeaderSize >= length;
    if (whole) {
      const std::string_view payload = std::string_view(bytes).substr(pos + kFrameHeaderSize, length);
      if (Checksum(payload, index) == DecodeFixed64(bytes.data() + pos + 8)) {
        log->entries_.emplace_back(payload);
        pos += kFrameHeaderSize + length;
        continue;
      }
    }
    // Only the last entry may be torn: it was being appended when the crash
    // came, and every earlier one was synced before the next was written. So
    // a bad entry that other bytes follow was damaged after it was synced.
    const bool bytes_follow = length_sound ? remaining > kFrameHeaderSize + length
                                           : remaining > kFrameHeaderSize + kEntryBytesMax;
    if (bytes_follow) {
      return Status::Corruption(path + ": entry " + std::to_string(index) +
                                " checksum mismatch at offset " + std::to_string(pos));
    }
    break;
  }
  if (log->entries_.empty()) {
    return Status::Corruption(path + ": the genesis entry is damaged");
  }
  *torn_bytes = bytes.size() - pos;
  log->end_ = pos;
  if (!read_only) {
    SEALOG_RETURN_IF_ERROR(env.NewWritableFile(path, {}, &log->file_));
    if (*torn_bytes > 0) {
      SEALOG_RETURN_IF_ERROR(log->file_->Truncate(pos));
      SEALOG_RETURN_IF_ERROR(log->file_->Sync());
    }
  }
  *out = std::move(log);
  return Status::Ok();
}

Status SealLog::Append(std::string_view payload) {
  const std::string frame = Frame(payload, entries_.size());
  SEALOG_RETURN_IF_ERROR(file_->WriteAndSync(end_, frame, true));
  end_ += frame.size();
  entries_.emplace_back(payload);
  return Status::Ok();
}

}  // namespace sealog
