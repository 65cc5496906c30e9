#include "index/index_view.h"

namespace sealog::index {

void PrefixBounds(std::string_view prefix, Bound* low, Bound* high, std::string* high_storage) {
  *low = Bound::At(prefix, /*inclusive=*/true);
  high_storage->assign(prefix);
  // Every value that starts with the prefix sorts below the prefix with its
  // last byte that can grow grown by one; trailing 0xff bytes cannot grow.
  while (!high_storage->empty() && static_cast<uint8_t>(high_storage->back()) == 0xff) {
    high_storage->pop_back();
  }
  if (high_storage->empty()) {
    *high = Bound::None();
    return;
  }
  high_storage->back() = static_cast<char>(static_cast<uint8_t>(high_storage->back()) + 1);
  *high = Bound::At(*high_storage, /*inclusive=*/false);
}

bool AtOrAboveLow(std::string_view value, const Bound& low) {
  if (low.unbounded) return true;
  const int order = value.compare(low.value);
  return order > 0 || (order == 0 && low.inclusive);
}

bool AtOrBelowHigh(std::string_view value, const Bound& high) {
  if (high.unbounded) return true;
  const int order = value.compare(high.value);
  return order < 0 || (order == 0 && high.inclusive);
}

}  // namespace sealog::index
