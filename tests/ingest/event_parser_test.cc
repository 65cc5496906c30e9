// EventParser: the input rules of SPEC.md ("Input: events as JSON Lines") and
// the decisions of sealog/ingest.h, one behaviour per test; then every line of
// every dataset of tests/data/datasets.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <new>
#include <string>
#include <vector>

#include "sealog/ingest.h"

// Counts heap allocations, so that a test can check the steady state.
namespace {
std::atomic<size_t> g_allocations{0};
}  // namespace

// Every non-aligned form is replaced, so that all of them pair with each other
// (under ASan too, whose own operators would otherwise serve the forms left
// out). Not inlined: GCC would otherwise see malloc and free meet across the
// replaced operators and warn (-Wmismatched-new-delete).
[[gnu::noinline]] void* operator new(size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](size_t size) { return operator new(size); }
[[gnu::noinline]] void* operator new(size_t size, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
[[gnu::noinline]] void* operator new[](size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace sealog {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kCloudTrailNanos = 1'688'989'356 * kSecond;  // 2023-07-10T11:42:36Z

FieldMapping Mapping(std::initializer_list<std::string_view> overrides) {
  FieldMapping mapping = FieldMapping::Default();
  for (std::string_view spec : overrides) {
    Status status = mapping.Override(spec);
    EXPECT_TRUE(status.ok()) << status.message();
  }
  return mapping;
}

// Parses with one parser per call; the returned Event views `line` and the
// parser, so both are kept here.
class ParseTest : public ::testing::Test {
 protected:
  Event Parse(std::string line, FieldMapping mapping = FieldMapping::Default()) {
    line_ = std::move(line);
    parser_ = std::make_unique<EventParser>(std::move(mapping));
    Event event;
    Status status = parser_->Parse(line_, &event);
    EXPECT_TRUE(status.ok()) << line_ << ": " << status.message();
    return event;
  }
  std::string Error(std::string line, FieldMapping mapping = FieldMapping::Default(),
                    size_t max_event_bytes = kMaxEventBytesDefault) {
    line_ = std::move(line);
    parser_ = std::make_unique<EventParser>(std::move(mapping), max_event_bytes);
    Event event;
    Status status = parser_->Parse(line_, &event);
    EXPECT_TRUE(status.IsInvalidArgument()) << line_.substr(0, 200);
    EXPECT_EQ(status.message().find('\n'), std::string::npos) << status.message();
    return status.message();
  }

  std::string line_;
  std::unique_ptr<EventParser> parser_;
};

std::string_view FieldOf(const Event& event, Field field) { return event.field(field); }

// --- Sources and their order ---------------------------------------------------

TEST_F(ParseTest, EveryDefaultKeyFeedsItsField) {
  struct Case {
    std::string key;
    Field field;
  };
  for (const Case& c : std::vector<Case>{{"actor", Field::kActor},
                                         {"user", Field::kActor},
                                         {"userIdentity", Field::kActor},
                                         {"action", Field::kAction},
                                         {"event_type", Field::kAction},
                                         {"eventName", Field::kAction},
                                         {"resource", Field::kResource},
                                         {"target", Field::kResource},
                                         {"origin", Field::kOrigin},
                                         {"source_ip", Field::kOrigin},
                                         {"sourceIPAddress", Field::kOrigin},
                                         {"tenant", Field::kTenant},
                                         {"account_id", Field::kTenant},
                                         {"recipientAccountId", Field::kTenant},
                                         {"outcome", Field::kOutcome},
                                         {"status", Field::kOutcome},
                                         {"result", Field::kOutcome}}) {
    const Event event = Parse("{\"" + c.key + "\":\"v\"}");
    EXPECT_EQ(FieldOf(event, c.field), "v") << c.key;
  }
}

TEST_F(ParseTest, EveryDefaultTimeKeyIsRead) {
  for (std::string key : {"timestamp", "time", "ts", "eventTime"}) {
    const Event event = Parse("{\"" + key + "\":\"2023-07-10T11:42:36Z\"}");
    EXPECT_FALSE(event.time_missing) << key;
    EXPECT_EQ(event.time_ns, kCloudTrailNanos) << key;
  }
}

TEST_F(ParseTest, FirstSourceWinsWhateverTheKeyOrder) {
  const Event event = Parse(
      R"({"userIdentity":{"arn":"a3"},"user":"a2","actor":"a1","eventName":"n3","action":"n1"})");
  EXPECT_EQ(FieldOf(event, Field::kActor), "a1");
  EXPECT_EQ(FieldOf(event, Field::kAction), "n1");
}

TEST_F(ParseTest, LaterSourceIsUsedWhenEarlierIsNullEmptyOrMissing) {
  const Event event = Parse(R"({"actor":null,"user":"","userIdentity":"u3","ts":null,"time":"",)"
                            R"("eventTime":"2023-07-10T11:42:36Z"})");
  EXPECT_EQ(FieldOf(event, Field::kActor), "u3");
  EXPECT_EQ(event.time_ns, kCloudTrailNanos);
}

TEST_F(ParseTest, AbsentFieldsAreEmpty) {
  const Event event = Parse(R"({"something":"else"})");
  for (std::string_view value : event.fields) EXPECT_TRUE(value.empty());
  EXPECT_TRUE(event.time_missing);
}

TEST_F(ParseTest, RawIsTheWholeLine) {
  const Event event = Parse(R"( {"actor":"a"}  )");
  EXPECT_EQ(event.raw, line_);
  EXPECT_EQ(event.raw.data(), line_.data());
}

TEST_F(ParseTest, TrailingCarriageReturnIsWhitespace) {
  const Event event = Parse("{\"actor\":\"a\"}\r");
  EXPECT_EQ(FieldOf(event, Field::kActor), "a");
}

// --- Objects --------------------------------------------------------------------

TEST_F(ParseTest, ObjectActorUsesIdThenEmailThenNameThenArn) {
  EXPECT_EQ(
      FieldOf(Parse(R"({"actor":{"arn":"r","name":"n","email":"e","id":"i"}})"), Field::kActor),
      "i");
  EXPECT_EQ(FieldOf(Parse(R"({"actor":{"arn":"r","name":"n","email":"e"}})"), Field::kActor), "e");
  EXPECT_EQ(FieldOf(Parse(R"({"actor":{"arn":"r","name":"n"}})"), Field::kActor), "n");
  EXPECT_EQ(FieldOf(Parse(R"({"actor":{"arn":"r"}})"), Field::kActor), "r");
}

TEST_F(ParseTest, ObjectRuleOfEachField) {
  const Event event = Parse(R"({"event_type":{"name":"login","id":"x"},)"
                            R"("target":{"arn":"r","name":"n"},)"
                            R"("source_ip":{"host":"h","ip":"10.0.0.1"},)"
                            R"("account_id":{"name":"x","id":"t1"},)"
                            R"("result":{"status":"ok","reason":"x"}})");
  EXPECT_EQ(FieldOf(event, Field::kAction), "login");
  EXPECT_EQ(FieldOf(event, Field::kResource), "n");
  EXPECT_EQ(FieldOf(event, Field::kOrigin), "10.0.0.1");
  EXPECT_EQ(FieldOf(event, Field::kTenant), "t1");
  EXPECT_EQ(FieldOf(event, Field::kOutcome), "ok");
}

TEST_F(ParseTest, ObjectWithoutRuleKeysIsAbsentAndNextSourceIsTried) {
  // CloudTrail: an AWS service has no arn; Kubernetes: user has only username.
  const Event event = Parse(R"({"user":{"username":"system:admin","groups":["a"]},)"
                            R"("userIdentity":{"type":"AWSService","invokedBy":"s3"}})");
  EXPECT_EQ(FieldOf(event, Field::kActor), "");
  const Event fallback = Parse(R"({"user":{"username":"x"},"userIdentity":{"arn":"arn:1"}})");
  EXPECT_EQ(FieldOf(fallback, Field::kActor), "arn:1");
}

TEST_F(ParseTest, ObjectRuleSkipsNullEmptyObjectAndArrayValues) {
  const Event event =
      Parse(R"({"actor":{"id":null,"email":"","name":{"first":"x"},"arn":["y"]},"user":"u"})");
  EXPECT_EQ(FieldOf(event, Field::kActor), "u");
  const Event later = Parse(R"({"actor":{"id":null,"email":"","name":[],"arn":"r"}})");
  EXPECT_EQ(FieldOf(later, Field::kActor), "r");
}

TEST_F(ParseTest, ObjectRuleValueMayBeANumber) {
  EXPECT_EQ(FieldOf(Parse(R"({"user":{"id":1001}})"), Field::kActor), "1001");
}

TEST_F(ParseTest, MappedPathOnObjectUsesTheFieldRule) {
  const Event event =
      Parse(R"({"detail":{"who":{"name":"n","email":"e@x"}}})", Mapping({"actor=detail.who"}));
  EXPECT_EQ(FieldOf(event, Field::kActor), "e@x");
}

TEST_F(ParseTest, TimeObjectIsWrongType) {
  EXPECT_EQ(Error(R"({"ts":{"seconds":1}})"),
            "field time (key \"ts\") is an object; expected an RFC 3339 string or an epoch number");
}

// --- Arrays and paths -------------------------------------------------------------

TEST_F(ParseTest, ArrayIsWrongTypeNamingFieldAndKey) {
  EXPECT_EQ(Error(R"({"target":[{"id":"1"}]})"),
            "field resource (key \"target\") is an array; expected a string, number, boolean or "
            "an object with id, name or arn (pick an element with --map resource=target.0)");
  EXPECT_NE(Error(R"({"ts":[1]})").find("field time (key \"ts\") is an array"), std::string::npos);
}

TEST_F(ParseTest, ArrayUnderALowerSourceIsIgnoredWhenAnEarlierIsPresent) {
  const Event event = Parse(R"({"user":["a","b"],"actor":"alice"})");
  EXPECT_EQ(FieldOf(event, Field::kActor), "alice");
}

TEST_F(ParseTest, DottedPathReachesNestedValue) {
  const Event event = Parse(R"({"userIdentity":{"sessionContext":{"issuer":{"userName":"u"}}}})",
                            Mapping({"actor=userIdentity.sessionContext.issuer.userName"}));
  EXPECT_EQ(FieldOf(event, Field::kActor), "u");
}

TEST_F(ParseTest, IndexSelectsArrayElement) {
  const Event event = Parse(R"({"resources":[{"ARN":"arn:a"},{"ARN":"arn:b"}],"ips":["1","2"]})",
                            Mapping({"resource=resources.1.ARN", "origin=ips.0"}));
  EXPECT_EQ(FieldOf(event, Field::kResource), "arn:b");
  EXPECT_EQ(FieldOf(event, Field::kOrigin), "1");
}

TEST_F(ParseTest, IndexedElementObjectUsesTheFieldRule) {
  const Event event = Parse(R"({"target":[{"type":"User","alternateId":"a","id":"00u1"}]})",
                            Mapping({"resource=target.0"}));
  EXPECT_EQ(FieldOf(event, Field::kResource), "00u1");
}

TEST_F(ParseTest, IndexBeyondTheArrayIsAbsent) {
  const Event event = Parse(R"({"resources":[],"r2":[{"x":1}]})",
                            Mapping({"resource=resources.0.ARN", "resource=r2.0.ARN"}));
  EXPECT_EQ(FieldOf(event, Field::kResource), "");
}

TEST_F(ParseTest, PathThroughAScalarIsAbsent) {
  // GCP's resource is a string in some entries and an object in others.
  const Event event = Parse(R"({"resource":"projects/p","name":"n"})",
                            Mapping({"resource=resource.labels.project_id", "resource=name"}));
  EXPECT_EQ(FieldOf(event, Field::kResource), "n");
}

TEST_F(ParseTest, KeyInsideAnArrayIsRejectedWithAHint) {
  EXPECT_EQ(Error(R"({"target":[{"alternateId":"a"}]})", Mapping({"resource=target.alternateId"})),
            "field resource (path \"target.alternateId\"): \"target\" is an array; pick an "
            "element, as in --map resource=target.0.alternateId");
}

TEST_F(ParseTest, DigitSegmentAlsoMatchesAnObjectKey) {
  const Event event = Parse(R"({"a":{"0":"zero"}})", Mapping({"actor=a.0"}));
  EXPECT_EQ(FieldOf(event, Field::kActor), "zero");
}

TEST_F(ParseTest, EscapedDotMatchesAKeyWithDots) {
  const Event event = Parse(
      R"({"annotations":{"authorization.k8s.io/decision":"allow","authorization":{"k8s":"x"}}})",
      Mapping({R"(outcome=annotations.authorization\.k8s\.io/decision)"}));
  EXPECT_EQ(FieldOf(event, Field::kOutcome), "allow");
}

TEST_F(ParseTest, KeyWithEscapesInTheEventMatchesItsUnescapedName) {
  EXPECT_EQ(FieldOf(Parse(R"({"\u0061ctor":"a"})"), Field::kActor), "a");
}

TEST_F(ParseTest, OneKeyCanFeedSeveralFields) {
  const Event event = Parse(R"({"who":{"id":"i","name":"n"}})",
                            Mapping({"actor=who", "resource=who.name", "tenant=who"}));
  EXPECT_EQ(FieldOf(event, Field::kActor), "i");
  EXPECT_EQ(FieldOf(event, Field::kResource), "n");
  EXPECT_EQ(FieldOf(event, Field::kTenant), "i");
}

TEST_F(ParseTest, DuplicateKeyFirstOccurrenceWins) {
  EXPECT_EQ(FieldOf(Parse(R"({"actor":"first","actor":"second"})"), Field::kActor), "first");
  EXPECT_EQ(FieldOf(Parse(R"({"actor":null,"actor":"second","user":"u"})"), Field::kActor), "u");
  EXPECT_EQ(
      FieldOf(Parse(R"({"a":{"b":"1"},"a":{"b":"2"}})", Mapping({"actor=a.b"})), Field::kActor),
      "1");
}

// --- Value types --------------------------------------------------------------------

TEST_F(ParseTest, NumberIsItsTextAsWritten) {
  // Windows Security: EventID 4624.
  EXPECT_EQ(FieldOf(Parse(R"({"EventID":4624})", Mapping({"action=EventID"})), Field::kAction),
            "4624");
  for (std::string number : {"1.50", "-0", "0", "-0.0", "1E3", "2.5e-3", "-17",
                             "18446744073709551615", "-9223372036854775808", "1e308"}) {
    const Event event = Parse("{\"status\": " + number + " }");
    EXPECT_EQ(FieldOf(event, Field::kOutcome), number);
  }
}

TEST_F(ParseTest, NumberUnderAnObjectRuleKeepsItsText) {
  EXPECT_EQ(FieldOf(Parse(R"({"result":{"status":200.0}})"), Field::kOutcome), "200.0");
}

TEST_F(ParseTest, BooleansAreTrueAndFalse) {
  EXPECT_EQ(FieldOf(Parse(R"({"outcome":true})"), Field::kOutcome), "true");
  EXPECT_EQ(FieldOf(Parse(R"({"outcome":false})"), Field::kOutcome), "false");
}

TEST_F(ParseTest, StringIsUnescapedToExactUtf8) {
  EXPECT_EQ(FieldOf(Parse(R"({"actor":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \t"})"), Field::kActor),
            "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\ / \t");
  EXPECT_EQ(FieldOf(Parse("{\"actor\":\"\xE6\x97\xA5\xE6\x9C\xAC\"}"), Field::kActor),
            "\xE6\x97\xA5\xE6\x9C\xAC");
}

TEST_F(ParseTest, ValuesStayValidUntilTheNextParse) {
  EventParser parser(Mapping({"resource=r.0", "outcome=n"}));
  const std::string line = R"({"actor":"pl\u0061in","r":["x"],"n":1.25,"ts":1688989356})";
  Event event;
  ASSERT_TRUE(parser.Parse(line, &event).ok());
  EXPECT_EQ(FieldOf(event, Field::kActor), "plain");
  EXPECT_EQ(FieldOf(event, Field::kResource), "x");
  EXPECT_EQ(FieldOf(event, Field::kOutcome), "1.25");
  EXPECT_EQ(event.time_ns, kCloudTrailNanos);
}

// --- Time -----------------------------------------------------------------------------

TEST_F(ParseTest, Rfc3339TimeIsStoredAsUtcNanoseconds) {
  EXPECT_EQ(Parse(R"({"eventTime":"2023-07-10T13:42:36.000000001+02:00"})").time_ns,
            kCloudTrailNanos + 1);
}

TEST_F(ParseTest, EpochNumberUnitIsInferredFromMagnitude) {
  EXPECT_EQ(Parse(R"({"ts":1688989356})").time_ns, kCloudTrailNanos);
  EXPECT_EQ(Parse(R"({"ts":1688989356123})").time_ns, kCloudTrailNanos + 123'000'000);
  EXPECT_EQ(Parse(R"({"ts":1688989356123456})").time_ns, kCloudTrailNanos + 123'456'000);
  EXPECT_EQ(Parse(R"({"ts":1688989356123456789})").time_ns, kCloudTrailNanos + 123'456'789);
}

TEST_F(ParseTest, EpochWithAFractionIsExact) {
  EXPECT_EQ(Parse(R"({"ts":1688989356.123456789})").time_ns, kCloudTrailNanos + 123'456'789);
  // GitHub's created_at, in milliseconds.
  EXPECT_EQ(Parse(R"({"created_at":1621305118553.0})", Mapping({"time=created_at"})).time_ns,
            1'621'305'118'553'000'000);
}

TEST_F(ParseTest, EpochInAStringIsAccepted) {
  EXPECT_EQ(Parse(R"({"ts":"1688989356"})").time_ns, kCloudTrailNanos);
  EXPECT_EQ(Parse(R"({"ts":"1688989356.5"})").time_ns, kCloudTrailNanos + kSecond / 2);
}

TEST_F(ParseTest, MissingTimeIsMarked) {
  EXPECT_TRUE(Parse(R"({"actor":"a"})").time_missing);
  EXPECT_TRUE(Parse(R"({"ts":null,"time":""})").time_missing);
  EXPECT_FALSE(Parse(R"({"ts":0})").time_missing);
}

TEST_F(ParseTest, UnparseableTimeNamesKeyAndValue) {
  EXPECT_EQ(Error(R"({"published":"redacted"})", Mapping({"time=published"})),
            "field time (key \"published\"): \"redacted\" is not an RFC 3339 time: expected "
            "YYYY-MM-DDTHH:MM:SS[.fraction][Z|+hh:mm]");
  EXPECT_NE(Error(R"({"ts":"2023-13-01T00:00:00Z"})").find("month 13 is out of range"),
            std::string::npos);
}

TEST_F(ParseTest, PresentButBadTimeWinsOverALaterGoodOne) {
  EXPECT_NE(
      Error(R"({"timestamp":"soon","eventTime":"2023-07-10T11:42:36Z"})").find("key \"timestamp\""),
      std::string::npos);
}

TEST_F(ParseTest, BooleanTimeIsWrongType) {
  EXPECT_EQ(Error(R"({"ts":true})"),
            "field time (key \"ts\") is a boolean; expected an RFC 3339 string or an epoch number");
}

TEST_F(ParseTest, EpochOutOfRangeIsRejected) {
  EXPECT_NE(Error(R"({"ts":99999999999})").find("out of range"), std::string::npos);
  EXPECT_NE(Error(R"({"ts":1e300})").find("out of range"), std::string::npos);
}

TEST_F(ParseTest, LongBadValueIsQuotedShort) {
  const std::string value(5000, 'z');
  const std::string message = Error("{\"ts\":\"" + value + "\"}");
  EXPECT_LT(message.size(), 200u) << message;
  EXPECT_EQ(message.find(std::string(41, 'z')), std::string::npos);
}

// --- Rejected lines ---------------------------------------------------------------------

TEST_F(ParseTest, LineLongerThanLimitIsRejectedBeforeParsing) {
  // Not even JSON: the size is checked first.
  EXPECT_EQ(Error(std::string(101, 'x'), FieldMapping::Default(), 100),
            "event is 101 bytes, more than --max-event-bytes 100");
}

TEST_F(ParseTest, LineAtTheLimitIsAccepted) {
  std::string line = R"({"actor":")";
  line += std::string(100 - line.size() - 2, 'a') + "\"}";
  ASSERT_EQ(line.size(), 100u);
  EventParser parser(FieldMapping::Default(), 100);
  Event event;
  EXPECT_TRUE(parser.Parse(line, &event).ok());
}

TEST_F(ParseTest, DefaultLimitIsOneMebibyte) {
  std::string line = R"({"actor":")" + std::string(kMaxEventBytesDefault, 'a') + "\"}";
  EXPECT_NE(Error(line).find("more than --max-event-bytes 1048576"), std::string::npos);
  line.resize(kMaxEventBytesDefault - 2);
  line += "\"}";
  EXPECT_EQ(FieldOf(Parse(line), Field::kActor).size(), kMaxEventBytesDefault - 12);
}

TEST_F(ParseTest, NotAJsonObjectIsRejected) {
  EXPECT_EQ(Error(R"([{"actor":"a"}])"), "not a JSON object: the line is an array");
  EXPECT_EQ(Error(R"("actor")"), "not a JSON object: the line is a string");
  EXPECT_EQ(Error("42"), "not a JSON object: the line is a number");
  EXPECT_EQ(Error("true"), "not a JSON object: the line is a boolean");
  EXPECT_EQ(Error("null"), "not a JSON object: the line is null");
}

TEST_F(ParseTest, InvalidJsonIsRejectedWithAColumn) {
  struct Case {
    std::string line;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"a":1,})",
            "not valid JSON: a missing or extra comma, colon, quote, brace or "
            "bracket, near column 8"},
           {R"({"a":[1 2]})", "missing or extra comma"},
           {R"({"a" 1})", "missing or extra comma"},
           {R"({"a":1}})", "near column 8"},
           {R"({"a":1} {"b":2})", "near column 9"},
           {R"({"a":tru})", "a malformed true, false or null, near column 6"},
           {R"({"a":nul})", "a malformed true, false or null"},
           {R"({"a":01})", "a malformed number"},
           {R"({"a":1.})", "a malformed number"},
           {R"({"a":-})", "a malformed number"},
           {R"({"a":"\x"})", "a bad escape sequence in a string"},
           {R"({"a":"\ud800"})", "a bad escape sequence in a string"},
           {R"({a:1})", "not valid JSON"},
           {R"({'a':1})", "not valid JSON"},
           {"{\"a\":\"b", "not valid JSON: an unclosed string, near column 6"},
           {"{\"a\":\"b\x01\"}",
            "a control character inside a string (escape it, as \\n or "
            "\\u0001), near column 8"},
           {"{\"a\":\"\xC3\x28\"}", "not valid JSON: invalid UTF-8, near column 7"},
           {"{\"a\":\"\xED\xA0\x80\"}", "invalid UTF-8, near column 7"},  // a surrogate
           {"{\"a\":\"\xF5\x80\x80\x80\"}", "invalid UTF-8"},
           {"{\"a\xFF\":1}", "invalid UTF-8, near column 4"},
           {"{", "not valid JSON"},
           {"}", "not valid JSON"},
           {"x", "not valid JSON"},
           {R"({"a":1e400})", "a malformed number, or one beyond 64-bit integers and doubles"},
           {R"({"a":123456789012345678901234567890})", "beyond 64-bit integers"},
       }) {
    EXPECT_NE(Error(c.line).find(c.message), std::string::npos)
        << c.line << " -> " << Error(c.line);
  }
}

TEST_F(ParseTest, ByteOrderMarkIsRejectedWithAHint) {
  EXPECT_EQ(Error("\xEF\xBB\xBF{\"a\":1}"),
            "not valid JSON: the line starts with a UTF-8 byte order mark; remove it");
}

TEST_F(ParseTest, BlankLineIsRejectedAndDetectable) {
  EXPECT_TRUE(IsBlankLine(""));
  EXPECT_TRUE(IsBlankLine(" \t\r"));
  EXPECT_FALSE(IsBlankLine(" {}"));
  EXPECT_EQ(Error(""), "blank line: no event to parse");
  EXPECT_EQ(Error("  \r"), "blank line: no event to parse");
}

TEST_F(ParseTest, EmptyObjectIsAnEventWithoutFields) { EXPECT_TRUE(Parse("{}").time_missing); }

TEST_F(ParseTest, NestingUpToTheLimitIsAccepted) {
  const size_t depth = kEventDepthMax - 1;  // plus the root object
  const std::string line = "{\"a\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  Parse(line);
}

TEST_F(ParseTest, NestingBeyondTheLimitIsRejected) {
  const size_t depth = kEventDepthMax;
  const std::string line = "{\"a\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  EXPECT_NE(Error(line).find("nested too deep (more than 1024 levels)"), std::string::npos);
}

TEST_F(ParseTest, ErrorNeverQuotesTheWholeLine) {
  const std::string secret(300, 's');
  for (const std::string& line : {"{\"ts\":\"" + secret + "\"}", "{\"a\":\"" + secret + "\",}",
                                  "[\"" + secret + "\"]", "{\"target\":[\"" + secret + "\"]}"}) {
    const std::string message = Error(line);
    EXPECT_EQ(message.find(std::string(41, 's')), std::string::npos) << message;
  }
}

// --- Reuse ------------------------------------------------------------------------------

TEST(EventParserTest, ErrorLeavesTheParserUsable) {
  EventParser parser;
  Event event;
  EXPECT_FALSE(parser.Parse("{\"a\":", &event).ok());
  EXPECT_FALSE(parser.Parse(R"({"ts":true})", &event).ok());
  const std::string line = R"({"actor":"a"})";
  ASSERT_TRUE(parser.Parse(line, &event).ok());
  EXPECT_EQ(FieldOf(event, Field::kActor), "a");
  EXPECT_EQ(event.raw, line);
}

TEST(EventParserTest, NothingCarriesOverFromThePreviousLine) {
  EventParser parser;
  Event event;
  const std::string first = R"({"actor":"a","ts":1688989356,"status":"ok"})";
  const std::string second = R"({"action":"b"})";
  ASSERT_TRUE(parser.Parse(first, &event).ok());
  ASSERT_TRUE(parser.Parse(second, &event).ok());
  EXPECT_EQ(FieldOf(event, Field::kActor), "");
  EXPECT_EQ(FieldOf(event, Field::kOutcome), "");
  EXPECT_EQ(FieldOf(event, Field::kAction), "b");
  EXPECT_TRUE(event.time_missing);
}

TEST(EventParserTest, LongThenShortLinesReuseTheBuffers) {
  EventParser parser;
  Event event;
  const std::string long_line = "{\"actor\":\"" + std::string(100'000, 'x') + "\"}";
  const std::string short_line = R"({"actor":"y"})";
  ASSERT_TRUE(parser.Parse(long_line, &event).ok());
  EXPECT_EQ(FieldOf(event, Field::kActor).size(), 100'000u);
  ASSERT_TRUE(parser.Parse(short_line, &event).ok());
  EXPECT_EQ(FieldOf(event, Field::kActor), "y");
}

TEST(EventParserTest, ParsingAllocatesNothingInTheSteadyState) {
  EventParser parser(Mapping({"resource=resources.0.ARN", "outcome=code"}));
  const std::vector<std::string> lines = {
      R"({"eventTime":"2023-07-10T11:42:36Z","userIdentity":{"arn":"arn:aws:iam::1:user/b"},)"
      R"("eventName":"GetObject","resources":[{"ARN":"arn:aws:s3:::b"}],"code":403})",
      R"({"ts":1688989356.25,"actor":"caf\u00e9","code":1.5})",
      R"({"time":"2023-07-10 11:42:36.123","user":{"id":7},"code":-0})",
  };
  Event event;
  for (const std::string& line : lines) ASSERT_TRUE(parser.Parse(line, &event).ok());
  const size_t before = g_allocations.load();
  ASSERT_GT(before, 0u);  // the counting operator new is in use
  for (int round = 0; round < 100; ++round) {
    for (const std::string& line : lines) ASSERT_TRUE(parser.Parse(line, &event).ok());
  }
  EXPECT_EQ(g_allocations.load(), before);
}

// --- Datasets ---------------------------------------------------------------------------

struct DatasetResult {
  size_t lines = 0;
  std::vector<std::pair<size_t, std::string>> errors;  // line number, message
};

DatasetResult ParseDataset(const std::string& name, const FieldMapping& mapping) {
  std::ifstream in(std::string(SEALOG_TESTDATA_DIR) + "/datasets/" + name);
  EXPECT_TRUE(in.good()) << name;
  EventParser parser(mapping);
  DatasetResult result;
  std::string line;
  Event event;
  while (std::getline(in, line)) {
    ++result.lines;
    if (IsBlankLine(line)) continue;
    Status status = parser.Parse(line, &event);
    if (!status.ok()) result.errors.emplace_back(result.lines, status.message());
  }
  return result;
}

void ExpectAllParse(const std::string& name, const FieldMapping& mapping, size_t lines) {
  const DatasetResult result = ParseDataset(name, mapping);
  EXPECT_EQ(result.lines, lines) << name;
  for (const auto& [number, message] : result.errors) {
    ADD_FAILURE() << name << ":" << number << ": " << message;
  }
}

TEST(DatasetTest, EveryDatasetParsesWithTheDefaultMapping) {
  const FieldMapping mapping = FieldMapping::Default();
  ExpectAllParse("azure_activity/panther-fixtures.jsonl", mapping, 247);
  ExpectAllParse("cloudtrail/invictus-ir.jsonl", mapping, 2900);
  ExpectAllParse("cloudtrail/otrf-ec2-proxy-s3-exfiltration.jsonl", mapping, 103);
  ExpectAllParse("gcp_audit/panther-fixtures.jsonl", mapping, 186);
  ExpectAllParse("github_audit/panther-fixtures.jsonl", mapping, 104);
  ExpectAllParse("k8s_audit/audit2rbac-demo.jsonl", mapping, 757);
  ExpectAllParse("k8s_audit/falco-trace-files.jsonl", mapping, 51);
  ExpectAllParse("windows_security/otrf-security-channel-head2000.jsonl", mapping, 2000);
}

TEST(DatasetTest, OktaTargetArrayNeedsAMap) {
  // Okta's target is an array of objects: the default source "target" is the
  // wrong type on the 26 lines that have it; --map picks an element.
  const DatasetResult result = ParseDataset("okta/panther-fixtures.jsonl", FieldMapping::Default());
  EXPECT_EQ(result.errors.size(), 26u);
  for (const auto& [number, message] : result.errors) {
    EXPECT_EQ(message,
              "field resource (key \"target\") is an array; expected a string, number, boolean or "
              "an object with id, name or arn (pick an element with --map resource=target.0)");
  }
  ExpectAllParse("okta/panther-fixtures.jsonl", Mapping({"resource=target.0.alternateId"}), 53);
}

TEST(DatasetTest, CloudTrailWithItsMapping) {
  const FieldMapping mapping = Mapping({"actor=userIdentity.arn", "actor=userIdentity.invokedBy",
                                        "resource=resources.0.ARN", "outcome=errorCode"});
  ExpectAllParse("cloudtrail/invictus-ir.jsonl", mapping, 2900);
  FieldMapping logstash = mapping;
  ASSERT_TRUE(logstash.Override("time=@timestamp").ok());
  ExpectAllParse("cloudtrail/otrf-ec2-proxy-s3-exfiltration.jsonl", logstash, 103);

  EventParser parser(mapping);
  std::ifstream in(std::string(SEALOG_TESTDATA_DIR) + "/datasets/cloudtrail/invictus-ir.jsonl");
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  Event event;
  ASSERT_TRUE(parser.Parse(line, &event).ok());
  EXPECT_EQ(FormatRfc3339(event.time_ns), "2023-07-10T11:42:44.000000000Z");
  EXPECT_EQ(FieldOf(event, Field::kActor), "arn:aws:iam::123837392027:user/benjamin");
  EXPECT_EQ(FieldOf(event, Field::kAction), "GetBucketPublicAccessBlock");
  EXPECT_EQ(FieldOf(event, Field::kResource),
            "arn:aws:s3:::baker221b-bucketssecuritylogsbef08b3e-13nrzhi7fcs7w");
  EXPECT_EQ(FieldOf(event, Field::kTenant), "123837392027");
  EXPECT_EQ(FieldOf(event, Field::kOrigin), "10.248.16.43");
}

TEST(DatasetTest, KubernetesWithItsMapping) {
  const FieldMapping mapping =
      Mapping({"time=stageTimestamp", "time=timestamp", "actor=user.username", "action=verb",
               "resource=objectRef.resource", "origin=sourceIPs.0", "outcome=responseStatus.code"});
  ExpectAllParse("k8s_audit/audit2rbac-demo.jsonl", mapping, 757);
  ExpectAllParse("k8s_audit/falco-trace-files.jsonl", mapping, 51);
}

TEST(DatasetTest, GcpWithItsMapping) {
  ExpectAllParse("gcp_audit/panther-fixtures.jsonl",
                 Mapping({"actor=protoPayload.authenticationInfo.principalEmail",
                          "action=protoPayload.methodName", "resource=protoPayload.resourceName",
                          "origin=protoPayload.requestMetadata.callerIp",
                          "outcome=protoPayload.status.code", "tenant=resource.labels.project_id"}),
                 186);
}

TEST(DatasetTest, AzureWithItsMapping) {
  ExpectAllParse(
      "azure_activity/panther-fixtures.jsonl",
      Mapping(
          {R"(actor=identity.claims.http://schemas\.xmlsoap\.org/ws/2005/05/identity/claims/emailaddress)",
           "actor=identity.claims.appid", "action=operationName", "action=operationName.value",
           "resource=resourceId", "origin=callerIpAddress", "outcome=resultType",
           "tenant=tenantId"}),
      247);
}

TEST(DatasetTest, WindowsSecurityWithItsMapping) {
  ExpectAllParse(
      "windows_security/otrf-security-channel-head2000.jsonl",
      Mapping({"time=@timestamp", "actor=SubjectUserName", "action=EventID", "resource=ObjectName",
               "resource=TargetUserName", "origin=IpAddress", "outcome=EventType"}),
      2000);
}

TEST(DatasetTest, OktaWithItsMappingRejectsOnlyRedactedTimes) {
  const DatasetResult result =
      ParseDataset("okta/panther-fixtures.jsonl",
                   Mapping({"time=published", "actor=actor.alternateId", "action=eventType",
                            "resource=target.0.alternateId", "origin=client.ipAddress",
                            "outcome=outcome.result"}));
  // Three fixtures have "published": "redacted": present but not a time.
  ASSERT_EQ(result.errors.size(), 3u);
  for (const auto& [number, message] : result.errors) {
    EXPECT_NE(message.find("field time (key \"published\"): \"redacted\""), std::string::npos);
  }
}

TEST(DatasetTest, GitHubWithItsMappingRejectsOnlyMalformedTimes) {
  const FieldMapping without_time = Mapping({"resource=repo", "resource=org", "origin=actor_ip"});
  ExpectAllParse("github_audit/panther-fixtures.jsonl", without_time, 104);
  FieldMapping mapping = without_time;
  ASSERT_TRUE(mapping.Override("time=@timestamp").ok());
  ASSERT_TRUE(mapping.Override("time=created_at").ok());
  const DatasetResult result = ParseDataset("github_audit/panther-fixtures.jsonl", mapping);
  // Four fixtures have "created_at": "2024-12-17 00:00:00000000".
  ASSERT_EQ(result.errors.size(), 4u);
  for (const auto& [number, message] : result.errors) {
    EXPECT_NE(message.find("field time (key \"created_at\"): \"2024-12-17 00:00:00000000\""),
              std::string::npos);
  }
}

}  // namespace
}  // namespace sealog
