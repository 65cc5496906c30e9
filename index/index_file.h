// IndexFile: a segment's index file (written by IndexBuilder::Encode), read
// lazily. Open reads and checks the head only; each section is read on its
// first use, checked against the BLAKE2b-256 hash the head holds for it,
// decoded, checked again for sense, and kept. The head itself hashes to the
// digest the seal signs, so once Open was given the sealed digest, every
// byte a lookup uses is covered by the seal.
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
  // REQUIRES: identity.log_id is 16 bytes.
  static Status Open(std::unique_ptr<io::ReadableFile> file, std::string where,
                     const IndexIdentity& identity, const crypto::Hash* sealed_digest,
                     std::unique_ptr<IndexFile>* out);
  // The same over bytes in memory (tests, and verify, which rebuilds an index
  // and compares).
  static Status OpenBytes(std::string bytes, std::string where, const IndexIdentity& identity,
                          const crypto::Hash* sealed_digest, std::unique_ptr<IndexFile>* out);

  // The digest a seal signs for these bytes: BLAKE2b-256 of the head.
  // REQUIRES: encoded is the output of IndexBuilder::Encode (for other bytes
  // the result is defined but meaningless).
  static crypto::Hash DigestOf(std::string_view encoded);

  ~IndexFile() override;
  IndexFile(const IndexFile&) = delete;
  IndexFile& operator=(const IndexFile&) = delete;

  const IndexSummary& summary() const { return head_.summary; }
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
  uint32_t record_count() const override { return head_.summary.record_count(); }
  Status FieldRange(Field field, const Bound& low, const Bound& high, Postings* out) override;
  Result<uint64_t> FieldRangeCount(Field field, const Bound& low, const Bound& high) override;
  Status TimeRange(int64_t lo, int64_t hi, Postings* out) override;
  Result<uint64_t> FrameOffset(Ordinal ordinal) override;
  Status CountValues(Field field, const Postings* only,
                     const std::function<void(std::string_view, uint64_t)>& fn) override;

 private:
  IndexFile(std::unique_ptr<io::ReadableFile> file, std::string where, IndexHead head,
            const crypto::Hash& digest);

  // Reads section `section` and checks it against its hash.
  Status ReadSection(size_t section, std::string* bytes) const;
  SectionContext ContextOf(size_t section) const;
  // The loaded section, loading it first when needed. The pointer stays
  // valid for the life of the IndexFile.
  Status LoadTime(const TimeSection** out);
  Status LoadField(Field field, const FieldSection** out);
  Status LoadOffsets(const std::string** out);

  const std::unique_ptr<io::ReadableFile> file_;
  const std::string where_;
  const IndexHead head_;
  const crypto::Hash digest_;

  std::mutex mu_;  // guards the three below while they load
  std::unique_ptr<TimeSection> time_;
  std::array<std::unique_ptr<FieldSection>, kFieldCount> fields_;
  std::unique_ptr<std::string> offsets_;
};

}  // namespace sealog::index

#endif  // SEALOG_INDEX_INDEX_FILE_H_
