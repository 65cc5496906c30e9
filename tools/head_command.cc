// sealog head STORE: prints the store's latest signed checkpoint, one JSON
// object, to keep elsewhere as an anchor (sealog verify --anchor FILE).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "crypto/checkpoint.h"
#include "sealog/store.h"
#include "sealog/verify.h"
#include "tools/cli_common.h"
#include "tools/commands.h"

namespace sealog::cli {
namespace {

struct HeadFlags {
  std::string store;
};

int RunHead(const HeadFlags& flags) {
  // Opening read-only first gives the usual "no store" advice and the record
  // count, to say what the checkpoint leaves out.
  Options options;
  options.read_only = true;
  ExitCode exit_code = kOk;
  std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, options, &exit_code);
  if (store == nullptr) return exit_code;
  const uint64_t records = store->Stats().records;
  store.reset();

  Result<std::string> json = MakeCheckpoint(flags.store);
  if (!json.ok()) return ReportStatus(json.status(), flags.store);
  fmt::print("{}\n", *json);
  if (std::fflush(stdout) != 0) return kEnvironment;

  crypto::Checkpoint checkpoint;
  if (crypto::DecodeCheckpointJson(*json, &checkpoint).ok() && checkpoint.records < records) {
    const uint64_t left_out = records - checkpoint.records;
    fmt::print(stderr,
               "sealog: note: the checkpoint covers seq 1..{}; {} later record{} not sealed yet "
               "({}): run 'sealog seal {}' first to cover {}\n",
               checkpoint.records, left_out, left_out == 1 ? " is" : "s are", flags.store,
               flags.store, left_out == 1 ? "it" : "them");
  }
  return kOk;
}

}  // namespace

Command AddHeadCommand(CLI::App* parent) {
  auto flags = std::make_shared<HeadFlags>();
  CLI::App* app = parent->add_subcommand(
      "head", "Print the latest signed checkpoint (JSON) to keep elsewhere as an anchor");
  app->add_option("STORE", flags->store, "The store's directory")->required();
  app->footer(
      "The checkpoint covers the sealed records; it is signed by the store's current epoch key,\n"
      "which the seal chain certifies from the root key. Needs read access to STORE/EPOCH_KEY.\n"
      "Example:\n"
      "  sealog seal /var/lib/audit && sealog head /var/lib/audit > /safe/place/audit.head\n"
      "  sealog verify /var/lib/audit --anchor /safe/place/audit.head --strict");
  return {app, [flags] { return RunHead(*flags); }};
}

}  // namespace sealog::cli
