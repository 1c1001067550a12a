//===- Resources.cpp - Running wasm with a chosen stack size --------------===//
//
// The runtime derives each thread's stack limit from the thread's own stack
// (Trap.cpp), so a wasm stack of a chosen size is a thread with a stack of
// that size plus the runtime's margin.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/runtime.h"

#include <algorithm>
#include <climits>
#include <pthread.h>

using namespace wasm2so::rt;

namespace {

/// Trap.cpp keeps min(StackMargin, stack size / 4) free below the limit.
constexpr size_t StackMargin = 256 * 1024;
/// Room for the host frames (wasmrun, the loader, the entry trampoline)
/// above the wasm ones.
constexpr size_t HostFrames = 64 * 1024;

/// The thread stack size that leaves StackBytes between the host frames
/// and the stack limit.
size_t threadStackSize(size_t StackBytes) {
  size_t Usable = StackBytes + HostFrames;
  if (Usable + StackMargin >= 4 * StackMargin)
    return Usable + StackMargin;
  return Usable / 3 * 4 + 4096;
}

struct ThreadCall {
  const std::function<int()> *Fn;
  int Result;
};

void *threadMain(void *Arg) {
  auto *Call = static_cast<ThreadCall *>(Arg);
  Call->Result = (*Call->Fn)();
  return nullptr;
}

} // namespace

int wasm2so::rt::runWithStackSize(size_t StackBytes,
                                  const std::function<int()> &Fn) {
  if (StackBytes > (size_t(1) << 40))
    return -1;
  size_t Size =
      std::max(threadStackSize(StackBytes), size_t(PTHREAD_STACK_MIN));
  Size = (Size + 4095) & ~size_t(4095);
  pthread_attr_t Attr;
  if (pthread_attr_init(&Attr) != 0)
    return -1;
  ThreadCall Call{&Fn, -1};
  pthread_t T;
  bool Ok = pthread_attr_setstacksize(&Attr, Size) == 0 &&
            pthread_create(&T, &Attr, threadMain, &Call) == 0;
  pthread_attr_destroy(&Attr);
  if (!Ok)
    return -1;
  pthread_join(T, nullptr);
  return Call.Result;
}
