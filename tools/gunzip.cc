#include "tools/gunzip.h"

#include <zlib.h>

#include <algorithm>

namespace sealog::cli {
namespace {

constexpr size_t kChunk = 1 << 20;

// Inflates members until the input ends; a stream that stops in the middle
// of a member is an error, as gzip -t would say.
Status Inflate(z_stream* stream, std::string_view compressed, size_t limit, std::string* out) {
  // zlib takes the input as non-const but does not write to it.
  stream->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream->avail_in = static_cast<uInt>(compressed.size());
  const size_t start = out->size();
  while (true) {
    const size_t room = std::min(kChunk, limit - (out->size() - start) + 1);
    const size_t before = out->size();
    out->resize(before + room);
    stream->next_out = reinterpret_cast<Bytef*>(out->data() + before);
    stream->avail_out = static_cast<uInt>(room);
    const int result = inflate(stream, Z_NO_FLUSH);
    out->resize(before + (room - stream->avail_out));
    if (out->size() - start > limit) {
      return Status::InvalidArgument("gzip input unpacks to more than " + std::to_string(limit) +
                                     " bytes");
    }
    if (result == Z_STREAM_END) {
      if (stream->avail_in == 0) return Status::Ok();
      if (inflateReset(stream) != Z_OK) return Status::InvalidArgument("damaged gzip input");
      continue;  // the next member
    }
    if (result == Z_BUF_ERROR && stream->avail_in == 0) {
      return Status::InvalidArgument("gzip input is cut short");
    }
    if (result != Z_OK) {
      return Status::InvalidArgument(std::string("damaged gzip input: ") +
                                     (stream->msg != nullptr ? stream->msg : "inflate failed"));
    }
  }
}

}  // namespace

bool LooksLikeGzip(std::string_view prefix) { return prefix.substr(0, 2) == "\x1f\x8b"; }

Status Gunzip(std::string_view compressed, size_t limit, std::string* out) {
  if (!LooksLikeGzip(compressed)) return Status::InvalidArgument("not gzip data");
  if (compressed.size() > UINT32_MAX) {
    return Status::InvalidArgument("gzip input of more than 4 GiB");
  }
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {  // 16: the gzip wrapper
    return Status::InvalidArgument("cannot start unpacking gzip");
  }
  const Status status = Inflate(&stream, compressed, limit, out);
  inflateEnd(&stream);
  return status;
}

}  // namespace sealog::cli
