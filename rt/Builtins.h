//===- Builtins.h - The runtime entry points that compiled code calls ------===//
//
// One C function per entry of builtins.def, with the C types its signature
// string gives ("i" int32_t/uint32_t, "p" pointer, ...). Compiled code finds
// them in vmctx->builtins, in .def order.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_RT_BUILTINS_H
#define WASM2SO_RT_BUILTINS_H

#include <cstdint>

extern "C" {
[[noreturn]] void w2s_builtin_trap(void *Vmctx, int32_t Code);
int64_t w2s_builtin_memory_grow(void *Vmctx, uint32_t Mem, uint64_t Delta);
void w2s_builtin_memory_fill(void *Vmctx, uint32_t Mem, uint64_t Dst,
                             uint32_t Byte, uint64_t Len);
void w2s_builtin_memory_copy(void *Vmctx, uint32_t DstMem, uint32_t SrcMem,
                             uint64_t Dst, uint64_t Src, uint64_t Len);
void w2s_builtin_memory_init(void *Vmctx, uint32_t Mem, uint32_t Seg,
                             uint64_t Dst, uint32_t Src, uint32_t Len);
void w2s_builtin_data_drop(void *Vmctx, uint32_t Seg);
const void *w2s_builtin_table_get(void *Vmctx, uint32_t Table, uint64_t I);
void w2s_builtin_table_set(void *Vmctx, uint32_t Table, uint64_t I,
                           const void *Ref);
int64_t w2s_builtin_table_grow(void *Vmctx, uint32_t Table, const void *Init,
                               uint64_t Delta);
void w2s_builtin_table_fill(void *Vmctx, uint32_t Table, uint64_t Dst,
                            const void *Ref, uint64_t Len);
void w2s_builtin_table_copy(void *Vmctx, uint32_t DstTable, uint32_t SrcTable,
                            uint64_t Dst, uint64_t Src, uint64_t Len);
void w2s_builtin_table_init(void *Vmctx, uint32_t Table, uint32_t Seg,
                            uint64_t Dst, uint32_t Src, uint32_t Len);
void w2s_builtin_elem_drop(void *Vmctx, uint32_t Seg);
// Exceptions.cpp
[[noreturn]] void w2s_builtin_throw(void *Vmctx, const void *Tag,
                                    const void *Payload);
[[noreturn]] void w2s_builtin_throw_ref(void *Vmctx, void *Exn);
void *w2s_builtin_exn_escape(void *Vmctx, void *Exn);
void w2s_builtin_exn_free(void *Vmctx, void *Exn);
[[noreturn]] void w2s_builtin_rethrow(void *Vmctx, void *Exn);
const void *w2s_builtin_any_convert_extern(void *Vmctx, const void *Ref);
const void *w2s_builtin_extern_convert_any(void *Vmctx, const void *Ref);
void *w2s_builtin_struct_new(void *Vmctx, const void *Type, uint64_t Bytes);
void *w2s_builtin_array_new(void *Vmctx, const void *Type, uint32_t Length,
                            uint32_t ElemBytes);
// GcSegments.cpp
void *w2s_builtin_array_new_data(void *Vmctx, const void *Type, uint32_t Seg,
                                 uint32_t Offset, uint32_t Length,
                                 uint32_t ElemBytes);
void *w2s_builtin_array_new_elem(void *Vmctx, const void *Type, uint32_t Seg,
                                 uint32_t Offset, uint32_t Length);
void w2s_builtin_array_init_data(void *Vmctx, void *Array, uint32_t Seg,
                                 uint32_t Dst, uint32_t Offset, uint32_t Length,
                                 uint32_t ElemBytes);
void w2s_builtin_array_init_elem(void *Vmctx, void *Array, uint32_t Seg,
                                 uint32_t Dst, uint32_t Offset,
                                 uint32_t Length);
}

#endif
