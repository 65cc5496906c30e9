// FaultEnv: an in-memory Env for tests and simulation that loses power,
// tears writes and fails the Nth operation, deterministically from seeds.
//
// The model (strict POSIX, ext4-like):
//  - Each file has its current contents, which reads see, and its durable
//    contents, as of its last successful Sync. Data is tracked in 512-byte
//    sectors: a write dirties the sectors it touches; Sync makes the dirty
//    sectors and the size durable.
//  - Directory entries are current or durable too: creating, renaming or
//    removing a file, and creating a directory, is durable only after SyncDir of
//    the parent directory. A file synced but whose creation was never followed
//    by SyncDir vanishes at power loss.
//  - A failed Sync makes nothing durable and marks the dirty sectors clean, as
//    ext4 does: reads still return the data, but no later Sync will persist it
//    unless it is written again. It is lost at the next power loss.
//  - Power loss (SimulatePowerLoss) returns every file to its durable contents,
//    except that each dirty sector independently survives or not, and an
//    unsynced size change survives, partly or not at all (the gap reads as
//    zeros): writes reach the disk out of order and torn. Undurable directory
//    operations are rolled back. Every open handle dies.
//
// Paths: "/" separated; "/" and "." (the parent of a bare name) always exist.
// A file can be created only in an existing directory.
//
// Thread safe: one mutex guards all state, and every operation is atomic with
// respect to the others, power loss included. Handles may outlive the env.
#ifndef SEALOG_ENGINE_IO_FAULT_ENV_H_
#define SEALOG_ENGINE_IO_FAULT_ENV_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/io/env.h"

namespace sealog::io {

namespace fault_env_internal {
struct State;
}  // namespace fault_env_internal

enum class Fault : uint8_t {
  kEIO,        // the operation fails with IOError and has no effect
  kENOSPC,     // the operation fails with NoSpace and has no effect
  kTornWrite,  // a Write writes a random part of its data (by seed), then
               // fails with IOError; other operations fail as with kEIO
};

class FaultEnv final : public Env {
 public:
  // seed drives RandomBytes, torn write lengths and out-of-order sectors.
  explicit FaultEnv(uint64_t seed = 0);
  ~FaultEnv() override;
  FaultEnv(const FaultEnv&) = delete;
  FaultEnv& operator=(const FaultEnv&) = delete;

  // Env. Errors name the path like the POSIX Env does; injected errors end in
  // "(injected)". Operations on dead handles fail with IOError.
  Status NewReadableFile(const std::string& path, std::unique_ptr<ReadableFile>* file) override;
  Status NewWritableFile(const std::string& path, const WritableFileOptions& options,
                         std::unique_ptr<WritableFile>* file) override;
  bool FileExists(const std::string& path) override;
  Status GetChildren(const std::string& dir, std::vector<std::string>* names) override;
  Status RemoveFile(const std::string& path) override;
  // Files only: renaming a directory fails with IOError.
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status CreateDir(const std::string& dir) override;
  Status SyncDir(const std::string& dir) override;
  // Creates path (an empty file) like the POSIX Env. kBusy while another
  // lock on path is alive. Power loss releases every lock.
  Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) override;
  // The fake clocks: they move only by SetNow and AdvanceNanos.
  int64_t NowNanos() override;
  uint64_t MonotonicNanos() override;
  // Deterministic bytes from the constructor's seed.
  Status RandomBytes(void* buf, size_t n) override;

  // Power loss: see the model above. The same seed and the same history give
  // the same surviving state. Handles opened before it fail from then on; the
  // Store that holds them is expected to be thrown away and reopened.
  void SimulatePowerLoss(uint64_t seed);
  // A power loss that keeps none of the unsynced data (nor unsynced sizes):
  // every file returns exactly to its durable contents.
  void DropUnsyncedData();

  // Operations are counted from 1 since construction. Mutating operations:
  // NewWritableFile, RemoveFile, RenameFile, CreateDir, SyncDir, LockFile, and
  // the file calls Write, Sync, Allocate, Truncate (WriteAndSync counts as a
  // Write and, when it syncs, a Sync). The others (opening for reading, reads,
  // sizes, listings, FileExists) count only in all_op_count(); the clock and
  // RandomBytes are not counted. Calls on dead handles are not counted.
  uint64_t op_count() const;
  uint64_t all_op_count() const;
  // How many operations failed by injection so far.
  uint64_t injected_fault_count() const;

  // Mutating operation number n fails with `fault`; when forever, every
  // mutating operation from n on fails. n is absolute: FailAt(op_count() + 1,
  // ...) fails the next one. Replaces any earlier FailAt; n == 0 clears it.
  void FailAt(uint64_t n, Fault fault, bool forever);
  void ClearFaults();
  // When on, a torn write applies a random subset of the write's sectors, in
  // shuffled order, instead of a prefix: I/O that completes out of order.
  void SetOutOfOrderWrites(bool enabled);

  // Holding mutations makes a multithreaded client's I/O order a function of
  // its calls alone (tests/sim/simulation.cc): while held, every thread that
  // starts a mutating operation waits before it, uncounted, until
  // ReleaseMutations. WaitForHeldMutation blocks until some thread waits so,
  // or `timeout` passes; it returns whether one does. A client that appends
  // one record, waits until its writer thread is held, appends more and
  // releases knows exactly which records went into which write.
  void HoldMutations();
  bool WaitForHeldMutation(std::chrono::milliseconds timeout);
  void ReleaseMutations();

  void SetNow(int64_t now_nanos);
  // Advances both clocks.
  void AdvanceNanos(uint64_t nanos);

 private:
  // Shared with the handles, which may outlive the env.
  std::shared_ptr<fault_env_internal::State> state_;
};

}  // namespace sealog::io

#endif  // SEALOG_ENGINE_IO_FAULT_ENV_H_
