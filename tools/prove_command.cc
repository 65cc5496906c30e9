// sealog prove STORE SEQ: prints a JSON inclusion proof that record SEQ is
// in the log, against a fresh signed checkpoint; sealog check-proof checks it
// without the store.
#include <memory>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "sealog/store.h"
#include "sealog/verify.h"
#include "tools/cli_common.h"
#include "tools/commands.h"

namespace sealog::cli {
namespace {

struct ProveFlags {
  std::string store;
  uint64_t seq = 0;
};

int RunProve(const ProveFlags& flags) {
  Options options;
  options.read_only = true;
  ExitCode exit_code = kOk;
  std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, options, &exit_code);
  if (store == nullptr) return exit_code;
  const StoreStats stats = store->Stats();
  store.reset();
  if (flags.seq == 0 || flags.seq > stats.last_seq) {
    PrintError(fmt::format("no record with seq {}", flags.seq), flags.store,
               stats.last_seq == 0 ? std::string("the store holds no record yet")
                                   : fmt::format("the store holds seq 1..{}", stats.last_seq));
    return kUsage;
  }
  Result<std::string> proof = ProveRecord(flags.store, flags.seq);
  if (!proof.ok()) {
    if (proof.status().IsNotFound()) {
      // The record exists but no seal covers it yet.
      PrintError(fmt::format("record {} is not sealed yet", flags.seq), flags.store,
                 "seal it first: sealog seal " + flags.store);
      return kUsage;
    }
    return ReportStatus(proof.status(), flags.store);
  }
  if (proof->empty() || proof->back() != '\n') proof->push_back('\n');
  return PrintToStdout(*proof);
}

}  // namespace

Command AddProveCommand(CLI::App* parent) {
  auto flags = std::make_shared<ProveFlags>();
  CLI::App* app = parent->add_subcommand(
      "prove", "Print a JSON inclusion proof of record SEQ against a fresh checkpoint");
  app->add_option("STORE", flags->store, "The store's directory")->required();
  app->add_option("SEQ", flags->seq, "The record's seq (it must be sealed)")->required();
  app->footer(
      "The proof carries the record, its Merkle audit path, the seal chain and a signed\n"
      "checkpoint: anyone with the root public key can check it, without the store.\n"
      "Example:\n"
      "  sealog prove /var/lib/audit 42 > record-42.proof\n"
      "  sealog check-proof record-42.proof --pubkey /etc/sealog/audit.pub");
  return {app, [flags] { return RunProve(*flags); }};
}

}  // namespace sealog::cli
