// sealog init STORE [--key FILE] [--config FILE]: creates an empty store.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include <CLI/CLI.hpp>

#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"

namespace sealog::cli {
namespace {

struct InitFlags {
  std::string store;
  std::string key_file;
  std::string config_file;
};

// True when `path` already holds something (a store or other files): init
// never adopts a directory that is not empty.
bool HoldsSomething(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return false;
  return !std::filesystem::is_directory(path, error) || !std::filesystem::is_empty(path, error);
}

int RunInit(const InitFlags& flags) {
  // Signing keys and the TOML configuration arrive with their own engine
  // parts; refusing the flags is better than accepting and ignoring them.
  if (!flags.key_file.empty()) {
    PrintError("--key is not supported yet", "sealog init",
               "run without --key for now; signing keys come in a later version");
    return kUsage;
  }
  if (!flags.config_file.empty()) {
    PrintError("--config is not supported yet", "sealog init",
               "run without --config for now; the defaults of docs/CLI.md apply");
    return kUsage;
  }
  if (HoldsSomething(flags.store)) {
    PrintError("store already exists", flags.store,
               "choose a new directory, or use the existing store as it is");
    return kEnvironment;
  }
  // Like mkdir -p: the store's parent directories are created too.
  std::error_code error;
  const std::filesystem::path parent = std::filesystem::path(flags.store).parent_path();
  if (!parent.empty() && !std::filesystem::create_directories(parent, error) && error) {
    PrintError("cannot create " + parent.string() + ": " + error.message(), flags.store,
               "check the path and its permissions");
    return kEnvironment;
  }
  Options options;
  options.create_if_missing = true;
  options.error_if_exists = true;
  Result<std::unique_ptr<Store>> store = Store::Open(flags.store, options);
  if (!store.ok()) return ReportStatus(store.status(), flags.store);
  std::printf("created store %s (log id %s, on-disk format %u)\n", flags.store.c_str(),
              (*store)->log_id().c_str(), FormatVersion());
  std::fflush(stdout);
  if ((*store)->recovery().root_key_generated) {
    // SPEC.md: without --key, init generates one and warns that it belongs elsewhere.
    std::fprintf(stderr,
                 "sealog: warning: a root key was generated inside the store (%s/root.key): "
                 "move it somewhere safe, away from the store (docs/SECURITY.md)\n",
                 flags.store.c_str());
  }
  return kOk;
}

}  // namespace

Command AddInitCommand(CLI::App* parent) {
  auto flags = std::make_shared<InitFlags>();
  CLI::App* app = parent->add_subcommand("init", "Create a new, empty store");
  app->add_option("STORE", flags->store, "Directory of the new store (created if missing)")
      ->required();
  app->add_option("--key", flags->key_file, "Signing key file (not supported yet)");
  app->add_option("--config", flags->config_file, "TOML configuration (not supported yet)");
  app->footer("Example:\n  sealog init /var/lib/audit");
  return {app, [flags] { return RunInit(*flags); }};
}

}  // namespace sealog::cli
