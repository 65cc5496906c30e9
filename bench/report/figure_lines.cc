#include "bench/report/figure_lines.h"

#include <fstream>

#include <simdjson.h>

namespace sealog::bench::report {

namespace dom = simdjson::dom;

std::optional<double> FigureLine::Number(std::string_view key) const {
  const auto it = numbers.find(key);
  if (it == numbers.end()) return std::nullopt;
  return it->second;
}

double FigureLine::NumberOr(std::string_view key, double fallback) const {
  return Number(key).value_or(fallback);
}

std::string FigureLine::Text(std::string_view key) const {
  const auto it = texts.find(key);
  return it == texts.end() ? std::string() : it->second;
}

bool FigureLine::Has(std::string_view key) const {
  return numbers.count(key) > 0 || texts.count(key) > 0 || arrays.count(key) > 0;
}

const std::vector<double>* FigureLine::Array(std::string_view key) const {
  const auto it = arrays.find(key);
  return it == arrays.end() ? nullptr : &it->second;
}

Result<FigureLine> ParseFigureLine(std::string_view line) {
  dom::parser parser;
  dom::element root;
  if (auto error = parser.parse(line.data(), line.size()).get(root); error) {
    return Status::InvalidArgument(std::string("not JSON: ") + simdjson::error_message(error));
  }
  dom::object object;
  if (root.get(object) != simdjson::SUCCESS) {
    return Status::InvalidArgument("not a JSON object");
  }
  FigureLine figure;
  for (dom::key_value_pair member : object) {
    const std::string key(member.key);
    const dom::element value = member.value;
    switch (value.type()) {
      case dom::element_type::INT64:
      case dom::element_type::UINT64:
      case dom::element_type::DOUBLE:
        figure.numbers[key] = value.get_double().value_unsafe();
        break;
      case dom::element_type::BOOL:
        figure.numbers[key] = value.get_bool().value_unsafe() ? 1 : 0;
        break;
      case dom::element_type::STRING:
        figure.texts[key] = std::string(value.get_string().value_unsafe());
        break;
      case dom::element_type::ARRAY: {
        std::vector<double>& numbers = figure.arrays[key];
        dom::array items;
        if (value.get(items) != simdjson::SUCCESS) {
          return Status::InvalidArgument("\"" + key + "\" is not an array");
        }
        for (dom::element item : items) {
          double number = 0;
          if (item.get(number) != simdjson::SUCCESS) {
            return Status::InvalidArgument("\"" + key + "\" holds something else than numbers");
          }
          numbers.push_back(number);
        }
        break;
      }
      default:
        return Status::InvalidArgument("\"" + key +
                                       "\" is neither a number, a string nor an array");
    }
  }
  return figure;
}

Result<std::vector<FigureLine>> ReadFigureLines(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::vector<FigureLine> figures;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    Result<FigureLine> figure = ParseFigureLine(line);
    if (!figure.ok()) {
      return Status::InvalidArgument(path + ":" + std::to_string(number) + ": " +
                                     figure.status().message());
    }
    figures.push_back(std::move(figure).value());
  }
  if (in.bad()) return Status::IOError(path + ": read failed");
  return figures;
}

}  // namespace sealog::bench::report
