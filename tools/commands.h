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

Command AddInitCommand(CLI::App* parent);        // init_command.cc
Command AddAppendCommand(CLI::App* parent);      // append_command.cc
Command AddTailCommand(CLI::App* parent);        // tail_command.cc
Command AddExportCommand(CLI::App* parent);      // export_command.cc
Command AddStatsCommand(CLI::App* parent);       // stats_command.cc
Command AddKeygenCommand(CLI::App* parent);      // keygen_command.cc
Command AddSealCommand(CLI::App* parent);        // seal_command.cc
Command AddVerifyCommand(CLI::App* parent);      // verify_command.cc
Command AddDumpCommand(CLI::App* parent);        // dump_command.cc
Command AddHeadCommand(CLI::App* parent);        // head_command.cc
Command AddProveCommand(CLI::App* parent);       // prove_command.cc
Command AddCheckProofCommand(CLI::App* parent);  // check_proof_command.cc
Command AddQueryCommand(CLI::App* parent);       // query_command.cc
Command AddReportCommand(CLI::App* parent);      // report_command.cc
Command AddRetentionCommand(CLI::App* parent);   // retention_command.cc
Command AddHoldCommand(CLI::App* parent);        // hold_command.cc
Command AddConfigCommand(CLI::App* parent);      // config_command.cc
// Next: hold, as its engine part lands.

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_COMMANDS_H_
