// FieldCollector: the bookkeeping of one walk over an event. The walker (in
// event_parser.cc) reports what it meets at each node of the PathTrie; the
// collector keeps, for each slot, the best source met so far, so that the
// result is exactly "the first source present wins" although the event's
// keys arrive in document order, not in source order.
#ifndef SEALOG_INGEST_FIELD_COLLECTOR_H_
#define SEALOG_INGEST_FIELD_COLLECTOR_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "ingest/field_slots.h"
#include "ingest/path_trie.h"
#include "sealog/event.h"
#include "sealog/status.h"

namespace sealog::ingest {

// A JSON scalar that can become a field (null and "" are absent and never
// reported). Integers come as binary and are printed back exactly; any other
// number (a fraction, an exponent, "-0") needs its text as written, which the
// walker supplies after the walk (see NumberTextWanted).
struct Scalar {
  enum class Kind : uint8_t { kString, kBoolean, kInteger, kUnsigned, kOtherNumber };
  Kind kind = Kind::kString;
  std::string_view text;          // kString, kBoolean
  int64_t integer = 0;            // kInteger
  uint64_t unsigned_integer = 0;  // kUnsigned
  double real = 0;                // kOtherNumber, printed only if its text cannot be read
};

// One key of an object matched one source's object rule: `rule_key` is the
// key's position in ObjectRuleKeys(source.slot).
struct RuleHit {
  Source source;
  uint8_t rule_key;
};

class FieldCollector {
 public:
  static constexpr uint8_t kNoRuleKey = 0xFF;

  explicit FieldCollector(const PathTrie* trie) : trie_(trie) {}

  // Forgets the previous event.
  void Reset();

  // A scalar at `node`: the value of the sources ending there.
  void OnScalar(uint32_t node, const Scalar& scalar);
  // A scalar under an object-rule key.
  void OnRuleScalar(RuleHit hit, const Scalar& scalar);
  // An object at `node`: wrong type for the sources without an object rule.
  void OnObject(uint32_t node);
  // An array at `node`: wrong type for the sources ending there, and a path
  // error for the sources that name a key under it.
  void OnArray(uint32_t node);
  // The value at `node` is complete: later duplicates of its key are ignored.
  void OnDone(uint32_t node);

  // After the walk: whether the winner of `slot` is a number whose text must
  // be read from the line; if so, *source and *rule_key (kNoRuleKey: the
  // source's own value) say where it is. Then SetNumberText gives it.
  bool NumberTextWanted(size_t slot, Source* source, uint8_t* rule_key) const;
  void SetNumberText(size_t slot, std::string_view text);

  // Sets event->time_ns, time_missing and fields from the winners, or returns
  // the error of a winner of the wrong type. Views are those given to On* and
  // SetNumberText, or into this collector.
  Status Finish(Event* event);

 private:
  enum class Found : uint8_t { kNothing, kValue, kWrongType, kArrayInPath };
  static constexpr uint8_t kNoRank = 0xFF;
  struct Candidate {
    Found found = Found::kNothing;
    uint8_t rank = kNoRank;
    uint8_t rule_key = kNoRuleKey;
    Scalar value;                     // kValue
    std::string_view wrong_type;      // kWrongType: "an array", "an object"
    uint32_t node = PathTrie::kNone;  // kArrayInPath: the array's node
  };

  void Offer(Source source, const Candidate& candidate);
  // The text of a kValue winner; integers are printed into number_text_.
  std::string_view TextOf(size_t slot);
  Status FinishTime(Event* event);
  Status ErrorOf(size_t slot, const Candidate& candidate) const;

  const PathTrie* trie_;
  std::array<Candidate, kSlotCount> best_;
  std::array<uint32_t, kSlotCount> seen_{};  // bit r: the source of rank r was met
  static_assert(FieldMapping::kSourcesMax <= 32, "seen_ holds one bit per source");
  std::array<std::array<char, 32>, kSlotCount> number_text_{};  // printed numbers
};

}  // namespace sealog::ingest

#endif  // SEALOG_INGEST_FIELD_COLLECTOR_H_
