// sealog seal STORE: seals the active segment now: closes it, signs its
// Merkle root into the seal chain and starts a new one. A no-op when the
// active segment holds no record.
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"

namespace sealog::cli {
namespace {

struct SealFlags {
  std::string store;
};

const SegmentInfo* ActiveSegment(const StoreStats& stats) {
  for (const SegmentInfo& segment : stats.segments) {
    if (segment.active) return &segment;
  }
  return nullptr;
}

int RunSeal(const SealFlags& flags) {
  ExitCode exit_code = kOk;
  // Opening for writing also seals any segment a crash left closed but unsealed.
  std::unique_ptr<Store> store = OpenStoreOrReport(flags.store, Options(), &exit_code);
  if (store == nullptr) return exit_code;
  const StoreStats before = store->Stats();
  const SegmentInfo* active = ActiveSegment(before);
  if (active == nullptr || active->record_count == 0) {
    fmt::print("nothing to seal: the active segment{} of {} holds no record yet\n",
               active == nullptr ? "" : " " + std::to_string(active->number), flags.store);
    return std::fflush(stdout) == 0 ? kOk : kEnvironment;
  }
  const SegmentInfo sealed = *active;
  const Status status = store->Roll();
  if (!status.ok()) return ReportStatus(status, flags.store);
  fmt::print("sealed segment {} (seq {}..{}, {} record{}) of {}\n", sealed.number, sealed.first_seq,
             sealed.first_seq + sealed.record_count - 1, sealed.record_count,
             sealed.record_count == 1 ? "" : "s", flags.store);
  return std::fflush(stdout) == 0 ? kOk : kEnvironment;
}

}  // namespace

Command AddSealCommand(CLI::App* parent) {
  auto flags = std::make_shared<SealFlags>();
  CLI::App* app = parent->add_subcommand(
      "seal", "Seal the active segment now (a no-op when it holds no record)");
  app->add_option("STORE", flags->store, "The store's directory")->required();
  app->footer(
      "Sealing signs the segment's Merkle root into the seal chain; verify then counts its\n"
      "records as verified. The store also seals on its own as segments fill or age.\n"
      "Example:\n"
      "  sealog seal /var/lib/audit && sealog verify /var/lib/audit --strict");
  return {app, [flags] { return RunSeal(*flags); }};
}

}  // namespace sealog::cli
