// sealog hold STORE add --reason TEXT (--query EXPR | --since T --until T)
// sealog hold STORE remove ID [--reason TEXT]
// sealog hold STORE list [--json]
// Legal holds (sealog/retention.h): records a hold covers are never deleted
// by retention. Each hold and release is a system event in the log.
// `sealog hold add STORE ...` is accepted too.
#include <charconv>
#include <tuple>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "sealog/ingest.h"
#include "sealog/query.h"
#include "sealog/retention.h"
#include "sealog/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/record_format.h"

namespace sealog::cli {
namespace {

struct HoldFlags {
  std::vector<std::string> words;  // STORE ACTION [ID], or ACTION STORE [ID]
  std::string reason;
  std::string query;
  std::string since;
  std::string until;
  bool json = false;
};

constexpr char kHoldUsageLine[] =
    "expected 'sealog hold STORE add|remove ID|list'";

std::string HoldLine(const LegalHold& hold) {
  const std::string covers =
      hold.query.empty()
          ? fmt::format("events from {} to {}", FormatRfc3339(hold.since_ns),
                        FormatRfc3339(hold.until_ns))
          : "query " + hold.query;
  return fmt::format("hold {} placed {}: {} ({})\n", hold.id, FormatRfc3339(hold.added_ns), covers,
                     hold.reason);
}

std::string HoldsJson(const std::vector<LegalHold>& holds) {
  std::string out = "{\"holds\":[";
  for (size_t i = 0; i < holds.size(); ++i) {
    const LegalHold& hold = holds[i];
    if (i > 0) out += ",";
    out += fmt::format("{{\"id\":{},\"placed\":\"{}\",\"reason\":", hold.id,
                       FormatRfc3339(hold.added_ns));
    AppendJsonString(hold.reason, &out);
    if (hold.query.empty()) {
      out += fmt::format(",\"since\":\"{}\",\"until\":\"{}\"}}", FormatRfc3339(hold.since_ns),
                         FormatRfc3339(hold.until_ns));
    } else {
      out += ",\"query\":";
      AppendJsonString(hold.query, &out);
      out += "}";
    }
  }
  return out + "]}\n";
}

int RunHold(const HoldFlags& flags) {
  // STORE ACTION [ID] or ACTION STORE [ID].
  if (flags.words.size() < 2) {
    PrintError(kHoldUsageLine, "", "run 'sealog hold --help'");
    return kUsage;
  }
  const auto is_action = [](const std::string& word) {
    return word == "add" || word == "remove" || word == "list";
  };
  std::string store_path = flags.words[0];
  std::string action = flags.words[1];
  if (is_action(store_path) && !is_action(action)) std::swap(store_path, action);
  const size_t want = action == "remove" ? 3 : 2;
  if (!is_action(action) || flags.words.size() != want) {
    PrintError(kHoldUsageLine, "", "run 'sealog hold --help'");
    return kUsage;
  }
  HoldOptions hold;
  uint64_t id = 0;
  if (action == "add") {
    hold.reason = flags.reason;
    hold.query = flags.query;
    for (const auto& [flag, text, out] :
         {std::tuple{"--since", flags.since, &hold.since_ns},
          std::tuple{"--until", flags.until, &hold.until_ns}}) {
      if (text.empty()) continue;
      Result<int64_t> time = ParseTimeValue(text, NowNanos());
      if (!time.ok()) {
        PrintError(std::string(flag) + ": " + time.status().message(), text,
                   "give an RFC 3339 time");
        return kUsage;
      }
      *out = *time;
    }
    if (hold.reason.empty()) {
      PrintError("a hold needs --reason", "", "say why, for whoever reads the log later");
      return kUsage;
    }
    if (hold.query.empty() == (flags.since.empty() && flags.until.empty()) ||
        (hold.query.empty() && (flags.since.empty() || flags.until.empty()))) {
      PrintError("give --query EXPR, or --since T and --until T", "",
                 "run 'sealog hold --help'");
      return kUsage;
    }
  } else if (action == "remove") {
    const std::string& text = flags.words[2];
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size() || id == 0) {
      PrintError("expected a hold id (a number, as 'sealog hold STORE list' prints)",
                 flags.words[2], "run 'sealog hold STORE list'");
      return kUsage;
    }
  }

  ExitCode exit_code = kOk;
  Options options;
  options.read_only = action == "list";
  std::unique_ptr<Store> store = OpenStoreOrReport(store_path, options, &exit_code);
  if (store == nullptr) return exit_code;
  if (action == "list") {
    Result<std::vector<LegalHold>> holds = store->ListHolds();
    if (!holds.ok()) return ReportStatus(holds.status(), store_path);
    if (flags.json) return PrintToStdout(HoldsJson(*holds));
    std::string out;
    for (const LegalHold& held : *holds) out += HoldLine(held);
    out += fmt::format("{} hold{} in force in {}\n", holds->size(), holds->size() == 1 ? "" : "s",
                       store_path);
    return PrintToStdout(out);
  }
  if (action == "add") {
    Result<uint64_t> placed = store->AddHold(hold);
    if (!placed.ok()) {
      if (placed.status().code() == Code::kInvalidArgument) {
        PrintError(placed.status().message(), hold.query, "fix the query (docs/QUERY.md)");
        return kUsage;
      }
      return ReportStatus(placed.status(), store_path);
    }
    return PrintToStdout(
        fmt::format("placed hold {} on {}: nothing it covers will be deleted until "
                    "'sealog hold {} remove {}'\n",
                    *placed, store_path, store_path, *placed));
  }
  Status removed = store->RemoveHold(id, flags.reason);
  if (removed.IsNotFound()) {
    PrintError(removed.message(), flags.words[2], "run 'sealog hold STORE list'");
    return kUsage;
  }
  if (!removed.ok()) return ReportStatus(removed, store_path);
  return PrintToStdout(fmt::format("released hold {} on {}\n", id, store_path));
}

}  // namespace

Command AddHoldCommand(CLI::App* parent) {
  auto flags = std::make_shared<HoldFlags>();
  CLI::App* app = parent->add_subcommand(
      "hold", "Legal holds: records they cover are never deleted by retention");
  app->add_option("STORE ACTION [ID]", flags->words,
                  "The store's directory, then add, remove ID or list")
      ->required()
      ->expected(2, 3);
  app->add_option("--reason", flags->reason, "Why (required for add; recorded with a remove)");
  app->add_option("--query", flags->query, "add: hold the records matching this query");
  app->add_option("--since", flags->since, "add: hold the events from this time (RFC 3339)");
  app->add_option("--until", flags->until, "add: ... to this time, inclusive");
  app->add_flag("--json", flags->json, "list: one JSON object");
  app->footer(
      "A hold covers the records matching --query, or the events whose own time lies\n"
      "between --since and --until. Retention never deletes a segment holding one of\n"
      "them. Each hold and release is a system event in the log (actor sealog), so the\n"
      "log itself shows who held what and when. The hold's id is that event's seq.\n"
      "Exit: 0 done, 2 bad arguments or no such hold, 3 store missing, locked or read-only.\n"
      "Examples:\n"
      "  sealog hold /var/lib/audit add --reason 'case 2026-114' --query 'actor:jdoe'\n"
      "  sealog hold /var/lib/audit add --reason 'SEC inquiry' --since 2026-01-01T00:00:00Z "
      "--until 2026-03-31T23:59:59Z\n"
      "  sealog hold /var/lib/audit list\n"
      "  sealog hold /var/lib/audit remove 81234 --reason 'case closed'");
  return {app, [flags] { return RunHold(*flags); }};
}

}  // namespace sealog::cli
