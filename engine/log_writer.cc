#include "engine/log_writer.h"

#include <algorithm>

#include "engine/format.h"
#include "engine/record.h"
#include "engine/segment.h"
#include "index/index_file.h"

namespace sealog {

LogWriter::LogWriter(io::Env& env, std::string dir, const Options& options, Manifest manifest,
                     Tail tail)
    : env_(env),
      dir_(std::move(dir)),
      options_(options),
      log_id_(manifest.log_id),
      manifest_(std::move(manifest)) {
  file_ = std::move(tail.file);
  sealer_ = std::move(tail.sealer);
  digest_ = std::move(tail.digest);
  active_index_ = std::move(tail.index);
  uses_io_uring_ = file_->uses_io_uring();
  const ManifestSegment& active = manifest_.segments.back();
  auto closed = std::make_shared<std::vector<ManifestSegment>>(manifest_.segments.begin(),
                                                               manifest_.segments.end() - 1);
  closed_ = std::move(closed);

  next_seq_ = active.first_seq + tail.record_count;
  encode_segment_ = active.number;
  encode_offset_ = tail.end_offset;
  encode_records_ = tail.record_count;
  encode_seed_ = SegmentSeed(log_id_, active.number);
  encode_first_mono_ns_ = env_.MonotonicNanos();

  written_segment_ = active.number;
  written_segment_first_seq_ = active.first_seq;
  written_end_ = tail.end_offset;
  written_seq_ = next_seq_ - 1;
  // Recovery synced what it kept, so all of it is durable.
  synced_end_ = tail.end_offset;
  durable_seq_ = written_seq_;
  allocated_end_ = tail.end_offset;

  writer_ = std::thread([this] { Run(); });
  digester_ = std::thread([this] { RunDigester(); });
}

LogWriter::~LogWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (failure_.ok()) {
      Batch sync;
      sync.kind = Batch::Kind::kSync;
      batches_.push_back(std::move(sync));
    }
    stopping_ = true;
  }
  writer_cv_.notify_one();
  writer_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    digester_stopping_ = true;
  }
  digest_cv_.notify_all();
  digester_.join();
}

// ---- Appending (any thread) ----

Result<uint64_t> LogWriter::Append(const Event& event, bool wait_durable, bool system) {
  SEALOG_RETURN_IF_ERROR(CheckEventLimits(event));
  const size_t frame_size = EncodedFrameSize(event);
  std::unique_lock<std::mutex> lock(mu_);
  durable_cv_.wait(lock, [&] {
    return !failure_.ok() || stopping_ || pending_bytes_ < options_.pending_bytes_max;
  });
  if (!failure_.ok()) return Status::ReadOnly("the store stopped after: " + failure_.ToString());
  if (stopping_) return Status::ReadOnly("the store is closing");

  if (encode_records_ > 0 && encode_offset_ + frame_size > options_.segment_size_max) {
    RollLocked();
  }
  Batch& batch = BatchForLocked(frame_size);
  const uint64_t seq = next_seq_++;
  // Bytes of this segment already durable: recovery uses it to tell a torn
  // tail (damage after it) from damage to acknowledged data (before it).
  const uint64_t synced =
      written_segment_ == encode_segment_ ? synced_end_ : format::kSegmentHeaderSize;
  const size_t before = batch.data.size();
  EncodeRecord(event, seq, synced, env_.NowNanos(), encode_seed_, &batch.data, system);
  batch.last_seq = seq;
  if (options_.durability == Durability::kSync) batch.full = true;
  if (encode_records_ == 0) encode_first_mono_ns_ = env_.MonotonicNanos();
  ++encode_records_;
  encode_offset_ += frame_size;
  pending_bytes_ += batch.data.size() - before;
  if (writer_idle_) writer_cv_.notify_one();

  if (wait_durable && options_.durability != Durability::kNone) {
    SEALOG_RETURN_IF_ERROR(WaitForLocked(lock, seq));
  }
  return seq;
}

LogWriter::Batch& LogWriter::BatchForLocked(size_t frame_size) {
  if (!batches_.empty()) {
    Batch& back = batches_.back();
    const bool fits = back.data.size() + frame_size <= options_.group_commit_bytes_max;
    if (back.kind == Batch::Kind::kRecords && back.segment == encode_segment_ && !back.full &&
        fits) {
      return back;
    }
  }
  Batch batch;
  batch.kind = Batch::Kind::kRecords;
  batch.segment = encode_segment_;
  batch.offset = encode_offset_;
  batch.first_seq = next_seq_;
  batch.sync = options_.durability != Durability::kNone;
  if (!spare_buffers_.empty()) {
    batch.data = std::move(spare_buffers_.back());
    spare_buffers_.pop_back();
  }
  batch.data.clear();
  batches_.push_back(std::move(batch));
  return batches_.back();
}

void LogWriter::RollLocked() {
  if (encode_records_ == 0) return;
  Batch roll;
  roll.kind = Batch::Kind::kRoll;
  roll.segment = encode_segment_;
  roll.offset = encode_offset_;
  roll.record_count = encode_records_;
  roll.first_seq = next_seq_;
  batches_.push_back(std::move(roll));
  ++rolls_queued_;
  ++encode_segment_;
  encode_offset_ = format::kSegmentHeaderSize;
  encode_records_ = 0;
  encode_seed_ = SegmentSeed(log_id_, encode_segment_);
  if (writer_idle_) writer_cv_.notify_one();
}

bool LogWriter::AgeExpiredLocked() const {
  if (options_.segment_age_max_ms == 0 || encode_records_ == 0) return false;
  const uint64_t age_ns = env_.MonotonicNanos() - encode_first_mono_ns_;
  return age_ns >= options_.segment_age_max_ms * 1'000'000;
}

// ---- Waiting ----

Status LogWriter::WaitForLocked(std::unique_lock<std::mutex>& lock, uint64_t seq) {
  durable_cv_.wait(lock, [&] { return durable_seq_ >= seq || !failure_.ok(); });
  if (durable_seq_ >= seq) return Status::Ok();
  return failure_;
}

Status LogWriter::WaitDurable(uint64_t seq) {
  std::unique_lock<std::mutex> lock(mu_);
  if (seq >= next_seq_) return Status::InvalidArgument("seq " + std::to_string(seq) + " was never appended");
  return WaitForLocked(lock, seq);
}

Result<uint64_t> LogWriter::AwaitDurable(uint64_t known, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  durable_cv_.wait_for(lock, timeout, [&] { return durable_seq_ > known || !failure_.ok(); });
  if (durable_seq_ <= known && !failure_.ok()) return failure_;
  return durable_seq_;
}

Status LogWriter::Flush() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!failure_.ok()) return failure_;
  const uint64_t target = next_seq_ - 1;
  if (durable_seq_ >= target) return Status::Ok();
  Batch sync;
  sync.kind = Batch::Kind::kSync;
  batches_.push_back(std::move(sync));
  if (writer_idle_) writer_cv_.notify_one();
  return WaitForLocked(lock, target);
}

Status LogWriter::Roll() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!failure_.ok()) return failure_;
  RollLocked();
  const uint64_t target = rolls_queued_;
  durable_cv_.wait(lock, [&] { return rolls_done_ >= target || !failure_.ok(); });
  return rolls_done_ >= target ? Status::Ok() : failure_;
}

Status LogWriter::SetTier(const std::vector<uint64_t>& numbers, Tier tier) {
  std::lock_guard<std::mutex> manifest_lock(manifest_mu_);
  Manifest updated = manifest_;
  for (uint64_t number : numbers) {
    auto it = std::find_if(updated.segments.begin(), updated.segments.end(),
                           [&](const ManifestSegment& s) { return s.number == number; });
    if (it == updated.segments.end() || it->active) {
      return Status::NotFound("segment " + std::to_string(number) + " is not a closed segment");
    }
    it->tier = tier;
  }
  SEALOG_RETURN_IF_ERROR(updated.Save(env_, dir_));
  std::lock_guard<std::mutex> lock(mu_);
  manifest_ = std::move(updated);
  // Views list a segment once the roll that closed it completed; until then
  // the roll's completion picks the tier up from manifest_.
  auto closed = std::make_shared<std::vector<ManifestSegment>>(*closed_);
  for (ManifestSegment& s : *closed) {
    if (std::find(numbers.begin(), numbers.end(), s.number) != numbers.end()) s.tier = tier;
  }
  closed_ = std::move(closed);
  return Status::Ok();
}

LogView LogWriter::View() {
  std::lock_guard<std::mutex> lock(mu_);
  LogView view;
  view.closed = closed_;
  view.active_number = written_segment_;
  view.active_first_seq = written_segment_first_seq_;
  view.active_end = written_end_;
  view.last_seq = written_seq_;
  view.active_index = active_index_;
  return view;
}

uint64_t LogWriter::durable_seq() {
  std::lock_guard<std::mutex> lock(mu_);
  return durable_seq_;
}

// ---- The writer thread ----

void LogWriter::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (failure_.ok() && AgeExpiredLocked()) RollLocked();
    if (batches_.empty() || !failure_.ok()) {
      if (stopping_) break;
      writer_idle_ = true;
      if (options_.segment_age_max_ms > 0 && encode_records_ > 0) {
        const uint64_t deadline_ns =
            encode_first_mono_ns_ + options_.segment_age_max_ms * 1'000'000;
        const uint64_t now_ns = env_.MonotonicNanos();
        writer_cv_.wait_for(lock, std::chrono::nanoseconds(deadline_ns > now_ns ? deadline_ns - now_ns : 0));
      } else {
        writer_cv_.wait(lock);
      }
      writer_idle_ = false;
      continue;
    }
    Batch batch = std::move(batches_.front());
    batches_.pop_front();
    if (batch.kind == Batch::Kind::kSync && synced_end_ == written_end_) {
      // Every batch synced itself (durability batch or sync): a Flush or a
      // close asks for an fdatasync that would have nothing to do.
      Completed(batch);
      durable_cv_.notify_all();
      continue;
    }
    lock.unlock();
    Status status = Process(batch);
    lock.lock();
    if (status.ok()) {
      Completed(batch);
    } else {
      if (batch.kind == Batch::Kind::kRecords) pending_bytes_ -= batch.data.size();
      Failed(std::move(status));
    }
    durable_cv_.notify_all();
  }
}

Status LogWriter::Process(Batch& batch) {
  switch (batch.kind) {
    case Batch::Kind::kRecords: return WriteRecords(batch);
    case Batch::Kind::kSync: return file_->Sync();
    case Batch::Kind::kRoll: return RollOver(batch);
  }
  return Status::Ok();
}

Status LogWriter::WriteRecords(Batch& batch) {
  const uint64_t end = batch.offset + batch.data.size();
  if (end > allocated_end_ && options_.preallocate_step > 0) {
    const uint64_t step = options_.preallocate_step;
    const uint64_t target = std::min((end + step - 1) / step * step,
                                     std::max(end, options_.segment_size_max));
    // Best effort: a failure here shows up, for real, in the write.
    if (file_->Allocate(allocated_end_, target - allocated_end_).ok()) {
      allocated_end_ = target;
    }
  }
  return file_->WriteAndSync(batch.offset, batch.data, batch.sync);
}

Status LogWriter::RollOver(const Batch& batch) {
  // 1. The closed segment is complete and durable before anything names it closed.
  SEALOG_RETURN_IF_ERROR(file_->Truncate(batch.offset));
  SEALOG_RETURN_IF_ERROR(file_->Sync());

  // 2. The next segment exists, with a durable header and directory entry.
  const uint64_t number = batch.segment + 1;
  SegmentHeader header;
  header.log_id = log_id_;
  header.number = number;
  header.first_seq = batch.first_seq;
  header.created_ns = env_.NowNanos();
  std::unique_ptr<io::WritableFile> next;
  io::WritableFileOptions file_options;
  file_options.truncate = true;
  file_options.use_io_uring = options_.use_io_uring;
  SEALOG_RETURN_IF_ERROR(
      env_.NewWritableFile(dir_ + "/" + SegmentFileName(number), file_options, &next));
  SEALOG_RETURN_IF_ERROR(next->WriteAndSync(0, EncodeSegmentHeader(header), true));
  SEALOG_RETURN_IF_ERROR(env_.SyncDir(dir_));

  // 3. The MANIFEST switches atomically: segment closed, next one active.
  std::unique_lock<std::mutex> manifest_lock(manifest_mu_);
  Manifest updated = manifest_;
  ManifestSegment& closed = updated.segments.back();
  closed.active = false;
  closed.record_count = batch.record_count;
  closed.size_bytes = batch.offset;
  closed.closed_ns = header.created_ns;
  ManifestSegment active;
  active.number = number;
  active.first_seq = batch.first_seq;
  active.active = true;
  updated.segments.push_back(active);
  SEALOG_RETURN_IF_ERROR(updated.Save(env_, dir_));
  const ManifestSegment closed_segment = updated.segments[updated.segments.size() - 2];
  {
    std::lock_guard<std::mutex> lock(mu_);
    manifest_ = std::move(updated);
  }
  manifest_lock.unlock();
  file_ = std::move(next);
  allocated_end_ = format::kSegmentHeaderSize;

  // 4. The closed segment gets its index file and its seal. A crash before
  // this leaves it closed and unsealed; the next Open seals it.
  WaitDigested();
  const std::string index_file = active_index_->Encode(log_id_);
  if (sealer_) {
    SEALOG_RETURN_IF_ERROR(sealer_->Seal(closed_segment, digest_, index_file, header.created_ns));
    digest_ = SegmentDigest();
  } else {
    SEALOG_RETURN_IF_ERROR(io::WriteFileAtomically(
        env_, dir_, index::IndexFileName(closed_segment.number), index_file));
  }
  return Status::Ok();
}

void LogWriter::Completed(Batch& batch) {
  switch (batch.kind) {
    case Batch::Kind::kRecords:
      written_end_ = batch.offset + batch.data.size();
      written_seq_ = batch.last_seq;
      if (batch.sync) {
        synced_end_ = written_end_;
        durable_seq_ = written_seq_;
      }
      // Still counted in pending_bytes_: a digester that falls behind slows appenders.
      digest_queue_.push_back({std::move(batch.data), batch.offset});
      digest_cv_.notify_all();
      break;
    case Batch::Kind::kSync:
      synced_end_ = written_end_;
      durable_seq_ = written_seq_;
      break;
    case Batch::Kind::kRoll: {
      durable_seq_ = written_seq_;
      closed_ = std::make_shared<std::vector<ManifestSegment>>(manifest_.segments.begin(),
                                                               manifest_.segments.end() - 1);
      written_segment_ = manifest_.segments.back().number;
      written_segment_first_seq_ = manifest_.segments.back().first_seq;
      active_index_ = std::make_shared<ActiveIndex>(written_segment_, written_segment_first_seq_);
      written_end_ = format::kSegmentHeaderSize;
      synced_end_ = format::kSegmentHeaderSize;
      ++rolls_done_;
      break;
    }
  }
}

void LogWriter::Recycle(std::string buffer) {
  pending_bytes_ -= buffer.size();
  if (spare_buffers_.size() < 4) spare_buffers_.push_back(std::move(buffer));
}

// ---- The digester thread: index and Merkle leaves of written batches ----

void LogWriter::RunDigester() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    digest_cv_.wait(lock, [&] { return !digest_queue_.empty() || digester_stopping_; });
    if (digest_queue_.empty()) break;
    Written written = std::move(digest_queue_.front());
    digest_queue_.pop_front();
    std::string& data = written.data;
    const std::shared_ptr<ActiveIndex> index = active_index_;
    digester_busy_ = true;
    lock.unlock();
    index->AddFrames(data, written.offset);
    if (sealer_) digest_.AddFrames(data);
    lock.lock();
    digester_busy_ = false;
    const bool was_full = pending_bytes_ >= options_.pending_bytes_max;
    Recycle(std::move(data));
    digest_cv_.notify_all();
    // Wake appenders only when they may be waiting for space, not each batch.
    if (was_full && pending_bytes_ < options_.pending_bytes_max) durable_cv_.notify_all();
  }
}

void LogWriter::WaitDigested() {
  std::unique_lock<std::mutex> lock(mu_);
  digest_cv_.wait(lock, [&] { return digest_queue_.empty() && !digester_busy_; });
}

void LogWriter::Failed(Status status) {
  failure_ = std::move(status);
  // Nothing queued will be written: the file's state past the failure is unknown.
  for (Batch& batch : batches_) {
    if (batch.kind == Batch::Kind::kRecords) pending_bytes_ -= batch.data.size();
  }
  batches_.clear();
}

}  // namespace sealog
