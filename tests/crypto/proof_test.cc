// Inclusion proofs: every record of a synthetic log proves and verifies, in
// memory and through JSON; any changed byte of the JSON or of any binary part
// fails; wrong-epoch checkpoints and altered chains fail with their reason.
#include "crypto/proof.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/limits.h"
#include "tests/crypto/synthetic_log.h"

namespace sealog::crypto {
namespace {

using testing::MakeSyntheticLog;
using testing::SyntheticLog;

static_assert(kProofBodyBytesMax >= kRecordBodyBytesMax, "a proof must carry any record body");

const std::vector<uint64_t> kCounts = {3, 1, 16, 7, 33};

Proof ProveRecord(const SyntheticLog& log, uint64_t seq, const Checkpoint& checkpoint) {
  size_t segment = 0;
  while (log.seals[segment].last_seq < seq) ++segment;
  const uint64_t index = seq - log.seals[segment].first_seq;
  const std::vector<std::string> seals(
      log.seal_bytes.begin(),
      log.seal_bytes.begin() + static_cast<ptrdiff_t>(checkpoint.tree_size));
  Result<Proof> proof = BuildProof(log.genesis_bytes, seals, log.leaves[segment],
                                   log.bodies[segment][index], seq, checkpoint);
  EXPECT_TRUE(proof.ok()) << proof.status().ToString();
  return proof.ok() ? *proof : Proof();
}

bool Says(const Status& status, std::string_view text) {
  return status.message().find(text) != std::string::npos;
}

TEST(ProofTest, EveryRecordProvesAndVerifiesThroughJson) {
  const SyntheticLog log = MakeSyntheticLog(kCounts, 21);
  const Checkpoint checkpoint = log.CheckpointOfAll();
  const PublicKey root = log.root_key.public_key();
  for (uint64_t seq = 1; seq <= log.records(); ++seq) {
    const Proof proof = ProveRecord(log, seq, checkpoint);
    ASSERT_TRUE(VerifyProof(proof, root).ok()) << seq;
    const std::string json = EncodeProofJson(proof);
    Proof decoded;
    const Status status = DecodeProofJson(json, &decoded);
    ASSERT_TRUE(status.ok()) << seq << ": " << status.ToString();
    EXPECT_EQ(decoded, proof);
    ASSERT_TRUE(VerifyProof(decoded, root).ok()) << seq;
  }
}

TEST(ProofTest, ProofsAgainstAnOlderCheckpointAndOddShapes) {
  const SyntheticLog log = MakeSyntheticLog({1, 1, 2, 5}, 22);
  const PublicKey root = log.root_key.public_key();
  const Checkpoint older = log.CheckpointAt(3);
  for (uint64_t seq = 1; seq <= 3; ++seq) {
    const Status status = VerifyProof(ProveRecord(log, seq, older), root);
    EXPECT_TRUE(status.ok()) << seq << ": " << status.ToString();
  }
  const Checkpoint all = log.CheckpointOfAll();
  for (uint64_t seq = 1; seq <= log.records(); ++seq) {
    EXPECT_TRUE(VerifyProof(ProveRecord(log, seq, all), root).ok()) << seq;
  }
}

TEST(ProofTest, TheJsonLayout) {
  const SyntheticLog log = MakeSyntheticLog({2, 3}, 23);
  const Proof proof = ProveRecord(log, 4, log.CheckpointOfAll());
  const std::string json = EncodeProofJson(proof);
  EXPECT_TRUE(json.starts_with("{\n  \"version\": 1,\n  \"checkpoint\": {\"log_id\":")) << json;
  EXPECT_NE(json.find("\n  \"seals\": [\n    \""), std::string::npos);
  EXPECT_NE(json.find("\n  \"seq\": 4,\n  \"index\": 1,\n  \"body\": \""), std::string::npos);
  EXPECT_TRUE(json.ends_with("\"\n  ]\n}\n"));
  Proof decoded;
  // Without its final newline it is still the same proof; reformatted it is not.
  EXPECT_TRUE(DecodeProofJson(json.substr(0, json.size() - 1), &decoded).ok());
  std::string compact;
  for (char c : json) {
    if (c != '\n') compact.push_back(c);
  }
  const Status status = DecodeProofJson(compact, &decoded);
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(Says(status, "canonical")) << status.message();
}

TEST(ProofTest, EveryChangedByteOfTheJsonFails) {
  const SyntheticLog log = MakeSyntheticLog({2, 5, 3}, 24);
  const PublicKey root = log.root_key.public_key();
  const std::string json = EncodeProofJson(ProveRecord(log, 4, log.CheckpointOfAll()));
  size_t parsed = 0;
  for (size_t at = 0; at < json.size(); ++at) {
    for (const uint8_t mask : {uint8_t{0x01}, static_cast<uint8_t>(1u << (at % 7 + 1))}) {
      std::string changed = json;
      changed[at] = static_cast<char>(changed[at] ^ mask);
      Proof proof;
      const Status decode = DecodeProofJson(changed, &proof);
      if (!decode.ok()) {
        EXPECT_FALSE(decode.message().empty());
        continue;
      }
      ++parsed;
      const Status verify = VerifyProof(proof, root);
      EXPECT_FALSE(verify.ok()) << "byte " << at << " mask " << int{mask};
      EXPECT_FALSE(verify.message().empty());
    }
  }
  EXPECT_GT(parsed, 100u);  // many changes parse and are caught by verification
}

TEST(ProofTest, EveryTruncationFailsAndEmptyProofsAreRefused) {
  const SyntheticLog log = MakeSyntheticLog({2, 3}, 30);
  const std::string json = EncodeProofJson(ProveRecord(log, 3, log.CheckpointOfAll()));
  Proof proof;
  for (size_t n = 0; n + 1 < json.size(); ++n) {
    EXPECT_FALSE(DecodeProofJson(json.substr(0, n), &proof).ok()) << n;
  }
  ChainFault fault;
  EXPECT_EQ(VerifyProof(Proof(), log.root_key.public_key(), &fault).code(), Code::kCorruption);
  EXPECT_EQ(fault, ChainFault::kCorrupt);
}

// Applies `edit` to a copy of `proof` and expects VerifyProof to fail.
template <typename Edit>
void ExpectFails(const Proof& proof, const PublicKey& root, Edit edit, const std::string& what) {
  Proof changed = proof;
  edit(&changed);
  const Status status = VerifyProof(changed, root);
  EXPECT_FALSE(status.ok()) << what;
  EXPECT_FALSE(status.message().empty()) << what;
}

void FlipEveryBit(const Proof& proof, const PublicKey& root, std::string Proof::*part) {
  for (size_t at = 0; at < (proof.*part).size(); ++at) {
    for (int bit = 0; bit < 8; ++bit) {
      ExpectFails(
          proof, root, [&](Proof* p) { (p->*part)[at] ^= static_cast<char>(1 << bit); },
          "byte " + std::to_string(at) + " bit " + std::to_string(bit));
    }
  }
}

TEST(ProofTest, EveryChangedBinaryPartFails) {
  const SyntheticLog log = MakeSyntheticLog({2, 5, 3}, 25);
  const PublicKey root = log.root_key.public_key();
  const Proof proof = ProveRecord(log, 5, log.CheckpointOfAll());
  ASSERT_TRUE(VerifyProof(proof, root).ok());
  ASSERT_FALSE(proof.body.empty());
  FlipEveryBit(proof, root, &Proof::genesis);
  FlipEveryBit(proof, root, &Proof::body);
  for (size_t s = 0; s < proof.seals.size(); ++s) {
    for (size_t at = 0; at < proof.seals[s].size(); ++at) {
      ExpectFails(
          proof, root, [&](Proof* p) { p->seals[s][at] ^= static_cast<char>(1 << (at % 8)); },
          "seal " + std::to_string(s) + " byte " + std::to_string(at));
    }
  }
  for (size_t h = 0; h < proof.path.size(); ++h) {
    for (size_t at = 0; at < kHashSize; ++at) {
      ExpectFails(
          proof, root, [&](Proof* p) { p->path[h][at] ^= 0x01; }, "path");
    }
  }
  for (size_t at = 0; at < kLogIdSize; ++at) {
    ExpectFails(
        proof, root, [&](Proof* p) { p->checkpoint.log_id[at] ^= 0x01; }, "log id");
  }
  for (size_t at = 0; at < kHashSize; ++at) {
    ExpectFails(
        proof, root, [&](Proof* p) { p->checkpoint.root[at] ^= 0x01; }, "root");
  }
  for (size_t at = 0; at < kSignatureSize; ++at) {
    ExpectFails(
        proof, root, [&](Proof* p) { p->checkpoint.signature[at] ^= 0x01; }, "sig");
  }
  for (int bit = 0; bit < 64; ++bit) {
    const uint64_t m = uint64_t{1} << bit;
    ExpectFails(
        proof, root, [&](Proof* p) { p->checkpoint.tree_size ^= m; }, "tree_size");
    ExpectFails(
        proof, root, [&](Proof* p) { p->checkpoint.records ^= m; }, "records");
    ExpectFails(
        proof, root, [&](Proof* p) { p->checkpoint.epoch ^= m; }, "epoch");
    ExpectFails(
        proof, root, [&](Proof* p) { p->checkpoint.time_ns ^= static_cast<int64_t>(m); }, "time");
    ExpectFails(
        proof, root, [&](Proof* p) { p->seq ^= m; }, "seq");
    ExpectFails(
        proof, root, [&](Proof* p) { p->index ^= m; }, "index");
    if (bit < 32) {
      ExpectFails(
          proof, root, [&](Proof* p) { p->checkpoint.key_id ^= static_cast<uint32_t>(m); },
          "key id");
    }
  }
  ExpectFails(
      proof, root, [](Proof* p) { p->path.pop_back(); }, "shorter path");
  ExpectFails(
      proof, root, [](Proof* p) { p->path.push_back(p->path[0]); }, "longer path");
  ExpectFails(
      proof, root, [](Proof* p) { p->seals.pop_back(); }, "fewer seals");
  ExpectFails(
      proof, root, [](Proof* p) { p->body += "x"; }, "longer body");
  // Another root key: the genesis is foreign.
  ChainFault fault;
  const Status foreign =
      VerifyProof(proof, MakeSyntheticLog({}, 25, 9).root_key.public_key(), &fault);
  EXPECT_EQ(fault, ChainFault::kForeign);
  EXPECT_TRUE(Says(foreign, "genesis")) << foreign.message();
}

TEST(ProofTest, CheckpointSignedByTheWrongEpochKeyFails) {
  const SyntheticLog log = MakeSyntheticLog(kCounts, 26);
  const PublicKey root = log.root_key.public_key();
  Proof proof = ProveRecord(log, 10, log.CheckpointOfAll());
  for (size_t epoch : {size_t{0}, size_t{4}}) {
    SignCheckpoint(log.epoch_keys[epoch], &proof.checkpoint);
    ChainFault fault;
    const Status status = VerifyProof(proof, root, &fault);
    EXPECT_EQ(fault, ChainFault::kTampered);
    EXPECT_TRUE(Says(status, "checkpoint signature does not verify under the key of epoch 5"))
        << status.message();
  }
  // The next epoch's key (which the log does not hold yet) does not do either.
  SignCheckpoint(log.epoch_keys.back().Next(), &proof.checkpoint);
  EXPECT_FALSE(VerifyProof(proof, root).ok());
}

TEST(ProofTest, AlteredChainsInAProofFailWithTheirKind) {
  SyntheticLog log = MakeSyntheticLog(kCounts, 27);
  const PublicKey root = log.root_key.public_key();
  const Proof proof = ProveRecord(log, 2, log.CheckpointOfAll());
  ChainFault fault;
  Proof replayed = proof;
  replayed.seals[3] = replayed.seals[1];
  Status status = VerifyProof(replayed, root, &fault);
  EXPECT_EQ(fault, ChainFault::kReordered);
  EXPECT_TRUE(Says(status, "seal 3")) << status.message();

  const SyntheticLog other = MakeSyntheticLog(kCounts, 27, 2, 0x43);
  Proof foreign = proof;
  foreign.seals[2] = other.seal_bytes[2];
  VerifyProof(foreign, root, &fault);
  EXPECT_EQ(fault, ChainFault::kForeign);

  Proof truncated = proof;
  truncated.seals[4].resize(100);
  status = VerifyProof(truncated, root, &fault);
  EXPECT_EQ(fault, ChainFault::kCorrupt);
  EXPECT_TRUE(Says(status, "seal 4")) << status.message();
}

TEST(ProofTest, BuilderRefusesPiecesThatDoNotFit) {
  const SyntheticLog log = MakeSyntheticLog(kCounts, 28);
  const Checkpoint checkpoint = log.CheckpointOfAll();
  Result<Proof> unsealed = BuildProof(log.genesis_bytes, log.seal_bytes, log.leaves[4], "x",
                                      log.records() + 1, checkpoint);
  EXPECT_TRUE(unsealed.status().IsNotFound()) << unsealed.status().ToString();
  EXPECT_FALSE(
      BuildProof(log.genesis_bytes, log.seal_bytes, log.leaves[0], "x", 0, checkpoint).ok());
  Result<Proof> wrong_body =
      BuildProof(log.genesis_bytes, log.seal_bytes, log.leaves[0], "not it", 1, checkpoint);
  EXPECT_TRUE(wrong_body.status().IsCorruption()) << wrong_body.status().ToString();
  EXPECT_FALSE(BuildProof(log.genesis_bytes, log.seal_bytes, log.leaves[1], log.bodies[0][0], 1,
                          checkpoint)
                   .ok());  // leaves of another segment
  EXPECT_FALSE(BuildProof(log.genesis_bytes, log.seal_bytes, log.leaves[0], log.bodies[0][0], 1,
                          log.CheckpointAt(4))
                   .ok());  // checkpoint of fewer seals than given
}

TEST(ProofTest, DecoderRefusesMalformedMembers) {
  const SyntheticLog log = MakeSyntheticLog({2, 3}, 29);
  const std::string json = EncodeProofJson(ProveRecord(log, 1, log.CheckpointOfAll()));
  const auto replace = [&](std::string_view from, std::string_view to) {
    std::string text = json;
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  Proof proof;
  const std::pair<std::string, std::string_view> kCases[] = {
      {replace("\"version\": 1", "\"version\": 2"), "version 2"},
      {replace("\"seq\": 1,", "\"seq\": 1,\n  \"extra\": 1,"), "unknown member"},
      {replace("\"seq\": 1,\n", ""), "\"seq\" is missing"},
      {replace("\"seq\": 1", "\"seq\": \"1\""), "unsigned integer"},
      {replace("\"genesis\": \"", "\"genesis\": \"0"), "genesis"},
      {replace("\"tree_size\":2", "\"tree_size\":3"), "disagrees with the signed note"},
  };
  for (const auto& [text, message] : kCases) {
    const Status status = DecodeProofJson(text, &proof);
    EXPECT_FALSE(status.ok()) << message;
    EXPECT_TRUE(Says(status, message)) << status.message();
  }
}

}  // namespace
}  // namespace sealog::crypto
