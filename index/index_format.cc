#include "index/index_format.h"

#include <cinttypes>
#include <cstdio>

namespace sealog::index {

std::string_view SectionName(size_t section) {
  if (section == kTimeSection) return "time";
  if (section == kOffsetsSection) return "offsets";
  if (section < kSectionCount) return FieldName(static_cast<Field>(section - kFirstFieldSection));
  return "unknown";
}

std::string IndexFileName(uint64_t segment_number) {
  char name[32];
  std::snprintf(name, sizeof(name), "%08" PRIu64 ".idx", segment_number);
  return name;
}

}  // namespace sealog::index
