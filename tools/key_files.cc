#include "tools/key_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sealog::cli {
namespace {

// Wipes a string that held a secret before it is freed.
void Wipe(std::string* secret) {
  volatile char* bytes = secret->data();
  for (size_t i = 0; i < secret->size(); ++i) bytes[i] = 0;
  secret->clear();
}

}  // namespace

Status ReadSmallFile(const std::string& path, size_t max_bytes, std::string* contents) {
  contents->clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const std::string reason = std::strerror(errno);
    return errno == ENOENT ? Status::NotFound(path + ": " + reason)
                           : Status::IOError(path + ": " + reason);
  }
  char buffer[4096];
  Status status;
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = Status::IOError(path + ": " + std::strerror(errno));
      break;
    }
    if (n == 0) break;
    if (contents->size() + static_cast<size_t>(n) > max_bytes) {
      status = Status::InvalidArgument(path + ": larger than " + std::to_string(max_bytes) +
                                       " bytes, so not the file expected here");
      break;
    }
    contents->append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  std::memset(buffer, 0, sizeof(buffer));
  return status;
}

std::optional<std::string> ReadFlagFile(const std::string& path, size_t max_bytes,
                                        std::string_view flag, std::string_view command,
                                        ExitCode* exit_code) {
  std::string contents;
  const Status status = ReadSmallFile(path, max_bytes, &contents);
  if (status.ok()) return contents;
  *exit_code = ExitCodeFor(status);
  const std::string where = std::string(command) + " " + std::string(flag);
  if (status.IsNotFound()) {
    PrintError("cannot read " + status.message(), where, "check the path");
  } else if (status.code() == Code::kInvalidArgument) {
    PrintError(status.message(), where, "give the file that " + std::string(flag) + " expects");
  } else {
    PrintError("cannot read " + status.message(), where, "check the file's permissions");
  }
  return std::nullopt;
}

std::optional<crypto::SigningKey> ReadSecretKeyFile(const std::string& path, std::string_view flag,
                                                    std::string_view command, ExitCode* exit_code) {
  std::optional<std::string> text = ReadFlagFile(path, kKeyFileBytesMax, flag, command, exit_code);
  if (!text) return std::nullopt;
  Result<crypto::SigningKey> key = crypto::DecodeSecretKeyFile(*text, path);
  Wipe(&*text);
  if (key.ok()) return *key;
  *exit_code = kUsage;
  PrintError(key.status().message(), std::string(command) + " " + std::string(flag),
             "give the .key file written by: sealog keygen --out PREFIX");
  return std::nullopt;
}

std::optional<crypto::PublicKey> ReadPublicKeyFile(const std::string& path, std::string_view flag,
                                                   std::string_view command, ExitCode* exit_code) {
  std::optional<std::string> text = ReadFlagFile(path, kKeyFileBytesMax, flag, command, exit_code);
  if (!text) return std::nullopt;
  Result<crypto::PublicKey> key = crypto::DecodePublicKeyFile(*text, path);
  if (key.ok()) return *key;
  *exit_code = kUsage;
  PrintError(key.status().message(), std::string(command) + " " + std::string(flag),
             "give the .pub file written by: sealog keygen --out PREFIX");
  return std::nullopt;
}

}  // namespace sealog::cli
