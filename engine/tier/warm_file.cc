#include "engine/tier/warm_file.h"

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/limits.h"
#include "engine/segment.h"
#include "engine/tier/frames.h"

namespace sealog::tier {

using namespace format;  // NOLINT

std::string WarmFileName(uint64_t number) { return NumberedFileName(number, kWarmSuffix); }

std::optional<uint64_t> ParseWarmFileName(std::string_view name) {
  return ParseNumberedFileName(name, kWarmSuffix);
}

namespace {

std::string EncodeWarmHeader(const WarmHeader& header) {
  std::string bytes(kWarmHeaderSize, '\0');
  char* p = bytes.data();
  kWarmMagic.copy(p, kWarmMagic.size());
  EncodeFixed32(p + kWarmVersionOffset, kVersion);
  EncodeFixed32(p + kWarmHeaderSizeOffset, kWarmHeaderSize);
  header.log_id.copy(p + kWarmLogIdOffset, kLogIdSize);
  EncodeFixed64(p + kWarmNumberOffset, header.number);
  EncodeFixed64(p + kWarmSizeOffset, header.size);
  EncodeFixed32(p + kWarmFrameBytesOffset, header.frame_bytes);
  EncodeFixed32(p + kWarmFrameCountOffset, header.frame_count);
  EncodeFixed32(p + kWarmDictionaryBytesOffset, header.dictionary_bytes);
  EncodeFixed32(p + kWarmDictionaryChecksumOffset, header.dictionary_checksum);
  EncodeFixed64(p + kWarmChecksumOffset, Checksum(std::string_view(p, kWarmChecksumOffset)));
  return bytes;
}

Status DecodeWarmHeader(std::string_view bytes, const std::string& path, WarmHeader* header) {
  if (bytes.size() < kWarmHeaderSize) return Status::Corruption(path + ": warm header is truncated");
  if (bytes.substr(0, kWarmMagic.size()) != kWarmMagic) {
    return Status::Corruption(path + ": not a sealog warm segment (bad magic at offset 0)");
  }
  const uint32_t version = DecodeFixed32(bytes.data() + kWarmVersionOffset);
  if (version != kVersion) {
    return Status::Corruption(path + ": warm format version " + std::to_string(version) +
                              " is not supported (this build reads version " +
                              std::to_string(kVersion) + ")");
  }
  if (DecodeFixed32(bytes.data() + kWarmHeaderSizeOffset) != kWarmHeaderSize) {
    return Status::Corruption(path + ": bad warm header size at offset 12");
  }
  if (Checksum(bytes.substr(0, kWarmChecksumOffset)) !=
      DecodeFixed64(bytes.data() + kWarmChecksumOffset)) {
    return Status::Corruption(path + ": warm header checksum mismatch at offset " +
                              std::to_string(kWarmChecksumOffset));
  }
  header->log_id = std::string(bytes.substr(kWarmLogIdOffset, kLogIdSize));
  header->number = DecodeFixed64(bytes.data() + kWarmNumberOffset);
  header->size = DecodeFixed64(bytes.data() + kWarmSizeOffset);
  header->frame_bytes = DecodeFixed32(bytes.data() + kWarmFrameBytesOffset);
  header->frame_count = DecodeFixed32(bytes.data() + kWarmFrameCountOffset);
  header->dictionary_bytes = DecodeFixed32(bytes.data() + kWarmDictionaryBytesOffset);
  header->dictionary_checksum = DecodeFixed32(bytes.data() + kWarmDictionaryChecksumOffset);
  if (header->dictionary_bytes > kFrameDictionaryBytesMax) {
    return Status::Corruption(path + ": dictionary of " + std::to_string(header->dictionary_bytes) +
                              " bytes is over the limit of " +
                              std::to_string(kFrameDictionaryBytesMax));
  }
  return Status::Ok();
}

uint32_t DictionaryChecksum(std::string_view dictionary) {
  return static_cast<uint32_t>(Checksum(dictionary));
}

}  // namespace

Status WriteWarmFile(io::Env& env, const std::string& dir, uint64_t number, int level,
                     uint64_t* stored_bytes) {
  std::unique_ptr<io::ReadableFile> source;
  SEALOG_RETURN_IF_ERROR(env.NewReadableFile(dir + "/" + SegmentFileName(number), &source));
  Result<uint64_t> size = source->Size();
  if (!size.ok()) return size.status();
  char scratch[kSegmentHeaderSize];
  std::string_view bytes;
  SEALOG_RETURN_IF_ERROR(source->Read(0, sizeof(scratch), scratch, &bytes));
  SegmentHeader segment;
  SEALOG_RETURN_IF_ERROR(DecodeSegmentHeader(bytes, dir + "/" + SegmentFileName(number), &segment));

  WarmHeader header;
  header.log_id = segment.log_id;
  header.number = number;
  header.size = *size;
  header.frame_bytes = kWarmFrameBytes;
  header.frame_count = static_cast<uint32_t>(FrameTable::FramesFor(*size, kWarmFrameBytes));
  Result<std::string> dictionary =
      TrainDictionary(*source, *size, kWarmFrameBytes, level, kWarmDictionaryBytes);
  if (!dictionary.ok()) return dictionary.status();
  header.dictionary_bytes = static_cast<uint32_t>(dictionary->size());
  header.dictionary_checksum = DictionaryChecksum(*dictionary);

  const std::string name = WarmFileName(number);
  const std::string temp = dir + "/" + name + ".tmp";
  std::unique_ptr<io::WritableFile> out;
  io::WritableFileOptions options;
  options.truncate = true;
  SEALOG_RETURN_IF_ERROR(env.NewWritableFile(temp, options, &out));
  SEALOG_RETURN_IF_ERROR(out->Write(0, EncodeWarmHeader(header) + *dictionary));
  uint64_t offset = kWarmHeaderSize + dictionary->size();
  FrameTable table;
  SEALOG_RETURN_IF_ERROR(CompressFrames(*source, *size, kWarmFrameBytes, level, *dictionary, *out,
                                        &offset, &table));
  std::string tail = table.Encode();
  const uint64_t table_checksum = Checksum(tail);
  PutFixed64(&tail, table_checksum);
  tail.append(kWarmTrailerMagic);
  SEALOG_RETURN_IF_ERROR(out->Write(offset, tail));
  SEALOG_RETURN_IF_ERROR(out->Sync());
  out.reset();
  SEALOG_RETURN_IF_ERROR(env.RenameFile(temp, dir + "/" + name));
  SEALOG_RETURN_IF_ERROR(env.SyncDir(dir));
  *stored_bytes = offset + tail.size();
  return Status::Ok();
}

Status OpenWarmFile(std::shared_ptr<io::ReadableFile> file, uint64_t file_size,
                    const std::string& path, std::shared_ptr<io::ReadableFile>* segment,
                    WarmHeader* header, std::shared_ptr<FrameCache> frames) {
  char scratch[kWarmHeaderSize];
  std::string_view bytes;
  SEALOG_RETURN_IF_ERROR(file->Read(0, sizeof(scratch), scratch, &bytes));
  SEALOG_RETURN_IF_ERROR(DecodeWarmHeader(bytes, path, header));
  const uint64_t table_bytes = uint64_t{header->frame_count} * kFrameTableEntrySize;
  const uint64_t frames_offset = kWarmHeaderSize + header->dictionary_bytes;
  if (file_size < frames_offset + table_bytes + kWarmTrailerSize) {
    return Status::Corruption(path + ": truncated (" + std::to_string(file_size) +
                              " bytes cannot hold " + std::to_string(header->frame_count) +
                              " frames)");
  }
  const uint64_t table_offset = file_size - kWarmTrailerSize - table_bytes;
  std::string tail(table_bytes + kWarmTrailerSize, '\0');
  SEALOG_RETURN_IF_ERROR(file->Read(table_offset, tail.size(), tail.data(), &bytes));
  if (bytes.size() != tail.size()) return Status::Corruption(path + ": truncated frame table");
  const std::string_view trailer = bytes.substr(table_bytes);
  if (trailer.substr(8) != kWarmTrailerMagic) {
    return Status::Corruption(path + ": bad trailer magic at offset " +
                              std::to_string(file_size - kWarmTrailerMagic.size()) +
                              " (truncated?)");
  }
  const std::string_view table_bytes_view = bytes.substr(0, table_bytes);
  if (Checksum(table_bytes_view) != DecodeFixed64(trailer.data())) {
    return Status::Corruption(path + ": frame table checksum mismatch at offset " +
                              std::to_string(table_offset));
  }
  FrameTable table;
  SEALOG_RETURN_IF_ERROR(FrameTable::Decode(table_bytes_view, header->size, header->frame_bytes,
                                            header->frame_count, table_offset - frames_offset,
                                            path, &table));
  if (header->dictionary_bytes > 0) {
    table.dictionary.resize(header->dictionary_bytes);
    SEALOG_RETURN_IF_ERROR(
        file->Read(kWarmHeaderSize, table.dictionary.size(), table.dictionary.data(), &bytes));
    if (bytes.size() != table.dictionary.size() ||
        DictionaryChecksum(bytes) != header->dictionary_checksum) {
      return Status::Corruption(path + ": dictionary checksum mismatch at offset " +
                                std::to_string(kWarmHeaderSize));
    }
    table.dictionary.assign(bytes);
  }
  *segment = std::make_shared<FramedFile>(std::move(file), frames_offset, std::move(table), path,
                                          std::move(frames));
  return Status::Ok();
}

}  // namespace sealog::tier
