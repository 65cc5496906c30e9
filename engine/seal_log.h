// SealLog: the SEALS file, the store's chain of signed entries: the genesis
// first, then one seal per closed segment, in segment order. Entries are
// appended and synced one at a time and never rewritten.
//
//   file  := header entry*
//   header:= "SEALOGSL" | version u32 | header_size u32 (32) | log_id[16]  -- 32 bytes
//   entry := length u32 | length_check u32 | checksum u64 | payload[length]
//
// length_check is the low 32 bits of xxh3-64 of the 4 length bytes, so a torn
// length is told from a real one. The checksum is xxh3-64 of the payload,
// seeded with the entry's index (0 for the genesis), so an entry moved to
// another place fails it. A torn last entry (a crash while appending) is cut
// by recovery; damage to an entry that other bytes follow is corruption. The
// payloads are crypto/seal.h entries.
#ifndef SEALOG_ENGINE_SEAL_LOG_H_
#define SEALOG_ENGINE_SEAL_LOG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/io/env.h"
#include "sealog/status.h"

namespace sealog {

class SealLog {
 public:
  static constexpr size_t kHeaderSize = 32;
  static constexpr size_t kFrameHeaderSize = 16;  // length | length_check | checksum
  static constexpr uint32_t kEntryBytesMax = 4096;

  // Creates dir/SEALS holding the genesis entry, synced, directory synced.
  static Status Create(io::Env& env, const std::string& dir, const std::string& log_id,
                       std::string_view genesis);
  // Reads every entry. Unless read_only, cuts a torn last entry and keeps the
  // file open for appending. `torn_bytes` reports what a torn tail held. An
  // empty log_id accepts a chain of any log (verify reports it as foreign).
  static Status Open(io::Env& env, const std::string& dir, const std::string& log_id,
                     bool read_only, std::unique_ptr<SealLog>* log, uint64_t* torn_bytes);

  // The log id in the file's header.
  const std::string& header_log_id() const { return header_log_id_; }
  // All entries, the genesis first.
  const std::vector<std::string>& entries() const { return entries_; }
  // Appends an entry and syncs it. REQUIRES: opened for writing.
  Status Append(std::string_view payload);

  // The frame of an entry, for tests and dump.
  static std::string Frame(std::string_view payload, uint64_t index);

 private:
  SealLog() = default;
  std::string header_log_id_;
  std::vector<std::string> entries_;
  std::unique_ptr<io::WritableFile> file_;
  uint64_t end_ = 0;
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_SEAL_LOG_H_
