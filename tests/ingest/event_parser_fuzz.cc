// libFuzzer entry point for EventParser (clang: target fuzz_event_parser).
//
// Invariants checked on every input, with the default mapping, with --map
// variants that reach into nested objects, arrays and numbers, and with
// every preset and its outcome rule:
//  - Parse never crashes, hangs or reads out of bounds (run with ASan);
//  - an error is kInvalidArgument, one line, and quotes no more than a short
//    excerpt of the input;
//  - on success, raw is the input and every field is either empty or a view
//    that can be read whole.
//
// Build and run (clang only; the library instrumented for coverage):
//   CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DSEALOG_SANITIZE=address,undefined \
//       -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link
//   ninja -C build-fuzz fuzz_event_parser
//   build-fuzz/tests/ingest/fuzz_event_parser -max_len=4096 CORPUS_DIR
// where CORPUS_DIR holds a few lines of tests/data/datasets, one per file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "sealog/ingest.h"

namespace {

sealog::FieldMapping MappingOf(std::initializer_list<std::string_view> overrides) {
  sealog::FieldMapping mapping = sealog::FieldMapping::Default();
  for (std::string_view spec : overrides) {
    if (!mapping.Override(spec).ok()) std::abort();
  }
  return mapping;
}

void Check(sealog::EventParser& parser, std::string_view input) {
  sealog::Event event;
  const sealog::Status status = parser.Parse(input, &event);
  if (!status.ok()) {
    if (!status.IsInvalidArgument()) std::abort();
    if (status.message().find('\n') != std::string::npos) std::abort();
    if (status.message().size() > 400) std::abort();
    return;
  }
  if (event.raw.data() != input.data() || event.raw.size() != input.size()) std::abort();
  size_t sum = 0;
  for (std::string_view field : event.fields) {
    for (char c : field) sum += static_cast<unsigned char>(c);
  }
  if (sum == SIZE_MAX) std::abort();  // keeps the reads
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static sealog::EventParser default_parser;
  static sealog::EventParser mapped_parser(
      MappingOf({"actor=userIdentity.arn", "actor=user.0", "resource=resources.0.ARN",
                 "resource=target.id", "time=a.b.1", "outcome=n"}),
      4096);
  static sealog::EventParser escaped_parser(
      MappingOf({R"(origin=a\.b.c)", "tenant=0.0.0", "action=x", "time=x"}));
  // Every preset, with its outcome rule.
  static std::vector<std::unique_ptr<sealog::EventParser>> preset_parsers = [] {
    std::vector<std::unique_ptr<sealog::EventParser>> parsers;
    for (std::string_view name :
         {"cloudtrail", "k8s", "gcp", "azure", "okta", "github", "windows"}) {
      sealog::Result<sealog::FieldMapping> mapping = sealog::FieldMapping::Preset(name);
      if (!mapping.ok()) std::abort();
      parsers.push_back(std::make_unique<sealog::EventParser>(std::move(*mapping)));
    }
    return parsers;
  }();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Check(default_parser, input);
  Check(mapped_parser, input);
  Check(escaped_parser, input);
  for (const auto& parser : preset_parsers) Check(*parser, input);
  return 0;
}
