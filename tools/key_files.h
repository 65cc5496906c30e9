// Reading the small files that commands take as flags: key files made by
// `sealog keygen` (--key, --pubkey), checkpoints (--anchor) and proofs. Each
// reader prints the error line itself (cli_common.h) and sets the exit code:
// 3 when the file cannot be read, 2 when it is not what the flag expects.
#ifndef SEALOG_TOOLS_KEY_FILES_H_
#define SEALOG_TOOLS_KEY_FILES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/signing_key.h"
#include "sealog/status.h"
#include "tools/cli_common.h"

namespace sealog::cli {

// Key files are two short lines; checkpoints and proofs a few KiB.
inline constexpr size_t kKeyFileBytesMax = 4096;
inline constexpr size_t kDocumentBytesMax = 1 << 20;

// Reads all of `path` (at most max_bytes; a larger file is kInvalidArgument).
// kNotFound when it does not exist, kIOError when it cannot be read.
Status ReadSmallFile(const std::string& path, size_t max_bytes, std::string* contents);

// Reads `path` for `flag` (e.g. "--anchor") of `command` (e.g. "sealog
// verify"). On failure prints the error and returns nullopt.
std::optional<std::string> ReadFlagFile(const std::string& path, size_t max_bytes,
                                        std::string_view flag, std::string_view command,
                                        ExitCode* exit_code);

// A secret key file ("sealog secret key v1"), for init --key.
std::optional<crypto::SigningKey> ReadSecretKeyFile(const std::string& path, std::string_view flag,
                                                    std::string_view command, ExitCode* exit_code);
// A public key file ("sealog public key v1"), for --pubkey.
std::optional<crypto::PublicKey> ReadPublicKeyFile(const std::string& path, std::string_view flag,
                                                   std::string_view command, ExitCode* exit_code);

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_KEY_FILES_H_
