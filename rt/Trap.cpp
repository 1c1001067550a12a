//===- Trap.cpp - Recovery points, fault handlers and stack limits ---------===//
//
// Every call from the host into wasm sets a recovery point (sigsetjmp). A
// trap, whether raised by compiled code through the trap builtin or by a
// hardware fault the signal handler recognises, siglongjmps back to it.
//
// Before unwinding, a trap records the return addresses of the frame-pointer
// chain from the trap point up to the recovery point (compiled wasm code and
// this file keep frame pointers); after it, callGuarded turns them into the
// Error's backtrace (Backtrace.cpp).
//
// The handlers are installed with SA_NODEFER and the recovery points are
// set without saving the signal mask: leaving the handler by siglongjmp
// then needs no mask restore, and a call into wasm costs no system call.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <atomic>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <pthread.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

using namespace wasm2so::rt;

namespace {

/// How far above the lowest stack address compiled code must stop: room for
/// host callbacks, builtins and the signal handler's caller frames.
constexpr uintptr_t StackMargin = 256 * 1024;
constexpr size_t AltStackSize = 64 * 1024;
constexpr unsigned MaxTrapFrames = 100 + 4;

struct RecoveryPoint {
  sigjmp_buf Buf;
};

// What the signal handler reads: trivially destructible, so that touching it
// in a handler never runs a TLS initializer.
struct ThreadState {
  RecoveryPoint *Current = nullptr;
  /// Never freed: instances keep pointing here after the thread is gone.
  w2s_runtime_limits *Limits = nullptr;
  uintptr_t StackLow = 0; // lowest address of this thread's stack
  w2s_trap_code PendingTrap = W2S_TRAP_None;
  /// The code addresses of the trap's frames, innermost first.
  uintptr_t TrapPCs[MaxTrapFrames];
  unsigned NumTrapPCs = 0;
  bool TrapAtFault = false; // TrapPCs[0] is the faulting instruction
};

thread_local ThreadState TS;

// The rest, with destructors.
struct ThreadResources {
  std::optional<Error> PendingError;
  void *AltStack = nullptr;

  ~ThreadResources() {
    if (!AltStack)
      return;
    stack_t SS{};
    SS.ss_flags = SS_DISABLE;
    sigaltstack(&SS, nullptr);
    munmap(AltStack, AltStackSize);
  }
};

thread_local ThreadResources TR;

w2s_runtime_limits *limitsOfThread() {
  if (!TS.Limits) {
    // Kept reachable (for leak checkers), never freed.
    static std::mutex M;
    static auto *All = new std::vector<std::unique_ptr<w2s_runtime_limits>>();
    std::lock_guard<std::mutex> Lock(M);
    All->push_back(std::make_unique<w2s_runtime_limits>());
    TS.Limits = All->back().get();
  }
  return TS.Limits;
}

//===------------------------ memory reservations ------------------------===//

// A fixed array read by the signal handler without locks. A slot is claimed
// by a CAS on its base; the end is written before the base is published.
constexpr size_t MaxReservations = 1 << 15;
std::atomic<uintptr_t> ReservationBase[MaxReservations];
std::atomic<uintptr_t> ReservationEnd[MaxReservations];

bool inReservation(uintptr_t Addr) {
  for (size_t I = 0; I < MaxReservations; ++I) {
    uintptr_t B = ReservationBase[I].load(std::memory_order_acquire);
    if (B && Addr >= B && Addr < ReservationEnd[I].load(std::memory_order_relaxed))
      return true;
  }
  return false;
}

//===--------------------------- signal handling -------------------------===//

struct sigaction PrevSegv, PrevBus, PrevFpe;

/// Records PC, then the return address of each frame record from FP up,
/// reading only stack words in [Low, the recovery point). Async-signal-safe.
void captureFrames(uintptr_t PC, uintptr_t FP, uintptr_t Low, bool Fault) {
  uintptr_t High = reinterpret_cast<uintptr_t>(TS.Current);
  unsigned N = 0;
  if (PC)
    TS.TrapPCs[N++] = PC;
  while (N < MaxTrapFrames && FP >= Low && FP % sizeof(uintptr_t) == 0 &&
         FP + 2 * sizeof(uintptr_t) <= High) {
    // A frame record: the caller's frame pointer, then the return address
    // (x86-64 rbp chain, AArch64 x29 chain alike).
    const uintptr_t *Record = reinterpret_cast<const uintptr_t *>(FP);
    TS.TrapPCs[N++] = Record[1];
    if (Record[0] <= FP)
      break;
    FP = Record[0];
  }
  TS.NumTrapPCs = N;
  TS.TrapAtFault = Fault;
}

/// The frames of a fault at the context's instruction.
void captureFaultFrames(void *Ctx) {
  auto *UC = static_cast<ucontext_t *>(Ctx);
#if defined(__x86_64__)
  captureFrames(uintptr_t(UC->uc_mcontext.gregs[REG_RIP]),
                uintptr_t(UC->uc_mcontext.gregs[REG_RBP]),
                uintptr_t(UC->uc_mcontext.gregs[REG_RSP]), true);
#elif defined(__aarch64__)
  captureFrames(uintptr_t(UC->uc_mcontext.pc),
                uintptr_t(UC->uc_mcontext.regs[29]),
                uintptr_t(UC->uc_mcontext.sp), true);
#else
  (void)UC;
  TS.NumTrapPCs = 0;
#endif
}

[[noreturn]] void jumpWithTrap(w2s_trap_code Code) {
  TS.PendingTrap = Code;
  siglongjmp(TS.Current->Buf, 1);
}

void chainToPrevious(int Sig, siginfo_t *Info, void *Ctx) {
  struct sigaction *Prev =
      Sig == SIGSEGV ? &PrevSegv : Sig == SIGBUS ? &PrevBus : &PrevFpe;
  if (Prev->sa_flags & SA_SIGINFO) {
    if (Prev->sa_sigaction) {
      Prev->sa_sigaction(Sig, Info, Ctx);
      return;
    }
  } else if (Prev->sa_handler != SIG_DFL && Prev->sa_handler != SIG_IGN) {
    Prev->sa_handler(Sig);
    return;
  }
  // Default action: returning re-executes the faulting instruction, which
  // now takes the process down with the right signal.
  signal(Sig, SIG_DFL);
}

void handleSignal(int Sig, siginfo_t *Info, void *Ctx) {
  if (TS.Current) {
    captureFaultFrames(Ctx);
    uintptr_t Addr = reinterpret_cast<uintptr_t>(Info->si_addr);
    if (Sig == SIGSEGV || Sig == SIGBUS) {
      if (inReservation(Addr))
        jumpWithTrap(W2S_TRAP_MemoryOutOfBounds);
      // The guard page below the stack, or the margin above it.
      uintptr_t Low = TS.StackLow;
      if (Low && Addr + 1024 * 1024 >= Low && Addr < Low + StackMargin)
        jumpWithTrap(W2S_TRAP_CallStackExhausted);
    } else if (Sig == SIGFPE) {
      jumpWithTrap(Info->si_code == FPE_INTOVF ? W2S_TRAP_IntegerOverflow
                                               : W2S_TRAP_IntegerDivideByZero);
    }
  }
  chainToPrevious(Sig, Info, Ctx);
}

void installHandlers() {
  struct sigaction SA {};
  SA.sa_sigaction = handleSignal;
  SA.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&SA.sa_mask);
  sigaction(SIGSEGV, &SA, &PrevSegv);
  sigaction(SIGBUS, &SA, &PrevBus);
  sigaction(SIGFPE, &SA, &PrevFpe);
}

/// Once per process: the handlers; once per thread: the alternate signal
/// stack and the stack bounds.
void setUpThread() {
  static std::once_flag Once;
  std::call_once(Once, installHandlers);
  if (TR.AltStack)
    return;
  void *Stack = mmap(nullptr, AltStackSize, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (Stack != MAP_FAILED) {
    stack_t SS{};
    SS.ss_sp = Stack;
    SS.ss_size = AltStackSize;
    if (sigaltstack(&SS, nullptr) == 0)
      TR.AltStack = Stack;
    else
      munmap(Stack, AltStackSize);
  }
  pthread_attr_t Attr;
  if (pthread_getattr_np(pthread_self(), &Attr) == 0) {
    void *Addr = nullptr;
    size_t Size = 0;
    if (pthread_attr_getstack(&Attr, &Addr, &Size) == 0 && Addr) {
      TS.StackLow = reinterpret_cast<uintptr_t>(Addr);
      uintptr_t Margin = StackMargin < Size / 4 ? StackMargin : Size / 4;
      limitsOfThread()->stack_limit = TS.StackLow + Margin;
    }
    pthread_attr_destroy(&Attr);
  }
}

} // namespace

namespace wasm2so::rt {

w2s_runtime_limits *threadLimits() {
  setUpThread();
  return limitsOfThread();
}

void registerReservation(const void *Base, uint64_t Size) {
  uintptr_t B = reinterpret_cast<uintptr_t>(Base);
  for (size_t I = 0; I < MaxReservations; ++I) {
    uintptr_t Expected = 0;
    if (ReservationBase[I].load(std::memory_order_relaxed) != 0)
      continue;
    ReservationEnd[I].store(B + Size, std::memory_order_relaxed);
    if (ReservationBase[I].compare_exchange_strong(Expected, B,
                                                   std::memory_order_release))
      return;
  }
  // Full: faults in this memory will not be recognised as traps. Compiled
  // code never faults inside a committed memory, so this only loses the
  // trap message of an out-of-bounds access.
}

void unregisterReservation(const void *Base) {
  uintptr_t B = reinterpret_cast<uintptr_t>(Base);
  for (size_t I = 0; I < MaxReservations; ++I) {
    uintptr_t Expected = B;
    if (ReservationBase[I].compare_exchange_strong(Expected, 0,
                                                   std::memory_order_acq_rel))
      return;
  }
}

std::optional<Error> callGuarded(w2s_entry_trampoline Trampoline, void *Code,
                                 void *Vmctx, w2s_value *Values) {
  setUpThread();
  RecoveryPoint RP;
  RecoveryPoint *Prev = TS.Current;
  if (sigsetjmp(RP.Buf, 0) == 0) {
    TS.Current = &RP;
    Trampoline(Code, Vmctx, Values);
    TS.Current = Prev;
    return std::nullopt;
  }
  // Back from a trap: everything below this frame is gone.
  TS.Current = Prev;
  if (TR.PendingError) {
    std::optional<Error> E = std::move(TR.PendingError);
    TR.PendingError.reset();
    return E;
  }
  Error E;
  E.K = Error::Trap;
  E.TrapCode = TS.PendingTrap;
  E.Message = trapMessage(TS.PendingTrap);
  E.Backtrace = symbolizeFrames(TS.TrapPCs, TS.NumTrapPCs, TS.TrapAtFault);
  TS.PendingTrap = W2S_TRAP_None;
  TS.NumTrapPCs = 0;
  return E;
}

void raiseTrap(w2s_trap_code Code) {
  if (!TS.Current) {
    std::fprintf(stderr, "wasm2so: trap outside of any wasm call: %s\n",
                 trapMessage(Code));
    std::abort();
  }
  uintptr_t FP = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  captureFrames(0, FP, FP, false);
  jumpWithTrap(Code);
}

void setPendingError(Error E) { TR.PendingError = std::move(E); }

void raisePendingError() {
  if (!TS.Current) {
    std::fprintf(stderr, "wasm2so: host error outside of any wasm call: %s\n",
                 TR.PendingError ? TR.PendingError->Message.c_str() : "");
    std::abort();
  }
  siglongjmp(TS.Current->Buf, 1);
}

} // namespace wasm2so::rt
