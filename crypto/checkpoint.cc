#include "crypto/checkpoint.h"

#include <sodium.h>

#include <cstdio>
#include <cstring>

#include "crypto/text_codec.h"
#include "sealog/ingest.h"

namespace sealog::crypto {

namespace {

constexpr std::string_view kOriginPrefix = "sealog/";
constexpr std::string_view kEmDash = "\xe2\x80\x94";  // U+2014

std::string_view AsView(const PublicKey& key) {
  return {reinterpret_cast<const char*>(key.data()), key.size()};
}
std::string_view AsView(const Signature& signature) {
  return {reinterpret_cast<const char*>(signature.data()), signature.size()};
}

// Canonical unsigned decimal: "0" or no leading zero, fits 64 bits.
bool ParseDecimal(std::string_view text, uint64_t* value) {
  if (text.empty() || text.size() > 20 || (text[0] == '0' && text.size() > 1)) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    const auto digit = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - digit) / 10) return false;
    v = v * 10 + digit;
  }
  *value = v;
  return true;
}

// Unicode White_Space characters, which signed-note key names may not hold.
bool HasSpace(std::string_view name) {
  static constexpr std::string_view kSpaces[] = {"\xc2\x85",     "\xc2\xa0",     "\xe1\x9a\x80",
                                                 "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaf",
                                                 "\xe2\x81\x9f", "\xe3\x80\x80"};
  for (char c : name) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) return true;
  }
  for (std::string_view space : kSpaces) {
    if (name.find(space) != std::string_view::npos) return true;
  }
  for (int low = 0x80; low <= 0x8a; ++low) {  // U+2000 .. U+200A
    const char space[] = {'\xe2', '\x80', static_cast<char>(low)};
    if (name.find(std::string_view(space, 3)) != std::string_view::npos) return true;
  }
  return false;
}

Status BadNote(const std::string& what) {
  return Status::InvalidArgument("checkpoint note: " + what);
}

}  // namespace

uint32_t NoteKeyId(std::string_view name, const PublicKey& key) {
  std::string input(name);
  input.push_back('\n');
  input.push_back(static_cast<char>(kNoteEd25519Type));
  input.append(AsView(key));
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  return uint32_t{digest[0]} << 24 | uint32_t{digest[1]} << 16 | uint32_t{digest[2]} << 8 |
         uint32_t{digest[3]};
}

std::string NoteVerifierKey(std::string_view name, const PublicKey& key) {
  char id[9];
  std::snprintf(id, sizeof(id), "%08x", NoteKeyId(name, key));
  std::string typed(1, static_cast<char>(kNoteEd25519Type));
  typed.append(AsView(key));
  return std::string(name) + "+" + id + "+" + Base64Encode(typed);
}

std::string NoteSignatureLine(const NoteSignature& signature) {
  std::string blob(4, '\0');
  for (int i = 0; i < 4; ++i) blob[i] = static_cast<char>(signature.key_id >> (24 - 8 * i));
  blob += signature.signature;
  return std::string(kEmDash) + " " + signature.name + " " + Base64Encode(blob) + "\n";
}

std::string AssembleNote(std::string_view text, const std::vector<NoteSignature>& signatures) {
  std::string note(text);
  note.push_back('\n');
  for (const NoteSignature& signature : signatures) note += NoteSignatureLine(signature);
  return note;
}

Status SplitNote(std::string_view note, std::string* text, std::vector<NoteSignature>* signatures) {
  if (note.size() > kNoteBytesMax) {
    return BadNote(std::to_string(note.size()) + " bytes, more than the limit of " +
                   std::to_string(kNoteBytesMax));
  }
  if (!ValidUtf8(note)) return BadNote("not valid UTF-8");
  for (size_t i = 0; i < note.size(); ++i) {
    if (static_cast<uint8_t>(note[i]) < 0x20 && note[i] != '\n') {
      return BadNote("control character at byte " + std::to_string(i));
    }
  }
  if (!note.ends_with('\n')) return BadNote("does not end with a newline");
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return BadNote("has no blank line before its signatures");
  *text = std::string(note.substr(0, split + 1));
  signatures->clear();
  std::string_view rest = note.substr(split + 2);
  if (rest.empty()) return BadNote("has no signature line");
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    if (signatures->size() == kNoteSignaturesMax) {
      return BadNote("more than " + std::to_string(kNoteSignaturesMax) + " signatures");
    }
    if (!line.starts_with(kEmDash) || line.substr(kEmDash.size(), 1) != " ") {
      return BadNote("signature line does not start with \"— \"");
    }
    line.remove_prefix(kEmDash.size() + 1);
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) return BadNote("signature line has no signature");
    NoteSignature signature;
    signature.name = std::string(line.substr(0, space));
    if (signature.name.empty() || HasSpace(signature.name) ||
        signature.name.find('+') != std::string::npos) {
      return BadNote("invalid key name in a signature line");
    }
    std::string blob;
    if (!Base64Decode(line.substr(space + 1), &blob) || blob.size() < 5) {
      return BadNote("signature by " + signature.name + " is not canonical base64 of 5+ bytes");
    }
    for (int i = 0; i < 4; ++i) {
      signature.key_id = signature.key_id << 8 | static_cast<uint8_t>(blob[i]);
    }
    signature.signature = blob.substr(4);
    signatures->push_back(std::move(signature));
  }
  return Status::Ok();
}

std::string CheckpointOrigin(std::string_view log_id) {
  return std::string(kOriginPrefix) + HexEncode(log_id);
}

std::string FormatCheckpointTime(int64_t time_ns) {
  // The same text every sealog output uses for a time.
  return FormatRfc3339(time_ns);
}

bool ParseCheckpointTime(std::string_view text, int64_t* time_ns) {
  // Exactly the canonical form: what FormatCheckpointTime writes back unchanged.
  Result<int64_t> parsed = ParseRfc3339(text);
  if (!parsed.ok() || FormatCheckpointTime(*parsed) != text) return false;
  *time_ns = *parsed;
  return true;
}

std::string CheckpointNoteText(const Checkpoint& checkpoint) {
  return CheckpointOrigin(checkpoint.log_id) + "\n" + std::to_string(checkpoint.tree_size) + "\n" +
         Base64Encode(AsBytes(checkpoint.root)) + "\nrecords " +
         std::to_string(checkpoint.records) + "\ntime " + FormatCheckpointTime(checkpoint.time_ns) +
         "\nepoch " + std::to_string(checkpoint.epoch) + "\n";
}

void SignCheckpoint(const SigningKey& epoch_key, Checkpoint* checkpoint) {
  checkpoint->key_id = NoteKeyId(CheckpointOrigin(checkpoint->log_id), epoch_key.public_key());
  checkpoint->signature = epoch_key.Sign(CheckpointNoteText(*checkpoint));
}

Status VerifyCheckpointSignature(const Checkpoint& checkpoint, const PublicKey& epoch_key) {
  if (!VerifySignature(epoch_key, CheckpointNoteText(checkpoint), checkpoint.signature)) {
    return Status::Tampered("checkpoint signature does not verify under the key of epoch " +
                            std::to_string(checkpoint.epoch) + " (" + KeyFingerprint(epoch_key) +
                            ")");
  }
  const uint32_t want = NoteKeyId(CheckpointOrigin(checkpoint.log_id), epoch_key);
  if (checkpoint.key_id != want) {
    char text[64];
    std::snprintf(text, sizeof(text), "names key id %08x, the signing key's id is %08x",
                  checkpoint.key_id, want);
    return Status::Tampered(std::string("checkpoint signature line ") + text);
  }
  return Status::Ok();
}

std::string EncodeCheckpointNote(const Checkpoint& checkpoint) {
  const NoteSignature signature{CheckpointOrigin(checkpoint.log_id), checkpoint.key_id,
                                std::string(AsView(checkpoint.signature))};
  return AssembleNote(CheckpointNoteText(checkpoint), {signature});
}

Status DecodeCheckpointNote(std::string_view note, Checkpoint* checkpoint) {
  std::string text;
  std::vector<NoteSignature> signatures;
  SEALOG_RETURN_IF_ERROR(SplitNote(note, &text, &signatures));
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    const size_t end = rest.find('\n');
    lines.push_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  if (lines.size() != 6) {
    return BadNote("text has " + std::to_string(lines.size()) + " lines, expected 6");
  }
  Checkpoint cp;
  std::string bytes;
  if (!lines[0].starts_with(kOriginPrefix) ||
      !HexDecode(lines[0].substr(kOriginPrefix.size()), &bytes) || bytes.size() != kLogIdSize) {
    return BadNote("line 1 is not \"sealog/<32 lowercase hex digits>\"");
  }
  cp.log_id = bytes;
  if (!ParseDecimal(lines[1], &cp.tree_size)) return BadNote("line 2 is not a tree size");
  if (!Base64Decode(lines[2], &bytes) || bytes.size() != kHashSize) {
    return BadNote("line 3 is not the base64 of a 32-byte root");
  }
  std::memcpy(cp.root.data(), bytes.data(), kHashSize);
  if (!lines[3].starts_with("records ") || !ParseDecimal(lines[3].substr(8), &cp.records)) {
    return BadNote("line 4 is not \"records <decimal>\"");
  }
  if (!lines[4].starts_with("time ") || !ParseCheckpointTime(lines[4].substr(5), &cp.time_ns)) {
    return BadNote("line 5 is not \"time <RFC 3339 UTC with 9 fraction digits>\"");
  }
  if (!lines[5].starts_with("epoch ") || !ParseDecimal(lines[5].substr(6), &cp.epoch)) {
    return BadNote("line 6 is not \"epoch <decimal>\"");
  }
  const std::string origin(lines[0]);
  const NoteSignature* mine = nullptr;
  for (const NoteSignature& signature : signatures) {
    if (signature.name != origin) continue;  // a cosigner's: not ours to judge
    if (mine != nullptr) return BadNote("more than one signature by " + origin);
    mine = &signature;
  }
  if (mine == nullptr) return BadNote("no signature by " + origin);
  if (mine->signature.size() != kSignatureSize) {
    return BadNote("the signature by " + origin + " is not 4 + 64 bytes");
  }
  cp.key_id = mine->key_id;
  std::memcpy(cp.signature.data(), mine->signature.data(), kSignatureSize);
  *checkpoint = std::move(cp);
  return Status::Ok();
}

std::string EncodeCheckpointJson(const Checkpoint& checkpoint) {
  json::ObjectWriter writer(/*pretty=*/false);
  writer.String("log_id", HexEncode(checkpoint.log_id));
  writer.Number("tree_size", checkpoint.tree_size);
  writer.Number("records", checkpoint.records);
  writer.String("root", ToHex(checkpoint.root));
  writer.String("time", FormatCheckpointTime(checkpoint.time_ns));
  writer.Number("epoch", checkpoint.epoch);
  writer.String("signature", HexEncode(AsView(checkpoint.signature)));
  writer.String("note", EncodeCheckpointNote(checkpoint));
  return writer.Finish();
}

Status DecodeCheckpointJsonValue(const json::Value& object, std::string_view what,
                                 Checkpoint* checkpoint) {
  const std::string where(what);
  json::ObjectReader reader(object, what);
  std::string log_id, root, time, signature, note;
  Checkpoint stated;
  SEALOG_RETURN_IF_ERROR(reader.String("log_id", &log_id));
  SEALOG_RETURN_IF_ERROR(reader.Number("tree_size", &stated.tree_size));
  SEALOG_RETURN_IF_ERROR(reader.Number("records", &stated.records));
  SEALOG_RETURN_IF_ERROR(reader.String("root", &root));
  SEALOG_RETURN_IF_ERROR(reader.String("time", &time));
  SEALOG_RETURN_IF_ERROR(reader.Number("epoch", &stated.epoch));
  SEALOG_RETURN_IF_ERROR(reader.String("signature", &signature));
  SEALOG_RETURN_IF_ERROR(reader.String("note", &note));
  SEALOG_RETURN_IF_ERROR(reader.Finish());
  const auto bad = [&](const std::string& message) {
    return Status::InvalidArgument(where + ": " + message);
  };
  if (!HexDecode(log_id, &stated.log_id) || stated.log_id.size() != kLogIdSize) {
    return bad("\"log_id\" must be 32 lowercase hex digits");
  }
  std::string bytes;
  if (!HexDecode(root, &bytes) || bytes.size() != kHashSize) {
    return bad("\"root\" must be 64 lowercase hex digits");
  }
  std::memcpy(stated.root.data(), bytes.data(), kHashSize);
  if (!ParseCheckpointTime(time, &stated.time_ns)) {
    return bad("\"time\" must be RFC 3339 UTC with 9 fraction digits");
  }
  if (!HexDecode(signature, &bytes) || bytes.size() != kSignatureSize) {
    return bad("\"signature\" must be 128 lowercase hex digits");
  }
  std::memcpy(stated.signature.data(), bytes.data(), kSignatureSize);
  Checkpoint signed_cp;
  Status status = DecodeCheckpointNote(note, &signed_cp);
  if (!status.ok()) return bad("\"note\": " + status.message());
  stated.key_id = signed_cp.key_id;  // only the note carries it
  if (stated != signed_cp) {
    const char* field = stated.log_id != signed_cp.log_id         ? "log_id"
                        : stated.tree_size != signed_cp.tree_size ? "tree_size"
                        : stated.records != signed_cp.records     ? "records"
                        : stated.root != signed_cp.root           ? "root"
                        : stated.time_ns != signed_cp.time_ns     ? "time"
                        : stated.epoch != signed_cp.epoch         ? "epoch"
                                                                  : "signature";
    return bad(std::string("\"") + field + "\" disagrees with the signed note");
  }
  if (note != EncodeCheckpointNote(signed_cp)) {
    return bad("\"note\" is not in canonical form (one signature line, by the log)");
  }
  *checkpoint = std::move(signed_cp);
  return Status::Ok();
}

Status DecodeCheckpointJson(std::string_view text, Checkpoint* checkpoint) {
  json::Value object;
  json::Limits limits;
  limits.max_bytes = kNoteBytesMax * 2;
  limits.max_depth = 1;
  limits.max_values = 16;
  SEALOG_RETURN_IF_ERROR(json::Parse(text, limits, "checkpoint JSON", &object));
  return DecodeCheckpointJsonValue(object, "checkpoint JSON", checkpoint);
}

}  // namespace sealog::crypto
