#include "crypto/proof.h"

#include <algorithm>
#include <cstring>

#include "crypto/merkle.h"
#include "crypto/seal.h"
#include "crypto/text_codec.h"

namespace sealog::crypto {

namespace {

constexpr std::string_view kWhat = "proof JSON";

Status Fail(ChainFault kind, std::string message, ChainFault* fault) {
  if (fault != nullptr) *fault = kind;
  return kind == ChainFault::kCorrupt ? Status::Corruption(std::move(message))
                                      : Status::Tampered(std::move(message));
}

// The seal whose range holds seq, in seals that follow each other (as
// VerifyKeyChain checks); seals.size() when none does.
size_t SealHolding(const std::vector<Seal>& seals, uint64_t seq) {
  const auto it = std::partition_point(seals.begin(), seals.end(),
                                       [&](const Seal& seal) { return seal.last_seq < seq; });
  if (it == seals.end() || seq < it->first_seq) return seals.size();
  return static_cast<size_t>(it - seals.begin());
}

Status BadJson(const std::string& message) {
  return Status::InvalidArgument(std::string(kWhat) + ": " + message);
}

}  // namespace

Result<Proof> BuildProof(std::string_view genesis, const std::vector<std::string>& seals,
                         const std::vector<Hash>& segment_leaves, std::string_view body,
                         uint64_t seq, const Checkpoint& checkpoint) {
  Genesis decoded_genesis;
  SEALOG_RETURN_IF_ERROR(DecodeGenesis(genesis, &decoded_genesis));
  std::vector<Seal> decoded(seals.size());
  for (size_t i = 0; i < seals.size(); ++i) {
    Status status = DecodeSeal(seals[i], &decoded[i]);
    if (!status.ok()) {
      return Status::Corruption("seal " + std::to_string(i) + ": " + status.message());
    }
  }
  if (checkpoint.tree_size != seals.size() || checkpoint.root != LogRoot(seals)) {
    return Status::InvalidArgument("the checkpoint does not cover exactly the " +
                                   std::to_string(seals.size()) + " seals given");
  }
  const size_t at = SealHolding(decoded, seq);
  if (seq == 0 || at == decoded.size()) {
    return Status::NotFound("seq " + std::to_string(seq) + " is not covered by a seal (sealed: " +
                            std::to_string(checkpoint.records) + " records)");
  }
  const Seal& seal = decoded[at];
  const uint64_t index = seq - seal.first_seq;
  if (segment_leaves.size() != seal.record_count) {
    return Status::InvalidArgument("segment " + std::to_string(seal.segment_number) + " has " +
                                   std::to_string(seal.record_count) + " records, " +
                                   std::to_string(segment_leaves.size()) + " leaves were given");
  }
  if (segment_leaves[index] != RecordLeafHash(seq, body)) {
    return Status::Corruption("record " + std::to_string(seq) +
                              ": its body does not hash to its leaf in segment " +
                              std::to_string(seal.segment_number));
  }
  if (MerkleRoot(segment_leaves) != seal.merkle_root) {
    return Status::Corruption("segment " + std::to_string(seal.segment_number) +
                              ": its records' Merkle root differs from its seal's");
  }
  Proof proof;
  proof.checkpoint = checkpoint;
  proof.genesis = std::string(genesis);
  proof.seals = seals;
  proof.seq = seq;
  proof.index = index;
  proof.body = std::string(body);
  proof.path = InclusionProof(segment_leaves, index);
  return proof;
}

std::string EncodeProofJson(const Proof& proof) {
  json::ObjectWriter writer(/*pretty=*/true);
  writer.Number("version", kProofVersion);
  writer.Raw("checkpoint", EncodeCheckpointJson(proof.checkpoint));
  writer.String("genesis", HexEncode(proof.genesis));
  std::vector<std::string> seals;
  seals.reserve(proof.seals.size());
  for (const std::string& seal : proof.seals) seals.push_back(HexEncode(seal));
  writer.StringArray("seals", seals);
  writer.Number("seq", proof.seq);
  writer.Number("index", proof.index);
  writer.String("body", Base64Encode(proof.body));
  std::vector<std::string> path;
  for (const Hash& hash : proof.path) path.push_back(ToHex(hash));
  writer.StringArray("path", path);
  return writer.Finish() + "\n";
}

Status DecodeProofJson(std::string_view text, Proof* proof) {
  json::Limits limits;
  limits.max_bytes = kProofJsonBytesMax;
  limits.max_depth = 2;
  limits.max_values = kProofSealsMax + kProofPathMax + 32;
  json::Value object;
  SEALOG_RETURN_IF_ERROR(json::Parse(text, limits, kWhat, &object));
  json::ObjectReader reader(object, kWhat);
  Proof out;
  uint64_t version = 0;
  SEALOG_RETURN_IF_ERROR(reader.Number("version", &version));
  if (version != kProofVersion) {
    return BadJson("version " + std::to_string(version) + " is not supported (this is version " +
                   std::to_string(kProofVersion) + ")");
  }
  const json::Value* checkpoint = nullptr;
  SEALOG_RETURN_IF_ERROR(reader.Object("checkpoint", &checkpoint));
  SEALOG_RETURN_IF_ERROR(
      DecodeCheckpointJsonValue(*checkpoint, "proof JSON: \"checkpoint\"", &out.checkpoint));
  std::string hex;
  SEALOG_RETURN_IF_ERROR(reader.String("genesis", &hex));
  if (!HexDecode(hex, &out.genesis)) return BadJson("\"genesis\" is not lowercase hex");
  std::vector<std::string> items;
  SEALOG_RETURN_IF_ERROR(reader.StringArray("seals", kProofSealsMax, &items));
  out.seals.resize(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (!HexDecode(items[i], &out.seals[i])) {
      return BadJson("\"seals\"[" + std::to_string(i) + "] is not lowercase hex");
    }
  }
  SEALOG_RETURN_IF_ERROR(reader.Number("seq", &out.seq));
  SEALOG_RETURN_IF_ERROR(reader.Number("index", &out.index));
  std::string body;
  SEALOG_RETURN_IF_ERROR(reader.String("body", &body));
  if (body.size() > (kProofBodyBytesMax / 3 + 1) * 4 || !Base64Decode(body, &out.body)) {
    return BadJson("\"body\" is not canonical base64 of at most " +
                   std::to_string(kProofBodyBytesMax) + " bytes");
  }
  SEALOG_RETURN_IF_ERROR(reader.StringArray("path", kProofPathMax, &items));
  out.path.resize(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    std::string bytes;
    if (!HexDecode(items[i], &bytes) || bytes.size() != kHashSize) {
      return BadJson("\"path\"[" + std::to_string(i) + "] is not 64 lowercase hex digits");
    }
    std::memcpy(out.path[i].data(), bytes.data(), kHashSize);
  }
  SEALOG_RETURN_IF_ERROR(reader.Finish());
  // One spelling per proof: layout, escapes and member order included.
  const std::string canonical = EncodeProofJson(out);
  const std::string_view want = text.size() + 1 == canonical.size()
                                    ? std::string_view(canonical).substr(0, text.size())
                                    : std::string_view(canonical);
  if (text != want) {
    size_t at = 0;
    while (at < text.size() && at < want.size() && text[at] == want[at]) ++at;
    return BadJson("byte " + std::to_string(at) +
                   ": not in the canonical form `sealog prove` writes (was it reformatted?)");
  }
  *proof = std::move(out);
  return Status::Ok();
}

Status VerifyProof(const Proof& proof, const PublicKey& root_key, ChainFault* fault) {
  if (fault != nullptr) *fault = ChainFault::kNone;
  Genesis genesis;
  std::vector<Seal> seals;
  std::vector<PublicKey> epoch_keys;
  SEALOG_RETURN_IF_ERROR(VerifyEncodedKeyChain(root_key, proof.genesis, proof.seals, &genesis,
                                               &seals, &epoch_keys, fault));
  const Checkpoint& checkpoint = proof.checkpoint;
  if (checkpoint.tree_size != seals.size()) {
    return Fail(ChainFault::kTampered,
                "checkpoint: covers " + std::to_string(checkpoint.tree_size) +
                    " seals, the proof carries " + std::to_string(seals.size()),
                fault);
  }
  ChainFault kind = ChainFault::kNone;
  Status status = VerifyCheckpointOnChain(checkpoint, genesis, seals, epoch_keys, &kind);
  if (!status.ok()) {
    // Within one proof, a checkpoint that disagrees with its own seals is an
    // altered proof, not a rolled-back log.
    return Fail(kind == ChainFault::kRollback ? ChainFault::kTampered : kind, status.message(),
                fault);
  }
  const std::string record = "record " + std::to_string(proof.seq) + ": ";
  if (proof.seq == 0 || proof.seq > checkpoint.records) {
    return Fail(
        ChainFault::kTampered,
        record + "outside the checkpoint's records 1.." + std::to_string(checkpoint.records),
        fault);
  }
  const size_t at = SealHolding(seals, proof.seq);
  if (at == seals.size()) {
    return Fail(ChainFault::kTampered, record + "no seal covers it", fault);
  }
  const Seal& seal = seals[at];
  const std::string where =
      "seal " + std::to_string(at) + " (segment " + std::to_string(seal.segment_number) + ")";
  if (proof.index != proof.seq - seal.first_seq) {
    return Fail(ChainFault::kTampered,
                record + "index " + std::to_string(proof.index) + " should be " +
                    std::to_string(proof.seq - seal.first_seq) + " in " + where,
                fault);
  }
  if (proof.path.size() > kProofPathMax ||
      !VerifyInclusion(RecordLeafHash(proof.seq, proof.body), proof.index, seal.record_count,
                       proof.path, seal.merkle_root)) {
    return Fail(ChainFault::kTampered,
                record + "its body and audit path do not lead to the Merkle root of " + where,
                fault);
  }
  return Status::Ok();
}

}  // namespace sealog::crypto
