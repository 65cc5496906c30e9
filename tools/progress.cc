#include "tools/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "tools/cli_common.h"

namespace sealog::cli {
namespace {

constexpr double kRedrawSeconds = 0.2;
// Operations quicker than this never draw: no flicker for small stores.
constexpr double kFirstDrawSeconds = 0.5;
constexpr size_t kBarCells = 20;

// 987, 12.3k, 4.5M: rates and counts at a glance.
std::string Compact(double value) {
  if (value < 1000) return fmt::format("{:.0f}", value);
  if (value < 1e6) return fmt::format("{:.1f}k", value / 1e3);
  if (value < 1e9) return fmt::format("{:.1f}M", value / 1e6);
  return fmt::format("{:.1f}G", value / 1e9);
}


std::string Amount(ProgressUnit unit, uint64_t value) {
  return unit == ProgressUnit::kBytes ? FormatBytes(static_cast<double>(value)) : std::to_string(value);
}

std::string Rate(ProgressUnit unit, double per_second) {
  return unit == ProgressUnit::kBytes ? FormatBytes(per_second) + "/s"
                                      : Compact(per_second) + " records/s";
}

// 0:05, 12:34, 1:02:03.
std::string Duration(double seconds) {
  const uint64_t s = static_cast<uint64_t>(std::llround(std::max(seconds, 0.0)));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

// Columns of the terminal on stderr; 80 when it cannot be told.
size_t TerminalWidth() {
  struct winsize size {};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace

std::string FormatBytes(double bytes) {
  if (bytes < 1024) return fmt::format("{:.0f} B", bytes);
  if (bytes < 1024.0 * 1024) return fmt::format("{:.1f} KiB", bytes / 1024);
  if (bytes < 1024.0 * 1024 * 1024) return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024));
  return fmt::format("{:.2f} GiB", bytes / (1024.0 * 1024 * 1024));
}

std::string RenderProgress(const std::string& verb, ProgressUnit unit, uint64_t done,
                           uint64_t total, double elapsed_seconds, size_t width) {
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0;
  std::string line;
  if (total == 0) {
    line = fmt::format("{} {}{}", verb, Amount(unit, done),
                       unit == ProgressUnit::kRecords ? " records" : "");
    if (rate > 0) line += "  " + Rate(unit, rate);
  } else {
    const uint64_t shown = std::min(done, total);
    const double fraction = static_cast<double>(shown) / static_cast<double>(total);
    const size_t filled = static_cast<size_t>(fraction * kBarCells);
    line = fmt::format("{} [{}{}] {:3}%  {}/{}{}", verb, std::string(filled, '#'),
                       std::string(kBarCells - filled, '.'),
                       static_cast<int>(fraction * 100), Amount(unit, shown), Amount(unit, total),
                       unit == ProgressUnit::kRecords ? " records" : "");
    if (rate > 0) {
      line += "  " + Rate(unit, rate);
      line += "  ETA " + Duration(static_cast<double>(total - shown) / rate);
    }
  }
  if (line.size() > width) line.resize(width);  // ASCII only: no character is split
  return line;
}

ProgressBar::ProgressBar(std::string verb, ProgressUnit unit, uint64_t total)
    : verb_(std::move(verb)),
      unit_(unit),
      total_(total),
      shown_(::isatty(STDERR_FILENO) == 1),
      start_(MonotonicSeconds()) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fputs("\r\033[K", stderr);
}

void ProgressBar::Update(uint64_t done) {
  if (!shown_) return;
  const double now = MonotonicSeconds();
  if (now - start_ < kFirstDrawSeconds || now - last_draw_ < kRedrawSeconds) return;
  last_draw_ = now;
  drawn_ = true;
  // One column short of the width: a full last column makes some terminals wrap.
  const std::string line =
      RenderProgress(verb_, unit_, done, total_, now - start_, TerminalWidth() - 1);
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
}

}  // namespace sealog::cli
