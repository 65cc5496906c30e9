#include "engine/epoch_key_file.h"

#include <cstring>

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"

namespace sealog {

namespace {
constexpr std::string_view kMagic = "SEALOGEK";
constexpr size_t kFileSize = 80;
}  // namespace

Status SaveEpochKey(io::Env& env, const std::string& dir, const std::string& log_id,
                    uint64_t epoch, const crypto::SigningKey& key) {
  std::string bytes(kMagic);
  PutFixed32(&bytes, format::kVersion);
  PutFixed32(&bytes, 0);
  bytes.append(log_id);
  PutFixed64(&bytes, epoch);
  bytes.append(reinterpret_cast<const char*>(key.seed().data()), key.seed().size());
  PutFixed64(&bytes, Checksum(bytes));
  Status status = io::WriteFileAtomically(env, dir, kEpochKeyName, bytes, /*owner_only=*/true);
  std::fill(bytes.begin(), bytes.end(), '\0');
  return status;
}

Result<EpochKey> LoadEpochKey(io::Env& env, const std::string& dir, const std::string& log_id) {
  const std::string path = dir + "/" + kEpochKeyName;
  std::string bytes;
  Status status = io::ReadFileToString(env, path, &bytes);
  if (status.IsNotFound()) {
    return Status::NotFound(path + ": the epoch key is missing; the store cannot seal");
  }
  SEALOG_RETURN_IF_ERROR(status);
  if (bytes.size() != kFileSize || bytes.compare(0, kMagic.size(), kMagic) != 0 ||
      Checksum(std::string_view(bytes).substr(0, kFileSize - 8)) !=
          DecodeFixed64(bytes.data() + kFileSize - 8)) {
    return Status::Corruption(path + ": damaged epoch key file");
  }
  if (bytes.compare(16, 16, log_id) != 0) {
    return Status::Corruption(path + ": the epoch key belongs to another log");
  }
  crypto::Seed seed;
  std::memcpy(seed.data(), bytes.data() + 40, seed.size());
  EpochKey loaded{DecodeFixed64(bytes.data() + 32), crypto::SigningKey::FromSeed(seed)};
  std::fill(bytes.begin(), bytes.end(), '\0');
  seed.fill(0);
  return loaded;
}

}  // namespace sealog
