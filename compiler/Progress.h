//===- Progress.h - A progress line for long compiles -----------*- C++ -*-===//
//
// A compile that takes more than a moment (a large module, or wasmrun's
// first run of one) shows one line on stderr, rewritten in place:
//
//   wasm2so: compiling ruby.wasm: 12/46 parts, 8123/17490 functions, 9.2 s
//
// and erased when the compile ends. The tools ask for it only when stderr
// is a terminal and -q is not given (CompileOptions::Progress).
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_PROGRESS_H
#define WASM2SO_COMPILER_PROGRESS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace wasm2so {

class ProgressReporter {
public:
  using Clock = std::chrono::steady_clock;

  /// Reports on OS about compiling Name, once Delay has passed since
  /// construction, at most every Interval. Now is the clock (tests pass
  /// their own).
  ProgressReporter(llvm::raw_ostream &OS, llvm::StringRef Name,
                   Clock::duration Delay = std::chrono::milliseconds(500),
                   Clock::duration Interval = std::chrono::milliseconds(100),
                   std::function<Clock::time_point()> Now = Clock::now);
  /// Stops the ticker and erases the line.
  ~ProgressReporter();

  /// The work: Parts parts (0 or 1: not shown), Functions functions.
  void setTotals(unsigned Parts, size_t Functions) {
    TotalParts = Parts;
    TotalFunctions = Functions;
  }
  /// Thread-safe counters.
  void functionDone() { ++Functions; }
  void partDone() { ++Parts; }
  /// What the one-part compile is doing ("optimizing"), or null.
  void setPhase(const char *Name) { Phase = Name; }

  /// Redraws the line if it is time to; returns whether it drew.
  bool tick();
  /// Calls tick() from a thread of its own until finish() or destruction.
  void startTicker();
  /// Stops the ticker and erases the line, if one was drawn.
  void finish();

  /// The text of the line at elapsed time Seconds (no control characters).
  std::string line(double Seconds) const;

private:
  llvm::raw_ostream &OS;
  std::string Name;
  Clock::duration Delay, Interval;
  std::function<Clock::time_point()> Now;
  Clock::time_point Start, Last;
  bool Drawn = false;
  std::atomic<unsigned> TotalParts{0}, Parts{0};
  std::atomic<size_t> TotalFunctions{0}, Functions{0};
  std::atomic<const char *> Phase{nullptr};
  std::mutex Mutex; // guards drawing and the ticker's state
  std::condition_variable Wake;
  bool Stop = false;
  std::thread Ticker;
};

} // namespace wasm2so

#endif
