//===- AddressSums.cpp - No-wrap proofs for wasm32 address sums -----------===//
//
// A wasm32 producer often addresses a field as `i32.add p, 56` rather than
// with the load's `offset=56` (clang does for an induction pointer it has
// offset by a whole element). The sum wraps modulo 2^32, so lowering
// computes Base + zext(p + 56): code generation cannot fold the 56 into
// the x86 displacement (a 32-bit `lea` per field), and the SLP vectorizer
// cannot see that two fields are adjacent (nbody's Bj->Vx and Bj->Vy).
// Base + zext(p) + 56 is the same address only when p + 56 < 2^32, and
// nothing else makes them agree: on a wrap, the wasm access reaches the
// bottom of memory, a valid address, while the 64-bit sum would fault in
// the guard region (docs/security.md). So the sum gets `nuw`, after which
// InstCombine moves the constant out of the zext, only where it is proven:
//
// - The range of p comes from ScalarEvolution: an affine recurrence
//   {Start,+,Step} of loop L takes Start + Step * n at iteration n, with n
//   at most L's largest backedge-taken count. Start and that count are
//   bounded the same way at L's preheader (they are often recurrences of
//   the enclosing loop), so the bounds nest. Every bound is an interval
//   of unbounded integers inside [0, 2^bits): each value of the i32 is
//   then that integer itself, with no wrap on the way.
//
// - The iteration number of L where the sum runs is bounded by L's
//   backedge-taken count and by the branches that dominate the sum inside
//   L: a block entered only by the true edge of `icmp ult X, K`, where X
//   is {a,+,s}<L> without wrap, runs only at n <= (K - 1 - a) / s.
//   A triangular loop nest (for i < 64, for j = i + 1 .. 63) needs that:
//   clang counts the inner loop down from 63 - i, an outer recurrence of
//   its own that reaches 0 (an inner trip count of 2^32) only in the last
//   outer iteration, which the guard `i <= 62` (on i, another recurrence)
//   excludes. ScalarEvolution's own loop guards only rewrite the guarded
//   expression itself, so they do not bound the count there.
//
// nbody's inner loop addresses Bj's seven fields so: with the sums
// proven, its six `lea`s go, and Bj's velocity pairs load and store as
// one `movupd` each (docs/performance.md).
//
//===----------------------------------------------------------------------===//

#include "AddressSums.h"
#include "Optimize.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

#include <optional>

using namespace llvm;

namespace wasm2so {

namespace {

/// Bits of the arithmetic on bounds; no bound kept exceeds 2^MaxMagnitude
/// in magnitude, so a product of two of them fits.
constexpr unsigned WideBits = 160;
constexpr unsigned MaxMagnitude = 70;

/// How deep bounds may nest (loops in loops, starts of starts).
constexpr unsigned MaxDepth = 6;

/// Integers Lo..Hi, one of which is congruent to an expression's value
/// modulo 2^bits: a representative of the value as an unbounded integer.
/// Within [0, 2^bits) it is the value zero-extended; within
/// [-2^(bits-1), 2^(bits-1)), sign-extended.
struct Interval {
  APInt Lo, Hi;
};

/// I, or nothing when its ends are too large to compute with.
std::optional<Interval> bounded(Interval I) {
  APInt Max = APInt(WideBits, 1).shl(MaxMagnitude);
  if (I.Lo.abs().uge(Max) || I.Hi.abs().uge(Max))
    return std::nullopt;
  return I;
}

/// True when every integer of I lies in [Lo, Lo + 2^Bits).
bool within(const Interval &I, unsigned Bits, bool Signed) {
  APInt Lo = Signed ? -APInt(WideBits, 1).shl(Bits - 1) : APInt(WideBits, 0);
  APInt Hi = Lo + APInt(WideBits, 1).shl(Bits);
  return I.Lo.sge(Lo) && I.Hi.slt(Hi);
}

class SumProver {
public:
  SumProver(ScalarEvolution &SE, DominatorTree &DT, LoopInfo &LI)
      : SE(SE), DT(DT), LI(LI) {}

  /// Representatives of the values S takes where block At runs.
  std::optional<Interval> range(const SCEV *S, BasicBlock *At, unsigned Depth);

private:
  std::optional<Interval> composite(const SCEV *S, BasicBlock *At,
                                    unsigned Depth);

  /// The largest iteration number of L (0 for the first) in which At,
  /// inside L, runs.
  std::optional<APInt> lastIteration(const Loop *L, BasicBlock *At,
                                     unsigned Depth);

  /// A bound on L's iteration number from the branch that is the only
  /// way into block B (inside L, not its header), if it has one.
  std::optional<APInt> guardBound(const Loop *L, BasicBlock *B);

  /// The block whose branch is the only way into B: its single
  /// predecessor, or the one outside the loop B heads.
  BasicBlock *entry(BasicBlock *B) {
    if (BasicBlock *P = B->getSinglePredecessor())
      return P;
    Loop *L = LI.getLoopFor(B);
    return L && L->getHeader() == B ? L->getLoopPredecessor() : nullptr;
  }

  ScalarEvolution &SE;
  DominatorTree &DT;
  LoopInfo &LI;
};

std::optional<Interval> SumProver::range(const SCEV *S, BasicBlock *At,
                                         unsigned Depth) {
  unsigned Bits = SE.getTypeSizeInBits(S->getType());
  if (Bits > 64)
    return std::nullopt;
  if (auto *C = dyn_cast<SCEVConstant>(S)) {
    APInt V = C->getAPInt().sext(WideBits);
    return Interval{V, V};
  }
  if (Depth < MaxDepth)
    if (std::optional<Interval> R = composite(S, At, Depth))
      return R;
  // ScalarEvolution's own range, over every value S ever takes.
  ConstantRange U = SE.getUnsignedRange(S);
  if (!U.isFullSet())
    return Interval{U.getUnsignedMin().zext(WideBits),
                    U.getUnsignedMax().zext(WideBits)};
  ConstantRange Sg = SE.getSignedRange(S);
  if (!Sg.isFullSet())
    return Interval{Sg.getSignedMin().sext(WideBits),
                    Sg.getSignedMax().sext(WideBits)};
  return std::nullopt;
}

/// A sum, a product by a constant, an affine recurrence: representatives
/// of each operand give representatives of the whole (congruences add and
/// multiply).
std::optional<Interval> SumProver::composite(const SCEV *S, BasicBlock *At,
                                             unsigned Depth) {
  if (auto *Sum = dyn_cast<SCEVAddExpr>(S)) {
    Interval R{APInt(WideBits, 0), APInt(WideBits, 0)};
    for (const SCEV *Op : Sum->operands()) {
      std::optional<Interval> O = range(Op, At, Depth + 1);
      if (!O)
        return std::nullopt;
      R = Interval{R.Lo + O->Lo, R.Hi + O->Hi};
    }
    return bounded(R);
  }
  if (auto *Mul = dyn_cast<SCEVMulExpr>(S)) {
    auto *C = dyn_cast<SCEVConstant>(Mul->getOperand(0));
    std::optional<Interval> O;
    if (!C || Mul->getNumOperands() != 2 ||
        !(O = range(Mul->getOperand(1), At, Depth + 1)))
      return std::nullopt;
    APInt F = C->getAPInt().sext(WideBits);
    APInt A = O->Lo * F, B = O->Hi * F;
    return bounded(F.isNegative() ? Interval{B, A} : Interval{A, B});
  }
  auto *AR = dyn_cast<SCEVAddRecExpr>(S);
  auto *Step = AR && AR->isAffine()
                   ? dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE))
                   : nullptr;
  if (!Step)
    return std::nullopt;
  const Loop *L = AR->getLoop();
  // Start and the count are evaluated where L is entered; any guard that
  // holds there holds in all of L's iterations (the same iteration of the
  // loop around it).
  if (!L->contains(At) || !L->getLoopPredecessor())
    return std::nullopt;
  std::optional<Interval> Start =
      range(AR->getStart(), L->getHeader(), Depth + 1);
  std::optional<APInt> N =
      Start ? lastIteration(L, At, Depth + 1) : std::nullopt;
  if (!N)
    return std::nullopt;
  // Start + Step * n for n in 0..N: its ends are at n = 0 and n = N.
  APInt Reach = Step->getAPInt().sext(WideBits) * *N;
  return bounded(Reach.isNegative() ? Interval{Start->Lo + Reach, Start->Hi}
                                    : Interval{Start->Lo, Start->Hi + Reach});
}

std::optional<APInt> SumProver::lastIteration(const Loop *L, BasicBlock *At,
                                              unsigned Depth) {
  std::optional<APInt> N;
  const SCEV *Count = SE.getSymbolicMaxBackedgeTakenCount(L);
  if (!isa<SCEVCouldNotCompute>(Count))
    if (std::optional<Interval> R = range(Count, L->getHeader(), Depth + 1);
        R && within(*R, SE.getTypeSizeInBits(Count->getType()), false))
      N = R->Hi; // a count: its value is its unsigned representative
  // A block that dominates At inside L runs in the same iteration, before
  // it: every path from the header to At passes through it.
  for (BasicBlock *B = At; B != L->getHeader();) {
    if (std::optional<APInt> G = guardBound(L, B))
      N = N ? APIntOps::smin(*N, *G) : *G;
    DomTreeNode *Up = DT.getNode(B)->getIDom();
    if (!Up || !L->contains(Up->getBlock()))
      break;
    B = Up->getBlock();
  }
  return N;
}

std::optional<APInt> SumProver::guardBound(const Loop *L, BasicBlock *B) {
  BasicBlock *Pred = entry(B);
  auto *Br = Pred ? dyn_cast<BranchInst>(Pred->getTerminator()) : nullptr;
  if (!Br || !Br->isConditional() || Br->getSuccessor(0) == Br->getSuccessor(1))
    return std::nullopt;
  auto *Cmp = dyn_cast<ICmpInst>(Br->getCondition());
  if (!Cmp)
    return std::nullopt;
  // The condition that holds on the edge into B.
  CmpInst::Predicate P = Br->getSuccessor(0) == B ? Cmp->getPredicate()
                                                  : Cmp->getInversePredicate();
  const SCEV *X = SE.getSCEV(Cmp->getOperand(0));
  const SCEV *K = SE.getSCEV(Cmp->getOperand(1));
  if (isa<SCEVConstant>(X)) {
    std::swap(X, K);
    P = CmpInst::getSwappedPredicate(P);
  }
  // X < K or X <= K, X = a + s * n increasing without wrap over every
  // iteration of L (signed: without leaving the non-negative half).
  auto *AR = dyn_cast<SCEVAddRecExpr>(X);
  auto *KC = dyn_cast<SCEVConstant>(K);
  bool Signed = P == CmpInst::ICMP_SLT || P == CmpInst::ICMP_SLE;
  bool OrEqual = P == CmpInst::ICMP_ULE || P == CmpInst::ICMP_SLE;
  if (!AR || !KC || AR->getLoop() != L || !AR->isAffine() ||
      !(Signed || P == CmpInst::ICMP_ULT || P == CmpInst::ICMP_ULE) ||
      SE.getTypeSizeInBits(AR->getType()) > 64)
    return std::nullopt;
  auto *A = dyn_cast<SCEVConstant>(AR->getStart());
  auto *S = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
  auto *Max = dyn_cast<SCEVConstant>(SE.getConstantMaxBackedgeTakenCount(L));
  if (!A || !S || !Max || !S->getAPInt().isStrictlyPositive() ||
      (Signed && (A->getAPInt().isNegative() || KC->getAPInt().isNegative())))
    return std::nullopt;
  unsigned Bits = SE.getTypeSizeInBits(AR->getType());
  APInt AW = A->getAPInt().zext(WideBits), SW = S->getAPInt().zext(WideBits);
  APInt KW = KC->getAPInt().zext(WideBits);
  APInt Top = APInt(WideBits, 1).shl(Signed ? Bits - 1 : Bits);
  if (!(AW + SW * Max->getAPInt().zext(WideBits)).slt(Top))
    return std::nullopt;
  // a + s * n < K (or <= K): n <= (K - 1 - a) / s (or (K - a) / s). With
  // no such n, B never runs: any bound holds.
  APInt Room = OrEqual ? KW - AW : KW - AW - 1;
  if (Room.isNegative())
    return APInt(WideBits, 0);
  return Room.sdiv(SW);
}

/// True when a zero extension to 64 bits takes V: V is a wasm32 address.
bool extendedToAddress(Instruction &V) {
  return llvm::any_of(V.users(), [](User *U) {
    return isa<ZExtInst>(U) && U->getType()->isIntegerTy(64);
  });
}

} // namespace

PreservedAnalyses ProveAddressSums::run(Function &F,
                                        FunctionAnalysisManager &FAM) {
  // The compile-time budget of very large functions (Optimize.cpp) holds
  // here too: ScalarEvolution on them is what it keeps away.
  if (F.getInstructionCount() > LargeFunctionInstrs)
    return PreservedAnalyses::all();
  LoopInfo &LI = FAM.getResult<LoopAnalysis>(F);
  if (LI.empty())
    return PreservedAnalyses::all();
  ScalarEvolution &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
  SumProver Prover(SE, FAM.getResult<DominatorTreeAnalysis>(F), LI);
  SmallVector<BinaryOperator *, 16> Sums;
  for (Instruction &I : instructions(F))
    if (auto *Add = dyn_cast<BinaryOperator>(&I);
        Add && Add->getOpcode() == Instruction::Add &&
        Add->getType()->isIntegerTy(32) && !Add->hasNoUnsignedWrap() &&
        LI.getLoopFor(I.getParent()) && extendedToAddress(I))
      Sums.push_back(Add);
  bool Changed = false;
  for (BinaryOperator *Add : Sums) {
    BasicBlock *BB = Add->getParent();
    std::optional<Interval> X =
        Prover.range(SE.getSCEV(Add->getOperand(0)), BB, 0);
    std::optional<Interval> Y =
        X ? Prover.range(SE.getSCEV(Add->getOperand(1)), BB, 0) : std::nullopt;
    // Both operands and their sum in [0, 2^32): the operands are their
    // zero extensions, and their sum does not wrap.
    if (!Y || !within(*X, 32, /*Signed=*/false) ||
        !within(*Y, 32, /*Signed=*/false) ||
        !within(Interval{X->Lo + Y->Lo, X->Hi + Y->Hi}, 32, /*Signed=*/false))
      continue;
    Add->setHasNoUnsignedWrap(true);
    // zext(x + y) as zext(x) + zext(y): the form in which code generation
    // folds a constant into the displacement and ScalarEvolution sees the
    // fields of one record as adjacent (InstCombine leaves the zext of an
    // add nuw as it is).
    IRBuilder<> B(Add->getNextNode());
    Type *I64 = B.getInt64Ty();
    Value *Wide = B.CreateAdd(B.CreateZExt(Add->getOperand(0), I64),
                              B.CreateZExt(Add->getOperand(1), I64),
                              Add->getName() + ".wide", /*HasNUW=*/true,
                              /*HasNSW=*/true);
    for (User *U : make_early_inc_range(Add->users()))
      if (auto *Z = dyn_cast<ZExtInst>(U); Z && Z->getType() == I64) {
        Z->replaceAllUsesWith(Wide);
        Z->eraseFromParent();
      }
    Changed = true;
  }
  if (!Changed)
    return PreservedAnalyses::all();
  // No block changed.
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  PA.preserve<LoopAnalysis>();
  PA.preserve<DominatorTreeAnalysis>();
  return PA;
}

} // namespace wasm2so
