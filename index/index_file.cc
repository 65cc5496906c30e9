#include "index/index_file.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "engine/coding.h"

namespace sealog::index {
namespace {

// A ReadableFile over bytes in memory.
// Reads exactly n bytes at offset into *out; a short read is corruption.
Status ReadExactly(const io::ReadableFile& file, uint64_t offset, size_t n, std::string_view where,
                   std::string* out) {
  out->resize(n);
  std::string_view result;
  SEALOG_RETURN_IF_ERROR(file.Read(offset, n, out->data(), &result));
  if (result.size() != n)
    return IndexCorruption(where, "file is cut short", offset + result.size());
  if (result.data() != out->data()) std::memmove(out->data(), result.data(), n);
  return Status::Ok();
}

Status CheckIdentity(const IndexIdentity& found, const IndexIdentity& expected,
                     std::string_view where) {
  if (found.log_id != expected.log_id) {
    return IndexCorruption(where, "index belongs to another log", kLogIdOffset);
  }
  if (found.segment_number != expected.segment_number) {
    std::string what("index belongs to segment ");
    what.append(std::to_string(found.segment_number)).append(", not ");
    what.append(std::to_string(expected.segment_number));
    return IndexCorruption(where, what, kSegmentNumberOffset);
  }
  if (found.first_seq != expected.first_seq) {
    return IndexCorruption(where, "index starts at another seq", kFirstSeqOffset);
  }
  return Status::Ok();
}

}  // namespace

IndexFile::IndexFile(std::shared_ptr<const io::ReadableFile> file, io::Env* env,
                     std::string where, std::shared_ptr<const IndexHead> head,
                     const crypto::Hash& digest)
    : file_(std::move(file)),
      env_(env),
      where_(std::move(where)),
      head_(std::move(head)),
      digest_(digest) {}

IndexFile::~IndexFile() {
  if (charge_ != nullptr) *charge_ -= loaded_bytes_;
}

Status IndexFile::Open(std::unique_ptr<io::ReadableFile> file, std::string where,
                       const IndexIdentity& identity, const crypto::Hash* sealed_digest,
                       std::unique_ptr<IndexFile>* out, io::Env* reopen) {
  Result<uint64_t> size = file->Size();
  if (!size.ok()) return size.status();
  const uint64_t file_size = *size;
  if (file_size < kFixedHeaderSize) {
    return IndexCorruption(where, "file is shorter than the index header", file_size);
  }
  std::string bytes;
  SEALOG_RETURN_IF_ERROR(ReadExactly(*file, 0, kFixedHeaderSize, where, &bytes));
  uint32_t head_size = 0;
  SEALOG_RETURN_IF_ERROR(DecodeHeadSize(bytes, file_size, where, &head_size));
  SEALOG_RETURN_IF_ERROR(ReadExactly(*file, 0, head_size, where, &bytes));
  auto head = std::make_shared<IndexHead>();
  SEALOG_RETURN_IF_ERROR(DecodeHead(bytes, file_size, where, head.get()));
  SEALOG_RETURN_IF_ERROR(CheckIdentity(head->identity, identity, where));
  const crypto::Hash digest = crypto::Blake2b(bytes);
  if (sealed_digest != nullptr && digest != *sealed_digest) {
    return IndexCorruption(where, "head does not hash to the sealed index digest", 0);
  }
  if (reopen != nullptr) file.reset();
  out->reset(new IndexFile(std::move(file), reopen, std::move(where), std::move(head), digest));
  return Status::Ok();
}

Status IndexFile::OpenBytes(std::string bytes, std::string where, const IndexIdentity& identity,
                            const crypto::Hash* sealed_digest, std::unique_ptr<IndexFile>* out) {
  return Open(io::NewStringFile(std::move(bytes)), std::move(where), identity,
              sealed_digest, out);
}

void IndexFile::ChargeTo(std::shared_ptr<Charge> charge) {
  std::lock_guard<std::mutex> lock(mu_);
  if (charge_ != nullptr) *charge_ -= loaded_bytes_;
  charge_ = std::move(charge);
  if (charge_ != nullptr) *charge_ += loaded_bytes_;
}

std::unique_ptr<IndexFile> IndexFile::WithoutSections() const {
  std::unique_ptr<IndexFile> sibling(new IndexFile(file_, env_, where_, head_, digest_));
  std::lock_guard<std::mutex> lock(mu_);
  sibling->charge_ = charge_;
  return sibling;
}

// REQUIRES: mu_ held.
void IndexFile::Charged(size_t bytes) {
  // The bytes, the object holding them and its copy of where_.
  const uint64_t cost = bytes + 128 + where_.size();
  loaded_bytes_ += cost;
  if (charge_ != nullptr) *charge_ += cost;
}

crypto::Hash IndexFile::DigestOf(std::string_view encoded) {
  if (encoded.size() < kFixedHeaderSize) return crypto::Blake2b(encoded);
  const uint32_t head_size = DecodeFixed32(encoded.data() + kHeadSizeOffset);
  return crypto::Blake2b(encoded.substr(0, head_size));
}

SectionContext IndexFile::ContextOf(size_t section) const {
  SectionContext context;
  context.where = where_;
  context.section = section;
  context.file_offset = head_->sections[section].offset;
  context.record_count = head_->summary.record_count();
  return context;
}

Status IndexFile::ReadSection(size_t section, std::string* bytes) const {
  const SectionEntry& entry = head_->sections[section];
  // Open checked that the section lies within the file, so its length is
  // bounded by the file's size then; a file cut since is read short.
  if (file_ != nullptr) {
    SEALOG_RETURN_IF_ERROR(ReadExactly(*file_, entry.offset, entry.length, where_, bytes));
  } else {
    std::unique_ptr<io::ReadableFile> file;
    SEALOG_RETURN_IF_ERROR(env_->NewReadableFile(where_, &file));
    SEALOG_RETURN_IF_ERROR(ReadExactly(*file, entry.offset, entry.length, where_, bytes));
  }
  if (crypto::Blake2b(*bytes) != entry.hash) {
    return ContextOf(section).Corruption("bytes do not match their hash in the head", 0);
  }
  return Status::Ok();
}

Status IndexFile::LoadTime(const TimeSection** out) {
  std::lock_guard<std::mutex> lock(mu_);
  if (time_ == nullptr) {
    std::string bytes;
    SEALOG_RETURN_IF_ERROR(ReadSection(kTimeSection, &bytes));
    const size_t size = bytes.size();
    SEALOG_RETURN_IF_ERROR(TimeSection::Decode(std::move(bytes), ContextOf(kTimeSection),
                                               head_->summary.min_time_ns(),
                                               head_->summary.max_time_ns(), &time_));
    Charged(size);
  }
  *out = time_.get();
  return Status::Ok();
}

Status IndexFile::LoadField(Field field, const FieldSection** out) {
  std::lock_guard<std::mutex> lock(mu_);
  std::unique_ptr<FieldSection>& slot = fields_[static_cast<size_t>(field)];
  if (slot == nullptr) {
    std::string bytes;
    SEALOG_RETURN_IF_ERROR(ReadSection(FieldSectionIndex(field), &bytes));
    SEALOG_RETURN_IF_ERROR(FieldSection::Decode(std::move(bytes),
                                                ContextOf(FieldSectionIndex(field)),
                                                head_->summary.field(field), &slot));
    Charged(slot->memory_bytes());
  }
  *out = slot.get();
  return Status::Ok();
}

Status IndexFile::LoadOffsets(const std::string** out) {
  std::lock_guard<std::mutex> lock(mu_);
  if (offsets_ == nullptr) {
    // Open checked the length (4 bytes a record); there is nothing else to check.
    auto bytes = std::make_unique<std::string>();
    SEALOG_RETURN_IF_ERROR(ReadSection(kOffsetsSection, bytes.get()));
    Charged(bytes->size());
    offsets_ = std::move(bytes);
  }
  *out = offsets_.get();
  return Status::Ok();
}

}  // namespace sealog::index
