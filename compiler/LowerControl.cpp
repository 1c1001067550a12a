//===- LowerControl.cpp - Structured control flow, calls, parametric ops --===//
//
// Wasm's blocks become LLVM basic blocks. Values that flow along a branch
// meet in phis: a block's or if's results at its join block, a loop's
// parameters at its header. Branches add their incoming values; an end adds
// the fallthrough's. A join nothing reaches makes the code after it
// unreachable.
//
//===----------------------------------------------------------------------===//

#include "Environment.h"
#include "FunctionLowering.h"
#include "ModuleLowering.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/MDBuilder.h"

#include <algorithm>
#include <array>
#include <map>

using namespace llvm;

namespace wasm2so {

void FunctionLowering::collectTypes(const BlockType &BT,
                                    SmallVectorImpl<ValType> &Params,
                                    SmallVectorImpl<ValType> &Results) const {
  switch (BT.K) {
  case BlockType::Empty:
    return;
  case BlockType::Value:
    Results.push_back(BT.Type);
    return;
  case BlockType::TypeIndex: {
    const FuncType &T = M.Types[BT.Index];
    Params.append(T.Params.begin(), T.Params.end());
    Results.append(T.Results.begin(), T.Results.end());
    return;
  }
  }
}

static SmallVector<PHINode *, 2> makePhis(FunctionLowering &FL, BasicBlock *BB,
                                          ArrayRef<ValType> Types) {
  IRBuilder<> PB(BB, BB->begin());
  SmallVector<PHINode *, 2> Phis;
  for (ValType T : Types)
    Phis.push_back(PB.CreatePHI(FL.llvmType(T), 2));
  return Phis;
}

void FunctionLowering::enterBlock(const Instr &I, unsigned Kind) {
  Control C;
  C.K = static_cast<Control::Kind>(Kind);
  C.Branch = C.Join = C.Else = nullptr;
  collectTypes(I.Block, C.Params, C.Results);
  C.ReachableAtEntry = Reachable;
  if (!Reachable) {
    C.StackHeight = Stack.size();
    Controls.push_back(std::move(C));
    return;
  }

  switch (C.K) {
  case Control::TryTable:
    C.Catches.assign(I.Targets.begin(), I.Targets.end());
    [[fallthrough]];
  case Control::LegacyTry:
  case Control::Block:
    C.Join = BasicBlock::Create(ML.Ctx, "block.end", F);
    C.Branch = C.Join;
    break;
  case Control::Loop: {
    C.Branch = BasicBlock::Create(ML.Ctx, "loop", F);
    C.Join = BasicBlock::Create(ML.Ctx, "loop.end", F);
    C.BranchPhis = makePhis(*this, C.Branch, C.Params);
    BasicBlock *Pred = B.GetInsertBlock();
    unsigned N = C.Params.size();
    for (unsigned J = 0; J < N; ++J)
      C.BranchPhis[J]->addIncoming(Stack[Stack.size() - N + J], Pred);
    Stack.resize(Stack.size() - N);
    B.CreateBr(C.Branch);
    B.SetInsertPoint(C.Branch);
    for (PHINode *P : C.BranchPhis)
      push(P);
    break;
  }
  case Control::If: {
    Value *Cond = popCondition();
    BasicBlock *Then = BasicBlock::Create(ML.Ctx, "if.then", F);
    C.Else = BasicBlock::Create(ML.Ctx, "if.else", F);
    C.Join = BasicBlock::Create(ML.Ctx, "if.end", F);
    C.Branch = C.Join;
    B.CreateCondBr(Cond, Then, C.Else);
    B.SetInsertPoint(Then);
    // The parameters were computed before the branch, so both arms can use
    // the same values.
    C.IfParams.assign(Stack.end() - C.Params.size(), Stack.end());
    break;
  }
  case Control::Function:
    llvm_unreachable("function control is made by lower()");
  }
  C.JoinPhis = makePhis(*this, C.Join, C.Results);
  C.StackHeight = Stack.size() - C.Params.size();
  Controls.push_back(std::move(C));
}

void FunctionLowering::lowerBlock(const Instr &I) {
  enterBlock(I, Control::Block);
}
void FunctionLowering::lowerLoop(const Instr &I) {
  enterBlock(I, Control::Loop);
}
void FunctionLowering::lowerIf(const Instr &I) { enterBlock(I, Control::If); }

SmallVector<Value *, 2> FunctionLowering::caughtExceptions(unsigned Depth) {
  // A catch arm owns its exception until it ends (finishLegacyTry) or a
  // branch leaves it: without freeing it there, a loop that longjmps (a
  // throw that setjmp's arm catches and branches back from) would keep
  // every exception until the outermost wasm call returns.
  SmallVector<Value *, 2> Exns;
  for (size_t I = Controls.size() - 1 - Depth; I < Controls.size(); ++I) {
    Control &C = Controls[I];
    if (C.K == Control::LegacyTry && C.InCatch && C.DispatchExn)
      Exns.push_back(C.DispatchExn);
  }
  return Exns;
}

void FunctionLowering::freeCaughtExceptions(ArrayRef<Value *> Exns) {
  for (Value *Exn : Exns)
    Env.callBuiltin(B, Vmctx, W2S_BUILTIN_exn_free, {Exn});
}

BasicBlock *FunctionLowering::branchOperands(unsigned Depth) {
  Control &C = Controls[Controls.size() - 1 - Depth];
  auto &Phis = C.K == Control::Loop ? C.BranchPhis : C.JoinPhis;
  BasicBlock *From = B.GetInsertBlock();
  BasicBlock *Edge = C.Branch;
  SmallVector<Value *, 2> Exns = caughtExceptions(Depth);
  if (!Exns.empty()) {
    IRBuilderBase::InsertPointGuard Guard(B);
    From = Edge = BasicBlock::Create(ML.Ctx, "catch.leave", F);
    B.SetInsertPoint(Edge);
    freeCaughtExceptions(Exns);
    B.CreateBr(C.Branch);
  }
  unsigned N = Phis.size();
  for (unsigned J = 0; J < N; ++J)
    Phis[J]->addIncoming(Stack[Stack.size() - N + J], From);
  return Edge;
}

/// The fallthrough at else/end: the values on top of the stack flow to the
/// join block (for a loop too, unlike a branch).
static void addJoinOperands(FunctionLowering &FL,
                            FunctionLowering::Control &C) {
  BasicBlock *From = FL.B.GetInsertBlock();
  unsigned N = C.JoinPhis.size();
  for (unsigned J = 0; J < N; ++J)
    C.JoinPhis[J]->addIncoming(FL.Stack[FL.Stack.size() - N + J], From);
}

void FunctionLowering::branchTo(unsigned Depth) {
  B.CreateBr(branchOperands(Depth));
}

void FunctionLowering::lowerElse(const Instr &I) {
  Control &C = Controls.back();
  if (!C.ReachableAtEntry)
    return;
  if (Reachable) {
    addJoinOperands(*this, C);
    B.CreateBr(C.Join);
  }
  Stack.resize(C.StackHeight);
  Stack.append(C.IfParams.begin(), C.IfParams.end());
  B.SetInsertPoint(C.Else);
  C.Else = nullptr;
  C.ElseSeen = true;
  C.SelfCalled = false; // the then arm's calls do not run on this path
  Reachable = true;
}

void FunctionLowering::lowerEnd(const Instr &I) {
  Control C = Controls.pop_back_val();
  if (!C.ReachableAtEntry)
    return;
  if (C.K == Control::TryTable && C.Dispatch)
    emitCatchDispatch(C);
  if (C.K == Control::LegacyTry)
    finishLegacyTry(C);
  if (Reachable) {
    addJoinOperands(*this, C);
    B.CreateBr(C.Join);
  }
  if (C.K == Control::If && C.Else) {
    // An if without else passes its parameters through as results.
    B.SetInsertPoint(C.Else);
    for (unsigned J = 0; J < C.JoinPhis.size(); ++J)
      C.JoinPhis[J]->addIncoming(C.IfParams[J], C.Else);
    B.CreateBr(C.Join);
  }
  Stack.resize(C.StackHeight);
  B.SetInsertPoint(C.Join);
  if (pred_empty(C.Join)) {
    for (PHINode *P : C.JoinPhis)
      P->eraseFromParent();
    Reachable = false;
    if (C.K != Control::Function)
      B.CreateUnreachable();
    return;
  }
  Reachable = true;
  for (PHINode *P : C.JoinPhis)
    push(P);
}

void FunctionLowering::lowerBr(const Instr &I) {
  branchTo(I.Index);
  Reachable = false;
}

void FunctionLowering::lowerBrIf(const Instr &I) {
  Value *Cond = popCondition();
  BasicBlock *Target = branchOperands(I.Index);
  BasicBlock *Cont = BasicBlock::Create(ML.Ctx, "br_if.cont", F);
  B.CreateCondBr(Cond, Target, Cont);
  B.SetInsertPoint(Cont);
}

// br_on_null: the operands under the reference go to the label when it is
// null; otherwise the reference stays, known non-null.
void FunctionLowering::lowerBrOnNull(const Instr &I) {
  Value *Ref = pop();
  BasicBlock *Target = branchOperands(I.Index);
  BasicBlock *Cont = BasicBlock::Create(ML.Ctx, "br_on_null.cont", F);
  B.CreateCondBr(B.CreateIsNull(Ref, "is_null"), Target, Cont);
  B.SetInsertPoint(Cont);
  push(Ref);
}

// br_on_non_null: a non-null reference goes to the label with the operands
// under it; a null one is dropped.
void FunctionLowering::lowerBrOnNonNull(const Instr &I) {
  Value *Ref = top();
  BasicBlock *Target = branchOperands(I.Index);
  BasicBlock *Cont = BasicBlock::Create(ML.Ctx, "br_on_non_null.cont", F);
  B.CreateCondBr(B.CreateIsNull(Ref, "is_null"), Cont, Target);
  B.SetInsertPoint(Cont);
  pop();
}

void FunctionLowering::lowerBrTable(const Instr &I) {
  Value *Index = pop();
  // A target with phis gets its own edge block, so that each phi has one
  // incoming value per predecessor even when several entries share it.
  std::map<uint32_t, BasicBlock *> Edges;
  BasicBlock *From = B.GetInsertBlock();
  auto edgeFor = [&](uint32_t Depth) {
    auto It = Edges.find(Depth);
    if (It != Edges.end())
      return It->second;
    Control &C = Controls[Controls.size() - 1 - Depth];
    BasicBlock *Edge;
    if ((C.K == Control::Loop ? C.BranchPhis : C.JoinPhis).empty()) {
      Edge = branchOperands(Depth);
    } else {
      Edge = BasicBlock::Create(ML.Ctx, "br_table.edge", F);
      B.SetInsertPoint(Edge);
      B.CreateBr(branchOperands(Depth));
    }
    Edges[Depth] = Edge;
    return Edge;
  };
  SmallVector<BasicBlock *, 16> Dests;
  for (uint32_t Depth : I.Targets)
    Dests.push_back(edgeFor(Depth));
  BasicBlock *Default = edgeFor(I.Index);
  B.SetInsertPoint(From);
  SwitchInst *SI = B.CreateSwitch(Index, Default, Dests.size());
  for (unsigned J = 0; J < Dests.size(); ++J)
    SI->addCase(B.getInt32(J), Dests[J]);
  Reachable = false;
}

void FunctionLowering::lowerReturn(const Instr &I) {
  branchTo(Controls.size() - 1);
  Reachable = false;
}

void FunctionLowering::lowerUnreachable(const Instr &I) {
  trap(W2S_TRAP_Unreachable);
}

void FunctionLowering::lowerNop(const Instr &I) {}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

Value *FunctionLowering::emitCall(FunctionType *FTy, Value *Callee,
                                  Value *CalleeVmctx, const FuncType &T,
                                  bool MayBecomeLoop) {
  HasCalls = true;
  unsigned N = T.Params.size();
  SmallVector<Value *, 8> Args{CalleeVmctx};
  Args.append(Stack.end() - N, Stack.end());
  Stack.resize(Stack.size() - N);
  CallInst *Call = B.CreateCall(FTy, Callee, Args);
  // Every wasm call takes stack: infinite recursion must trap call stack
  // exhausted, so neither tail-recursion elimination nor a sibling call may
  // turn a call into a jump, unless lowerCall says it may.
  if (!MayBecomeLoop)
    Call->setTailCallKind(CallInst::TCK_NoTail);
  return mayThrow(Call);
}

void FunctionLowering::emitTailCall(FunctionType *FTy, Value *Callee,
                                    Value *CalleeVmctx, const FuncType &T) {
  unsigned N = T.Params.size();
  SmallVector<Value *, 8> Args{CalleeVmctx};
  Args.append(Stack.end() - N, Stack.end());
  Stack.resize(Stack.size() - N);
  freeCaughtExceptions(caughtExceptions(Controls.size() - 1));
  if (!Env.returnsInRegisters(FTy)) {
    // Results that do not fit in registers come back through a pointer
    // into the caller's frame, which LLVM cannot hand on: it aborts on
    // such a musttail call. A call and a return instead (docs/abi.md,
    // "Tail calls": a chain of them takes stack, and traps call stack
    // exhausted when it runs out). An exception from the callee leaves
    // this function, as it would after a tail call: a plain call, never
    // an invoke of this function's handlers.
    HasCalls = true;
    CallInst *Call = B.CreateCall(FTy, Callee, Args);
    Call->setTailCallKind(CallInst::TCK_NoTail);
    B.CreateRet(Call);
    Reachable = false;
    return;
  }
  // musttail: LLVM guarantees the jump, or fails; under the wasm calling
  // convention (swifttailcc) even between different signatures, the callee
  // popping the stack arguments (docs/abi.md, "Tail calls"). The callee's
  // results are the function's own, so its return type is ours too.
  // The C convention cannot guarantee it: refuse rather than grow the
  // stack (FunctionLowering::lower reports it).
  if (Env.wasmCallingConv() != CallingConv::SwiftTail &&
      FTy != F->getFunctionType() && !TailCallError)
    TailCallError = CurrentOffset;
  CallInst *Call = B.CreateCall(FTy, Callee, Args);
  Call->setTailCallKind(CallInst::TCK_MustTail);
  if (FTy->getReturnType()->isVoidTy())
    B.CreateRetVoid();
  else
    B.CreateRet(Call);
  Reachable = false;
}

void FunctionLowering::pushResults(Value *Ret, const FuncType &T) {
  if (T.Results.size() == 1) {
    push(Ret);
    return;
  }
  for (unsigned J = 0; J < T.Results.size(); ++J)
    push(B.CreateExtractValue(Ret, {J}));
}

/// call and return_call of function Callee.
static void lowerDirectCall(FunctionLowering &FL, uint32_t Callee, bool Tail) {
  const Module &M = FL.M;
  const FuncType &T = M.funcType(Callee);
  FunctionType *FTy = FL.ML.nativeType(M.FuncTypes[Callee]);
  Value *Code = FL.ML.function(Callee), *CalleeVmctx = FL.Vmctx;
  if (M.isImportedFunc(Callee)) {
    // Imports go through the funcref the runtime bound: another instance's
    // function or a host function's adapter.
    Value *Ref = FL.Env.funcRef(FL.B, FL.Vmctx, Callee);
    Code = FL.Env.funcRefCode(FL.B, Ref);
    CalleeVmctx = FL.Env.funcRefVmctx(FL.B, Ref);
  }
  if (Tail)
    return FL.emitTailCall(FTy, Code, CalleeVmctx, T);
  FL.pushResults(FL.emitCall(FTy, Code, CalleeVmctx, T), T);
}

void FunctionLowering::lowerReturnCall(const Instr &I) {
  lowerDirectCall(*this, I.Index, /*Tail=*/true);
}

void FunctionLowering::lowerCall(const Instr &I) {
  uint32_t Callee = I.Index;
  if (M.isImportedFunc(Callee))
    return lowerDirectCall(*this, Callee, /*Tail=*/false);
  // A call of the function itself may become a loop (tail recursion
  // elimination, with an accumulator: fib(n-1) + fib(n-2) keeps one call)
  // when another self-call runs before it on every path to it: one made
  // earlier in this frame or an enclosing one (an if's other arm does not
  // count, nor a nested block that a branch could leave early). Runaway
  // recursion then still recurses through that call and traps.
  const FuncType &T = M.funcType(Callee);
  bool Self = Callee == FuncIdx;
  bool MayBecomeLoop =
      Self && std::any_of(Controls.begin(), Controls.end(),
                          [](const Control &C) { return C.SelfCalled; });
  Value *Ret = emitCall(ML.nativeType(M.FuncTypes[Callee]),
                        ML.function(Callee), Vmctx, T, MayBecomeLoop);
  if (Self)
    Controls.back().SelfCalled = true;
  pushResults(Ret, T);
}

namespace {
/// A private table whose contents are constants (knownTable), as two
/// constant arrays of the module, slot by slot.
struct KnownTable {
  GlobalVariable *Codes = nullptr;  // [Size x ptr]: null for a null slot
  GlobalVariable *Hashes = nullptr; // [Size x i64]: 0 for a null slot
  uint64_t Size = 0;
};
} // namespace

/// The constant arrays of private table TableIdx (made on first use), or
/// false when its contents are not known at compile time: an element
/// segment offset that is not an i32.const, a segment out of bounds (then
/// instantiation fails), or a table too large to copy into the object.
///
/// The hash array carries, as metadata, the slots of each signature hash:
/// !{i64 hash, i64 first, i64 last, i64 count} per distinct hash, so that
/// each call_indirect finds its range without a scan of the table.
static bool knownTable(ModuleLowering &ML, uint32_t TableIdx,
                       KnownTable &KT) {
  constexpr uint64_t MaxSlots = 1u << 16;
  std::string Name = "w2s.table" + std::to_string(TableIdx);
  const Module &M = ML.M;
  KT.Size = M.Tables[TableIdx].Lim.Min;
  if (KT.Size == 0 || KT.Size > MaxSlots)
    return false;
  KT.Codes = ML.LM.getNamedGlobal(Name + ".code");
  KT.Hashes = ML.LM.getNamedGlobal(Name + ".hashes");
  if (KT.Codes)
    return true;
  for (const ElemSegment &S : M.Elems) {
    if (S.Mode != SegmentMode::Active || S.Table != TableIdx)
      continue;
    const ConstInstr *Offset = S.Offset.single();
    if (!Offset || Offset->Op != Opcode::I32Const ||
        static_cast<uint32_t>(Offset->Bits[0]) + S.Items.size() > KT.Size)
      return false;
    for (const ConstExpr &Item : S.Items)
      if (!Item.single())
        return false;
  }

  // Later segments overwrite earlier ones, as at instantiation.
  PointerType *PtrTy = PointerType::getUnqual(ML.Ctx);
  std::vector<Constant *> Codes(KT.Size, Constant::getNullValue(PtrTy));
  std::vector<uint64_t> Hashes(KT.Size, 0);
  for (const ElemSegment &S : M.Elems) {
    if (S.Mode != SegmentMode::Active || S.Table != TableIdx)
      continue;
    uint64_t Offset = static_cast<uint32_t>(S.Offset.single()->Bits[0]);
    for (size_t J = 0; J < S.Items.size(); ++J) {
      const ConstInstr &Item = *S.Items[J].single();
      bool Func = Item.Op == Opcode::RefFunc;
      Codes[Offset + J] = Func ? static_cast<Constant *>(ML.function(Item.Index))
                               : Constant::getNullValue(PtrTy);
      Hashes[Offset + J] = Func ? ML.typeHash(M.FuncTypes[Item.Index]) : 0;
    }
  }
  auto *CodesTy = ArrayType::get(PtrTy, KT.Size);
  KT.Codes = new GlobalVariable(ML.LM, CodesTy, /*isConstant=*/true,
                                GlobalValue::PrivateLinkage,
                                ConstantArray::get(CodesTy, Codes),
                                Name + ".code");
  Constant *HashInit = ConstantDataArray::get(ML.Ctx, Hashes);
  KT.Hashes = new GlobalVariable(ML.LM, HashInit->getType(),
                                 /*isConstant=*/true,
                                 GlobalValue::PrivateLinkage, HashInit,
                                 Name + ".hashes");
  KT.Codes->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  KT.Hashes->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);

  // first, last, count per hash, in order of first appearance.
  std::vector<uint64_t> Order;
  DenseMap<uint64_t, std::array<uint64_t, 3>> Ranges;
  for (uint64_t J = 0; J < KT.Size; ++J) {
    if (Hashes[J] == 0)
      continue;
    auto [It, New] = Ranges.try_emplace(Hashes[J],
                                        std::array<uint64_t, 3>{J, J, 0});
    if (New)
      Order.push_back(Hashes[J]);
    It->second[1] = J;
    ++It->second[2];
  }
  Type *I64 = Type::getInt64Ty(ML.Ctx);
  SmallVector<Metadata *, 8> Entries;
  for (uint64_t H : Order) {
    const auto &R = Ranges[H];
    Entries.push_back(MDTuple::get(
        ML.Ctx, {ConstantAsMetadata::get(ConstantInt::get(I64, H)),
                 ConstantAsMetadata::get(ConstantInt::get(I64, R[0])),
                 ConstantAsMetadata::get(ConstantInt::get(I64, R[1])),
                 ConstantAsMetadata::get(ConstantInt::get(I64, R[2]))}));
  }
  KT.Hashes->setMetadata("w2s.slots", MDTuple::get(ML.Ctx, Entries));
  return true;
}

/// The slots of KT holding a function whose signature hash is Hash: first,
/// last and how many (0 when none), from knownTable's metadata.
static std::array<uint64_t, 3> slotsOfHash(const KnownTable &KT,
                                           uint64_t Hash) {
  auto Int = [](const MDOperand &Op) {
    return mdconst::extract<ConstantInt>(Op)->getZExtValue();
  };
  for (const MDOperand &Op : KT.Hashes->getMetadata("w2s.slots")->operands()) {
    auto *Entry = cast<MDTuple>(Op);
    if (Int(Entry->getOperand(0)) == Hash)
      return {Int(Entry->getOperand(1)), Int(Entry->getOperand(2)),
              Int(Entry->getOperand(3))};
  }
  return {0, 0, 0};
}

/// call_indirect through a private table whose contents are known (KT):
/// the runtime's table is never read. When the slots that hold a function
/// of the expected type are contiguous, one range check (which includes
/// the bounds check) guards the call; otherwise a bounds check and the
/// slot's hash from the constant array. The callee comes from the constant
/// array of code pointers. A failing check finds its trap code on the cold
/// path.
static void lowerKnownCallIndirect(FunctionLowering &FL, uint32_t TypeIdx,
                                   const KnownTable &KT, Value *Index,
                                   bool Tail) {
  ModuleLowering &ML = FL.ML;
  IRBuilder<> &B = FL.B;
  const FuncType &T = FL.M.Types[TypeIdx];
  uint64_t Expected = ML.typeHash(TypeIdx);
  auto [First, Last, Count] = slotsOfHash(KT, Expected);

  // A constant index past the table always traps. Lowered as below, the
  // slot loads would read constant addresses far outside the arrays: at
  // -O0 they stay in blocks that never run, and their relocations can be
  // out of range (index 268435455: 2 GiB past the array, and lld refused
  // to link; differential tester seeds 1371 and 6935).
  if (auto *C = dyn_cast<ConstantInt>(Index); C && C->getZExtValue() >= KT.Size)
    return FL.trap(W2S_TRAP_UndefinedElement);

  auto SlotHash = [&](IRBuilder<> &IB) {
    Value *Ptr = IB.CreateInBoundsGEP(
        KT.Hashes->getValueType(), KT.Hashes,
        {IB.getInt64(0), IB.CreateZExt(Index, FL.I64Ty)});
    return IB.CreateLoad(FL.I64Ty, Ptr, "elem.hash");
  };

  BasicBlock *Bad = BasicBlock::Create(ML.Ctx, "call_indirect.bad", FL.F);
  BasicBlock *Good = BasicBlock::Create(ML.Ctx, "call_indirect.call", FL.F);
  MDBuilder MDB(ML.Ctx);
  Value *Ok;
  if (Count == 0) {
    Ok = B.getFalse();
  } else if (Last - First + 1 == Count) {
    Ok = B.CreateICmpULT(B.CreateSub(Index, B.getInt32(First)),
                         B.getInt32(Count), "in.range");
  } else {
    FL.trapIf(B.CreateICmpUGE(Index, B.getInt32(KT.Size), "oob"),
              W2S_TRAP_UndefinedElement);
    Ok = B.CreateICmpEQ(SlotHash(B), B.getInt64(Expected), "sig.ok");
  }
  B.CreateCondBr(Ok, Good, Bad, MDB.createBranchWeights(1u << 20, 1));

  // Cold: out of bounds, a null slot (hash 0), or another type.
  IRBuilder<> CB(Bad);
  CB.SetCurrentDebugLocation(B.getCurrentDebugLocation());
  BasicBlock *InBounds =
      BasicBlock::Create(ML.Ctx, "call_indirect.slot", FL.F);
  CB.CreateCondBr(CB.CreateICmpUGE(Index, CB.getInt32(KT.Size)),
                  FL.trapBlock(W2S_TRAP_UndefinedElement), InBounds);
  CB.SetInsertPoint(InBounds);
  Value *Code = CB.CreateSelect(
      CB.CreateICmpEQ(SlotHash(CB), CB.getInt64(0)),
      CB.getInt32(W2S_TRAP_UninitializedElement),
      CB.getInt32(W2S_TRAP_IndirectCallTypeMismatch));
  CallInst *TrapCall =
      FL.Env.callBuiltin(CB, FL.Vmctx, W2S_BUILTIN_trap, {Code});
  TrapCall->setDoesNotReturn();
  CB.CreateUnreachable();

  B.SetInsertPoint(Good);
  Value *CodePtr =
      B.CreateInBoundsGEP(KT.Codes->getValueType(), KT.Codes,
                          {B.getInt64(0), B.CreateZExt(Index, FL.I64Ty)});
  Value *Callee = B.CreateLoad(FL.PtrTy, CodePtr, "elem.code");
  if (Tail)
    return FL.emitTailCall(ML.nativeType(TypeIdx), Callee, FL.Vmctx, T);
  FL.pushResults(FL.emitCall(ML.nativeType(TypeIdx), Callee, FL.Vmctx, T), T);
}

// call_indirect, in DESIGN.md's three steps: bounds check against the
// table's current size, signature hash compared with a constant, indirect
// call with the entry's own vmctx. return_call_indirect makes the same
// checks, then a tail call.
void FunctionLowering::lowerCallIndirect(const Instr &I) {
  callIndirect(I, /*Tail=*/false);
}
void FunctionLowering::lowerReturnCallIndirect(const Instr &I) {
  callIndirect(I, /*Tail=*/true);
}

void FunctionLowering::callIndirect(const Instr &I, bool Tail) {
  uint32_t TypeIdx = I.Index;
  const FuncType &T = M.Types[TypeIdx];
  Value *Index = popTableIndex(I.Index2);

  // A private table (ModuleLowering::isPrivateFuncTable) never grows and
  // holds only this instance's functions: its size is a constant, its
  // element array never moves, and the callee's vmctx is ours. When its
  // element segments have constant offsets its contents are constants too.
  bool Private = ML.isPrivateFuncTable(I.Index2);
  // A type that is not final may have subtypes, which the constant slots'
  // hashes do not show: those calls take the general path. So do all of a
  // large module's at -O0: each of its parts that calls through the table
  // would hold a copy of the arrays, with a declaration and a relocation
  // per slot (ruby.wasm: 8,765 slots in each of 58 parts, a third of its
  // .so), for speed that -O0 does not seek.
  bool Final = M.subType(TypeIdx).Final;
  bool Copied = ML.Unoptimized && ML.inParts();
  KnownTable KT;
  if (Private && Final && !Copied && knownTable(ML, I.Index2, KT))
    return lowerKnownCallIndirect(*this, TypeIdx, KT, Index, Tail);
  ML.noteTableEntriesRead(I.Index2);
  Value *Table = Env.table(B, Vmctx, I.Index2);
  Value *Size = Private ? B.getInt32(M.Tables[I.Index2].Lim.Min)
                        : Env.tableSize(B, Table);
  trapIf(B.CreateICmpUGE(Index, Size, "oob"), W2S_TRAP_UndefinedElement);

  Value *Elems = Env.tableElems(B, Table);
  if (Private && Env.OptimizerMetadata)
    cast<LoadInst>(Elems)->setMetadata(LLVMContext::MD_invariant_load,
                                       MDNode::get(ML.Ctx, {}));
  Value *Elem = Env.tableElem(B, Elems, Index);
  Value *Hash = Env.elemHash(B, Elem);
  Value *Expected = B.getInt64(ML.typeHash(TypeIdx));
  BasicBlock *Bad = BasicBlock::Create(ML.Ctx, "call_indirect.bad", F);
  BasicBlock *Good = BasicBlock::Create(ML.Ctx, "call_indirect.call", F);
  MDBuilder MDB(ML.Ctx);
  B.CreateCondBr(B.CreateICmpNE(Hash, Expected, "sig.mismatch"), Bad, Good,
                 MDB.createBranchWeights(1, 1u << 20));

  // A null slot has hash 0: uninitialized element; any other hash is a
  // function of another type, or, when the expected type is not final, of
  // a subtype: its funcref's supertype display holds the expected hash at
  // the expected type's depth (docs/abi.md, "Subtypes across modules").
  B.SetInsertPoint(Bad);
  if (!Final) {
    uint64_t Depth = M.superChain(TypeIdx).size() - 1;
    BasicBlock *Trap = BasicBlock::Create(ML.Ctx, "call_indirect.trap", F);
    auto Next = [&](Value *Ok, const char *Name) {
      BasicBlock *BB = BasicBlock::Create(ML.Ctx, Name, F);
      B.CreateCondBr(Ok, BB, Trap);
      B.SetInsertPoint(BB);
    };
    Next(B.CreateICmpNE(Hash, B.getInt64(0)), "call_indirect.func");
    Value *Supers = Env.funcRefSupers(B, Env.elemRef(B, Elem));
    Next(B.CreateIsNotNull(Supers), "call_indirect.display");
    auto Entry = [&](uint64_t K, const char *Name) {
      Value *Addr = B.CreateConstInBoundsGEP1_64(I64Ty, Supers, K);
      LoadInst *L = B.CreateAlignedLoad(I64Ty, Addr, Align(8), Name);
      Env.markRuntime(L);
      return L;
    };
    Next(B.CreateICmpUGT(Entry(0, "display.len"), B.getInt64(Depth)),
         "call_indirect.deep");
    B.CreateCondBr(B.CreateICmpEQ(Entry(1 + Depth, "display.super"), Expected),
                   Good, Trap);
    B.SetInsertPoint(Trap);
  }
  Value *Code = B.CreateSelect(B.CreateICmpEQ(Hash, B.getInt64(0)),
                               B.getInt32(W2S_TRAP_UninitializedElement),
                               B.getInt32(W2S_TRAP_IndirectCallTypeMismatch));
  CallInst *TrapCall = Env.callBuiltin(B, Vmctx, W2S_BUILTIN_trap, {Code});
  TrapCall->setDoesNotReturn();
  B.CreateUnreachable();

  B.SetInsertPoint(Good);
  Value *Callee = Env.elemCode(B, Elem);
  Value *CalleeVmctx = Private ? Vmctx : Env.elemVmctx(B, Elem);
  if (Tail)
    return emitTailCall(ML.nativeType(TypeIdx), Callee, CalleeVmctx, T);
  Value *Ret = emitCall(ML.nativeType(TypeIdx), Callee, CalleeVmctx, T);
  pushResults(Ret, T);
}

void FunctionLowering::refCallee(Value *Ref, Value *&Code,
                                 Value *&CalleeVmctx) {
  trapIf(B.CreateIsNull(Ref, "is_null"), W2S_TRAP_NullFunctionReference);
  Code = Env.funcRefCode(B, Ref);
  CalleeVmctx = Env.funcRefVmctx(B, Ref);
}

// call_ref: the reference's type is the static type I.Index, so after the
// null check the call goes straight through the funcref's code and vmctx,
// without a signature check.
void FunctionLowering::lowerCallRef(const Instr &I) {
  uint32_t TypeIdx = I.Index;
  const FuncType &T = M.Types[TypeIdx];
  Value *Code, *CalleeVmctx;
  refCallee(pop(), Code, CalleeVmctx);
  pushResults(emitCall(ML.nativeType(TypeIdx), Code, CalleeVmctx, T), T);
}

// return_call_ref: call_ref's null check, then a tail call.
void FunctionLowering::lowerReturnCallRef(const Instr &I) {
  uint32_t TypeIdx = I.Index;
  Value *Code, *CalleeVmctx;
  refCallee(pop(), Code, CalleeVmctx);
  emitTailCall(ML.nativeType(TypeIdx), Code, CalleeVmctx, M.Types[TypeIdx]);
}

//===----------------------------------------------------------------------===//
// Parametric operators
//===----------------------------------------------------------------------===//

void FunctionLowering::lowerDrop(const Instr &I) { keepLoad(pop()); }

void FunctionLowering::lowerSelect(const Instr &I) {
  Value *Cond = popCondition();
  Value *False = pop();
  Value *True = pop();
  push(B.CreateSelect(Cond, True, False));
}

void FunctionLowering::lowerSelectT(const Instr &I) { lowerSelect(I); }

} // namespace wasm2so
