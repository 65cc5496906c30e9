// The sealog subcommands. Each Add*Command registers one subcommand with its
// flags on the top-level app and returns how to run it once the command line
// is parsed; main() runs the one that was chosen.
#ifndef SEALOG_TOOLS_COMMANDS_H_
#define SEALOG_TOOLS_COMMANDS_H_

#include <functional>

namespace CLI {
class App;
}

namespace sealog::cli {

struct Command {
  CLI::App* app = nullptr;   // the subcommand, owned by the parent app
  std::function<int()> run;  // returns the exit code (cli_common.h)
};

Command AddInitCommand(CLI::App* parent);    // init_command.cc
Command AddAppendCommand(CLI::App* parent);  // append_command.cc
Command AddTailCommand(CLI::App* parent);    // tail_command.cc
Command AddExportCommand(CLI::App* parent);  // export_command.cc
Command AddStatsCommand(CLI::App* parent);   // stats_command.cc
// Next: AddDumpCommand (dump_command.cc), which needs the engine's segment
// reader; then keygen, seal, verify, head, prove, check-proof, query,
// report, retention and hold as their engine parts land.

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_COMMANDS_H_
