//===- GcSegments.cpp - Arrays from segments; objects of constants ---------===//
//
// The builtins of array.new_data, array.new_elem, array.init_data and
// array.init_elem, which read the segments an instance keeps (its data
// segments' bytes and sizes, its evaluated element segments; a dropped
// segment is empty), and the objects that constant expressions make
// (struct.new, array.new*: Instance.cpp's evalConst calls gcConstNew with
// the layout the compiler wrote). Every object comes from gcAllocate, as
// those of Gc.cpp's struct_new and array_new do (docs/abi.md, "Garbage
// collection").
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"
#include "Internal.h"

#include <cstring>

using namespace wasm2so::rt;

namespace {

/// A zeroed array of Length elements of ElemBytes each, its length
/// written; null when the heap is exhausted.
uint8_t *newArray(const w2s_gc_type *Type, uint32_t Length,
                  uint32_t ElemBytes) {
  auto *A = static_cast<uint8_t *>(
      gcAllocate(Type, W2S_ARRAY_ELEMS + uint64_t(Length) * ElemBytes));
  if (A)
    std::memcpy(A + W2S_ARRAY_LENGTH, &Length, sizeof(Length));
  return A;
}

uint8_t *newArrayOrTrap(const void *Type, uint32_t Length, uint32_t ElemBytes) {
  uint8_t *A = newArray(static_cast<const w2s_gc_type *>(Type), Length,
                        ElemBytes);
  if (!A)
    raiseTrap(W2S_TRAP_GcHeapExhausted);
  return A;
}

uint32_t arrayLength(const void *A) {
  uint32_t N;
  std::memcpy(&N, static_cast<const uint8_t *>(A) + W2S_ARRAY_LENGTH, sizeof(N));
  return N;
}

uint8_t *elem(void *A, uint32_t I, uint32_t ElemBytes) {
  return static_cast<uint8_t *>(A) + W2S_ARRAY_ELEMS + uint64_t(I) * ElemBytes;
}

/// Traps Code unless [Start, Start + Count) lies within [0, Size). Every
/// operand is below 2^37 (a u32 times at most 16): the sum cannot wrap.
void checkRange(uint64_t Start, uint64_t Count, uint64_t Size,
                w2s_trap_code Code) {
  if (Start + Count > Size)
    raiseTrap(Code);
}

/// The bytes of data segment Seg from Offset, once checked.
const uint8_t *dataAt(const InstanceCore &C, uint32_t Seg, uint32_t Offset) {
  return C.Desc->data_segments[Seg].bytes + Offset;
}

/// Stores V, a value of F's valtype, in F's storage at At: the low bytes
/// of the w2s_value (little-endian), which truncates i32 to i8 and i16.
void store(uint8_t *At, const w2s_gc_field &F, const w2s_value &V) {
  std::memcpy(At, &V, F.bytes);
}

} // namespace

const void *wasm2so::rt::gcConstNew(uint32_t Kind, const w2s_gc_layout &L,
                                    const w2s_value *Ops, uint32_t Count) {
  if (Kind == W2S_CONST_STRUCT_NEW || Kind == W2S_CONST_STRUCT_NEW_DEFAULT) {
    auto *S = static_cast<uint8_t *>(gcAllocate(L.type, L.size));
    if (S && Kind == W2S_CONST_STRUCT_NEW)
      for (uint32_t K = 0; K < L.num_fields; ++K)
        store(S + L.fields[K].offset, L.fields[K], Ops[K]);
    return S;
  }
  const w2s_gc_field &F = L.fields[0];
  uint32_t Length = Kind == W2S_CONST_ARRAY_NEW       ? uint32_t(Ops[1].i32)
                    : Kind == W2S_CONST_ARRAY_NEW_DEFAULT ? uint32_t(Ops[0].i32)
                                                          : Count;
  uint8_t *A = newArray(L.type, Length, F.bytes);
  if (!A)
    return nullptr;
  if (Kind == W2S_CONST_ARRAY_NEW_FIXED) {
    for (uint32_t I = 0; I < Length; ++I)
      store(elem(A, I, F.bytes), F, Ops[I]);
  } else if (Kind == W2S_CONST_ARRAY_NEW) {
    // Fresh objects are zero: a zero value needs no stores.
    uint8_t Zero[sizeof(w2s_value)] = {};
    if (std::memcmp(&Ops[0], Zero, F.bytes) != 0)
      for (uint32_t I = 0; I < Length; ++I)
        store(elem(A, I, F.bytes), F, Ops[0]);
  }
  return A;
}

extern "C" {

void *w2s_builtin_array_new_data(void *Vmctx, const void *Type, uint32_t Seg,
                                 uint32_t Offset, uint32_t Length,
                                 uint32_t ElemBytes) {
  InstanceCore &C = coreOf(Vmctx);
  uint64_t Bytes = uint64_t(Length) * ElemBytes;
  checkRange(Offset, Bytes, C.DataSizes[Seg], W2S_TRAP_MemoryOutOfBounds);
  uint8_t *A = newArrayOrTrap(Type, Length, ElemBytes);
  if (Bytes)
    std::memcpy(elem(A, 0, ElemBytes), dataAt(C, Seg, Offset), Bytes);
  return A;
}

void *w2s_builtin_array_new_elem(void *Vmctx, const void *Type, uint32_t Seg,
                                 uint32_t Offset, uint32_t Length) {
  const std::vector<const void *> &Items = coreOf(Vmctx).Elems[Seg];
  checkRange(Offset, Length, Items.size(), W2S_TRAP_TableOutOfBounds);
  uint8_t *A = newArrayOrTrap(Type, Length, sizeof(void *));
  if (Length)
    std::memcpy(elem(A, 0, sizeof(void *)), Items.data() + Offset,
                size_t(Length) * sizeof(void *));
  return A;
}

void w2s_builtin_array_init_data(void *Vmctx, void *Array, uint32_t Seg,
                                 uint32_t Dst, uint32_t Offset, uint32_t Length,
                                 uint32_t ElemBytes) {
  InstanceCore &C = coreOf(Vmctx);
  checkRange(Dst, Length, arrayLength(Array), W2S_TRAP_ArrayOutOfBounds);
  uint64_t Bytes = uint64_t(Length) * ElemBytes;
  checkRange(Offset, Bytes, C.DataSizes[Seg], W2S_TRAP_MemoryOutOfBounds);
  if (Bytes)
    std::memcpy(elem(Array, Dst, ElemBytes), dataAt(C, Seg, Offset), Bytes);
}

void w2s_builtin_array_init_elem(void *Vmctx, void *Array, uint32_t Seg,
                                 uint32_t Dst, uint32_t Offset,
                                 uint32_t Length) {
  const std::vector<const void *> &Items = coreOf(Vmctx).Elems[Seg];
  checkRange(Dst, Length, arrayLength(Array), W2S_TRAP_ArrayOutOfBounds);
  checkRange(Offset, Length, Items.size(), W2S_TRAP_TableOutOfBounds);
  if (Length)
    std::memcpy(elem(Array, Dst, sizeof(void *)), Items.data() + Offset,
                size_t(Length) * sizeof(void *));
}

} // extern "C"
