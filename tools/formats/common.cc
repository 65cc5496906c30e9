#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <string>

#include "engine/ascii.h"
#include "sealog/ingest.h"
#include "tools/formats/formats.h"

namespace sealog::cli::formats {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string_view TrimmedEvent(const Record& record) {
  std::string_view text = record.raw;
  while (!text.empty() && IsJsonSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsJsonSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool IsIpAddress(std::string_view text) {
  // inet_pton wants a terminated string; addresses are short, so a copy on
  // the stack does (this runs for every record of cef and ocsf).
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return false;
  char copy[INET6_ADDRSTRLEN];
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, copy, buffer) == 1 || inet_pton(AF_INET6, copy, buffer) == 1;
}

int64_t NanosToMillis(int64_t ns) {
  int64_t millis = ns / 1'000'000;
  if (ns % 1'000'000 < 0) --millis;
  return millis;
}

std::string FormatTime(int64_t ns, int digits) {
  std::string text = FormatRfc3339(ns);  // "....SS.nnnnnnnnnZ"
  const size_t dot = text.find('.');
  text.resize(digits > 0 ? dot + 1 + static_cast<size_t>(digits) : dot);
  text.push_back('Z');
  return text;
}

bool IsFailure(const Record& record) {
  return EqualsIgnoringAsciiCase(record.field(Field::kOutcome), "failure");
}

}  // namespace sealog::cli::formats
