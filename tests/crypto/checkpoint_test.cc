// Checkpoints: the C2SP signed note byte for byte (golden text computed
// independently with Python's hashlib and pyca/cryptography), the key id of
// signed-note.md checked against golang.org/x/mod/sumdb/note's published
// example, signatures binding every field, and the strict decoders.
#include "crypto/checkpoint.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace sealog::crypto {
namespace {

constexpr int64_t kTime = 1767225600123456789;  // 2026-01-01T00:00:00.123456789Z

SigningKey KeyOf(uint8_t fill) {
  Seed seed;
  seed.fill(fill);
  return SigningKey::FromSeed(seed);
}

Checkpoint Example() {
  Checkpoint checkpoint;
  for (int i = 0; i < 16; ++i) checkpoint.log_id.push_back(static_cast<char>(i));
  checkpoint.tree_size = 5;
  checkpoint.records = 1234;
  checkpoint.root = Blake2b("root");
  checkpoint.time_ns = kTime;
  checkpoint.epoch = 5;
  SignCheckpoint(KeyOf(7), &checkpoint);
  return checkpoint;
}

// python3: see the comment at the top; Ed25519 is deterministic (RFC 8032).
constexpr std::string_view kGoldenNote =
    "sealog/000102030405060708090a0b0c0d0e0f\n"
    "5\n"
    "CFm/zhpmu+SVenlQLPED6xzTja5L3ncc1KLw/+ewrUk=\n"
    "records 1234\n"
    "time 2026-01-01T00:00:00.123456789Z\n"
    "epoch 5\n"
    "\n"
    "\xe2\x80\x94 sealog/000102030405060708090a0b0c0d0e0f "
    "7B580MN+eLPOWdan6ASB3tBpYNg8ckTrCvEl3E2FoNyx4L6rKD8C3tFh5Mb6N3JHszCNXyGGHVkspuHJzK8rgwULigk="
    "\n";

TEST(CheckpointTest, GoldenNote) {
  const Checkpoint checkpoint = Example();
  EXPECT_EQ(checkpoint.key_id, 0xec1e7cd0u);
  EXPECT_EQ(EncodeCheckpointNote(checkpoint), kGoldenNote);
  EXPECT_EQ(NoteVerifierKey(CheckpointOrigin(checkpoint.log_id), KeyOf(7).public_key()),
            "sealog/000102030405060708090a0b0c0d0e0f+ec1e7cd0+"
            "AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs");
  Checkpoint decoded;
  ASSERT_TRUE(DecodeCheckpointNote(kGoldenNote, &decoded).ok());
  EXPECT_EQ(decoded, checkpoint);
  EXPECT_TRUE(VerifyCheckpointSignature(decoded, KeyOf(7).public_key()).ok());
}

// golang.org/x/mod/sumdb/note's documented example: signer key
// PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALV..., verifier key
// PeterNeumann+c74f20a3+ARpc2QcU..., and the note it signs.
TEST(CheckpointTest, KeyIdAndSignatureMatchSignedNoteReference) {
  std::string typed_seed;
  ASSERT_TRUE(Base64Decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", &typed_seed));
  ASSERT_EQ(typed_seed.size(), 33u);
  ASSERT_EQ(typed_seed[0], kNoteEd25519Type);
  Seed seed;
  std::memcpy(seed.data(), typed_seed.data() + 1, 32);
  const SigningKey key = SigningKey::FromSeed(seed);

  EXPECT_EQ(NoteKeyId("PeterNeumann", key.public_key()), 0xc74f20a3u);
  EXPECT_EQ(NoteVerifierKey("PeterNeumann", key.public_key()),
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
  // Another name or type byte gives another id: the name is hashed in.
  EXPECT_NE(NoteKeyId("PeterNeumann2", key.public_key()), 0xc74f20a3u);

  const std::string text =
      "If you think cryptography is the answer to your problem,\n"
      "then you don't know what your problem is.\n";
  const std::string go_note =
      text +
      "\n\xe2\x80\x94 PeterNeumann "
      "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6Ryy"
      "BwJnAM=\n";
  const Signature signature = key.Sign(text);
  const NoteSignature line{"PeterNeumann", NoteKeyId("PeterNeumann", key.public_key()),
                           std::string(reinterpret_cast<const char*>(signature.data()), 64)};
  EXPECT_EQ(AssembleNote(text, {line}), go_note);

  std::string split_text;
  std::vector<NoteSignature> signatures;
  ASSERT_TRUE(SplitNote(go_note, &split_text, &signatures).ok());
  EXPECT_EQ(split_text, text);
  ASSERT_EQ(signatures.size(), 1u);
  EXPECT_EQ(signatures[0], line);
}

TEST(CheckpointTest, SignatureBindsEveryField) {
  const Checkpoint good = Example();
  const PublicKey key = KeyOf(7).public_key();
  ASSERT_TRUE(VerifyCheckpointSignature(good, key).ok());
  EXPECT_FALSE(VerifyCheckpointSignature(good, KeyOf(8).public_key()).ok());
  std::vector<Checkpoint> edits(9, good);
  edits[0].log_id[3] ^= 1;
  edits[1].tree_size += 1;
  edits[2].records -= 1;
  edits[3].root[31] ^= 0x80;
  edits[4].time_ns += 1;
  edits[5].epoch = 4;
  edits[6].key_id ^= 1;
  edits[7].signature[0] ^= 1;
  edits[8].signature[63] ^= 0x10;
  for (size_t i = 0; i < edits.size(); ++i) {
    const Status status = VerifyCheckpointSignature(edits[i], key);
    EXPECT_FALSE(status.ok()) << i;
    EXPECT_EQ(status.code(), Code::kTampered) << i;
  }
  // A key id edit alone leaves the signature valid: the id check catches it.
  EXPECT_NE(VerifyCheckpointSignature(edits[6], key).message().find("key id"), std::string::npos);
}

TEST(CheckpointTest, TimeFormat) {
  const std::pair<int64_t, const char*> kVectors[] = {
      {0, "1970-01-01T00:00:00.000000000Z"},
      {-1, "1969-12-31T23:59:59.999999999Z"},
      {kTime, "2026-01-01T00:00:00.123456789Z"},
      {INT64_MIN, "1677-09-21T00:12:43.145224192Z"},
      {INT64_MAX, "2262-04-11T23:47:16.854775807Z"},
      {951782400000000000, "2000-02-29T00:00:00.000000000Z"},
  };
  for (const auto& [ns, text] : kVectors) {
    EXPECT_EQ(FormatCheckpointTime(ns), text);
    int64_t back = 0;
    ASSERT_TRUE(ParseCheckpointTime(text, &back)) << text;
    EXPECT_EQ(back, ns);
  }
  int64_t out = 0;
  for (const char* bad : {"2023-02-29T00:00:00.000000000Z", "2026-13-01T00:00:00.000000000Z",
                          "2026-01-01T24:00:00.000000000Z", "2026-01-01T00:00:60.000000000Z",
                          "2026-01-01T00:00:00.000000000z", "2026-01-01T00:00:00Z",
                          "2026-01-01 00:00:00.000000000Z", "2026-01-01T00:00:00.000000000+00:00",
                          "2262-04-11T23:47:16.854775808Z", "1677-09-21T00:12:43.145224191Z",
                          "2026-00-01T00:00:00.000000000Z", "2026-04-31T00:00:00.000000000Z"}) {
    EXPECT_FALSE(ParseCheckpointTime(bad, &out)) << bad;
  }
}

TEST(CheckpointTest, NoteDecoderIsStrict) {
  const std::string good(kGoldenNote);
  Checkpoint checkpoint;
  const auto replace = [&](std::string_view from, std::string_view to) {
    std::string note = good;
    const size_t at = note.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return note.replace(at, from.size(), to);
  };
  const std::string bad[] = {
      replace("\n5\n", "\n05\n"),                                   // leading zero
      replace("0a0b", "0A0B"),                                      // uppercase origin
      replace("records 1234", "records  1234"),                     // extra space
      replace("epoch 5\n", "epoch 5\nextra\n"),                     // unknown line
      replace("records 1234\n", ""),                                // missing line
      replace("rUk=", "rUl="),                                      // non-canonical base64
      replace("\xe2\x80\x94 ", "- "),                               // not an em dash
      replace("\n\n", "\n"),                                        // no blank line
      replace("\xe2\x80\x94 sealog/", "\xe2\x80\x94 other/"),       // no signature by the log
      good + "\xe2\x80\x94 " + good.substr(good.rfind("sealog/")),  // two by the log
      good.substr(0, good.size() - 1),                              // no final newline
      replace("time 2026", "time\t2026"),                           // control character
  };
  for (size_t i = 0; i < std::size(bad); ++i) {
    EXPECT_FALSE(DecodeCheckpointNote(bad[i], &checkpoint).ok()) << i << "\n" << bad[i];
  }
  // A witness's cosignature is ignored, as signed-note.md requires.
  const std::string cosigned =
      good + "\xe2\x80\x94 witness.example/w1 " + Base64Encode(std::string(72, 'x')) + "\n";
  ASSERT_TRUE(DecodeCheckpointNote(cosigned, &checkpoint).ok());
  EXPECT_EQ(checkpoint, Example());
}

TEST(CheckpointTest, JsonRoundTripAndCrossCheck) {
  const Checkpoint good = Example();
  const std::string json = EncodeCheckpointJson(good);
  EXPECT_EQ(json.find('\n'), std::string::npos);  // one line
  EXPECT_TRUE(json.starts_with(R"({"log_id":"000102030405060708090a0b0c0d0e0f","tree_size":5,)"));
  EXPECT_NE(json.find(R"("time":"2026-01-01T00:00:00.123456789Z")"), std::string::npos);
  Checkpoint decoded;
  ASSERT_TRUE(DecodeCheckpointJson(json, &decoded).ok());
  EXPECT_EQ(decoded, good);

  // Layout is free for the checkpoint alone (an anchor may be reformatted).
  std::string spaced = json;
  for (size_t at = spaced.find(','); at != std::string::npos; at = spaced.find(',', at + 3)) {
    spaced.insert(at + 1, "\n  ");
  }
  ASSERT_TRUE(DecodeCheckpointJson(" " + spaced + "\n", &decoded).ok());
  EXPECT_EQ(decoded, good);

  const auto replace = [&](std::string_view from, std::string_view to) {
    std::string text = json;
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  const std::string bad[] = {
      replace("\"records\":1234", "\"records\":1235"),  // disagrees with the note
      replace("\"epoch\":5", "\"epoch\":4"),
      replace("\"tree_size\":5", "\"tree_size\":05"),
      replace("\"tree_size\":5", "\"tree_size\":\"5\""),
      replace("\"epoch\":5", "\"epoch\":5,\"extra\":1"),
      replace("\"epoch\":5", "\"epoch\":5,\"epoch\":5"),
      replace(",\"epoch\":5", ""),
      replace("000102030405060708090a0b0c0d0e0f\"", "000102030405060708090A0B0C0D0E0F\""),
      replace("2026-01-01T00:00:00.123456789Z\"", "2026-01-01T00:00:00.123456788Z\""),
      json + "x",
      "[" + json + "]",
  };
  for (size_t i = 0; i < std::size(bad); ++i) {
    EXPECT_FALSE(DecodeCheckpointJson(bad[i], &decoded).ok()) << i << "\n" << bad[i];
  }
  // The signature member repeats the note's; a different one is refused.
  std::string other_sig = json;
  const size_t at = other_sig.find("\"signature\":\"") + 13;
  other_sig[at] = other_sig[at] == '0' ? '1' : '0';
  const Status status = DecodeCheckpointJson(other_sig, &decoded);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("signature"), std::string::npos) << status.message();
}

TEST(CheckpointTest, EmptyLogCheckpoint) {
  Checkpoint checkpoint;
  checkpoint.log_id = std::string(16, '\x01');
  checkpoint.root = Blake2b({});
  SignCheckpoint(KeyOf(3), &checkpoint);
  Checkpoint decoded;
  ASSERT_TRUE(DecodeCheckpointJson(EncodeCheckpointJson(checkpoint), &decoded).ok());
  EXPECT_EQ(decoded, checkpoint);
  EXPECT_NE(EncodeCheckpointNote(checkpoint).find("\n0\n"), std::string::npos);
  EXPECT_TRUE(VerifyCheckpointSignature(decoded, KeyOf(3).public_key()).ok());
}

}  // namespace
}  // namespace sealog::crypto
