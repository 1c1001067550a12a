//===- LowerMemory.cpp - Loads, stores and the memory.* operators ---------===//
//
// A load or store addresses MemoryBase + zext(i32 address) + offset, computed
// in 64 bits, where it cannot wrap. There is no bounds check: the runtime
// reserves W2S_MEMORY_RESERVATION bytes of address space around every 32-bit
// memory and turns a fault anywhere in it into an out of bounds trap.
// Accesses are `align 1`, since Wasm alignment is only a hint, and carry the
// linear-memory alias class (Environment::markLinearMemory). Narrow loads
// are a load and an extension, so a dropped value leads back to its load
// (FunctionLowering::keepLoad). memory.size reads the page count through the
// Environment; everything that may grow, fill or copy memory is a builtin.
//
//===----------------------------------------------------------------------===//

#include "Environment.h"
#include "FunctionLowering.h"

using namespace llvm;

namespace wasm2so {

/// Pops the i32 address and returns the host pointer of the access. Address
/// and offset are both below 2^32, so their 64-bit sum wraps neither way.
Value *FunctionLowering::linearAddress(const Instr &I) {
  Value *Addr = B.CreateZExt(pop(), I64Ty, "addr");
  if (I.Mem.Offset != 0)
    Addr = B.CreateAdd(Addr, B.getInt64(I.Mem.Offset), "ea",
                       /*HasNUW=*/true, /*HasNSW=*/true);
  return B.CreateGEP(B.getInt8Ty(), MemoryBase, Addr, "ptr");
}

/// Loads MemTy and extends it to ResultTy (Signed or not) when narrower.
static Value *load(FunctionLowering &FL, const Instr &I, Type *MemTy,
                   Type *ResultTy, bool Signed = false) {
  IRBuilder<> &B = FL.B;
  Value *Ptr = FL.linearAddress(I);
  LoadInst *L = B.CreateAlignedLoad(MemTy, Ptr, Align(1), "load");
  FL.Env.markLinearMemory(L);
  Value *V = L;
  if (MemTy == ResultTy)
    return V;
  return Signed ? B.CreateSExt(V, ResultTy) : B.CreateZExt(V, ResultTy);
}

/// Pops the value and the address; stores the value truncated to MemTy.
static void store(FunctionLowering &FL, const Instr &I, Type *MemTy) {
  IRBuilder<> &B = FL.B;
  Value *V = FL.pop();
  Value *Ptr = FL.linearAddress(I);
  if (V->getType() != MemTy)
    V = B.CreateTrunc(V, MemTy);
  FL.Env.markLinearMemory(B.CreateAlignedStore(V, Ptr, Align(1)));
}

#define LOAD(Name, MemTy, ResultTy, Signed)                                    \
  void FunctionLowering::lower##Name(const Instr &I) {                         \
    push(load(*this, I, MemTy, ResultTy, Signed));                             \
  }
#define STORE(Name, MemTy)                                                     \
  void FunctionLowering::lower##Name(const Instr &I) { store(*this, I, MemTy); }

LOAD(I32Load, I32Ty, I32Ty, false)
LOAD(I64Load, I64Ty, I64Ty, false)
LOAD(F32Load, F32Ty, F32Ty, false)
LOAD(F64Load, F64Ty, F64Ty, false)
LOAD(I32Load8S, B.getInt8Ty(), I32Ty, true)
LOAD(I32Load8U, B.getInt8Ty(), I32Ty, false)
LOAD(I32Load16S, B.getInt16Ty(), I32Ty, true)
LOAD(I32Load16U, B.getInt16Ty(), I32Ty, false)
LOAD(I64Load8S, B.getInt8Ty(), I64Ty, true)
LOAD(I64Load8U, B.getInt8Ty(), I64Ty, false)
LOAD(I64Load16S, B.getInt16Ty(), I64Ty, true)
LOAD(I64Load16U, B.getInt16Ty(), I64Ty, false)
LOAD(I64Load32S, I32Ty, I64Ty, true)
LOAD(I64Load32U, I32Ty, I64Ty, false)

STORE(I32Store, I32Ty)
STORE(I64Store, I64Ty)
STORE(F32Store, F32Ty)
STORE(F64Store, F64Ty)
STORE(I32Store8, B.getInt8Ty())
STORE(I32Store16, B.getInt16Ty())
STORE(I64Store8, B.getInt8Ty())
STORE(I64Store16, B.getInt16Ty())
STORE(I64Store32, I32Ty)

#undef LOAD
#undef STORE

void FunctionLowering::lowerMemorySize(const Instr &I) {
  Value *Pages = Env.memoryPages(B, Vmctx, I.Index);
  push(B.CreateTrunc(Pages, I32Ty, "pages"));
}

void FunctionLowering::lowerMemoryGrow(const Instr &I) {
  Value *Delta = pop();
  push(Env.callBuiltin(B, Vmctx, W2S_BUILTIN_memory_grow,
                       {B.getInt32(I.Index), Delta}));
}

// memory.fill: [dst, byte, len] on the stack; Index is the memory.
void FunctionLowering::lowerMemoryFill(const Instr &I) {
  Value *Len = pop();
  Value *Byte = pop();
  Value *Dst = pop();
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_memory_fill,
                  {B.getInt32(I.Index), Dst, Byte, Len});
}

// memory.copy: [dst, src, len]; Index is the destination memory, Index2 the
// source.
void FunctionLowering::lowerMemoryCopy(const Instr &I) {
  Value *Len = pop();
  Value *Src = pop();
  Value *Dst = pop();
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_memory_copy,
                  {B.getInt32(I.Index), B.getInt32(I.Index2), Dst, Src, Len});
}

// memory.init: [dst, src, len]; Index is the data segment, Index2 the memory.
void FunctionLowering::lowerMemoryInit(const Instr &I) {
  Value *Len = pop();
  Value *Src = pop();
  Value *Dst = pop();
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_memory_init,
                  {B.getInt32(I.Index2), B.getInt32(I.Index), Dst, Src, Len});
}

void FunctionLowering::lowerDataDrop(const Instr &I) {
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_data_drop, {B.getInt32(I.Index)});
}

} // namespace wasm2so
