//===- Builtins.cpp - Bulk memory, table and trap entry points -------------===//
//
// Each builtin checks its bounds exactly as the spec's instruction does and
// traps through raiseTrap, before it creates any C++ object with a
// destructor (raiseTrap unwinds with siglongjmp). Indices are module-local
// and resolve through the calling instance's core.
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"
#include "Internal.h"

#include <cstring>

using namespace wasm2so::rt;

namespace {

Memory &memoryOf(void *Vmctx, uint32_t I) { return *coreOf(Vmctx).Memories[I]; }
Table &tableOf(void *Vmctx, uint32_t I) { return *coreOf(Vmctx).Tables[I]; }

/// [Start, Start + Len) lies within the memory; no sum that can wrap.
void checkMemory(const Memory &M, uint64_t Start, uint64_t Len) {
  uint64_t Size = M.pages() * W2S_PAGE_SIZE;
  if (Start > Size || Len > Size - Start)
    raiseTrap(W2S_TRAP_MemoryOutOfBounds);
}

void checkTable(const Table &T, uint64_t Start, uint64_t Len) {
  if (Start > T.size() || Len > T.size() - Start)
    raiseTrap(W2S_TRAP_TableOutOfBounds);
}

} // namespace

extern "C" {

void w2s_builtin_trap(void *Vmctx, int32_t Code) {
  raiseTrap(static_cast<w2s_trap_code>(Code));
}

int64_t w2s_builtin_memory_grow(void *Vmctx, uint32_t Mem, uint64_t Delta) {
  return memoryOf(Vmctx, Mem).grow(Delta);
}

void w2s_builtin_memory_fill(void *Vmctx, uint32_t Mem, uint64_t Dst,
                             uint32_t Byte, uint64_t Len) {
  Memory &M = memoryOf(Vmctx, Mem);
  checkMemory(M, Dst, Len);
  std::memset(M.data() + Dst, int(Byte & 0xff), Len);
}

void w2s_builtin_memory_copy(void *Vmctx, uint32_t DstMem, uint32_t SrcMem,
                             uint64_t Dst, uint64_t Src, uint64_t Len) {
  Memory &D = memoryOf(Vmctx, DstMem);
  Memory &S = memoryOf(Vmctx, SrcMem);
  checkMemory(S, Src, Len);
  checkMemory(D, Dst, Len);
  std::memmove(D.data() + Dst, S.data() + Src, Len);
}

void w2s_builtin_memory_init(void *Vmctx, uint32_t Mem, uint32_t Seg,
                             uint64_t Dst, uint32_t Src, uint32_t Len) {
  InstanceCore &C = coreOf(Vmctx);
  Memory &M = *C.Memories[Mem];
  if (uint64_t(Src) + Len > C.DataSizes[Seg])
    raiseTrap(W2S_TRAP_MemoryOutOfBounds);
  checkMemory(M, Dst, Len);
  if (Len)
    std::memcpy(M.data() + Dst, C.Desc->data_segments[Seg].bytes + Src, Len);
}

void w2s_builtin_data_drop(void *Vmctx, uint32_t Seg) {
  coreOf(Vmctx).DataSizes[Seg] = 0;
}

const void *w2s_builtin_table_get(void *Vmctx, uint32_t T, uint64_t I) {
  Table &Tab = tableOf(Vmctx, T);
  if (I >= Tab.size())
    raiseTrap(W2S_TRAP_TableOutOfBounds);
  return Tab.get(uint32_t(I));
}

void w2s_builtin_table_set(void *Vmctx, uint32_t T, uint64_t I,
                           const void *Ref) {
  Table &Tab = tableOf(Vmctx, T);
  if (I >= Tab.size())
    raiseTrap(W2S_TRAP_TableOutOfBounds);
  Tab.set(uint32_t(I), Ref);
  if (Ref)
    coreOf(Vmctx).keepAliveFrom(T);
}

int64_t w2s_builtin_table_grow(void *Vmctx, uint32_t T, const void *Init,
                               uint64_t Delta) {
  // No table grows past 2^32-1 elements here (Table::grow's limit).
  if (Delta > 0xffffffffu)
    return -1;
  int64_t Old = tableOf(Vmctx, T).grow(uint32_t(Delta), Init);
  if (Old >= 0 && Init && Delta)
    coreOf(Vmctx).keepAliveFrom(T);
  return Old;
}

// Past checkTable, every index below is within the table: uint32_t.
void w2s_builtin_table_fill(void *Vmctx, uint32_t T, uint64_t Dst,
                            const void *Ref, uint64_t Len) {
  Table &Tab = tableOf(Vmctx, T);
  checkTable(Tab, Dst, Len);
  for (uint64_t I = 0; I < Len; ++I)
    Tab.set(uint32_t(Dst + I), Ref);
  if (Ref && Len)
    coreOf(Vmctx).keepAliveFrom(T);
}

void w2s_builtin_table_copy(void *Vmctx, uint32_t DstTable, uint32_t SrcTable,
                            uint64_t Dst, uint64_t Src, uint64_t Len) {
  Table &D = tableOf(Vmctx, DstTable);
  Table &S = tableOf(Vmctx, SrcTable);
  checkTable(S, Src, Len);
  checkTable(D, Dst, Len);
  if (!Len)
    return;
  // Slots are plain data: a memmove copies the cached funcref fields too.
  std::memmove(D.raw()->elems + Dst, S.raw()->elems + Src,
               size_t(Len) * sizeof(w2s_table_elem));
  // What the source holds is alive through this instance; the destination
  // may outlive it.
  coreOf(Vmctx).keepAliveFrom(DstTable);
}

void w2s_builtin_table_init(void *Vmctx, uint32_t T, uint32_t Seg,
                            uint64_t Dst, uint32_t Src, uint32_t Len) {
  InstanceCore &C = coreOf(Vmctx);
  Table &Tab = *C.Tables[T];
  const std::vector<const void *> &Items = C.Elems[Seg];
  if (uint64_t(Src) + Len > Items.size())
    raiseTrap(W2S_TRAP_TableOutOfBounds);
  checkTable(Tab, Dst, Len);
  for (uint32_t I = 0; I < Len; ++I)
    Tab.set(uint32_t(Dst + I), Items[Src + I]);
  if (Len)
    C.keepAliveFrom(T);
}

void w2s_builtin_elem_drop(void *Vmctx, uint32_t Seg) {
  std::vector<const void *>().swap(coreOf(Vmctx).Elems[Seg]);
}

} // extern "C"

void *const *wasm2so::rt::builtinTable() {
  static void *const Table[] = {
#define W2S_BUILTIN(Name, Signature)                                           \
  reinterpret_cast<void *>(&w2s_builtin_##Name),
#include "wasm2so/builtins.def"
  };
  static_assert(sizeof(Table) / sizeof(Table[0]) == W2S_BUILTIN_COUNT,
                "one entry per builtin");
  return Table;
}
