//===- GcLayout.h - Where struct fields and array elements live -*- C++ -*-===//
//
// The layout of GC objects that compiled code reads and writes
// (LowerGC.cpp) and that the descriptor hands the runtime for the objects
// of constant expressions (Descriptor.cpp, w2s_gc_layout): one definition,
// so that the two cannot disagree (docs/abi.md, "Garbage collection").
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_GCLAYOUT_H
#define WASM2SO_COMPILER_GCLAYOUT_H

#include "Module.h"

#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace llvm {
class Constant;
} // namespace llvm

namespace wasm2so {

class ModuleLowering;

/// Bytes of a field's storage: 1 or 2 packed, 16 for v128, 4 or 8 else.
unsigned storageBytes(const FieldType &F);

/// The byte offset of each field of a struct type, and the object's size
/// (header included, a multiple of 8): natural alignment up to 8.
struct StructLayout {
  llvm::SmallVector<uint32_t, 8> Offsets;
  uint64_t Size = 0;
};
StructLayout structLayout(const Module &M, uint32_t TypeIdx);

/// The w2s_gc_type of struct or array type TypeIdx: a constant of ML's
/// LLVM module (linkonce_odr: every part of a split module may define it,
/// the linker keeps one; casts compare hashes, never these addresses).
llvm::Constant *gcTypeRecord(ModuleLowering &ML, uint32_t TypeIdx);

} // namespace wasm2so

#endif
