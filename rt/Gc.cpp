//===- Gc.cpp - The GC heap: allocation, i31, extern conversions ----------===//
//
// Objects of the any hierarchy live here, outside every linear memory, in
// one reserved range of address space, so that "is this a GC object" is a
// range compare (docs/abi.md, "Garbage collection"). Every object is made
// by gcAllocate, the single entry point a collector is to take over.
//
// There is no collector yet: the heap only grows, and an allocation past
// its reservation fails (compiled code then traps "out of memory: GC heap
// exhausted", instantiation fails, the host API answers null). Objects are
// structs, arrays (struct_new, array_new) and the boxes of the extern
// conversions.
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"
#include "Internal.h"

#include "wasm2so/runtime.h"

#include <mutex>
#include <sys/mman.h>

using namespace wasm2so::rt;

namespace {

/// Reserved address space for the heap, committed in steps as it grows.
constexpr uint64_t HeapReservation = 64ull << 30;
constexpr uint64_t CommitStep = 1ull << 20;

struct Heap {
  std::mutex Lock;
  uint8_t *Base = nullptr;
  uint64_t Used = 0;      // bytes handed out
  uint64_t Committed = 0; // bytes readable and writable
  bool Failed = false;    // the reservation could not be made
};

Heap &heap() {
  static Heap *H = [] {
    auto *H = new Heap();
    void *P = mmap(nullptr, HeapReservation, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (P == MAP_FAILED)
      H->Failed = true;
    else
      H->Base = static_cast<uint8_t *>(P);
    return H;
  }();
  return *H;
}

const w2s_gc_type ExternBoxType = {0, nullptr, W2S_GC_EXTERN_BOX, 0};
const w2s_gc_type I31BoxType = {0, nullptr, W2S_GC_I31_BOX, 0};

/// A box: the header, then one pointer-sized payload.
struct Box {
  w2s_gc_header Header;
  const void *Payload;
};

bool isI31(const void *P) {
  return reinterpret_cast<uintptr_t>(P) & W2S_I31_TAG;
}

} // namespace

namespace wasm2so::rt {

void *gcAllocate(const w2s_gc_type *Type, uint64_t Bytes) {
  Heap &H = heap();
  Bytes = (Bytes + 7) & ~uint64_t(7);
  uint8_t *Object = nullptr;
  {
    std::lock_guard<std::mutex> Guard(H.Lock);
    if (!H.Failed && Bytes <= HeapReservation - H.Used) {
      uint64_t End = H.Used + Bytes;
      if (End > H.Committed) {
        uint64_t NewCommit =
            std::min(HeapReservation, (End + CommitStep - 1) & ~(CommitStep - 1));
        if (mprotect(H.Base + H.Committed, NewCommit - H.Committed,
                     PROT_READ | PROT_WRITE) == 0)
          H.Committed = NewCommit;
      }
      if (End <= H.Committed) {
        Object = H.Base + H.Used;
        H.Used = End;
      }
    }
  }
  if (!Object)
    return nullptr;
  // Fresh pages are zero and nothing is reused: every field starts zero.
  reinterpret_cast<w2s_gc_header *>(Object)->type = Type;
  return Object;
}

bool isGcObject(const void *P) {
  Heap &H = heap();
  auto *B = static_cast<const uint8_t *>(P);
  return H.Base && B >= H.Base && B < H.Base + HeapReservation;
}

const void *anyFromExtern(const void *Ref) {
  if (!Ref)
    return nullptr;
  if (isGcObject(Ref)) {
    const auto *Object = static_cast<const Box *>(Ref);
    // An i31 that went out as an externref comes back as itself.
    if (Object->Header.type->kind == W2S_GC_I31_BOX)
      return Object->Payload;
    return Ref;
  }
  auto *B = static_cast<Box *>(gcAllocate(&ExternBoxType, sizeof(Box)));
  if (!B)
    return nullptr;
  B->Payload = Ref;
  return B;
}

const void *externFromAny(const void *Ref) {
  if (!Ref)
    return nullptr;
  if (isI31(Ref)) {
    auto *B = static_cast<Box *>(gcAllocate(&I31BoxType, sizeof(Box)));
    if (!B)
      return nullptr;
    B->Payload = Ref;
    return B;
  }
  const auto *Object = static_cast<const Box *>(Ref);
  if (Object->Header.type->kind == W2S_GC_EXTERN_BOX)
    return Object->Payload;
  return Ref;
}

AnyKind anyKind(const void *Ref) {
  if (!Ref)
    return AnyKind::Null;
  if (isI31(Ref))
    return AnyKind::I31;
  if (!isGcObject(Ref))
    return AnyKind::Unknown;
  switch (static_cast<const w2s_gc_header *>(Ref)->type->kind) {
  case W2S_GC_STRUCT:
    return AnyKind::Struct;
  case W2S_GC_ARRAY:
    return AnyKind::Array;
  case W2S_GC_EXTERN_BOX:
    return AnyKind::Host;
  default:
    return AnyKind::Unknown;
  }
}

const void *hostRefOf(const void *Ref) {
  if (anyKind(Ref) != AnyKind::Host)
    return nullptr;
  return static_cast<const Box *>(Ref)->Payload;
}

} // namespace wasm2so::rt

extern "C" {

const void *w2s_builtin_any_convert_extern(void *Vmctx, const void *Ref) {
  const void *R = anyFromExtern(Ref);
  if (Ref && !R)
    raiseTrap(W2S_TRAP_GcHeapExhausted);
  return R;
}

const void *w2s_builtin_extern_convert_any(void *Vmctx, const void *Ref) {
  const void *R = externFromAny(Ref);
  if (Ref && !R)
    raiseTrap(W2S_TRAP_GcHeapExhausted);
  return R;
}

void *w2s_builtin_struct_new(void *Vmctx, const void *Type, uint64_t Bytes) {
  void *P = gcAllocate(static_cast<const w2s_gc_type *>(Type), Bytes);
  if (!P)
    raiseTrap(W2S_TRAP_GcHeapExhausted);
  return P;
}

void *w2s_builtin_array_new(void *Vmctx, const void *Type, uint32_t Length,
                            uint32_t ElemBytes) {
  uint64_t Bytes = W2S_ARRAY_ELEMS + uint64_t(Length) * ElemBytes;
  void *P = gcAllocate(static_cast<const w2s_gc_type *>(Type), Bytes);
  if (!P)
    raiseTrap(W2S_TRAP_GcHeapExhausted);
  *reinterpret_cast<uint32_t *>(static_cast<uint8_t *>(P) + W2S_ARRAY_LENGTH) =
      Length;
  return P;
}

} // extern "C"
