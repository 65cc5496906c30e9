#include "tests/engine/counting_env.h"

namespace sealog::testing {
namespace {

std::string SuffixOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return path.substr(dot);
}

}  // namespace

// A file whose reads are counted, and which counts itself open while it lives.
class CountingEnv::CountedFile final : public io::ReadableFile {
 public:
  CountedFile(std::unique_ptr<io::ReadableFile> base, CountingEnv* env, std::string suffix)
      : base_(std::move(base)), env_(env), suffix_(std::move(suffix)) {
    env_->Add(env_->open_now_, suffix_, 1);
  }
  ~CountedFile() override { env_->Add(env_->open_now_, suffix_, -1); }
  Status Read(uint64_t offset, size_t n, char* scratch, std::string_view* result) const override {
    env_->Add(env_->reads_, suffix_, 1);
    const Status status = base_->Read(offset, n, scratch, result);
    if (status.ok()) env_->Add(env_->read_bytes_, suffix_, static_cast<int64_t>(result->size()));
    return status;
  }
  Result<uint64_t> Size() const override { return base_->Size(); }
  std::string_view Mapped() const override { return base_->Mapped(); }

 private:
  const std::unique_ptr<io::ReadableFile> base_;
  CountingEnv* const env_;
  const std::string suffix_;
};

Status CountingEnv::NewReadableFile(const std::string& path,
                                    std::unique_ptr<io::ReadableFile>* file) {
  SEALOG_RETURN_IF_ERROR(base_->NewReadableFile(path, file));
  Count(path, file);
  return Status::Ok();
}

Status CountingEnv::NewMappedFile(const std::string& path,
                                  std::unique_ptr<io::ReadableFile>* file) {
  if (!map) return NewReadableFile(path, file);
  SEALOG_RETURN_IF_ERROR(base_->NewMappedFile(path, file));
  Count(path, file);
  return Status::Ok();
}

void CountingEnv::Count(const std::string& path, std::unique_ptr<io::ReadableFile>* file) {
  const std::string suffix = SuffixOf(path);
  Add(opens_, suffix, 1);
  *file = std::make_unique<CountedFile>(std::move(*file), this, suffix);
}

void CountingEnv::Reset() {
  listings = 0;
  std::lock_guard<std::mutex> lock(mu_);
  opens_.clear();
  reads_.clear();
  read_bytes_.clear();
}

int64_t CountingEnv::Get(const std::map<std::string, int64_t>& counts,
                         std::string_view suffix) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = counts.find(std::string(suffix));
  return it == counts.end() ? 0 : it->second;
}

void CountingEnv::Add(std::map<std::string, int64_t>& counts, const std::string& suffix,
                      int64_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  counts[suffix] += n;
}

}  // namespace sealog::testing
