//===- FunctionLowering.cpp - The driver loop of one function's lowering --===//
//
// Sets up the frame (vmctx, locals, memory base), dispatches every
// instruction to its lower<Name> method through Opcodes.def, skips code that
// cannot be reached, and finishes with the stack-overflow check and the
// shared trap blocks.
//
//===----------------------------------------------------------------------===//

#include "FunctionLowering.h"
#include "Decoder.h"
#include "Environment.h"
#include "Error.h"
#include "ModuleLowering.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/Local.h"

#include <string_view>

using namespace llvm;

namespace wasm2so {

FunctionLowering::FunctionLowering(ModuleLowering &ML, uint32_t FuncIdx)
    : B(ML.Ctx), ML(ML), Env(ML.Env), M(ML.M), FuncIdx(FuncIdx) {
  I32Ty = B.getInt32Ty();
  I64Ty = B.getInt64Ty();
  F32Ty = B.getFloatTy();
  F64Ty = B.getDoubleTy();
  V128Ty = FixedVectorType::get(I64Ty, 2);
  PtrTy = B.getPtrTy();
  F = ML.function(FuncIdx);
}

Type *FunctionLowering::llvmType(ValType T) const { return ML.llvmType(T); }

llvm::Function *FunctionLowering::intrinsic(Intrinsic::ID ID, ArrayRef<Type *> Tys) {
  return Intrinsic::getDeclaration(&ML.LM, ID, Tys);
}

Value *FunctionLowering::callIntrinsic(Intrinsic::ID ID, ArrayRef<Type *> Tys,
                                       ArrayRef<Value *> Args) {
  return B.CreateCall(intrinsic(ID, Tys), Args);
}

Value *FunctionLowering::stackPointer() {
  // llvm.read_register reads the register and nothing else; llvm.stacksave
  // would do too, but it counts as writing memory. The intrinsic itself is
  // declared as reading memory, which would keep every function that
  // calls from being found memory(none): the call says it reads none.
  Triple T(ML.LM.getTargetTriple());
  const char *Reg = T.getArch() == Triple::x86_64    ? "rsp"
                    : T.getArch() == Triple::aarch64 ? "sp"
                                                     : nullptr;
  if (!Reg)
    return B.CreatePtrToInt(callIntrinsic(Intrinsic::stacksave, {PtrTy}, {}),
                            I64Ty, "sp");
  MDNode *Name = MDNode::get(ML.Ctx, MDString::get(ML.Ctx, Reg));
  auto *SP = cast<CallInst>(callIntrinsic(
      Intrinsic::read_register, {I64Ty}, {MetadataAsValue::get(ML.Ctx, Name)}));
  SP->setDoesNotAccessMemory();
  return SP;
}

void FunctionLowering::emitStackCheck(ArrayRef<CallBase *> Calls,
                                      BasicBlock *Trap) {
  // The check goes where it runs at most once and before every call: the
  // nearest block that dominates all the calls (those that can run), out
  // of any loop. Paths that call nothing (a recursion's base case) skip it.
  // At -O0, where speed is not the point, it ends the entry block: the
  // dominator tree and the loops cost a function of any size more than
  // the check (a fifth of -O0's lowering on a large module).
  BasicBlock *At = nullptr;
  if (ML.Unoptimized) {
    if (Calls.empty())
      return;
    At = EntryBlock;
  } else {
    DominatorTree DT(*F);
    LoopInfo LI(DT);
    for (CallBase *Call : Calls)
      if (DT.isReachableFromEntry(Call->getParent()))
        At = At ? DT.findNearestCommonDominator(At, Call->getParent())
                : Call->getParent();
    if (!At)
      return;
    while (Loop *L = LI.getLoopFor(At))
      At =
          DT.getNode(L->getOutermostLoop()->getHeader())->getIDom()->getBlock();
  }
  // The entry block holds the allocas and calls nothing: the check then
  // ends it. Elsewhere it starts the block, before the block's calls.
  BasicBlock *Rest;
  if (At == EntryBlock) {
    Rest = EntryBlock->getTerminator()->getSuccessor(0);
    EntryBlock->getTerminator()->eraseFromParent();
  } else {
    Rest = At->splitBasicBlock(At->getFirstNonPHIIt(), "body");
    At->getTerminator()->eraseFromParent();
  }
  // The stack pointer (after the prologue), not the frame address, which
  // would force a frame pointer; the limit sits just before the vmctx
  // header, one load away (docs/abi.md, "Traps").
  // (Two statements: the order of the instructions must not depend on the
  // order in which the host compiler evaluates arguments.)
  B.SetInsertPoint(At);
  MDBuilder MDB(ML.Ctx);
  Value *Limit = Env.stackLimit(B, Vmctx);
  Value *SP = stackPointer();
  B.CreateCondBr(B.CreateICmpULT(SP, Limit), Trap, Rest,
                 MDB.createBranchWeights(1, 1u << 20));
}

BasicBlock *FunctionLowering::trapBlock(w2s_trap_code Code) {
  if (TrapBlocks[Code])
    return TrapBlocks[Code];
  // Trap blocks join the function at the end of lower(), after the code.
  // With -g each trap site gets its own block, carrying the site's offset.
  BasicBlock *BB = BasicBlock::Create(ML.Ctx, "trap");
  IRBuilder<> TB(BB);
  TB.SetCurrentDebugLocation(B.getCurrentDebugLocation());
  CallInst *Call = Env.callBuiltin(TB, Vmctx, W2S_BUILTIN_trap,
                                   {TB.getInt32(Code)});
  Call->setDoesNotReturn();
  Call->setDoesNotThrow();
  if (Code == W2S_TRAP_CallStackExhausted)
    Env.markStackTrap(Call);
  TB.CreateUnreachable();
  if (ML.Debug == DebugLevel::Full)
    ExtraTrapBlocks.push_back(BB);
  else
    TrapBlocks[Code] = BB;
  return BB;
}

void FunctionLowering::trapIf(Value *Cond, w2s_trap_code Code) {
  BasicBlock *Cont = BasicBlock::Create(ML.Ctx, "cont", F);
  MDBuilder MDB(ML.Ctx);
  B.CreateCondBr(Cond, trapBlock(Code), Cont,
                 MDB.createBranchWeights(1, 1u << 20));
  B.SetInsertPoint(Cont);
}

void FunctionLowering::trap(w2s_trap_code Code) {
  B.CreateBr(trapBlock(Code));
  Reachable = false;
}

Value *FunctionLowering::popCondition() {
  // A comparison's i32 (the zext of its i1) gives the i1 back, so that a
  // branch or select tests the comparison itself. Otherwise -O0's
  // instruction selector makes a bool of the flags, widens it, compares
  // it with zero and branches on that: three more instructions for every
  // `br_if` and `if` on a comparison. (The optimizer folds the same.)
  Value *V = pop();
  if (auto *Z = dyn_cast<ZExtInst>(V))
    if (Z->getSrcTy()->isIntegerTy(1)) {
      Bypassed.push_back(Z);
      return Z->getOperand(0);
    }
  return B.CreateICmpNE(V, B.getInt32(0));
}

void FunctionLowering::deleteBypassed() {
  // Only now: until the function ends, the operand stack or an if's saved
  // parameters may still hold a zext. Unused, it would still count as a
  // use of its comparison, and the fast instruction selector folds a
  // comparison into a branch only when the branch is its one use.
  SmallPtrSet<Instruction *, 16> Deleted;
  for (Instruction *Z : Bypassed) {
    if (!Deleted.insert(Z).second || !Z->use_empty())
      continue;
    auto *Cmp = dyn_cast<Instruction>(Z->getOperand(0));
    Z->eraseFromParent();
    if (Cmp && Cmp->use_empty() && isa<CmpInst>(Cmp) && Deleted.insert(Cmp).second)
      Cmp->eraseFromParent();
  }
  Bypassed.clear();
}

void FunctionLowering::foldForwardingBlocks() {
  // Structured control leaves many blocks that only branch on: an if's
  // missing else, a br_if's fall-through into a block's end. At -O0 no
  // pass removes them, and each costs code generation a machine block, a
  // jump and its selection; a third of a large module's blocks are such.
  // A block's branch goes straight to the target instead, unless a phi
  // there would then need two values for one predecessor.
  SmallVector<BasicBlock *, 64> Forwarding;
  for (BasicBlock &BB : *F) {
    auto *Br = dyn_cast<BranchInst>(&BB.front());
    if (&BB != EntryBlock && Br && Br->isUnconditional() && !pred_empty(&BB))
      Forwarding.push_back(&BB);
  }
  for (BasicBlock *BB : Forwarding)
    TryToSimplifyUncondBranchFromEmptyBlock(BB);
}

void FunctionLowering::keepLoad(Value *V) {
  // Narrow, extending, splat, zero and lane loads wrap the load in a few
  // casts or vector operations; look through them.
  for (int Steps = 0; Steps < 4 && V; ++Steps) {
    if (auto *Load = dyn_cast<LoadInst>(V)) {
      Load->setVolatile(true);
      return;
    }
    if (auto *Cast = dyn_cast<CastInst>(V))
      V = Cast->getOperand(0);
    else if (auto *Shuffle = dyn_cast<ShuffleVectorInst>(V))
      V = Shuffle->getOperand(0);
    else if (auto *Insert = dyn_cast<InsertElementInst>(V))
      V = Insert->getOperand(1);
    else
      return;
  }
}

/// Operators that neither trap nor call: constants, locals and globals,
/// branches and blocks, and the numeric operators that cannot trap. A trap
/// backtrace never stops in their code, so without -g their code carries no
/// debug location (the line table is that much smaller and cheaper to
/// build: docs/abi.md, "Inlined frames").
static bool isQuiet(Opcode Op) {
  switch (Op) {
  case Opcode::Nop: case Opcode::Block: case Opcode::Loop: case Opcode::If:
  case Opcode::Else: case Opcode::End: case Opcode::Br: case Opcode::BrIf:
  case Opcode::BrTable: case Opcode::Return: case Opcode::Drop:
  case Opcode::Select: case Opcode::SelectT: case Opcode::LocalGet:
  case Opcode::LocalSet: case Opcode::LocalTee: case Opcode::GlobalGet:
  case Opcode::GlobalSet:
    return true;
  // The numeric operators that trap.
  case Opcode::I32DivS: case Opcode::I32DivU: case Opcode::I32RemS:
  case Opcode::I32RemU: case Opcode::I64DivS: case Opcode::I64DivU:
  case Opcode::I64RemS: case Opcode::I64RemU: case Opcode::I32TruncF32S:
  case Opcode::I32TruncF32U: case Opcode::I32TruncF64S:
  case Opcode::I32TruncF64U: case Opcode::I64TruncF32S:
  case Opcode::I64TruncF32U: case Opcode::I64TruncF64S:
  case Opcode::I64TruncF64U:
    return false;
  default:
    break;
  }
  // The other operators of fixed type (Opcodes.def: Result not X) that
  // take no memarg compute without trapping.
  switch (Op) {
#define WASM_OP(Name, Prefix, Code, Text, Imm, Result, P0, P1)                \
  case Opcode::Name:                                                           \
    return std::string_view(#Result) != "X" &&                                 \
           std::string_view(#Imm).substr(0, 6) != "MemArg";
#include "Opcodes.def"
  }
  return false;
}

/// Control operators are lowered even in unreachable code, to keep the
/// control stack in step.
static bool isStructured(Opcode Op) {
  return Op == Opcode::Block || Op == Opcode::Loop || Op == Opcode::If ||
         Op == Opcode::Else || Op == Opcode::End || Op == Opcode::TryTable ||
         Op == Opcode::Try || Op == Opcode::Catch || Op == Opcode::CatchAll ||
         Op == Opcode::Delegate;
}

Error FunctionLowering::lower() {
  const wasm2so::Function &WF = M.definedFunc(FuncIdx);
  const FuncType &T = M.funcType(FuncIdx);

  EntryBlock = BasicBlock::Create(ML.Ctx, "entry", F);
  BasicBlock *Body = BasicBlock::Create(ML.Ctx, "body", F);
  B.SetInsertPoint(EntryBlock);
  DISubprogram *SP = ML.subprogram(FuncIdx);
  if (SP)
    B.SetCurrentDebugLocation(DILocation::get(ML.Ctx, WF.CodeOffset, 0, SP));
  Vmctx = F->getArg(0);
  Vmctx->setName("vmctx");

  // Parameters and declared locals live in allocas; mem2reg makes them SSA.
  for (unsigned I = 0; I < T.Params.size(); ++I) {
    AllocaInst *A = B.CreateAlloca(llvmType(T.Params[I]), nullptr, "param");
    B.CreateStore(F->getArg(I + 1), A);
    Locals.push_back(A);
  }
  for (const LocalDecl &D : WF.Locals) {
    Type *Ty = llvmType(D.Type);
    for (uint32_t I = 0; I < D.Count; ++I) {
      AllocaInst *A = B.CreateAlloca(Ty, nullptr, "local");
      B.CreateStore(Constant::getNullValue(Ty), A);
      Locals.push_back(A);
    }
  }
  if (!M.Memories.empty())
    MemoryBase = Env.memoryBase(B, Vmctx, 0);
  B.CreateBr(Body);
  B.SetInsertPoint(Body);

  // The function body is the outermost block; its end returns.
  Control Fn;
  Fn.K = Control::Function;
  Fn.Join = BasicBlock::Create(ML.Ctx, "return", F);
  Fn.Branch = Fn.Join;
  Fn.Else = nullptr;
  Fn.Results.assign(T.Results.begin(), T.Results.end());
  Fn.StackHeight = 0;
  {
    IRBuilder<> JB(Fn.Join);
    for (ValType R : T.Results)
      Fn.JoinPhis.push_back(JB.CreatePHI(llvmType(R), 2));
  }
  Controls.push_back(std::move(Fn));

  BodyReader R(M, WF);
  Instr I;
  while (!Controls.empty()) {
    if (Error E = R.read(I))
      return E;
    if (!Reachable && !isStructured(I.Op))
      continue;
    CurrentOffset = I.Offset;
    if (SP && ML.Debug != DebugLevel::Full && isQuiet(I.Op))
      B.SetCurrentDebugLocation(DebugLoc());
    else if (SP)
      B.SetCurrentDebugLocation(DILocation::get(ML.Ctx, I.Offset, 0, SP));
    switch (I.Op) {
#define WASM_OP(Name, Prefix, Code, Text, Imm, Result, P0, P1)                \
  case Opcode::Name:                                                           \
    lower##Name(I);                                                            \
    break;
#include "Opcodes.def"
    }
  }

  if (TailCallError)
    return unsupported(*TailCallError,
                       "tail call to another signature on this target "
                       "(wasm2so has them on x86-64 and AArch64)");

  // The function's end left B in the return block, with the results on the
  // stack (the return block's phis), or unreachable when nothing returns.
  if (!Reachable) {
    B.CreateUnreachable();
  } else if (T.Results.empty()) {
    B.CreateRetVoid();
  } else if (T.Results.size() == 1) {
    B.CreateRet(Stack.back());
  } else {
    Value *Agg = PoisonValue::get(F->getReturnType());
    for (unsigned I = 0; I < T.Results.size(); ++I)
      Agg = B.CreateInsertValue(Agg, Stack[Stack.size() - T.Results.size() + I],
                                {I});
    B.CreateRet(Agg);
  }

  // A function that calls others checks the stack before its first call:
  // recursion that runs out of stack traps instead of crashing.
  BasicBlock *StackTrap = nullptr;
  if (HasCalls) {
    if (SP)
      B.SetCurrentDebugLocation(DILocation::get(ML.Ctx, WF.CodeOffset, 0, SP));
    StackTrap = trapBlock(W2S_TRAP_CallStackExhausted);
  }
  deleteBypassed();
  for (BasicBlock *BB : TrapBlocks)
    if (BB)
      BB->insertInto(F);
  for (BasicBlock *BB : ExtraTrapBlocks)
    BB->insertInto(F);

  // Compiled code calls only builtins (C convention), intrinsics and wasm
  // code: direct calls, imports and call_indirect, which take the wasm
  // calling convention (a direct call its callee's, which -O0 may make C:
  // ModuleLowering::createFunction). A call whose convention differs from
  // its callee's
  // is undefined behaviour, so this covers every call in one place. (The
  // inline asm that pins a load, pinGuardedLoad, is no call.)
  SmallVector<CallBase *, 16> WasmCalls;
  for (BasicBlock &BB : *F)
    for (Instruction &I : BB)
      if (auto *Call = dyn_cast<CallBase>(&I))
        if (!isa<IntrinsicInst>(Call) && !Call->isInlineAsm() &&
            !Environment::isBuiltinCall(Call)) {
          Env.setWasmConvention(Call);
          if (llvm::Function *Callee = Call->getCalledFunction())
            Call->setCallingConv(Callee->getCallingConv());
          // A tail call takes no stack: it replaces this function's frame.
          if (!Call->isMustTailCall())
            WasmCalls.push_back(Call);
        }
  if (StackTrap)
    emitStackCheck(WasmCalls, StackTrap);
  if (ML.Unoptimized)
    foldForwardingBlocks();
  return Error::success();
}

} // namespace wasm2so
