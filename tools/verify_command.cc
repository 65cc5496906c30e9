// sealog verify STORE [--pubkey FILE] [--anchor FILE] [--json] [--strict]:
// checks every checksum, Merkle root, signature and the chain of seals and
// epochs (sealog::Verify), names each problem, and sums up what it proved.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "crypto/signing_key.h"
#include "sealog/verify.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/key_files.h"
#include "tools/progress.h"
#include "tools/record_format.h"

namespace sealog::cli {
namespace {

constexpr char kVerifyCommand[] = "sealog verify";

struct VerifyFlags {
  std::string store;
  std::string pubkey_file;
  std::string anchor_file;
  bool json = false;
  bool strict = false;
  bool archive = false;  // store names a cold archive file, not a store
};

// Control characters would break the one-line-per-problem promise.
std::string OneLine(std::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return line;
}

std::string NumberOrDash(uint64_t value) { return value == 0 ? "-" : std::to_string(value); }

// "2 problems: 1 corrupt, 1 tampered"
std::string ProblemCounts(const VerifyReport& report) {
  std::map<std::string, int> counts;
  for (const Problem& problem : report.problems) ++counts[ProblemKindName(problem.kind)];
  std::string text;
  for (const auto& [kind, count] : counts) {
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", count, kind);
  }
  return fmt::format("{} problem{}: {}", report.problems.size(),
                     report.problems.size() == 1 ? "" : "s", text);
}

std::string RootKeyText(const VerifyReport& report, const std::string& fingerprint,
                        const VerifyFlags& flags) {
  if (!report.root_key_from_store) {
    return fmt::format("given with --pubkey {} (fingerprint {}){}", flags.pubkey_file, fingerprint,
                       report.ok() ? ": integrity and authorship proven" : "");
  }
  return "taken from the store itself: integrity is proven, not authorship (anyone could have "
         "made a new key and re-signed); pass --pubkey FILE to prove who certified the store";
}

std::string ReportText(const VerifyFlags& flags, const VerifyReport& report,
                       const std::string& fingerprint) {
  std::string out;
  for (const Problem& problem : report.problems) {
    out +=
        fmt::format("{} segment {} seq {} offset {} {}: {}\n", ProblemKindName(problem.kind),
                    NumberOrDash(problem.segment), NumberOrDash(problem.seq), problem.offset,
                    problem.file.empty() ? "-" : OneLine(problem.file), OneLine(problem.message));
  }
  out += fmt::format("{}{}\n", flags.archive ? "archive           " : "store             ",
                     flags.store);
  out += fmt::format("result            {}\n", report.ok()
                                                   ? "ok: no evidence of tampering or corruption"
                                                   : "FAILED: " + ProblemCounts(report));
  out +=
      fmt::format("segments sealed   {} (seal and records checked out)\n", report.segments_sealed);
  out += fmt::format("records verified  {}\n", report.records_verified);
  out += fmt::format("records unsealed  {}{}\n", report.records_unsealed,
                     report.records_unsealed == 0
                         ? ""
                         : " (present, checksums checked, but not sealed yet: NOT verified; "
                           "sealog seal seals them)");
  if (report.segments_expired > 0) {
    out += fmt::format("records expired   {} in {} segment{} deleted by retention, each named by a "
                       "signed receipt in the log\n",
                       report.records_expired, report.segments_expired,
                       report.segments_expired == 1 ? "" : "s");
  }
  out += fmt::format("epochs walked     {}\n", report.epochs);
  out += fmt::format("bytes read        {}\n", report.bytes_read);
  out += fmt::format("root key          {}\n", RootKeyText(report, fingerprint, flags));
  out += fmt::format("anchor            {}\n",
                     flags.archive ? std::string("not for an archive (anchors check a whole store)")
                     : report.anchor_checked ? "checked: the store extends " + flags.anchor_file
                                           : std::string("none given (sealog head prints one to "
                                                         "keep elsewhere; pass it with --anchor)"));
  return out;
}

std::string ReportJson(const VerifyFlags& flags, const VerifyReport& report,
                       const std::string& fingerprint) {
  std::string out = flags.archive ? "{\"archive\":" : "{\"store\":";
  AppendJsonString(flags.store, &out);
  out += fmt::format(",\"ok\":{},\"problems\":[", report.ok());
  for (size_t i = 0; i < report.problems.size(); ++i) {
    const Problem& problem = report.problems[i];
    out += fmt::format(
        "{}{{\"kind\":\"{}\",\"segment\":{},\"seq\":{},\"offset\":{},\"file\":", i == 0 ? "" : ",",
        ProblemKindName(problem.kind), problem.segment, problem.seq, problem.offset);
    AppendJsonString(problem.file, &out);
    out += ",\"message\":";
    AppendJsonString(problem.message, &out);
    out += "}";
  }
  out += fmt::format(
      "],\"segments_sealed\":{},\"records_verified\":{},\"records_unsealed\":{},"
      "\"segments_expired\":{},\"records_expired\":{},\"epochs\":{},"
      "\"bytes_read\":{},\"root_key_from_store\":{},\"root_key_fingerprint\":",
      report.segments_sealed, report.records_verified, report.records_unsealed,
      report.segments_expired, report.records_expired, report.epochs, report.bytes_read,
      report.root_key_from_store);
  if (fingerprint.empty()) {
    out += "null";
  } else {
    AppendJsonString(fingerprint, &out);
  }
  out += fmt::format(",\"anchor_checked\":{}}}\n", report.anchor_checked);
  return out;
}

int RunVerify(VerifyFlags flags) {
  VerifyOptions options;
  std::string fingerprint;
  ExitCode exit_code = kOk;
  if (!flags.pubkey_file.empty()) {
    std::optional<crypto::PublicKey> key =
        ReadPublicKeyFile(flags.pubkey_file, "--pubkey", kVerifyCommand, &exit_code);
    if (!key) return exit_code;
    options.root_public_key.assign(reinterpret_cast<const char*>(key->data()), key->size());
    fingerprint = crypto::KeyFingerprint(*key);
  }
  if (!flags.anchor_file.empty()) {
    std::optional<std::string> anchor =
        ReadFlagFile(flags.anchor_file, kDocumentBytesMax, "--anchor", kVerifyCommand, &exit_code);
    if (!anchor) return exit_code;
    options.anchor_json = std::move(*anchor);
  }

  std::error_code error;
  // A regular file is a cold archive, verified on its own (copied anywhere).
  const bool archive = std::filesystem::is_regular_file(flags.store, error);
  flags.archive = archive;
  if (archive && !flags.anchor_file.empty()) {
    PrintError("--anchor checks a store, not an archive", kVerifyCommand,
               "verify the store the archive came from with --anchor");
    return kUsage;
  }
  if (!archive && !std::filesystem::is_directory(flags.store, error)) {
    PrintError("no store or archive at " + flags.store, kVerifyCommand, "check the path");
    return kEnvironment;
  }
  if (::access(flags.store.c_str(), archive ? R_OK : R_OK | X_OK) != 0) {
    PrintError("cannot read the store's directory " + flags.store, kVerifyCommand,
               "check its permissions (verify needs to read every file of the store)");
    return kEnvironment;
  }
  Result<VerifyReport> result = [&] {
    ProgressBar progress("verified", ProgressUnit::kRecords);
    options.progress = [&progress](uint64_t done, uint64_t total) {
      progress.set_total(total);
      progress.Update(done);
    };
    return archive ? VerifyArchive(flags.store, options) : Verify(flags.store, options);
  }();
  if (!result.ok()) {
    const Status& status = result.status();
    if (status.IsNotFound()) {
      PrintError(status.message(), kVerifyCommand, "check the path");
      return kEnvironment;
    }
    return ReportStatus(status, flags.store);
  }
  const VerifyReport& report = *result;
  const std::string text =
      flags.json ? ReportJson(flags, report, fingerprint) : ReportText(flags, report, fingerprint);
  if (PrintToStdout(text) != kOk) return kEnvironment;

  if (!report.ok()) {
    PrintError("verification failed: " + ProblemCounts(report), flags.store,
               "copy the store aside before anything else; each problem names its file and "
               "offset");
    return kVerifyFailed;
  }
  // An archive has no anchor to check: strict asks only that it is all sealed.
  const bool anchor_missing = !report.anchor_checked && !flags.archive;
  if (flags.strict && (report.records_unsealed > 0 || anchor_missing)) {
    std::string why;
    std::string todo;
    if (report.records_unsealed > 0) {
      why = report.records_unsealed == 1
                ? std::string("1 record is not sealed yet")
                : fmt::format("{} records are not sealed yet", report.records_unsealed);
      todo = "seal them with 'sealog seal " + flags.store + "'";
    }
    if (anchor_missing) {
      why += std::string(why.empty() ? "" : " and ") + "no --anchor was given";
      todo += std::string(todo.empty() ? "" : "; ") +
              "keep the output of 'sealog head' elsewhere and pass it with --anchor";
    }
    PrintError("--strict: " + why, flags.store, todo);
    return kStrict;
  }
  return kOk;
}

}  // namespace

Command AddVerifyCommand(CLI::App* parent) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* app = parent->add_subcommand(
      "verify", "Check checksums, Merkle roots, signatures and the seal chain");
  app->add_option("STORE", flags->store,
                  "The store's directory, or a cold archive file (.arc) copied anywhere")
      ->required();
  app->add_option("--pubkey", flags->pubkey_file,
                  "Root public key (.pub from sealog keygen) the store must be certified by; "
                  "without it the store's own root key is trusted");
  app->add_option("--anchor", flags->anchor_file,
                  "A checkpoint printed earlier by sealog head: prove the store still extends it");
  app->add_flag("--json", flags->json, "One JSON object instead of text");
  app->add_flag("--strict", flags->strict,
                "Exit 4 when nothing is tampered but records are unsealed or no --anchor given");
  app->footer(
      "Each problem is one line: KIND segment N seq S offset O FILE: message, where KIND is\n"
      "corrupt, tampered, missing, reordered, foreign, rollback, index or expired.\n"
      "Exit: 0 clean, 1 problems found, 2 bad flag or file, 3 store missing or unreadable,\n"
      "4 --strict and unsealed records or no anchor.\n"
      "Examples:\n"
      "  sealog verify /var/lib/audit --pubkey /etc/sealog/audit.pub\n"
      "  sealog verify /var/lib/audit --json | jq .problems\n"
      "  sealog verify /mnt/vault/00000001-00000064.arc --pubkey /etc/sealog/audit.pub");
  return {app, [flags] { return RunVerify(*flags); }};
}

}  // namespace sealog::cli
