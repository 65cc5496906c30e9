#include "engine/sealer.h"

#include "engine/active_index.h"
#include "engine/epoch_key_file.h"
#include "engine/segment.h"
#include "engine/segment_reader.h"
#include "index/index_file.h"

namespace sealog {

Sealer::Sealer(io::Env& env, std::string dir, std::string log_id, std::unique_ptr<SealLog> log,
               crypto::SigningKey key)
    : env_(env), dir_(std::move(dir)), log_id_(std::move(log_id)), log_(std::move(log)),
      key_(std::move(key)) {}

Status Sealer::CreateChain(io::Env& env, const std::string& dir, const std::string& log_id,
                           int64_t created_ns, const crypto::SigningKey& root_key) {
  crypto::Seed seed;
  SEALOG_RETURN_IF_ERROR(env.RandomBytes(seed.data(), seed.size()));
  const crypto::SigningKey epoch0 = crypto::SigningKey::FromSeed(seed);
  seed.fill(0);
  crypto::Genesis genesis;
  genesis.log_id = log_id;
  genesis.created_ns = created_ns;
  genesis.epoch0_key = epoch0.public_key();
  crypto::SignGenesis(root_key, &genesis);
  // The key first: a chain whose epoch key is missing could never seal.
  SEALOG_RETURN_IF_ERROR(SaveEpochKey(env, dir, log_id, 0, epoch0));
  return SealLog::Create(env, dir, log_id, crypto::EncodeGenesis(genesis));
}

Status Sealer::Open(io::Env& env, const std::string& dir, const Manifest& manifest,
                    std::unique_ptr<Sealer>* out) {
  std::unique_ptr<SealLog> log;
  uint64_t torn_bytes = 0;
  SEALOG_RETURN_IF_ERROR(SealLog::Open(env, dir, manifest.log_id, false, &log, &torn_bytes));
  const std::string where = dir + "/SEALS";
  crypto::Genesis genesis;
  SEALOG_RETURN_IF_ERROR(crypto::DecodeGenesis(log->entries()[0], &genesis));
  const uint64_t seals = log->entries().size() - 1;
  crypto::PublicKey expected_key = genesis.epoch0_key;
  uint64_t last_sealed_segment = 0;
  if (seals > 0) {
    crypto::Seal last;
    SEALOG_RETURN_IF_ERROR(crypto::DecodeSeal(log->entries().back(), &last));
    expected_key = last.next_key;
    last_sealed_segment = last.segment_number;
  }
  if (last_sealed_segment >= manifest.segments.back().number) {
    return Status::Corruption(where + ": seals segment " + std::to_string(last_sealed_segment) +
                              ", which the MANIFEST does not list as closed");
  }

  Result<EpochKey> loaded = LoadEpochKey(env, dir, manifest.log_id);
  if (!loaded.ok()) return loaded.status();
  crypto::SigningKey key = loaded->key;
  if (loaded->epoch + 1 == seals) {
    // The crash came after the last seal was synced, before the key rotated.
    key = key.Next();
    SEALOG_RETURN_IF_ERROR(SaveEpochKey(env, dir, manifest.log_id, seals, key));
  } else if (loaded->epoch != seals) {
    return Status::Corruption(dir + "/" + kEpochKeyName + ": holds the key of epoch " +
                              std::to_string(loaded->epoch) + " but the chain has " +
                              std::to_string(seals) + " seals");
  }
  if (key.public_key() != expected_key) {
    return Status::Corruption(dir + "/" + kEpochKeyName +
                              ": the epoch key is not the one the seal chain certifies");
  }

  std::unique_ptr<Sealer> sealer(
      new Sealer(env, dir, manifest.log_id, std::move(log), std::move(key)));
  sealer->last_entry_hash_ = crypto::EntryHash(sealer->log_->entries().back());
  sealer->last_sealed_segment_ = last_sealed_segment;
  for (const ManifestSegment& segment : manifest.segments) {
    if (!segment.active && segment.number > last_sealed_segment && segment.record_count > 0) {
      SEALOG_RETURN_IF_ERROR(sealer->SealFromFile(segment));
    }
  }
  *out = std::move(sealer);
  return Status::Ok();
}

Status Sealer::SealFromFile(const ManifestSegment& segment) {
  std::unique_ptr<SegmentReader> reader;
  SEALOG_RETURN_IF_ERROR(SegmentReader::Open(env_, dir_, segment.number, log_id_, &reader));
  SegmentDigest digest;
  ActiveIndex segment_index(segment.number, segment.first_seq);
  SEALOG_RETURN_IF_ERROR(ReadRecordsInOrder(
      *reader, segment.first_seq, UINT64_MAX, "cannot seal",
      [&](const RecordView& record, uint64_t offset) {
        digest.Add(record);
        segment_index.Add(record, offset);
      }));
  return Seal(segment, digest, segment_index.Encode(log_id_), env_.NowNanos());
}

Status Sealer::Seal(const ManifestSegment& segment, const SegmentDigest& digest,
                    std::string_view index_file, int64_t sealed_ns) {
  if (digest.count() != segment.record_count || segment.record_count == 0) {
    return Status::Corruption(dir_ + "/" + SegmentFileName(segment.number) + ": holds " +
                              std::to_string(digest.count()) + " records, the MANIFEST says " +
                              std::to_string(segment.record_count));
  }
  // The index first: a seal must never sign a digest whose file could be lost.
  SEALOG_RETURN_IF_ERROR(
      io::WriteFileAtomically(env_, dir_, index::IndexFileName(segment.number), index_file));
  const crypto::SigningKey next = key_.Next();
  crypto::Seal seal;
  seal.log_id = log_id_;
  seal.segment_number = segment.number;
  seal.first_seq = segment.first_seq;
  seal.last_seq = segment.last_seq();
  seal.record_count = segment.record_count;
  seal.min_time_ns = digest.min_time_ns();
  seal.max_time_ns = digest.max_time_ns();
  seal.sealed_ns = sealed_ns;
  seal.merkle_root = digest.Root();
  seal.index_digest = index::IndexFile::DigestOf(index_file);
  seal.prev_hash = last_entry_hash_;
  seal.epoch = seal_count();
  seal.next_key = next.public_key();
  crypto::SignSeal(key_, &seal);
  const std::string encoded = crypto::EncodeSeal(seal);
  SEALOG_RETURN_IF_ERROR(log_->Append(encoded));
  last_entry_hash_ = crypto::EntryHash(encoded);
  last_sealed_segment_ = segment.number;
  // The secret that signed the seal is replaced by the next one.
  SEALOG_RETURN_IF_ERROR(SaveEpochKey(env_, dir_, log_id_, seal_count(), next));
  key_ = next;
  return Status::Ok();
}

}  // namespace sealog
