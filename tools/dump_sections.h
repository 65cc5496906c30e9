// The parts of `sealog dump`, one per kind of file: MANIFEST (dump_command.cc),
// segments (dump_segment.cc), index files (dump_index.cc), SEALS (dump_seals.cc). They read the files
// directly through the engine's readers, so they show a damaged store too:
// damage is shown where it is and remembered, and dump ends with exit 3.
#ifndef SEALOG_TOOLS_DUMP_SECTIONS_H_
#define SEALOG_TOOLS_DUMP_SECTIONS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "engine/io/env.h"
#include "engine/manifest.h"
#include "tools/dump_object.h"
#include "tools/output.h"

namespace sealog::cli {

struct DumpContext {
  io::Env* env = nullptr;
  std::string dir;
  std::string log_id;  // 16 bytes, from the MANIFEST; empty when it is unreadable
  bool json = false;
  Output* output = nullptr;
  std::string first_damage;  // where damage was first seen; empty when none

  // Writes one object (as block text, one text line, or a JSON line). False
  // once writing failed: the caller stops.
  bool Emit(const DumpObject& object, bool one_line = false);
  // Writes a plain note: a "# " text line, or {"type":"note",...} in JSON.
  bool Note(const std::string& text);
  // Remembers damage (the first one is named at the end) and notes it.
  bool Damage(const std::string& where, const std::string& text);
};

// SEGMENT given: only its entry is shown (nullopt: all).
void DumpManifest(DumpContext& context, const Manifest* manifest, const std::string& bytes,
                  const std::string& load_error, std::optional<uint64_t> segment);

// The header of segment file `number`, and with `records` every record and
// the leaf hash that goes into its seal's Merkle root. `entry` is its MANIFEST
// entry (null when the MANIFEST does not name it).
void DumpSegment(DumpContext& context, uint64_t number, const ManifestSegment* entry, bool records);

// The index file of segment `number`: its head, section table, field
// summaries and every dictionary value with its record count. `entry` as
// for DumpSegment.
void DumpIndex(DumpContext& context, uint64_t number, const ManifestSegment* entry);

// SEALS: the header, the genesis and every seal with every field. SEGMENT
// given: only that segment's seal.
void DumpSeals(DumpContext& context, std::optional<uint64_t> segment);

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_DUMP_SECTIONS_H_
