//===- LowerMemory.cpp - Loads, stores and the memory.* operators ---------===//
//
// A load or store on a 32-bit memory addresses Base + zext(i32 address) +
// offset, computed in 64 bits, where it cannot wrap. There is no bounds
// check: the runtime reserves W2S_MEMORY_RESERVATION bytes of address space
// around every 32-bit memory and turns a fault anywhere in it into an out of
// bounds trap. A 64-bit memory (memory64) has no such guard: every access
// checks address + offset + size <= current length first (docs/abi.md,
// "Memory64"). Memory 0's base is loaded once per function; another
// memory's base is an invariant load from its w2s_memory record at the
// access, which the optimizer hoists and merges.
// Accesses are `align 1`, since Wasm alignment is only a hint, and carry the
// linear-memory alias class (Environment::markLinearMemory). Narrow loads
// are a load and an extension, so a dropped value leads back to its load
// (FunctionLowering::keepLoad). That is not enough: a value the optimizer
// finds dead later (xor'ed into a dropped value, set to a local never read)
// would let it delete the load, and with it the trap of an access out of
// bounds. So every load of a 32-bit memory is also pinned
// (pinGuardedLoad): an empty inline asm, which only LLVM sees, takes the
// loaded value as an operand. It touches no memory that LLVM knows of, so
// loads and stores around it are optimized as before. But the loop
// vectorizer does not widen a loop with a call in it, so the pins of loads
// whose values are still used go before it runs (Optimize.cpp): those loads
// stay for their uses. The differential tester found this
// (docs/security.md, "Differential testing"). memory.size reads the page count through the
// Environment; everything that may grow, fill or copy memory is a builtin,
// which takes 64-bit addresses and lengths for memories of either type.
//
//===----------------------------------------------------------------------===//

#include "Environment.h"
#include "FunctionLowering.h"
#include "ModuleLowering.h"

#include "llvm/IR/InlineAsm.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace wasm2so {

/// Bytes accessed by a memory instruction: its natural alignment.
static uint64_t accessBytes(ImmKind K) {
  switch (K) {
  case ImmKind::MemArg1:
  case ImmKind::MemArgLane1:
    return 1;
  case ImmKind::MemArg2:
  case ImmKind::MemArgLane2:
    return 2;
  case ImmKind::MemArg4:
  case ImmKind::MemArgLane4:
    return 4;
  case ImmKind::MemArg8:
  case ImmKind::MemArgLane8:
    return 8;
  case ImmKind::MemArg16:
    return 16;
  default:
    llvm_unreachable("not a memory access");
  }
}

/// Pops the address and returns the host pointer of the access.
/// On a 32-bit memory, address and offset are both below 2^32, so their
/// 64-bit sum wraps neither way and the guard region covers it. On a 64-bit
/// memory the access traps unless offset + size <= length and
/// address <= length - (offset + size): no sum that could wrap is formed.
Value *FunctionLowering::linearAddress(const Instr &I) {
  uint32_t Mem = I.Mem.Memory;
  Value *Base = Mem == 0 ? MemoryBase : Env.memoryBase(B, Vmctx, Mem);
  if (!M.Memories[Mem].Lim.Is64) {
    Value *Addr = B.CreateZExt(pop(), I64Ty, "addr");
    if (I.Mem.Offset != 0)
      Addr = B.CreateAdd(Addr, B.getInt64(I.Mem.Offset), "ea",
                         /*HasNUW=*/true, /*HasNSW=*/true);
    return B.CreateGEP(B.getInt8Ty(), Base, Addr, "ptr");
  }
  Value *Addr = pop();
  uint64_t Size = accessBytes(opcodeInfo(I.Op).Imm);
  uint64_t Reach = I.Mem.Offset + Size; // bytes past the address
  if (Reach < Size) {
    // offset + size wraps: no memory is that long.
    trapIf(B.getTrue(), W2S_TRAP_MemoryOutOfBounds);
    Reach = Size;
  } else {
    Value *Len = B.CreateShl(Env.memoryPages(B, Vmctx, Mem), 16, "mem.len");
    Value *Short = B.CreateICmpULT(Len, B.getInt64(Reach), "mem.short");
    Value *Past = B.CreateICmpUGT(
        Addr, B.CreateSub(Len, B.getInt64(Reach)), "mem.past");
    trapIf(B.CreateOr(Short, Past, "oob"), W2S_TRAP_MemoryOutOfBounds);
  }
  Value *EA = Addr;
  if (I.Mem.Offset != 0)
    EA = B.CreateAdd(Addr, B.getInt64(I.Mem.Offset), "ea", /*HasNUW=*/true);
  return B.CreateGEP(B.getInt8Ty(), Base, EA, "ptr");
}

void FunctionLowering::pinGuardedLoad(LoadInst *L, const Instr &I) {
  if (M.Memories[I.Mem.Memory].Lim.Is64)
    return; // the explicit check traps, whatever becomes of the load
  if (ML.Unoptimized) {
    // Nothing deletes a volatile load, and the fast instruction selector
    // selects one as it does any load; it cannot select the inline asm,
    // and each pin made it hand the instruction to the slower selector
    // (a third of -O0's code generation time on a large module).
    L->setVolatile(true);
    return;
  }
  // A general register for up to 64 bits (a float or a short vector as an
  // integer of its size); a vector register for a v128.
  Value *V = L;
  const char *Constraint = "r";
  unsigned Bits = L->getType()->getPrimitiveSizeInBits().getFixedValue();
  if (Bits > 64)
    Constraint =
        Triple(F->getParent()->getTargetTriple()).isAArch64() ? "w" : "x";
  else if (!L->getType()->isIntegerTy())
    V = B.CreateBitCast(L, B.getIntNTy(Bits));
  auto *Asm = InlineAsm::get(
      FunctionType::get(B.getVoidTy(), {V->getType()}, false), "", Constraint,
      /*hasSideEffects=*/true);
  CallInst *Pin = B.CreateCall(Asm, {V});
  Pin->setDoesNotThrow();
  Pin->addFnAttr(Attribute::WillReturn);
  Pin->setMemoryEffects(MemoryEffects::inaccessibleMemOnly());
  Pin->setMetadata(PinMD, MDNode::get(B.getContext(), {}));
}

/// Loads MemTy and extends it to ResultTy (Signed or not) when narrower.
static Value *load(FunctionLowering &FL, const Instr &I, Type *MemTy,
                   Type *ResultTy, bool Signed = false) {
  IRBuilder<> &B = FL.B;
  Value *Ptr = FL.linearAddress(I);
  LoadInst *L = B.CreateAlignedLoad(MemTy, Ptr, Align(1), "load");
  FL.Env.markLinearMemory(L);
  FL.pinGuardedLoad(L, I);
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

/// V, an address or length of a memory or table of address type Is64, as
/// the i64 the builtins take.
static Value *toAddr64(FunctionLowering &FL, Value *V) {
  return FL.B.CreateZExt(V, FL.I64Ty);
}

/// An i64 result of a builtin as a value of the address type.
static Value *fromAddr64(FunctionLowering &FL, Value *V, bool Is64) {
  return Is64 ? V : FL.B.CreateTrunc(V, FL.I32Ty);
}

void FunctionLowering::lowerMemorySize(const Instr &I) {
  Value *Pages = Env.memoryPages(B, Vmctx, I.Index);
  push(M.Memories[I.Index].Lim.Is64 ? Pages
                                    : B.CreateTrunc(Pages, I32Ty, "pages"));
}

void FunctionLowering::lowerMemoryGrow(const Instr &I) {
  Value *Delta = toAddr64(*this, pop());
  Value *Old = Env.callBuiltin(B, Vmctx, W2S_BUILTIN_memory_grow,
                               {B.getInt32(I.Index), Delta});
  push(fromAddr64(*this, Old, M.Memories[I.Index].Lim.Is64));
}

// memory.fill: [dst, byte, len] on the stack; Index is the memory.
void FunctionLowering::lowerMemoryFill(const Instr &I) {
  Value *Len = toAddr64(*this, pop());
  Value *Byte = pop();
  Value *Dst = toAddr64(*this, pop());
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_memory_fill,
                  {B.getInt32(I.Index), Dst, Byte, Len});
}

// memory.copy: [dst, src, len]; Index is the destination memory, Index2 the
// source.
void FunctionLowering::lowerMemoryCopy(const Instr &I) {
  Value *Len = toAddr64(*this, pop());
  Value *Src = toAddr64(*this, pop());
  Value *Dst = toAddr64(*this, pop());
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_memory_copy,
                  {B.getInt32(I.Index), B.getInt32(I.Index2), Dst, Src, Len});
}

// memory.init: [dst, src, len]; Index is the data segment, Index2 the memory.
// src and len index the segment: always i32.
void FunctionLowering::lowerMemoryInit(const Instr &I) {
  Value *Len = pop();
  Value *Src = pop();
  Value *Dst = toAddr64(*this, pop());
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_memory_init,
                  {B.getInt32(I.Index2), B.getInt32(I.Index), Dst, Src, Len});
}

void FunctionLowering::lowerDataDrop(const Instr &I) {
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_data_drop, {B.getInt32(I.Index)});
}

} // namespace wasm2so
