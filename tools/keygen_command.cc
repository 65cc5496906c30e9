// sealog keygen --out PREFIX: writes an Ed25519 key pair, PREFIX.key (the
// secret, mode 0600) and PREFIX.pub, and prints the key's fingerprint.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include <CLI/CLI.hpp>

#include "crypto/signing_key.h"
#include "engine/io/env.h"
#include "tools/cli_common.h"
#include "tools/commands.h"

namespace sealog::cli {
namespace {

constexpr char kKeygenCommand[] = "sealog keygen";

struct KeygenFlags {
  std::string prefix;
};

// Creates `path` (never replacing an existing file: O_EXCL), writes `data`
// and syncs it. On failure removes what it created.
Status WriteNewFile(const std::string& path, std::string_view data, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Status::IOError("cannot create " + path + ": " + std::strerror(errno));
  Status status;
  size_t done = 0;
  // umask may only take bits away; fchmod makes the mode exact for the secret.
  if (mode == 0600 && ::fchmod(fd, mode) != 0) {
    status = Status::IOError("chmod " + path + ": " + std::strerror(errno));
  }
  while (status.ok() && done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = errno == ENOSPC ? Status::NoSpace("write " + path + ": " + std::strerror(errno))
                               : Status::IOError("write " + path + ": " + std::strerror(errno));
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (status.ok() && ::fsync(fd) != 0) {
    status = Status::IOError("fsync " + path + ": " + std::strerror(errno));
  }
  ::close(fd);
  if (!status.ok()) ::unlink(path.c_str());
  return status;
}

void SyncDirectoryOf(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

int RunKeygen(const KeygenFlags& flags) {
  if (flags.prefix.empty() || flags.prefix.back() == '/') {
    PrintError("--out needs a file name prefix, not a directory", kKeygenCommand,
               "e.g. --out /etc/sealog/audit writes audit.key and audit.pub there");
    return kUsage;
  }
  const std::string secret_path = flags.prefix + ".key";
  const std::string public_path = flags.prefix + ".pub";
  for (const std::string& path : {secret_path, public_path}) {
    std::error_code error;
    if (std::filesystem::symlink_status(path, error).type() !=
        std::filesystem::file_type::not_found) {
      PrintError(path + " already exists", kKeygenCommand,
                 "choose another --out PREFIX; keygen never overwrites a key");
      return kEnvironment;
    }
  }
  const std::string dir = std::filesystem::path(flags.prefix).parent_path().string();
  std::error_code error;
  if (!dir.empty() && !std::filesystem::is_directory(dir, error)) {
    PrintError("no directory " + dir, kKeygenCommand, "create it first, or choose another --out PREFIX");
    return kEnvironment;
  }

  crypto::Seed seed;
  const Status random = io::NewPosixEnv()->RandomBytes(seed.data(), seed.size());
  if (!random.ok()) return ReportStatus(random, kKeygenCommand);
  const crypto::SigningKey key = crypto::SigningKey::FromSeed(seed);
  std::memset(seed.data(), 0, seed.size());

  std::string secret_text = crypto::EncodeSecretKeyFile(key);
  Status status = WriteNewFile(secret_path, secret_text, 0600);
  std::memset(secret_text.data(), 0, secret_text.size());
  if (status.ok()) {
    status = WriteNewFile(public_path, crypto::EncodePublicKeyFile(key.public_key()), 0644);
    if (!status.ok()) ::unlink(secret_path.c_str());  // no half a key pair
  }
  if (!status.ok()) return ReportStatus(status, kKeygenCommand);
  SyncDirectoryOf(secret_path);

  std::printf("wrote %s (secret key, mode 0600) and %s (public key)\nfingerprint %s\n",
              secret_path.c_str(), public_path.c_str(),
              crypto::KeyFingerprint(key.public_key()).c_str());
  return std::fflush(stdout) == 0 ? kOk : kEnvironment;
}

}  // namespace

Command AddKeygenCommand(CLI::App* parent) {
  auto flags = std::make_shared<KeygenFlags>();
  CLI::App* app = parent->add_subcommand("keygen", "Write a new Ed25519 key pair");
  app->add_option("--out", flags->prefix,
                  "Writes PREFIX.key (secret, mode 0600) and PREFIX.pub; never overwrites")
      ->required();
  app->footer(
      "Keep PREFIX.key away from the stores it certifies; give PREFIX.pub to whoever verifies.\n"
      "Example:\n"
      "  sealog keygen --out /etc/sealog/audit\n"
      "  sealog init /var/lib/audit --key /etc/sealog/audit.key\n"
      "  sealog verify /var/lib/audit --pubkey /etc/sealog/audit.pub");
  return {app, [flags] { return RunKeygen(*flags); }};
}

}  // namespace sealog::cli
