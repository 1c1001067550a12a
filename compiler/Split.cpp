//===- Split.cpp - Cutting a lowered module into parts --------------------===//
//
// LLVM's pipeline is most of a compile, and a module's pipeline runs on one
// thread: a large module is therefore cut into parts, as lowered, and each
// part is optimized and compiled on its own (Driver.cpp). Cutting before
// the optimizer rather than after it makes all of the work parallel, but
// the optimizer then sees one part at a time. What it would miss, and how
// the cut keeps it:
//
// - Inlining. A function defined in another part is only a declaration.
//   So a part gets a copy of every small function of another part that it
//   calls (and of the small ones those call), as an available_externally
//   definition: the inliner may inline it and the copy is then dropped, as
//   in ThinLTO's imports. A large function is inlined mostly when it is
//   local and its one use is a call (LLVM inlines it whatever its size,
//   since it then goes away), which a copy could not be. Such a function
//   goes to its caller's part (while their cluster is at most one part's
//   share of code), and stays local.
//
// - Constants. A part that reads a local constant (a table's code and
//   signature arrays, say) has its own copy, so that loads from it still
//   fold.
//
// - Interprocedural facts (constant arguments, dead arguments, inferred
//   attributes). They are lost for a function called from another part,
//   which must become a hidden global; clustering single-caller functions
//   with their caller keeps most local functions local.
//
// The parts are balanced by their number of IR instructions as lowered,
// largest cluster first, each to the part with the least code so far. The
// number of parts depends on the module alone, so the output is the same
// whatever the number of threads.
//
//===----------------------------------------------------------------------===//

#include "Split.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

#include <algorithm>
#include <numeric>

using namespace llvm;

namespace wasm2so {

namespace {

/// A function of another part with at most this many instructions as
/// lowered is copied into the parts that call it. LLVM's inline threshold
/// at -O2 is 225 cost units, 5 per instruction, counted after
/// simplification: about 45 instructions, from about twice as many as
/// lowered.
constexpr size_t ImportInstructions = 100;

/// Whether every part that reads GV may have a copy of its own.
bool isDuplicable(const GlobalValue &GV) {
  auto *G = dyn_cast<GlobalVariable>(&GV);
  return G && G->hasLocalLinkage() && G->isConstant() && G->hasInitializer() &&
         G->hasAtLeastLocalUnnamedAddr();
}

/// Adds the global values that C refers to (through constant expressions
/// and aggregates) to Refs.
void addReferences(const Constant *C, SmallPtrSetImpl<const Constant *> &Seen,
                   SmallVectorImpl<const GlobalValue *> &Refs) {
  if (!Seen.insert(C).second)
    return;
  SmallVector<const Constant *, 8> Work{C};
  while (!Work.empty()) {
    const Constant *K = Work.pop_back_val();
    if (auto *GV = dyn_cast<GlobalValue>(K)) {
      Refs.push_back(GV);
      continue;
    }
    for (const Use &Op : K->operands())
      if (auto *OC = dyn_cast<Constant>(Op.get()))
        if (Seen.insert(OC).second)
          Work.push_back(OC);
  }
}

/// The global values that GV's definition refers to: a function's body or
/// a variable's initializer.
SmallVector<const GlobalValue *, 8> referencesOf(const GlobalValue &GV) {
  SmallVector<const GlobalValue *, 8> Refs;
  SmallPtrSet<const Constant *, 32> Seen;
  if (auto *F = dyn_cast<Function>(&GV)) {
    // Landing pads name the personality routine (LowerException.cpp).
    if (F->hasPersonalityFn())
      addReferences(F->getPersonalityFn(), Seen, Refs);
    for (const Instruction &I : instructions(*F))
      for (const Use &Op : I.operands())
        if (auto *C = dyn_cast<Constant>(Op.get()))
          addReferences(C, Seen, Refs);
  } else if (auto *G = dyn_cast<GlobalVariable>(&GV)) {
    if (G->hasInitializer())
      addReferences(G->getInitializer(), Seen, Refs);
  }
  return Refs;
}

/// The one function that calls F, when F is local and its every use is a
/// call from that other function.
const Function *onlyCaller(const Function &F) {
  if (!F.hasLocalLinkage())
    return nullptr;
  const Function *Caller = nullptr;
  for (const Use &U : F.uses()) {
    auto *Call = dyn_cast<CallBase>(U.getUser());
    if (!Call || !Call->isCallee(&U))
      return nullptr;
    const Function *G = Call->getFunction();
    if (G == &F || (Caller && Caller != G))
      return nullptr;
    Caller = G;
  }
  return Caller;
}

/// The functions defined in the module that F calls directly, each once,
/// in the order of their first call.
SmallVector<const Function *, 8> definedCallees(const Function &F) {
  SmallVector<const Function *, 8> Callees;
  SmallPtrSet<const Function *, 8> Seen;
  for (const Instruction &I : instructions(F))
    if (auto *Call = dyn_cast<CallBase>(&I))
      if (const Function *Callee = Call->getCalledFunction())
        if (!Callee->isDeclaration() && Seen.insert(Callee).second)
          Callees.push_back(Callee);
  return Callees;
}

} // namespace

ModuleSplit ModuleSplit::plan(llvm::Module &LM, size_t PartSize) {
  ModuleSplit S;
  // Aliases, ifuncs and appending arrays would need more care; lowering
  // makes none.
  if (!LM.alias_empty() || !LM.ifunc_empty() ||
      any_of(LM.globals(),
             [](const GlobalVariable &G) { return G.hasAppendingLinkage(); }))
    return S;

  std::vector<const Function *> Defined;
  DenseMap<const Function *, unsigned> IndexOf;
  std::vector<size_t> Size;
  size_t Total = 0;
  for (const Function &F : LM)
    if (!F.isDeclaration()) {
      IndexOf[&F] = Defined.size();
      Defined.push_back(&F);
      Size.push_back(F.getInstructionCount());
      Total += Size.back();
    }
  // No more parts than functions.
  size_t MostParts = std::min<size_t>(MaxParts, Defined.size());
  unsigned Parts = unsigned(std::min<size_t>(
      Total / std::max<size_t>(PartSize, 1), MostParts));
  if (Parts <= 1)
    return S;
  S.Parts = Parts;

  // Symbols are matched across copies of the module by name.
  for (GlobalValue &GV : LM.global_values())
    if (GV.hasLocalLinkage() && !GV.hasName())
      GV.setName("w2s.anon"); // made unique by the module

  // Clusters: a local function called from one function only goes with
  // its caller, up to a part's share of code (a union-find whose leader is
  // the cluster's first function in module order).
  unsigned N = Defined.size();
  std::vector<unsigned> Leader(N);
  std::iota(Leader.begin(), Leader.end(), 0u);
  std::vector<size_t> ClusterSize = Size;
  auto Find = [&](unsigned I) {
    while (Leader[I] != I)
      I = Leader[I] = Leader[Leader[I]];
    return I;
  };
  size_t Cap = Total / Parts;
  for (unsigned I = 0; I < N; ++I) {
    const Function *Caller = onlyCaller(*Defined[I]);
    if (!Caller)
      continue;
    unsigned A = Find(I), B = Find(IndexOf.lookup(Caller));
    if (A == B || ClusterSize[A] + ClusterSize[B] > Cap)
      continue;
    if (B < A)
      std::swap(A, B);
    Leader[B] = A;
    ClusterSize[A] += ClusterSize[B];
  }

  // Largest cluster first (equal sizes in module order), each to the part
  // with the least code so far (ties: the lower part).
  std::vector<unsigned> Leaders;
  for (unsigned I = 0; I < N; ++I)
    if (Find(I) == I)
      Leaders.push_back(I);
  std::stable_sort(Leaders.begin(), Leaders.end(), [&](unsigned A, unsigned B) {
    return ClusterSize[A] > ClusterSize[B];
  });
  std::vector<size_t> Load(Parts, 0);
  std::vector<unsigned> PartOfLeader(N, 0);
  for (unsigned L : Leaders) {
    unsigned P = unsigned(std::min_element(Load.begin(), Load.end()) -
                          Load.begin());
    Load[P] += ClusterSize[L];
    PartOfLeader[L] = P;
  }
  std::vector<unsigned> PartOf(N);
  for (unsigned I = 0; I < N; ++I) {
    PartOf[I] = PartOfLeader[Find(I)];
    S.Owner[Defined[I]->getName()] = PartOf[I];
  }

  // Imports: the small functions of other parts that a part calls,
  // directly or through other imports.
  std::vector<SmallVector<const Function *, 8>> Callees(N);
  for (unsigned I = 0; I < N; ++I)
    Callees[I] = definedCallees(*Defined[I]);
  S.Imported.resize(Parts);
  std::vector<std::vector<unsigned>> Bodies(Parts); // owned, then imported
  for (unsigned I = 0; I < N; ++I)
    Bodies[PartOf[I]].push_back(I);
  for (unsigned P = 0; P < Parts; ++P)
    for (size_t K = 0; K < Bodies[P].size(); ++K)
      for (const Function *Callee : Callees[Bodies[P][K]]) {
        unsigned C = IndexOf.lookup(Callee);
        if (PartOf[C] != P && Size[C] <= ImportInstructions &&
            S.Imported[P].insert(Callee->getName()).second)
          Bodies[P].push_back(C);
      }

  // What each part refers to decides what it copies (local constants) and
  // which symbols must be visible across parts.
  SmallPtrSet<const GlobalValue *, 32> Shared;
  S.Constants.resize(Parts);
  for (unsigned P = 0; P < Parts; ++P) {
    std::vector<const GlobalValue *> Work;
    for (unsigned I : Bodies[P]) {
      Work.push_back(Defined[I]);
      if (PartOf[I] != P)
        Shared.insert(Defined[I]); // an import: a copy of a global
    }
    if (P == 0) // part 0 keeps every global variable
      for (const GlobalVariable &G : LM.globals())
        if (G.hasInitializer())
          Work.push_back(&G);
    while (!Work.empty()) {
      const GlobalValue *Body = Work.back();
      Work.pop_back();
      for (const GlobalValue *Ref : referencesOf(*Body)) {
        if (Ref->isDeclaration())
          continue;
        if (auto *F = dyn_cast<Function>(Ref)) {
          if (S.Owner.lookup(F->getName()) != P &&
              !S.Imported[P].contains(F->getName()))
            Shared.insert(F);
        } else if (P != 0) {
          if (!isDuplicable(*Ref))
            Shared.insert(Ref);
          else if (S.Constants[P].insert(Ref->getName()).second)
            Work.push_back(Ref);
        }
      }
    }
  }
  for (const GlobalValue *GV : Shared)
    if (GV->hasLocalLinkage()) {
      auto *G = const_cast<GlobalValue *>(GV);
      G->setLinkage(GlobalValue::ExternalLinkage);
      G->setVisibility(GlobalValue::HiddenVisibility);
    }
  return S;
}

void ModuleSplit::keepPart(llvm::Module &M, unsigned Part) const {
  assert(Part < Parts && "no such part");
  if (Parts == 1)
    return;
  for (llvm::Function &F : M) {
    auto It = Owner.find(F.getName());
    if (It == Owner.end() || It->second == Part)
      continue;
    if (Imported[Part].contains(F.getName()))
      F.setLinkage(GlobalValue::AvailableExternallyLinkage);
    else
      F.deleteBody(); // also drops a lazy body unread
  }
  if (Part == 0)
    return;
  for (GlobalVariable &G : M.globals())
    if (G.hasInitializer() && !Constants[Part].contains(G.getName())) {
      G.setInitializer(nullptr);
      G.setLinkage(GlobalValue::ExternalLinkage);
      G.setComdat(nullptr);
    }
}

} // namespace wasm2so
