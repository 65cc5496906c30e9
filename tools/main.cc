// sealog: the command line tool. Parses the command line, then runs one
// subcommand (commands.h). Exit codes and error lines: cli_common.h.
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"

namespace sealog::cli {
namespace {

std::string VersionText() {
  return std::string("sealog ") + Version() + " (on-disk format " +
         std::to_string(FormatVersion()) + ")";
}

// CLI11 reports help and --version as "errors" with exit code 0; real parse
// errors become one line and exit 2.
int HandleParseError(CLI::App& app, const CLI::ParseError& error) {
  if (error.get_exit_code() == 0) {
    app.exit(error);
    return kOk;
  }
  std::string command = "sealog";
  for (const CLI::App* sub = &app; !sub->get_subcommands().empty();) {
    sub = sub->get_subcommands().front();
    command += " " + sub->get_name();
  }
  PrintError(error.what(), command, "see '" + command + " --help'");
  return kUsage;
}

int Run(int argc, char** argv) {
  CLI::App app("sealog: an append-only, tamper-evident store for audit logs.", "sealog");
  app.require_subcommand(1);
  app.set_version_flag("--version", VersionText(), "Print the version and the on-disk format");
  app.footer(
      "Exit codes: 0 ok, 1 verification failed, 2 usage or bad input, 3 environment (store\n"
      "missing or locked, permission, disk full, I/O), 4 verify --strict found unsealed records\n"
      "or was given no anchor.\n"
      "Example:\n"
      "  sealog init /var/lib/audit && sealog append /var/lib/audit events.jsonl");

  const std::vector<Command> commands = {
      AddKeygenCommand(&app), AddInitCommand(&app),       AddAppendCommand(&app),
      AddTailCommand(&app),   AddExportCommand(&app),     AddStatsCommand(&app),
      AddSealCommand(&app),   AddVerifyCommand(&app),     AddHeadCommand(&app),
      AddProveCommand(&app),  AddCheckProofCommand(&app), AddDumpCommand(&app),
      AddQueryCommand(&app),  AddReportCommand(&app),     AddRetentionCommand(&app),
      AddHoldCommand(&app),   AddConfigCommand(&app),
  };
  if (argc < 2) {
    PrintError("no command given", "", "run 'sealog --help' for the list");
    return kUsage;
  }
  // CLI11 would call an unknown command a stray argument; name it instead.
  if (argv[1][0] != '-') {
    bool known = false;
    for (const Command& command : commands) known = known || command.app->check_name(argv[1]);
    if (!known) {
      PrintError(std::string("unknown command ") + argv[1], "", "run 'sealog --help' for the list");
      return kUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return HandleParseError(app, error);
  }
  for (const Command& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  PrintError("no command given", "", "run 'sealog --help'");
  return kUsage;
}

}  // namespace
}  // namespace sealog::cli

int main(int argc, char** argv) {
  // A closed stdout shows up as EPIPE from write(), which commands handle.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return sealog::cli::Run(argc, argv);
  } catch (const std::exception& error) {
    sealog::cli::PrintError(std::string("internal error: ") + error.what(), "",
                            "please report this as a bug");
    return sealog::cli::kEnvironment;
  }
}
