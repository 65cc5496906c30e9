// sealog config STORE show: prints the store's config.toml (or says it
// follows the defaults).
// sealog config STORE set FILE: replaces it with FILE, checked first; the
// change is recorded in the log as a system event (old and new text).
// `sealog config show STORE` is accepted too.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "sealog/config.h"
#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/key_files.h"

namespace sealog::cli {
namespace {

struct ConfigFlags {
  std::vector<std::string> words;  // STORE show | STORE set FILE
};

constexpr char kConfigUsageLine[] = "expected 'sealog config STORE show' or 'sealog config STORE set FILE'";

int RunConfig(const ConfigFlags& flags) {
  if (flags.words.size() < 2) {
    PrintError(kConfigUsageLine, "", "run 'sealog config --help'");
    return kUsage;
  }
  std::string store_path = flags.words[0];
  std::string action = flags.words[1];
  if ((store_path == "show" || store_path == "set") && action != "show" && action != "set") {
    std::swap(store_path, action);
  }
  if (!((action == "show" && flags.words.size() == 2) ||
        (action == "set" && flags.words.size() == 3))) {
    PrintError(kConfigUsageLine, "", "run 'sealog config --help'");
    return kUsage;
  }
  std::string text;
  if (action == "set") {
    const std::string& file = flags.words[2];
    ExitCode read_code = kOk;
    std::optional<std::string> read =
        ReadFlagFile(file, kDocumentBytesMax, "FILE", "sealog config", &read_code);
    if (!read) return read_code;
    text = std::move(*read);
    Result<StoreConfig> parsed = StoreConfig::Parse(text);
    if (!parsed.ok()) {
      PrintError(parsed.status().message(), file,
                 "fix the configuration (docs/CONFIG.md); nothing was changed");
      return kUsage;
    }
  }
  ExitCode exit_code = kOk;
  Options options;
  options.read_only = action == "show";
  std::unique_ptr<Store> store = OpenStoreOrReport(store_path, options, &exit_code);
  if (store == nullptr) return exit_code;
  if (action == "show") {
    Result<std::string> current = store->ConfigText();
    if (!current.ok()) return ReportStatus(current.status(), store_path);
    if (current->empty()) {
      return PrintToStdout(
          fmt::format("# {} has no config.toml: it follows the defaults "
                      "(docs/CONFIG.md)\n",
                      store_path));
    }
    return PrintToStdout(*current);
  }
  Result<uint64_t> changed = store->ChangeConfig(text);
  if (!changed.ok()) return ReportStatus(changed.status(), store_path);
  if (*changed == 0) {
    return PrintToStdout(
        fmt::format("{} already has this configuration: nothing changed\n", store_path));
  }
  return PrintToStdout(
      fmt::format("replaced the configuration of {}; the change is seq {} of its log "
                  "(retention follows it now, segment settings from the next open)\n",
                  store_path, *changed));
}

}  // namespace

Command AddConfigCommand(CLI::App* parent) {
  auto flags = std::make_shared<ConfigFlags>();
  CLI::App* app =
      parent->add_subcommand("config", "Show or replace the store's config.toml (recorded in the log)");
  app->add_option("STORE ACTION [FILE]", flags->words,
                  "The store's directory, then show, or set and a TOML file")
      ->required()
      ->expected(2, 3);
  app->footer(
      "set checks the file first (an error names the line and the key), then records the\n"
      "change in the log as a system event holding the old and the new text, then\n"
      "replaces config.toml. Retention follows the new policy at once; segment size and\n"
      "seal interval take effect the next time the store is opened.\n"
      "Exit: 0 done, 2 bad arguments or a bad file, 3 store missing, locked or read-only.\n"
      "Examples:\n"
      "  sealog config /var/lib/audit show\n"
      "  sealog config /var/lib/audit set audit.toml");
  return {app, [flags] { return RunConfig(*flags); }};
}

}  // namespace sealog::cli
