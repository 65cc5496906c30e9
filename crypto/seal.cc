#include "crypto/seal.h"

#include <cstring>

namespace sealog::crypto {

namespace {

class Writer {
 public:
  explicit Writer(size_t size) { bytes_.reserve(size); }
  void U8(uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void Bytes(std::string_view v) { bytes_.append(v); }
  template <size_t N>
  void Bytes(const std::array<uint8_t, N>& v) {
    bytes_.append(reinterpret_cast<const char*>(v.data()), N);
  }
  std::string Take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  uint8_t U8() { return static_cast<uint8_t>(bytes_[pos_++]); }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(bytes_[pos_++])} << (8 * i);
    return v;
  }
  uint64_t U64() {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(bytes_[pos_++])} << (8 * i);
    return v;
  }
  std::string Bytes(size_t n) {
    std::string v(bytes_.substr(pos_, n));
    pos_ += n;
    return v;
  }
  template <size_t N>
  void Bytes(std::array<uint8_t, N>* v) {
    std::memcpy(v->data(), bytes_.data() + pos_, N);
    pos_ += N;
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

std::string GenesisBody(const Genesis& g) {
  Writer w(kGenesisSize);
  w.U8(static_cast<uint8_t>(EntryKind::kGenesis));
  w.U32(g.version);
  w.Bytes(std::string_view(g.log_id).substr(0, 16));
  w.U64(static_cast<uint64_t>(g.created_ns));
  w.Bytes(g.root_key);
  w.Bytes(g.epoch0_key);
  return w.Take();
}

std::string SealBody(const Seal& s) {
  Writer w(kSealSize);
  w.U8(static_cast<uint8_t>(EntryKind::kSeal));
  w.U32(s.version);
  w.Bytes(std::string_view(s.log_id).substr(0, 16));
  w.U64(s.segment_number);
  w.U64(s.first_seq);
  w.U64(s.last_seq);
  w.U64(s.record_count);
  w.U64(static_cast<uint64_t>(s.min_time_ns));
  w.U64(static_cast<uint64_t>(s.max_time_ns));
  w.U64(static_cast<uint64_t>(s.sealed_ns));
  w.Bytes(s.merkle_root);
  w.Bytes(s.index_digest);
  w.Bytes(s.prev_hash);
  w.U64(s.epoch);
  w.Bytes(s.next_key);
  return w.Take();
}

std::string Signed(std::string_view context, const std::string& body) {
  return std::string(context) + body;
}

Status CheckEntry(std::string_view bytes, EntryKind kind, size_t size, const char* name) {
  if (bytes.size() != size) {
    return Status::Corruption(std::string(name) + " entry is " + std::to_string(bytes.size()) +
                              " bytes, expected " + std::to_string(size));
  }
  if (static_cast<uint8_t>(bytes[0]) != static_cast<uint8_t>(kind)) {
    return Status::Corruption(std::string(name) + " entry has kind " +
                              std::to_string(static_cast<uint8_t>(bytes[0])));
  }
  uint32_t version = 0;
  for (int i = 0; i < 4; ++i) version |= uint32_t{static_cast<uint8_t>(bytes[1 + i])} << (8 * i);
  if (version != 1) {
    return Status::Corruption(std::string(name) + " format version " + std::to_string(version) +
                              " is not supported");
  }
  return Status::Ok();
}

}  // namespace

std::string EncodeGenesis(const Genesis& genesis) {
  std::string bytes = GenesisBody(genesis);
  bytes.append(reinterpret_cast<const char*>(genesis.signature.data()), kSignatureSize);
  return bytes;
}

std::string EncodeSeal(const Seal& seal) {
  std::string bytes = SealBody(seal);
  bytes.append(reinterpret_cast<const char*>(seal.signature.data()), kSignatureSize);
  return bytes;
}

Result<EntryKind> PeekEntryKind(std::string_view bytes) {
  if (bytes.empty()) return Status::Corruption("empty seal-chain entry");
  const uint8_t kind = static_cast<uint8_t>(bytes[0]);
  if (kind > static_cast<uint8_t>(EntryKind::kSeal)) {
    return Status::Corruption("unknown seal-chain entry kind " + std::to_string(kind));
  }
  return static_cast<EntryKind>(kind);
}

Status DecodeGenesis(std::string_view bytes, Genesis* g) {
  SEALOG_RETURN_IF_ERROR(CheckEntry(bytes, EntryKind::kGenesis, kGenesisSize, "genesis"));
  Reader r(bytes);
  r.U8();
  g->version = r.U32();
  g->log_id = r.Bytes(16);
  g->created_ns = static_cast<int64_t>(r.U64());
  r.Bytes(&g->root_key);
  r.Bytes(&g->epoch0_key);
  r.Bytes(&g->signature);
  return Status::Ok();
}

Status DecodeSeal(std::string_view bytes, Seal* s) {
  SEALOG_RETURN_IF_ERROR(CheckEntry(bytes, EntryKind::kSeal, kSealSize, "seal"));
  Reader r(bytes);
  r.U8();
  s->version = r.U32();
  s->log_id = r.Bytes(16);
  s->segment_number = r.U64();
  s->first_seq = r.U64();
  s->last_seq = r.U64();
  s->record_count = r.U64();
  s->min_time_ns = static_cast<int64_t>(r.U64());
  s->max_time_ns = static_cast<int64_t>(r.U64());
  s->sealed_ns = static_cast<int64_t>(r.U64());
  r.Bytes(&s->merkle_root);
  r.Bytes(&s->index_digest);
  r.Bytes(&s->prev_hash);
  s->epoch = r.U64();
  r.Bytes(&s->next_key);
  r.Bytes(&s->signature);
  return Status::Ok();
}

void SignGenesis(const SigningKey& root_key, Genesis* genesis) {
  genesis->root_key = root_key.public_key();
  genesis->signature = root_key.Sign(Signed(kGenesisContext, GenesisBody(*genesis)));
}

void SignSeal(const SigningKey& epoch_key, Seal* seal) {
  seal->signature = epoch_key.Sign(Signed(kSealContext, SealBody(*seal)));
}

bool GenesisSignatureValid(const Genesis& genesis) {
  return VerifySignature(genesis.root_key, Signed(kGenesisContext, GenesisBody(genesis)),
                         genesis.signature);
}

bool SealSignatureValid(const Seal& seal, const PublicKey& epoch_key) {
  return VerifySignature(epoch_key, Signed(kSealContext, SealBody(seal)), seal.signature);
}

Hash EntryHash(std::string_view encoded_entry) { return Blake2b(encoded_entry); }

Hash RecordLeafHash(uint64_t seq, std::string_view body) {
  char seq_bytes[9];
  seq_bytes[0] = 0x00;  // the RFC 6962 leaf prefix
  for (int i = 0; i < 8; ++i) seq_bytes[1 + i] = static_cast<char>(seq >> (8 * i));
  Hasher hasher;
  hasher.Update(std::string_view(seq_bytes, 9));
  hasher.Update(body);
  return hasher.Finish();
}

}  // namespace sealog::crypto
