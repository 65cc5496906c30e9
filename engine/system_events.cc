#include "engine/system_events.h"

#include <cstring>

#include "crypto/json_lite.h"
#include "crypto/text_codec.h"
#include "sealog/ingest.h"

namespace sealog {

namespace json = crypto::json;

namespace {

json::Limits EventLimits() {
  json::Limits limits;
  limits.max_bytes = 4u << 20;
  limits.max_depth = 4;
  limits.max_values = 1u << 18;
  return limits;
}

const json::Value* Member(const json::Value& object, std::string_view name,
                          json::Value::Kind kind) {
  for (const json::Member& member : object.members) {
    if (member.name == name) return member.value.kind == kind ? &member.value : nullptr;
  }
  return nullptr;
}

Status Bad(std::string_view what, std::string_view why) {
  return Status::InvalidArgument(std::string(what) + ": " + std::string(why));
}

// The object of a system event of `kind` ("sealog" member).
Status ParseEvent(std::string_view raw, std::string_view kind, json::Value* object) {
  SEALOG_RETURN_IF_ERROR(json::Parse(raw, EventLimits(), kind, object));
  const json::Value* what = Member(*object, "sealog", json::Value::Kind::kString);
  if (what == nullptr || what->string != kind) return Bad(kind, "not such an event");
  return Status::Ok();
}

Result<int64_t> TimeMember(const json::Value& object, std::string_view name,
                           std::string_view what) {
  const json::Value* text = Member(object, name, json::Value::Kind::kString);
  if (text == nullptr) return Bad(what, "no time \"" + std::string(name) + "\"");
  return ParseRfc3339(text->string);
}

}  // namespace

Event SystemEvent(std::string_view action, std::string_view resource, std::string_view raw) {
  Event event;
  event.raw = raw;
  event.time_missing = true;  // its time is when the store wrote it
  event.set_field(Field::kActor, kSystemActor);
  event.set_field(Field::kAction, action);
  event.set_field(Field::kResource, resource);
  event.set_field(Field::kOutcome, "success");
  return event;
}

std::string EncodeReceipt(const DeletionReceipt& receipt) {
  std::string segments = "[";
  for (size_t i = 0; i < receipt.segments.size(); ++i) {
    const ReceiptSegment& s = receipt.segments[i];
    json::ObjectWriter item(false);
    item.Number("segment", s.number);
    item.Number("first_seq", s.first_seq);
    item.Number("records", s.record_count);
    item.String("seal_hash", crypto::HexEncode(std::string_view(
                                 reinterpret_cast<const char*>(s.seal_hash.data()), s.seal_hash.size())));
    item.String("sealed", FormatRfc3339(s.sealed_ns));
    if (i > 0) segments.push_back(',');
    segments.append(item.Finish());
  }
  segments += "]";
  json::ObjectWriter out(false);
  out.String("sealog", kReceiptAction);
  out.String("time", FormatRfc3339(receipt.time_ns));
  out.String("policy", receipt.policy);
  out.Raw("segments", segments);
  return out.Finish();
}

Status DecodeReceipt(std::string_view raw, DeletionReceipt* receipt) {
  json::Value object;
  SEALOG_RETURN_IF_ERROR(ParseEvent(raw, kReceiptAction, &object));
  Result<int64_t> time = TimeMember(object, "time", kReceiptAction);
  if (!time.ok()) return time.status();
  receipt->time_ns = *time;
  const json::Value* policy = Member(object, "policy", json::Value::Kind::kString);
  const json::Value* segments = Member(object, "segments", json::Value::Kind::kArray);
  if (policy == nullptr || segments == nullptr) return Bad(kReceiptAction, "no policy or segments");
  receipt->policy = policy->string;
  receipt->segments.clear();
  for (const json::Value& item : segments->items) {
    const json::Value* number = Member(item, "segment", json::Value::Kind::kNumber);
    const json::Value* first = Member(item, "first_seq", json::Value::Kind::kNumber);
    const json::Value* records = Member(item, "records", json::Value::Kind::kNumber);
    const json::Value* hash = Member(item, "seal_hash", json::Value::Kind::kString);
    std::string hash_bytes;
    if (number == nullptr || first == nullptr || records == nullptr || hash == nullptr ||
        !crypto::HexDecode(hash->string, &hash_bytes) || hash_bytes.size() != 32) {
      return Bad(kReceiptAction, "a segment without number, seqs or seal hash");
    }
    Result<int64_t> sealed = TimeMember(item, "sealed", kReceiptAction);
    if (!sealed.ok()) return sealed.status();
    ReceiptSegment segment;
    segment.number = number->number;
    segment.first_seq = first->number;
    segment.record_count = records->number;
    std::memcpy(segment.seal_hash.data(), hash_bytes.data(), 32);
    segment.sealed_ns = *sealed;
    receipt->segments.push_back(segment);
  }
  return Status::Ok();
}

std::string ReceiptResource(const DeletionReceipt& receipt) {
  if (receipt.segments.empty()) return "segments";
  const uint64_t first = receipt.segments.front().number;
  const uint64_t last = receipt.segments.back().number;
  return first == last ? "segment " + std::to_string(first)
                       : "segments " + std::to_string(first) + ".." + std::to_string(last);
}

std::string EncodeHoldAdd(const HoldSpec& hold) {
  json::ObjectWriter out(false);
  out.String("sealog", kHoldAddAction);
  out.String("reason", hold.reason);
  if (!hold.query.empty()) {
    out.String("query", hold.query);
  } else {
    out.String("since", FormatRfc3339(hold.since_ns));
    out.String("until", FormatRfc3339(hold.until_ns));
  }
  return out.Finish();
}

Status DecodeHoldAdd(std::string_view raw, HoldSpec* hold) {
  json::Value object;
  SEALOG_RETURN_IF_ERROR(ParseEvent(raw, kHoldAddAction, &object));
  const json::Value* reason = Member(object, "reason", json::Value::Kind::kString);
  if (reason == nullptr) return Bad(kHoldAddAction, "no reason");
  hold->reason = reason->string;
  if (const json::Value* query = Member(object, "query", json::Value::Kind::kString)) {
    hold->query = query->string;
    return Status::Ok();
  }
  Result<int64_t> since = TimeMember(object, "since", kHoldAddAction);
  Result<int64_t> until = TimeMember(object, "until", kHoldAddAction);
  if (!since.ok() || !until.ok()) return Bad(kHoldAddAction, "neither a query nor a time range");
  hold->query.clear();
  hold->since_ns = *since;
  hold->until_ns = *until;
  return Status::Ok();
}

std::string EncodeHoldRemove(uint64_t id, std::string_view reason) {
  json::ObjectWriter out(false);
  out.String("sealog", kHoldRemoveAction);
  out.Number("hold", id);
  out.String("reason", reason);
  return out.Finish();
}

Status DecodeHoldRemove(std::string_view raw, uint64_t* id) {
  json::Value object;
  SEALOG_RETURN_IF_ERROR(ParseEvent(raw, kHoldRemoveAction, &object));
  const json::Value* hold = Member(object, "hold", json::Value::Kind::kNumber);
  if (hold == nullptr) return Bad(kHoldRemoveAction, "no hold id");
  *id = hold->number;
  return Status::Ok();
}

std::string EncodeConfigChange(std::string_view old_toml, std::string_view new_toml) {
  json::ObjectWriter out(false);
  out.String("sealog", kConfigChangeAction);
  out.String("old", old_toml);
  out.String("new", new_toml);
  return out.Finish();
}

}  // namespace sealog
