#include "bench/report/suite_report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "bench/report/figure_lines.h"
#include "bench/report/svg_chart.h"

namespace sealog::bench::report {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<FigureLine>;

constexpr const char* kThroughputSvg = "throughput_by_writers.svg";
constexpr const char* kLatencyCdfSvg = "ack_latency_cdf.svg";
constexpr const char* kQuerySvg = "query_latency.svg";
constexpr const char* kTierQuerySvg = "query_latency_by_tier.svg";
constexpr const char* kSpaceSvg = "bytes_per_event.svg";

// 1234567.8 -> "1,234,568".
std::string Thousands(double value) {
  const std::string digits = fmt::format("{:.0f}", std::abs(value));
  std::string out = value < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Fixed(std::optional<double> value, int decimals) {
  return value ? fmt::format("{:.{}f}", *value, decimals) : "–";
}

std::string Count(std::optional<double> value) { return value ? Thousands(*value) : "–"; }

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::string Render() const {
    std::string md = "|";
    for (const std::string& h : header) md += " " + h + " |";
    md += "\n|";
    for (size_t i = 0; i < header.size(); ++i) md += i == 0 ? "---|" : "---:|";
    md += "\n";
    for (const auto& row : rows) {
      md += "|";
      for (const std::string& cell : row) md += " " + cell + " |";
      md += "\n";
    }
    return md + "\n";
  }
};

Lines Select(const Lines& lines, const std::function<bool(const FigureLine&)>& keep) {
  Lines selected;
  for (const FigureLine& line : lines) {
    if (keep(line)) selected.push_back(line);
  }
  return selected;
}

struct Inputs {
  std::string dir;
  std::optional<FigureLine> meta;
  std::map<std::string, FigureLine> runs;  // run.jsonl's bench lines, by bench
  std::map<std::string, Lines> figures;    // <bench>.jsonl, for the benches that left one
};

Status Load(const std::string& dir, Inputs* inputs) {
  inputs->dir = dir;
  const fs::path run = fs::path(dir) / kRunFile;
  std::error_code error;
  if (fs::exists(run, error)) {
    Result<Lines> lines = ReadFigureLines(run.string());
    if (!lines.ok()) return lines.status();
    for (FigureLine& line : *lines) {
      if (line.Text("kind") == "meta") inputs->meta = line;
      if (line.Text("kind") == "bench") inputs->runs[line.Text("bench")] = line;
    }
  }
  for (const char* bench : kSuiteBenches) {
    const fs::path path = fs::path(dir) / (std::string(bench) + ".jsonl");
    if (!fs::exists(path, error)) continue;
    Result<Lines> lines = ReadFigureLines(path.string());
    if (!lines.ok()) return lines.status();
    inputs->figures[bench] = std::move(lines).value();
  }
  return Status::Ok();
}

Status WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::IOError(path.string() + ": write failed");
  return Status::Ok();
}

// The section's opening: the command that made it, or why it has nothing.
// Returns the figures to show, or nullptr when there are none.
const Lines* SectionStart(const Inputs& inputs, const std::string& bench, const char* title,
                          std::string* md) {
  *md += fmt::format("## {}\n\n", title);
  const auto run = inputs.runs.find(bench);
  if (run != inputs.runs.end()) {
    *md += fmt::format("`{}` ({:.0f} s)", run->second.Text("command"),
                       run->second.NumberOr("seconds", 0));
    const double code = run->second.NumberOr("exit", 0);
    if (code != 0) {
      *md += fmt::format(": **failed** with exit code {:.0f}; see `{}.log`", code, bench);
    }
    *md += "\n\n";
  }
  const auto figures = inputs.figures.find(bench);
  if (figures == inputs.figures.end() || figures->second.empty()) {
    *md += run == inputs.runs.end() ? "Not run.\n\n" : "No figures.\n\n";
    return nullptr;
  }
  return &figures->second;
}

void Image(const char* file, const char* alt, std::string* md) {
  *md += fmt::format("![{}]({})\n\n", alt, file);
}

// ---- Header ---------------------------------------------------------------

void Header(const Inputs& inputs, std::string* md) {
  *md += "# sealog benchmark report\n\n";
  if (!inputs.meta) {
    *md += "(run.jsonl is missing: the machine and the scale are unknown.)\n\n";
    return;
  }
  const FigureLine& m = *inputs.meta;
  *md += fmt::format(
      "Reference workload of WORKLOAD.md, scale **{}**: {} events, seed {:.0f}; "
      "{:.0f} repetition(s) of the append, evidence and recovery runs (medians). "
      "Started {}.\n\n",
      m.Text("scale"), Count(m.Number("events")), m.NumberOr("seed", 0),
      m.NumberOr("repetitions", 1), m.Text("started"));
  *md += fmt::format(
      "Machine: {}, {:.0f} CPUs, {:.1f} GiB, Linux {}, stores on {}; load average {:.2f} at the "
      "start. {}.\n\n",
      m.Text("cpu"), m.NumberOr("cpus", 0), m.NumberOr("mem_gib", 0), m.Text("kernel"),
      m.Text("filesystem"), m.NumberOr("load_start", 0), m.Text("version"));
  if (!m.Text("command").empty()) *md += fmt::format("```sh\n{}\n```\n\n", m.Text("command"));
  *md +=
      "Every ratio is taken inside one run, against a baseline measured in the same process: "
      "absolute figures drift on a shared machine, ratios much less. Each benchmark's tables "
      "as it printed them are in `<bench>.log`, its figures as JSON lines in "
      "`<bench>.jsonl`.\n\n";
}

// ---- Append ---------------------------------------------------------------

std::string AppendLabel(const FigureLine& f) {
  const std::string engine = f.Text("engine");
  const std::string mode = f.Text("mode");
  const int writers = static_cast<int>(f.NumberOr("writers", 1));
  if (mode == "raw") return "raw limit";
  std::string label = fmt::format("{} {} {}w", engine, mode, writers);
  if (engine == "sealog") {
    if (f.Text("bench") == "append" && mode == "batch" && writers == 1) label += " async";
    label += f.NumberOr("io_uring", 0) != 0 ? " io_uring" : " pwrite";
  }
  return label;
}

void AppendSection(const Inputs& inputs, std::string* md,
                   std::vector<std::pair<std::string, std::string>>* svgs) {
  const Lines* lines = SectionStart(inputs, "append", "Append (WORKLOAD.md 1-4)", md);
  if (lines == nullptr) return;
  const Lines main =
      Select(*lines, [](const FigureLine& f) { return f.Text("bench") == "append"; });
  const Lines sweep =
      Select(*lines, [](const FigureLine& f) { return f.Text("bench") == "append-writers"; });

  *md +=
      "`raw limit`: the bytes of sealog's `none` store, written with `pwrite` + `fdatasync` in "
      "1 MiB batches from one thread; `× raw`: MB/s over the raw limit's; `× same`: the raw "
      "replay of the run's own writes and syncs over the run (the engine's own cost); "
      "`sealog ÷`: sealog's events/s in the same mode and writers over the peer's. "
      "`batch 1w async`: one thread calling `AppendAsync` with 2 MiB in flight; other sealog "
      "runs call the blocking `Append`.\n\n";
  Table table{{"run", "events", "events/s", "MB/s", "× raw", "× same", "ack p50 µs", "ack p99 µs",
               "sealog ÷"},
              {}};
  for (const FigureLine& f : main) {
    table.rows.push_back(
        {AppendLabel(f), Count(f.Number("events")), Count(f.Number("events_per_s")),
         Fixed(f.Number("mb_per_s"), 1), Fixed(f.Number("ratio_to_raw"), 2),
         Fixed(f.Number("ratio_to_raw_same_batches"), 2), Count(f.Number("p50_us")),
         Count(f.Number("p99_us")), Fixed(f.Number("sealog_ratio"), 2)});
  }
  *md += table.Render();

  if (!sweep.empty()) {
    // One series per engine and mode, over the writer counts.
    std::vector<std::string> order;
    std::map<std::string, Series> series;
    std::set<double> counts;
    for (const FigureLine& f : sweep) {
      const std::string name = f.Text("engine") + " " + f.Text("mode");
      if (!series.count(name)) {
        order.push_back(name);
        series[name].name = name;
        series[name].dashed = f.Text("engine") != "sealog";
      }
      const double writers = f.NumberOr("writers", 1);
      counts.insert(writers);
      series[name].points.emplace_back(writers, f.NumberOr("events_per_s", 0));
    }
    LineChart chart;
    chart.title = "Appends: events/s against blocking writers";
    chart.x = {"writer threads", true};
    chart.y = {"events/s (log)", true};
    for (const std::string& name : order) chart.series.push_back(series[name]);
    for (const FigureLine& f : main) {
      if (f.Text("mode") != "raw" || counts.empty()) continue;
      chart.series.push_back({"raw limit (1 MiB)",
                              {{*counts.begin(), f.NumberOr("events_per_s", 0)},
                               {*counts.rbegin(), f.NumberOr("events_per_s", 0)}},
                              true});
      break;
    }
    svgs->emplace_back(kThroughputSvg, RenderLineChart(chart));
    *md +=
        "Writer-count sweep: each thread calls the blocking `Append` on its share of the "
        "events. sealog `none` acknowledges on queueing, `batch` once the record's group "
        "commit is on disk, `sync` after an fdatasync of its own. The peers (dashed) as in "
        "the append benchmark: `none` not durable, `batch` a durable commit per event. "
        "Durable runs append fewer events than `none` (the events column).\n\n";
    Image(kThroughputSvg, "events/s against writer threads", md);
    Table counts_table{{"run", "events"}, {}};
    for (double w : counts) counts_table.header.push_back(fmt::format("{:.0f} w events/s", w));
    for (const std::string& name : order) {
      std::vector<std::string> row = {name, ""};
      for (double w : counts) {
        std::string cell = "–";
        for (const FigureLine& f : sweep) {
          if (f.Text("engine") + " " + f.Text("mode") == name && f.NumberOr("writers", 0) == w) {
            cell = Count(f.Number("events_per_s"));
            row[1] = Count(f.Number("events"));
          }
        }
        row.push_back(cell);
      }
      counts_table.rows.push_back(row);
    }
    *md += counts_table.Render();
  }

  LineChart cdf;
  cdf.title = "Acknowledgement latency (durable runs)";
  cdf.x = {"latency, µs (log)", true};
  cdf.y = {"fraction of appends acknowledged", false};
  for (const FigureLine& f : main) {
    const std::vector<double>* quantiles = f.Array("latency_cdf_quantiles");
    const std::vector<double>* values = f.Array("latency_cdf_us");
    if (quantiles == nullptr || values == nullptr || quantiles->size() != values->size()) continue;
    Series s{AppendLabel(f), {}, f.Text("engine") != "sealog"};
    for (size_t i = 0; i < values->size(); ++i)
      s.points.emplace_back((*values)[i], (*quantiles)[i]);
    cdf.series.push_back(std::move(s));
  }
  if (!cdf.series.empty()) {
    svgs->emplace_back(kLatencyCdfSvg, RenderLineChart(cdf));
    *md +=
        "Each durable run's latency from the append call to its acknowledgement, at the "
        "quantiles 0.1 % to 100 % (the maximum).\n\n";
    Image(kLatencyCdfSvg, "acknowledgement latency distributions", md);
  }
}

// ---- Evidence and recovery --------------------------------------------------

void EvidenceSection(const Inputs& inputs, std::string* md) {
  const Lines* lines =
      SectionStart(inputs, "evidence", "Tamper evidence: sealing, verify, proofs", md);
  if (lines == nullptr) return;
  const FigureLine& f = lines->front();
  const auto cost = [&](const char* key) {
    const std::optional<double> v = f.Number(key);
    return v ? fmt::format("{:.1f} %", *v * 100) : std::string("–");
  };
  Table table{{"figure", "sealing on", "sealing off", "sealing costs"}, {}};
  table.rows.push_back({"appends, none, events/s", Count(f.Number("append_none_sealing_on")),
                        Count(f.Number("append_none_sealing_off")), cost("sealing_cost_none")});
  table.rows.push_back({"appends, batch (AppendAsync), events/s",
                        Count(f.Number("append_batch_sealing_on")),
                        Count(f.Number("append_batch_sealing_off")), cost("sealing_cost_batch")});
  table.rows.push_back({"appends, batch, 8 blocking writers, events/s",
                        Count(f.Number("append_blocking8_sealing_on")),
                        Count(f.Number("append_blocking8_sealing_off")),
                        cost("sealing_cost_blocking8")});
  *md += table.Render();
  Table other{{"figure", "value"}, {}};
  other.rows.push_back({fmt::format("seal one segment of {:.1f} MiB, ms",
                                    f.NumberOr("segment_bytes", 0) / (1 << 20)),
                        Fixed(f.Number("seal_ms"), 2)});
  other.rows.push_back({"verify, one core, MB/s", Fixed(f.Number("verify_mb_per_s"), 0)});
  other.rows.push_back({"inclusion proof, bytes", Count(f.Number("proof_bytes"))});
  other.rows.push_back({"proof made, ms", Fixed(f.Number("prove_ms"), 2)});
  other.rows.push_back({"proof checked offline, ms", Fixed(f.Number("check_proof_ms"), 3)});
  *md += other.Render();
}

void RecoverySection(const Inputs& inputs, std::string* md) {
  const Lines* lines =
      SectionStart(inputs, "recovery", "Recovery, full scan and verify (WORKLOAD.md 7, 8)", md);
  if (lines == nullptr) return;
  Table table{{"figure", "seconds", "GB/s of segments"}, {}};
  for (const FigureLine& f : *lines) {
    table.rows.push_back(
        {f.Text("figure"), Fixed(f.Number("seconds"), 3), Fixed(f.Number("gb_per_s"), 2)});
  }
  *md += table.Render();
}

// ---- Queries ---------------------------------------------------------------

std::string QueryEngineLabel(const FigureLine& f) {
  if (f.Text("engine") != "sealog") return f.Text("engine");
  return fmt::format("sealog, {:.0f} segments", f.NumberOr("segments", 0));
}

// Bars of p50 with p99 marks: groups are the kinds, series the labels, in the
// order first seen.
BarChart LatencyBars(const std::string& title, const Lines& lines,
                     const std::function<std::string(const FigureLine&)>& label) {
  BarChart chart;
  chart.title = title;
  chart.y = {"latency, µs (log)", true};
  chart.mark_label = "p99";
  for (const FigureLine& f : lines) {
    if (std::find(chart.groups.begin(), chart.groups.end(), f.Text("kind")) == chart.groups.end()) {
      chart.groups.push_back(f.Text("kind"));
    }
    if (std::find(chart.series.begin(), chart.series.end(), label(f)) == chart.series.end()) {
      chart.series.push_back(label(f));
    }
  }
  chart.values.assign(chart.series.size(), std::vector<std::optional<double>>(chart.groups.size()));
  chart.marks = chart.values;
  for (const FigureLine& f : lines) {
    const size_t s =
        std::find(chart.series.begin(), chart.series.end(), label(f)) - chart.series.begin();
    const size_t g =
        std::find(chart.groups.begin(), chart.groups.end(), f.Text("kind")) - chart.groups.begin();
    chart.values[s][g] = f.Number("p50_us");
    chart.marks[s][g] = f.Number("p99_us");
  }
  return chart;
}

void QuerySection(const Inputs& inputs, std::string* md,
                  std::vector<std::pair<std::string, std::string>>* svgs) {
  const Lines* lines = SectionStart(inputs, "query", "Queries (WORKLOAD.md 5, 6)", md);
  if (lines == nullptr) return;
  const Lines queries = Select(*lines, [](const FigureLine& f) { return !f.Has("figure"); });
  const Lines space =
      Select(*lines, [](const FigureLine& f) { return f.Text("figure") == "space"; });
  for (const FigureLine& f : *lines) {
    if (f.Text("figure") == "mismatches") {
      *md += fmt::format(
          "Every engine's answer to every query was compared with SQLite's: **{:.0f} "
          "mismatches**.\n\n",
          f.NumberOr("count", 0));
    }
  }
  const bool rocksdb = std::any_of(queries.begin(), queries.end(), [](const FigureLine& f) {
    return f.Text("engine") == "rocksdb";
  });
  Table table{{"kind", "engine", "records (median query)", "p50 µs", "p99 µs", "p50 × SQLite",
               "p99 × SQLite"},
              {}};
  if (rocksdb) {
    table.header.push_back("p50 × RocksDB");
    table.header.push_back("p99 × RocksDB");
  }
  for (const FigureLine& f : queries) {
    std::vector<std::string> row = {f.Text("kind"),
                                    QueryEngineLabel(f),
                                    Count(f.Number("records_p50")),
                                    Fixed(f.Number("p50_us"), 1),
                                    Fixed(f.Number("p99_us"), 1),
                                    Fixed(f.Number("p50_ratio_to_sqlite"), 2),
                                    Fixed(f.Number("p99_ratio_to_sqlite"), 2)};
    if (rocksdb) {
      row.push_back(Fixed(f.Number("p50_ratio_to_rocksdb"), 2));
      row.push_back(Fixed(f.Number("p99_ratio_to_rocksdb"), 2));
    }
    table.rows.push_back(row);
  }
  *md += table.Render();
  svgs->emplace_back(kQuerySvg,
                     RenderBarChart(LatencyBars("Query latency by kind: p50 (bars), p99 (marks)",
                                                queries, QueryEngineLabel)));
  Image(kQuerySvg, "query latency by kind and engine", md);

  Table bytes{{"engine", "data bytes/event", "index bytes/event", "index / data"}, {}};
  for (const FigureLine& f : space) {
    bytes.rows.push_back({QueryEngineLabel(f), Fixed(f.Number("data_bytes_per_event"), 1),
                          Fixed(f.Number("index_bytes_per_event"), 1),
                          Fixed(f.Number("index_to_data"), 3)});
  }
  *md += "Space (WORKLOAD.md 10) of the engines queried:\n\n" + bytes.Render();
}

// ---- Tiers -----------------------------------------------------------------

void TiersSection(const Inputs& inputs, std::string* md,
                  std::vector<std::pair<std::string, std::string>>* svgs) {
  const Lines* lines = SectionStart(
      inputs, "tiers", "Tiers: space per event, moves, queries (WORKLOAD.md 9, 10)", md);
  if (lines == nullptr) return;
  const Lines forms = Select(*lines, [](const FigureLine& f) { return f.Has("form"); });
  const Lines cold = Select(*lines, [](const FigureLine& f) { return f.Has("cold_level"); });
  const Lines queries = Select(*lines, [](const FigureLine& f) { return f.Has("tier"); });

  Table table{
      {"form", "data bytes/event", "index bytes/event", "× smaller than JSONL", "MB/s of JSONL"},
      {}};
  BarChart chart;
  chart.title = "Bytes per event: data and indexes";
  chart.y = {"bytes per event", false};
  chart.series = {"data", "index"};
  chart.values.resize(2);
  chart.stacked = true;
  for (const FigureLine& f : forms) {
    const double events = std::max(1.0, f.NumberOr("events", 1));
    const double index = f.NumberOr("index_bytes", 0) / events;
    table.rows.push_back(
        {f.Text("form"), Fixed(f.Number("bytes_per_event"), 1), index > 0 ? Fixed(index, 1) : "–",
         Fixed(f.Number("ratio_to_jsonl"), 2),
         f.NumberOr("json_mb_per_s", 0) > 0 ? Fixed(f.Number("json_mb_per_s"), 1) : "–"});
    chart.groups.push_back(f.Text("form"));
    chart.values[0].push_back(f.Number("bytes_per_event"));
    chart.values[1].push_back(index > 0 ? std::optional<double>(index) : std::nullopt);
  }
  // The peers' databases, from the query benchmark: their rows and their indexes.
  const auto query = inputs.figures.find("query");
  if (query != inputs.figures.end()) {
    for (const FigureLine& f : query->second) {
      if (f.Text("figure") != "space" || f.Text("engine") == "sealog") continue;
      chart.groups.push_back(f.Text("engine"));
      chart.values[0].push_back(f.Number("data_bytes_per_event"));
      chart.values[1].push_back(f.Number("index_bytes_per_event"));
    }
  }
  *md += table.Render();
  if (!chart.groups.empty()) {
    svgs->emplace_back(kSpaceSvg, RenderBarChart(chart));
    *md +=
        "`hot`: sealed segments and their index files; `warm`: compressed segments, same "
        "indexes; `cold`: zstd archive bundles (index heads and seals inside); `sqlite`, "
        "`rocksdb`: the query benchmark's databases of the same events.\n\n";
    Image(kSpaceSvg, "bytes per event by form and tier", md);
  }
  if (!cold.empty()) {
    Table levels{{"cold zstd level", "bytes/event", "× zstd -19's size", "MB/s of JSONL",
                  "× zstd -19's speed"},
                 {}};
    for (const FigureLine& f : cold) {
      levels.rows.push_back(
          {Fixed(f.Number("cold_level"), 0), Fixed(f.Number("bytes_per_event"), 1),
           f.NumberOr("size_to_zstd_19", 0) > 0 ? Fixed(f.Number("size_to_zstd_19"), 3) : "–",
           Fixed(f.Number("json_mb_per_s"), 1),
           f.NumberOr("speed_to_zstd_19", 0) > 0 ? Fixed(f.Number("speed_to_zstd_19"), 1) : "–"});
    }
    *md += levels.Render();
  }
  if (!queries.empty()) {
    Table by_tier{{"tier", "kind", "p50 µs", "p99 µs", "first run, ms"}, {}};
    for (const FigureLine& f : queries) {
      by_tier.rows.push_back({f.Text("tier"), f.Text("kind"), Fixed(f.Number("p50_us"), 1),
                              Fixed(f.Number("p99_us"), 1), Fixed(f.Number("first_run_ms"), 1)});
    }
    *md += by_tier.Render();
    svgs->emplace_back(kTierQuerySvg, RenderBarChart(LatencyBars(
                                          "Query latency by tier: p50 (bars), p99 (marks)", queries,
                                          [](const FigureLine& f) { return f.Text("tier"); })));
    Image(kTierQuerySvg, "query latency by kind and tier", md);
  }
}

}  // namespace

Status WriteSuiteReport(const std::string& dir) {
  Inputs inputs;
  SEALOG_RETURN_IF_ERROR(Load(dir, &inputs));
  std::string md;
  std::vector<std::pair<std::string, std::string>> svgs;
  Header(inputs, &md);
  AppendSection(inputs, &md, &svgs);
  EvidenceSection(inputs, &md);
  RecoverySection(inputs, &md);
  QuerySection(inputs, &md, &svgs);
  TiersSection(inputs, &md, &svgs);
  for (const auto& [file, svg] : svgs) SEALOG_RETURN_IF_ERROR(WriteText(fs::path(dir) / file, svg));
  return WriteText(fs::path(dir) / kReportFile, md);
}

}  // namespace sealog::bench::report
