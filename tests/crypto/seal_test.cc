// Seal-chain entries and keys: encodings round trip, signatures bind every
// byte, and each epoch key derives the next one way only.
#include "crypto/seal.h"

#include <gtest/gtest.h>

namespace sealog::crypto {
namespace {

Seed SeedOf(uint8_t fill) {
  Seed seed;
  seed.fill(fill);
  return seed;
}

Seal ExampleSeal(const SigningKey& epoch_key) {
  Seal seal;
  seal.log_id = std::string(16, '\x42');
  seal.segment_number = 3;
  seal.first_seq = 101;
  seal.last_seq = 150;
  seal.record_count = 50;
  seal.min_time_ns = -5;
  seal.max_time_ns = 1767225600000000000;
  seal.sealed_ns = 1767225700000000000;
  seal.merkle_root = Blake2b("root");
  seal.prev_hash = Blake2b("prev");
  seal.epoch = 2;
  seal.next_key = epoch_key.Next().public_key();
  SignSeal(epoch_key, &seal);
  return seal;
}

TEST(SealTest, SealRoundTripsAndVerifies) {
  const SigningKey key = SigningKey::FromSeed(SeedOf(1));
  const Seal seal = ExampleSeal(key);
  const std::string bytes = EncodeSeal(seal);
  ASSERT_EQ(bytes.size(), kSealSize);
  Seal decoded;
  ASSERT_TRUE(DecodeSeal(bytes, &decoded).ok());
  EXPECT_EQ(EncodeSeal(decoded), bytes);
  EXPECT_EQ(decoded.min_time_ns, -5);
  EXPECT_TRUE(SealSignatureValid(decoded, key.public_key()));
  EXPECT_EQ(*PeekEntryKind(bytes), EntryKind::kSeal);
}

TEST(SealTest, EveryFlippedByteBreaksTheSignature) {
  const SigningKey key = SigningKey::FromSeed(SeedOf(1));
  const std::string bytes = EncodeSeal(ExampleSeal(key));
  for (size_t i = 5; i < bytes.size(); ++i) {  // kind and version are checked by decoding
    std::string damaged = bytes;
    damaged[i] ^= 0x04;
    Seal decoded;
    ASSERT_TRUE(DecodeSeal(damaged, &decoded).ok());
    EXPECT_FALSE(SealSignatureValid(decoded, key.public_key())) << i;
  }
}

TEST(SealTest, SealSignedByAnotherKeyIsInvalid) {
  const SigningKey key = SigningKey::FromSeed(SeedOf(1));
  const SigningKey other = SigningKey::FromSeed(SeedOf(2));
  EXPECT_FALSE(SealSignatureValid(ExampleSeal(other), key.public_key()));
}

TEST(SealTest, GenesisRoundTripsAndVerifiesUnderItsRootKey) {
  const SigningKey root = SigningKey::FromSeed(SeedOf(9));
  Genesis genesis;
  genesis.log_id = std::string(16, '\x01');
  genesis.created_ns = 12345;
  genesis.epoch0_key = SigningKey::FromSeed(SeedOf(3)).public_key();
  SignGenesis(root, &genesis);
  const std::string bytes = EncodeGenesis(genesis);
  ASSERT_EQ(bytes.size(), kGenesisSize);
  Genesis decoded;
  ASSERT_TRUE(DecodeGenesis(bytes, &decoded).ok());
  EXPECT_TRUE(GenesisSignatureValid(decoded));
  decoded.epoch0_key[0] ^= 1;
  EXPECT_FALSE(GenesisSignatureValid(decoded));
}

TEST(SealTest, MalformedEntriesAreCorruption) {
  const std::string bytes = EncodeSeal(ExampleSeal(SigningKey::FromSeed(SeedOf(1))));
  Seal seal;
  EXPECT_TRUE(DecodeSeal(bytes.substr(0, 100), &seal).IsCorruption());
  std::string wrong_version = bytes;
  wrong_version[1] = 7;
  EXPECT_NE(DecodeSeal(wrong_version, &seal).message().find("version 7"), std::string::npos);
  Genesis genesis;
  EXPECT_TRUE(DecodeGenesis(bytes, &genesis).IsCorruption());
  EXPECT_FALSE(PeekEntryKind(std::string(1, '\x09')).ok());
}

TEST(SigningKeyTest, NextKeyIsDeterministicAndDifferent) {
  const SigningKey key = SigningKey::FromSeed(SeedOf(5));
  EXPECT_EQ(key.Next().public_key(), key.Next().public_key());
  EXPECT_NE(key.Next().public_key(), key.public_key());
  EXPECT_NE(key.Next().Next().public_key(), key.Next().public_key());
}

TEST(SigningKeyTest, KeyFilesRoundTrip) {
  const SigningKey key = SigningKey::FromSeed(SeedOf(6));
  Result<SigningKey> secret = DecodeSecretKeyFile(EncodeSecretKeyFile(key), "k.key");
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  EXPECT_EQ(secret->public_key(), key.public_key());
  Result<PublicKey> pub = DecodePublicKeyFile(EncodePublicKeyFile(key.public_key()), "k.pub");
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(*pub, key.public_key());
}

TEST(SigningKeyTest, BadKeyFilesNameTheFileAndTheProblem) {
  Result<PublicKey> wrong_kind =
      DecodePublicKeyFile(EncodeSecretKeyFile(SigningKey::FromSeed(SeedOf(6))), "root.key");
  ASSERT_FALSE(wrong_kind.ok());
  EXPECT_NE(wrong_kind.status().message().find("root.key"), std::string::npos);
  EXPECT_FALSE(DecodePublicKeyFile("sealog public key v1\ned25519 abc\n", "x").ok());
  EXPECT_FALSE(DecodePublicKeyFile("", "x").ok());
}

TEST(SealTest, RecordLeafHashBindsSeqAndBody) {
  EXPECT_NE(RecordLeafHash(1, "body"), RecordLeafHash(2, "body"));
  EXPECT_NE(RecordLeafHash(1, "body"), RecordLeafHash(1, "bodY"));
  std::string leaf_input(8, '\0');
  leaf_input[0] = 1;
  leaf_input += "body";
  EXPECT_EQ(RecordLeafHash(1, "body"), LeafHash(leaf_input));
}

}  // namespace
}  // namespace sealog::crypto
