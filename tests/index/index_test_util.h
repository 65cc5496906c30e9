// Shared by the index tests and the index_file fuzz target: random records
// with the shapes that matter (small and large alphabets, empty fields, equal
// and out-of-order times, values holding 0x00 and 0xff), brute-force answers
// to every IndexView lookup, and a helper that rewrites an index file's
// hashes and checksum after its bytes were changed on purpose, so that the
// decoders behind them get to see the damage.
#ifndef SEALOG_TESTS_INDEX_INDEX_TEST_UTIL_H_
#define SEALOG_TESTS_INDEX_INDEX_TEST_UTIL_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "crypto/hash.h"
#include "engine/checksum.h"
#include "engine/coding.h"
#include "index/index_builder.h"
#include "index/index_format.h"
#include "index/index_view.h"

namespace sealog::index::testing {

struct TestRecord {
  int64_t time_ns = 0;
  std::array<std::string, kFieldCount> fields;
  uint64_t frame_offset = 0;
};

inline std::string ExampleLogId() {
  std::string id;
  for (int i = 0; i < 16; ++i) id.push_back(static_cast<char>(i));
  return id;
}

inline IndexIdentity ExampleIdentity(uint64_t segment_number = 1, uint64_t first_seq = 1) {
  return IndexIdentity{ExampleLogId(), segment_number, first_seq};
}

// A value of `length` bytes drawn from a four-byte alphabet that includes
// the bytes prefix bounds must handle (0x00 and 0xff).
inline std::string OddValue(std::mt19937_64& rng, size_t length) {
  static constexpr char kAlphabet[] = {'a', 'b', '\0', '\xff'};
  std::string value;
  for (size_t i = 0; i < length; ++i) value.push_back(kAlphabet[rng() % 4]);
  return value;
}

// `count` records, the same for the same seed. Fields: actor from 2000
// values (10% absent), action from 5, resource from short odd values, tenant
// always absent, origin nearly unique, outcome from 2 (30% absent). Times:
// increasing by 1000 ns, with repeats (20%) and late arrivals (10%).
inline std::vector<TestRecord> RandomRecords(uint64_t seed, size_t count) {
  std::mt19937_64 rng(seed);
  std::vector<TestRecord> records(count);
  int64_t clock = 1767225600000000000;
  uint64_t offset = 64;
  for (size_t i = 0; i < count; ++i) {
    TestRecord& r = records[i];
    const uint64_t dice = rng() % 10;
    if (dice < 2 && i > 0) {
      r.time_ns = records[i - 1].time_ns;
    } else if (dice < 3) {
      r.time_ns = clock - static_cast<int64_t>(rng() % 500000);
    } else {
      clock += 1000;
      r.time_ns = clock;
    }
    // (append, not operator+: g++ 12 warns -Wrestrict on "literal" + string)
    if (rng() % 10 != 0) r.fields[0] = std::string("user-").append(std::to_string(rng() % 2000));
    r.fields[1] = std::string("act.").append(std::to_string(rng() % 5));
    r.fields[2] = std::string("r").append(OddValue(rng, rng() % 4));
    r.fields[4] = std::string("10.").append(std::to_string(rng() % 256)).append(".");
    r.fields[4].append(std::to_string(rng() % 256));
    if (rng() % 10 >= 3) r.fields[5] = rng() % 2 == 0 ? "success" : "failure";
    r.frame_offset = offset;
    offset += 50 + rng() % 300;
  }
  return records;
}

inline void AddRecord(const TestRecord& record, IndexBuilder* builder) {
  std::array<std::string_view, kFieldCount> fields;
  for (size_t f = 0; f < kFieldCount; ++f) fields[f] = record.fields[f];
  builder->Add(record.time_ns, fields, record.frame_offset);
}

inline void AddRecords(const std::vector<TestRecord>& records, IndexBuilder* builder) {
  for (const TestRecord& record : records) AddRecord(record, builder);
}

// The brute-force answers, over records[0, count).
inline Postings BruteFieldRange(const std::vector<TestRecord>& records, size_t count, Field field,
                                const Bound& low, const Bound& high) {
  Postings out;
  for (size_t i = 0; i < count; ++i) {
    const std::string& value = records[i].fields[static_cast<size_t>(field)];
    if (!value.empty() && AtOrAboveLow(value, low) && AtOrBelowHigh(value, high)) {
      out.push_back(static_cast<Ordinal>(i));
    }
  }
  return out;
}

inline Postings BruteTimeRange(const std::vector<TestRecord>& records, size_t count, int64_t lo,
                               int64_t hi) {
  Postings out;
  for (size_t i = 0; i < count; ++i) {
    if (records[i].time_ns >= lo && records[i].time_ns <= hi)
      out.push_back(static_cast<Ordinal>(i));
  }
  return out;
}

inline std::map<std::string, uint64_t> BruteCountValues(const std::vector<TestRecord>& records,
                                                        size_t count, Field field,
                                                        const Postings* only) {
  std::map<std::string, uint64_t> counts;
  auto add = [&](size_t i) {
    const std::string& value = records[i].fields[static_cast<size_t>(field)];
    if (!value.empty()) ++counts[value];
  };
  if (only == nullptr) {
    for (size_t i = 0; i < count; ++i) add(i);
  } else {
    for (Ordinal ordinal : *only) add(ordinal);
  }
  return counts;
}

// Rewrites every section hash that lies within `file` and the head
// checksum, so that damage done on purpose passes them. Leaves files whose
// head size is out of range as they are.
inline void ResealIndexFile(std::string* file) {
  if (file->size() < kFixedHeaderSize) return;
  const uint32_t head_size = DecodeFixed32(file->data() + kHeadSizeOffset);
  if (head_size < kHeadSizeMin || head_size > file->size()) return;
  for (size_t s = 0; s < kSectionCount; ++s) {
    char* entry = file->data() + kFixedHeaderSize + s * kSectionEntrySize;
    const uint64_t offset = DecodeFixed64(entry);
    const uint64_t length = DecodeFixed64(entry + 8);
    if (offset > file->size() || length > file->size() - offset) continue;
    const crypto::Hash hash = crypto::Blake2b(std::string_view(*file).substr(offset, length));
    std::memcpy(entry + 16, hash.data(), hash.size());
  }
  const size_t checksum_at = head_size - kHeadChecksumSize;
  EncodeFixed64(file->data() + checksum_at, Checksum(std::string_view(file->data(), checksum_at)));
}

}  // namespace sealog::index::testing

#endif  // SEALOG_TESTS_INDEX_INDEX_TEST_UTIL_H_
