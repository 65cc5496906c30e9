// sealog dump STORE [SEGMENT] [--records] [--index] [--seals] [--json]: the
// raw structures of a store: the MANIFEST, segment headers field by field,
// records with offsets, checksums and leaf hashes, index files, and the seal
// chain.
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "engine/coding.h"
#include "engine/format.h"
#include "engine/io/env.h"
#include "engine/manifest.h"
#include "engine/segment.h"
#include "engine/tier/warm_file.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/dump_object.h"
#include "tools/dump_sections.h"
#include "tools/output.h"

namespace sealog::cli {

bool DumpContext::Emit(const DumpObject& object, bool one_line) {
  std::string* out = output->buffer();
  if (json) {
    object.AppendJson(out);
  } else if (one_line) {
    object.AppendTextLine(out);
  } else {
    object.AppendText(out);
  }
  return output->MaybeFlush();
}

bool DumpContext::Note(const std::string& text) {
  if (json) {
    DumpObject("note", "").String("message", text).AppendJson(output->buffer());
  } else {
    output->buffer()->append("# " + text + "\n");
  }
  return output->MaybeFlush();
}

bool DumpContext::Damage(const std::string& where, const std::string& text) {
  if (first_damage.empty()) first_damage = where;
  return Note("DAMAGE: " + text);
}

void DumpManifest(DumpContext& context, const Manifest* manifest, const std::string& bytes,
                  const std::string& load_error, std::optional<uint64_t> segment) {
  namespace f = ::sealog::format;
  DumpObject object("manifest", fmt::format("MANIFEST ({} bytes)", bytes.size()));
  object.String("file", "MANIFEST").Unsigned("file_size", bytes.size());
  if (bytes.size() >= f::kManifestHeaderSize) {
    const char* p = bytes.data();
    using namespace format;  // NOLINT: the MANIFEST offsets
    object.Magic("magic", std::string_view(bytes).substr(0, 8), 0)
        .Unsigned("version", DecodeFixed32(p + kManifestVersionOffset), kManifestVersionOffset)
        .Unsigned("payload_length", DecodeFixed32(p + kManifestPayloadLengthOffset),
                  kManifestPayloadLengthOffset)
        .Unsigned("generation", DecodeFixed64(p + kManifestGenerationOffset),
                  kManifestGenerationOffset)
        .Hex("log_id", std::string_view(bytes).substr(kManifestLogIdOffset, kLogIdSize),
             kManifestLogIdOffset)
        .Time("created_ns", static_cast<int64_t>(DecodeFixed64(p + kManifestCreatedOffset)),
              kManifestCreatedOffset)
        .Unsigned("segment_count", DecodeFixed32(p + kManifestCountOffset), kManifestCountOffset);
  }
  if (manifest != nullptr) {
    object.Hex64("checksum", DecodeFixed64(bytes.data() + bytes.size() - 8), bytes.size() - 8);
  }
  if (!context.Emit(object)) return;
  if (manifest == nullptr) {
    context.Damage("MANIFEST", "MANIFEST: " + load_error);
    return;
  }
  for (size_t i = 0; i < manifest->segments.size(); ++i) {
    const ManifestSegment& s = manifest->segments[i];
    if (segment && *segment != s.number) continue;
    DumpObject entry("manifest_segment", "  entry");
    entry.String("file", "MANIFEST")
        .JsonOnly()
        .Unsigned("offset", f::kManifestHeaderSize + i * f::kManifestEntrySize)
        .Unsigned("number", s.number)
        .Unsigned("first_seq", s.first_seq)
        .Unsigned("record_count", s.record_count)
        .Unsigned("size_bytes", s.size_bytes)
        .Time("closed_ns", s.closed_ns)
        .String("state", s.active ? "active" : std::string("closed, ") + TierName(s.tier));
    if (!context.Emit(entry, /*one_line=*/true)) return;
  }
}

namespace {

struct DumpFlags {
  std::string store;
  std::optional<uint64_t> segment;
  bool records = false;
  bool index = false;
  bool seals = false;
  bool json = false;
};

// Segments with a file in the directory (hot or warm), by number.
std::vector<uint64_t> SegmentFiles(io::Env& env, const std::string& dir) {
  std::vector<std::string> names;
  std::vector<uint64_t> numbers;
  if (!env.GetChildren(dir, &names).ok()) return numbers;
  for (const std::string& name : names) {
    if (std::optional<uint64_t> number = ParseSegmentFileName(name)) numbers.push_back(*number);
    if (std::optional<uint64_t> number = tier::ParseWarmFileName(name)) numbers.push_back(*number);
  }
  std::sort(numbers.begin(), numbers.end());
  // A segment caught between two tiers has two files; it is dumped once.
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  return numbers;
}

int RunDump(const DumpFlags& flags) {
  std::error_code error;
  if (!std::filesystem::is_directory(flags.store, error)) {
    PrintError("no store at " + flags.store, "sealog dump", "check the path");
    return kEnvironment;
  }
  std::shared_ptr<io::Env> env = io::NewPosixEnv();
  std::string bytes;
  Manifest manifest;
  Status loaded = io::ReadFileToString(*env, flags.store + "/MANIFEST", &bytes);
  if (loaded.ok()) loaded = Manifest::Decode(bytes, &manifest);
  std::vector<uint64_t> files = SegmentFiles(*env, flags.store);
  if (loaded.IsNotFound() && files.empty() && !env->FileExists(flags.store + "/SEALS")) {
    PrintError("no store at " + flags.store, "sealog dump", "check the path");
    return kEnvironment;
  }
  std::map<uint64_t, const ManifestSegment*> entries;
  if (loaded.ok()) {
    for (const ManifestSegment& s : manifest.segments) entries[s.number] = &s;
    // A segment the MANIFEST names but the directory lacks is shown as missing.
    for (const ManifestSegment& s : manifest.segments) {
      if (!std::binary_search(files.begin(), files.end(), s.number)) files.push_back(s.number);
    }
    std::sort(files.begin(), files.end());
  }
  if (flags.segment && !std::binary_search(files.begin(), files.end(), *flags.segment)) {
    PrintError(fmt::format("no segment {} in {}", *flags.segment, flags.store), "sealog dump",
               files.empty() ? "this store has no segment file"
                             : fmt::format("segments are {}..{}", files.front(), files.back()));
    return kUsage;
  }

  std::unique_ptr<Output> output = Output::Stdout();
  DumpContext context;
  context.env = env.get();
  context.dir = flags.store;
  context.json = flags.json;
  context.output = output.get();
  if (loaded.ok()) context.log_id = manifest.log_id;

  DumpManifest(context, loaded.ok() ? &manifest : nullptr, bytes, loaded.message(), flags.segment);
  for (uint64_t number : files) {
    if (flags.segment && *flags.segment != number) continue;
    auto entry = entries.find(number);
    const ManifestSegment* known = entry == entries.end() ? nullptr : entry->second;
    DumpSegment(context, number, known, flags.records);
    if (flags.index) DumpIndex(context, number, known);
    if (!output->status().ok()) break;
  }
  if (flags.seals) DumpSeals(context, flags.segment);

  const Status committed = output->Commit();
  if (!committed.ok()) {
    if (output->closed_by_reader()) return kOk;  // sealog dump ... | head
    return ReportStatus(committed, "stdout");
  }
  if (!context.first_damage.empty()) {
    PrintError("damage found in " + context.first_damage + ", marked DAMAGE above", flags.store,
               "run 'sealog verify " + flags.store + "' for the full check");
    return kEnvironment;
  }
  return kOk;
}

}  // namespace

Command AddDumpCommand(CLI::App* parent) {
  auto flags = std::make_shared<DumpFlags>();
  CLI::App* app =
      parent->add_subcommand("dump", "Show raw structures: offsets, checksums, hashes, seals");
  app->add_option("STORE", flags->store, "The store's directory")->required();
  app->add_option("SEGMENT", flags->segment, "Only this segment number");
  app->add_flag("--records", flags->records,
                "Every record: offset, frame length, seq, checksum, times, fields, leaf hash");
  app->add_flag("--index", flags->index,
                "Each segment's index file: head, sections, summaries, every value and its count");
  app->add_flag("--seals", flags->seals, "The genesis and every seal, field by field");
  app->add_flag("--json", flags->json, "One JSON object per line instead of text");
  app->footer(
      "dump reads the files directly, so it shows a damaged store too; damage is marked\n"
      "with '# DAMAGE:' and makes the exit code 3. Offsets are bytes from the file's start.\n"
      "Examples:\n"
      "  sealog dump /var/lib/audit --seals\n"
      "  sealog dump /var/lib/audit 2 --index\n"
      "  sealog dump /var/lib/audit 3 --records --json | jq 'select(.type==\"record\")'");
  return {app, [flags] { return RunDump(*flags); }};
}

}  // namespace sealog::cli
