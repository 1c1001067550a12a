//===- Optimize.cpp - The LLVM pass pipeline for lowered modules ----------===//
//
// LLVM's default pipeline at the chosen level, with these adjustments for
// code that comes from wasm:
//
// - Accesses through a pointer into the runtime's structures (a global's
//   cell, say) that lowering left without an alias class get the runtime
//   class first (tagRuntimeAccesses), so that no access to runtime state is
//   assumed to alias linear memory. See Environment.h.
//
// - Induction variables are not widened. Wasm32 loops count in i32 and
//   address memory through zext(i32); IndVarSimplify widens such counters
//   to i64, after which InstCombine rewrites the zext of the wrapping i32
//   sum and the i32 exit test as masks (`and i64 %iv, 0xfffffff0`). SCEV
//   cannot see through those masks, so the loop vectorizer finds neither a
//   trip count nor consecutive accesses. Kept in i32, the same loops keep
//   zext({a,+,s}) addresses that the vectorizer handles, with a runtime
//   wrap check where needed. On x86-64 a 32-bit counter costs nothing:
//   32-bit operations zero the upper half, so the zext is free.
//
// - x86's cmov converter is off. Late in code generation it turns a cmov
//   whose result a loop carries (a chosen index, a running min or max) into
//   a branch, betting that the branch predicts well. On data-dependent
//   choices it does not: the heapsort of the sort benchmark picks the larger
//   child with a wasm `select` and mispredicted half the time as a branch;
//   the calls benchmark clamps random values (an inlined smin/smax) in its
//   loop. A wasm producer that emits `select` rather than `br_if` asked for
//   branch-free code, and V8 always gives it a cmov. With the converter off
//   the sort kernel ran 0.98x native time before and 0.85x after, calls
//   1.28x and 0.67x; no other kernel's code changes (docs/performance.md).
//
// - The SLP vectorizer runs from -O2 on, as in clang -O2 (LLVM's
//   PipelineTuningOptions leave it off unless asked). It pairs the x/y/z
//   arithmetic of nbody's inner loop (subpd, mulpd, movupd): 1.24x native
//   time before, 1.14x after. It changes no float result (it pairs only
//   operations that are the same per lane; without fast-math flags it
//   reassociates nothing) and costs about 8% more compile time on the
//   largest modules (bzip2, minigzip).
//
// - swifttailcc only where a tail call may go (docs/abi.md, "Tail calls").
//   Every wasm function is lowered with swifttailcc, so that any funcref can
//   be tail-called from any module; but under it the vmctx register (r13)
//   is not callee-saved and the callee pops an 8-byte argument area. A
//   function that no funcref reaches (Environment::DirectOnlyAttr: not
//   exported, in no table, named by no ref.func), that no other part of a
//   split module calls (local linkage) and that neither makes nor receives
//   a musttail call can take swiftcc, where r13 is callee-saved: its
//   callers are all in this LLVM module and all change with it.
//
// - The stack check does not make a function impure. Every function that
//   calls checks the stack pointer against the limit and calls the trap
//   builtin below it (FunctionLowering::emitStackCheck). For LLVM that call
//   could read and write anything, and an indirect call also keeps
//   FunctionAttrs from inferring nounwind, so no wasm function that calls
//   was ever memory(none): the pure recursive functions of the recurse
//   kernel were called again for every repeated call. Lowering reads the
//   stack pointer with a memory(none) call, loads the limit and the
//   builtin as constant memory (an immutable TBAA tag) and marks the trap
//   call (Environment::StackTrapMD); while the pipeline runs, that call is
//   memory(none) (it never returns, and the frames it abandons never look
//   at memory again), and afterwards it gets its effects back, because the
//   -O0 instruction selector drops an unused call that accesses no memory.
//   inferNoUnwind proves nounwind for the functions from which no exception
//   can escape: no instruction that may unwind other than direct calls of
//   such functions (a trap call is nounwind: traps siglongjmp). A pure
//   function is then memory(none) nounwind, and LLVM merges its repeated
//   calls and hoists loop-invariant ones, as it does for the C source
//   where it sees the same calls (docs/abi.md, "Traps", says what that
//   means for where call stack exhausted is raised).
//
// - A load of a 32-bit memory is pinned by lowering (an empty inline asm
//   takes its value: FunctionLowering::pinGuardedLoad), so that the
//   simplification passes cannot delete a load whose value they find dead:
//   out of bounds, it must still trap. Before the loop vectorizer, which
//   widens no loop that holds a call, the pins of loads whose values are
//   still used go (unpinUsedLoads): a used load is not deleted. Left in
//   place, they cost the stencil kernel 3.75x its instructions, matmul
//   2.2x, stream 1.9x; removed there, nothing (docs/security.md).
//
// - A used load must also stay where it is: InstCombine sinks a load into
//   the successor that holds all its uses, and code generation's
//   MachineSink into a successor that dominates them, when nothing after
//   it in its block writes memory. A load sunk past a branch that returns
//   no longer traps on that path (differential tester seed 2365: a load
//   out of bounds, whose value only a store after a loop used, sunk past
//   the loop's exit). A pin in the load's block is a use there, which
//   holds it. So, last in the pipeline, repinMovableLoads pins again each
//   load that unpinUsedLoads unpinned and that could move (stuckInBlock
//   is false); in the register its value is in, so that the pin costs no
//   move. Since InstCombine could sink a load before that, unpinUsedLoads
//   already keeps the pins of loads that could move. A load that an
//   instruction with effects follows in its block, or whose value the
//   block's branch, a store or a call takes, directly or through other
//   instructions of the block, stays as it is: that is nearly every load
//   of the bench kernels. A select of floats or vectors holds nothing:
//   x86 makes it a branch (seed 4240: a load out of bounds that only one
//   arm used was sunk into it); nor does an and or an or of conditions,
//   which becomes a branch per condition (seed 5588).
//
//===----------------------------------------------------------------------===//

#include "Optimize.h"
#include "Environment.h"
#include "FunctionLowering.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/Local.h"

#include <mutex>

using namespace llvm;
using namespace llvm::PatternMatch;

namespace wasm2so {

namespace {

/// Sets a boolean LLVM option; false when this LLVM has no such option (a
/// build without the target that defines it, say).
bool setBoolOption(StringMap<cl::Option *> &Options, StringRef Name,
                   bool Value) {
  auto It = Options.find(Name);
  if (It == Options.end())
    return false;
  static_cast<cl::opt<bool> *>(It->second)->setValue(Value);
  return true;
}

/// Sets LLVM's (process-wide) options that have no per-pipeline setting.
void setLLVMOptions() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    StringMap<cl::Option *> &Options = cl::getRegisteredOptions();
    bool Found = setBoolOption(Options, "indvars-widen-indvars", false);
    assert(Found && "IndVarSimplify's option is gone");
    (void)Found;
    // Keep cmov (x86 only; see the file comment).
    setBoolOption(Options, "x86-cmov-converter", false);
  });
}

/// The load that produced the pointer an access goes through, if the
/// Environment marked it as pointing into runtime structures.
LoadInst *runtimePointerLoad(Value *Ptr, unsigned Kind) {
  Ptr = Ptr->stripInBoundsConstantOffsets();
  auto *L = dyn_cast<LoadInst>(Ptr);
  return L && L->getMetadata(Kind) ? L : nullptr;
}

/// Gives the runtime alias class to every untagged load or store whose
/// address is a runtime pointer (plus a constant offset).
void tagRuntimeAccesses(llvm::Module &LM) {
  unsigned Kind = LM.getContext().getMDKindID(Environment::RuntimePointerMD);
  for (llvm::Function &F : LM)
    for (Instruction &I : instructions(F)) {
      if (!isa<LoadInst, StoreInst>(I) || I.getMetadata(LLVMContext::MD_tbaa))
        continue;
      if (LoadInst *P =
              runtimePointerLoad(getLoadStorePointerOperand(&I), Kind))
        // The pointer's own load reads a runtime structure: same class.
        I.setMetadata(LLVMContext::MD_tbaa,
                      P->getMetadata(LLVMContext::MD_tbaa));
    }
}

/// True when F is a wasm function that only direct calls reach, none of
/// them a musttail call, and F makes no musttail call itself: no tail call
/// reaches or leaves it.
bool outsideTailCalls(llvm::Function &F) {
  if (!F.hasFnAttribute(Environment::DirectOnlyAttr))
    return false;
  for (const Use &U : F.uses()) {
    // Constants: the descriptor's code pointer, for backtraces and a
    // funcref that nothing can reach.
    if (isa<Constant>(U.getUser()))
      continue;
    auto *Call = dyn_cast<CallBase>(U.getUser());
    if (!Call || !Call->isCallee(&U))
      return false;
    if (auto *CI = dyn_cast<CallInst>(Call); CI && CI->isMustTailCall())
      return false;
  }
  for (Instruction &I : instructions(F))
    if (auto *CI = dyn_cast<CallInst>(&I); CI && CI->isMustTailCall())
      return false;
  return true;
}

/// Gives swiftcc instead of swifttailcc to the functions that no tail call
/// reaches or leaves (see the file comment).
void relaxTailConvention(llvm::Module &LM) {
  for (llvm::Function &F : LM) {
    if (F.isDeclaration() || !F.hasLocalLinkage() ||
        F.getCallingConv() != CallingConv::SwiftTail || !outsideTailCalls(F))
      continue;
    F.setCallingConv(CallingConv::Swift);
    for (User *U : F.users())
      if (auto *Call = dyn_cast<CallBase>(U))
        Call->setCallingConv(CallingConv::Swift);
  }
}

/// Makes the stack check's trap calls memory(none) (Hidden) or gives them
/// back their effects (see the file comment).
void setStackTrapEffects(llvm::Module &LM, bool Hidden) {
  unsigned Kind = LM.getContext().getMDKindID(Environment::StackTrapMD);
  for (llvm::Function &F : LM)
    for (Instruction &I : instructions(F))
      if (auto *Call = dyn_cast<CallInst>(&I)) {
        if (!Call->getMetadata(Kind))
          continue;
        if (Hidden)
          Call->setDoesNotAccessMemory();
        else
          Call->removeFnAttr(Attribute::Memory);
      }
}

/// Marks nounwind the defined functions from which no exception can
/// escape (see the file comment). Linear in the module's size: one scan
/// finds the functions that may unwind by themselves and the callers of
/// each candidate, then unwinding spreads from callee to callers.
void inferNoUnwind(llvm::Module &LM) {
  DenseMap<const llvm::Function *, SmallVector<llvm::Function *, 2>> Callers;
  SmallPtrSet<const llvm::Function *, 32> Unwinds;
  SmallVector<const llvm::Function *, 32> Work;
  auto Candidate = [](const llvm::Function *F) {
    return F && !F->isDeclaration() && F->hasExactDefinition() &&
           !F->doesNotThrow();
  };
  for (llvm::Function &F : LM) {
    if (!Candidate(&F))
      continue;
    bool Own = false; // an unwinding instruction other than such a call
    for (const Instruction &I : instructions(F)) {
      if (!I.mayThrow(/*IncludePhaseOneUnwind=*/true))
        continue;
      auto *Call = dyn_cast<CallInst>(&I);
      const llvm::Function *Callee =
          Call ? Call->getCalledFunction() : nullptr;
      if (Candidate(Callee))
        Callers[Callee].push_back(&F);
      else
        Own = true;
    }
    if (Own && Unwinds.insert(&F).second)
      Work.push_back(&F);
  }
  while (!Work.empty()) {
    const llvm::Function *F = Work.pop_back_val();
    for (llvm::Function *Caller : Callers.lookup(F))
      if (Unwinds.insert(Caller).second)
        Work.push_back(Caller);
  }
  for (llvm::Function &F : LM)
    if (Candidate(&F) && !Unwinds.count(&F))
      F.setDoesNotThrow();
}

/// Marks a load of a 32-bit memory whose pin unpinUsedLoads removed:
/// repinMovableLoads looks at it again at the end of the pipeline.
constexpr const char *GuardedLoadMD = "w2s.guarded";

bool isPinCall(const User *U, unsigned PinKind) {
  auto *C = dyn_cast<CallInst>(U);
  return C && C->getMetadata(PinKind);
}

/// True when no pass can move load L out of its block (see the file
/// comment): an instruction after it there has effects, or its value is
/// anchored there: a phi takes it on an edge from the block, or an
/// instruction of the block uses it that cannot leave the block itself
/// (the terminator, an instruction with effects, one anchored in turn).
/// Pins count as neither. x86 has no conditional move between vector
/// registers: a select of floats or vectors becomes a branch that splits
/// the block, each value in its own arm, where MachineSink moves a load
/// that only that arm uses (seed 4240). Such a select anchors only its
/// condition, and what follows it is in another block; an and or an or
/// of conditions anchors neither. A load in a block that jumps to a block
/// with other predecessors can at most be sunk onto that edge, which
/// always runs after it.
bool stuckInBlock(LoadInst *L, unsigned PinKind, DominatorTree &DT) {
  BasicBlock *BB = L->getParent();
  auto TakenOnEdge = [BB](const Instruction &I) {
    for (const Use &U : I.uses())
      if (auto *Phi = dyn_cast<PHINode>(U.getUser());
          Phi && Phi->getIncomingBlock(U) == BB)
        return true;
    return false;
  };
  auto Anchor = [BB](SmallPtrSetImpl<const Instruction *> &Set, Value *V) {
    if (auto *I = dyn_cast<Instruction>(V); I && I->getParent() == BB)
      Set.insert(I);
  };
  SmallPtrSet<const Instruction *, 16> Anchored;
  // A jump to a block with other predecessors (a loop header, say) always
  // runs: a load sunk onto that edge still runs whenever the block does.
  auto *Br = dyn_cast<BranchInst>(BB->getTerminator());
  bool EffectsAfter = Br && Br->isUnconditional() &&
                      !Br->getSuccessor(0)->getSinglePredecessor();
  for (Instruction &I : reverse(*BB)) {
    if (&I == L) {
      if (EffectsAfter || Anchored.count(L) || TakenOnEdge(I))
        return true;
      break;
    }
    if (isPinCall(&I, PinKind))
      continue;
    if (isa<SelectInst>(I) && !I.getType()->isIntOrPtrTy()) {
      EffectsAfter = false;
      if (Anchored.count(&I) || TakenOnEdge(I))
        Anchor(Anchored, I.getOperand(0));
      continue;
    }
    // A branch on an and or an or of conditions becomes a branch per
    // condition: the second is tested in a block of its own, reached only
    // when the first does not decide (seed 5588: the overflow check of an
    // i64.div_s, whose dividend a load out of bounds gave).
    if (I.getType()->isIntOrIntVectorTy(1) &&
        (match(&I, m_LogicalAnd()) || match(&I, m_LogicalOr())))
      continue;
    if (I.mayHaveSideEffects())
      EffectsAfter = true;
    else if (!I.isTerminator() && !Anchored.count(&I) && !TakenOnEdge(I))
      continue;
    for (Value *Op : I.operands())
      Anchor(Anchored, Op);
  }

  // Nothing holds it, but it moves only into a successor that dominates
  // every use outside the block of it and of what the block computes from
  // it (which would move along).
  SmallVector<const Instruction *, 8> Work{L};
  SmallPtrSet<const Instruction *, 16> Seen{L};
  BasicBlock *Common = nullptr;
  while (!Work.empty()) {
    const Instruction *I = Work.pop_back_val();
    for (const Use &U : I->uses()) {
      auto *UI = cast<Instruction>(U.getUser());
      if (isPinCall(UI, PinKind))
        continue;
      if (UI->getParent() == BB) {
        // A select of floats or vectors becomes a branch: its values go
        // into arms of their own.
        if (isa<SelectInst>(UI) && !UI->getType()->isIntOrPtrTy() &&
            UI->getOperand(0) != I)
          return false;
        // Reached through an and or an or of conditions: their branches
        // are blocks of their own.
        if (UI->isTerminator())
          return false;
        if (Seen.insert(UI).second)
          Work.push_back(UI);
        continue;
      }
      BasicBlock *UseBB = UI->getParent();
      if (auto *Phi = dyn_cast<PHINode>(UI))
        UseBB = Phi->getIncomingBlock(U);
      Common = Common ? DT.findNearestCommonDominator(Common, UseBB) : UseBB;
    }
  }
  if (!Common || Common == BB)
    return true;
  return llvm::none_of(successors(BB), [&](BasicBlock *S) {
    return S != BB && DT.dominates(S, Common);
  });
}

/// Pins load L as FunctionLowering::pinGuardedLoad does, with an empty
/// inline asm right after it that takes its value, but in the register
/// the value is in: a general one for an integer, a vector one for a
/// float or a vector, so that the pin costs no move.
void pinLoad(LoadInst *L, unsigned PinKind) {
  IRBuilder<> B(L->getNextNode());
  const char *Constraint = "r";
  if (!L->getType()->isIntOrPtrTy())
    Constraint =
        Triple(L->getModule()->getTargetTriple()).isAArch64() ? "w" : "x";
  auto *Asm = InlineAsm::get(
      FunctionType::get(B.getVoidTy(), {L->getType()}, false), "",
      Constraint, /*hasSideEffects=*/true);
  CallInst *Pin = B.CreateCall(Asm, {L});
  Pin->setDoesNotThrow();
  Pin->addFnAttr(Attribute::WillReturn);
  Pin->setMemoryEffects(MemoryEffects::inaccessibleMemOnly());
  Pin->setMetadata(PinKind, MDNode::get(B.getContext(), {}));
}

/// Removes the pins of loads that have other uses, or that are no longer
/// loads (forwarded from a store, say); the loads are marked for
/// repinMovableLoads; but a load that could still move out of its block
/// (stuckInBlock is false) keeps its pin. What remains pins dead loads and
/// those. Dead instructions go first, so that a use is one that code
/// generation keeps (it drops a load whose users are all dead, even at
/// -O0).
struct UnpinUsedLoads : PassInfoMixin<UnpinUsedLoads> {
  static bool IsPinCall(const User *U, unsigned Kind) {
    return isPinCall(U, Kind);
  }

  PreservedAnalyses run(llvm::Function &F, FunctionAnalysisManager &FAM) {
    unsigned Kind = F.getContext().getMDKindID(FunctionLowering::PinMD);
    SmallVector<WeakTrackingVH, 16> Dead;
    for (Instruction &I : instructions(F))
      if (isInstructionTriviallyDead(&I))
        Dead.push_back(&I);
    RecursivelyDeleteTriviallyDeadInstructionsPermissive(Dead);
    SmallVector<CallInst *, 16> Unpin;
    for (Instruction &I : instructions(F)) {
      auto *Pin = dyn_cast<CallInst>(&I);
      if (!Pin || !Pin->getMetadata(Kind))
        continue;
      // The pin takes the load, or its bits as an integer.
      Value *V = Pin->getArgOperand(0);
      if (auto *Cast = dyn_cast<BitCastInst>(V))
        V = Cast->getOperand(0);
      auto *L = dyn_cast<LoadInst>(V);
      auto IsPin = [&](User *U) {
        if (auto *Cast = dyn_cast<BitCastInst>(U))
          return Cast->hasOneUse() && IsPinCall(*Cast->user_begin(), Kind);
        return IsPinCall(U, Kind);
      };
      if (!L) {
        Unpin.push_back(Pin);
      } else if (!llvm::all_of(L->users(), IsPin) &&
                 stuckInBlock(L, Kind,
                              FAM.getResult<DominatorTreeAnalysis>(F))) {
        L->setMetadata(GuardedLoadMD, MDNode::get(F.getContext(), {}));
        Unpin.push_back(Pin);
      }
    }
    for (CallInst *Pin : Unpin)
      Pin->eraseFromParent();
    return Unpin.empty() && Dead.empty() ? PreservedAnalyses::all()
                                         : PreservedAnalyses::none();
  }
};

/// Pins again each load that unpinUsedLoads unpinned and that the passes
/// after it left free to move out of its block (see the file comment).
struct RepinMovableLoads : PassInfoMixin<RepinMovableLoads> {
  PreservedAnalyses run(llvm::Function &F, FunctionAnalysisManager &FAM) {
    DominatorTree &DT = FAM.getResult<DominatorTreeAnalysis>(F);
    unsigned PinKind = F.getContext().getMDKindID(FunctionLowering::PinMD);
    unsigned GuardedKind = F.getContext().getMDKindID(GuardedLoadMD);
    SmallVector<LoadInst *, 8> Movable;
    for (Instruction &I : instructions(F))
      if (auto *L = dyn_cast<LoadInst>(&I))
        if (L->getMetadata(GuardedKind) && !stuckInBlock(L, PinKind, DT))
          Movable.push_back(L);
    for (LoadInst *L : Movable)
      pinLoad(L, PinKind);
    if (Movable.empty())
      return PreservedAnalyses::all();
    PreservedAnalyses PA;
    PA.preserveSet<CFGAnalyses>();
    return PA;
  }
};

} // namespace

void optimize(llvm::Module &LM, TargetMachine &TM, unsigned OptLevel) {
  setLLVMOptions();
  tagRuntimeAccesses(LM);
  relaxTailConvention(LM);
  inferNoUnwind(LM);
  setStackTrapEffects(LM, /*Hidden=*/true);

  // Declared in this order so that they are destroyed in the right one.
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  // The SLP vectorizer from -O2 on, as clang runs it (see the file comment).
  PipelineTuningOptions PTO;
  PTO.SLPVectorization = OptLevel >= 2;
  PassBuilder PB(&TM, PTO);
  PB.registerVectorizerStartEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel Level) {
        // -O0 vectorizes nothing: its loads stay pinned.
        if (Level != OptimizationLevel::O0)
          FPM.addPass(UnpinUsedLoads());
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level) {
        if (Level != OptimizationLevel::O0)
          MPM.addPass(createModuleToFunctionPassAdaptor(RepinMovableLoads()));
      });
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);

  OptimizationLevel Level = OptLevel == 1   ? OptimizationLevel::O1
                            : OptLevel == 2 ? OptimizationLevel::O2
                                            : OptimizationLevel::O3;
  ModulePassManager MPM;
  if (OptLevel == 0)
    MPM = PB.buildO0DefaultPipeline(OptimizationLevel::O0);
  else
    MPM = PB.buildPerModuleDefaultPipeline(Level);
  MPM.run(LM, MAM);
  setStackTrapEffects(LM, /*Hidden=*/false);
}

} // namespace wasm2so
