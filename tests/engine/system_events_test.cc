// The system events' decoders against what a damaged or forged log could
// hold in their place: every malformed event is refused with
// kInvalidArgument and a message naming the event kind and what is wrong,
// never half decoded into something retention or verify would act on.
#include "engine/system_events.h"

#include <gtest/gtest.h>

#include <string>

#include "sealog/ingest.h"

namespace sealog {
namespace {

constexpr int64_t kTimeNs = 1'790'000'000'000'000'000;  // 2026-09
const std::string kHash(64, 'a');                       // 32 bytes in hex

DeletionReceipt SampleReceipt() {
  DeletionReceipt receipt;
  receipt.time_ns = kTimeNs;
  receipt.policy = "retention.delete_after = 7y";
  ReceiptSegment segment;
  segment.number = 3;
  segment.first_seq = 41;
  segment.record_count = 20;
  segment.seal_hash.fill(0xaa);
  segment.sealed_ns = kTimeNs - 1'000'000'000;
  receipt.segments = {segment};
  return receipt;
}

// A receipt's JSON whose one segment item is `item`.
std::string ReceiptWithItem(const std::string& item) {
  return R"({"sealog":"sealog.retention.delete","time":"2026-09-21T12:26:40Z",)"
         R"("policy":"p","segments":[)" +
         item + "]}";
}

// Decodes `raw`, expecting a refusal whose message holds `expected`.
void ExpectRefusedReceipt(const std::string& raw, const std::string& expected) {
  DeletionReceipt receipt;
  Status status = DecodeReceipt(raw, &receipt);
  ASSERT_EQ(status.code(), Code::kInvalidArgument) << raw << ": " << status.ToString();
  EXPECT_NE(status.message().find(expected), std::string::npos)
      << raw << ": " << status.message();
}

TEST(SystemEventsTest, ReceiptRoundTrips) {
  const DeletionReceipt receipt = SampleReceipt();
  DeletionReceipt decoded;
  ASSERT_TRUE(DecodeReceipt(EncodeReceipt(receipt), &decoded).ok());
  EXPECT_EQ(decoded.time_ns, receipt.time_ns);
  EXPECT_EQ(decoded.policy, receipt.policy);
  ASSERT_EQ(decoded.segments.size(), 1u);
  EXPECT_EQ(decoded.segments[0].number, 3u);
  EXPECT_EQ(decoded.segments[0].first_seq, 41u);
  EXPECT_EQ(decoded.segments[0].record_count, 20u);
  EXPECT_EQ(decoded.segments[0].seal_hash, receipt.segments[0].seal_hash);
  EXPECT_EQ(decoded.segments[0].sealed_ns, receipt.segments[0].sealed_ns);
}

TEST(SystemEventsTest, ReceiptThatIsNotJsonIsRefusedNamingTheEvent) {
  ExpectRefusedReceipt("not json", "sealog.retention.delete");
  ExpectRefusedReceipt("", "sealog.retention.delete");
}

TEST(SystemEventsTest, EventOfAnotherKindIsNotAReceipt) {
  HoldSpec hold;
  hold.reason = "case 12";
  hold.query = "actor:alice";
  ExpectRefusedReceipt(EncodeHoldAdd(hold), "sealog.retention.delete: not such an event");
  // No "sealog" member at all, and one that is not a string.
  ExpectRefusedReceipt(R"({"time":"2026-09-21T12:26:40Z"})", "not such an event");
  ExpectRefusedReceipt(R"({"sealog":7})", "not such an event");
}

TEST(SystemEventsTest, ReceiptWithoutValidTimeIsRefused) {
  ExpectRefusedReceipt(R"({"sealog":"sealog.retention.delete","policy":"p","segments":[]})",
                       "sealog.retention.delete: no time \"time\"");
  // A time of the wrong kind is as good as none.
  ExpectRefusedReceipt(R"({"sealog":"sealog.retention.delete","time":5,"segments":[]})",
                       "no time \"time\"");
  ExpectRefusedReceipt(
      R"({"sealog":"sealog.retention.delete","time":"yesterday","policy":"p","segments":[]})",
      "is not an RFC 3339 time");
}

TEST(SystemEventsTest, ReceiptWithoutPolicyOrSegmentsIsRefused) {
  ExpectRefusedReceipt(
      R"({"sealog":"sealog.retention.delete","time":"2026-09-21T12:26:40Z","segments":[]})",
      "no policy or segments");
  ExpectRefusedReceipt(
      R"({"sealog":"sealog.retention.delete","time":"2026-09-21T12:26:40Z","policy":"p"})",
      "no policy or segments");
  // segments must be an array.
  ExpectRefusedReceipt(R"({"sealog":"sealog.retention.delete","time":"2026-09-21T12:26:40Z",)"
                       R"("policy":"p","segments":{}})",
                       "no policy or segments");
}

TEST(SystemEventsTest, ReceiptSegmentMissingAnyMemberIsRefused) {
  const std::string sealed = R"(,"sealed":"2026-09-21T12:26:40Z")";
  const std::string hash = R"(,"seal_hash":")" + kHash + "\"";
  const std::string whole = R"({"segment":3,"first_seq":41,"records":20)" + hash + sealed + "}";
  DeletionReceipt receipt;
  ASSERT_TRUE(DecodeReceipt(ReceiptWithItem(whole), &receipt).ok());

  const std::string kWhy = "a segment without number, seqs or seal hash";
  ExpectRefusedReceipt(ReceiptWithItem(R"({"first_seq":41,"records":20)" + hash + sealed + "}"),
                       kWhy);
  ExpectRefusedReceipt(ReceiptWithItem(R"({"segment":3,"records":20)" + hash + sealed + "}"), kWhy);
  ExpectRefusedReceipt(ReceiptWithItem(R"({"segment":3,"first_seq":41)" + hash + sealed + "}"),
                       kWhy);
  ExpectRefusedReceipt(ReceiptWithItem(R"({"segment":3,"first_seq":41,"records":20)" + sealed + "}"),
                       kWhy);
  // A number given as a string is not a number.
  ExpectRefusedReceipt(
      ReceiptWithItem(R"({"segment":"3","first_seq":41,"records":20)" + hash + sealed + "}"), kWhy);
  // An item that is not an object at all.
  ExpectRefusedReceipt(ReceiptWithItem("3"), kWhy);
}

TEST(SystemEventsTest, ReceiptSegmentWithBadSealHashIsRefused) {
  const std::string sealed = R"(,"sealed":"2026-09-21T12:26:40Z")";
  const std::string kWhy = "a segment without number, seqs or seal hash";
  // Not hex.
  ExpectRefusedReceipt(ReceiptWithItem(R"({"segment":3,"first_seq":41,"records":20,"seal_hash":")" +
                                       std::string(64, 'z') + "\"" + sealed + "}"),
                       kWhy);
  // Hex, but 31 bytes: not a hash.
  ExpectRefusedReceipt(ReceiptWithItem(R"({"segment":3,"first_seq":41,"records":20,"seal_hash":")" +
                                       std::string(62, 'a') + "\"" + sealed + "}"),
                       kWhy);
}

TEST(SystemEventsTest, ReceiptSegmentWithoutSealTimeIsRefused) {
  const std::string item =
      R"({"segment":3,"first_seq":41,"records":20,"seal_hash":")" + kHash + "\"";
  ExpectRefusedReceipt(ReceiptWithItem(item + "}"), "no time \"sealed\"");
  ExpectRefusedReceipt(ReceiptWithItem(item + R"(,"sealed":"2026-13-01T00:00:00Z"})"),
                       "is not an RFC 3339 time");
}

TEST(SystemEventsTest, ReceiptResourceNamesItsSegments) {
  DeletionReceipt receipt = SampleReceipt();
  EXPECT_EQ(ReceiptResource(receipt), "segment 3");
  receipt.segments.push_back(receipt.segments[0]);
  receipt.segments.back().number = 7;
  EXPECT_EQ(ReceiptResource(receipt), "segments 3..7");
  receipt.segments.clear();
  EXPECT_EQ(ReceiptResource(receipt), "segments");
}

TEST(SystemEventsTest, HoldAddRoundTripsAsQueryOrTimeRange) {
  HoldSpec query_hold;
  query_hold.reason = "case 12";
  query_hold.query = "actor:alice";
  HoldSpec decoded;
  ASSERT_TRUE(DecodeHoldAdd(EncodeHoldAdd(query_hold), &decoded).ok());
  EXPECT_EQ(decoded.reason, "case 12");
  EXPECT_EQ(decoded.query, "actor:alice");

  HoldSpec range_hold;
  range_hold.reason = "audit";
  range_hold.since_ns = kTimeNs;
  range_hold.until_ns = kTimeNs + 1'000'000'000;
  // A range decoded over an earlier query leaves no query behind.
  ASSERT_TRUE(DecodeHoldAdd(EncodeHoldAdd(range_hold), &decoded).ok());
  EXPECT_EQ(decoded.reason, "audit");
  EXPECT_TRUE(decoded.query.empty());
  EXPECT_EQ(decoded.since_ns, range_hold.since_ns);
  EXPECT_EQ(decoded.until_ns, range_hold.until_ns);
}

TEST(SystemEventsTest, MalformedHoldAddIsRefused) {
  HoldSpec hold;
  Status status = DecodeHoldAdd(R"({"sealog":"sealog.hold.add","query":"actor:a"})", &hold);
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_EQ(status.message(), "sealog.hold.add: no reason");

  // Neither a query nor both ends of a range.
  status = DecodeHoldAdd(R"({"sealog":"sealog.hold.add","reason":"r"})", &hold);
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_EQ(status.message(), "sealog.hold.add: neither a query nor a time range");
  status = DecodeHoldAdd(
      R"({"sealog":"sealog.hold.add","reason":"r","since":"2026-09-21T12:26:40Z"})", &hold);
  EXPECT_EQ(status.message(), "sealog.hold.add: neither a query nor a time range");
  status = DecodeHoldAdd(R"({"sealog":"sealog.hold.add","reason":"r",)"
                         R"("since":"2026-09-21T12:26:40Z","until":"soon"})",
                         &hold);
  EXPECT_EQ(status.message(), "sealog.hold.add: neither a query nor a time range");

  // A receipt is no hold.
  status = DecodeHoldAdd(EncodeReceipt(SampleReceipt()), &hold);
  EXPECT_EQ(status.message(), "sealog.hold.add: not such an event");
}

TEST(SystemEventsTest, HoldRemoveNeedsAHoldId) {
  uint64_t id = 0;
  ASSERT_TRUE(DecodeHoldRemove(EncodeHoldRemove(17, "case closed"), &id).ok());
  EXPECT_EQ(id, 17u);

  Status status = DecodeHoldRemove(R"({"sealog":"sealog.hold.remove","reason":"r"})", &id);
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_EQ(status.message(), "sealog.hold.remove: no hold id");
  status = DecodeHoldRemove(R"({"sealog":"sealog.hold.remove","hold":"17"})", &id);
  EXPECT_EQ(status.message(), "sealog.hold.remove: no hold id");
  status = DecodeHoldRemove(R"({"sealog":"sealog.hold.add","hold":17})", &id);
  EXPECT_EQ(status.message(), "sealog.hold.remove: not such an event");
  status = DecodeHoldRemove("[17]", &id);
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_EQ(id, 17u) << "a refused event must not change the id";
}

}  // namespace
}  // namespace sealog
