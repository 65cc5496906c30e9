// Epoch times given as numbers, and the JSON number grammar they are read with.
#ifndef SEALOG_INGEST_EPOCH_H_
#define SEALOG_INGEST_EPOCH_H_

#include <cstdint>
#include <string_view>

#include "sealog/status.h"

namespace sealog::ingest {

// True when `text` is exactly one JSON number (RFC 8259, section 6): an
// optional '-', an integer without leading zeros, an optional fraction and an
// optional exponent. Any magnitude: "1e400" is a JSON number.
bool IsJsonNumber(std::string_view text);

// Reads a JSON number as an epoch time, exactly (no floating point): the unit
// is inferred from the magnitude of its integer part as EpochToNanos does, and
// the fraction is kept down to the nanosecond ("1591104540.5" is 1591104540.5
// seconds). Errors when `text` is not a JSON number or the time does not fit
// in int64 nanoseconds (years 1677 to 2262).
Result<int64_t> ParseEpochNumber(std::string_view text);

}  // namespace sealog::ingest

#endif  // SEALOG_INGEST_EPOCH_H_
