#include "sealog/status.h"

namespace sealog {

std::string Status::ToString() const {
  const char* prefix = "";
  switch (code_) {
    case Code::kOk: return "OK";
    case Code::kInvalidArgument: prefix = "invalid argument: "; break;
    case Code::kNotFound: prefix = "not found: "; break;
    case Code::kCorruption: prefix = "corruption: "; break;
    case Code::kIOError: prefix = "I/O error: "; break;
    case Code::kNoSpace: prefix = "no space: "; break;
    case Code::kBusy: prefix = "busy: "; break;
    case Code::kReadOnly: prefix = "read-only: "; break;
    case Code::kTampered: prefix = "tampered: "; break;
  }
  return prefix + message_;
}

}  // namespace sealog
