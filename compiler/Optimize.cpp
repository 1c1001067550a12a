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
// - A compile-time budget for very large functions (largeFunctionBudget).
//   CorrelatedValuePropagation and JumpThreading query LazyValueInfo, whose
//   cost grows faster than a function's size: on the largest functions of
//   ruby.wasm (15,000 to 30,000 instructions after simplification; an
//   interpreter loop, Asyncify's instrumented bodies) they took half of
//   the optimizer's time, against 10 to 14% on functions under 5,000
//   instructions. A function of more than LargeFunctionInstrs
//   instructions when one of them is about to run skips it. The threshold
//   lies above the largest function of every program in bench/ (bzip2's
//   largest is about 10,000 after the pipeline), so none of their code
//   changes (docs/performance.md, "A large module").
//
//===----------------------------------------------------------------------===//

#include "Optimize.h"
#include "Environment.h"
#include "FunctionLowering.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassInstrumentation.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/Local.h"

#include <mutex>

using namespace llvm;

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

/// Removes the pins of loads that have other uses, or that are no longer
/// loads (forwarded from a store, say). What remains pins dead loads. Dead
/// instructions go first, so that a use is one that code generation keeps
/// (it drops a load whose users are all dead, even at -O0).
struct UnpinUsedLoads : PassInfoMixin<UnpinUsedLoads> {
  static bool IsPinCall(const User *U, unsigned Kind) {
    auto *C = dyn_cast<CallInst>(U);
    return C && C->getMetadata(Kind);
  }

  PreservedAnalyses run(llvm::Function &F, FunctionAnalysisManager &) {
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
      if (!L || !llvm::all_of(L->users(), IsPin))
        Unpin.push_back(Pin);
    }
    for (CallInst *Pin : Unpin)
      Pin->eraseFromParent();
    return Unpin.empty() && Dead.empty() ? PreservedAnalyses::all()
                                         : PreservedAnalyses::none();
  }
};

} // namespace

//===----------------------------------------------------------------------===//
// The compile-time budget of very large functions (see the file comment).
//===----------------------------------------------------------------------===//

bool withinCompileBudget(StringRef Pass, const llvm::Function &F) {
  if (Pass != "CorrelatedValuePropagationPass" && Pass != "JumpThreadingPass")
    return true;
  return F.getInstructionCount() <= LargeFunctionInstrs;
}

namespace {

/// Makes the passes whose cost grows faster than a function's size skip
/// the functions over the budget (withinCompileBudget).
void largeFunctionBudget(PassInstrumentationCallbacks &PIC) {
  PIC.registerShouldRunOptionalPassCallback([](StringRef Pass, Any IR) {
    const auto *F = llvm::any_cast<const llvm::Function *>(&IR);
    return !F || withinCompileBudget(Pass, **F);
  });
}

} // namespace

//===----------------------------------------------------------------------===//

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
  PassInstrumentationCallbacks PIC;
  largeFunctionBudget(PIC);
  PassBuilder PB(&TM, PTO, std::nullopt, &PIC);
  PB.registerVectorizerStartEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel Level) {
        // -O0 vectorizes nothing: its loads stay pinned.
        if (Level != OptimizationLevel::O0)
          FPM.addPass(UnpinUsedLoads());
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
