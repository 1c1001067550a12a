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

FunctionLowering::Control *FunctionLowering::innermostTry(size_t Top) {
  size_t End = Top < Controls.size() ? Top + 1 : Controls.size();
  for (size_t I = End; I-- > 0;) {
    Control &C = Controls[I];
    if (!C.ReachableAtEntry)
      continue;
    if (C.K == Control::TryTable || (C.K == Control::LegacyTry && !C.InCatch))
      return &C;
  }
  return nullptr;
}

void FunctionLowering::forwardException(Value *Exn, size_t Top) {
  if (Control *Outer = innermostTry(Top)) {
    BasicBlock *Dispatch = dispatchBlock(*Outer);
    Outer->DispatchExn->addIncoming(Exn, B.GetInsertBlock());
    B.CreateBr(Dispatch);
    return;
  }
  CallInst *Rethrow = Env.callBuiltin(B, Vmctx, W2S_BUILTIN_throw_ref, {Exn});
  Rethrow->setDoesNotReturn();
  B.CreateUnreachable();
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
    // The clause's label, counted from outside the try_table (whose
    // control is popped already).
    B.CreateBr(branchOperands(C.Catches[K + 2]));
    Stack.resize(Height);
    if (Next)
      B.SetInsertPoint(Next);
  }
  if (CaughtAll)
    return;
  // No clause matched: the enclosing try block of this function, or on.
  forwardException(Exn);
}

//===----------------------------------------------------------------------===//
// Legacy exception handling: try, catch, catch_all, delegate, rethrow
//===----------------------------------------------------------------------===//

// A legacy try is a block whose body's calls unwind to its landing pad, as
// in a try_table; its catch arms are lowered where they appear, each a test
// of the tag in the dispatch chain (catch_all: none) and the arm's code.

void FunctionLowering::lowerTry(const Instr &I) {
  enterBlock(I, Control::LegacyTry);
}

/// Starts the next catch arm of the innermost control, a legacy try.
static void enterCatchArm(FunctionLowering &FL, const Instr &I) {
  using Control = FunctionLowering::Control;
  Control &C = FL.Controls.back();
  if (!C.ReachableAtEntry)
    return;
  IRBuilder<> &B = FL.B;
  if (FL.Reachable) {
    // The body or the previous arm falls through to the join; an arm is
    // done with its exception then.
    if (C.InCatch)
      FL.Env.callBuiltin(B, FL.Vmctx, W2S_BUILTIN_exn_free, {C.DispatchExn});
    unsigned N = C.JoinPhis.size();
    for (unsigned J = 0; J < N; ++J)
      C.JoinPhis[J]->addIncoming(FL.Stack[FL.Stack.size() - N + J],
                                 B.GetInsertBlock());
    B.CreateBr(C.Join);
  }
  FL.Stack.resize(C.StackHeight);
  if (!C.InCatch) {
    C.InCatch = true;
    C.NoMatch = C.Dispatch; // null: nothing in the body can throw
  }
  if (!C.NoMatch) {
    FL.Reachable = false;
    return;
  }
  B.SetInsertPoint(C.NoMatch);
  FL.Reachable = true;
  if (I.Op == Opcode::CatchAll) {
    C.NoMatch = nullptr;
    return;
  }
  Value *Exn = C.DispatchExn;
  BasicBlock *Match = BasicBlock::Create(FL.ML.Ctx, "catch", FL.F);
  BasicBlock *Next = BasicBlock::Create(FL.ML.Ctx, "catch.next", FL.F);
  B.CreateCondBr(B.CreateICmpEQ(FL.Env.exceptionTag(B, Exn),
                                FL.Env.tag(B, FL.Vmctx, I.Index), "tag.match"),
                 Match, Next);
  C.NoMatch = Next;
  B.SetInsertPoint(Match);
  const FuncType &T = FL.M.Types[FL.M.Tags[I.Index]];
  for (unsigned J = 0; J < T.Params.size(); ++J)
    FL.push(B.CreateAlignedLoad(FL.llvmType(T.Params[J]),
                                FL.Env.exceptionValue(B, Exn, J), Align(8)));
}

void FunctionLowering::lowerCatch(const Instr &I) { enterCatchArm(*this, I); }
void FunctionLowering::lowerCatchAll(const Instr &I) {
  enterCatchArm(*this, I);
}

void FunctionLowering::lowerDelegate(const Instr &I) {
  Control &C = Controls.back();
  C.Delegated = true;
  C.DelegateDepth = I.Index;
  lowerEnd(I);
}

void FunctionLowering::finishLegacyTry(Control &C) {
  if (Reachable && C.InCatch)
    Env.callBuiltin(B, Vmctx, W2S_BUILTIN_exn_free, {C.DispatchExn});
  if (!C.InCatch)
    C.NoMatch = C.Dispatch; // try ... end or delegate: no clause
  if (!C.NoMatch)
    return;
  IRBuilderBase::InsertPointGuard Guard(B);
  B.SetInsertPoint(C.NoMatch);
  // delegate L: the handler of the L-th control around the try (the try
  // is popped already), or of a try around that one.
  size_t Top = C.Delegated && C.DelegateDepth < Controls.size()
                   ? Controls.size() - 1 - C.DelegateDepth
                   : ~size_t(0);
  forwardException(C.DispatchExn, Top);
}

void FunctionLowering::lowerRethrow(const Instr &I) {
  Control &C = Controls[Controls.size() - 1 - I.Index];
  // The arms that may catch it again, and the arm it leaves from, would
  // each free it: the runtime frees it instead, once the outermost wasm
  // call has returned (rt/Exceptions.cpp).
  CallInst *Call =
      Env.callBuiltin(B, Vmctx, W2S_BUILTIN_rethrow, {C.DispatchExn});
  Call->setDoesNotReturn();
  mayThrow(Call);
  B.CreateUnreachable();
  Reachable = false;
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
