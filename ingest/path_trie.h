// The sources of a FieldMapping as one tree of path segments, so that the
// parser finds every source in a single pass over an event: at each object it
// asks "is this key on some source's path?" instead of looking each source up.
#ifndef SEALOG_INGEST_PATH_TRIE_H_
#define SEALOG_INGEST_PATH_TRIE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/field_slots.h"
#include "ingest/json_path.h"
#include "sealog/ingest.h"

namespace sealog::ingest {

// One source: the slot it feeds and its rank among that slot's sources
// (0 = looked up first).
struct Source {
  uint8_t slot = 0;
  uint8_t rank = 0;
};

struct PathNode {
  std::string key;     // the segment leading here (unescaped); empty at the root
  int64_t index = -1;  // >= 0 when the segment also selects an array element
  std::string path;    // canonical path from the root to here, for messages
  std::vector<uint32_t> children;
  // Open-addressing table over children for FindKey: entries are positions
  // in `children` plus one, 0 = empty; its size is a power of two.
  std::vector<uint32_t> key_table;
  bool has_key_children = false;        // a child that is not an array index
  bool has_object_rule = false;         // a source here reads an object by its rule
  std::vector<Source> sources;          // sources whose path ends here, by slot then rank
  std::vector<Source> subtree_sources;  // sources here and below
};

class PathTrie {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr uint32_t kRoot = 0;

  explicit PathTrie(const FieldMapping& mapping);

  const PathNode& node(uint32_t id) const { return nodes_[id]; }
  // The child of `id` for object key `key`, or kNone. Called for every key of
  // every object on a source's path (at the root: all of them).
  uint32_t FindKey(uint32_t id, std::string_view key) const;
  // The child of `id` for array element `index`, or kNone.
  uint32_t FindIndex(uint32_t id, size_t index) const;

  // The canonical path of a source; how a message names it (`field actor (key
  // "user")`, `field resource (path "resources.0.ARN")`); and its RFC 6901
  // JSON pointer ("/resources/0/ARN").
  const std::string& SourcePath(Source source) const { return paths_[source.slot][source.rank]; }
  const std::string& SourceLabel(Source source) const { return labels_[source.slot][source.rank]; }
  const std::string& SourcePointer(Source source) const {
    return pointers_[source.slot][source.rank];
  }

 private:
  uint32_t AddChild(uint32_t parent, const PathSegment& segment, std::string path);
  void BuildKeyTable(PathNode* node);

  std::vector<PathNode> nodes_;
  std::array<std::vector<std::string>, kSlotCount> paths_;
  std::array<std::vector<std::string>, kSlotCount> labels_;
  std::array<std::vector<std::string>, kSlotCount> pointers_;
};

}  // namespace sealog::ingest

#endif  // SEALOG_INGEST_PATH_TRIE_H_
