// OCSF 1.1.0 (schema.ocsf.io): every record is an API Activity event (class
// 6003, category 6 Application Activity) unless its action is a logon or a
// logoff, which makes it an Authentication event (class 3002, category 3
// Identity & Access Management). type_uid = class_uid * 100 + activity_id.
// The activity comes from the action's verb; docs/CLI.md lists the rules.
#include <array>
#include <cctype>
#include <string>

#include "engine/ascii.h"
#include "sealog/store.h"
#include "tools/formats/formats.h"
#include "tools/record_format.h"

namespace sealog::cli::formats {
namespace {

struct Activity {
  int id;
  std::string_view name;
};

constexpr Activity kUnknown = {0, "Unknown"};
constexpr Activity kOther = {99, "Other"};
constexpr Activity kCreate = {1, "Create"};
constexpr Activity kRead = {2, "Read"};
constexpr Activity kUpdate = {3, "Update"};
constexpr Activity kDelete = {4, "Delete"};
constexpr Activity kLogon = {1, "Logon"};
constexpr Activity kLogoff = {2, "Logoff"};

struct Verb {
  std::string_view word;
  const Activity* activity;
};

constexpr std::array<Verb, 41> kVerbs = {{
    {"create", &kCreate},  {"put", &kCreate},      {"add", &kCreate},     {"insert", &kCreate},
    {"post", &kCreate},    {"register", &kCreate}, {"import", &kCreate},  {"upload", &kCreate},
    {"run", &kCreate},     {"get", &kRead},        {"list", &kRead},      {"describe", &kRead},
    {"read", &kRead},      {"head", &kRead},       {"lookup", &kRead},    {"watch", &kRead},
    {"search", &kRead},    {"query", &kRead},      {"view", &kRead},      {"download", &kRead},
    {"select", &kRead},    {"update", &kUpdate},   {"modify", &kUpdate},  {"set", &kUpdate},
    {"patch", &kUpdate},   {"attach", &kUpdate},   {"detach", &kUpdate},  {"change", &kUpdate},
    {"enable", &kUpdate},  {"disable", &kUpdate},  {"write", &kUpdate},   {"edit", &kUpdate},
    {"replace", &kUpdate}, {"tag", &kUpdate},      {"untag", &kUpdate},   {"rename", &kUpdate},
    {"delete", &kDelete},  {"remove", &kDelete},   {"destroy", &kDelete}, {"terminate", &kDelete},
    {"purge", &kDelete},
}};

// Lower-cased substrings of an action that make it a logon or a logoff, and
// the Windows Security event ids of the same (4624 logon, 4625 failed logon,
// 4648 logon with explicit credentials; 4634 and 4647 logoff).
constexpr std::array<std::string_view, 7> kLogonWords = {
    "login", "logon", "signin", "sign_in", "authenticate", "session.start", "sessionstart"};
constexpr std::array<std::string_view, 5> kLogoffWords = {"logout", "logoff", "signout", "sign_out",
                                                          "session.end"};
constexpr std::array<std::string_view, 3> kLogonEventIds = {"4624", "4625", "4648"};
constexpr std::array<std::string_view, 2> kLogoffEventIds = {"4634", "4647"};

template <size_t N>
bool ContainsAny(std::string_view text, const std::array<std::string_view, N>& lower_words) {
  for (std::string_view word : lower_words) {
    if (ContainsIgnoringAsciiCase(text, word)) return true;
  }
  return false;
}

template <size_t N>
bool EqualsAny(std::string_view text, const std::array<std::string_view, N>& words) {
  for (std::string_view word : words) {
    if (text == word) return true;
  }
  return false;
}

// Logon or Logoff when the action names one, else nullptr.
const Activity* AuthenticationActivity(std::string_view action) {
  if (EqualsAny(action, kLogonEventIds) || ContainsAny(action, kLogonWords)) return &kLogon;
  if (EqualsAny(action, kLogoffEventIds) || ContainsAny(action, kLogoffWords)) return &kLogoff;
  return nullptr;
}

// The verb of an action: the last part of a dotted or slashed name
// ("storage.buckets.delete", "Microsoft.Compute/virtualMachines/write"), or
// its first camel-case word ("DeleteBucket", "v1.CreateServiceAccountKey").
const Activity& ApiActivity(std::string_view action) {
  if (action.empty()) return kUnknown;
  const size_t cut = action.find_last_of("./:");
  const std::string_view last = cut == std::string_view::npos ? action : action.substr(cut + 1);
  size_t word_end = 1;
  while (word_end < last.size() && std::islower(static_cast<unsigned char>(last[word_end]))) {
    ++word_end;
  }
  const std::string_view first_word = last.substr(0, word_end);
  for (const Verb& verb : kVerbs) {
    if (EqualsIgnoringAsciiCase(last, verb.word) ||
        EqualsIgnoringAsciiCase(first_word, verb.word)) {
      return *verb.activity;
    }
  }
  return kOther;
}

void AppendKey(std::string_view key, std::string* out) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void AppendStringMember(std::string_view key, std::string_view value, std::string* out) {
  out->push_back(',');
  AppendKey(key, out);
  AppendJsonString(value, out);
}

void AppendNumberMember(std::string_view key, int64_t value, std::string* out) {
  out->push_back(',');
  AppendKey(key, out);
  out->append(std::to_string(value));
}

// {"user":{"name":"..."}}
void AppendUser(std::string_view key, std::string_view name, std::string* out) {
  out->push_back(',');
  AppendKey(key, out);
  out->append("{\"name\":");
  AppendJsonString(name, out);
  out->push_back('}');
}

void AppendStatus(const Record& record, std::string* out) {
  const std::string& outcome = record.field(Field::kOutcome);
  if (EqualsIgnoringAsciiCase(outcome, "success")) {
    out->append(",\"status_id\":1,\"status\":\"Success\"");
  } else if (EqualsIgnoringAsciiCase(outcome, "failure")) {
    out->append(",\"status_id\":2,\"status\":\"Failure\"");
  } else if (outcome.empty()) {
    out->append(",\"status_id\":0,\"status\":\"Unknown\"");
  } else {
    out->append(",\"status_id\":99,\"status\":\"Other\"");
    AppendStringMember("status_detail", outcome, out);
  }
}

void AppendMetadata(const Record& record, std::string* out) {
  out->append(
      ",\"metadata\":{\"version\":\"1.1.0\",\"product\":{\"name\":\"sealog\","
      "\"vendor_name\":\"sealog\",\"version\":");
  AppendJsonString(Version(), out);
  out->push_back('}');
  AppendNumberMember("sequence", static_cast<int64_t>(record.seq), out);
  AppendNumberMember("logged_time", NanosToMillis(record.ingest_ns), out);
  const std::string& tenant = record.field(Field::kTenant);
  if (!tenant.empty()) AppendStringMember("tenant_uid", tenant, out);
  out->push_back('}');
}

void AppendSourceEndpoint(const Record& record, std::string* out) {
  const std::string& origin = record.field(Field::kOrigin);
  if (origin.empty()) return;
  out->append(",\"src_endpoint\":{");
  AppendKey(IsIpAddress(origin) ? "ip" : "hostname", out);
  AppendJsonString(origin, out);
  out->push_back('}');
}

}  // namespace

void AppendOcsf(const Record& record, std::string* out) {
  const std::string& action = record.field(Field::kAction);
  const std::string& actor = record.field(Field::kActor);
  const std::string& resource = record.field(Field::kResource);
  const Activity* logon = AuthenticationActivity(action);
  const bool authentication = logon != nullptr;
  const Activity& activity = authentication ? *logon : ApiActivity(action);
  const int class_uid = authentication ? 3002 : 6003;
  const std::string_view class_name = authentication ? "Authentication" : "API Activity";

  out->append("{\"class_uid\":");
  out->append(std::to_string(class_uid));
  AppendStringMember("class_name", class_name, out);
  out->append(authentication
                  ? ",\"category_uid\":3,\"category_name\":\"Identity & Access Management\""
                  : ",\"category_uid\":6,\"category_name\":\"Application Activity\"");
  AppendNumberMember("activity_id", activity.id, out);
  AppendStringMember("activity_name", activity.name, out);
  AppendNumberMember("type_uid", class_uid * 100 + activity.id, out);
  out->append(",\"type_name\":\"");  // both names are plain ASCII
  out->append(class_name);
  out->append(": ");
  out->append(activity.name);
  out->push_back('"');
  AppendNumberMember("time", NanosToMillis(record.time_ns), out);
  out->append(IsFailure(record) ? ",\"severity_id\":3,\"severity\":\"Medium\""
                                : ",\"severity_id\":1,\"severity\":\"Informational\"");
  AppendStatus(record, out);
  AppendMetadata(record, out);
  if (!actor.empty()) {
    out->append(",\"actor\":{\"user\":{\"name\":");
    AppendJsonString(actor, out);
    out->append("}}");
  }
  if (authentication) {
    if (!actor.empty()) AppendUser("user", actor, out);
    if (!action.empty()) AppendStringMember("message", action, out);
  } else {
    out->append(",\"api\":{\"operation\":");
    AppendJsonString(action, out);
    out->append("},\"cloud\":{\"provider\":\"unknown\"}");
    if (!resource.empty()) {
      out->append(",\"resources\":[{\"name\":");
      AppendJsonString(resource, out);
      out->append("}]");
    }
  }
  AppendSourceEndpoint(record, out);
  const bool unmapped_resource = authentication && !resource.empty();
  if (unmapped_resource || record.time_missing) {
    out->append(",\"unmapped\":{");
    if (record.time_missing) out->append("\"time_missing\":true");
    if (unmapped_resource) {
      if (record.time_missing) out->push_back(',');
      AppendKey("resource", out);
      AppendJsonString(resource, out);
    }
    out->push_back('}');
  }
  AppendStringMember("raw_data", TrimmedEvent(record), out);
  out->append("}\n");
}

}  // namespace sealog::cli::formats
