//===- Trap.cpp - Recovery points, fault handlers and stack limits ---------===//
//
// Every call from the host into wasm sets a recovery point (sigsetjmp). A
// trap, whether raised by compiled code through the trap builtin or by a
// hardware fault the signal handler recognises, siglongjmps back to it.
//
// Before unwinding, a trap records the code addresses of the frames from the
// trap point up to the recovery point, walking the stack with the unwinder
// (_Unwind_Backtrace) and the .eh_frame tables every compiled .so carries
// (its functions have asynchronous unwind tables and no frame pointer); from
// a signal handler, the unwinder steps through the signal frame into the
// interrupted function. After the siglongjmp, callGuarded turns the
// addresses into the Error's backtrace (Backtrace.cpp).
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
#include <unwind.h>

using namespace wasm2so::rt;

namespace {

/// How far above the lowest stack address compiled code must stop: room for
/// host callbacks, builtins and the signal handler's caller frames.
constexpr uintptr_t StackMargin = 256 * 1024;
constexpr size_t AltStackSize = 64 * 1024;
/// 100 wasm frames (Backtrace.cpp keeps no more) and the runtime's below.
constexpr unsigned MaxTrapFrames = 100 + 8;

struct RecoveryPoint {
  sigjmp_buf Buf;
};

// What the signal handler reads: trivially destructible, so that touching it
// in a handler never runs a TLS initializer.
struct ThreadState {
  RecoveryPoint *Current = nullptr;
  uintptr_t StackLimit = 0; // what compiled code's stack checks compare with
  uintptr_t StackLow = 0;   // lowest address of this thread's stack
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

//===------------------------ memory reservations ------------------------===//

// A fixed array read by the signal handler without locks. A slot is claimed
// by a CAS of its base from 0 to Claimed, which readers skip; the claimer
// then writes the end and publishes the base. (Writing the end before the
// CAS let two threads registering at once leave the winner's base with the
// loser's end: a memory whose faults were not recognised as traps.)
constexpr size_t MaxReservations = 1 << 15;
constexpr uintptr_t Claimed = ~uintptr_t(0);
std::atomic<uintptr_t> ReservationBase[MaxReservations];
std::atomic<uintptr_t> ReservationEnd[MaxReservations];

bool inReservation(uintptr_t Addr) {
  for (size_t I = 0; I < MaxReservations; ++I) {
    uintptr_t B = ReservationBase[I].load(std::memory_order_acquire);
    if (B && B != Claimed && Addr >= B &&
        Addr < ReservationEnd[I].load(std::memory_order_relaxed))
      return true;
  }
  return false;
}

//===--------------------------- signal handling -------------------------===//

struct sigaction PrevSegv, PrevBus, PrevFpe;

struct WalkState {
  /// In a signal handler: the interrupted instruction, already recorded.
  /// The frames before it (the handler's, the signal frame) are skipped.
  uintptr_t FaultPC = 0;
  /// The recovery point: frames whose CFA lies above it are the host's.
  uintptr_t High = 0;
  bool Started = false;
  unsigned Skipped = 0;
};

_Unwind_Reason_Code recordFrame(_Unwind_Context *Ctx, void *Arg) {
  auto &W = *static_cast<WalkState *>(Arg);
  uintptr_t PC = _Unwind_GetIP(Ctx);
  if (!PC)
    return _URC_END_OF_STACK;
  if (!W.Started) {
    if (W.FaultPC && PC != W.FaultPC)
      return ++W.Skipped < 16 ? _URC_NO_REASON : _URC_END_OF_STACK;
    W.Started = true;
    if (W.FaultPC)
      return _URC_NO_REASON;
  }
  // The handler ran on the alternate stack; from the interrupted frame on,
  // every frame is on the thread's stack, below the recovery point.
  if (_Unwind_GetCFA(Ctx) > W.High || TS.NumTrapPCs >= MaxTrapFrames)
    return _URC_END_OF_STACK;
  TS.TrapPCs[TS.NumTrapPCs++] = PC;
  return _URC_NO_REASON;
}

/// Records the code addresses of the frames from the caller (or, with
/// FaultPC, from the interrupted instruction of the signal being handled)
/// up to the recovery point, innermost first. In the signal handler this
/// relies on the unwinder finding objects without locks, as libgcc 12 does
/// with glibc 2.35's _dl_find_object (older ones take the loader's lock in
/// dl_iterate_phdr: safe unless the fault interrupted the loader itself).
[[gnu::noinline]] void captureFrames(uintptr_t FaultPC) {
  WalkState W;
  W.FaultPC = FaultPC;
  W.High = reinterpret_cast<uintptr_t>(TS.Current);
  TS.NumTrapPCs = 0;
  if (FaultPC)
    TS.TrapPCs[TS.NumTrapPCs++] = FaultPC;
  TS.TrapAtFault = FaultPC != 0;
  _Unwind_Backtrace(recordFrame, &W);
}

/// The frames of a fault at the context's instruction.
void captureFaultFrames(void *Ctx) {
  auto *UC = static_cast<ucontext_t *>(Ctx);
#if defined(__x86_64__)
  captureFrames(uintptr_t(UC->uc_mcontext.gregs[REG_RIP]));
#elif defined(__aarch64__)
  captureFrames(uintptr_t(UC->uc_mcontext.pc));
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
    w2s_trap_code Code = W2S_TRAP_None;
    uintptr_t Addr = reinterpret_cast<uintptr_t>(Info->si_addr);
    if (Sig == SIGSEGV || Sig == SIGBUS) {
      uintptr_t Low = TS.StackLow;
      if (inReservation(Addr))
        Code = W2S_TRAP_MemoryOutOfBounds;
      // The guard page below the stack, or the margin above it.
      else if (Low && Addr + 1024 * 1024 >= Low && Addr < Low + StackMargin)
        Code = W2S_TRAP_CallStackExhausted;
    } else if (Sig == SIGFPE) {
      Code = Info->si_code == FPE_INTOVF ? W2S_TRAP_IntegerOverflow
                                         : W2S_TRAP_IntegerDivideByZero;
    }
    if (Code != W2S_TRAP_None) {
      captureFaultFrames(Ctx);
      jumpWithTrap(Code);
    }
  }
  chainToPrevious(Sig, Info, Ctx);
}

_Unwind_Reason_Code stopAtOnce(_Unwind_Context *, void *) {
  return _URC_END_OF_STACK;
}

void installHandlers() {
  // The unwinder initializes some tables on its first walk: let that
  // happen here rather than in a signal handler.
  _Unwind_Backtrace(stopAtOnce, nullptr);
  struct sigaction SA {};
  SA.sa_sigaction = handleSignal;
  SA.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&SA.sa_mask);
  // A collection must not stop a thread on its alternate stack: its
  // stack pointer would not say which part of its stack is live.
  sigaddset(&SA.sa_mask, gcSuspendSignal());
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
      TS.StackLimit = TS.StackLow + Margin;
    }
    pthread_attr_destroy(&Attr);
  }
}

} // namespace

namespace wasm2so::rt {

uintptr_t threadStackLimit() {
  setUpThread();
  return TS.StackLimit;
}

void registerReservation(const void *Base, uint64_t Size) {
  uintptr_t B = reinterpret_cast<uintptr_t>(Base);
  for (size_t I = 0; I < MaxReservations; ++I) {
    uintptr_t Expected = 0;
    if (ReservationBase[I].load(std::memory_order_relaxed) != 0 ||
        !ReservationBase[I].compare_exchange_strong(Expected, Claimed,
                                                    std::memory_order_acquire))
      continue;
    ReservationEnd[I].store(B + Size, std::memory_order_relaxed);
    ReservationBase[I].store(B, std::memory_order_release);
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

/// Calls the trampoline; false when a wasm exception that no wasm handler
/// caught reached this host-to-wasm boundary (docs/abi.md, "Exceptions").
/// Apart from callGuarded, so that the try block and the sigsetjmp do not
/// share a frame.
[[gnu::noinline]] static bool callCatching(w2s_entry_trampoline Trampoline,
                                           void *Code, void *Vmctx,
                                           w2s_value *Values) {
  try {
    Trampoline(Code, Vmctx, Values);
    return true;
  } catch (...) {
    return false;
  }
}

std::optional<Error> callGuarded(w2s_entry_trampoline Trampoline, void *Code,
                                 void *Vmctx, w2s_value *Values) {
  setUpThread();
  RecoveryPoint RP;
  RecoveryPoint *Prev = TS.Current;
  if (!Prev)
    gcEnterWasm();
  if (sigsetjmp(RP.Buf, 0) == 0) {
    TS.Current = &RP;
    bool Returned = callCatching(Trampoline, Code, Vmctx, Values);
    TS.Current = Prev;
    if (!Prev) {
      gcLeaveWasm();
      releaseFrameExceptions();
    }
    if (!Returned)
      return uncaughtException();
    return std::nullopt;
  }
  // Back from a trap: everything below this frame is gone. A fault's
  // handler left by siglongjmp, which keeps the signal mask: let a
  // collection's suspend signal in again.
  TS.Current = Prev;
  sigset_t Suspend;
  sigemptyset(&Suspend);
  sigaddset(&Suspend, gcSuspendSignal());
  pthread_sigmask(SIG_UNBLOCK, &Suspend, nullptr);
  if (!Prev) {
    gcLeaveWasm();
    releaseFrameExceptions();
  }
  if (TR.PendingError) {
    std::optional<Error> E = std::move(TR.PendingError);
    TR.PendingError.reset();
    // A host function's trap: the wasm frames that called it.
    if (E->K == Error::Trap && E->Backtrace.empty() && TS.NumTrapPCs)
      E->Backtrace = symbolizeFrames(TS.TrapPCs, TS.NumTrapPCs, false);
    TS.NumTrapPCs = 0;
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
  captureFrames(0);
  jumpWithTrap(Code);
}

void setPendingError(Error E) { TR.PendingError = std::move(E); }

void raisePendingError() {
  if (!TS.Current) {
    std::fprintf(stderr, "wasm2so: host error outside of any wasm call: %s\n",
                 TR.PendingError ? TR.PendingError->Message.c_str() : "");
    std::abort();
  }
  TS.NumTrapPCs = 0;
  if (TR.PendingError && TR.PendingError->K == Error::Trap &&
      TR.PendingError->Backtrace.empty())
    captureFrames(0);
  siglongjmp(TS.Current->Buf, 1);
}

} // namespace wasm2so::rt
