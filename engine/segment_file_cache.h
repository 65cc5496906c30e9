// SegmentFileCache: closed segment files kept open between reads, so that a
// query touching a few records in each of many segments does not pay an
// open, an fstat and a close per segment. Closed segments never change, so
// one open file serves every reader (a hot one mapped, read in place;
// others read with pread), and its header is checked by the first. At most
// files_open_max are kept that hold a descriptor (Options::max_open_files)
// and at most mapped_max that are mapped (Options::max_mapped_files), the
// least recently used of the kind closed first: a mapping holds no
// descriptor, and unmapping is dear (every CPU's TLB is flushed), so a store
// of more segments than descriptors must not map and unmap them in turn at
// every sweep. A segment moved to another tier meanwhile is still read
// from the file that was open: both hold the same bytes, and an open file
// outlives its name.
//
// Cold segments share their archive: it is opened (its directory read) once
// for every segment it holds, and kept while among the kArchivesOpenMax used
// last. Which archive holds a segment comes from the directory as listed
// last, listed again only when that names none for the segment (an archive
// written since) or the one it names is gone. Archives are written and
// deleted whole and never renamed, so a listing is right for every archive
// it names that is still there. An archive deleted meanwhile (its segments
// expired) is still read while it is open, as a moved segment's file is.
//
// Warm files decode their frames into one FrameCache for all of them
// (Options::frame_cache_bytes), which outlives the files it served.
//
// Thread safety: every method may be called from any thread.
#ifndef SEALOG_ENGINE_SEGMENT_FILE_CACHE_H_
#define SEALOG_ENGINE_SEGMENT_FILE_CACHE_H_

#include <algorithm>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/io/env.h"
#include "engine/segment_reader.h"
#include "engine/tier/archive_file.h"
#include "engine/tier/frame_cache.h"
#include "engine/tier/segment_file.h"
#include "sealog/status.h"

namespace sealog {

class SegmentFileCache {
  // An open segment file, its header once a reader checked it, and its
  // place in the recent_ list of its kind.
  struct OpenFile {
    tier::SegmentFile file;
    std::optional<SegmentHeader> header;
    std::list<uint64_t>::iterator recent;
    bool mapped = false;  // file.bytes is a mapping, holding no descriptor
  };

 public:
  // Keeps at most files_open_max segment files open with a descriptor and
  // mapped_max mapped (each at least one); hot ones are mapped when map_hot
  // (io::Env::NewMappedFile, Options::map_segments), unless the Env cannot.
  // Warm files keep their decoded frames in one cache of frame_cache_bytes;
  // with 0, each in a small one of its own (FramedFile).
  SegmentFileCache(io::Env& env, std::string dir, uint64_t files_open_max, uint64_t mapped_max,
                   uint64_t frame_cache_bytes, bool map_hot)
      : env_(env),
        dir_(std::move(dir)),
        files_open_max_(std::max<uint64_t>(files_open_max, 1)),
        mapped_max_(std::max<uint64_t>(mapped_max, 1)),
        map_hot_(map_hot),
        frames_(frame_cache_bytes > 0 ? std::make_shared<tier::FrameCache>(frame_cache_bytes)
                                      : nullptr) {}

  // Segment files open now, and of those the mapped ones.
  size_t files_open() const;
  size_t files_mapped() const;

  // A reader of closed segment `number`, its header checked as
  // SegmentReader::Open does, and the tier of the file it reads (unless
  // null). REQUIRES: the segment is closed.
  Status OpenReader(uint64_t number, std::string_view log_id,
                    std::unique_ptr<SegmentReader>* reader, Tier* tier = nullptr);

  // The archive holding segment `number` and the segment's place in it
  // (archive->segments()[*index]), for what only cold segments have (their
  // share of the archive, their index head). kNotFound when no archive holds
  // it. REQUIRES: the segment is cold.
  Status OpenArchived(uint64_t number, std::shared_ptr<tier::ArchiveFile>* archive, size_t* index);

 private:
  // The open file of `number` and its checked header, if known.
  Status Get(uint64_t number, tier::SegmentFile* file, std::optional<SegmentHeader>* header);
  // REQUIRES: mu_ held. Closes the file of open_ at `it`.
  void Close(std::unordered_map<uint64_t, OpenFile>::iterator it);
  // REQUIRES: mu_ held. The recent_ list of mapped files, or of the others.
  std::list<uint64_t>& Recent(bool mapped) { return recent_[mapped ? 1 : 0]; }
  // REQUIRES: mu_ held. OpenArchived's archive.
  Status ArchiveHoldingLocked(uint64_t number, std::shared_ptr<tier::ArchiveFile>* archive);
  // REQUIRES: mu_ held. The archive listed_ names for `number`, if any.
  std::optional<tier::ArchiveRange> ListedArchiveFor(uint64_t number) const;
  std::string ArchivePath(const tier::ArchiveRange& range) const;

  io::Env& env_;
  const std::string dir_;
  const uint64_t files_open_max_;
  const uint64_t mapped_max_;
  const bool map_hot_;
  const std::shared_ptr<tier::FrameCache> frames_;  // null: each file its own
  mutable std::mutex mu_;
  std::unordered_map<uint64_t, OpenFile> open_;
  // The segments of open_ with a descriptor ([0]) and mapped ([1]), most
  // recent first.
  std::list<uint64_t> recent_[2];
  size_t cold_open_ = 0;        // of open_, the cold ones
  std::map<uint64_t, std::shared_ptr<tier::ArchiveFile>> archives_;  // open, by first segment
  std::list<uint64_t> recent_archives_;            // their first segments, most recent first
  std::map<uint64_t, tier::ArchiveRange> listed_;  // archive names in dir_, by first segment
};

}  // namespace sealog

#endif  // SEALOG_ENGINE_SEGMENT_FILE_CACHE_H_
