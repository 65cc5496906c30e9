// The in-memory disk behind FaultEnv (engine/io/fault_env.h): files as
// current and durable bytes tracked in 512-byte sectors, directory entries
// durable or not, and what a power loss leaves of them. Internal to
// fault_env.cc; every member requires State::mu held, as noted.
#ifndef SEALOG_ENGINE_IO_FAULT_DISK_H_
#define SEALOG_ENGINE_IO_FAULT_DISK_H_

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/io/fault_env.h"

namespace sealog::io::fault_env_internal {

inline constexpr uint64_t kSectorSize = 512;
// 2024-01-01T00:00:00Z: a fixed start, so that runs are reproducible.
inline constexpr int64_t kInitialNowNanos = int64_t{1'704'067'200} * 1'000'000'000;

// SplitMix64: tiny, and the same sequence on every platform, which the
// standard distributions do not promise.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); 0 when n is 0.
  uint64_t Uniform(uint64_t n) { return n == 0 ? 0 : Next() % n; }
  bool Coin() { return (Next() & 1) != 0; }

 private:
  uint64_t state_;
};

inline std::string Parent(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

inline bool IsRoot(const std::string& dir) { return dir == "/" || dir == "."; }

// One file's data. Sectors written since the last Sync (successful or not)
// are dirty; only they can become durable.
struct Inode {
  std::string data;     // What reads see.
  std::string durable;  // What survives a power loss for sure.
  std::vector<bool> dirty;
  bool size_dirty = false;

  void MarkDirty(uint64_t begin, uint64_t end) {
    if (end <= begin) return;
    const uint64_t last = (end - 1) / kSectorSize;
    if (dirty.size() <= last) dirty.resize(last + 1, false);
    for (uint64_t s = begin / kSectorSize; s <= last; ++s) dirty[s] = true;
  }

  void WriteAt(uint64_t offset, std::string_view bytes) {
    if (bytes.empty()) return;
    const uint64_t end = offset + bytes.size();
    if (data.size() < end) Resize(end);
    data.replace(offset, bytes.size(), bytes);
    MarkDirty(offset, end);
  }

  // Growing dirties no sector: the new bytes are zeros by virtue of the size
  // alone, as on disk. (Dirtying the old last sector would wrongly make
  // durable what a failed Sync left in it.) Shrinking dirties the cut sectors.
  void Resize(uint64_t size) {
    if (size == data.size()) return;
    if (size < data.size()) MarkDirty(size, data.size());
    data.resize(size, '\0');
    size_dirty = true;
  }

  // A successful Sync.
  void MakeDurable() {
    durable.resize(data.size(), '\0');
    for (uint64_t s = 0; s < dirty.size(); ++s) {
      if (dirty[s]) CopySector(s, data.size(), &durable);
    }
    MarkClean();
  }

  // A failed Sync, as ext4 does it: the pages are marked clean, so no later
  // Sync writes them, yet reads keep returning them until the power goes.
  void MarkClean() {
    dirty.clear();
    size_dirty = false;
  }

  // Power loss. With rng, each dirty sector survives or not by a coin, and an
  // unsynced size change survives wholly, partly or not at all; without rng,
  // nothing unsynced survives.
  void LoseUnsyncedData(Rng* rng) {
    uint64_t size = durable.size();
    if (rng != nullptr && size_dirty && data.size() != durable.size()) {
      const uint64_t low = std::min(data.size(), durable.size());
      const uint64_t high = std::max(data.size(), durable.size());
      switch (rng->Uniform(3)) {
        case 0:
          break;
        case 1:
          size = data.size();
          break;
        default:
          size = low + rng->Uniform(high - low + 1);
          break;
      }
    }
    std::string image = durable;
    image.resize(size, '\0');  // Blocks allocated but never written read as zeros.
    for (uint64_t s = 0; rng != nullptr && s < dirty.size(); ++s) {
      if (dirty[s] && rng->Coin()) CopySector(s, size, &image);
    }
    data = image;
    durable = std::move(image);
    MarkClean();
  }

 private:
  // Copies sector s of data into *out (whose size is kept), as zeros where
  // data is shorter: a truncated sector.
  void CopySector(uint64_t s, uint64_t size, std::string* out) const {
    const uint64_t end = std::min((s + 1) * kSectorSize, std::min<uint64_t>(size, out->size()));
    for (uint64_t b = s * kSectorSize; b < end; ++b) (*out)[b] = b < data.size() ? data[b] : '\0';
  }
};

struct State {
  struct FaultPlan {
    uint64_t at = 0;  // 0: none.
    Fault fault = Fault::kEIO;
    bool forever = false;
  };

  explicit State(uint64_t seed) : fault_rng(seed), random_rng(seed ^ 0x5ea106) {}

  // REQUIRES: mu held. Counts a mutating operation; returns the fault to
  // inject into it, if any.
  std::optional<Fault> CountMutatingOp() {
    ++op_count;
    ++all_op_count;
    if (plan.at == 0 || op_count < plan.at || (op_count > plan.at && !plan.forever)) {
      return std::nullopt;
    }
    ++injected_fault_count;
    return plan.fault;
  }

  // Locks mu for a mutating operation, first waiting (uncounted) while
  // mutations are held (FaultEnv::HoldMutations).
  std::unique_lock<std::mutex> LockForMutation() {
    std::unique_lock<std::mutex> lock(mu);
    if (mutations_held) {
      ++held_mutations;
      held_cv.notify_all();
      held_cv.wait(lock, [&] { return !mutations_held; });
      --held_mutations;
    }
    return lock;
  }

  // REQUIRES: mu held.
  bool DirExists(const std::string& dir) const { return IsRoot(dir) || dirs.count(dir) > 0; }

  // REQUIRES: mu held. Writes the part of data that a torn write leaves.
  void TearWrite(Inode* inode, uint64_t offset, std::string_view data) {
    struct Piece {
      uint64_t offset;
      std::string_view bytes;
    };
    std::vector<Piece> pieces;
    for (uint64_t begin = offset; begin < offset + data.size();) {
      const uint64_t end = std::min((begin / kSectorSize + 1) * kSectorSize, offset + data.size());
      pieces.push_back({begin, data.substr(begin - offset, end - begin)});
      begin = end;
    }
    if (!out_of_order_writes || pieces.size() < 2) {
      inode->WriteAt(offset, data.substr(0, fault_rng.Uniform(data.size())));
      return;
    }
    for (size_t i = pieces.size() - 1; i > 0; --i) {
      std::swap(pieces[i], pieces[fault_rng.Uniform(i + 1)]);
    }
    const uint64_t applied = fault_rng.Uniform(pieces.size());
    for (uint64_t i = 0; i < applied; ++i) inode->WriteAt(pieces[i].offset, pieces[i].bytes);
  }

  // REQUIRES: mu held.
  void PowerLoss(Rng* rng) {
    // A directory survives when its entry and all its ancestors' are durable.
    // Sorted order visits a parent before its children.
    std::set<std::string> surviving_dirs;
    for (const std::string& dir : durable_dirs) {
      if (IsRoot(Parent(dir)) || surviving_dirs.count(Parent(dir)) > 0) {
        surviving_dirs.insert(dir);
      }
    }
    std::map<std::string, std::shared_ptr<Inode>> surviving_files;
    std::set<const Inode*> done;  // A crash mid-rename can leave two names.
    for (const auto& [path, inode] : durable_files) {
      const std::string parent = Parent(path);
      if (!IsRoot(parent) && surviving_dirs.count(parent) == 0) continue;
      surviving_files.emplace(path, inode);
      if (done.insert(inode.get()).second) inode->LoseUnsyncedData(rng);
    }
    files = surviving_files;
    durable_files = std::move(surviving_files);
    dirs = surviving_dirs;
    durable_dirs = std::move(surviving_dirs);
    locks.clear();  // The processes that held them are gone.
    ++generation;
  }

  std::mutex mu;
  // Bumped by power loss: handles from an older generation are dead.
  uint64_t generation = 0;
  std::map<std::string, std::shared_ptr<Inode>> files;
  std::map<std::string, std::shared_ptr<Inode>> durable_files;
  std::set<std::string> dirs;
  std::set<std::string> durable_dirs;
  std::set<std::string> locks;

  uint64_t op_count = 0;
  uint64_t all_op_count = 0;
  uint64_t injected_fault_count = 0;
  FaultPlan plan;
  bool out_of_order_writes = false;
  bool mutations_held = false;
  int held_mutations = 0;  // threads waiting for ReleaseMutations
  std::condition_variable held_cv;
  Rng fault_rng;
  Rng random_rng;

  int64_t now_nanos = kInitialNowNanos;
  uint64_t monotonic_nanos = 1'000'000'000;
};

}  // namespace sealog::io::fault_env_internal

#endif  // SEALOG_ENGINE_IO_FAULT_DISK_H_
