// sealog check-proof PROOF --pubkey FILE: checks an inclusion proof offline,
// with nothing but the root public key: exit 0 valid, 1 invalid (with the
// reason), 2 not a readable proof, 3 a file that cannot be read.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "crypto/checkpoint.h"
#include "crypto/proof.h"
#include "crypto/signing_key.h"
#include "crypto/text_codec.h"
#include "engine/segment.h"
#include "sealog/verify.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/key_files.h"

namespace sealog::cli {
namespace {

constexpr char kCheckProofCommand[] = "sealog check-proof";

struct CheckProofFlags {
  std::string proof_file;
  std::string pubkey_file;
};

// PROOF, or standard input for "-".
std::optional<std::string> ReadProof(const std::string& path, ExitCode* exit_code) {
  if (path != "-") {
    return ReadFlagFile(path, crypto::kProofJsonBytesMax, "PROOF", kCheckProofCommand, exit_code);
  }
  std::string text;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), stdin)) > 0) {
    text.append(buffer, n);
    if (text.size() > crypto::kProofJsonBytesMax) {
      PrintError("standard input is too large to be a proof", kCheckProofCommand, "give the proof's file");
      *exit_code = kUsage;
      return std::nullopt;
    }
  }
  if (std::ferror(stdin)) {
    PrintError("cannot read standard input", kCheckProofCommand, "give the proof's file");
    *exit_code = kEnvironment;
    return std::nullopt;
  }
  return text;
}

int RunCheckProof(const CheckProofFlags& flags) {
  ExitCode exit_code = kOk;
  std::optional<crypto::PublicKey> key =
      ReadPublicKeyFile(flags.pubkey_file, "--pubkey", kCheckProofCommand, &exit_code);
  if (!key) return exit_code;
  std::optional<std::string> text = ReadProof(flags.proof_file, &exit_code);
  if (!text) return exit_code;
  const std::string where = flags.proof_file == "-" ? "<stdin>" : flags.proof_file;

  const Status status =
      CheckProof(*text, std::string(reinterpret_cast<const char*>(key->data()), key->size()));
  if (status.code() == Code::kInvalidArgument) {
    PrintError("not a readable proof: " + status.message(), where,
               "give the output of 'sealog prove STORE SEQ', unchanged");
    return kUsage;
  }
  if (!status.ok()) {
    fmt::print("invalid: {}\n", status.message());
    std::fflush(stdout);
    PrintError("the proof does not hold: " + status.message(), where,
               "the record, the log or the key is not what the proof claims");
    return kVerifyFailed;
  }
  crypto::Proof proof;
  if (crypto::DecodeProofJson(*text, &proof).ok()) {
    fmt::print(
        "valid: record seq {} is in log {} as of its checkpoint ({} records, {} seal{}, signed "
        "{}), certified by root key {}\n",
        proof.seq, crypto::HexEncode(proof.checkpoint.log_id), proof.checkpoint.records,
        proof.checkpoint.tree_size, proof.checkpoint.tree_size == 1 ? "" : "s",
        crypto::FormatCheckpointTime(proof.checkpoint.time_ns), crypto::KeyFingerprint(*key));
  } else {
    fmt::print("valid\n");
  }
  return std::fflush(stdout) == 0 ? kOk : kEnvironment;
}

}  // namespace

Command AddCheckProofCommand(CLI::App* parent) {
  auto flags = std::make_shared<CheckProofFlags>();
  CLI::App* app = parent->add_subcommand(
      "check-proof", "Check an inclusion proof offline, with only the root public key");
  app->add_option("PROOF", flags->proof_file, "The proof printed by sealog prove ('-': stdin)")
      ->required();
  app->add_option("--pubkey", flags->pubkey_file,
                  "Root public key (.pub from sealog keygen) the log must be certified by")
      ->required();
  app->footer(
      "Exit: 0 the proof holds, 1 it does not (the reason on stdout and stderr), 2 not a\n"
      "readable proof or key, 3 a file cannot be read.\n"
      "Example:\n"
      "  sealog check-proof record-42.proof --pubkey /etc/sealog/audit.pub");
  return {app, [flags] { return RunCheckProof(*flags); }};
}

}  // namespace sealog::cli
