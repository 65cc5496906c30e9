// FrameCache: decoded frames of warm segment files (engine/tier/frames.h),
// kept in memory across reads up to a byte budget, the least recently used
// going first. A store holds one for all its warm files
// (Options::frame_cache_bytes), so that the budget bounds its memory however
// many files are open, and a query that comes back to a segment finds the
// frames it decoded before: what the page cache does for hot segments.
//
// Thread safe.
#ifndef SEALOG_ENGINE_TIER_FRAME_CACHE_H_
#define SEALOG_ENGINE_TIER_FRAME_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sealog::tier {

class FrameCache {
 public:
  // capacity_bytes 0: nothing is kept.
  explicit FrameCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}
  FrameCache(const FrameCache&) = delete;
  FrameCache& operator=(const FrameCache&) = delete;

  // A key space of its own for one file's frames; never handed out twice, so
  // a file opened again (after a tier move, say) never sees another's frames.
  uint64_t NewOwner();
  // Frame `frame` of `owner`, or null.
  std::shared_ptr<const std::string> Find(uint64_t owner, uint64_t frame);
  // Keeps `bytes` as that frame, evicting the least recently used frames
  // past the budget; a frame larger than the whole budget is not kept.
  void Insert(uint64_t owner, uint64_t frame, std::shared_ptr<const std::string> bytes);

  size_t capacity() const { return capacity_; }
  size_t charged_bytes() const;

 private:
  struct Key {
    uint64_t owner;
    uint64_t frame;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& key) const {
      return std::hash<uint64_t>()(key.owner * 0x9e3779b97f4a7c15ull ^ key.frame);
    }
  };
  struct Entry {
    Key key;
    std::shared_ptr<const std::string> bytes;
  };
  // What an entry costs: its bytes and the bookkeeping around them.
  static size_t Charge(const std::string& bytes) { return bytes.size() + 96; }

  const size_t capacity_;
  mutable std::mutex mu_;
  uint64_t next_owner_ = 1;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> entries_;
  size_t charged_ = 0;
};

}  // namespace sealog::tier

#endif  // SEALOG_ENGINE_TIER_FRAME_CACHE_H_
