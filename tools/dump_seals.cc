// sealog dump --seals: the SEALS file: its header, then each entry's frame
// and every field of the genesis and of each seal, with file offsets.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "crypto/hash.h"
#include "crypto/seal.h"
#include "crypto/signing_key.h"
#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/seal_log.h"
#include "tools/dump_sections.h"

namespace sealog::cli {
namespace {

constexpr char kFile[] = "SEALS";
constexpr size_t kHeaderSize = SealLog::kHeaderSize;
constexpr size_t kFrameHeaderSize = SealLog::kFrameHeaderSize;

template <size_t N>
std::string_view View(const std::array<uint8_t, N>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), N};
}

std::string KeyText(const crypto::PublicKey& key) { return crypto::KeyFingerprint(key); }

// The frame of entry `index` at `offset`; the payload's fields follow.
DumpObject EntryObject(std::string_view type, std::string title, uint64_t index, uint64_t offset,
                       std::string_view frame_and_payload, bool checksum_ok) {
  DumpObject object(type, std::move(title));
  object.Unsigned("entry", index)
      .Unsigned("offset", offset)
      .Unsigned("length", DecodeFixed32(frame_and_payload.data()), offset)
      .Unsigned("length_check", DecodeFixed32(frame_and_payload.data() + 4), offset + 4)
      .Hex64("frame_checksum", DecodeFixed64(frame_and_payload.data() + 8), offset + 8)
      .Bool("frame_checksum_ok", checksum_ok);
  return object;
}

// Field offsets inside the encoded entries (crypto/seal.cc), from the payload start.
void AddGenesis(const crypto::Genesis& g, std::string_view payload, uint64_t base,
                DumpObject* object) {
  object->Unsigned("kind", 0, base)
      .Unsigned("version", g.version, base + 1)
      .Hex("log_id", g.log_id, base + 5)
      .Time("created_ns", g.created_ns, base + 21)
      .Hex("root_key", View(g.root_key), base + 29)
      .String("root_key_fingerprint", KeyText(g.root_key))
      .Hex("epoch0_key", View(g.epoch0_key), base + 61)
      .String("epoch0_key_fingerprint", KeyText(g.epoch0_key))
      .Hex("signature", View(g.signature), base + 93)
      .Hex("entry_hash", crypto::AsBytes(crypto::EntryHash(payload)));
}

void AddSeal(const crypto::Seal& s, std::string_view payload, uint64_t base,
             const crypto::PublicKey* signer, DumpObject* object) {
  object->Unsigned("kind", 1, base)
      .Unsigned("version", s.version, base + 1)
      .Hex("log_id", s.log_id, base + 5)
      .Unsigned("segment_number", s.segment_number, base + 21)
      .Unsigned("first_seq", s.first_seq, base + 29)
      .Unsigned("last_seq", s.last_seq, base + 37)
      .Unsigned("record_count", s.record_count, base + 45)
      .Time("min_time_ns", s.min_time_ns, base + 53)
      .Time("max_time_ns", s.max_time_ns, base + 61)
      .Time("sealed_ns", s.sealed_ns, base + 69)
      .Hex("merkle_root", crypto::AsBytes(s.merkle_root), base + 77)
      .Hex("index_digest", crypto::AsBytes(s.index_digest), base + 109)
      .Hex("prev_hash", crypto::AsBytes(s.prev_hash), base + 141)
      .Unsigned("epoch", s.epoch, base + 173)
      .Hex("next_key", View(s.next_key), base + 181)
      .String("next_key_fingerprint", KeyText(s.next_key))
      .Hex("signature", View(s.signature), base + 213)
      // The key the entry before names for this epoch; verify checks it, dump only shows it.
      .String("signer_fingerprint", signer != nullptr ? KeyText(*signer) : "unknown")
      .Hex("entry_hash", crypto::AsBytes(crypto::EntryHash(payload)));
}

void DumpSealsHeader(DumpContext& context, const std::string& bytes) {
  DumpObject header("seals_header", fmt::format("seal chain {} ({} bytes)", kFile, bytes.size()));
  header.String("file", kFile).Unsigned("file_size", bytes.size());
  if (bytes.size() >= kHeaderSize) {
    header.Magic("magic", std::string_view(bytes).substr(0, 8), 0)
        .Unsigned("version", DecodeFixed32(bytes.data() + 8), 8)
        .Unsigned("header_size", DecodeFixed32(bytes.data() + 12), 12)
        .Hex("log_id", std::string_view(bytes).substr(16, 16), 16);
  }
  context.Emit(header);
}

}  // namespace

void DumpSeals(DumpContext& context, std::optional<uint64_t> segment) {
  std::string bytes;
  const Status read = io::ReadFileToString(*context.env, context.dir + "/" + kFile, &bytes);
  if (!read.ok()) {
    context.Damage(kFile, std::string(kFile) + ": " + read.message());
    return;
  }
  DumpSealsHeader(context, bytes);
  if (bytes.size() < kHeaderSize || bytes.compare(0, 8, "SEALOGSL") != 0) {
    context.Damage(kFile, "SEALS: not a seal chain (bad header)");
    return;
  }
  if (!context.log_id.empty() && bytes.compare(16, 16, context.log_id) != 0) {
    context.Damage(kFile, "SEALS: belongs to another log");
  }
  std::vector<crypto::PublicKey> epoch_keys;  // as the entries claim them, unverified
  size_t pos = kHeaderSize;
  for (uint64_t index = 0; pos < bytes.size(); ++index) {
    const size_t remaining = bytes.size() - pos;
    const uint32_t length = remaining >= kFrameHeaderSize ? DecodeFixed32(bytes.data() + pos) : 0;
    if (remaining < kFrameHeaderSize || remaining - kFrameHeaderSize < length) {
      context.Damage(kFile, fmt::format("SEALS: entry {} at offset {} is incomplete ({} bytes "
                                        "left): a torn append, or damage",
                                        index, pos, remaining));
      return;
    }
    const std::string_view frame = std::string_view(bytes).substr(pos, kFrameHeaderSize + length);
    const std::string_view payload = frame.substr(kFrameHeaderSize);
    const bool checksum_ok = Checksum(payload, index) == DecodeFixed64(frame.data() + 8);
    const uint64_t base = pos + kFrameHeaderSize;
    Result<crypto::EntryKind> kind = crypto::PeekEntryKind(payload);
    crypto::Genesis genesis;
    crypto::Seal seal;
    if (kind.ok() && *kind == crypto::EntryKind::kGenesis &&
        crypto::DecodeGenesis(payload, &genesis).ok()) {
      epoch_keys.push_back(genesis.epoch0_key);
      if (!segment) {
        DumpObject object =
            EntryObject("genesis", fmt::format("genesis (entry {} at offset {})", index, pos),
                        index, pos, frame, checksum_ok);
        AddGenesis(genesis, payload, base, &object);
        if (!context.Emit(object)) return;
      }
    } else if (kind.ok() && *kind == crypto::EntryKind::kSeal &&
               crypto::DecodeSeal(payload, &seal).ok()) {
      const crypto::PublicKey* signer =
          seal.epoch < epoch_keys.size() ? &epoch_keys[seal.epoch] : nullptr;
      if (!segment || *segment == seal.segment_number) {
        DumpObject object =
            EntryObject("seal",
                        fmt::format("seal of segment {} (entry {} at offset {}, epoch {})",
                                    seal.segment_number, index, pos, seal.epoch),
                        index, pos, frame, checksum_ok);
        AddSeal(seal, payload, base, signer, &object);
        if (!context.Emit(object)) return;
      }
      epoch_keys.push_back(seal.next_key);
    } else {
      context.Damage(kFile, fmt::format("SEALS: entry {} at offset {} ({} bytes) does not decode",
                                        index, pos, length));
    }
    if (!checksum_ok) {
      context.Damage(
          kFile, fmt::format("SEALS: entry {} at offset {}: frame checksum mismatch", index, pos));
    }
    pos += frame.size();
  }
}

}  // namespace sealog::cli
