//===- LowerNumeric.cpp - Constants, comparisons and arithmetic -----------===//
//
// Integer operators map onto LLVM instructions once their undefined cases
// are ruled out: division traps on a zero divisor and on INT_MIN / -1, and
// shift counts are masked. Float operators map onto LLVM instructions and
// intrinsics; where LLVM's rules for NaNs are looser than Wasm's (a
// signaling NaN must come out quiet from arithmetic), the lowering keeps
// the Wasm result:
//
//  * min/max use llvm.minimum/maximum, which return a NaN operand as is, so
//    a NaN result is quieted by adding the operands.
//  * x*1, x/1, x+(-0), x-0, -0-x, x*-1 and x/-1 are identities or negations
//    that LLVM folds away even when x is a signaling NaN. When an operand is
//    such a constant, the operation is emitted as a constrained intrinsic,
//    which the optimizer keeps, and which still compiles to one instruction.
//
// abs, neg and copysign are bit operations and never touch a NaN's payload.
//
//===----------------------------------------------------------------------===//

#include "FunctionLowering.h"
#include "ModuleLowering.h"

#include "llvm/IR/Constants.h"

using namespace llvm;

namespace wasm2so {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// A comparison's i1 as the i32 that Wasm comparisons produce.
static Value *boolToI32(FunctionLowering &FL, Value *Cond) {
  return FL.B.CreateZExt(Cond, FL.I32Ty);
}

static Value *intMin(Type *Ty) {
  unsigned Bits = Ty->getIntegerBitWidth();
  return ConstantInt::get(Ty, APInt::getSignedMinValue(Bits));
}

/// Masks a shift count to the operand's width, as Wasm does; LLVM's shifts
/// are poison for counts of the width or more.
static Value *shiftCount(FunctionLowering &FL, Value *Count) {
  unsigned Bits = Count->getType()->getIntegerBitWidth();
  return FL.B.CreateAnd(Count, ConstantInt::get(Count->getType(), Bits - 1));
}

static Value *divS(FunctionLowering &FL, Value *L, Value *R) {
  IRBuilder<> &B = FL.B;
  Type *Ty = L->getType();
  FL.trapIf(B.CreateICmpEQ(R, ConstantInt::get(Ty, 0)),
            W2S_TRAP_IntegerDivideByZero);
  Value *IsMin = B.CreateICmpEQ(L, intMin(Ty));
  Value *IsMinusOne = B.CreateICmpEQ(R, Constant::getAllOnesValue(Ty));
  FL.trapIf(B.CreateAnd(IsMin, IsMinusOne), W2S_TRAP_IntegerOverflow);
  return B.CreateSDiv(L, R);
}

static Value *divU(FunctionLowering &FL, Value *L, Value *R) {
  FL.trapIf(FL.B.CreateICmpEQ(R, ConstantInt::get(R->getType(), 0)),
            W2S_TRAP_IntegerDivideByZero);
  return FL.B.CreateUDiv(L, R);
}

/// INT_MIN % -1 is 0 in Wasm but undefined in LLVM; any x % -1 is 0, as is
/// x % 1, so a divisor of -1 becomes 1.
static Value *remS(FunctionLowering &FL, Value *L, Value *R) {
  IRBuilder<> &B = FL.B;
  Type *Ty = L->getType();
  FL.trapIf(B.CreateICmpEQ(R, ConstantInt::get(Ty, 0)),
            W2S_TRAP_IntegerDivideByZero);
  Value *MinusOne = B.CreateICmpEQ(R, Constant::getAllOnesValue(Ty));
  return B.CreateSRem(L, B.CreateSelect(MinusOne, ConstantInt::get(Ty, 1), R));
}

static Value *remU(FunctionLowering &FL, Value *L, Value *R) {
  FL.trapIf(FL.B.CreateICmpEQ(R, ConstantInt::get(R->getType(), 0)),
            W2S_TRAP_IntegerDivideByZero);
  return FL.B.CreateURem(L, R);
}

static Value *extendS(FunctionLowering &FL, Value *X, unsigned FromBits) {
  Type *Narrow = FL.B.getIntNTy(FromBits);
  return FL.B.CreateSExt(FL.B.CreateTrunc(X, Narrow), X->getType());
}

/// Whether the constant C, or some lane of it when it is a vector,
/// satisfies Pred.
static bool anyLane(Value *C, function_ref<bool(const ConstantFP *)> Pred) {
  if (auto *Scalar = dyn_cast<ConstantFP>(C))
    return Pred(Scalar);
  auto *Vec = dyn_cast<Constant>(C);
  auto *Ty = dyn_cast<FixedVectorType>(C->getType());
  if (!Vec || !Ty)
    return false;
  for (unsigned K = 0; K < Ty->getNumElements(); ++K)
    if (auto *Lane = dyn_cast_or_null<ConstantFP>(Vec->getAggregateElement(K)))
      if (Pred(Lane))
        return true;
  return false;
}

static bool hasPosZero(Value *V) {
  return anyLane(
      V, [](const ConstantFP *C) { return C->isZero() && !C->isNegative(); });
}

static bool hasNegZero(Value *V) {
  return anyLane(V,
                 [](const ConstantFP *C) { return C->isNegativeZeroValue(); });
}

static bool hasPlusMinusOne(Value *V) {
  return anyLane(V, [](const ConstantFP *C) {
    return C->isExactlyValue(1.0) || C->isExactlyValue(-1.0);
  });
}

/// Whether LLVM may fold L op R (or some of its lanes) into an operand or
/// its negation, passing a signaling NaN through unquieted.
static bool foldsToOperand(Instruction::BinaryOps Op, Value *L, Value *R) {
  switch (Op) {
  case Instruction::FAdd:
    return hasNegZero(L) || hasNegZero(R);
  case Instruction::FSub:
    return hasPosZero(R) || hasNegZero(L);
  case Instruction::FMul:
    return hasPlusMinusOne(L) || hasPlusMinusOne(R);
  case Instruction::FDiv:
    return hasPlusMinusOne(R);
  default:
    return false;
  }
}

static Intrinsic::ID constrainedID(Instruction::BinaryOps Op) {
  switch (Op) {
  case Instruction::FAdd:
    return Intrinsic::experimental_constrained_fadd;
  case Instruction::FSub:
    return Intrinsic::experimental_constrained_fsub;
  case Instruction::FMul:
    return Intrinsic::experimental_constrained_fmul;
  case Instruction::FDiv:
    return Intrinsic::experimental_constrained_fdiv;
  default:
    llvm_unreachable("not a float arithmetic operator");
  }
}

Value *FunctionLowering::floatArith(Instruction::BinaryOps Op, Value *L,
                                    Value *R) {
  // Two constants fold here, through APFloat, which quiets NaNs.
  if (isa<Constant>(L) && isa<Constant>(R))
    return B.CreateBinOp(Op, L, R);
  if (!foldsToOperand(Op, L, R))
    return B.CreateBinOp(Op, L, R);
  return B.CreateConstrainedFPBinOp(constrainedID(Op), L, R, nullptr, "",
                                    nullptr, RoundingMode::NearestTiesToEven,
                                    fp::ebMayTrap);
}

/// f32/f64 min and max: llvm.minimum/maximum give Wasm's results for
/// zeros and numbers and some NaN for NaNs; L + R quiets that NaN.
static Value *floatMinMax(FunctionLowering &FL, Intrinsic::ID ID, Value *L,
                          Value *R) {
  IRBuilder<> &B = FL.B;
  Value *Result = FL.callIntrinsic(ID, {L->getType()}, {L, R});
  Value *AnyNaN = B.CreateFCmpUNO(L, R);
  return B.CreateSelect(AnyNaN, B.CreateFAdd(L, R), Result);
}

static Value *floatConst(FunctionLowering &FL, const fltSemantics &Sem,
                         unsigned Bits, uint64_t Pattern) {
  return ConstantFP::get(FL.B.getContext(), APFloat(Sem, APInt(Bits, Pattern)));
}

//===----------------------------------------------------------------------===//
// Operators, one per line
//===----------------------------------------------------------------------===//

#define UNARY(Name, Expr)                                                      \
  void FunctionLowering::lower##Name(const Instr &) {                          \
    Value *X = pop();                                                          \
    push(Expr);                                                                \
  }
#define BINARY(Name, Expr)                                                     \
  void FunctionLowering::lower##Name(const Instr &) {                          \
    Value *R = pop();                                                          \
    Value *L = pop();                                                          \
    push(Expr);                                                                \
  }
#define INTRINSIC1(ID) callIntrinsic(Intrinsic::ID, {X->getType()}, {X})
#define INTRINSIC2(ID) callIntrinsic(Intrinsic::ID, {L->getType()}, {L, R})

// Constants. Floats come from their bit patterns so NaN payloads survive.
void FunctionLowering::lowerI32Const(const Instr &I) {
  push(B.getInt32(static_cast<uint32_t>(I.Bits[0])));
}
void FunctionLowering::lowerI64Const(const Instr &I) {
  push(B.getInt64(I.Bits[0]));
}
void FunctionLowering::lowerF32Const(const Instr &I) {
  push(floatConst(*this, APFloat::IEEEsingle(), 32, I.Bits[0]));
}
void FunctionLowering::lowerF64Const(const Instr &I) {
  push(floatConst(*this, APFloat::IEEEdouble(), 64, I.Bits[0]));
}

/// Test-only: W2S_DEBUG_INJECT_MISCOMPILE=fcmp-flip in the environment
/// lowers f32.eq with the inverse predicate (as f32.ne), a miscompile that
/// the differential tester must catch (ctest difftest-catches-miscompile,
/// docs/testing.md); =fneg-nan makes f32.neg of a NaN the canonical NaN
/// of the opposite sign, dropping a payload that the spec says neg keeps
/// (ctest difftest-catches-nan-miscompile). Nothing else may set it.
static bool injected(StringRef Fault) {
  static const char *V = getenv("W2S_DEBUG_INJECT_MISCOMPILE");
  return V && Fault == V;
}

static Value *lowerFNeg(FunctionLowering &FL, Value *X) {
  IRBuilder<> &B = FL.B;
  if (!injected("fneg-nan"))
    return B.CreateFNeg(X);
  Value *Canonical = B.CreateCopySign(ConstantFP::getNaN(X->getType()), X);
  return B.CreateFNeg(
      B.CreateSelect(B.CreateFCmpUNO(X, X), Canonical, X));
}

/// rotl (Left) or rotr of L by R. At -O0 two shifts and an or, which the
/// fast instruction selector takes: it hands a funnel shift to
/// SelectionDAG, a DAG of its own for each one.
static Value *rotate(FunctionLowering &FL, Value *L, Value *R, bool Left) {
  Type *Ty = L->getType();
  if (!FL.ML.Unoptimized)
    return FL.callIntrinsic(Left ? Intrinsic::fshl : Intrinsic::fshr, {Ty},
                            {L, L, R});
  IRBuilder<> &B = FL.B;
  Value *Mask = ConstantInt::get(Ty, Ty->getIntegerBitWidth() - 1);
  Value *N = B.CreateAnd(R, Mask);
  Value *Back = B.CreateAnd(B.CreateNeg(R), Mask); // (width - N) mod width
  Value *Shl = B.CreateShl(L, Left ? N : Back);
  Value *Shr = B.CreateLShr(L, Left ? Back : N);
  return B.CreateOr(Shl, Shr);
}

/// X == 0 as an i1. The i32 of a comparison gives the inverse comparison:
/// `br_if (i32.eqz (i32.lt_s a b))` tests a >= b, with no bool in between
/// (FunctionLowering::popCondition; the optimizer folds the same).
static Value *isZero(FunctionLowering &FL, Value *X) {
  if (auto *Z = dyn_cast<ZExtInst>(X))
    if (auto *C = dyn_cast<CmpInst>(Z->getOperand(0))) {
      FL.Bypassed.push_back(Z);
      return FL.B.CreateCmp(C->getInversePredicate(), C->getOperand(0),
                            C->getOperand(1));
    }
  return FL.B.CreateIsNull(X);
}

// Integer comparisons.
UNARY(I32Eqz, boolToI32(*this, isZero(*this, X)))
BINARY(I32Eq, boolToI32(*this, B.CreateICmpEQ(L, R)))
BINARY(I32Ne, boolToI32(*this, B.CreateICmpNE(L, R)))
BINARY(I32LtS, boolToI32(*this, B.CreateICmpSLT(L, R)))
BINARY(I32LtU, boolToI32(*this, B.CreateICmpULT(L, R)))
BINARY(I32GtS, boolToI32(*this, B.CreateICmpSGT(L, R)))
BINARY(I32GtU, boolToI32(*this, B.CreateICmpUGT(L, R)))
BINARY(I32LeS, boolToI32(*this, B.CreateICmpSLE(L, R)))
BINARY(I32LeU, boolToI32(*this, B.CreateICmpULE(L, R)))
BINARY(I32GeS, boolToI32(*this, B.CreateICmpSGE(L, R)))
BINARY(I32GeU, boolToI32(*this, B.CreateICmpUGE(L, R)))
UNARY(I64Eqz, boolToI32(*this, B.CreateIsNull(X)))
BINARY(I64Eq, boolToI32(*this, B.CreateICmpEQ(L, R)))
BINARY(I64Ne, boolToI32(*this, B.CreateICmpNE(L, R)))
BINARY(I64LtS, boolToI32(*this, B.CreateICmpSLT(L, R)))
BINARY(I64LtU, boolToI32(*this, B.CreateICmpULT(L, R)))
BINARY(I64GtS, boolToI32(*this, B.CreateICmpSGT(L, R)))
BINARY(I64GtU, boolToI32(*this, B.CreateICmpUGT(L, R)))
BINARY(I64LeS, boolToI32(*this, B.CreateICmpSLE(L, R)))
BINARY(I64LeU, boolToI32(*this, B.CreateICmpULE(L, R)))
BINARY(I64GeS, boolToI32(*this, B.CreateICmpSGE(L, R)))
BINARY(I64GeU, boolToI32(*this, B.CreateICmpUGE(L, R)))

// Float comparisons: ordered, except ne, which is true for NaNs.
BINARY(F32Eq, boolToI32(*this, injected("fcmp-flip") ? B.CreateFCmpUNE(L, R)
                                                      : B.CreateFCmpOEQ(L, R)))
BINARY(F32Ne, boolToI32(*this, B.CreateFCmpUNE(L, R)))
BINARY(F32Lt, boolToI32(*this, B.CreateFCmpOLT(L, R)))
BINARY(F32Gt, boolToI32(*this, B.CreateFCmpOGT(L, R)))
BINARY(F32Le, boolToI32(*this, B.CreateFCmpOLE(L, R)))
BINARY(F32Ge, boolToI32(*this, B.CreateFCmpOGE(L, R)))
BINARY(F64Eq, boolToI32(*this, B.CreateFCmpOEQ(L, R)))
BINARY(F64Ne, boolToI32(*this, B.CreateFCmpUNE(L, R)))
BINARY(F64Lt, boolToI32(*this, B.CreateFCmpOLT(L, R)))
BINARY(F64Gt, boolToI32(*this, B.CreateFCmpOGT(L, R)))
BINARY(F64Le, boolToI32(*this, B.CreateFCmpOLE(L, R)))
BINARY(F64Ge, boolToI32(*this, B.CreateFCmpOGE(L, R)))

// Integer arithmetic. clz/ctz of 0 is the width (is_zero_poison false).
UNARY(I32Clz, callIntrinsic(Intrinsic::ctlz, {I32Ty}, {X, B.getFalse()}))
UNARY(I32Ctz, callIntrinsic(Intrinsic::cttz, {I32Ty}, {X, B.getFalse()}))
UNARY(I32Popcnt, INTRINSIC1(ctpop))
BINARY(I32Add, B.CreateAdd(L, R))
BINARY(I32Sub, B.CreateSub(L, R))
BINARY(I32Mul, B.CreateMul(L, R))
BINARY(I32DivS, divS(*this, L, R))
BINARY(I32DivU, divU(*this, L, R))
BINARY(I32RemS, remS(*this, L, R))
BINARY(I32RemU, remU(*this, L, R))
BINARY(I32And, B.CreateAnd(L, R))
BINARY(I32Or, B.CreateOr(L, R))
BINARY(I32Xor, B.CreateXor(L, R))
BINARY(I32Shl, B.CreateShl(L, shiftCount(*this, R)))
BINARY(I32ShrS, B.CreateAShr(L, shiftCount(*this, R)))
BINARY(I32ShrU, B.CreateLShr(L, shiftCount(*this, R)))
BINARY(I32Rotl, rotate(*this, L, R, /*Left=*/true))
BINARY(I32Rotr, rotate(*this, L, R, /*Left=*/false))
UNARY(I64Clz, callIntrinsic(Intrinsic::ctlz, {I64Ty}, {X, B.getFalse()}))
UNARY(I64Ctz, callIntrinsic(Intrinsic::cttz, {I64Ty}, {X, B.getFalse()}))
UNARY(I64Popcnt, INTRINSIC1(ctpop))
BINARY(I64Add, B.CreateAdd(L, R))
BINARY(I64Sub, B.CreateSub(L, R))
BINARY(I64Mul, B.CreateMul(L, R))
BINARY(I64DivS, divS(*this, L, R))
BINARY(I64DivU, divU(*this, L, R))
BINARY(I64RemS, remS(*this, L, R))
BINARY(I64RemU, remU(*this, L, R))
BINARY(I64And, B.CreateAnd(L, R))
BINARY(I64Or, B.CreateOr(L, R))
BINARY(I64Xor, B.CreateXor(L, R))
BINARY(I64Shl, B.CreateShl(L, shiftCount(*this, R)))
BINARY(I64ShrS, B.CreateAShr(L, shiftCount(*this, R)))
BINARY(I64ShrU, B.CreateLShr(L, shiftCount(*this, R)))
BINARY(I64Rotl, rotate(*this, L, R, /*Left=*/true))
BINARY(I64Rotr, rotate(*this, L, R, /*Left=*/false))

// Sign extension from a narrower width.
UNARY(I32Extend8S, extendS(*this, X, 8))
UNARY(I32Extend16S, extendS(*this, X, 16))
UNARY(I64Extend8S, extendS(*this, X, 8))
UNARY(I64Extend16S, extendS(*this, X, 16))
UNARY(I64Extend32S, extendS(*this, X, 32))

// Float arithmetic.
UNARY(F32Abs, INTRINSIC1(fabs))
UNARY(F32Neg, wasm2so::lowerFNeg(*this, X))
UNARY(F32Ceil, INTRINSIC1(ceil))
UNARY(F32Floor, INTRINSIC1(floor))
UNARY(F32Trunc, INTRINSIC1(trunc))
UNARY(F32Nearest, INTRINSIC1(roundeven))
UNARY(F32Sqrt, INTRINSIC1(sqrt))
BINARY(F32Add, floatArith(Instruction::FAdd, L, R))
BINARY(F32Sub, floatArith(Instruction::FSub, L, R))
BINARY(F32Mul, floatArith(Instruction::FMul, L, R))
BINARY(F32Div, floatArith(Instruction::FDiv, L, R))
BINARY(F32Min, floatMinMax(*this, Intrinsic::minimum, L, R))
BINARY(F32Max, floatMinMax(*this, Intrinsic::maximum, L, R))
BINARY(F32Copysign, INTRINSIC2(copysign))
UNARY(F64Abs, INTRINSIC1(fabs))
UNARY(F64Neg, B.CreateFNeg(X))
UNARY(F64Ceil, INTRINSIC1(ceil))
UNARY(F64Floor, INTRINSIC1(floor))
UNARY(F64Trunc, INTRINSIC1(trunc))
UNARY(F64Nearest, INTRINSIC1(roundeven))
UNARY(F64Sqrt, INTRINSIC1(sqrt))
BINARY(F64Add, floatArith(Instruction::FAdd, L, R))
BINARY(F64Sub, floatArith(Instruction::FSub, L, R))
BINARY(F64Mul, floatArith(Instruction::FMul, L, R))
BINARY(F64Div, floatArith(Instruction::FDiv, L, R))
BINARY(F64Min, floatMinMax(*this, Intrinsic::minimum, L, R))
BINARY(F64Max, floatMinMax(*this, Intrinsic::maximum, L, R))
BINARY(F64Copysign, INTRINSIC2(copysign))

#undef UNARY
#undef BINARY
#undef INTRINSIC1
#undef INTRINSIC2

} // namespace wasm2so
