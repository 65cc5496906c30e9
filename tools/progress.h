// ProgressBar: how far a long operation (export, verify, append from a big
// file) has got, with its rate and the time left, redrawn in place on stderr
// when stderr is a terminal, and silent when it is not (a pipe, a file, CI),
// so scripts and logs never see it.
#ifndef SEALOG_TOOLS_PROGRESS_H_
#define SEALOG_TOOLS_PROGRESS_H_

#include <cstdint>
#include <cstdio>
#include <string>

namespace sealog::cli {

enum class ProgressUnit { kRecords, kBytes };

// One line of progress, at most `width` columns:
//   exported [########............]  41%  40960/100000 records  12.3k records/s  ETA 0:05
// With total 0 (not known in advance) no bar, percentage or ETA:
//   exported 40960 records  12.3k records/s
// Bytes are shown as KiB, MiB, GiB. Pure, for tests.
std::string RenderProgress(const std::string& verb, ProgressUnit unit, uint64_t done,
                           uint64_t total, double elapsed_seconds, size_t width);

// 512 B, 12.3 KiB, 4.5 MiB, 1.25 GiB.
std::string FormatBytes(double bytes);

class ProgressBar {
 public:
  // Shown only when stderr is a terminal; `verb` says what is being done
  // ("exported", "verified").
  ProgressBar(std::string verb, ProgressUnit unit, uint64_t total = 0);
  // Clears the line it drew, so what follows starts on a clean line.
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void set_total(uint64_t total) { total_ = total; }
  // Redraws with `done` units so far, at most every 200 ms and not in the
  // first half second: cheap enough to call for every record.
  void Update(uint64_t done);

 private:
  const std::string verb_;
  const ProgressUnit unit_;
  uint64_t total_;
  const bool shown_;
  const double start_;
  double last_draw_ = 0;
  bool drawn_ = false;
};

}  // namespace sealog::cli

#endif  // SEALOG_TOOLS_PROGRESS_H_
