//===- LowerException.cpp - try_table, throw, throw_ref --------------------===//
//
// Zero-cost exception handling (docs/abi.md, "Exceptions"). Outside try
// blocks nothing changes. Inside a try_table every call that may throw
// (wasm calls, throw, throw_ref) is an invoke whose unwind edge goes to the
// block's landing pad, a catch-all that hands the exception object to the
// block's dispatch. The dispatch, emitted at the try_table's end, tests the
// catch clauses in order; an exception no clause takes goes to the dispatch
// of the enclosing try_table of the function, or is thrown again.
//
//===----------------------------------------------------------------------===//

#include "Environment.h"
#include "FunctionLowering.h"
#include "ModuleLowering.h"

#include "llvm/IR/Constants.h"

using namespace llvm;

namespace wasm2so {

FunctionLowering::Control *FunctionLowering::innermostTry() {
  for (Control &C : llvm::reverse(Controls))
    if (C.K == Control::TryTable && C.ReachableAtEntry)
      return &C;
  return nullptr;
}

BasicBlock *FunctionLowering::dispatchBlock(Control &C) {
  if (!C.Dispatch) {
    C.Dispatch = BasicBlock::Create(ML.Ctx, "catch.dispatch", F);
    IRBuilder<> DB(C.Dispatch);
    C.DispatchExn = DB.CreatePHI(PtrTy, 2, "exn");
  }
  return C.Dispatch;
}

CallBase *FunctionLowering::mayThrow(CallInst *Call) {
  Control *Try = innermostTry();
  if (!Try)
    return Call;
  if (!Try->Pad) {
    // The landing pad catches everything (a null type info is catch (...)
    // to the personality); the dispatch decides.
    Try->Pad = BasicBlock::Create(ML.Ctx, "catch.pad", F);
    IRBuilder<> PB(Try->Pad);
    PB.SetCurrentDebugLocation(B.getCurrentDebugLocation());
    LandingPadInst *LP =
        PB.CreateLandingPad(StructType::get(PtrTy, I32Ty), 1, "lp");
    LP->addClause(ConstantPointerNull::get(cast<PointerType>(PtrTy)));
    Value *Exn = PB.CreateExtractValue(LP, {0}, "exn");
    BasicBlock *Dispatch = dispatchBlock(*Try);
    Try->DispatchExn->addIncoming(Exn, Try->Pad);
    PB.CreateBr(Dispatch);
    if (!F->hasPersonalityFn())
      F->setPersonalityFn(ML.personality());
  }
  BasicBlock *Cont = BasicBlock::Create(ML.Ctx, "invoke.cont", F);
  SmallVector<Value *, 8> Args(Call->args());
  InvokeInst *Invoke = InvokeInst::Create(Call->getFunctionType(),
                                          Call->getCalledOperand(), Cont,
                                          Try->Pad, Args, "", Call);
  Invoke->setCallingConv(Call->getCallingConv());
  Invoke->setAttributes(Call->getAttributes());
  Invoke->setDebugLoc(Call->getDebugLoc());
  SmallVector<std::pair<unsigned, MDNode *>, 4> MDs;
  Call->getAllMetadata(MDs);
  for (auto &[Kind, MD] : MDs)
    Invoke->setMetadata(Kind, MD);
  Invoke->takeName(Call);
  Call->replaceAllUsesWith(Invoke);
  Call->eraseFromParent();
  B.SetInsertPoint(Cont);
  return Invoke;
}

void FunctionLowering::lowerTryTable(const Instr &I) {
  enterBlock(I, Control::TryTable);
}

void FunctionLowering::emitCatchDispatch(Control &C) {
  IRBuilderBase::InsertPointGuard Guard(B);
  size_t Height = Stack.size();
  B.SetInsertPoint(C.Dispatch);
  Value *Exn = C.DispatchExn;
  bool CaughtAll = false;
  for (size_t K = 0; K + 2 < C.Catches.size() && !CaughtAll; K += 3) {
    auto Kind = CatchKind(C.Catches[K]);
    uint32_t TagIdx = C.Catches[K + 1];
    // The clause's label, counted from outside the try_table (whose
    // control is popped already).
    Control &Target = Controls[Controls.size() - 1 - C.Catches[K + 2]];
    bool WithTag = Kind == CatchKind::Catch || Kind == CatchKind::CatchRef;
    bool WithRef = Kind == CatchKind::CatchRef || Kind == CatchKind::CatchAllRef;
    BasicBlock *Next = nullptr;
    if (WithTag) {
      BasicBlock *Match = BasicBlock::Create(ML.Ctx, "catch", F);
      Next = BasicBlock::Create(ML.Ctx, "catch.next", F);
      Value *Same = B.CreateICmpEQ(Env.exceptionTag(B, Exn),
                                   Env.tag(B, Vmctx, TagIdx), "tag.match");
      B.CreateCondBr(Same, Match, Next);
      B.SetInsertPoint(Match);
      const FuncType &T = M.Types[M.Tags[TagIdx]];
      for (unsigned J = 0; J < T.Params.size(); ++J)
        push(B.CreateAlignedLoad(llvmType(T.Params[J]),
                                 Env.exceptionValue(B, Exn, J), Align(8)));
    } else {
      CaughtAll = true;
    }
    if (WithRef)
      push(Env.callBuiltin(B, Vmctx, W2S_BUILTIN_exn_escape, {Exn}));
    else
      Env.callBuiltin(B, Vmctx, W2S_BUILTIN_exn_free, {Exn});
    bool IsLoop = Target.K == Control::Loop;
    auto &Phis = IsLoop ? Target.BranchPhis : Target.JoinPhis;
    BasicBlock *From = B.GetInsertBlock();
    for (unsigned J = 0; J < Phis.size(); ++J)
      Phis[J]->addIncoming(Stack[Stack.size() - Phis.size() + J], From);
    B.CreateBr(Target.Branch);
    Stack.resize(Height);
    if (Next)
      B.SetInsertPoint(Next);
  }
  if (CaughtAll)
    return;
  // No clause matched: the enclosing try block of this function, or on.
  if (Control *Outer = innermostTry()) {
    BasicBlock *Dispatch = dispatchBlock(*Outer);
    Outer->DispatchExn->addIncoming(Exn, B.GetInsertBlock());
    B.CreateBr(Dispatch);
    return;
  }
  CallInst *Rethrow =
      Env.callBuiltin(B, Vmctx, W2S_BUILTIN_throw_ref, {Exn});
  Rethrow->setDoesNotReturn();
  B.CreateUnreachable();
}

void FunctionLowering::lowerThrow(const Instr &I) {
  const FuncType &T = M.Types[M.Tags[I.Index]];
  unsigned N = T.Params.size();
  Value *Payload = ConstantPointerNull::get(cast<PointerType>(PtrTy));
  if (N) {
    IRBuilder<> AB(EntryBlock, EntryBlock->begin());
    auto *A = AB.CreateAlloca(ArrayType::get(B.getInt8Ty(),
                                             N * sizeof(w2s_value)),
                              nullptr, "payload");
    A->setAlignment(Align(16));
    for (unsigned J = 0; J < N; ++J)
      B.CreateAlignedStore(Stack[Stack.size() - N + J],
                           B.CreateConstInBoundsGEP1_64(
                               B.getInt8Ty(), A, J * sizeof(w2s_value)),
                           Align(8));
    Stack.resize(Stack.size() - N);
    Payload = A;
  }
  CallInst *Call = Env.callBuiltin(B, Vmctx, W2S_BUILTIN_throw,
                                   {Env.tag(B, Vmctx, I.Index), Payload});
  Call->setDoesNotReturn();
  mayThrow(Call);
  B.CreateUnreachable();
  Reachable = false;
}

void FunctionLowering::lowerThrowRef(const Instr &I) {
  Value *Exn = pop();
  trapIf(B.CreateIsNull(Exn, "is_null"), W2S_TRAP_NullExceptionReference);
  CallInst *Call = Env.callBuiltin(B, Vmctx, W2S_BUILTIN_throw_ref, {Exn});
  Call->setDoesNotReturn();
  mayThrow(Call);
  B.CreateUnreachable();
  Reachable = false;
}

} // namespace wasm2so
