#include "engine/tier/frames.h"

#include <zdict.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/limits.h"

namespace sealog::tier {

namespace {

uint32_t FrameChecksum(std::string_view frame, uint64_t index) {
  return static_cast<uint32_t>(Checksum(frame, index));
}

std::string ZstdError(size_t code) { return ZSTD_getErrorName(code); }

// Output is gathered into chunks of about this size before it is written.
constexpr size_t kWriteChunkBytes = 1u << 20;

}  // namespace

uint64_t FrameTable::compressed_bytes() const {
  uint64_t total = 0;
  for (uint32_t size : compressed_sizes) total += size;
  return total;
}

uint64_t FrameTable::FramesFor(uint64_t size, uint32_t frame_bytes) {
  // Not (size + frame_bytes - 1) / frame_bytes: a size near 2^64, read from
  // a damaged file, would wrap to a count of 0 frames.
  return frame_bytes == 0 ? 0 : size / frame_bytes + (size % frame_bytes != 0);
}

std::string FrameTable::Encode() const {
  std::string out;
  out.reserve(frame_count() * kFrameTableEntrySize);
  for (size_t i = 0; i < frame_count(); ++i) {
    PutFixed32(&out, compressed_sizes[i]);
    PutFixed32(&out, checksums[i]);
  }
  return out;
}

Status FrameTable::Decode(std::string_view bytes, uint64_t size, uint32_t frame_bytes,
                          uint64_t frame_count, uint64_t compressed_bytes, std::string_view where,
                          FrameTable* table) {
  const std::string place(where);
  if (frame_bytes < kFrameBytesMin || frame_bytes > kFrameBytesMax) {
    return Status::Corruption(place + ": frame size " + std::to_string(frame_bytes) +
                              " is out of range");
  }
  if (frame_count != FramesFor(size, frame_bytes)) {
    return Status::Corruption(place + ": " + std::to_string(frame_count) + " frames cannot hold " +
                              std::to_string(size) + " bytes in frames of " +
                              std::to_string(frame_bytes));
  }
  if (bytes.size() != frame_count * kFrameTableEntrySize) {
    return Status::Corruption(place + ": frame table is " + std::to_string(bytes.size()) +
                              " bytes, expected " +
                              std::to_string(frame_count * kFrameTableEntrySize));
  }
  const size_t bound = ZSTD_compressBound(frame_bytes);
  table->size = size;
  table->frame_bytes = frame_bytes;
  table->compressed_sizes.resize(frame_count);
  table->checksums.resize(frame_count);
  uint64_t total = 0;
  for (size_t i = 0; i < frame_count; ++i) {
    const uint32_t compressed = DecodeFixed32(bytes.data() + i * kFrameTableEntrySize);
    if (compressed == 0 || compressed > bound) {
      return Status::Corruption(place + ": frame " + std::to_string(i) + " claims " +
                                std::to_string(compressed) + " compressed bytes");
    }
    table->compressed_sizes[i] = compressed;
    table->checksums[i] = DecodeFixed32(bytes.data() + i * kFrameTableEntrySize + 4);
    total += compressed;
  }
  if (total != compressed_bytes) {
    return Status::Corruption(place + ": frames take " + std::to_string(total) +
                              " bytes, the file holds " + std::to_string(compressed_bytes));
  }
  return Status::Ok();
}

namespace {

struct FreeCCtx {
  void operator()(ZSTD_CCtx* cctx) const { ZSTD_freeCCtx(cctx); }
};
using CCtxPtr = std::unique_ptr<ZSTD_CCtx, FreeCCtx>;

// A context that makes frames as the table needs them (content size and
// checksum declared) at `level`, with `dictionary` unless it is empty: loaded
// once, kept for every frame.
Status NewCompressor(int level, std::string_view dictionary, CCtxPtr* out) {
  CCtxPtr cctx(ZSTD_createCCtx());
  if (cctx == nullptr) return Status::IOError("zstd: cannot create a compression context");
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_contentSizeFlag, 1);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  if (!dictionary.empty()) {
    const size_t loaded = ZSTD_CCtx_loadDictionary(cctx.get(), dictionary.data(), dictionary.size());
    if (ZSTD_isError(loaded)) return Status::IOError("zstd: dictionary: " + ZstdError(loaded));
  }
  *out = std::move(cctx);
  return Status::Ok();
}

// Bytes of the pieces compressed one by one at `level`, with `dictionary`
// unless it is empty.
Result<uint64_t> CompressedPieces(std::string_view samples, const std::vector<size_t>& sizes,
                                  int level, std::string_view dictionary) {
  CCtxPtr cctx;
  SEALOG_RETURN_IF_ERROR(NewCompressor(level, dictionary, &cctx));
  std::string frame;
  uint64_t total = 0;
  size_t at = 0;
  for (size_t n : sizes) {
    frame.resize(ZSTD_compressBound(n));
    const size_t got =
        ZSTD_compress2(cctx.get(), frame.data(), frame.size(), samples.data() + at, n);
    if (ZSTD_isError(got)) return Status::IOError("zstd: " + ZstdError(got));
    total += got;
    at += n;
  }
  return total;
}

}  // namespace

Result<std::string> TrainDictionary(const io::ReadableFile& source, uint64_t size,
                                    uint32_t frame_bytes, int level, size_t capacity) {
  // Every k-th piece, so that the samples span the data and stay within
  // kDictionarySampleBytesMax: training costs time in proportion to them.
  const uint64_t pieces = FrameTable::FramesFor(size, frame_bytes);
  const uint64_t wanted = std::max<uint64_t>(1, kDictionarySampleBytesMax / frame_bytes);
  const uint64_t step = std::max<uint64_t>(1, pieces / wanted);
  std::string samples;
  std::vector<size_t> sample_sizes;
  for (uint64_t i = 0; i < pieces && sample_sizes.size() < wanted; i += step) {
    const uint64_t at = i * frame_bytes;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(frame_bytes, size - at));
    const size_t old_size = samples.size();
    samples.resize(old_size + n);
    std::string_view got;
    SEALOG_RETURN_IF_ERROR(source.Read(at, n, samples.data() + old_size, &got));
    if (got.size() != n) {
      return Status::IOError("train: source ended early at offset " +
                             std::to_string(at + got.size()));
    }
    if (got.data() != samples.data() + old_size) {
      std::memcpy(samples.data() + old_size, got.data(), n);
    }
    sample_sizes.push_back(n);
  }
  std::string dictionary(capacity, '\0');
  const size_t n = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), samples.data(),
                                         sample_sizes.data(),
                                         static_cast<unsigned>(sample_sizes.size()));
  // Too few or too alike samples is no error: the frames go without.
  if (ZDICT_isError(n)) return std::string();
  dictionary.resize(n);

  // Kept only when it pays for itself: what it saves on the samples, scaled
  // to the whole data, must exceed its own size, which the file also stores.
  Result<uint64_t> without = CompressedPieces(samples, sample_sizes, level, {});
  if (!without.ok()) return without.status();
  Result<uint64_t> with = CompressedPieces(samples, sample_sizes, level, dictionary);
  if (!with.ok()) return with.status();
  const double saved = (static_cast<double>(*without) - static_cast<double>(*with)) *
                       (static_cast<double>(size) / static_cast<double>(samples.size()));
  if (saved <= static_cast<double>(dictionary.size())) return std::string();
  return dictionary;
}

Status CompressFrames(const io::ReadableFile& source, uint64_t size, uint32_t frame_bytes,
                      int level, std::string_view dictionary, io::WritableFile& out,
                      uint64_t* offset, FrameTable* table) {
  CCtxPtr cctx;
  SEALOG_RETURN_IF_ERROR(NewCompressor(level, dictionary, &cctx));

  table->size = size;
  table->frame_bytes = frame_bytes;
  table->compressed_sizes.clear();
  table->checksums.clear();
  table->dictionary.assign(dictionary);
  std::string input(frame_bytes, '\0');
  std::string frame(ZSTD_compressBound(frame_bytes), '\0');
  std::string pending;
  pending.reserve(kWriteChunkBytes + frame.size());
  for (uint64_t at = 0; at < size; at += frame_bytes) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(frame_bytes, size - at));
    std::string_view got;
    SEALOG_RETURN_IF_ERROR(source.Read(at, n, input.data(), &got));
    if (got.size() != n) return Status::IOError("compress: source ended early at offset " + std::to_string(at + got.size()));
    const size_t written = ZSTD_compress2(cctx.get(), frame.data(), frame.size(), got.data(), n);
    if (ZSTD_isError(written)) return Status::IOError("zstd: " + ZstdError(written));
    const std::string_view compressed(frame.data(), written);
    table->checksums.push_back(FrameChecksum(compressed, table->compressed_sizes.size()));
    table->compressed_sizes.push_back(static_cast<uint32_t>(written));
    pending.append(compressed);
    if (pending.size() >= kWriteChunkBytes) {
      SEALOG_RETURN_IF_ERROR(out.Write(*offset, pending));
      *offset += pending.size();
      pending.clear();
    }
  }
  if (!pending.empty()) {
    SEALOG_RETURN_IF_ERROR(out.Write(*offset, pending));
    *offset += pending.size();
  }
  return Status::Ok();
}

FramedFile::FramedFile(std::shared_ptr<io::ReadableFile> container, uint64_t base,
                       FrameTable table, std::string path, std::shared_ptr<FrameCache> cache)
    : container_(std::move(container)),
      table_(std::move(table)),
      path_(std::move(path)),
      // A cache of its own keeps at least one frame, however large.
      cache_(cache != nullptr ? std::move(cache)
                              : std::make_shared<FrameCache>(std::max<size_t>(
                                    kFrameCacheBytes, size_t{table_.frame_bytes} + 4096))),
      owner_(cache_->NewOwner()) {
  frame_offsets_.reserve(table_.frame_count());
  uint64_t at = base;
  for (uint32_t size : table_.compressed_sizes) {
    frame_offsets_.push_back(at);
    at += size;
  }
}

FramedFile::~FramedFile() {
  ZSTD_freeDCtx(static_cast<ZSTD_DCtx*>(dctx_));
  ZSTD_freeDDict(static_cast<ZSTD_DDict*>(ddict_));
}

size_t FramedFile::FrameSize(size_t i) const {
  const uint64_t start = uint64_t{i} * table_.frame_bytes;
  return static_cast<size_t>(std::min<uint64_t>(table_.frame_bytes, table_.size - start));
}

Status FramedFile::DecodeLocked(size_t i, char* out) const {
  const uint32_t compressed = table_.compressed_sizes[i];
  // Built only for an error: a lookup decodes a frame per record.
  const auto where = [&] {
    return path_ + ": frame " + std::to_string(i) + " at offset " + std::to_string(frame_offsets_[i]);
  };
  compressed_.resize(compressed);
  std::string_view got;
  SEALOG_RETURN_IF_ERROR(container_->Read(frame_offsets_[i], compressed, compressed_.data(), &got));
  if (got.size() != compressed) return Status::Corruption(where() + ": truncated");
  if (FrameChecksum(got, i) != table_.checksums[i]) {
    return Status::Corruption(where() + ": checksum mismatch");
  }
  const size_t expected = FrameSize(i);
  const unsigned long long declared = ZSTD_getFrameContentSize(got.data(), got.size());
  if (declared != expected) {
    return Status::Corruption(where() + ": declares " +
                              (declared == ZSTD_CONTENTSIZE_UNKNOWN ||
                                       declared == ZSTD_CONTENTSIZE_ERROR
                                   ? std::string("no size")
                                   : std::to_string(declared) + " bytes") +
                              ", expected " + std::to_string(expected));
  }
  if (ZSTD_findFrameCompressedSize(got.data(), got.size()) != got.size()) {
    return Status::Corruption(where() + ": is not exactly one zstd frame");
  }
  if (dctx_ == nullptr) {
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    if (dctx == nullptr) return Status::IOError("zstd: cannot create a decompression context");
    // Frames are small; a window larger than one frame is a crafted input.
    ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, kFrameWindowLogMax);
    if (!table_.dictionary.empty()) {
      ZSTD_DDict* ddict = ZSTD_createDDict(table_.dictionary.data(), table_.dictionary.size());
      const size_t referenced = ddict == nullptr ? 0 : ZSTD_DCtx_refDDict(dctx, ddict);
      if (ddict == nullptr || ZSTD_isError(referenced)) {
        ZSTD_freeDDict(ddict);
        ZSTD_freeDCtx(dctx);
        return Status::Corruption(path_ + ": the frames' dictionary cannot be loaded");
      }
      ddict_ = ddict;
    }
    dctx_ = dctx;
  }
  // A frame names the dictionary it needs; any other would decode garbage
  // (caught by the content checksum) or fail with a vaguer message.
  const unsigned needs = ZSTD_getDictID_fromFrame(got.data(), got.size());
  const unsigned have = ZSTD_getDictID_fromDict(table_.dictionary.data(), table_.dictionary.size());
  if (needs != have) {
    return Status::Corruption(where() + ": compressed with dictionary " + std::to_string(needs) +
                              ", the file holds dictionary " + std::to_string(have));
  }
  const size_t n = ZSTD_decompressDCtx(static_cast<ZSTD_DCtx*>(dctx_), out, expected, got.data(),
                                       got.size());
  if (ZSTD_isError(n)) return Status::Corruption(where() + ": " + ZstdError(n));
  if (n != expected) {
    return Status::Corruption(where() + ": holds " + std::to_string(n) + " bytes, expected " +
                              std::to_string(expected));
  }
  return Status::Ok();
}

Status FramedFile::Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const {
  if (offset >= table_.size || n == 0) {
    *result = std::string_view(scratch, 0);
    return Status::Ok();
  }
  n = static_cast<size_t>(std::min<uint64_t>(n, table_.size - offset));
  std::lock_guard<std::mutex> lock(mu_);
  size_t done = 0;
  while (done < n) {
    const uint64_t at = offset + done;
    const size_t i = static_cast<size_t>(at / table_.frame_bytes);
    const size_t within = static_cast<size_t>(at - uint64_t{i} * table_.frame_bytes);
    const size_t frame_size = FrameSize(i);
    const size_t take = std::min(n - done, frame_size - within);
    std::shared_ptr<const std::string> frame = cache_->Find(owner_, i);
    if (frame == nullptr && within == 0 && take == frame_size) {
      // The whole frame is wanted: decode it straight into the caller's
      // buffer. A long read is a scan and would only churn the cache.
      SEALOG_RETURN_IF_ERROR(DecodeLocked(i, scratch + done));
      done += take;
      continue;
    }
    if (frame == nullptr) {
      auto decoded = std::make_shared<std::string>(frame_size, '\0');
      SEALOG_RETURN_IF_ERROR(DecodeLocked(i, decoded->data()));
      cache_->Insert(owner_, i, decoded);
      frame = std::move(decoded);
    }
    std::memcpy(scratch + done, frame->data() + within, take);
    done += take;
  }
  *result = std::string_view(scratch, n);
  return Status::Ok();
}

}  // namespace sealog::tier
