//===- Split.cpp - Cutting a module into parts ----------------------------===//
//
// LLVM's pipeline is most of a compile, and a module's pipeline runs on one
// thread: a large module is therefore cut into parts, each lowered,
// optimized and compiled on its own (Driver.cpp), in an LLVMContext of its
// own, and freed as soon as its object is written. The cut is planned on
// the wasm module, so the whole module's IR never exists: memory grows with
// the size of a part, not of the module, and lowering runs in parallel too.
// Each part's optimizer sees only its part. What it would miss, and how the
// cut keeps it:
//
// - Inlining. A function defined in another part is only a declaration.
//   So a part gets a copy of every small function of another part that it
//   calls (and of the small ones those call), lowered again in the part as
//   an available_externally definition: the inliner may inline it and the
//   copy is then dropped, as in ThinLTO's imports. A large function is
//   inlined mostly when it is local and its one use is a call (LLVM inlines
//   it whatever its size, since it then goes away), which a copy could not
//   be. Such a function goes to its caller's part (while their cluster is
//   at most one part's share of code).
//
// - Constants. The constant arrays of a private table's contents are made
//   by each part that calls through the table, so loads from them fold.
//
// - Interprocedural facts (constant arguments, dead arguments, inferred
//   attributes). They are lost for a function called from another part,
//   which must become a hidden global.
//
// Part 0 also holds the descriptor, the entry trampolines and the host
// adapters; as the descriptor points to every function, a function of
// another part is always a hidden global, and part 0's own stay local
// unless another part calls them.
//
// The parts are balanced by bytes of code, largest cluster first, each to
// the part with the least code so far. The number of parts depends on the
// module alone, so the output is the same whatever the number of threads.
//
//===----------------------------------------------------------------------===//

#include "Split.h"
#include "Decoder.h"
#include "Instr.h"

#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <numeric>

using namespace llvm;

namespace wasm2so {

namespace {

/// A function of another part with a body of at most this many bytes is
/// copied into the parts that call it. LLVM's inline threshold at -O2 is
/// 225 cost units, 5 per instruction, counted after simplification: about
/// 45 instructions, from about twice as many as lowered, which take about
/// 1.5 bytes of wasm each (zlib's minigzip: 55,000 instructions as lowered
/// from 83 KB of code).
constexpr size_t ImportBytes = 150;

} // namespace

void noteTableWrite(const Instr &I, std::vector<bool> &Written) {
  switch (I.Op) {
  case Opcode::TableSet:
  case Opcode::TableGrow:
  case Opcode::TableFill:
  case Opcode::TableCopy:
    Written[I.Index] = true;
    break;
  case Opcode::TableInit:
    Written[I.Index2] = true;
    break;
  default:
    break;
  }
}

std::vector<bool> privateFuncTables(const Module &M,
                                    const std::vector<bool> &Written) {
  std::vector<bool> Private(M.Tables.size(), false);
  for (uint32_t T = M.NumImportedTables; T < M.Tables.size(); ++T)
    Private[T] = M.isSubtype(M.Tables[T].Elem, ValType::FuncRef) &&
                 !M.Tables[T].HasInit && !Written[T];
  for (const Export &E : M.Exports)
    if (E.Kind == ExternKind::Table)
      Private[E.Index] = false;
  for (const ElemSegment &S : M.Elems) {
    if (S.Mode != SegmentMode::Active)
      continue;
    for (const ConstExpr &Item : S.Items) {
      const ConstInstr *I = Item.single();
      bool Own =
          I && (I->Op == Opcode::RefNull ||
                (I->Op == Opcode::RefFunc && !M.isImportedFunc(I->Index)));
      if (!Own)
        Private[S.Table] = false;
    }
  }
  return Private;
}

Expected<PartPlan> PartPlan::plan(const Module &M, size_t PartSize,
                                  bool Imports) {
  PartPlan S;
  uint32_t First = M.NumImportedFuncs;
  uint32_t NumFuncs = uint32_t(M.FuncTypes.size());
  uint32_t N = NumFuncs - First; // defined functions, I = FuncIdx - First

  // One pass over every body: its size, its direct callees (each once, in
  // order of first call), the functions it takes a reference to, the
  // tables it writes, its try blocks.
  std::vector<size_t> Size(N);
  std::vector<SmallVector<uint32_t, 4>> Callees(N);
  std::vector<bool> Taken(NumFuncs, false), Written(M.Tables.size(), false);
  size_t Total = 0;
  for (uint32_t I = 0; I < N; ++I) {
    const Function &F = M.Functions[I];
    Size[I] = F.BodyEnd - F.CodeOffset;
    Total += Size[I];
    BodyReader R(M, F);
    Instr In;
    while (!R.atEnd()) {
      if (Error E = R.read(In))
        return std::move(E);
      switch (In.Op) {
      case Opcode::ReturnCall:
        S.HasTailCall = true;
        [[fallthrough]];
      case Opcode::Call:
        if (!M.isImportedFunc(In.Index) &&
            !is_contained(Callees[I], In.Index))
          Callees[I].push_back(In.Index);
        break;
      case Opcode::ReturnCallIndirect:
      case Opcode::ReturnCallRef:
        S.HasTailCall = true;
        break;
      case Opcode::RefFunc:
        Taken[In.Index] = true;
        break;
      case Opcode::Try:
      case Opcode::TryTable:
        S.HasTry = true;
        break;
      default:
        noteTableWrite(In, Written);
        break;
      }
    }
  }
  S.PrivateFuncTables = privateFuncTables(M, Written);

  // How many parts: about PartSize bytes each, at most MaxParts (and no
  // more than functions), unless parts would then hold more than
  // MaxPartBytes.
  size_t Parts = std::min<size_t>(Total / std::max<size_t>(PartSize, 1),
                                  std::min<size_t>(MaxParts, N));
  Parts = std::max<size_t>(Parts, std::min<size_t>(
                                      (Total + MaxPartBytes - 1) / MaxPartBytes,
                                      N));
  if (Parts <= 1)
    return S;
  S.Parts = unsigned(Parts);

  // Functions referred to other than by a direct call (exports, element
  // segments, ref.func anywhere, the start function) have no one caller.
  auto TakeConst = [&](const ConstExpr &E) {
    for (const ConstInstr &I : E.Instrs)
      if (I.Op == Opcode::RefFunc)
        Taken[I.Index] = true;
  };
  for (const Export &E : M.Exports)
    if (E.Kind == ExternKind::Func)
      Taken[E.Index] = true;
  for (const ElemSegment &Seg : M.Elems)
    for (const ConstExpr &E : Seg.Items)
      TakeConst(E);
  for (const Global &G : M.Globals)
    TakeConst(G.Init);
  for (const ConstExpr &E : M.TableInits)
    TakeConst(E);
  if (M.Start)
    Taken[*M.Start] = true;

  // The one function calling each function, when it has exactly one
  // caller (not itself) and no other use; ~0u otherwise.
  constexpr uint32_t None = ~0u, Many = ~0u - 1;
  std::vector<uint32_t> OnlyCaller(N, None);
  for (uint32_t I = 0; I < N; ++I)
    for (uint32_t Callee : Callees[I]) {
      uint32_t &C = OnlyCaller[Callee - First];
      C = C == None ? I : Many;
    }
  for (uint32_t I = 0; I < N; ++I)
    if (OnlyCaller[I] == I || OnlyCaller[I] == Many || Taken[I + First])
      OnlyCaller[I] = None;

  // Clusters: a function called from one function only goes with its
  // caller, up to a part's share of code (a union-find whose leader is the
  // cluster's first function in index order).
  std::vector<uint32_t> Leader(N);
  std::iota(Leader.begin(), Leader.end(), 0u);
  std::vector<size_t> ClusterSize = Size;
  auto Find = [&](uint32_t I) {
    while (Leader[I] != I)
      I = Leader[I] = Leader[Leader[I]];
    return I;
  };
  size_t Cap = Total / Parts;
  for (uint32_t I = 0; I < N; ++I) {
    if (OnlyCaller[I] == None)
      continue;
    uint32_t A = Find(I), B = Find(OnlyCaller[I]);
    if (A == B || ClusterSize[A] + ClusterSize[B] > Cap)
      continue;
    if (B < A)
      std::swap(A, B);
    Leader[B] = A;
    ClusterSize[A] += ClusterSize[B];
  }

  // Largest cluster first (equal sizes in index order), each to the part
  // with the least code so far (ties: the lower part).
  std::vector<uint32_t> Leaders;
  for (uint32_t I = 0; I < N; ++I)
    if (Find(I) == I)
      Leaders.push_back(I);
  std::stable_sort(Leaders.begin(), Leaders.end(), [&](uint32_t A, uint32_t B) {
    return ClusterSize[A] > ClusterSize[B];
  });
  std::vector<size_t> Load(Parts, 0);
  std::vector<unsigned> PartOfLeader(N, 0);
  for (uint32_t L : Leaders) {
    unsigned P =
        unsigned(std::min_element(Load.begin(), Load.end()) - Load.begin());
    Load[P] += ClusterSize[L];
    PartOfLeader[L] = P;
  }
  S.Owner.assign(NumFuncs, 0);
  S.Owned.resize(Parts);
  S.Imported.resize(Parts);
  S.Bytes.assign(Parts, 0);
  for (uint32_t I = 0; I < N; ++I) {
    unsigned P = PartOfLeader[Find(I)];
    S.Owner[I + First] = P;
    S.Owned[P].push_back(I + First);
    S.Bytes[P] += Size[I];
  }

  // Imports: the small functions of other parts that a part's bodies call,
  // directly or through other imports. What each part's bodies (its own
  // and its copies) call decides which functions are shared.
  S.Shared.assign(NumFuncs, false);
  for (uint32_t I = 0; I < N; ++I)
    if (S.Owner[I + First] != 0)
      S.Shared[I + First] = true; // part 0's descriptor points to it
  // Every function in an element segment: a part calling through a
  // private table makes the table's code array, which points to it.
  for (const ElemSegment &Seg : M.Elems)
    for (const ConstExpr &E : Seg.Items)
      for (const ConstInstr &I : E.Instrs)
        if (I.Op == Opcode::RefFunc && !M.isImportedFunc(I.Index))
          S.Shared[I.Index] = true;
  for (unsigned P = 0; P < Parts; ++P) {
    std::vector<uint32_t> Bodies = S.Owned[P]; // owned, then imported
    std::vector<bool> Copied(N, false);
    for (size_t K = 0; K < Bodies.size(); ++K)
      for (uint32_t Callee : Callees[Bodies[K] - First]) {
        if (S.Owner[Callee] == P)
          continue;
        S.Shared[Callee] = true;
        if (Imports && Size[Callee - First] <= ImportBytes &&
            !Copied[Callee - First]) {
          Copied[Callee - First] = true;
          Bodies.push_back(Callee);
          S.Imported[P].push_back(Callee);
          S.Bytes[P] += Size[Callee - First];
        }
      }
    std::sort(S.Imported[P].begin(), S.Imported[P].end());
  }
  return S;
}

} // namespace wasm2so
