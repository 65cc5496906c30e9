// The presets end to end on the real datasets of tests/data/datasets: each
// file is appended with its preset, then sealog's answers to an auditor's
// questions are compared with answers computed here, independently, by
// reading the raw file with simdjson (no sealog code in between).
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/tools/cli_test_util.h"
#include "tests/tools/text_cursor.h"

namespace sealog::testing {
namespace {

namespace dom = simdjson::dom;

std::string DatasetPath(const std::string& name) {
  return SourceDir() + "/tests/data/datasets/" + name;
}

// The value at a JSON pointer as text: a string as is, an integer in decimal;
// "" when absent or null.
std::string Text(dom::element event, std::string_view pointer) {
  dom::element value;
  if (event.at_pointer(pointer).get(value) != simdjson::SUCCESS) return "";
  if (value.is_string()) return std::string(value.get_string().value());
  if (value.is_int64()) return std::to_string(value.get_int64().value());
  if (value.is_null()) return "";
  return simdjson::minify(value);
}

bool Has(dom::element event, std::string_view pointer) { return !Text(event, pointer).empty(); }

// RFC 3339 as sealog reads it ('T', 't' or ' '; a fraction; Z, z, +hh:mm,
// +hhmm or no offset), or a decimal epoch.
bool LooksLikeTime(std::string_view text) {
  TextCursor epoch(text);
  epoch.Char('-');
  if (epoch.DigitRun() > 0 &&
      (epoch.AtEnd() || (epoch.Char('.') && epoch.DigitRun() > 0 && epoch.AtEnd()))) {
    return true;
  }
  TextCursor time(text);
  if (!time.DateAndTime("Tt ")) return false;
  if (time.Char('.') && time.DigitRun() == 0) return false;
  if (time.AtEnd() || (time.OneOf("Zz") && time.AtEnd())) return true;
  if (!time.OneOf("+-") || !time.Digits(2)) return false;
  time.Char(':');
  return time.Digits(2) && time.AtEnd();
}

// Whether sealog can read the event's time: the first of the preset's time
// sources that is present must be a number, or RFC 3339 (or a decimal epoch)
// as a string. Fixtures from rule tests sometimes hold "redacted" or "...".
bool TimeReadable(dom::element event, const std::vector<std::string>& pointers) {
  for (const std::string& pointer : pointers) {
    dom::element value;
    if (event.at_pointer(pointer).get(value) != simdjson::SUCCESS || value.is_null()) continue;
    if (value.is_number()) return true;
    if (!value.is_string()) return false;
    const std::string text(value.get_string().value());
    if (text.empty()) continue;
    return LooksLikeTime(text);
  }
  return true;  // no time at all: the ingest time is used
}

class PresetDatasetTest : public ::testing::Test {
 protected:
  // Appends the dataset with --preset and --on-error skip. The lines sealog
  // skips must be exactly those whose time it cannot read (TimeReadable
  // with `time_pointers`, the preset's time sources); the questions below
  // are then asked of the other lines only.
  void Ingest(const std::string& name, const std::string& preset,
              std::vector<std::string> time_pointers) {
    name_ = name;
    time_pointers_ = std::move(time_pointers);
    InitStore(store_);
    const RunResult append =
        Sealog({"append", store_, "--preset", preset, "--on-error", "skip", DatasetPath(name)});
    ASSERT_EQ(append.exit_code, 0) << Describe(append);
    std::vector<uint64_t> unreadable;
    uint64_t line_number = 0;
    dom::parser parser;
    for (const std::string& line : SplitLines(ReadFile(DatasetPath(name)))) {
      ++line_number;
      dom::element event;
      ASSERT_EQ(parser.parse(line).get(event), simdjson::SUCCESS);
      if (!TimeReadable(event, time_pointers_)) unreadable.push_back(line_number);
    }
    for (const uint64_t number : unreadable) {
      EXPECT_NE(append.err.find(name + ":" + std::to_string(number) + ": field time"),
                std::string::npos)
          << append.err;
    }
    const std::string skipped = "skipped " + std::to_string(unreadable.size()) + " bad line";
    if (unreadable.empty()) {
      EXPECT_EQ(append.err.find("skipped"), std::string::npos) << append.err;
    } else {
      EXPECT_NE(append.err.find(skipped), std::string::npos) << append.err;
    }
  }
  // Calls `each` with every event of the dataset that sealog accepted.
  void ForEachEvent(const std::function<void(dom::element)>& each) {
    dom::parser parser;
    for (const std::string& line : SplitLines(ReadFile(DatasetPath(name_)))) {
      dom::element event;
      ASSERT_EQ(parser.parse(line).get(event), simdjson::SUCCESS) << line.substr(0, 200);
      if (TimeReadable(event, time_pointers_)) each(event);
    }
  }
  uint64_t CountEvents(const std::function<bool(dom::element)>& test) {
    uint64_t count = 0;
    ForEachEvent([&](dom::element event) { count += test(event) ? 1 : 0; });
    return count;
  }
  uint64_t Count(const std::string& query) {
    const RunResult result = Sealog({"query", store_, query, "--count"});
    EXPECT_EQ(result.exit_code, 0) << Describe(result);
    return result.exit_code == 0 ? std::stoull(result.out) : ~uint64_t{0};
  }
  // `report --by FIELD --query Q --json` as value -> count.
  std::map<std::string, uint64_t> Report(const std::string& field, const std::string& query) {
    const RunResult result =
        Sealog({"report", store_, "--by", field, "--query", query, "--top", "100000", "--json"});
    EXPECT_EQ(result.exit_code, 0) << Describe(result);
    std::map<std::string, uint64_t> rows;
    dom::parser parser;
    dom::element report;
    if (parser.parse(result.out).get(report) != simdjson::SUCCESS) {
      ADD_FAILURE() << result.out;
      return rows;
    }
    for (dom::element row : report["rows"].get_array()) {
      rows[std::string(row["value"].get_string().value())] = row["count"].get_uint64().value();
    }
    return rows;
  }

  TempDir dir_;
  const std::string store_ = dir_.Path("store");
  std::string name_;
  std::vector<std::string> time_pointers_;
};

constexpr std::string_view kInvictus = "cloudtrail/invictus-ir.jsonl";

TEST_F(PresetDatasetTest, CloudTrailFailuresAndWhoDeletedBuckets) {
  Ingest(std::string(kInvictus), "cloudtrail", {"/eventTime", "/@timestamp"});
  const std::string name(kInvictus);
  EXPECT_EQ(Count("*"), CountEvents([](dom::element) { return true; }));
  // errorCode present is a failure.
  const uint64_t failed = CountEvents([](dom::element e) { return Has(e, "/errorCode"); });
  EXPECT_EQ(failed, 300u);  // SOURCES.md says so too
  EXPECT_EQ(Count("outcome:failure"), failed);
  EXPECT_EQ(Count("outcome:success"), Count("*") - failed);
  // Which identities called DeleteBucket, and how often.
  std::map<std::string, uint64_t> deleters;
  ForEachEvent([&](dom::element e) {
    if (Text(e, "/eventName") == "DeleteBucket") ++deleters[Text(e, "/userIdentity/arn")];
  });
  ASSERT_FALSE(deleters.empty());
  EXPECT_EQ(Report("actor", "action:DeleteBucket"), deleters);
  // Failures by source address.
  std::map<std::string, uint64_t> failures_by_ip;
  ForEachEvent([&](dom::element e) {
    if (Has(e, "/errorCode")) ++failures_by_ip[Text(e, "/sourceIPAddress")];
  });
  EXPECT_EQ(Report("origin", "outcome:failure"), failures_by_ip);
  // The tenant is the account that received the event.
  std::map<std::string, uint64_t> accounts;
  ForEachEvent([&](dom::element e) { ++accounts[Text(e, "/recipientAccountId")]; });
  accounts.erase("");
  EXPECT_EQ(Report("tenant", "*"), accounts);
}

TEST_F(PresetDatasetTest, CloudTrailThroughLogstashKeepsItsTime) {
  const std::string name = "cloudtrail/otrf-ec2-proxy-s3-exfiltration.jsonl";
  Ingest(name, "cloudtrail", {"/eventTime", "/@timestamp"});
  const uint64_t total = CountEvents([](dom::element) { return true; });
  EXPECT_EQ(Count("*"), total);
  // eventTime became @timestamp: every event still has its own time.
  const RunResult exported = Sealog({"export", store_});
  ASSERT_EQ(exported.exit_code, 0);
  EXPECT_EQ(exported.out.find("time_missing"), std::string::npos);
  std::map<std::string, uint64_t> actions;
  ForEachEvent([&](dom::element e) { ++actions[Text(e, "/eventName")]; });
  EXPECT_EQ(Report("action", "*"), actions);
}

TEST_F(PresetDatasetTest, CloudTrailRecordsFilesAsTheyComeFromS3) {
  // A Records document made of the first 500 events, pretty-printed as
  // `aws s3 cp` + `jq .` would leave it.
  const std::vector<std::string> lines = SplitLines(ReadFile(DatasetPath(std::string(kInvictus))));
  std::string document = "{\n  \"Records\": [\n";
  std::vector<std::string> event_ids;
  dom::parser parser;
  for (size_t i = 0; i < 500; ++i) {
    dom::element event;
    ASSERT_EQ(parser.parse(lines[i]).get(event), simdjson::SUCCESS);
    event_ids.push_back(Text(event, "/eventID"));
    document += (i > 0 ? ",\n    " : "    ") + lines[i];
  }
  document += "\n  ]\n}\n";
  WriteFile(dir_.Path("records.json"), document);
  InitStore(store_);
  RunResult append =
      Sealog({"append", store_, "--preset", "cloudtrail", dir_.Path("records.json")});
  ASSERT_EQ(append.exit_code, 0) << Describe(append);
  EXPECT_EQ(Count("*"), 500u);
  // Each element is stored as one compact line, in order.
  const std::vector<std::string> stored = SplitLines(ExportRaw(store_));
  ASSERT_EQ(stored.size(), 500u);
  for (size_t i = 0; i < stored.size(); ++i) {
    dom::element event;
    ASSERT_EQ(parser.parse(stored[i]).get(event), simdjson::SUCCESS);
    EXPECT_EQ(Text(event, "/eventID"), event_ids[i]) << i;
    EXPECT_EQ(stored[i].find('\n'), std::string::npos);
  }
  // JSON Lines still work with the same preset, after the document.
  append = Sealog({"append", store_, "--preset", "cloudtrail"}, lines[500] + "\n" + lines[501]);
  ASSERT_EQ(append.exit_code, 0) << Describe(append);
  EXPECT_EQ(Count("*"), 502u);
}

TEST_F(PresetDatasetTest, GzippedFilesAreUnpacked) {
  if (std::system("gzip --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no gzip";
  // A Records document as S3 holds it (.json.gz), and JSON Lines gzipped.
  const std::vector<std::string> lines = SplitLines(ReadFile(DatasetPath(std::string(kInvictus))));
  std::string document = "{\"Records\":[";
  std::string jsonl;
  for (size_t i = 0; i < 300; ++i) {
    document += (i > 0 ? "," : "") + lines[i];
    jsonl += lines[300 + i] + "\n";
  }
  WriteFile(dir_.Path("trail.json"), document + "]}");
  WriteFile(dir_.Path("events.jsonl"), jsonl);
  ASSERT_EQ(
      std::system(("gzip " + dir_.Path("trail.json") + " " + dir_.Path("events.jsonl")).c_str()),
      0);
  InitStore(store_);
  const RunResult append = Sealog({"append", store_, "--preset", "cloudtrail",
                                   dir_.Path("trail.json.gz"), dir_.Path("events.jsonl.gz")});
  ASSERT_EQ(append.exit_code, 0) << Describe(append);
  EXPECT_EQ(Count("*"), 600u);
  const std::vector<std::string> stored = SplitLines(ExportRaw(store_));
  ASSERT_EQ(stored.size(), 600u);
  EXPECT_EQ(stored[300], lines[300]);  // JSON Lines stay byte for byte
  // A damaged gzip file is a bad input, named, and nothing after it is lost.
  WriteFile(dir_.Path("bad.gz"), std::string("\x1f\x8b\x08\x00garbage", 12));
  const RunResult bad = Sealog({"append", store_, dir_.Path("bad.gz")});
  EXPECT_EQ(bad.exit_code, 2) << Describe(bad);
  EXPECT_NE(bad.err.find("bad.gz:1: "), std::string::npos) << bad.err;
  EXPECT_EQ(Count("*"), 600u);
}

TEST_F(PresetDatasetTest, ARecordsElementThatIsNotAnEventIsNamedAndEarlierOnesKept) {
  InitStore(store_);
  WriteFile(dir_.Path("bad.json"),
            "{\"Records\":[{\"eventName\":\"A\"},{\"eventName\":\"B\"},\"oops\",{}]}");
  const RunResult append =
      Sealog({"append", store_, "--preset", "cloudtrail", dir_.Path("bad.json")});
  EXPECT_EQ(append.exit_code, 2) << Describe(append);
  EXPECT_NE(append.err.find("bad.json:Records[2]: not a JSON object"), std::string::npos)
      << append.err;
  EXPECT_EQ(Count("*"), 2u);
  // With --on-error skip, only that element is passed over.
  const RunResult skip = Sealog(
      {"append", store_, "--preset", "cloudtrail", "--on-error", "skip", dir_.Path("bad.json")});
  EXPECT_EQ(skip.exit_code, 0) << Describe(skip);
  EXPECT_NE(skip.err.find("skipped 1 bad line"), std::string::npos) << skip.err;
  EXPECT_EQ(Count("*"), 5u);
}

TEST_F(PresetDatasetTest, KubernetesForbiddenAndFailedRequests) {
  const std::string name = "k8s_audit/audit2rbac-demo.jsonl";
  Ingest(name, "k8s", {"/stageTimestamp", "/requestReceivedTimestamp", "/timestamp"});
  auto code = [](dom::element e) {
    const std::string text = Text(e, "/responseStatus/code");
    return text.empty() ? 0 : std::stoi(text);
  };
  const uint64_t forbidden = CountEvents([&](dom::element e) { return code(e) == 403; });
  EXPECT_GT(forbidden, 0u);
  EXPECT_EQ(Count("event.responseStatus.code:403"), forbidden);
  const uint64_t failed = CountEvents([&](dom::element e) { return code(e) >= 400; });
  EXPECT_EQ(Count("outcome:failure"), failed);
  // RequestReceived stages have no response yet: no outcome.
  const uint64_t answered = CountEvents([&](dom::element e) { return code(e) > 0; });
  EXPECT_EQ(Count("outcome:success") + failed, answered);
  std::map<std::string, uint64_t> forbidden_users;
  ForEachEvent([&](dom::element e) {
    if (code(e) == 403) ++forbidden_users[Text(e, "/user/username")];
  });
  EXPECT_EQ(Report("actor", "outcome:failure AND event.responseStatus.code:403"), forbidden_users);
}

TEST_F(PresetDatasetTest, KubernetesFalcoTraces) {
  const std::string name = "k8s_audit/falco-trace-files.jsonl";
  Ingest(name, "k8s", {"/stageTimestamp", "/requestReceivedTimestamp", "/timestamp"});
  std::map<std::string, uint64_t> verbs;
  ForEachEvent([&](dom::element e) { ++verbs[Text(e, "/verb")]; });
  EXPECT_EQ(Report("action", "*"), verbs);
  EXPECT_EQ(Count("outcome:failure"), 0u);
}

TEST_F(PresetDatasetTest, GcpFailedCalls) {
  const std::string name = "gcp_audit/panther-fixtures.jsonl";
  Ingest(name, "gcp", {"/timestamp", "/receiveTimestamp"});
  const uint64_t failed = CountEvents([](dom::element e) {
    const std::string code = Text(e, "/protoPayload/status/code");
    return !code.empty() && code != "0";
  });
  EXPECT_GT(failed, 0u);
  EXPECT_EQ(Count("outcome:failure"), failed);
  EXPECT_EQ(Count("outcome:success"), Count("*") - failed);
  std::map<std::string, uint64_t> callers;
  ForEachEvent([&](dom::element e) {
    ++callers[Text(e, "/protoPayload/authenticationInfo/principalEmail")];
  });
  callers.erase("");
  EXPECT_EQ(Report("actor", "*"), callers);
}

TEST_F(PresetDatasetTest, AzureResults) {
  const std::string name = "azure_activity/panther-fixtures.jsonl";
  Ingest(name, "azure", {"/time"});
  auto result = [](dom::element e) { return Text(e, "/resultType"); };
  EXPECT_EQ(Count("outcome:failure"), CountEvents([&](dom::element e) {
              return result(e) == "Failure" || result(e) == "Failed";
            }));
  EXPECT_EQ(Count("outcome:success"), CountEvents([&](dom::element e) {
              return result(e) == "Success" || result(e) == "Succeeded";
            }));
  std::map<std::string, uint64_t> operations;
  ForEachEvent([&](dom::element e) {
    dom::element operation;
    if (e["operationName"].get(operation) != simdjson::SUCCESS) return;
    ++operations[operation.is_string() ? Text(e, "/operationName")
                                       : Text(e, "/operationName/value")];
  });
  operations.erase("");
  EXPECT_EQ(Report("action", "*"), operations);
}

TEST_F(PresetDatasetTest, OktaFailedSignIns) {
  const std::string name = "okta/panther-fixtures.jsonl";
  Ingest(name, "okta", {"/published"});
  const uint64_t failed =
      CountEvents([](dom::element e) { return Text(e, "/outcome/result") == "FAILURE"; });
  EXPECT_GT(failed, 0u);
  EXPECT_EQ(Count("outcome:failure"), failed);
  std::map<std::string, uint64_t> actors;
  ForEachEvent([&](dom::element e) { ++actors[Text(e, "/actor/alternateId")]; });
  actors.erase("");
  EXPECT_EQ(Report("actor", "*"), actors);
}

TEST_F(PresetDatasetTest, GitHubActorsAndActions) {
  const std::string name = "github_audit/panther-fixtures.jsonl";
  Ingest(name, "github", {"/@timestamp", "/created_at"});
  EXPECT_EQ(Count("*"), CountEvents([](dom::element) { return true; }));
  std::map<std::string, uint64_t> actions;
  ForEachEvent([&](dom::element e) { ++actions[Text(e, "/action")]; });
  actions.erase("");
  EXPECT_EQ(Report("action", "*"), actions);
  EXPECT_EQ(Count("outcome:*"), 0u);  // GitHub's audit log has no outcome
}

TEST_F(PresetDatasetTest, WindowsAuditFailures) {
  const std::string name = "windows_security/otrf-security-channel-head2000.jsonl";
  Ingest(name, "windows", {"/@timestamp"});
  const uint64_t failed =
      CountEvents([](dom::element e) { return Text(e, "/EventType") == "AUDIT_FAILURE"; });
  EXPECT_GT(failed, 0u);
  EXPECT_EQ(Count("outcome:failure"), failed);
  // Failed logons (4625) by account.
  std::map<std::string, uint64_t> event_ids;
  ForEachEvent([&](dom::element e) {
    if (Text(e, "/EventType") == "AUDIT_FAILURE") ++event_ids[Text(e, "/EventID")];
  });
  EXPECT_EQ(Report("action", "outcome:failure"), event_ids);
}

TEST_F(PresetDatasetTest, AnUnknownPresetIsAUsageErrorListingTheKnownOnes) {
  InitStore(store_);
  const RunResult append = Sealog({"append", store_, "--preset", "splunk"}, "{}\n");
  EXPECT_EQ(append.exit_code, 2);
  EXPECT_NE(append.err.find("unknown preset \"splunk\""), std::string::npos) << append.err;
  EXPECT_NE(append.err.find("cloudtrail, k8s, gcp, azure, okta, github, windows"),
            std::string::npos)
      << append.err;
  EXPECT_EQ(Count("*"), 0u);
}

}  // namespace
}  // namespace sealog::testing
