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
//   callers are all in this LLVM module and all change with it. The same
//   holds for the functions of a sealed private table (Environment::
//   TableOnlyAttr: only its constant array of code pointers reaches them,
//   and only call_indirect reads that), taken together with every call
//   through the array: C function-pointer tables, the interp kernel's
//   handlers (1.70x native instructions before, docs/performance.md).
//
// - The i32 parameters of those functions that address memory (all of
//   a sealed table's functions' i32 parameters, so that its calls agree)
//   travel as i64 whose upper half is zero (a `range` attribute says
//   so), from -O1 on. Every caller is
//   known and zero-extends, which costs nothing for a value that a 32-bit
//   instruction or load made (x86-64 zeroes the upper half); the callee
//   then addresses memory with the parameter itself, where an i32
//   parameter needs its own zero extension (`mov %esi, %ecx`: its upper
//   half is undefined in the native conventions) before each first use as
//   an address. Wasm32 passes pointers as i32, so this is every small
//   function that takes a pointer: each interp handler had two.
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
// - A used load must also be read whole: code generation reads only the
//   bits or lanes of a load that reach a result (`and (load i32), 255`
//   becomes a one-byte load, an extracted lane of a loaded vector a load
//   of that lane; VectorCombine does the latter in the IR) and deletes a
//   load none of whose bits do (seed 3990: the used lanes of an
//   i32x4.dot_i16x8_s had constant zero factors). An access that crosses
//   the end of memory, or lies past it, then no longer traps. So a load
//   that is a vector or feeds one keeps its pin to the end (feedsVectors),
//   and repinMovableLoads also pins an integer load whose bits are not all
//   used (partlyUsed, DemandedBits). bench/'s kernels have no wasm SIMD
//   loads, and their loads are used whole but for one shift count in
//   interp, now read as the four bytes wasm asks for.
//
// - Before the vectorizers, the i32 address sums `p + C` that loop trip
//   counts and guards bound below 2^32 get `nuw` (AddressSums.cpp), so
//   that C folds into the displacement and adjacent fields are seen as
//   adjacent: nbody's inner loop (docs/performance.md).
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
// - The large-module tier (optimizationTier). At -O1 and -O2 a module of
//   more than LargeModuleCodeBytes of function bodies is compiled in the
//   light tier: each function simplified once (lightPipeline: SROA, EarlyCSE,
//   SimplifyCFG, InstCombine once, SimplifyCFG, then the load pins as
//   above), no inliner (so the parts get no copies of small functions), no
//   interprocedural, loop or vectorizing pass; code generation at level
//   Less with the fast instruction selector, the greedy register allocator
//   kept. LLVM's -O2 costs about 50 us of CPU per lowered instruction, half
//   in the optimizer and half in code generation, whatever the functions'
//   sizes, so no budget on some functions makes a 10 MB module cheap; on
//   ruby.wasm the light tier took 0.54 of -O2's CPU (the optimizer 40 s
//   instead of 335, code generation, now most of the time, 324 instead of
//   347). Every program in bench/ lies far below the threshold
//   (bzip2 has 104 KB of code) and keeps its code; --full-pipeline asks
//   for the full tier (docs/performance.md, "A lighter -O2 for large
//   modules").
//
// - The light tier's code generation. With the optimizer that light,
//   code generation was four fifths of the time, and a few functions of
//   many blocks (an interpreter's loop, Asyncify's bodies) took a large
//   share of it in the greedy register allocator and the coalescer. Four
//   things make it cheaper, none changes what the code does:
//   * LLVM's budgets for both, which exist only as process-wide options,
//     are cut while a light-tier compile runs (CodeGenOptionScope): no
//     region growing when splitting a live range, fewer joins of a large
//     live range.
//   * Five machine passes are left out (LightSkippedPasses, emitObject):
//     the scheduler, machine CSE and loop-invariant code motion before
//     register allocation, block placement and branch folding.
//   * Each load still pinned after the passes becomes volatile instead
//     (VolatilePinnedLoads), as at -O0: the fast instruction selector
//     handed every pin to SelectionDAG.
//   * The functions that only direct calls reach take the C convention,
//     as at -O0, whose returns the fast selector takes (relaxTailConvention).
//   The full tier's code is unchanged (docs/performance.md, "The light
//   tier's code generation").
//
//===----------------------------------------------------------------------===//

#include "Optimize.h"
#include "AddressSums.h"
#include "Environment.h"
#include "Error.h"
#include "FunctionLowering.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Analysis/DemandedBits.h"
#include "llvm/CodeGen/MachineModuleInfo.h"
#include "llvm/CodeGen/Passes.h"
#include "llvm/CodeGen/TargetPassConfig.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/ConstantRange.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/IR/PassInstrumentation.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
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

/// True when F makes a musttail call.
bool makesTailCall(llvm::Function &F) {
  for (Instruction &I : instructions(F))
    if (auto *CI = dyn_cast<CallInst>(&I); CI && CI->isMustTailCall())
      return true;
  return false;
}

/// True when U's user is a call, not a musttail one, with U as its callee.
bool isPlainCallOf(User *Usr, const Use &U) {
  auto *Call = dyn_cast<CallBase>(Usr);
  if (!Call || !Call->isCallee(&U))
    return false;
  auto *CI = dyn_cast<CallInst>(Call);
  return !CI || !CI->isMustTailCall();
}

/// The calls through a sealed table's array Codes (Environment::
/// SealedTableMD): each use is a GEP into it whose loads are only callees
/// of plain calls. False when some use is anything else.
bool callsThroughTable(GlobalVariable &Codes, SmallVectorImpl<CallBase *> &Out) {
  for (User *GU : Codes.users()) {
    auto *GEP = dyn_cast<GEPOperator>(GU);
    if (!GEP || GEP->getPointerOperand() != &Codes)
      return false;
    for (User *LU : GEP->users()) {
      auto *L = dyn_cast<LoadInst>(LU);
      if (!L || L->getPointerOperand() != GEP)
        return false;
      for (const Use &U : L->uses()) {
        if (!isPlainCallOf(U.getUser(), U))
          return false;
        Out.push_back(cast<CallBase>(U.getUser()));
      }
    }
  }
  return true;
}

/// What relaxTailConvention changed: functions whose every caller is a
/// direct call or a call through a sealed table's array, and those calls
/// through the arrays.
struct Relaxed {
  SmallVector<llvm::Function *, 32> Funcs;
  SmallVector<CallBase *, 16> TableCalls;
  SmallPtrSet<llvm::Function *, 16> TableFuncs; // those a table call reaches
};

/// Gives swiftcc instead of swifttailcc to the functions that no tail call
/// reaches or leaves (see the file comment), with their calls: direct
/// calls, and the calls through a sealed table's array when every
/// function in it can change. (CC instead of swiftcc: -O0 and the light
/// tier give the C convention, whose calls and returns the fast
/// instruction selector takes; the vmctx stays swiftself, callee-saved in
/// r13 as under swiftcc.)
Relaxed relaxTailConvention(llvm::Module &LM,
                            CallingConv::ID CC = CallingConv::Swift) {
  // Candidates: local wasm functions reached by direct calls only, or also
  // by sealed tables' slots; none makes a tail call, none is tail-called.
  SmallPtrSet<llvm::Function *, 32> Relax;
  for (llvm::Function &F : LM) {
    if (F.isDeclaration() || !F.hasLocalLinkage() ||
        F.getCallingConv() != CallingConv::SwiftTail ||
        !(F.hasFnAttribute(Environment::DirectOnlyAttr) ||
          F.hasFnAttribute(Environment::TableOnlyAttr)) ||
        makesTailCall(F))
      continue;
    bool Ok = true;
    for (const Use &U : F.uses()) {
      // Constants: the descriptor's code pointer (for backtraces, and a
      // funcref that nothing can reach) and the sealed tables' arrays,
      // checked below.
      if (isa<Constant>(U.getUser()))
        continue;
      if (!isPlainCallOf(U.getUser(), U)) {
        Ok = false;
        break;
      }
    }
    if (Ok)
      Relax.insert(&F);
  }

  // A sealed table's calls change when all its functions do. Dropping a
  // table's functions may drop another table (a function in both).
  unsigned Kind = LM.getContext().getMDKindID(Environment::SealedTableMD);
  struct SealedTable {
    SmallVector<llvm::Function *, 16> Funcs;
    SmallVector<CallBase *, 8> Calls;
    bool Ok = true;
  };
  SmallVector<SealedTable, 4> Tables;
  for (GlobalVariable &G : LM.globals()) {
    if (!G.getMetadata(Kind) || !G.hasInitializer())
      continue;
    SealedTable T;
    T.Ok = callsThroughTable(G, T.Calls);
    if (auto *Init = dyn_cast<ConstantArray>(G.getInitializer()))
      for (Value *Op : Init->operands())
        if (auto *F = dyn_cast<llvm::Function>(Op))
          if (!is_contained(T.Funcs, F))
            T.Funcs.push_back(F);
    Tables.push_back(std::move(T));
  }
  // (A table-only function in no sealed table's array, its slots
  // overwritten by later segments, has only its direct calls.)
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (SealedTable &T : Tables) {
      if (T.Ok && llvm::any_of(T.Funcs, [&](llvm::Function *F) {
            return !Relax.count(F);
          }))
        T.Ok = false;
      if (T.Ok)
        continue;
      for (llvm::Function *F : T.Funcs)
        Changed |= Relax.erase(F);
    }
  }

  Relaxed R;
  // In module order, so that the output does not depend on pointer values.
  for (llvm::Function &F : LM) {
    if (!Relax.count(&F))
      continue;
    F.setCallingConv(CC);
    for (User *U : F.users())
      if (auto *Call = dyn_cast<CallBase>(U))
        Call->setCallingConv(CC);
    R.Funcs.push_back(&F);
  }
  for (SealedTable &T : Tables) {
    if (!T.Ok)
      continue;
    for (CallBase *Call : T.Calls) {
      Call->setCallingConv(CC);
      R.TableCalls.push_back(Call);
    }
    R.TableFuncs.insert(T.Funcs.begin(), T.Funcs.end());
  }
  return R;
}

/// FT with its i32 parameters as i64 where Wide(parameter index) says so
/// (FT itself when none changes).
FunctionType *widenedType(FunctionType *FT,
                          function_ref<bool(unsigned)> Wide) {
  SmallVector<Type *, 8> Params;
  bool Any = false;
  for (unsigned I = 0; I < FT->getNumParams(); ++I) {
    Type *P = FT->getParamType(I);
    bool W = P->isIntegerTy(32) && Wide(I);
    Any |= W;
    Params.push_back(W ? Type::getInt64Ty(FT->getContext()) : P);
  }
  return Any ? FunctionType::get(FT->getReturnType(), Params, FT->isVarArg())
             : FT;
}

/// True when lowering's copy of parameter A (the store into its local's
/// alloca) is loaded and zero-extended to i64 somewhere: a wasm32 address.
bool addressesMemory(Argument *A) {
  for (User *U : A->users()) {
    auto *St = dyn_cast<StoreInst>(U);
    auto *Slot =
        St ? dyn_cast<AllocaInst>(St->getPointerOperand()) : nullptr;
    if (!Slot || St->getValueOperand() != A)
      continue;
    for (User *SU : Slot->users())
      if (auto *L = dyn_cast<LoadInst>(SU))
        for (User *LU : L->users())
          if (isa<ZExtInst>(LU) && LU->getType()->isIntegerTy(64))
            return true;
  }
  return false;
}

/// Replaces Call by a call of Callee with type NewTy, whose i64
/// parameters take the zero extension of Call's i32 arguments.
void rewriteCall(CallBase *Call, FunctionType *NewTy, Value *Callee) {
  IRBuilder<> B(Call);
  SmallVector<Value *, 8> Args;
  for (unsigned I = 0; I < Call->arg_size(); ++I) {
    Value *A = Call->getArgOperand(I);
    Args.push_back(A->getType() == NewTy->getParamType(I)
                       ? A
                       : B.CreateZExt(A, NewTy->getParamType(I)));
  }
  SmallVector<OperandBundleDef, 1> Bundles;
  Call->getOperandBundlesAsDefs(Bundles);
  CallBase *New;
  if (auto *II = dyn_cast<InvokeInst>(Call)) {
    New = InvokeInst::Create(NewTy, Callee, II->getNormalDest(),
                             II->getUnwindDest(), Args, Bundles, "",
                             Call->getIterator());
  } else {
    auto *CI = cast<CallInst>(Call);
    auto *NewCI =
        CallInst::Create(NewTy, Callee, Args, Bundles, "", Call->getIterator());
    NewCI->setTailCallKind(CI->getTailCallKind()); // notail stays notail
    New = NewCI;
  }
  New->setCallingConv(Call->getCallingConv());
  New->setAttributes(Call->getAttributes());
  New->copyMetadata(*Call);
  New->setDebugLoc(Call->getDebugLoc());
  New->takeName(Call);
  Call->replaceAllUsesWith(New);
  Call->eraseFromParent();
}

/// Passes the i32 parameters of the relaxed functions as i64 whose upper
/// half is zero (see the file comment): each call zero-extends, which is
/// free for a value a 32-bit instruction made, and the callee's
/// zero extensions of its parameters (wasm32 addresses) fold away.
void widenI32Params(llvm::Module &LM, Relaxed &R) {
  LLVMContext &Ctx = LM.getContext();
  Attribute InRange = Attribute::get(
      Ctx, Attribute::Range,
      ConstantRange(APInt(64, 0), APInt(64, uint64_t(1) << 32)));
  // A table's functions and calls widen every i32 parameter, so that all
  // agree; a function that only direct calls reach, the parameters it
  // uses as addresses (widening a counter would move its arithmetic to
  // 64 bits: Ackermann's loop in the fib kernel took an extra test).
  for (CallBase *Call : R.TableCalls) {
    FunctionType *NewTy =
        widenedType(Call->getFunctionType(), [](unsigned) { return true; });
    if (NewTy != Call->getFunctionType())
      rewriteCall(Call, NewTy, Call->getCalledOperand());
  }
  for (llvm::Function *F : R.Funcs) {
    bool All = R.TableFuncs.count(F);
    FunctionType *NewTy = widenedType(F->getFunctionType(), [&](unsigned I) {
      return All || addressesMemory(F->getArg(I));
    });
    if (NewTy == F->getFunctionType())
      continue;
    llvm::Function *NF = llvm::Function::Create(NewTy, F->getLinkage(),
                                                F->getAddressSpace());
    LM.getFunctionList().insert(F->getIterator(), NF);
    NF->copyAttributesFrom(F);
    NF->copyMetadata(F, 0);
    NF->takeName(F);
    NF->splice(NF->begin(), F);
    IRBuilder<> B(&*NF->getEntryBlock().getFirstInsertionPt());
    for (unsigned I = 0; I < NF->arg_size(); ++I) {
      Argument *Old = F->getArg(I), *New = NF->getArg(I);
      New->takeName(Old);
      if (Old->getType() == New->getType()) {
        Old->replaceAllUsesWith(New);
        continue;
      }
      NF->addParamAttr(I, InRange);
      Old->replaceAllUsesWith(B.CreateTrunc(New, Old->getType()));
    }
    SmallVector<CallBase *, 8> Calls;
    for (Use &U : F->uses())
      if (auto *Call = dyn_cast<CallBase>(U.getUser()); Call && Call->isCallee(&U))
        Calls.push_back(Call);
    for (CallBase *Call : Calls)
      rewriteCall(Call, NewTy, NF);
    // What remains are constants: the descriptor, sealed tables' arrays.
    F->replaceAllUsesWith(NF);
    F->eraseFromParent();
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

/// The load that Pin keeps, or null when its operand is no longer a load
/// (forwarded from a store, say). The pin takes the load, or its bits as
/// an integer: that bitcast goes to Cast when asked for.
LoadInst *pinnedLoad(CallInst *Pin, BitCastInst **Cast = nullptr) {
  Value *V = Pin->getArgOperand(0);
  auto *BC = dyn_cast<BitCastInst>(V);
  if (Cast)
    *Cast = BC;
  return dyn_cast<LoadInst>(BC ? BC->getOperand(0) : V);
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

/// True when load L is a vector or feeds one directly (a splat, a lane
/// load): from there on the passes and code generation track lanes, and
/// drop or narrow a load when the lanes that reach a result do not need
/// all of it (seed 3990: a v128.load whose only used product lanes had
/// constant zero factors was deleted by the DAG combiner; VectorCombine
/// makes a load of one lane of a loaded vector that is extracted). Such a
/// load keeps its pin to the end. bench/'s kernels have none: they are
/// compiled without wasm SIMD, and the loop vectorizer's loads come later.
bool feedsVectors(const LoadInst *L) {
  return L->getType()->isVectorTy() ||
         llvm::any_of(L->users(),
                      [](const User *U) { return U->getType()->isVectorTy(); });
}

/// Removes the pins of loads that have other uses, or that are no longer
/// loads (forwarded from a store, say); the loads are marked for
/// repinMovableLoads; but a load that could still move out of its block
/// (stuckInBlock is false), or that feeds vectors (feedsVectors), keeps
/// its pin. What remains pins dead loads and those. Dead instructions go
/// first, so that a use is one that code generation keeps (it drops a
/// load whose users are all dead, even at -O0).
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
      LoadInst *L = pinnedLoad(Pin);
      auto IsPin = [&](User *U) {
        if (auto *Cast = dyn_cast<BitCastInst>(U))
          return Cast->hasOneUse() && IsPinCall(*Cast->user_begin(), Kind);
        return IsPinCall(U, Kind);
      };
      if (!L) {
        Unpin.push_back(Pin);
      } else if (!llvm::all_of(L->users(), IsPin) && !feedsVectors(L) &&
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

/// True when code generation may read only part of load L, or none of
/// it: the bits of its value that anything uses are not all of them
/// (DemandedBits). The DAG combiner then makes `and (load i32), 255` or a
/// `trunc` of a load a narrower load, and deletes a load none of whose
/// bits are used; an access that crosses the end of memory, or lies past
/// it, then no longer traps.
bool partlyUsed(LoadInst *L, DemandedBits &DB) {
  if (!L->getType()->isIntegerTy())
    return false;
  return !DB.getDemandedBits(L).isAllOnes();
}

/// Pins again each load that unpinUsedLoads unpinned and that the passes
/// after it left free to move out of its block, or of which code
/// generation may read less than all (partlyUsed; see the file comment).
struct RepinMovableLoads : PassInfoMixin<RepinMovableLoads> {
  PreservedAnalyses run(llvm::Function &F, FunctionAnalysisManager &FAM) {
    DominatorTree &DT = FAM.getResult<DominatorTreeAnalysis>(F);
    DemandedBits &DB = FAM.getResult<DemandedBitsAnalysis>(F);
    unsigned PinKind = F.getContext().getMDKindID(FunctionLowering::PinMD);
    unsigned GuardedKind = F.getContext().getMDKindID(GuardedLoadMD);
    SmallVector<LoadInst *, 8> Movable;
    for (Instruction &I : instructions(F))
      if (auto *L = dyn_cast<LoadInst>(&I))
        if (L->getMetadata(GuardedKind) &&
            (!stuckInBlock(L, PinKind, DT) || partlyUsed(L, DB)))
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

/// The light tier's last pass: each load that still has its pin becomes
/// a volatile load without one, as every guarded load is at -O0
/// (FunctionLowering::pinGuardedLoad). The fast instruction selector
/// cannot select the pin's inline asm and hands each one to SelectionDAG;
/// it selects a volatile load as any load. Nothing after this pass deletes,
/// narrows or moves a volatile load (the IR passes count it as a write to
/// memory, the machine passes, MachineSink among them, as a store), which
/// is all the pin was for: a vector load too keeps all its lanes.
struct VolatilePinnedLoads : PassInfoMixin<VolatilePinnedLoads> {
  PreservedAnalyses run(llvm::Function &F, FunctionAnalysisManager &) {
    unsigned Kind = F.getContext().getMDKindID(FunctionLowering::PinMD);
    SmallVector<CallInst *, 16> Pins;
    for (Instruction &I : instructions(F))
      if (isPinCall(&I, Kind))
        Pins.push_back(cast<CallInst>(&I));
    bool Changed = false;
    for (CallInst *Pin : Pins) {
      BitCastInst *Cast;
      LoadInst *L = pinnedLoad(Pin, &Cast);
      if (!L)
        continue;
      L->setVolatile(true);
      Pin->eraseFromParent();
      if (Cast && Cast->use_empty())
        Cast->eraseFromParent();
      Changed = true;
    }
    if (!Changed)
      return PreservedAnalyses::all();
    PreservedAnalyses PA;
    PA.preserveSet<CFGAnalyses>();
    return PA;
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
// The large-module tier (see the file comment).
//===----------------------------------------------------------------------===//

Tier optimizationTier(unsigned OptLevel, uint64_t CodeBytes,
                      bool FullPipeline, uint64_t Threshold) {
  return (OptLevel == 1 || OptLevel == 2) && !FullPipeline &&
                 CodeBytes > Threshold
             ? Tier::Light
             : Tier::Full;
}

const char *tierName(Tier T) { return T == Tier::Light ? "light" : "full"; }

void setCodeGenTier(TargetMachine &TM, Tier T) {
  if (T != Tier::Light)
    return;
  // TargetPassConfig keeps a FastISel asked for above -O0: SelectionDAG
  // then selects only what the fast selector cannot.
  TM.setOptLevel(CodeGenOptLevel::Less);
  TM.setFastISel(true);
}

namespace {

/// LLVM's option Name, a cl::opt<T>, or null when this LLVM has none (a
/// build without the code that defines it).
template <typename T> cl::opt<T> *findOption(StringRef Name) {
  StringMap<cl::Option *> &Options = cl::getRegisteredOptions();
  auto It = Options.find(Name);
  return It == Options.end() ? nullptr : static_cast<cl::opt<T> *>(It->second);
}

/// One of LLVM's options that the light tier sets for code generation,
/// and the value it had before.
template <typename T> struct LightOption {
  const char *Name;
  T Light;
  T Saved{};

  void set() {
    if (cl::opt<T> *O = findOption<T>(Name)) {
      Saved = O->getValue();
      O->setValue(Light);
    }
  }
  void restore() {
    if (cl::opt<T> *O = findOption<T>(Name))
      O->setValue(Saved);
  }
};

/// The greedy register allocator splits a live range that finds no
/// register around a region of blocks where a register is free: it grows
/// the region from the blocks that use the range along the edge bundles
/// of the spill placement graph, walking every block of each bundle it
/// adds, within a budget of 10,000 blocks per try. In functions of many
/// blocks where a few values (Asyncify's state, the interpreter's
/// registers) are live across most of them, the ranges that try spend
/// much of it: on ruby.wasm's 21 largest functions the allocator took 16 s
/// of llc's 51. With no budget the region split gives up at once and the
/// range is split around each block that uses it, or spilled: 2.7 s, and
/// 7% less code (callgrind, the largest function: 15.4 G instructions in
/// llc before, 11.7 G after).
LightOption<unsigned long> GrowRegionBudget{"grow-region-complexity-budget", 0};

/// The coalescer joins the copies of a live range of more than 100
/// values (large-interval-size-threshold) at most this many times (256 by
/// default), each join walking the whole range: the same ranges as above.
/// At 128, on the two largest functions, llc ran 13% fewer instructions
/// on one and 10% more on the other (4% fewer for both, callgrind); on
/// typical functions 0.5% fewer. 64 saved no more time on the 21 largest
/// and made 12% more code there.
LightOption<unsigned> LargeIntervalJoins{"large-interval-freq-threshold", 128};

std::mutex LightOptionsMutex;
unsigned LightScopes = 0; // CodeGenOptionScopes of the light tier alive

} // namespace

CodeGenOptionScope::CodeGenOptionScope(Tier T) : Light(T == Tier::Light) {
  if (!Light)
    return;
  std::lock_guard<std::mutex> Lock(LightOptionsMutex);
  if (LightScopes++ == 0) {
    GrowRegionBudget.set();
    LargeIntervalJoins.set();
  }
}

CodeGenOptionScope::~CodeGenOptionScope() {
  if (!Light)
    return;
  std::lock_guard<std::mutex> Lock(LightOptionsMutex);
  if (--LightScopes == 0) {
    GrowRegionBudget.restore();
    LargeIntervalJoins.restore();
  }
}

namespace {

/// The light tier's optimizer: each function simplified once, as the
/// start of LLVM's function simplification does it (locals out of memory,
/// redundant loads and expressions merged, instructions combined once,
/// branches folded), then the load pins handled as in the full pipeline.
/// No inliner, no interprocedural or loop pass, no vectorizer.
FunctionPassManager lightPipeline() {
  FunctionPassManager FPM;
  FPM.addPass(SROAPass(SROAOptions::ModifyCFG));
  FPM.addPass(EarlyCSEPass());
  FPM.addPass(SimplifyCFGPass());
  FPM.addPass(InstCombinePass(InstCombineOptions().setMaxIterations(1)));
  FPM.addPass(SimplifyCFGPass());
  FPM.addPass(UnpinUsedLoads());
  FPM.addPass(RepinMovableLoads());
  FPM.addPass(VolatilePinnedLoads());
  return FPM;
}

} // namespace

//===----------------------------------------------------------------------===//

void optimize(llvm::Module &LM, TargetMachine &TM, unsigned OptLevel,
              Tier T) {
  setLLVMOptions();
  // -O0 runs no pass. LLVM's -O0 pipeline only looks for functions to
  // inline always, of which lowering makes none, through every instruction
  // of every function; the alias tags, the widened parameters, nounwind
  // and the stack trap's effects below are for the optimizer alone.
  if (OptLevel == 0) {
    relaxTailConvention(LM, CallingConv::C);
    return;
  }
  tagRuntimeAccesses(LM);
  // The light tier gives the C convention, as -O0 does: the fast
  // instruction selector takes its returns, not swiftcc's.
  Relaxed R = relaxTailConvention(LM, T == Tier::Light ? CallingConv::C
                                                       : CallingConv::Swift);
  widenI32Params(LM, R);
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
        FPM.addPass(UnpinUsedLoads());
        FPM.addPass(ProveAddressSums());
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

  if (T == Tier::Light) {
    ModulePassManager MPM;
    MPM.addPass(createModuleToFunctionPassAdaptor(lightPipeline()));
    MPM.run(LM, MAM);
    setStackTrapEffects(LM, /*Hidden=*/false);
    return;
  }
  OptimizationLevel Level = OptLevel == 1   ? OptimizationLevel::O1
                            : OptLevel == 2 ? OptimizationLevel::O2
                                            : OptimizationLevel::O3;
  ModulePassManager MPM = PB.buildPerModuleDefaultPipeline(Level);
  MPM.run(LM, MAM);
  setStackTrapEffects(LM, /*Hidden=*/false);
}

namespace {

/// The machine passes that the light tier's code generation does without
/// (see the file comment), each 2 to 5% of its instructions on a sample
/// of ruby.wasm's functions: the scheduler before register allocation,
/// which orders instructions for a pipeline model that out-of-order x86
/// cores hide; machine CSE, which finds little that EarlyCSE did not
/// merge in the IR; loop-invariant code motion before register allocation
/// (the light tier gives up loop optimizations already); block placement
/// by branch probabilities, so that blocks stay in wasm order (the fast
/// selector's branches fall through to the next block); branch folding,
/// which merges common tails.
const AnalysisID LightSkippedPasses[] = {
    &MachineSchedulerID, &MachineCSEID, &EarlyMachineLICMID,
    &MachineBlockPlacementID, &BranchFolderPassID};

} // namespace

Error emitObject(llvm::Module &LM, TargetMachine &TM,
                 SmallVectorImpl<char> &Out, Tier T) {
  // TargetMachine::addPassesToEmitFile's pipeline, less LiveDebugValues.
  // That pass extends the ranges of variables' locations, and lowering
  // describes no variable (only lines and functions, Lower.h), yet it
  // walks every machine instruction of every function: it was a tenth of
  // code generation at -O0.
  auto &LTM = static_cast<LLVMTargetMachine &>(TM);
  raw_svector_ostream OS(Out);
  legacy::PassManager PM;
  auto *MMI = new MachineModuleInfoWrapperPass(&LTM);
  TargetPassConfig *Config = LTM.createPassConfig(PM);
  Config->setDisableVerify(true);
  Config->disablePass(&LiveDebugValuesID);
  if (T == Tier::Light)
    for (AnalysisID Pass : LightSkippedPasses)
      Config->disablePass(Pass);
  PM.add(Config);
  PM.add(MMI);
  if (Config->addISelPasses())
    return internalError("the target has no instruction selector");
  Config->addMachinePasses();
  Config->setInitialized();
  if (LTM.addAsmPrinter(PM, OS, nullptr, CodeGenFileType::ObjectFile,
                        MMI->getMMI().getContext()))
    return internalError("the target cannot emit object files");
  PM.add(createFreeMachineFunctionPass());
  PM.run(LM);
  return Error::success();
}

} // namespace wasm2so
