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

#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/MDBuilder.h"

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
    Value *Cond = pop();
    BasicBlock *Then = BasicBlock::Create(ML.Ctx, "if.then", F);
    C.Else = BasicBlock::Create(ML.Ctx, "if.else", F);
    C.Join = BasicBlock::Create(ML.Ctx, "if.end", F);
    C.Branch = C.Join;
    B.CreateCondBr(B.CreateICmpNE(Cond, B.getInt32(0)), Then, C.Else);
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

/// Adds the values on top of the stack as incoming values of the target's
/// phis, coming from the current block, and returns the target block.
static BasicBlock *addBranchOperands(FunctionLowering &FL,
                                     FunctionLowering::Control &C) {
  bool IsLoop = C.K == FunctionLowering::Control::Loop;
  auto &Phis = IsLoop ? C.BranchPhis : C.JoinPhis;
  BasicBlock *From = FL.B.GetInsertBlock();
  unsigned N = Phis.size();
  for (unsigned J = 0; J < N; ++J)
    Phis[J]->addIncoming(FL.Stack[FL.Stack.size() - N + J], From);
  return C.Branch;
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
  Control &C = Controls[Controls.size() - 1 - Depth];
  B.CreateBr(addBranchOperands(*this, C));
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
  Reachable = true;
}

void FunctionLowering::lowerEnd(const Instr &I) {
  Control C = Controls.pop_back_val();
  if (!C.ReachableAtEntry)
    return;
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
  Value *Cond = B.CreateICmpNE(pop(), B.getInt32(0));
  Control &C = Controls[Controls.size() - 1 - I.Index];
  BasicBlock *Target = addBranchOperands(*this, C);
  BasicBlock *Cont = BasicBlock::Create(ML.Ctx, "br_if.cont", F);
  B.CreateCondBr(Cond, Target, Cont);
  B.SetInsertPoint(Cont);
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
    bool IsLoop = C.K == Control::Loop;
    BasicBlock *Edge = C.Branch;
    if (!(IsLoop ? C.BranchPhis : C.JoinPhis).empty()) {
      Edge = BasicBlock::Create(ML.Ctx, "br_table.edge", F);
      B.SetInsertPoint(Edge);
      addBranchOperands(*this, C);
      B.CreateBr(C.Branch);
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
                                  Value *CalleeVmctx, const FuncType &T) {
  HasCalls = true;
  unsigned N = T.Params.size();
  SmallVector<Value *, 8> Args{CalleeVmctx};
  Args.append(Stack.end() - N, Stack.end());
  Stack.resize(Stack.size() - N);
  CallInst *Call = B.CreateCall(FTy, Callee, Args);
  // Every wasm call takes stack: infinite recursion must trap call stack
  // exhausted, so neither tail-recursion elimination nor sibling calls may
  // turn it into a loop.
  Call->setTailCallKind(CallInst::TCK_NoTail);
  return Call;
}

void FunctionLowering::pushResults(Value *Ret, const FuncType &T) {
  if (T.Results.size() == 1) {
    push(Ret);
    return;
  }
  for (unsigned J = 0; J < T.Results.size(); ++J)
    push(B.CreateExtractValue(Ret, {J}));
}

void FunctionLowering::lowerCall(const Instr &I) {
  uint32_t Callee = I.Index;
  const FuncType &T = M.funcType(Callee);
  FunctionType *FTy = ML.nativeType(M.FuncTypes[Callee]);
  Value *Ret;
  if (M.isImportedFunc(Callee)) {
    // Imports go through the funcref the runtime bound: another instance's
    // function or a host function's adapter.
    Value *Ref = Env.funcRef(B, Vmctx, Callee);
    Ret = emitCall(FTy, Env.funcRefCode(B, Ref), Env.funcRefVmctx(B, Ref), T);
  } else {
    Ret = emitCall(FTy, ML.function(Callee), Vmctx, T);
  }
  pushResults(Ret, T);
}

// call_indirect, in DESIGN.md's three steps: bounds check against the
// table's current size, signature hash compared with a constant, indirect
// call with the entry's own vmctx.
void FunctionLowering::lowerCallIndirect(const Instr &I) {
  uint32_t TypeIdx = I.Index;
  const FuncType &T = M.Types[TypeIdx];
  Value *Index = pop();

  // A private table (ModuleLowering::isPrivateFuncTable) never grows and
  // holds only this instance's functions: its size is a constant, its
  // element array never moves, and the callee's vmctx is ours.
  bool Private = ML.isPrivateFuncTable(I.Index2);
  Value *Table = Env.table(B, Vmctx, I.Index2);
  Value *Size = Private ? B.getInt32(M.Tables[I.Index2].Lim.Min)
                        : Env.tableSize(B, Table);
  trapIf(B.CreateICmpUGE(Index, Size, "oob"), W2S_TRAP_UndefinedElement);

  Value *Elems = Env.tableElems(B, Table);
  if (Private)
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
  // function of another type.
  B.SetInsertPoint(Bad);
  Value *Code = B.CreateSelect(B.CreateICmpEQ(Hash, B.getInt64(0)),
                               B.getInt32(W2S_TRAP_UninitializedElement),
                               B.getInt32(W2S_TRAP_IndirectCallTypeMismatch));
  CallInst *TrapCall = Env.callBuiltin(B, Vmctx, W2S_BUILTIN_trap, {Code});
  TrapCall->setDoesNotReturn();
  B.CreateUnreachable();

  B.SetInsertPoint(Good);
  Value *Ret = emitCall(ML.nativeType(TypeIdx), Env.elemCode(B, Elem),
                        Private ? Vmctx : Env.elemVmctx(B, Elem), T);
  pushResults(Ret, T);
}

//===----------------------------------------------------------------------===//
// Parametric operators
//===----------------------------------------------------------------------===//

void FunctionLowering::lowerDrop(const Instr &I) { keepLoad(pop()); }

void FunctionLowering::lowerSelect(const Instr &I) {
  Value *Cond = B.CreateICmpNE(pop(), B.getInt32(0));
  Value *False = pop();
  Value *True = pop();
  push(B.CreateSelect(Cond, True, False));
}

void FunctionLowering::lowerSelectT(const Instr &I) { lowerSelect(I); }

} // namespace wasm2so
