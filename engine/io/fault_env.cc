#include "engine/io/fault_env.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sealog::io {
namespace {

constexpr uint64_t kSectorSize = 512;
// 2024-01-01T00:00:00Z: a fixed start, so that runs are reproducible.
constexpr int64_t kInitialNowNanos = int64_t{1'704'067'200} * 1'000'000'000;

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

// Collapses repeated slashes and drops a trailing one and leading "./", so
// that "d//f", "d/f" and "./d/f/" name the same entry "d/f".
std::string Normalize(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  std::string out;
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out += c;
  }
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out.empty() ? "." : out;
}

std::string Parent(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool IsRoot(const std::string& dir) { return dir == "/" || dir == "."; }

std::string AtOffset(std::string_view op, const std::string& path, uint64_t offset) {
  return std::string(op) + " " + path + " at offset " + std::to_string(offset);
}

Status Injected(Fault fault, const std::string& context) {
  switch (fault) {
    case Fault::kENOSPC:
      return Status::NoSpace(context + ": No space left on device (injected)");
    case Fault::kTornWrite:
      return Status::IOError(context + ": torn write (injected)");
    case Fault::kEIO:
      break;
  }
  return Status::IOError(context + ": Input/output error (injected)");
}

Status NoEntry(const std::string& context) {
  return Status::NotFound(context + ": No such file or directory");
}

}  // namespace

namespace fault_env_internal {

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
  Rng fault_rng;
  Rng random_rng;

  int64_t now_nanos = kInitialNowNanos;
  uint64_t monotonic_nanos = 1'000'000'000;
};

}  // namespace fault_env_internal

namespace {

using fault_env_internal::Inode;
using fault_env_internal::State;

Status DeadHandle(const std::string& op, const std::string& path) {
  return Status::IOError(op + " " + path + ": handle died in a simulated power loss");
}

class FaultReadableFile final : public ReadableFile {
 public:
  FaultReadableFile(std::shared_ptr<State> state, std::shared_ptr<Inode> inode, std::string path)
      : state_(std::move(state)),
        inode_(std::move(inode)),
        path_(std::move(path)),
        generation_(state_->generation) {}

  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override {
    std::lock_guard lock(state_->mu);
    *result = {};
    if (generation_ != state_->generation) return DeadHandle("read", path_);
    ++state_->all_op_count;
    const std::string& data = inode_->data;
    if (offset >= data.size()) return Status::Ok();
    const size_t count = std::min<uint64_t>(n, data.size() - offset);
    std::memcpy(scratch, data.data() + offset, count);
    *result = std::string_view(scratch, count);
    return Status::Ok();
  }

  Result<uint64_t> Size() const override {
    std::lock_guard lock(state_->mu);
    if (generation_ != state_->generation) return DeadHandle("stat", path_);
    ++state_->all_op_count;
    return static_cast<uint64_t>(inode_->data.size());
  }

 private:
  const std::shared_ptr<State> state_;
  const std::shared_ptr<Inode> inode_;
  const std::string path_;
  const uint64_t generation_;
};

class FaultWritableFile final : public WritableFile {
 public:
  FaultWritableFile(std::shared_ptr<State> state, std::shared_ptr<Inode> inode, std::string path)
      : state_(std::move(state)),
        inode_(std::move(inode)),
        path_(std::move(path)),
        generation_(state_->generation) {}

  Status Write(uint64_t offset, std::string_view data) override {
    std::lock_guard lock(state_->mu);
    if (generation_ != state_->generation) return DeadHandle("write", path_);
    if (std::optional<Fault> fault = state_->CountMutatingOp()) {
      if (*fault == Fault::kTornWrite) state_->TearWrite(inode_.get(), offset, data);
      return Injected(*fault, AtOffset("write", path_, offset));
    }
    inode_->WriteAt(offset, data);
    return Status::Ok();
  }

  Status Sync() override {
    std::lock_guard lock(state_->mu);
    if (generation_ != state_->generation) return DeadHandle("sync", path_);
    if (std::optional<Fault> fault = state_->CountMutatingOp()) {
      inode_->MarkClean();
      return Injected(*fault, "sync " + path_);
    }
    inode_->MakeDurable();
    return Status::Ok();
  }

  Status Allocate(uint64_t offset, uint64_t /*length*/) override {
    std::lock_guard lock(state_->mu);
    if (generation_ != state_->generation) return DeadHandle("allocate", path_);
    if (std::optional<Fault> fault = state_->CountMutatingOp()) {
      return Injected(*fault, AtOffset("allocate", path_, offset));
    }
    return Status::Ok();
  }

  Status Truncate(uint64_t size) override {
    std::lock_guard lock(state_->mu);
    if (generation_ != state_->generation) return DeadHandle("truncate", path_);
    if (std::optional<Fault> fault = state_->CountMutatingOp()) {
      return Injected(*fault, "truncate " + path_ + " to " + std::to_string(size));
    }
    inode_->Resize(size);
    return Status::Ok();
  }

  Result<uint64_t> Size() const override {
    std::lock_guard lock(state_->mu);
    if (generation_ != state_->generation) return DeadHandle("stat", path_);
    ++state_->all_op_count;
    return static_cast<uint64_t>(inode_->data.size());
  }

 private:
  const std::shared_ptr<State> state_;
  const std::shared_ptr<Inode> inode_;
  const std::string path_;
  const uint64_t generation_;
};

class FaultFileLock final : public FileLock {
 public:
  FaultFileLock(std::shared_ptr<State> state, std::string path)
      : state_(std::move(state)), path_(std::move(path)), generation_(state_->generation) {}
  ~FaultFileLock() override {
    std::lock_guard lock(state_->mu);
    // After a power loss the path may be locked again by someone else.
    if (generation_ == state_->generation) state_->locks.erase(path_);
  }
  FaultFileLock(const FaultFileLock&) = delete;
  FaultFileLock& operator=(const FaultFileLock&) = delete;

 private:
  const std::shared_ptr<State> state_;
  const std::string path_;
  const uint64_t generation_;
};

}  // namespace

FaultEnv::FaultEnv(uint64_t seed) : state_(std::make_shared<State>(seed)) {}

FaultEnv::~FaultEnv() = default;

Status FaultEnv::NewReadableFile(const std::string& path, std::unique_ptr<ReadableFile>* file) {
  const std::string name = Normalize(path);
  std::lock_guard lock(state_->mu);
  ++state_->all_op_count;
  auto it = state_->files.find(name);
  if (it == state_->files.end()) {
    if (state_->DirExists(name)) return Status::IOError("open " + name + ": Is a directory");
    return NoEntry("open " + name);
  }
  *file = std::make_unique<FaultReadableFile>(state_, it->second, name);
  return Status::Ok();
}

Status FaultEnv::NewWritableFile(const std::string& path, const WritableFileOptions& options,
                                 std::unique_ptr<WritableFile>* file) {
  const std::string name = Normalize(path);
  std::lock_guard lock(state_->mu);
  if (std::optional<Fault> fault = state_->CountMutatingOp()) {
    return Injected(*fault, "open " + name);
  }
  if (state_->DirExists(name)) return Status::IOError("open " + name + ": Is a directory");
  if (!state_->DirExists(Parent(name))) return NoEntry("open " + name);
  std::shared_ptr<Inode>& inode = state_->files[name];
  if (inode == nullptr) inode = std::make_shared<Inode>();
  if (options.truncate) inode->Resize(0);
  *file = std::make_unique<FaultWritableFile>(state_, inode, name);
  return Status::Ok();
}

bool FaultEnv::FileExists(const std::string& path) {
  const std::string name = Normalize(path);
  std::lock_guard lock(state_->mu);
  ++state_->all_op_count;
  return state_->files.count(name) > 0 || state_->DirExists(name);
}

Status FaultEnv::GetChildren(const std::string& dir, std::vector<std::string>* names) {
  const std::string name = Normalize(dir);
  std::lock_guard lock(state_->mu);
  ++state_->all_op_count;
  names->clear();
  if (!state_->DirExists(name)) return NoEntry("opendir " + name);
  const size_t prefix = name == "." ? 0 : name == "/" ? 1 : name.size() + 1;
  for (const auto& [path, inode] : state_->files) {
    if (Parent(path) == name) names->push_back(path.substr(prefix));
  }
  for (const std::string& path : state_->dirs) {
    if (Parent(path) == name) names->push_back(path.substr(prefix));
  }
  std::sort(names->begin(), names->end());
  return Status::Ok();
}

Status FaultEnv::RemoveFile(const std::string& path) {
  const std::string name = Normalize(path);
  std::lock_guard lock(state_->mu);
  if (std::optional<Fault> fault = state_->CountMutatingOp()) {
    return Injected(*fault, "remove " + name);
  }
  if (state_->DirExists(name)) return Status::IOError("remove " + name + ": Is a directory");
  if (state_->files.erase(name) == 0) return NoEntry("remove " + name);
  return Status::Ok();
}

Status FaultEnv::RenameFile(const std::string& from, const std::string& to) {
  const std::string source = Normalize(from);
  const std::string target = Normalize(to);
  const std::string context = "rename " + source + " to " + target;
  std::lock_guard lock(state_->mu);
  if (std::optional<Fault> fault = state_->CountMutatingOp()) return Injected(*fault, context);
  auto it = state_->files.find(source);
  if (it == state_->files.end()) {
    if (state_->DirExists(source)) {
      return Status::IOError(context + ": renaming directories is not supported");
    }
    return NoEntry(context);
  }
  if (state_->DirExists(target)) return Status::IOError(context + ": Is a directory");
  if (!state_->DirExists(Parent(target))) return NoEntry(context);
  if (source == target) return Status::Ok();
  std::shared_ptr<Inode> inode = std::move(it->second);
  state_->files.erase(it);
  state_->files[target] = std::move(inode);
  return Status::Ok();
}

Status FaultEnv::CreateDir(const std::string& dir) {
  const std::string name = Normalize(dir);
  std::lock_guard lock(state_->mu);
  if (std::optional<Fault> fault = state_->CountMutatingOp()) {
    return Injected(*fault, "mkdir " + name);
  }
  if (state_->DirExists(name)) return Status::Ok();
  if (state_->files.count(name) > 0) return Status::IOError("mkdir " + name + ": File exists");
  if (!state_->DirExists(Parent(name))) return NoEntry("mkdir " + name);
  state_->dirs.insert(name);
  return Status::Ok();
}

Status FaultEnv::SyncDir(const std::string& dir) {
  const std::string name = Normalize(dir);
  std::lock_guard lock(state_->mu);
  if (std::optional<Fault> fault = state_->CountMutatingOp()) {
    return Injected(*fault, "sync dir " + name);
  }
  if (!state_->DirExists(name)) return NoEntry("open dir " + name);
  // Make the durable entries of this directory equal to the current ones.
  State& s = *state_;
  std::erase_if(s.durable_files, [&](const auto& entry) { return Parent(entry.first) == name; });
  for (const auto& [path, inode] : s.files) {
    if (Parent(path) == name) s.durable_files.emplace(path, inode);
  }
  std::erase_if(s.durable_dirs, [&](const std::string& path) { return Parent(path) == name; });
  for (const std::string& path : s.dirs) {
    if (Parent(path) == name) s.durable_dirs.insert(path);
  }
  return Status::Ok();
}

Status FaultEnv::LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) {
  const std::string name = Normalize(path);
  std::lock_guard guard(state_->mu);
  if (std::optional<Fault> fault = state_->CountMutatingOp()) {
    return Injected(*fault, "lock " + name);
  }
  if (state_->DirExists(name)) return Status::IOError("open lock " + name + ": Is a directory");
  if (!state_->DirExists(Parent(name))) return NoEntry("open lock " + name);
  std::shared_ptr<Inode>& inode = state_->files[name];
  if (inode == nullptr) inode = std::make_shared<Inode>();
  if (!state_->locks.insert(name).second) {
    return Status::Busy("lock " + name + ": held by another process or Store");
  }
  *lock = std::make_unique<FaultFileLock>(state_, name);
  return Status::Ok();
}

int64_t FaultEnv::NowNanos() {
  std::lock_guard lock(state_->mu);
  return state_->now_nanos;
}

uint64_t FaultEnv::MonotonicNanos() {
  std::lock_guard lock(state_->mu);
  return state_->monotonic_nanos;
}

Status FaultEnv::RandomBytes(void* buf, size_t n) {
  std::lock_guard lock(state_->mu);
  auto* out = static_cast<unsigned char*>(buf);
  for (size_t i = 0; i < n; i += 8) {
    const uint64_t word = state_->random_rng.Next();
    std::memcpy(out + i, &word, std::min<size_t>(8, n - i));
  }
  return Status::Ok();
}

void FaultEnv::SimulatePowerLoss(uint64_t seed) {
  Rng rng(seed);
  std::lock_guard lock(state_->mu);
  state_->PowerLoss(&rng);
}

void FaultEnv::DropUnsyncedData() {
  std::lock_guard lock(state_->mu);
  state_->PowerLoss(nullptr);
}

uint64_t FaultEnv::op_count() const {
  std::lock_guard lock(state_->mu);
  return state_->op_count;
}

uint64_t FaultEnv::all_op_count() const {
  std::lock_guard lock(state_->mu);
  return state_->all_op_count;
}

uint64_t FaultEnv::injected_fault_count() const {
  std::lock_guard lock(state_->mu);
  return state_->injected_fault_count;
}

void FaultEnv::FailAt(uint64_t n, Fault fault, bool forever) {
  std::lock_guard lock(state_->mu);
  state_->plan = {n, fault, forever};
}

void FaultEnv::ClearFaults() {
  std::lock_guard lock(state_->mu);
  state_->plan = {};
}

void FaultEnv::SetOutOfOrderWrites(bool enabled) {
  std::lock_guard lock(state_->mu);
  state_->out_of_order_writes = enabled;
}

void FaultEnv::SetNow(int64_t now_nanos) {
  std::lock_guard lock(state_->mu);
  state_->now_nanos = now_nanos;
}

void FaultEnv::AdvanceNanos(uint64_t nanos) {
  std::lock_guard lock(state_->mu);
  state_->now_nanos += static_cast<int64_t>(nanos);
  state_->monotonic_nanos += nanos;
}

}  // namespace sealog::io
