//===- Exceptions.cpp - Throwing wasm exceptions ---------------------------===//
//
// docs/abi.md, "Exceptions": a throw allocates a w2s_exception and raises
// it with the unwinder (_Unwind_RaiseException). The landing pads of
// compiled code use libstdc++'s personality routine, for which their
// catch-all clause is catch (...); callGuarded stops whatever no wasm
// handler takes. Compiled code only compares tag pointers and reads the
// payload at the offsets abi.h fixes.
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"
#include "Internal.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_set>
#include <unwind.h>

extern "C" _Unwind_Reason_Code
__gxx_personality_v0(int, _Unwind_Action, _Unwind_Exception_Class,
                     _Unwind_Exception *, _Unwind_Context *);

using namespace wasm2so::rt;

namespace {

static_assert(sizeof(_Unwind_Exception) <= sizeof(w2s_exception::header),
              "the unwinder's header fits");

/// The tag of the last exception this thread raised, for the message of
/// an uncaught one.
thread_local const w2s_tag *LastTag = nullptr;

/// This thread's exceptions that are neither freed nor escaped: what a
/// trap or a rethrow leaves behind would otherwise leak. (The states of
/// w2s_exception::escaped are in Internal.h.)
thread_local std::unordered_set<w2s_exception *> Live;

_Unwind_Exception *headerOf(w2s_exception *E) {
  return reinterpret_cast<_Unwind_Exception *>(E->header);
}

void release(w2s_exception *E) {
  if (E && E->escaped == ExnOwned) {
    Live.erase(E);
    gcUnregisterException(E);
    std::free(E);
  }
}

void cleanup(_Unwind_Reason_Code, _Unwind_Exception *UE) {
  release(reinterpret_cast<w2s_exception *>(UE));
}

[[noreturn]] void raise(w2s_exception *E) {
  _Unwind_Exception *UE = headerOf(E);
  std::memset(UE, 0, sizeof(*UE));
  UE->exception_class = W2S_EXCEPTION_CLASS;
  UE->exception_cleanup = cleanup;
  LastTag = E->tag;
  _Unwind_RaiseException(UE);
  // Only without any host-to-wasm call below (callGuarded catches all).
  std::fprintf(stderr, "wasm2so: uncaught exception outside of any wasm "
                       "call\n");
  std::abort();
}

} // namespace

extern "C" {

void w2s_builtin_throw(void *Vmctx, const void *TagPtr, const void *Payload) {
  const auto *Tag = static_cast<const w2s_tag *>(TagPtr);
  size_t Size = exceptionBytes(Tag);
  auto *E = static_cast<w2s_exception *>(
      std::aligned_alloc(16, (Size + 15) & ~size_t(15)));
  if (!E) {
    std::fprintf(stderr, "wasm2so: out of memory throwing an exception\n");
    std::abort();
  }
  E->tag = Tag;
  E->escaped = ExnOwned;
  Live.insert(E);
  if (Tag->num_params)
    std::memcpy(E->values, Payload, Tag->num_params * sizeof(w2s_value));
  // Its payload may hold GC references: a root until it is freed or
  // escapes (then the collector owns it: docs/abi.md, "Escaped exnrefs
  // are collected").
  gcRegisterException(E);
  raise(E);
}

void w2s_builtin_throw_ref(void *Vmctx, void *Exn) {
  if (!Exn)
    raiseTrap(W2S_TRAP_NullExceptionReference);
  raise(static_cast<w2s_exception *>(Exn));
}

void *w2s_builtin_exn_escape(void *Vmctx, void *Exn) {
  auto *E = static_cast<w2s_exception *>(Exn);
  if (gcAdoptException(E))
    Live.erase(E);
  return Exn;
}

void w2s_builtin_rethrow(void *Vmctx, void *Exn) {
  auto *E = static_cast<w2s_exception *>(Exn);
  if (E->escaped == ExnOwned)
    E->escaped = ExnRethrown; // stays in Live
  raise(E);
}

void w2s_builtin_exn_free(void *Vmctx, void *Exn) {
  release(static_cast<w2s_exception *>(Exn));
}

} // extern "C"

namespace wasm2so::rt {

void *exceptionPersonality() {
  return reinterpret_cast<void *>(&__gxx_personality_v0);
}

void releaseFrameExceptions() {
  for (w2s_exception *E : Live) {
    gcUnregisterException(E);
    std::free(E);
  }
  Live.clear();
}

size_t liveExceptionCount() { return Live.size(); }

Error uncaughtException() {
  Error E;
  E.K = Error::Exception;
  E.Message = "uncaught exception";
  if (LastTag && LastTag->name)
    E.Message += std::string(" (tag ") + LastTag->name + ")";
  LastTag = nullptr;
  return E;
}

} // namespace wasm2so::rt
