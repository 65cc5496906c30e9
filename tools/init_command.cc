// sealog init STORE [--key FILE] [--config FILE]: creates an empty store.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include <CLI/CLI.hpp>

#include "crypto/signing_key.h"
#include "sealog/config.h"
#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/key_files.h"

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
  // The config and the key are read before anything is created: a bad one
  // leaves no trace.
  Options options;
  if (!flags.config_file.empty()) {
    ExitCode exit_code = kOk;
    std::optional<std::string> text =
        ReadFlagFile(flags.config_file, kDocumentBytesMax, "--config", "sealog init", &exit_code);
    if (!text) return exit_code;
    Result<StoreConfig> config = StoreConfig::Parse(*text);
    if (!config.ok()) {
      PrintError(config.status().message(), flags.config_file,
                 "fix the configuration (docs/CONFIG.md); nothing was created");
      return kUsage;
    }
    options.config_toml = std::move(*text);
  }
  options.create_if_missing = true;
  options.error_if_exists = true;
  // The seed is wiped however init ends.
  struct WipeOnExit {
    std::string* seed;
    ~WipeOnExit() {
      volatile char* bytes = seed->data();
      for (size_t i = 0; i < seed->size(); ++i) bytes[i] = 0;
    }
  } wipe{&options.root_key_seed};
  std::string fingerprint;
  if (!flags.key_file.empty()) {
    // The root key certifies the store once, in the genesis; it is not kept.
    ExitCode exit_code = kOk;
    std::optional<crypto::SigningKey> key =
        ReadSecretKeyFile(flags.key_file, "--key", "sealog init", &exit_code);
    if (!key) return exit_code;
    options.root_key_seed.assign(reinterpret_cast<const char*>(key->seed().data()),
                                 key->seed().size());
    fingerprint = crypto::KeyFingerprint(key->public_key());
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
  Result<std::unique_ptr<Store>> store = Store::Open(flags.store, options);
  if (!store.ok()) return ReportStatus(store.status(), flags.store);
  std::printf("created store %s (log id %s, on-disk format %u)\n", flags.store.c_str(),
              (*store)->log_id().c_str(), FormatVersion());
  if (!fingerprint.empty()) {
    std::printf("certified by root key %s (%s); verify with --pubkey and its .pub file\n",
                fingerprint.c_str(), flags.key_file.c_str());
  }
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
  app->add_option("--key", flags->key_file,
                  "Root key (a .key file from sealog keygen) that certifies the store; not "
                  "copied into it");
  app->add_option("--config", flags->config_file,
                  "TOML configuration kept in the store: segment size, seal interval, "
                  "retention ages (docs/CONFIG.md)");
  app->footer(
      "Without --key, a root key is generated inside the store (STORE/root.key): move it away.\n"
      "Examples:\n"
      "  sealog init /var/lib/audit --key /etc/sealog/audit.key\n"
      "  sealog init /var/lib/audit --key /etc/sealog/audit.key --config /etc/sealog/audit.toml\n"
      "  sealog init /var/lib/audit");
  return {app, [flags] { return RunInit(*flags); }};
}

}  // namespace sealog::cli
