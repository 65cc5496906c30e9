#include "index/planner.h"

#include <algorithm>
#include <bit>
#include <string>
#include <utility>
#include <vector>

#include "index/bloom.h"
#include "index/postings.h"

namespace sealog::index {

namespace {

using query::Node;
using query::Op;
using query::Target;
using query::Term;

// The bounds a field term selects; storage keeps a prefix's successor alive.
void TermBounds(const Term& term, Bound* low, Bound* high, std::string* storage) {
  switch (term.op) {
    case Op::kEq: *low = Bound::At(term.value); *high = Bound::At(term.value); return;
    case Op::kPrefix: PrefixBounds(term.value, low, high, storage); return;
    case Op::kLt: *low = Bound::None(); *high = Bound::At(term.value, false); return;
    case Op::kLe: *low = Bound::None(); *high = Bound::At(term.value); return;
    case Op::kGt: *low = Bound::At(term.value, false); *high = Bound::None(); return;
    case Op::kGe: *low = Bound::At(term.value); *high = Bound::None(); return;
    case Op::kRange: *low = Bound::At(term.value); *high = Bound::At(term.high); return;
  }
}

// The ordinals [first, last] of a seq range within a segment, clamped.
bool SeqOrdinals(const Term& term, uint64_t first_seq, uint32_t count, Ordinal* first,
                 Ordinal* last) {
  if (count == 0 || term.hi < term.lo || term.hi < 1) return false;
  const uint64_t lo = std::max<uint64_t>(static_cast<uint64_t>(std::max<int64_t>(term.lo, 1)),
                                         first_seq);
  const uint64_t hi = std::min<uint64_t>(static_cast<uint64_t>(term.hi), first_seq + count - 1);
  if (lo > hi) return false;
  *first = static_cast<Ordinal>(lo - first_seq);
  *last = static_cast<Ordinal>(hi - first_seq);
  return true;
}

Postings All(uint32_t count) {
  Postings all(count);
  for (uint32_t i = 0; i < count; ++i) all[i] = i;
  return all;
}

class Evaluator {
 public:
  Evaluator(IndexView& view, uint64_t first_seq)
      : view_(view), first_seq_(first_seq), count_(view.record_count()) {}

  Status Eval(const Node& node, Candidates* out) {
    switch (node.kind) {
      case Node::Kind::kAll: *out = {All(count_), true}; return Status::Ok();
      case Node::Kind::kTerm: return EvalTerm(node.term, out);
      case Node::Kind::kAnd: return EvalAnd(node, out);
      case Node::Kind::kOr: return EvalOr(node, out);
      case Node::Kind::kNot: return EvalNot(node, out);
    }
    return Status::Ok();
  }

  // An upper bound on the candidates of `node`, from dictionary counts only.
  Result<uint64_t> Estimate(const Node& node) {
    switch (node.kind) {
      case Node::Kind::kAll: return uint64_t{count_};
      case Node::Kind::kTerm: return EstimateTerm(node.term);
      case Node::Kind::kAnd: {
        uint64_t least = count_;
        for (const Node& child : node.children) {
          Result<uint64_t> e = Estimate(child);
          if (!e.ok()) return e.status();
          least = std::min(least, *e);
        }
        return least;
      }
      case Node::Kind::kOr: {
        uint64_t sum = 0;
        for (const Node& child : node.children) {
          Result<uint64_t> e = Estimate(child);
          if (!e.ok()) return e.status();
          sum += *e;
        }
        return std::min<uint64_t>(sum, count_);
      }
      case Node::Kind::kNot: return uint64_t{count_};
    }
    return uint64_t{count_};
  }

 private:
  Result<uint64_t> EstimateTerm(const Term& term) {
    switch (term.target) {
      case Target::kField: {
        Bound low, high;
        std::string storage;
        TermBounds(term, &low, &high, &storage);
        return view_.FieldRangeCount(term.field, low, high);
      }
      case Target::kSeq: {
        Ordinal first = 0, last = 0;
        return SeqOrdinals(term, first_seq_, count_, &first, &last) ? uint64_t{last - first + 1}
                                                                     : uint64_t{0};
      }
      // The time index has no counts without decoding it; guess it selective
      // enough to go before broad terms but after any named value.
      case Target::kTime: return uint64_t{count_ / 4};
      case Target::kEventPath: return uint64_t{count_};
    }
    return uint64_t{count_};
  }

  Status EvalTerm(const Term& term, Candidates* out) {
    out->exact = true;
    out->ordinals.clear();
    switch (term.target) {
      case Target::kField: {
        Bound low, high;
        std::string storage;
        TermBounds(term, &low, &high, &storage);
        return view_.FieldRange(term.field, low, high, &out->ordinals);
      }
      case Target::kTime:
        if (term.lo > term.hi) return Status::Ok();
        return view_.TimeRange(term.lo, term.hi, &out->ordinals);
      case Target::kSeq: {
        Ordinal first = 0, last = 0;
        if (!SeqOrdinals(term, first_seq_, count_, &first, &last)) return Status::Ok();
        out->ordinals.reserve(last - first + 1);
        for (Ordinal o = first; o <= last; ++o) out->ordinals.push_back(o);
        return Status::Ok();
      }
      case Target::kEventPath:
        *out = {All(count_), false};
        return Status::Ok();
    }
    return Status::Ok();
  }

  Status EvalAnd(const Node& node, Candidates* out) {
    std::vector<std::pair<uint64_t, const Node*>> order;
    for (const Node& child : node.children) {
      Result<uint64_t> estimate = Estimate(child);
      if (!estimate.ok()) return estimate.status();
      order.emplace_back(*estimate, &child);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    bool started = false;
    for (const auto& [estimate, child] : order) {
      if (started && out->ordinals.empty()) {
        out->exact = true;  // nothing can match: nothing to check
        return Status::Ok();
      }
      if (started && out->ordinals.size() <= kCheckInsteadOfIntersectMax &&
          estimate > 16 * out->ordinals.size()) {
        out->exact = false;  // the matcher judges the few candidates on their records
        return Status::Ok();
      }
      Candidates next;
      SEALOG_RETURN_IF_ERROR(Eval(*child, &next));
      if (!started) {
        *out = std::move(next);
        started = true;
        continue;
      }
      Postings both;
      IntersectPostings(out->ordinals, next.ordinals, &both);
      out->ordinals = std::move(both);
      out->exact = out->exact && next.exact;
    }
    if (out->ordinals.empty()) out->exact = true;
    return Status::Ok();
  }

  Status EvalOr(const Node& node, Candidates* out) {
    *out = {{}, true};
    for (const Node& child : node.children) {
      Candidates next;
      SEALOG_RETURN_IF_ERROR(Eval(child, &next));
      Postings either;
      UnionPostings(out->ordinals, next.ordinals, &either);
      out->ordinals = std::move(either);
      out->exact = out->exact && next.exact;
      if (!out->exact && out->ordinals.size() == count_) return Status::Ok();
    }
    return Status::Ok();
  }

  Status EvalNot(const Node& node, Candidates* out) {
    Candidates inner;
    SEALOG_RETURN_IF_ERROR(Eval(node.children[0], &inner));
    if (!inner.exact) {
      *out = {All(count_), false};
      return Status::Ok();
    }
    out->exact = true;
    DifferencePostings(All(count_), inner.ordinals, &out->ordinals);
    return Status::Ok();
  }

  IndexView& view_;
  const uint64_t first_seq_;
  const uint32_t count_;
};

}  // namespace

Status Evaluate(const query::Node& node, IndexView& view, uint64_t first_seq, Candidates* out) {
  Evaluator evaluator(view, first_seq);
  return evaluator.Eval(node, out);
}

void SummaryColumns::Set(size_t i, const IndexSummary* summary) {
  const uint64_t bit = uint64_t{1} << i;
  if (summary == nullptr) {
    present &= ~bit;
    return;
  }
  present |= bit;
  record_count[i] = summary->record_count();
  min_time_ns[i] = summary->min_time_ns();
  max_time_ns[i] = summary->max_time_ns();
  for (size_t f = 0; f < kFieldCount; ++f) {
    const FieldSummary& field = summary->field(static_cast<Field>(f));
    blooms[f][i] = {field.bloom.data(), field.bloom_bits};
  }
}

SegmentFilter::SegmentFilter(const query::Node& tree)
    : root_(Compile(tree)), columns_decide_(ColumnsDecide(tree)) {}

bool SegmentFilter::ColumnsDecide(const query::Node& node) {
  if (node.kind == Node::Kind::kTerm) {
    const Term& term = node.term;
    return term.target == Target::kTime || term.target == Target::kEventPath ||
           (term.target == Target::kField && term.op == Op::kEq);
  }
  return std::all_of(node.children.begin(), node.children.end(),
                     [](const Node& child) { return ColumnsDecide(child); });
}

SegmentFilter::Test SegmentFilter::Compile(const query::Node& node) {
  Test test;
  test.node = &node;
  if (node.kind == Node::Kind::kTerm && node.term.target == Target::kField) {
    const Term& term = node.term;
    if (term.op == Op::kEq) {
      test.hash = BloomHash(term.field, term.value);
    } else {
      test.storage = std::make_unique<std::string>();
      TermBounds(term, &test.low, &test.high, test.storage.get());
    }
  }
  test.children.reserve(node.children.size());
  for (const Node& child : node.children) test.children.push_back(Compile(child));
  return test;
}

bool SegmentFilter::MayMatch(const IndexSummary& summary, uint64_t first_seq) const {
  return summary.record_count() != 0 && MayMatch(root_, summary, first_seq);
}

bool SegmentFilter::MayMatch(const Test& test, const IndexSummary& summary, uint64_t first_seq) {
  const Node& node = *test.node;
  switch (node.kind) {
    case Node::Kind::kAll:
      return true;
    case Node::Kind::kTerm: {
      const Term& term = node.term;
      switch (term.target) {
        case Target::kField:
          if (term.op == Op::kEq) return summary.MayContain(term.field, term.value, test.hash);
          return summary.MayContainRange(term.field, test.low, test.high);
        case Target::kTime:
          return summary.MayContainTime(term.lo, term.hi);
        case Target::kSeq: {
          Ordinal first = 0, last = 0;
          return SeqOrdinals(term, first_seq, summary.record_count(), &first, &last);
        }
        case Target::kEventPath:
          return true;
      }
      return true;
    }
    case Node::Kind::kAnd:
      return std::all_of(test.children.begin(), test.children.end(),
                         [&](const Test& c) { return MayMatch(c, summary, first_seq); });
    case Node::Kind::kOr:
      return std::any_of(test.children.begin(), test.children.end(),
                         [&](const Test& c) { return MayMatch(c, summary, first_seq); });
    case Node::Kind::kNot:
      return true;
  }
  return true;
}

bool SegmentFilter::MayMatchTime(int64_t min_ns, int64_t max_ns) const {
  return MayMatchTime(root_, min_ns, max_ns);
}

bool SegmentFilter::MayMatchTime(const Test& test, int64_t min_ns, int64_t max_ns) {
  const Node& node = *test.node;
  switch (node.kind) {
    case Node::Kind::kTerm:
      if (node.term.target != Target::kTime) return true;
      return TimesMeet(node.term.lo, node.term.hi, min_ns, max_ns);
    case Node::Kind::kAnd:
      return std::all_of(test.children.begin(), test.children.end(),
                         [&](const Test& c) { return MayMatchTime(c, min_ns, max_ns); });
    case Node::Kind::kOr:
      return std::any_of(test.children.begin(), test.children.end(),
                         [&](const Test& c) { return MayMatchTime(c, min_ns, max_ns); });
    case Node::Kind::kAll:
    case Node::Kind::kNot:
      return true;
  }
  return true;
}

uint64_t SegmentFilter::MayMatchEach(const SummaryColumns& columns) const {
  uint64_t among = 0;
  for (uint64_t m = columns.present; m != 0; m &= m - 1) {
    const int i = std::countr_zero(m);
    if (columns.record_count[i] != 0) among |= uint64_t{1} << i;
  }
  return among == 0 ? 0 : MayMatchEach(root_, columns, among);
}

uint64_t SegmentFilter::MayMatchEach(const Test& test, const SummaryColumns& columns,
                                     uint64_t among) {
  const Node& node = *test.node;
  switch (node.kind) {
    case Node::Kind::kTerm: {
      const Term& term = node.term;
      uint64_t may = 0;
      if (term.target == Target::kField && term.op == Op::kEq) {
        const auto& blooms = columns.blooms[static_cast<size_t>(term.field)];
        for (uint64_t m = among; m != 0; m &= m - 1) {
          const int i = std::countr_zero(m);
          const SummaryColumns::Bloom& bloom = blooms[i];
          if (BloomMayContain(test.hash, bloom.bits, {bloom.bytes, bloom.bits / 8u})) {
            may |= uint64_t{1} << i;
          }
        }
        return may;
      }
      if (term.target == Target::kTime) {
        for (uint64_t m = among; m != 0; m &= m - 1) {
          const int i = std::countr_zero(m);
          if (TimesMeet(term.lo, term.hi, columns.min_time_ns[i], columns.max_time_ns[i])) {
            may |= uint64_t{1} << i;
          }
        }
        return may;
      }
      return among;
    }
    case Node::Kind::kAnd:
      for (const Test& child : test.children) {
        among = MayMatchEach(child, columns, among);
        if (among == 0) break;
      }
      return among;
    case Node::Kind::kOr: {
      uint64_t may = 0;
      for (const Test& child : test.children) {
        may |= MayMatchEach(child, columns, among & ~may);
        if (may == among) break;
      }
      return may;
    }
    case Node::Kind::kAll:
    case Node::Kind::kNot:
      return among;
  }
  return among;
}

}  // namespace sealog::index
