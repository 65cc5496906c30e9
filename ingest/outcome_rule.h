// Applying a preset's OutcomeRule (sealog/ingest.h) to an extracted outcome.
#ifndef SEALOG_INGEST_OUTCOME_RULE_H_
#define SEALOG_INGEST_OUTCOME_RULE_H_

#include <string_view>

#include "sealog/ingest.h"

namespace sealog::ingest {

inline constexpr std::string_view kSuccess = "success";
inline constexpr std::string_view kFailure = "failure";

// The outcome `rule` makes of `value` ("" = absent): kSuccess, kFailure,
// "" or `value` itself.
std::string_view ApplyOutcomeRule(const OutcomeRule& rule, std::string_view value);

}  // namespace sealog::ingest

#endif  // SEALOG_INGEST_OUTCOME_RULE_H_
