//===- LowerTable.cpp - table.*, elem.drop and ref.* ----------------------===//
//
// Reference values are pointers: a funcref points to the canonical
// w2s_funcref of a function, an externref is the host's pointer, null is
// null. table.get and table.size read the runtime's table directly; the
// operators that write or resize a table call runtime builtins, which keep
// the slot's copy of hash/code/vmctx and the owners of the functions right.
//
//===----------------------------------------------------------------------===//

#include "Environment.h"
#include "FunctionLowering.h"
#include "ModuleLowering.h"

#include "llvm/IR/Constants.h"

using namespace llvm;

namespace wasm2so {

Value *FunctionLowering::popTableIndex(uint32_t Table) {
  Value *Index = pop();
  if (!M.Tables[Table].Lim.Is64)
    return Index;
  Value *Big = B.CreateICmpUGT(Index, B.getInt64(0xFFFFFFFFu), "index.big");
  return B.CreateSelect(Big, B.getInt32(0xFFFFFFFFu),
                        B.CreateTrunc(Index, I32Ty), "index");
}

/// V, an index or length of a table, as the i64 the builtins take.
static Value *toAddr64(FunctionLowering &FL, Value *V) {
  return FL.B.CreateZExt(V, FL.I64Ty);
}

void FunctionLowering::lowerTableGet(const Instr &I) {
  ML.noteTableEntriesRead(I.Index);
  Value *Index = popTableIndex(I.Index);
  Value *Table = Env.table(B, Vmctx, I.Index);
  trapIf(B.CreateICmpUGE(Index, Env.tableSize(B, Table)),
         W2S_TRAP_TableOutOfBounds);
  Value *Elem = Env.tableElem(B, Env.tableElems(B, Table), Index);
  push(Env.elemRef(B, Elem));
}

void FunctionLowering::lowerTableSet(const Instr &I) {
  Value *Ref = pop();
  Value *Index = toAddr64(*this, pop());
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_table_set,
                  {B.getInt32(I.Index), Index, Ref});
}

void FunctionLowering::lowerTableSize(const Instr &I) {
  Value *Size = Env.tableSize(B, Env.table(B, Vmctx, I.Index));
  push(M.Tables[I.Index].Lim.Is64 ? B.CreateZExt(Size, I64Ty) : Size);
}

void FunctionLowering::lowerTableGrow(const Instr &I) {
  Value *Delta = toAddr64(*this, pop());
  Value *Init = pop();
  Value *Old = Env.callBuiltin(B, Vmctx, W2S_BUILTIN_table_grow,
                               {B.getInt32(I.Index), Init, Delta});
  push(M.Tables[I.Index].Lim.Is64 ? Old : B.CreateTrunc(Old, I32Ty));
}

void FunctionLowering::lowerTableFill(const Instr &I) {
  Value *Len = toAddr64(*this, pop());
  Value *Ref = pop();
  Value *Dst = toAddr64(*this, pop());
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_table_fill,
                  {B.getInt32(I.Index), Dst, Ref, Len});
}

void FunctionLowering::lowerTableCopy(const Instr &I) {
  ML.noteTableEntriesRead(I.Index2); // the source's entries
  Value *Len = toAddr64(*this, pop());
  Value *Src = toAddr64(*this, pop());
  Value *Dst = toAddr64(*this, pop());
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_table_copy,
                  {B.getInt32(I.Index), B.getInt32(I.Index2), Dst, Src, Len});
}

void FunctionLowering::lowerTableInit(const Instr &I) {
  Value *Len = pop();
  Value *Src = pop();
  Value *Dst = toAddr64(*this, pop());
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_table_init,
                  {B.getInt32(I.Index2), B.getInt32(I.Index), Dst, Src, Len});
}

void FunctionLowering::lowerElemDrop(const Instr &I) {
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_elem_drop, {B.getInt32(I.Index)});
}

void FunctionLowering::lowerRefNull(const Instr &I) {
  push(ConstantPointerNull::get(cast<PointerType>(PtrTy)));
}

void FunctionLowering::lowerRefIsNull(const Instr &I) {
  push(B.CreateZExt(B.CreateIsNull(pop()), I32Ty));
}

void FunctionLowering::lowerRefAsNonNull(const Instr &I) {
  trapIf(B.CreateIsNull(top(), "is_null"), W2S_TRAP_NullReference);
}

void FunctionLowering::lowerRefFunc(const Instr &I) {
  ML.noteRefFunc(I.Index);
  push(Env.funcRef(B, Vmctx, I.Index));
}

} // namespace wasm2so
