// IndexFile: a segment's index file (written by IndexBuilder::Encode), read
// lazily. Open reads and checks the head only; each section is read on its
// first use, checked against the BLAKE2b-256 hash the head holds for it,
// decoded, checked again for sense, and kept. The head itself hashes to the
// digest the seal signs, so once Open was given the sealed digest, every
// byte a lookup uses is covered by the seal.
//
// Opened by path, an IndexFile holds no descriptor: each section's first
// read opens the file again (a store with thousands of segments cannot keep
// one open for each). A file replaced meanwhile is caught by the section
// hashes, which the verified head holds.
//
// Every byte is treated as hostile: a file that fails any check yields
// kCorruption naming `where`, the section and the byte offset, never a crash
// or a read out of bounds, and never an allocation beyond the file's size.
//
// Thread safety: every method may be called from any thread; sections load
// under a mutex, lookups run on loaded, immutable sections.
#ifndef SEALOG_INDEX_INDEX_FILE_H_
#define SEALOG_INDEX_INDEX_FILE_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "crypto/hash.h"
#include "engine/io/env.h"
#include "index/field_section.h"
#include "index/index_format.h"
#include "index/index_head.h"
#include "index/index_summary.h"
#include "index/index_view.h"
#include "index/time_section.h"
#include "sealog/event.h"
#include "sealog/status.h"

namespace sealog::index {

class IndexFile final : public IndexView {
 public:
  // Reads and checks the head of `file`: magic, version, sizes, its xxh3
  // checksum, identity, the layout of the sections (back to back after the
  // head, ending the file), the summary, and, when `sealed_digest` is not
  // null, that the head hashes (BLAKE2b-256) to it. Errors are kCorruption
  // naming `where` and what is wrong (kIOError when the file cannot be read).
  // With `reopen`, `file` is closed once the head is read, and each section
  // read opens the file at path `where` again through *reopen, which must
  // outlive the IndexFile and its siblings.
  // REQUIRES: identity.log_id is 16 bytes.
  static Status Open(std::unique_ptr<io::ReadableFile> file, std::string where,
                     const IndexIdentity& identity, const crypto::Hash* sealed_digest,
                     std::unique_ptr<IndexFile>* out, io::Env* reopen = nullptr);
  // The same over bytes in memory (tests, and verify, which rebuilds an index
  // and compares).
  static Status OpenBytes(std::string bytes, std::string where, const IndexIdentity& identity,
                          const crypto::Hash* sealed_digest, std::unique_ptr<IndexFile>* out);

  // Bytes of decoded sections kept, shared by the IndexFiles charged to it.
  using Charge = std::atomic<uint64_t>;
  // From now on, the bytes of the sections this file loads are added to
  // *charge, and taken back when the file is destroyed. Call before the
  // file is shared with other threads.
  void ChargeTo(std::shared_ptr<Charge> charge);
  // A sibling: the same file, head and charge, with no section loaded. What
  // a cache keeps of a file whose sections it lets go, so that coming back
  // to it costs no read and no hash of the head.
  std::unique_ptr<IndexFile> WithoutSections() const;

  // The digest a seal signs for these bytes: BLAKE2b-256 of the head.
  // REQUIRES: encoded is the output of IndexBuilder::Encode (for other bytes
  // the result is defined but meaningless).
  static crypto::Hash DigestOf(std::string_view encoded);

  ~IndexFile() override;
  IndexFile(const IndexFile&) = delete;
  IndexFile& operator=(const IndexFile&) = delete;

  const IndexSummary& summary() const { return head_->summary; }
  // The same, to keep: it holds the head (shared with siblings), not the file.
  std::shared_ptr<const IndexSummary> shared_summary() const {
    return std::shared_ptr<const IndexSummary>(head_, &head_->summary);
  }
  // BLAKE2b-256 of the head as read (DigestOf the file's bytes).
  const crypto::Hash& digest() const { return digest_; }
  const std::string& where() const { return where_; }

  // Loads every section and decodes all of it: every time block (each
  // ordinal exactly once, in (time, ordinal) order across blocks) and every
  // posting list (no record under two values of a field). After Check
  // returns ok, no lookup can find damage. kCorruption at the first damage.
  Status Check();

  // IndexView. Each may return kCorruption or kIOError from loading the
  // section it needs; a failed load is retried by the next lookup.
  uint32_t record_count() const override { return head_->summary.record_count(); }
  Status FieldRange(Field field, const Bound& low, const Bound& high, Postings* out) override;
  Result<uint64_t> FieldRangeCount(Field field, const Bound& low, const Bound& high) override;
  Status TimeRange(int64_t lo, int64_t hi, Postings* out) override;
  Result<uint64_t> FrameOffset(Ordinal ordinal) override;
  Status CountValues(Field field, const Postings* only,
                     const std::function<void(std::string_view, uint64_t)>& fn) override;

 private:
  // Reads the file's bytes from `file`, or when it is null from `where`
  // opened through `env` for each read.
  IndexFile(std::shared_ptr<const io::ReadableFile> file, io::Env* env, std::string where,
            std::shared_ptr<const IndexHead> head, const crypto::Hash& digest);

  // Reads section `section` and checks it against its hash.
  Status ReadSection(size_t section, std::string* bytes) const;
  // REQUIRES: mu_ held. Counts a section of `bytes` just loaded.
  void Charged(size_t bytes);
  SectionContext ContextOf(size_t section) const;
  // The loaded section, loading it first when needed. The pointer stays
  // valid for the life of the IndexFile.
  Status LoadTime(const TimeSection** out);
  Status LoadField(Field field, const FieldSection** out);
  Status LoadOffsets(const std::string** out);

  const std::shared_ptr<const io::ReadableFile> file_;  // null: opened at where_ for each read
  io::Env* const env_;
  const std::string where_;
  const std::shared_ptr<const IndexHead> head_;  // shared with siblings
  const crypto::Hash digest_;

  mutable std::mutex mu_;  // guards the five below while they load
  std::shared_ptr<Charge> charge_;
  uint64_t loaded_bytes_ = 0;
  std::unique_ptr<TimeSection> time_;
  std::array<std::unique_ptr<FieldSection>, kFieldCount> fields_;
  std::unique_ptr<std::string> offsets_;
};

}  // namespace sealog::index

#endif  // SEALOG_INDEX_INDEX_FILE_H_
