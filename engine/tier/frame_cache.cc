#include "engine/tier/frame_cache.h"

namespace sealog::tier {

uint64_t FrameCache::NewOwner() {
  std::lock_guard<std::mutex> lock(mu_);
  return next_owner_++;
}

std::shared_ptr<const std::string> FrameCache::Find(uint64_t owner, uint64_t frame) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find({owner, frame});
  if (it == entries_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->bytes;
}

void FrameCache::Insert(uint64_t owner, uint64_t frame, std::shared_ptr<const std::string> bytes) {
  const size_t charge = Charge(*bytes);
  if (charge > capacity_) return;
  std::lock_guard<std::mutex> lock(mu_);
  const Key key{owner, frame};
  if (auto it = entries_.find(key); it != entries_.end()) {
    charged_ -= Charge(*it->second->bytes);
    lru_.erase(it->second);
    entries_.erase(it);
  }
  while (charged_ + charge > capacity_) {
    const Entry& last = lru_.back();
    charged_ -= Charge(*last.bytes);
    entries_.erase(last.key);
    lru_.pop_back();
  }
  lru_.push_front({key, std::move(bytes)});
  entries_.emplace(key, lru_.begin());
  charged_ += charge;
}

size_t FrameCache::charged_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return charged_;
}

}  // namespace sealog::tier
