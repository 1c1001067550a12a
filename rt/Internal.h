//===- Internal.h - Private interfaces shared by the runtime's files -------===//
//
// The instance core (what a vmctx points back to), the trap machinery
// (recovery points, signal handlers, stack limits) and the registry of
// memory reservations. Nothing here is part of the embedding API.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_RT_INTERNAL_H
#define WASM2SO_RT_INTERNAL_H

#include "wasm2so/runtime.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace wasm2so::rt {

//===------------------------------ instances ----------------------------===//

/// Everything one instance owns. Shared: exported Functions are aliasing
/// shared_ptrs into Defined, so a live export keeps the whole core alive
/// without a reference cycle. vmctx->instance points here.
struct InstanceCore {
  std::shared_ptr<Module> Mod;
  const w2s_descriptor *Desc = nullptr;
  /// calloc'ed, descriptor->vmctx_size bytes after the w2s_runtime_limits
  /// that precede it (abi.h).
  w2s_vmctx *Vmctx = nullptr;

  std::vector<std::shared_ptr<Function>> Imported; // imported functions
  std::unique_ptr<Function[]> Defined;             // defined functions
  std::vector<Function *> Funcs;                   // the whole index space
  std::vector<std::shared_ptr<Table>> Tables;
  std::vector<std::shared_ptr<Memory>> Memories;
  std::vector<std::shared_ptr<Global>> Globals;
  std::vector<std::shared_ptr<Tag>> Tags;
  /// True for a table this instance defines and does not export: nothing
  /// else can reach it, so it need not keep this instance alive.
  std::vector<bool> PrivateTable;

  /// Element segments evaluated at instantiation (funcref or externref
  /// values); a dropped segment is emptied.
  std::vector<std::vector<const void *>> Elems;
  /// Data segments' sizes, 0 once dropped.
  std::vector<uint32_t> DataSizes;

  std::weak_ptr<InstanceCore> Self;

  ~InstanceCore();

  /// Records that a reference stored by this instance into Tables[T] must
  /// stay alive as long as the table does.
  void keepAliveFrom(uint32_t T);
};

struct Instance::State {
  std::shared_ptr<InstanceCore> Core;
};

inline InstanceCore &coreOf(void *Vmctx) {
  return *static_cast<InstanceCore *>(static_cast<w2s_vmctx *>(Vmctx)->instance);
}

//===------------------------------ collector ----------------------------===//

/// Guards every Table::Owners the runtime changes, and the collector.
std::mutex &ownersMutex();
/// Makes an instance core known to the cycle collector.
void trackCore(const std::shared_ptr<InstanceCore> &Core);
/// Frees instances kept alive only by reference cycles through tables.
void collectCycles();

//===-------------------------------- traps ------------------------------===//

/// Calls Trampoline(Code, Vmctx, Values) under a fresh recovery point. A trap
/// (or a host error) inside unwinds back here and comes back as the Error.
std::optional<Error> callGuarded(w2s_entry_trampoline Trampoline, void *Code,
                                 void *Vmctx, w2s_value *Values);

/// Unwinds to the current recovery point with a trap. Never returns; the
/// caller must hold no live C++ objects with destructors.
[[noreturn]] void raiseTrap(w2s_trap_code Code);

/// The GC heap (Gc.cpp): a zeroed object of Bytes whose header names Type,
/// or null when the heap is exhausted (after a collection, when this
/// thread is inside wasm outside any GcDeferral). Whether P points into
/// the heap. Whether any object was ever made.
void *gcAllocate(const w2s_gc_type *Type, uint64_t Bytes);
bool isGcObject(const void *P);
/// The object a constant expression's GC constructor makes (GcSegments.cpp):
/// Kind is W2S_CONST_STRUCT_NEW ... W2S_CONST_ARRAY_NEW_FIXED, L its layout,
/// Ops its Count operands in stack order (the loader checked their types).
/// Null when the heap is exhausted.
const void *gcConstNew(uint32_t Kind, const w2s_gc_layout &L,
                       const w2s_value *Ops, uint32_t Count);
bool gcHeapUsed();

/// The outermost host-to-wasm call of a thread begins and ends: the
/// collector stops and scans the threads in between (waits, at entry, for
/// a collection in progress).
void gcEnterWasm();
void gcLeaveWasm();
/// The signal that stops a thread for a collection; masked while a trap's
/// signal handler runs.
int gcSuspendSignal();

/// While one exists on this thread, its allocations do not collect: the
/// runtime holds references the collector cannot see (instantiation).
struct GcDeferral {
  GcDeferral();
  ~GcDeferral();
  GcDeferral(const GcDeferral &) = delete;
  GcDeferral &operator=(const GcDeferral &) = delete;
};

/// The collector's roots outside the stacks: reference globals and tables,
/// instances' element segments, live exceptions' payloads.
void gcRegisterGlobal(const Global *G);
void gcUnregisterGlobal(const Global *G);
void gcRegisterTable(const Table *T);
void gcUnregisterTable(const Table *T);
void gcRegisterCore(const InstanceCore *C);
void gcUnregisterCore(const InstanceCore *C);
void gcRegisterException(const w2s_exception *E);
void gcUnregisterException(const w2s_exception *E);
/// w2s_exception::escaped: still owned by the one catch arm or handler
/// that has it (ExnOwned), raised again by rethrow and owned by this
/// thread's wasm frames (ExnRethrown), or handed out as an exnref and
/// owned by the collector (ExnEscaped, written once, under the
/// collector's lock). docs/abi.md, "Escaped exnrefs are collected".
enum : uint64_t { ExnOwned = 0, ExnEscaped = 1, ExnRethrown = 2 };
/// The bytes of an exception of Tag: the header, then its payload values
/// (one slot at least, abi.h).
inline size_t exceptionBytes(const w2s_tag *Tag) {
  size_t N = Tag->num_params ? Tag->num_params : 1;
  return offsetof(w2s_exception, values) + N * sizeof(w2s_value);
}
/// Hands E, caught as an exnref, to the collector: no longer a root, it is
/// freed once no root reaches it. Counts as an allocation of its size, so
/// it may collect. False when the collector has it already (an exnref
/// caught again after throw_ref).
bool gcAdoptException(w2s_exception *E);
/// Escaped exceptions the collector still holds (tests).
size_t gcEscapedExceptionCount();

/// Unwinds to the current recovery point with an Error set earlier by
/// setPendingError. Same restrictions as raiseTrap.
[[noreturn]] void raisePendingError();
void setPendingError(Error E);

/// The personality routine that compiled landing pads use.
void *exceptionPersonality();
/// The Error of an exception that reached a host-to-wasm call uncaught.
Error uncaughtException();
/// Frees the exceptions only wasm frames could still refer to (caught by a
/// legacy catch arm and left by a trap or a rethrow): called when the
/// outermost wasm call of this thread has returned.
void releaseFrameExceptions();
/// How many exceptions this thread holds that are neither freed nor
/// escaped (for tests).
size_t liveExceptionCount();

/// Makes M's functions known to trap backtraces (rt/Backtrace.cpp).
void registerCode(const std::shared_ptr<Module> &M);
/// The wasm frames of a captured chain of code addresses, innermost first:
/// leading runtime frames are skipped, and the walk ends at the first
/// address outside wasm code. PCs[0] is a faulting instruction when
/// FirstIsFault, else every entry is a return address.
std::vector<Frame> symbolizeFrames(const uintptr_t *PCs, unsigned N,
                                   bool FirstIsFault);

/// The stack limit of the calling thread, which the stack checks of
/// compiled code compare with (the w2s_runtime_limits before each vmctx).
uintptr_t threadStackLimit();

/// Memory reservations that the fault handler turns into traps.
void registerReservation(const void *Base, uint64_t Size);
void unregisterReservation(const void *Base);

//===------------------------------ builtins -----------------------------===//

/// The table of builtin entry points, in builtins.def order.
void *const *builtinTable();

//===------------------------------- helpers -----------------------------===//

uint64_t hashOf(const FuncSig &Sig);
/// Enters a host function's signature in the process-wide registry; false
/// when its hash collides with a different signature.
bool registerHostSignature(const FuncSig &Sig, uint64_t Hash);
FuncSig sigOfType(const w2s_func_type &T);
const char *valTypeName(uint32_t T);
std::string nameOf(const w2s_name &N);

} // namespace wasm2so::rt

#endif
