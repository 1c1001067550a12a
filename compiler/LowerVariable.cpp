//===- LowerVariable.cpp - local.* and global.* ---------------------------===//
//
// Locals are allocas (SSA after mem2reg). A global is a w2s_value cell that
// the vmctx points to: the instance's own, or the exporter's for an import,
// so mutable globals are shared by reference.
//
//===----------------------------------------------------------------------===//

#include "Environment.h"
#include "FunctionLowering.h"
#include "ModuleLowering.h"

using namespace llvm;

namespace wasm2so {

void FunctionLowering::lowerLocalGet(const Instr &I) {
  AllocaInst *A = Locals[I.Index];
  push(B.CreateLoad(A->getAllocatedType(), A));
}

void FunctionLowering::lowerLocalSet(const Instr &I) {
  B.CreateStore(pop(), Locals[I.Index]);
}

void FunctionLowering::lowerLocalTee(const Instr &I) {
  B.CreateStore(top(), Locals[I.Index]);
}

void FunctionLowering::lowerGlobalGet(const Instr &I) {
  const GlobalType &GT = M.Globals[I.Index].Type;
  Value *Cell = Env.globalCell(B, Vmctx, I.Index);
  LoadInst *L = B.CreateAlignedLoad(llvmType(GT.Type), Cell, Align(8),
                                    "global");
  if (!GT.Mutable && Env.OptimizerMetadata)
    L->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(ML.Ctx, {}));
  push(L);
}

void FunctionLowering::lowerGlobalSet(const Instr &I) {
  Value *Cell = Env.globalCell(B, Vmctx, I.Index);
  B.CreateAlignedStore(pop(), Cell, Align(8));
}

} // namespace wasm2so
