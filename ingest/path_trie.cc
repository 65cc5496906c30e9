#include "ingest/path_trie.h"

#include <algorithm>
#include <bit>

#include "ingest/quote.h"

namespace sealog::ingest {
namespace {

// Cheap and good enough to spread the few keys of one node: the length and the
// first and last bytes tell most JSON keys apart.
uint32_t HashKey(std::string_view key) {
  uint32_t hash = static_cast<uint32_t>(key.size()) * 0x9E3779B1u;
  if (!key.empty()) {
    hash ^= ((static_cast<uint32_t>(static_cast<unsigned char>(key.front())) << 8) |
             static_cast<unsigned char>(key.back())) *
            0x85EBCA6Bu;
  }
  return hash ^ (hash >> 15);
}

std::string PointerOf(const std::vector<PathSegment>& segments) {
  std::string pointer;
  for (const PathSegment& segment : segments) {
    pointer.push_back('/');
    for (char c : segment.key) {
      if (c == '~') {
        pointer += "~0";
      } else if (c == '/') {
        pointer += "~1";
      } else {
        pointer.push_back(c);
      }
    }
  }
  return pointer;
}

}  // namespace

PathTrie::PathTrie(const FieldMapping& mapping) {
  nodes_.emplace_back();
  std::vector<PathSegment> segments;
  for (size_t slot = 0; slot < kSlotCount; ++slot) {
    const std::vector<std::string>& sources =
        slot == kTimeSlot ? mapping.time : mapping.fields[slot];
    const size_t count = std::min(sources.size(), FieldMapping::kSourcesMax);
    for (size_t rank = 0; rank < count; ++rank) {
      // Keep ranks aligned with the mapping even when a path is unusable: it
      // has its strings but no node, so it never matches.
      const Source source{static_cast<uint8_t>(slot), static_cast<uint8_t>(rank)};
      const bool usable = SplitPath(sources[rank], &segments).ok();
      const std::string path = usable ? JoinPath(segments, segments.size()) : sources[rank];
      paths_[slot].push_back(path);
      labels_[slot].push_back("field " + std::string(SlotName(slot)) +
                              (usable && segments.size() == 1 ? " (key " : " (path ") +
                              Quote(path) + ")");
      pointers_[slot].push_back(usable ? PointerOf(segments) : std::string());
      if (!usable) continue;
      uint32_t id = kRoot;
      nodes_[id].subtree_sources.push_back(source);
      for (size_t i = 0; i < segments.size(); ++i) {
        id = AddChild(id, segments[i], JoinPath(segments, i + 1));
        nodes_[id].subtree_sources.push_back(source);
      }
      nodes_[id].sources.push_back(source);
      if (!ObjectRuleKeys(slot).empty()) nodes_[id].has_object_rule = true;
    }
  }
}

uint32_t PathTrie::AddChild(uint32_t parent, const PathSegment& segment, std::string path) {
  const uint32_t existing = FindKey(parent, segment.key);
  if (existing != kNone) return existing;
  const auto id = static_cast<uint32_t>(nodes_.size());
  PathNode child;
  child.key = segment.key;
  child.index = segment.index;
  child.path = std::move(path);
  nodes_.push_back(std::move(child));
  PathNode& node = nodes_[parent];
  node.children.push_back(id);
  if (segment.index < 0) node.has_key_children = true;
  BuildKeyTable(&node);
  return id;
}

void PathTrie::BuildKeyTable(PathNode* node) {
  // At most half full, so that a missing key (the common case) ends its
  // probe sequence quickly.
  const size_t size = std::bit_ceil(std::max<size_t>(4, node->children.size() * 2));
  node->key_table.assign(size, 0);
  for (size_t i = 0; i < node->children.size(); ++i) {
    size_t slot = HashKey(nodes_[node->children[i]].key) & (size - 1);
    while (node->key_table[slot] != 0) slot = (slot + 1) & (size - 1);
    node->key_table[slot] = static_cast<uint32_t>(i + 1);
  }
}

uint32_t PathTrie::FindKey(uint32_t id, std::string_view key) const {
  const PathNode& node = nodes_[id];
  if (node.key_table.empty()) return kNone;
  const size_t mask = node.key_table.size() - 1;
  for (size_t slot = HashKey(key) & mask;; slot = (slot + 1) & mask) {
    const uint32_t entry = node.key_table[slot];
    if (entry == 0) return kNone;
    const uint32_t child = node.children[entry - 1];
    if (nodes_[child].key == key) return child;
  }
}

uint32_t PathTrie::FindIndex(uint32_t id, size_t index) const {
  for (uint32_t child : nodes_[id].children) {
    if (nodes_[child].index >= 0 && static_cast<size_t>(nodes_[child].index) == index) return child;
  }
  return kNone;
}

}  // namespace sealog::ingest
