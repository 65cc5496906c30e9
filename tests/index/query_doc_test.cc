// docs/QUERY.md and the parser cannot drift: every example query parses, and
// every error line it shows is what the parser says for some query.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "index/query.h"
#include "tests/index/query_test_util.h"

namespace sealog::query {
namespace {

std::string ReadDoc() {
  std::ifstream in(SEALOG_QUERY_DOC);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The lines of the fenced code blocks of the section titled `title`.
std::vector<std::string> CodeLines(const std::string& doc, const std::string& title) {
  std::vector<std::string> lines;
  std::istringstream in(doc);
  std::string line;
  bool in_section = false;
  bool in_code = false;
  while (std::getline(in, line)) {
    if (line.starts_with("## ")) in_section = line == "## " + title;
    if (!in_section) continue;
    if (line.starts_with("```")) {
      in_code = !in_code;
    } else if (in_code && !line.empty()) {
      lines.push_back(line);
    }
  }
  return lines;
}

TEST(QueryDocTest, EveryExampleParses) {
  const std::vector<std::string> examples = CodeLines(ReadDoc(), "Examples");
  EXPECT_GE(examples.size(), 12u);
  for (const std::string& example : examples) {
    Result<Node> node = Parse(example, test_util::Now());
    EXPECT_TRUE(node.ok()) << example << ": " << node.status().message();
  }
}

TEST(QueryDocTest, ValueAndTimeExamplesParse) {
  for (const char* section : {"Values", "Time values"}) {
    for (const std::string& line : CodeLines(ReadDoc(), section)) {
      EXPECT_TRUE(Parse(line, test_util::Now()).ok()) << line;
    }
  }
}

TEST(QueryDocTest, CanonicalFormExamplesHold) {
  const std::vector<std::string> lines = CodeLines(ReadDoc(), "Canonical form");
  ASSERT_EQ(lines.size(), 4u);
  for (size_t i = 0; i < lines.size(); i += 2) {
    std::string query = lines[i].substr(0, lines[i].find("  ("));
    while (query.ends_with(' ')) query.pop_back();
    ASSERT_TRUE(lines[i + 1].starts_with("  => "));
    EXPECT_EQ(ToString(test_util::MustParse(query)), lines[i + 1].substr(5));
  }
}

TEST(QueryDocTest, EveryErrorShownIsReal) {
  const char* const kQueries[] = {
      "actr:bob",       "actor:",          "actor:bob)",  "(actor:bob",
      "actor:bob AND",  R"(actor:"a\nb")", "actor:[a b]", "time:2026*",
      "time:yesterday", "event.a..b:x",    "  ",
  };
  std::set<std::string> messages;
  for (const char* query : kQueries) {
    Result<Node> node = Parse(query, test_util::Now());
    ASSERT_FALSE(node.ok()) << query;
    messages.insert(node.status().message());
  }
  const std::vector<std::string> shown = CodeLines(ReadDoc(), "Errors");
  EXPECT_EQ(shown.size(), std::size(kQueries));
  for (const std::string& line : shown) {
    EXPECT_TRUE(messages.count(line)) << "docs/QUERY.md shows an error no query gives: " << line;
  }
}

}  // namespace
}  // namespace sealog::query
