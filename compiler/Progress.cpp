//===- Progress.cpp - A progress line for long compiles -------------------===//

#include "Progress.h"

#include "llvm/Support/Format.h"

namespace wasm2so {

ProgressReporter::ProgressReporter(llvm::raw_ostream &OS, llvm::StringRef Name,
                                   Clock::duration Delay,
                                   Clock::duration Interval,
                                   std::function<Clock::time_point()> Now)
    : OS(OS), Name(Name.str()), Delay(Delay), Interval(Interval),
      Now(std::move(Now)) {
  Start = this->Now();
}

ProgressReporter::~ProgressReporter() { finish(); }

std::string ProgressReporter::line(double Seconds) const {
  std::string S;
  llvm::raw_string_ostream L(S);
  L << "wasm2so: compiling " << Name << ":";
  if (TotalParts > 1)
    L << " " << Parts << "/" << TotalParts << " parts,";
  if (TotalFunctions)
    L << " " << Functions << "/" << TotalFunctions << " functions,";
  if (const char *P = Phase)
    L << " " << P << ",";
  L << llvm::format(" %.1f s", Seconds);
  return S;
}

bool ProgressReporter::tick() {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Stop)
    return false;
  Clock::time_point T = Now();
  if (T - Start < Delay || (Drawn && T - Last < Interval))
    return false;
  Last = T;
  Drawn = true;
  // Back to the start of the line, the text, then erase what an earlier,
  // longer line left.
  OS << "\r" << line(std::chrono::duration<double>(T - Start).count())
     << "\x1b[K";
  OS.flush();
  return true;
}

void ProgressReporter::startTicker() {
  tick(); // at once when there is no delay
  Ticker = std::thread([this] {
    std::unique_lock<std::mutex> Lock(Mutex);
    while (!Stop) {
      Wake.wait_for(Lock, Interval);
      if (Stop)
        break;
      Lock.unlock();
      tick();
      Lock.lock();
    }
  });
}

void ProgressReporter::finish() {
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (Stop)
      return;
    Stop = true;
    if (Drawn) {
      OS << "\r\x1b[K";
      OS.flush();
    }
  }
  Wake.notify_all();
  if (Ticker.joinable())
    Ticker.join();
}

} // namespace wasm2so
