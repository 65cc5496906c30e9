// Problems: the list verify fills, with the helpers that phrase each entry.
#ifndef SEALOG_VERIFY_PROBLEMS_H_
#define SEALOG_VERIFY_PROBLEMS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sealog/verify.h"

namespace sealog::verify {

class Problems {
 public:
  explicit Problems(std::vector<Problem>* out) : out_(out) {}
  void Add(ProblemKind kind, std::string file, uint64_t segment, uint64_t seq, uint64_t offset,
           std::string message) {
    out_->push_back({kind, segment, seq, offset, std::move(file), std::move(message)});
  }
  size_t size() const { return out_->size(); }

 private:
  std::vector<Problem>* out_;
};

}  // namespace sealog::verify

#endif  // SEALOG_VERIFY_PROBLEMS_H_
