//===- harness.cpp - Times run() of a wasm2so-compiled module -------------===//
//
//   harness MODULE.so [REPS]
//
// Loads and instantiates the module through the runtime library, calls
// run() once to warm up and take the checksum, then REPS more times, and
// prints "CHECKSUM MEDIAN_NS" (the checksum as an unsigned 64-bit number).
//
//===----------------------------------------------------------------------===//
#include "wasm2so/runtime.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

using namespace wasm2so::rt;

static int64_t nowNs() {
  timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return int64_t(T.tv_sec) * 1000000000 + T.tv_nsec;
}

static bool callRun(Instance &I, uint64_t &Checksum) {
  auto R = I.invoke("run", {});
  if (!R) {
    std::fprintf(stderr, "harness: %s\n", R.error().Message.c_str());
    return false;
  }
  Checksum = uint64_t((*R)[0].Bits.i64);
  return true;
}

int main(int Argc, char **Argv) {
  if (Argc < 2) {
    std::fprintf(stderr, "usage: harness MODULE.so [REPS]\n");
    return 2;
  }
  int Reps = Argc > 2 ? std::atoi(Argv[2]) : 3;
  if (Reps < 1)
    Reps = 3;
  auto M = Module::load(Argv[1]);
  if (!M) {
    std::fprintf(stderr, "harness: %s\n", M.error().Message.c_str());
    return 1;
  }
  Linker L;
  auto I = L.instantiate(*M);
  if (!I) {
    std::fprintf(stderr, "harness: %s\n", I.error().Message.c_str());
    return 1;
  }
  uint64_t Sum;
  if (!callRun(**I, Sum))
    return 1;
  std::vector<int64_t> Ns;
  for (int K = 0; K < Reps; ++K) {
    uint64_t S;
    int64_t T0 = nowNs();
    if (!callRun(**I, S))
      return 1;
    Ns.push_back(nowNs() - T0);
    if (S != Sum) {
      std::fprintf(stderr, "harness: checksum changed between calls\n");
      return 1;
    }
  }
  std::sort(Ns.begin(), Ns.end());
  std::printf("%" PRIu64 " %" PRId64 "\n", Sum, Ns[Ns.size() / 2]);
  return 0;
}
