#include "tests/tools/format_readers.h"

#include <cctype>
#include <string>

#include "tests/tools/text_cursor.h"

namespace sealog::format_readers {
namespace {

bool IsKeyChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// True when `text` at `at` starts "key=" with a valid key.
bool StartsKey(std::string_view text, size_t at) {
  size_t end = at;
  while (end < text.size() && IsKeyChar(text[end])) ++end;
  return end > at && end < text.size() && text[end] == '=';
}

bool IsPrintUsAscii(char c) { return c > ' ' && c <= '~'; }

// Reads a header field of 1..max PRINTUSASCII characters and the space after it.
bool ReadToken(std::string_view line, size_t* at, size_t max, std::string* token) {
  const size_t space = line.find(' ', *at);
  if (space == std::string_view::npos || space == *at || space - *at > max) return false;
  for (size_t i = *at; i < space; ++i) {
    if (!IsPrintUsAscii(line[i])) return false;
  }
  *token = std::string(line.substr(*at, space - *at));
  *at = space + 1;
  return true;
}

}  // namespace

bool ParseCef(std::string_view line, CefEvent* event, std::string* error) {
  if (line.substr(0, 4) != "CEF:") return (*error = "no CEF: prefix", false);
  if (line.find_first_of("\r\n") != std::string_view::npos) {
    return (*error = "raw line break", false);
  }
  size_t at = 0;
  std::string field;
  while (event->header.size() < 7) {
    if (at >= line.size()) return (*error = "header ends early", false);
    const char c = line[at++];
    if (c == '\\') {
      if (at >= line.size() || (line[at] != '\\' && line[at] != '|')) {
        return (*error = "bad escape in header at " + std::to_string(at), false);
      }
      field.push_back(line[at++]);
    } else if (c == '|') {
      event->header.push_back(field);
      field.clear();
    } else {
      field.push_back(c);
    }
  }
  while (at < line.size()) {
    size_t key_end = at;
    while (key_end < line.size() && IsKeyChar(line[key_end])) ++key_end;
    if (key_end == at || key_end >= line.size() || line[key_end] != '=') {
      return (*error = "no key=value at " + std::to_string(at), false);
    }
    const std::string key(line.substr(at, key_end - at));
    at = key_end + 1;
    std::string value;
    while (at < line.size()) {
      const char c = line[at];
      if (c == ' ' && StartsKey(line, at + 1)) {
        ++at;
        break;
      }
      if (c == '=') return (*error = "unescaped = in value of " + key, false);
      if (c == '\\') {
        if (at + 1 >= line.size()) return (*error = "backslash at the end", false);
        const char next = line[at + 1];
        if (next == 'n') {
          value.push_back('\n');
        } else if (next == 'r') {
          value.push_back('\r');
        } else if (next == '\\' || next == '=') {
          value.push_back(next);
        } else {
          return (*error = "bad escape in value of " + key, false);
        }
        at += 2;
        continue;
      }
      value.push_back(c);
      ++at;
    }
    if (!event->extension.emplace(key, value).second) return (*error = "key twice: " + key, false);
  }
  return true;
}

bool ParseSyslog(std::string_view line, SyslogMessage* message, std::string* error) {
  // PRI = "<" 1*3DIGIT ">" (no leading zero), VERSION "1", SP.
  testing::TextCursor pri(line);
  const bool has_pri = pri.Char('<');
  const size_t digits = pri.DigitRun();
  const std::string_view number = line.substr(1, digits);
  if (!has_pri || digits == 0 || digits > 3 || (digits > 1 && number[0] == '0') || !pri.Char('>') ||
      !pri.Char('1') || !pri.Char(' ')) {
    return (*error = "bad PRI or VERSION", false);
  }
  message->pri = std::stoi(std::string(number));
  if (message->pri > 191) return (*error = "PRI above 191", false);
  size_t at = pri.position();
  if (!ReadToken(line, &at, 64, &message->timestamp)) return (*error = "bad TIMESTAMP", false);
  if (message->timestamp != "-") {
    // FULL-DATE "T" FULL-TIME, TIME-SECFRAC of 1 to 6 digits, "Z" or +hh:mm.
    testing::TextCursor time(message->timestamp);
    bool ok = time.DateAndTime("T");
    if (ok && time.Char('.')) {
      const size_t fraction = time.DigitRun();
      ok = fraction >= 1 && fraction <= 6;
    }
    ok = ok && (time.Char('Z') ||
                (time.OneOf("+-") && time.Digits(2) && time.Char(':') && time.Digits(2)));
    if (!ok || !time.AtEnd()) {
      return (*error = "TIMESTAMP not RFC 3339 with at most 6 fraction digits", false);
    }
  }
  if (!ReadToken(line, &at, 255, &message->hostname)) return (*error = "bad HOSTNAME", false);
  if (!ReadToken(line, &at, 48, &message->app_name)) return (*error = "bad APP-NAME", false);
  if (!ReadToken(line, &at, 128, &message->procid)) return (*error = "bad PROCID", false);
  if (!ReadToken(line, &at, 32, &message->msgid)) return (*error = "bad MSGID", false);
  // One SD-ELEMENT: "[" SD-ID *(SP PARAM-NAME "=" DQUOTE PARAM-VALUE DQUOTE) "]"
  auto is_sd_name_char = [](char c) {
    return IsPrintUsAscii(c) && c != '=' && c != ']' && c != '"';
  };
  if (at >= line.size() || line[at] != '[') return (*error = "no SD-ELEMENT", false);
  ++at;
  while (at < line.size() && is_sd_name_char(line[at])) message->sd_id.push_back(line[at++]);
  if (message->sd_id.empty() || message->sd_id.size() > 32) return (*error = "bad SD-ID", false);
  while (at < line.size() && line[at] == ' ') {
    ++at;
    std::string name;
    while (at < line.size() && is_sd_name_char(line[at])) name.push_back(line[at++]);
    if (name.empty() || name.size() > 32) return (*error = "bad PARAM-NAME", false);
    if (line.substr(at, 2) != "=\"") return (*error = "no =\" after " + name, false);
    at += 2;
    std::string value;
    while (true) {
      if (at >= line.size()) return (*error = "PARAM-VALUE not closed", false);
      const char c = line[at++];
      const unsigned char byte = static_cast<unsigned char>(c);
      if (byte < 0x20) return (*error = "control character in " + name, false);
      if (c == '"') break;
      if (c == ']') return (*error = "unescaped ] in " + name, false);
      if (c == '\\' && at < line.size() &&
          (line[at] == '"' || line[at] == '\\' || line[at] == ']')) {
        value.push_back(line[at++]);
        continue;
      }
      value.push_back(c);
    }
    if (!message->params.emplace(name, value).second) return (*error = "param twice", false);
  }
  if (at >= line.size() || line[at] != ']') return (*error = "SD-ELEMENT not closed", false);
  ++at;
  if (at == line.size()) return true;
  if (line[at] != ' ') return (*error = "no SP before MSG", false);
  std::string_view msg = line.substr(at + 1);
  if (msg.substr(0, 3) == "\xEF\xBB\xBF") {
    message->bom = true;
    msg.remove_prefix(3);
  }
  message->msg = std::string(msg);
  return true;
}

bool ParseCsv(std::string_view text, std::vector<std::vector<std::string>>* rows,
              std::string* error) {
  size_t at = 0;
  while (at < text.size()) {
    std::vector<std::string> row;
    while (true) {  // one cell, then ',' or CRLF
      std::string cell;
      if (at < text.size() && text[at] == '"') {
        ++at;
        while (true) {
          if (at >= text.size()) return (*error = "quoted cell not closed", false);
          if (text[at] == '"') {
            if (at + 1 < text.size() && text[at + 1] == '"') {
              cell.push_back('"');
              at += 2;
              continue;
            }
            ++at;
            break;
          }
          cell.push_back(text[at++]);
        }
      } else {
        while (at < text.size() && text[at] != ',' && text[at] != '\r' && text[at] != '\n') {
          if (text[at] == '"') return (*error = "quote inside an unquoted cell", false);
          cell.push_back(text[at++]);
        }
      }
      row.push_back(std::move(cell));
      if (at < text.size() && text[at] == ',') {
        ++at;
        continue;
      }
      if (text.substr(at, 2) != "\r\n") return (*error = "row does not end in CRLF", false);
      at += 2;
      break;
    }
    rows->push_back(std::move(row));
  }
  return true;
}

}  // namespace sealog::format_readers
