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

#include "engine/io/fault_disk.h"

namespace sealog::io {
namespace {

using fault_env_internal::IsRoot;
using fault_env_internal::kSectorSize;
using fault_env_internal::Parent;
using fault_env_internal::Rng;

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


namespace {

using fault_env_internal::Inode;
using fault_env_internal::State;

Status DeadHandle(const std::string& op, const std::string& path) {
  return Status::IOError(op + " " + path + ": handle died in a simulated power loss");
}

// What both kinds of file handle hold: the disk, the file, its name, and the
// power-loss generation it was opened in (a later one makes it dead).
struct FileHandle {
  FileHandle(std::shared_ptr<State> state, std::shared_ptr<Inode> inode, std::string path)
      : state(std::move(state)),
        inode(std::move(inode)),
        path(std::move(path)),
        generation(this->state->generation) {}

  // REQUIRES: state->mu held.
  bool Dead() const { return generation != state->generation; }

  Result<uint64_t> Size() const {
    std::lock_guard lock(state->mu);
    if (Dead()) return DeadHandle("stat", path);
    ++state->all_op_count;
    return static_cast<uint64_t>(inode->data.size());
  }

  const std::shared_ptr<State> state;
  const std::shared_ptr<Inode> inode;
  const std::string path;
  const uint64_t generation;
};

class FaultReadableFile final : public ReadableFile {
 public:
  FaultReadableFile(std::shared_ptr<State> state, std::shared_ptr<Inode> inode, std::string path)
      : handle_(std::move(state), std::move(inode), std::move(path)) {}

  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override {
    std::lock_guard lock(handle_.state->mu);
    *result = {};
    if (handle_.Dead()) return DeadHandle("read", handle_.path);
    ++handle_.state->all_op_count;
    const std::string& data = handle_.inode->data;
    if (offset >= data.size()) return Status::Ok();
    const size_t count = std::min<uint64_t>(n, data.size() - offset);
    std::memcpy(scratch, data.data() + offset, count);
    *result = std::string_view(scratch, count);
    return Status::Ok();
  }

  Result<uint64_t> Size() const override { return handle_.Size(); }

 private:
  FileHandle handle_;
};

class FaultWritableFile final : public WritableFile {
 public:
  FaultWritableFile(std::shared_ptr<State> state, std::shared_ptr<Inode> inode, std::string path)
      : handle_(std::move(state), std::move(inode), std::move(path)) {}

  Status Write(uint64_t offset, std::string_view data) override {
    std::unique_lock lock = handle_.state->LockForMutation();
    if (handle_.Dead()) return DeadHandle("write", handle_.path);
    if (std::optional<Fault> fault = handle_.state->CountMutatingOp()) {
      if (*fault == Fault::kTornWrite) handle_.state->TearWrite(handle_.inode.get(), offset, data);
      return Injected(*fault, AtOffset("write", handle_.path, offset));
    }
    handle_.inode->WriteAt(offset, data);
    return Status::Ok();
  }

  Status Sync() override {
    std::unique_lock lock = handle_.state->LockForMutation();
    if (handle_.Dead()) return DeadHandle("sync", handle_.path);
    if (std::optional<Fault> fault = handle_.state->CountMutatingOp()) {
      handle_.inode->MarkClean();
      return Injected(*fault, "sync " + handle_.path);
    }
    handle_.inode->MakeDurable();
    return Status::Ok();
  }

  Status Allocate(uint64_t offset, uint64_t /*length*/) override {
    std::unique_lock lock = handle_.state->LockForMutation();
    if (handle_.Dead()) return DeadHandle("allocate", handle_.path);
    if (std::optional<Fault> fault = handle_.state->CountMutatingOp()) {
      return Injected(*fault, AtOffset("allocate", handle_.path, offset));
    }
    return Status::Ok();
  }

  Status Truncate(uint64_t size) override {
    std::unique_lock lock = handle_.state->LockForMutation();
    if (handle_.Dead()) return DeadHandle("truncate", handle_.path);
    if (std::optional<Fault> fault = handle_.state->CountMutatingOp()) {
      return Injected(*fault, "truncate " + handle_.path + " to " + std::to_string(size));
    }
    handle_.inode->Resize(size);
    return Status::Ok();
  }

  Result<uint64_t> Size() const override { return handle_.Size(); }

 private:
  FileHandle handle_;
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
  std::unique_lock lock = state_->LockForMutation();
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
  std::unique_lock lock = state_->LockForMutation();
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
  std::unique_lock lock = state_->LockForMutation();
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
  std::unique_lock lock = state_->LockForMutation();
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
  std::unique_lock lock = state_->LockForMutation();
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
  std::unique_lock guard = state_->LockForMutation();
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

void FaultEnv::HoldMutations() {
  std::lock_guard lock(state_->mu);
  state_->mutations_held = true;
}

bool FaultEnv::WaitForHeldMutation(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mu);
  return state_->held_cv.wait_for(lock, timeout, [&] { return state_->held_mutations > 0; });
}

void FaultEnv::ReleaseMutations() {
  {
    std::lock_guard lock(state_->mu);
    state_->mutations_held = false;
  }
  state_->held_cv.notify_all();
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
