//===- LowerSIMD.cpp - Fixed-width SIMD (v128) operators ------------------===//
//
// A v128 is <2 x i64> on the operand stack, in locals and across calls; each
// operator bitcasts its operands to the lane shape it works on (<16 x i8>,
// <8 x i16>, <4 x i32>, <2 x i64>, <4 x float>, <2 x double>), emits plain
// LLVM vector instructions or target-independent intrinsics, and bitcasts
// the result back. The x86 backend selects SSE instructions from these
// (add <4 x i32> is paddd, llvm.sadd.sat is paddsb, a clamp and trunc is
// packsswb, icmp slt 0 and a bitcast to i16 is pmovmskb).
//
// Where LLVM's rules differ from Wasm's, the lowering keeps Wasm's result:
//
//  * shift counts are taken modulo the lane width;
//  * i8x16.swizzle gives 0 for indices of 16 and more (an extractelement
//    out of range is poison): indices are masked, and those lanes cleared;
//  * narrowing saturates, q15mulr saturates its one overflowing case;
//  * f32x4/f64x2 min and max order -0 below +0 and give the canonical NaN
//    when either operand is a NaN;
//    pmin and pmax are exactly `b < a ? b : a` and `a < b ? b : a`;
//  * float arithmetic that LLVM would fold to an operand (x*1, x-0, ...)
//    becomes a constrained intrinsic, as in LowerNumeric.cpp, so that a
//    signaling NaN still comes out quiet;
//  * truncation saturates (llvm.fptosi.sat / fptoui.sat, NaN to 0).
//
// Loads and stores address memory as LowerMemory.cpp does (no bounds check,
// the reservation faults; align 1).
//
//===----------------------------------------------------------------------===//

#include "FunctionLowering.h"
#include "ModuleLowering.h"

#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IntrinsicsX86.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace wasm2so {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// 128/Bits lanes of iBits.
static FixedVectorType *intVec(FunctionLowering &FL, unsigned Bits) {
  return FixedVectorType::get(FL.B.getIntNTy(Bits), 128 / Bits);
}

/// 128/Bits lanes of float (32) or double (64).
static FixedVectorType *floatVec(FunctionLowering &FL, unsigned Bits) {
  return FixedVectorType::get(Bits == 32 ? FL.F32Ty : FL.F64Ty, 128 / Bits);
}

/// N lanes of iBits (for the halves and doubles of a v128).
static FixedVectorType *intVecN(FunctionLowering &FL, unsigned Bits,
                                unsigned N) {
  return FixedVectorType::get(FL.B.getIntNTy(Bits), N);
}

/// V as the lane shape Ty. A constant is folded into a vector of Ty's
/// lanes (IRBuilder would leave a bitcast expression), so that the float
/// lowering can see its lanes.
static Value *as(FunctionLowering &FL, Value *V, Type *Ty) {
  if (auto *C = dyn_cast<Constant>(V))
    if (Constant *Folded = ConstantFoldCastOperand(Instruction::BitCast, C, Ty,
                                                   FL.ML.LM.getDataLayout()))
      return Folded;
  return FL.B.CreateBitCast(V, Ty);
}

static Value *toV128(FunctionLowering &FL, Value *V) {
  return FL.B.CreateBitCast(V, FL.V128Ty);
}

static Value *splatInt(FunctionLowering &FL, unsigned Bits, uint64_t C) {
  return ConstantInt::get(intVec(FL, Bits), C);
}

/// Lanes [First, First + N) of V, in order.
static Value *lanes(FunctionLowering &FL, Value *V, unsigned First,
                    unsigned N) {
  SmallVector<int, 16> Mask;
  for (unsigned K = 0; K < N; ++K)
    Mask.push_back(First + K);
  return FL.B.CreateShuffleVector(V, Mask);
}

/// The low or high half of V's lanes, extended to twice their width.
static Value *extendHalf(FunctionLowering &FL, Value *V, bool High,
                         bool Signed) {
  auto *Ty = cast<FixedVectorType>(V->getType());
  unsigned N = Ty->getNumElements() / 2;
  unsigned Bits = Ty->getScalarSizeInBits();
  Value *Half = lanes(FL, V, High ? N : 0, N);
  Type *Wide = intVecN(FL, 2 * Bits, N);
  return Signed ? FL.B.CreateSExt(Half, Wide) : FL.B.CreateZExt(Half, Wide);
}

/// Lanes X[2k] + X[2k+1], each extended to twice its width first.
static Value *extaddPairwise(FunctionLowering &FL, Value *X, bool Signed) {
  auto *Ty = cast<FixedVectorType>(X->getType());
  unsigned N = Ty->getNumElements();
  Type *Wide = intVecN(FL, 2 * Ty->getScalarSizeInBits(), N);
  Value *W = Signed ? FL.B.CreateSExt(X, Wide) : FL.B.CreateZExt(X, Wide);
  SmallVector<int, 8> Even, Odd;
  for (unsigned K = 0; K < N / 2; ++K) {
    Even.push_back(2 * K);
    Odd.push_back(2 * K + 1);
  }
  Value *EvenLanes = FL.B.CreateShuffleVector(W, Even);
  Value *OddLanes = FL.B.CreateShuffleVector(W, Odd);
  return FL.B.CreateAdd(EvenLanes, OddLanes);
}

/// The product of the extended low or high halves of L and R.
static Value *extmul(FunctionLowering &FL, Value *L, Value *R, bool High,
                     bool Signed) {
  Value *WideL = extendHalf(FL, L, High, Signed);
  Value *WideR = extendHalf(FL, R, High, Signed);
  return FL.B.CreateMul(WideL, WideR);
}

/// Lanes of L then R (2N lanes) clamped to the range of half their width,
/// signed or unsigned (the input is signed either way), then truncated.
static Value *narrow(FunctionLowering &FL, Value *L, Value *R, bool Signed) {
  IRBuilder<> &B = FL.B;
  auto *Ty = cast<FixedVectorType>(L->getType());
  unsigned N = Ty->getNumElements();
  unsigned Bits = Ty->getScalarSizeInBits();
  SmallVector<int, 16> Mask;
  for (unsigned K = 0; K < 2 * N; ++K)
    Mask.push_back(K);
  Value *Both = B.CreateShuffleVector(L, R, Mask);
  Type *WideTy = Both->getType();
  unsigned Half = Bits / 2;
  APInt Lo =
      Signed ? APInt::getSignedMinValue(Half).sext(Bits) : APInt::getZero(Bits);
  APInt Hi = Signed ? APInt::getSignedMaxValue(Half).sext(Bits)
                    : APInt::getMaxValue(Half).zext(Bits);
  Value *Clamped = B.CreateBinaryIntrinsic(
      Intrinsic::smin,
      B.CreateBinaryIntrinsic(Intrinsic::smax, Both,
                              ConstantInt::get(WideTy, Lo)),
      ConstantInt::get(WideTy, Hi));
  return B.CreateTrunc(Clamped, intVecN(FL, Half, 2 * N));
}

/// A shift of every lane of X by the i32 Count modulo the lane width.
static Value *shift(FunctionLowering &FL, Instruction::BinaryOps Op, Value *X,
                    Value *Count) {
  IRBuilder<> &B = FL.B;
  auto *Ty = cast<FixedVectorType>(X->getType());
  unsigned Bits = Ty->getScalarSizeInBits();
  Value *C = B.CreateAnd(Count, B.getInt32(Bits - 1));
  C = B.CreateZExtOrTrunc(C, Ty->getElementType());
  return B.CreateBinOp(Op, X, B.CreateVectorSplat(Ty->getNumElements(), C));
}

/// A lane-wise comparison's <N x i1> as the all-ones/zero lanes Wasm wants.
static Value *mask(FunctionLowering &FL, Value *Cond, unsigned Bits) {
  return FL.B.CreateSExt(Cond, intVec(FL, Bits));
}

/// Rounding average: (L + R + 1) / 2 without overflow.
static Value *avgr(FunctionLowering &FL, Value *L, Value *R) {
  IRBuilder<> &B = FL.B;
  auto *Ty = cast<FixedVectorType>(L->getType());
  unsigned Bits = Ty->getScalarSizeInBits();
  Type *Wide = intVecN(FL, 2 * Bits, Ty->getNumElements());
  Value *WideL = B.CreateZExt(L, Wide);
  Value *WideR = B.CreateZExt(R, Wide);
  Value *Sum = B.CreateAdd(B.CreateAdd(WideL, WideR), ConstantInt::get(Wide, 1));
  return B.CreateTrunc(B.CreateLShr(Sum, ConstantInt::get(Wide, 1)), Ty);
}

/// (L * R + 0x4000) >> 15, saturated: only -32768 * -32768 overflows.
/// Without Saturate that case wraps to -32768 (pmulhrsw, the relaxed form).
static Value *q15mulr(FunctionLowering &FL, Value *L, Value *R,
                      bool Saturate = true) {
  IRBuilder<> &B = FL.B;
  Type *Wide = intVecN(FL, 32, 8);
  Value *WideL = B.CreateSExt(L, Wide);
  Value *WideR = B.CreateSExt(R, Wide);
  Value *P = B.CreateMul(WideL, WideR);
  P = B.CreateAShr(B.CreateAdd(P, ConstantInt::get(Wide, 0x4000)),
                   ConstantInt::get(Wide, 15));
  if (Saturate)
    P = B.CreateBinaryIntrinsic(Intrinsic::smin, P,
                                ConstantInt::get(Wide, 0x7fff));
  return B.CreateTrunc(P, intVec(FL, 16));
}

/// i32x4.dot_i16x8_s: sums of adjacent products of the extended lanes.
static Value *dot(FunctionLowering &FL, Value *L, Value *R) {
  IRBuilder<> &B = FL.B;
  Type *Wide = intVecN(FL, 32, 8);
  Value *WideL = B.CreateSExt(L, Wide);
  Value *WideR = B.CreateSExt(R, Wide);
  Value *P = B.CreateMul(WideL, WideR);
  SmallVector<int, 4> Even, Odd;
  for (unsigned K = 0; K < 4; ++K) {
    Even.push_back(2 * K);
    Odd.push_back(2 * K + 1);
  }
  Value *EvenLanes = B.CreateShuffleVector(P, Even);
  Value *OddLanes = B.CreateShuffleVector(P, Odd);
  return B.CreateAdd(EvenLanes, OddLanes);
}

/// Lane k is L[R[k] & 15]. The masked index keeps every extractelement in
/// range; x86 selects pshufb for the gather of extracts.
static Value *gather(FunctionLowering &FL, Value *L, Value *R) {
  IRBuilder<> &B = FL.B;
  Value *Index = B.CreateAnd(R, splatInt(FL, 8, 15));
  Value *Result = PoisonValue::get(L->getType());
  for (unsigned K = 0; K < 16; ++K)
    Result = B.CreateInsertElement(
        Result, B.CreateExtractElement(L, B.CreateExtractElement(Index, K)), K);
  return Result;
}
/// i8x16.swizzle: lane k is L[R[k]], or 0 when R[k] >= 16.
static Value *swizzle(FunctionLowering &FL, Value *L, Value *R) {
  IRBuilder<> &B = FL.B;
  Value *Result = gather(FL, L, R);
  Value *InRange = B.CreateICmpULT(R, splatInt(FL, 8, 16));
  return B.CreateSelect(InRange, Result, Constant::getNullValue(L->getType()));
}

static Value *anyTrue(FunctionLowering &FL, Value *V) {
  IRBuilder<> &B = FL.B;
  Value *Wide = B.CreateBitCast(V, B.getInt128Ty());
  return B.CreateZExt(B.CreateICmpNE(Wide, B.getIntN(128, 0)), FL.I32Ty);
}

static Value *allTrue(FunctionLowering &FL, Value *X) {
  IRBuilder<> &B = FL.B;
  Value *NonZero = B.CreateICmpNE(X, Constant::getNullValue(X->getType()));
  return B.CreateZExt(B.CreateAndReduce(NonZero), FL.I32Ty);
}

/// The sign bits of X's lanes, lane 0 in bit 0.
static Value *bitmask(FunctionLowering &FL, Value *X) {
  IRBuilder<> &B = FL.B;
  unsigned N = cast<FixedVectorType>(X->getType())->getNumElements();
  Value *Neg = B.CreateICmpSLT(X, Constant::getNullValue(X->getType()));
  return B.CreateZExt(B.CreateBitCast(Neg, B.getIntNTy(N)), FL.I32Ty);
}

//===----------------------------------------------------------------------===//
// Float helpers
//===----------------------------------------------------------------------===//

/// f32x4/f64x2 min and max. `L < R ? L : R` both ways round (minps twice)
/// agree except on zeros of different signs, where or-ing the two picks -0
/// (and-ing, for max, +0), and on NaNs, where the canonical NaN is chosen.
/// (llvm.minimum/maximum give the same but take twice the code.) The bit
/// operations use i32 lanes whatever the shape, which keeps InstCombine
/// from turning the selects into integer ones that no longer match minpd.
static Value *floatMinMax(FunctionLowering &FL, Value *L, Value *R, bool Max) {
  IRBuilder<> &B = FL.B;
  Type *Ty = L->getType();
  Type *IntTy = intVec(FL, 32);
  auto Pick = [&](Value *X, Value *Y) {
    Value *Cond = Max ? B.CreateFCmpOGT(X, Y) : B.CreateFCmpOLT(X, Y);
    return B.CreateBitCast(B.CreateSelect(Cond, X, Y), IntTy);
  };
  Value *A = Pick(L, R);
  Value *Bv = Pick(R, L);
  Value *Both =
      B.CreateBitCast(Max ? B.CreateAnd(A, Bv) : B.CreateOr(A, Bv), Ty);
  return B.CreateSelect(B.CreateFCmpUNO(L, R), ConstantFP::getNaN(Ty), Both);
}

/// pmin: R < L ? R : L; pmax: L < R ? R : L.
static Value *pminmax(FunctionLowering &FL, Value *L, Value *R, bool Max) {
  IRBuilder<> &B = FL.B;
  Value *Cond = Max ? B.CreateFCmpOLT(L, R) : B.CreateFCmpOLT(R, L);
  return B.CreateSelect(Cond, R, L);
}

/// Saturating float-to-i32 truncation of every lane of X (f32x4, or f64x2
/// into two i32 lanes). fptosi.sat/fptoui.sat would be scalarized on x86;
/// instead NaNs become 0 and lanes are clamped into the range where plain
/// fptosi/fptoui (cvttps2dq and friends) are exact. Float lanes cannot hold
/// the top of the i32 range, so lanes at or above it are set afterwards.
static Value *truncSat(FunctionLowering &FL, Value *X, bool Signed) {
  IRBuilder<> &B = FL.B;
  auto *Ty = cast<FixedVectorType>(X->getType());
  bool IsFloat = Ty->getElementType()->isFloatTy();
  Type *IntTy = intVecN(FL, 32, Ty->getNumElements());
  auto C = [&](double V) { return ConstantFP::get(Ty, V); };
  double Lo = Signed ? -2147483648.0 : 0.0;
  double Limit = Signed ? 2147483648.0 : 4294967296.0; // first out of range
  // The largest value below Limit that the lane type holds.
  double Hi = !IsFloat ? Limit - 1 : Signed ? 2147483520.0 : 4294967040.0;
  Value *X0 = B.CreateSelect(B.CreateFCmpORD(X, X), X, C(0.0));
  Value *X1 = B.CreateSelect(B.CreateFCmpOLT(X0, C(Lo)), C(Lo), X0);
  Value *X2 = B.CreateSelect(B.CreateFCmpOLT(X1, C(Hi)), X1, C(Hi));
  Value *R = Signed ? B.CreateFPToSI(X2, IntTy) : B.CreateFPToUI(X2, IntTy);
  if (!IsFloat)
    return R;
  APInt Max = Signed ? APInt::getSignedMaxValue(32) : APInt::getMaxValue(32);
  return B.CreateSelect(B.CreateFCmpOGE(X0, C(Limit)),
                        ConstantInt::get(IntTy, Max), R);
}

/// The N lanes of V followed by N zero lanes.
static Value *withZeroHigh(FunctionLowering &FL, Value *V) {
  unsigned N = cast<FixedVectorType>(V->getType())->getNumElements();
  SmallVector<int, 4> Mask;
  for (unsigned K = 0; K < 2 * N; ++K)
    Mask.push_back(K);
  return FL.B.CreateShuffleVector(V, Constant::getNullValue(V->getType()),
                                  Mask);
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

/// Loads through FunctionLowering::linearAddress, in the linear-memory alias
/// class like every scalar access.
static Value *load(FunctionLowering &FL, const Instr &I, Type *Ty) {
  LoadInst *L = FL.B.CreateAlignedLoad(Ty, FL.linearAddress(I), Align(1),
                                       "load");
  FL.Env.markLinearMemory(L);
  FL.pinGuardedLoad(L, I);
  return L;
}

/// v128.loadMxN_s/u: N lanes of M bits, each extended to 2M bits.
static Value *loadExtend(FunctionLowering &FL, const Instr &I, unsigned Bits,
                         bool Signed) {
  unsigned N = 64 / Bits;
  Value *V = load(FL, I, intVecN(FL, Bits, N));
  Type *Wide = intVecN(FL, 2 * Bits, N);
  return toV128(FL,
                Signed ? FL.B.CreateSExt(V, Wide) : FL.B.CreateZExt(V, Wide));
}

static Value *loadSplat(FunctionLowering &FL, const Instr &I, unsigned Bits) {
  Value *V = load(FL, I, FL.B.getIntNTy(Bits));
  return toV128(FL, FL.B.CreateVectorSplat(128 / Bits, V));
}

static Value *loadZero(FunctionLowering &FL, const Instr &I, unsigned Bits) {
  Value *V = load(FL, I, FL.B.getIntNTy(Bits));
  Value *Zero = Constant::getNullValue(intVec(FL, Bits));
  return toV128(FL, FL.B.CreateInsertElement(Zero, V, uint64_t(0)));
}

/// v128.loadN_lane: [address, vector] -> vector with lane I.Lane loaded.
static Value *loadLane(FunctionLowering &FL, const Instr &I, unsigned Bits) {
  Value *Vec = as(FL, FL.pop(), intVec(FL, Bits));
  Value *V = load(FL, I, FL.B.getIntNTy(Bits));
  return toV128(FL, FL.B.CreateInsertElement(Vec, V, uint64_t(I.Lane)));
}

/// v128.storeN_lane: [address, vector] -> [], storing lane I.Lane.
static void storeLane(FunctionLowering &FL, const Instr &I, unsigned Bits) {
  Value *Vec = as(FL, FL.pop(), intVec(FL, Bits));
  Value *Ptr = FL.linearAddress(I);
  Value *V = FL.B.CreateExtractElement(Vec, uint64_t(I.Lane));
  FL.Env.markLinearMemory(FL.B.CreateAlignedStore(V, Ptr, Align(1)));
}

void FunctionLowering::lowerV128Load(const Instr &I) {
  push(load(*this, I, V128Ty));
}

void FunctionLowering::lowerV128Store(const Instr &I) {
  Value *V = pop();
  Value *Ptr = linearAddress(I);
  Env.markLinearMemory(B.CreateAlignedStore(V, Ptr, Align(1)));
}

#define MEMOP(Name, Expr)                                                      \
  void FunctionLowering::lower##Name(const Instr &I) { push(Expr); }

MEMOP(V128Load8x8S, loadExtend(*this, I, 8, true))
MEMOP(V128Load8x8U, loadExtend(*this, I, 8, false))
MEMOP(V128Load16x4S, loadExtend(*this, I, 16, true))
MEMOP(V128Load16x4U, loadExtend(*this, I, 16, false))
MEMOP(V128Load32x2S, loadExtend(*this, I, 32, true))
MEMOP(V128Load32x2U, loadExtend(*this, I, 32, false))
MEMOP(V128Load8Splat, loadSplat(*this, I, 8))
MEMOP(V128Load16Splat, loadSplat(*this, I, 16))
MEMOP(V128Load32Splat, loadSplat(*this, I, 32))
MEMOP(V128Load64Splat, loadSplat(*this, I, 64))
MEMOP(V128Load32Zero, loadZero(*this, I, 32))
MEMOP(V128Load64Zero, loadZero(*this, I, 64))
MEMOP(V128Load8Lane, loadLane(*this, I, 8))
MEMOP(V128Load16Lane, loadLane(*this, I, 16))
MEMOP(V128Load32Lane, loadLane(*this, I, 32))
MEMOP(V128Load64Lane, loadLane(*this, I, 64))

#undef MEMOP

void FunctionLowering::lowerV128Store8Lane(const Instr &I) {
  storeLane(*this, I, 8);
}
void FunctionLowering::lowerV128Store16Lane(const Instr &I) {
  storeLane(*this, I, 16);
}
void FunctionLowering::lowerV128Store32Lane(const Instr &I) {
  storeLane(*this, I, 32);
}
void FunctionLowering::lowerV128Store64Lane(const Instr &I) {
  storeLane(*this, I, 64);
}

//===----------------------------------------------------------------------===//
// Constants, shuffles, splats and lanes
//===----------------------------------------------------------------------===//

void FunctionLowering::lowerV128Const(const Instr &I) {
  uint64_t Halves[2] = {I.Bits[0], I.Bits[1]};
  push(ConstantDataVector::get(B.getContext(), ArrayRef<uint64_t>(Halves)));
}

void FunctionLowering::lowerI8x16Shuffle(const Instr &I) {
  Value *R = as(*this, pop(), intVec(*this, 8));
  Value *L = as(*this, pop(), intVec(*this, 8));
  int Mask[16];
  for (unsigned K = 0; K < 16; ++K)
    Mask[K] = immByte(I.Bits, K);
  push(toV128(*this, B.CreateShuffleVector(L, R, Mask)));
}

/// Splat of an i32 truncated to Bits (8, 16) or of a scalar as is.
#define SPLAT(Name, Lanes, Conv)                                               \
  void FunctionLowering::lower##Name(const Instr &) {                          \
    Value *X = pop();                                                          \
    push(toV128(*this, B.CreateVectorSplat(Lanes, Conv)));                     \
  }

SPLAT(I8x16Splat, 16, B.CreateTrunc(X, B.getInt8Ty()))
SPLAT(I16x8Splat, 8, B.CreateTrunc(X, B.getInt16Ty()))
SPLAT(I32x4Splat, 4, X)
SPLAT(I64x2Splat, 2, X)
SPLAT(F32x4Splat, 4, X)
SPLAT(F64x2Splat, 2, X)

#undef SPLAT

/// extract_lane: the lane of the vector as VecTy, converted by Conv.
#define EXTRACT(Name, VecTy, Conv)                                             \
  void FunctionLowering::lower##Name(const Instr &I) {                         \
    Value *X =                                                                 \
        B.CreateExtractElement(as(*this, pop(), VecTy), uint64_t(I.Lane));     \
    push(Conv);                                                                \
  }
/// replace_lane: the scalar, converted by Conv, into the lane.
#define REPLACE(Name, VecTy, Conv)                                             \
  void FunctionLowering::lower##Name(const Instr &I) {                         \
    Value *X = pop();                                                          \
    Value *Vec = as(*this, pop(), VecTy);                                      \
    push(toV128(*this, B.CreateInsertElement(Vec, Conv, uint64_t(I.Lane))));   \
  }

EXTRACT(I8x16ExtractLaneS, intVec(*this, 8), B.CreateSExt(X, I32Ty))
EXTRACT(I8x16ExtractLaneU, intVec(*this, 8), B.CreateZExt(X, I32Ty))
REPLACE(I8x16ReplaceLane, intVec(*this, 8), B.CreateTrunc(X, B.getInt8Ty()))
EXTRACT(I16x8ExtractLaneS, intVec(*this, 16), B.CreateSExt(X, I32Ty))
EXTRACT(I16x8ExtractLaneU, intVec(*this, 16), B.CreateZExt(X, I32Ty))
REPLACE(I16x8ReplaceLane, intVec(*this, 16), B.CreateTrunc(X, B.getInt16Ty()))
EXTRACT(I32x4ExtractLane, intVec(*this, 32), X)
REPLACE(I32x4ReplaceLane, intVec(*this, 32), X)
EXTRACT(I64x2ExtractLane, intVec(*this, 64), X)
REPLACE(I64x2ReplaceLane, intVec(*this, 64), X)
EXTRACT(F32x4ExtractLane, floatVec(*this, 32), X)
REPLACE(F32x4ReplaceLane, floatVec(*this, 32), X)
EXTRACT(F64x2ExtractLane, floatVec(*this, 64), X)
REPLACE(F64x2ReplaceLane, floatVec(*this, 64), X)

#undef EXTRACT
#undef REPLACE

//===----------------------------------------------------------------------===//
// Operators on lanes, one per line
//===----------------------------------------------------------------------===//

// Operands as VecTy; Expr (over X, or L and R) gives a vector result.
#define UNARY(Name, VecTy, Expr)                                               \
  void FunctionLowering::lower##Name(const Instr &) {                          \
    Value *X = as(*this, pop(), VecTy);                                        \
    push(toV128(*this, Expr));                                                 \
  }
#define BINARY(Name, VecTy, Expr)                                              \
  void FunctionLowering::lower##Name(const Instr &) {                          \
    Value *R = as(*this, pop(), VecTy);                                        \
    Value *L = as(*this, pop(), VecTy);                                        \
    push(toV128(*this, Expr));                                                 \
  }
// Operand as VecTy, scalar (i32) result.
#define REDUCE(Name, VecTy, Expr)                                              \
  void FunctionLowering::lower##Name(const Instr &) {                          \
    Value *X = as(*this, pop(), VecTy);                                        \
    push(Expr);                                                                \
  }
// A vector shifted by an i32.
#define SHIFT(Name, Bits, Op)                                                  \
  void FunctionLowering::lower##Name(const Instr &) {                          \
    Value *Count = pop();                                                      \
    Value *X = as(*this, pop(), intVec(*this, Bits));                          \
    push(toV128(*this, shift(*this, Instruction::Op, X, Count)));              \
  }
#define ICMP(Name, Bits, Pred)                                                 \
  BINARY(Name, intVec(*this, Bits),                                            \
         mask(*this, B.CreateICmp(CmpInst::Pred, L, R), Bits))
#define FCMP(Name, Bits, Pred)                                                 \
  BINARY(Name, floatVec(*this, Bits),                                          \
         mask(*this, B.CreateFCmp(CmpInst::Pred, L, R), Bits))

#define I8 intVec(*this, 8)
#define I16 intVec(*this, 16)
#define I32 intVec(*this, 32)
#define I64 intVec(*this, 64)
#define F32 floatVec(*this, 32)
#define F64 floatVec(*this, 64)
#define INTRINSIC1(ID) B.CreateUnaryIntrinsic(Intrinsic::ID, X)
#define INTRINSIC2(ID) B.CreateBinaryIntrinsic(Intrinsic::ID, L, R)
#define ABS B.CreateBinaryIntrinsic(Intrinsic::abs, X, B.getFalse())

// Comparisons: all-ones lanes for true. Float ne is true for NaNs.
ICMP(I8x16Eq, 8, ICMP_EQ)
ICMP(I8x16Ne, 8, ICMP_NE)
ICMP(I8x16LtS, 8, ICMP_SLT)
ICMP(I8x16LtU, 8, ICMP_ULT)
ICMP(I8x16GtS, 8, ICMP_SGT)
ICMP(I8x16GtU, 8, ICMP_UGT)
ICMP(I8x16LeS, 8, ICMP_SLE)
ICMP(I8x16LeU, 8, ICMP_ULE)
ICMP(I8x16GeS, 8, ICMP_SGE)
ICMP(I8x16GeU, 8, ICMP_UGE)
ICMP(I16x8Eq, 16, ICMP_EQ)
ICMP(I16x8Ne, 16, ICMP_NE)
ICMP(I16x8LtS, 16, ICMP_SLT)
ICMP(I16x8LtU, 16, ICMP_ULT)
ICMP(I16x8GtS, 16, ICMP_SGT)
ICMP(I16x8GtU, 16, ICMP_UGT)
ICMP(I16x8LeS, 16, ICMP_SLE)
ICMP(I16x8LeU, 16, ICMP_ULE)
ICMP(I16x8GeS, 16, ICMP_SGE)
ICMP(I16x8GeU, 16, ICMP_UGE)
ICMP(I32x4Eq, 32, ICMP_EQ)
ICMP(I32x4Ne, 32, ICMP_NE)
ICMP(I32x4LtS, 32, ICMP_SLT)
ICMP(I32x4LtU, 32, ICMP_ULT)
ICMP(I32x4GtS, 32, ICMP_SGT)
ICMP(I32x4GtU, 32, ICMP_UGT)
ICMP(I32x4LeS, 32, ICMP_SLE)
ICMP(I32x4LeU, 32, ICMP_ULE)
ICMP(I32x4GeS, 32, ICMP_SGE)
ICMP(I32x4GeU, 32, ICMP_UGE)
ICMP(I64x2Eq, 64, ICMP_EQ)
ICMP(I64x2Ne, 64, ICMP_NE)
ICMP(I64x2LtS, 64, ICMP_SLT)
ICMP(I64x2GtS, 64, ICMP_SGT)
ICMP(I64x2LeS, 64, ICMP_SLE)
ICMP(I64x2GeS, 64, ICMP_SGE)
FCMP(F32x4Eq, 32, FCMP_OEQ)
FCMP(F32x4Ne, 32, FCMP_UNE)
FCMP(F32x4Lt, 32, FCMP_OLT)
FCMP(F32x4Gt, 32, FCMP_OGT)
FCMP(F32x4Le, 32, FCMP_OLE)
FCMP(F32x4Ge, 32, FCMP_OGE)
FCMP(F64x2Eq, 64, FCMP_OEQ)
FCMP(F64x2Ne, 64, FCMP_UNE)
FCMP(F64x2Lt, 64, FCMP_OLT)
FCMP(F64x2Gt, 64, FCMP_OGT)
FCMP(F64x2Le, 64, FCMP_OLE)
FCMP(F64x2Ge, 64, FCMP_OGE)

// Bitwise.
UNARY(V128Not, V128Ty, B.CreateNot(X))
BINARY(V128And, V128Ty, B.CreateAnd(L, R))
BINARY(V128AndNot, V128Ty, B.CreateAnd(L, B.CreateNot(R)))
BINARY(V128Or, V128Ty, B.CreateOr(L, R))
BINARY(V128Xor, V128Ty, B.CreateXor(L, R))
REDUCE(V128AnyTrue, V128Ty, anyTrue(*this, X))

void FunctionLowering::lowerV128Bitselect(const Instr &) {
  Value *C = pop();
  Value *F = pop();
  Value *T = pop();
  Value *FromT = B.CreateAnd(T, C);
  Value *FromF = B.CreateAnd(F, B.CreateNot(C));
  push(B.CreateOr(FromT, FromF));
}

// Swizzle.
BINARY(I8x16Swizzle, I8, swizzle(*this, L, R))

// i8x16.
UNARY(I8x16Abs, I8, ABS)
UNARY(I8x16Neg, I8, B.CreateNeg(X))
UNARY(I8x16Popcnt, I8, INTRINSIC1(ctpop))
REDUCE(I8x16AllTrue, I8, allTrue(*this, X))
REDUCE(I8x16Bitmask, I8, bitmask(*this, X))
BINARY(I8x16NarrowI16x8S, I16, narrow(*this, L, R, true))
BINARY(I8x16NarrowI16x8U, I16, narrow(*this, L, R, false))
SHIFT(I8x16Shl, 8, Shl)
SHIFT(I8x16ShrS, 8, AShr)
SHIFT(I8x16ShrU, 8, LShr)
BINARY(I8x16Add, I8, B.CreateAdd(L, R))
BINARY(I8x16AddSatS, I8, INTRINSIC2(sadd_sat))
BINARY(I8x16AddSatU, I8, INTRINSIC2(uadd_sat))
BINARY(I8x16Sub, I8, B.CreateSub(L, R))
BINARY(I8x16SubSatS, I8, INTRINSIC2(ssub_sat))
BINARY(I8x16SubSatU, I8, INTRINSIC2(usub_sat))
BINARY(I8x16MinS, I8, INTRINSIC2(smin))
BINARY(I8x16MinU, I8, INTRINSIC2(umin))
BINARY(I8x16MaxS, I8, INTRINSIC2(smax))
BINARY(I8x16MaxU, I8, INTRINSIC2(umax))
BINARY(I8x16AvgrU, I8, avgr(*this, L, R))

// i16x8.
UNARY(I16x8ExtaddPairwiseI8x16S, I8, extaddPairwise(*this, X, true))
UNARY(I16x8ExtaddPairwiseI8x16U, I8, extaddPairwise(*this, X, false))
UNARY(I16x8Abs, I16, ABS)
UNARY(I16x8Neg, I16, B.CreateNeg(X))
BINARY(I16x8Q15mulrSatS, I16, q15mulr(*this, L, R))
REDUCE(I16x8AllTrue, I16, allTrue(*this, X))
REDUCE(I16x8Bitmask, I16, bitmask(*this, X))
BINARY(I16x8NarrowI32x4S, I32, narrow(*this, L, R, true))
BINARY(I16x8NarrowI32x4U, I32, narrow(*this, L, R, false))
UNARY(I16x8ExtendLowI8x16S, I8, extendHalf(*this, X, false, true))
UNARY(I16x8ExtendHighI8x16S, I8, extendHalf(*this, X, true, true))
UNARY(I16x8ExtendLowI8x16U, I8, extendHalf(*this, X, false, false))
UNARY(I16x8ExtendHighI8x16U, I8, extendHalf(*this, X, true, false))
SHIFT(I16x8Shl, 16, Shl)
SHIFT(I16x8ShrS, 16, AShr)
SHIFT(I16x8ShrU, 16, LShr)
BINARY(I16x8Add, I16, B.CreateAdd(L, R))
BINARY(I16x8AddSatS, I16, INTRINSIC2(sadd_sat))
BINARY(I16x8AddSatU, I16, INTRINSIC2(uadd_sat))
BINARY(I16x8Sub, I16, B.CreateSub(L, R))
BINARY(I16x8SubSatS, I16, INTRINSIC2(ssub_sat))
BINARY(I16x8SubSatU, I16, INTRINSIC2(usub_sat))
BINARY(I16x8Mul, I16, B.CreateMul(L, R))
BINARY(I16x8MinS, I16, INTRINSIC2(smin))
BINARY(I16x8MinU, I16, INTRINSIC2(umin))
BINARY(I16x8MaxS, I16, INTRINSIC2(smax))
BINARY(I16x8MaxU, I16, INTRINSIC2(umax))
BINARY(I16x8AvgrU, I16, avgr(*this, L, R))
BINARY(I16x8ExtmulLowI8x16S, I8, extmul(*this, L, R, false, true))
BINARY(I16x8ExtmulHighI8x16S, I8, extmul(*this, L, R, true, true))
BINARY(I16x8ExtmulLowI8x16U, I8, extmul(*this, L, R, false, false))
BINARY(I16x8ExtmulHighI8x16U, I8, extmul(*this, L, R, true, false))

// i32x4.
UNARY(I32x4ExtaddPairwiseI16x8S, I16, extaddPairwise(*this, X, true))
UNARY(I32x4ExtaddPairwiseI16x8U, I16, extaddPairwise(*this, X, false))
UNARY(I32x4Abs, I32, ABS)
UNARY(I32x4Neg, I32, B.CreateNeg(X))
REDUCE(I32x4AllTrue, I32, allTrue(*this, X))
REDUCE(I32x4Bitmask, I32, bitmask(*this, X))
UNARY(I32x4ExtendLowI16x8S, I16, extendHalf(*this, X, false, true))
UNARY(I32x4ExtendHighI16x8S, I16, extendHalf(*this, X, true, true))
UNARY(I32x4ExtendLowI16x8U, I16, extendHalf(*this, X, false, false))
UNARY(I32x4ExtendHighI16x8U, I16, extendHalf(*this, X, true, false))
SHIFT(I32x4Shl, 32, Shl)
SHIFT(I32x4ShrS, 32, AShr)
SHIFT(I32x4ShrU, 32, LShr)
BINARY(I32x4Add, I32, B.CreateAdd(L, R))
BINARY(I32x4Sub, I32, B.CreateSub(L, R))
BINARY(I32x4Mul, I32, B.CreateMul(L, R))
BINARY(I32x4MinS, I32, INTRINSIC2(smin))
BINARY(I32x4MinU, I32, INTRINSIC2(umin))
BINARY(I32x4MaxS, I32, INTRINSIC2(smax))
BINARY(I32x4MaxU, I32, INTRINSIC2(umax))
BINARY(I32x4DotI16x8S, I16, dot(*this, L, R))
BINARY(I32x4ExtmulLowI16x8S, I16, extmul(*this, L, R, false, true))
BINARY(I32x4ExtmulHighI16x8S, I16, extmul(*this, L, R, true, true))
BINARY(I32x4ExtmulLowI16x8U, I16, extmul(*this, L, R, false, false))
BINARY(I32x4ExtmulHighI16x8U, I16, extmul(*this, L, R, true, false))

// i64x2.
UNARY(I64x2Abs, I64, ABS)
UNARY(I64x2Neg, I64, B.CreateNeg(X))
REDUCE(I64x2AllTrue, I64, allTrue(*this, X))
REDUCE(I64x2Bitmask, I64, bitmask(*this, X))
UNARY(I64x2ExtendLowI32x4S, I32, extendHalf(*this, X, false, true))
UNARY(I64x2ExtendHighI32x4S, I32, extendHalf(*this, X, true, true))
UNARY(I64x2ExtendLowI32x4U, I32, extendHalf(*this, X, false, false))
UNARY(I64x2ExtendHighI32x4U, I32, extendHalf(*this, X, true, false))
SHIFT(I64x2Shl, 64, Shl)
SHIFT(I64x2ShrS, 64, AShr)
SHIFT(I64x2ShrU, 64, LShr)
BINARY(I64x2Add, I64, B.CreateAdd(L, R))
BINARY(I64x2Sub, I64, B.CreateSub(L, R))
BINARY(I64x2Mul, I64, B.CreateMul(L, R))
BINARY(I64x2ExtmulLowI32x4S, I32, extmul(*this, L, R, false, true))
BINARY(I64x2ExtmulHighI32x4S, I32, extmul(*this, L, R, true, true))
BINARY(I64x2ExtmulLowI32x4U, I32, extmul(*this, L, R, false, false))
BINARY(I64x2ExtmulHighI32x4U, I32, extmul(*this, L, R, true, false))

// f32x4.
UNARY(F32x4Abs, F32, INTRINSIC1(fabs))
UNARY(F32x4Neg, F32, B.CreateFNeg(X))
UNARY(F32x4Sqrt, F32, INTRINSIC1(sqrt))
UNARY(F32x4Ceil, F32, INTRINSIC1(ceil))
UNARY(F32x4Floor, F32, INTRINSIC1(floor))
UNARY(F32x4Trunc, F32, INTRINSIC1(trunc))
UNARY(F32x4Nearest, F32, INTRINSIC1(roundeven))
BINARY(F32x4Add, F32, floatArith(Instruction::FAdd, L, R))
BINARY(F32x4Sub, F32, floatArith(Instruction::FSub, L, R))
BINARY(F32x4Mul, F32, floatArith(Instruction::FMul, L, R))
BINARY(F32x4Div, F32, floatArith(Instruction::FDiv, L, R))
BINARY(F32x4Min, F32, floatMinMax(*this, L, R, false))
BINARY(F32x4Max, F32, floatMinMax(*this, L, R, true))
BINARY(F32x4Pmin, F32, pminmax(*this, L, R, false))
BINARY(F32x4Pmax, F32, pminmax(*this, L, R, true))

// f64x2.
UNARY(F64x2Abs, F64, INTRINSIC1(fabs))
UNARY(F64x2Neg, F64, B.CreateFNeg(X))
UNARY(F64x2Sqrt, F64, INTRINSIC1(sqrt))
UNARY(F64x2Ceil, F64, INTRINSIC1(ceil))
UNARY(F64x2Floor, F64, INTRINSIC1(floor))
UNARY(F64x2Trunc, F64, INTRINSIC1(trunc))
UNARY(F64x2Nearest, F64, INTRINSIC1(roundeven))
BINARY(F64x2Add, F64, floatArith(Instruction::FAdd, L, R))
BINARY(F64x2Sub, F64, floatArith(Instruction::FSub, L, R))
BINARY(F64x2Mul, F64, floatArith(Instruction::FMul, L, R))
BINARY(F64x2Div, F64, floatArith(Instruction::FDiv, L, R))
BINARY(F64x2Min, F64, floatMinMax(*this, L, R, false))
BINARY(F64x2Max, F64, floatMinMax(*this, L, R, true))
BINARY(F64x2Pmin, F64, pminmax(*this, L, R, false))
BINARY(F64x2Pmax, F64, pminmax(*this, L, R, true))

// Conversions. Truncation saturates; the f64x2 ones fill the high lanes
// with zeros, and the "low" ones read lanes 0 and 1.
UNARY(I32x4TruncSatF32x4S, F32, truncSat(*this, X, true))
UNARY(I32x4TruncSatF32x4U, F32, truncSat(*this, X, false))
UNARY(I32x4TruncSatF64x2SZero, F64,
      withZeroHigh(*this, truncSat(*this, X, true)))
UNARY(I32x4TruncSatF64x2UZero, F64,
      withZeroHigh(*this, truncSat(*this, X, false)))
UNARY(F32x4ConvertI32x4S, I32, B.CreateSIToFP(X, F32))
UNARY(F32x4ConvertI32x4U, I32, B.CreateUIToFP(X, F32))
UNARY(F64x2ConvertLowI32x4S, I32, B.CreateSIToFP(lanes(*this, X, 0, 2), F64))
UNARY(F64x2ConvertLowI32x4U, I32, B.CreateUIToFP(lanes(*this, X, 0, 2), F64))
UNARY(F32x4DemoteF64x2Zero, F64,
      withZeroHigh(*this, B.CreateFPTrunc(X, FixedVectorType::get(F32Ty, 2))))
UNARY(F64x2PromoteLowF32x4, F32, B.CreateFPExt(lanes(*this, X, 0, 2), F64))

//===----------------------------------------------------------------------===//
// Relaxed SIMD
//===----------------------------------------------------------------------===//
//
// Each relaxed operator gives one fixed result for every input: the one of
// the fastest x86-64 sequence the spec allows (docs/simd.md, "Relaxed
// SIMD"). On x86 that is the SSE instruction itself, as an x86 intrinsic
// where generic IR would not select it; on other targets generic IR
// computes the same result, so a module answers alike everywhere.

static bool isX86(FunctionLowering &FL) {
  return Triple(FL.ML.LM.getTargetTriple()).isX86();
}

/// i8x16.relaxed_swizzle: L[R[k] mod 16], or 0 when R[k] >= 128 (pshufb).
static Value *relaxedSwizzle(FunctionLowering &FL, Value *L, Value *R) {
  if (isX86(FL))
    return FL.callIntrinsic(Intrinsic::x86_ssse3_pshuf_b_128, {}, {L, R});
  IRBuilder<> &B = FL.B;
  Value *Result = gather(FL, L, R);
  Value *Negative = B.CreateICmpSLT(R, Constant::getNullValue(R->getType()));
  return B.CreateSelect(Negative, Constant::getNullValue(L->getType()), Result);
}

/// i32x4.relaxed_trunc_f32x4_s / _f64x2_s_zero: INT32_MIN for NaN and out
/// of range lanes (cvttps2dq, cvttpd2dq); 4 lanes, the high two zero for
/// f64x2.
static Value *relaxedTruncS(FunctionLowering &FL, Value *X) {
  auto *Ty = cast<FixedVectorType>(X->getType());
  bool IsFloat = Ty->getElementType()->isFloatTy();
  if (isX86(FL))
    return FL.callIntrinsic(IsFloat ? Intrinsic::x86_sse2_cvttps2dq
                                    : Intrinsic::x86_sse2_cvttpd2dq,
                            {}, {X});
  IRBuilder<> &B = FL.B;
  Type *IntTy = intVecN(FL, 32, Ty->getNumElements());
  Value *InRange =
      B.CreateAnd(B.CreateFCmpOGE(X, ConstantFP::get(Ty, -2147483648.0)),
                  B.CreateFCmpOLT(X, ConstantFP::get(Ty, 2147483648.0)));
  Value *R = B.CreateSelect(InRange, B.CreateFPToSI(X, IntTy),
                            ConstantInt::get(IntTy, 0x80000000u));
  return IsFloat ? R : withZeroHigh(FL, R);
}

/// i16x8.relaxed_dot_i8x16_i7x16_s: sums of adjacent products of L's lanes
/// (signed) and R's (unsigned), saturated to i16 (pmaddubsw with R first).
/// For R's lanes below 128, the spec's only result.
static Value *relaxedDot(FunctionLowering &FL, Value *L, Value *R) {
  if (isX86(FL))
    return FL.callIntrinsic(Intrinsic::x86_ssse3_pmadd_ub_sw_128, {}, {R, L});
  IRBuilder<> &B = FL.B;
  Type *Wide = intVecN(FL, 32, 16);
  Value *P = B.CreateMul(B.CreateSExt(L, Wide), B.CreateZExt(R, Wide));
  SmallVector<int, 8> Even, Odd;
  for (unsigned K = 0; K < 8; ++K) {
    Even.push_back(2 * K);
    Odd.push_back(2 * K + 1);
  }
  Value *Sum = B.CreateAdd(B.CreateShuffleVector(P, Even),
                           B.CreateShuffleVector(P, Odd));
  Type *Wide8 = intVecN(FL, 32, 8);
  Sum = B.CreateBinaryIntrinsic(Intrinsic::smin, Sum,
                                ConstantInt::get(Wide8, 32767));
  Sum = B.CreateBinaryIntrinsic(Intrinsic::smax, Sum,
                                ConstantInt::get(Wide8, -32768, true));
  return B.CreateTrunc(Sum, intVec(FL, 16));
}

/// relaxed_min / relaxed_max: L < R ? L : R and L > R ? L : R (minps,
/// maxps and their pd forms), so R when either is a NaN or both are zeros.
/// (InstCombine may reorder the generic select so that it no longer
/// matches maxpd: x86 takes the intrinsic.)
static Value *relaxedMinMax(FunctionLowering &FL, Value *L, Value *R,
                            bool Max) {
  bool IsFloat = cast<VectorType>(L->getType())->getElementType()->isFloatTy();
  if (isX86(FL)) {
    Intrinsic::ID ID =
        IsFloat ? (Max ? Intrinsic::x86_sse_max_ps : Intrinsic::x86_sse_min_ps)
                : (Max ? Intrinsic::x86_sse2_max_pd : Intrinsic::x86_sse2_min_pd);
    return FL.callIntrinsic(ID, {}, {L, R});
  }
  IRBuilder<> &B = FL.B;
  Value *Cond = Max ? B.CreateFCmpOGT(L, R) : B.CreateFCmpOLT(L, R);
  return B.CreateSelect(Cond, L, R);
}

/// Sums of adjacent i16 lanes of X, extended to i32 (pmaddwd with ones).
static Value *pairSums(FunctionLowering &FL, Value *X) {
  if (isX86(FL))
    return FL.callIntrinsic(Intrinsic::x86_sse2_pmadd_wd, {},
                            {X, splatInt(FL, 16, 1)});
  return extaddPairwise(FL, X, /*Signed=*/true);
}

// Three operands as VecTy (X, Y, Z in stack order); Expr gives a vector.
#define TERNARY(Name, VecTy, Expr)                                             \
  void FunctionLowering::lower##Name(const Instr &) {                          \
    Value *Z = as(*this, pop(), VecTy);                                        \
    Value *Y = as(*this, pop(), VecTy);                                        \
    Value *X = as(*this, pop(), VecTy);                                        \
    push(toV128(*this, Expr));                                                 \
  }
// madd unfused, a rounding after the product (no FMA in x86-64-v2, and
// the same result where there is one); nmadd is -(a*b) + c.
#define MADD(Neg)                                                              \
  floatArith(Instruction::FAdd,                                                \
             floatArith(Instruction::FMul, Neg ? B.CreateFNeg(X) : X, Y), Z)
// A lane of X where Z's top bit is set, else of Y: the top bit of each
// byte for i8x16 and i16x8 (pblendvb), of each lane for i32x4 and i64x2
// (blendvps, blendvpd).
#define LANESELECT                                                             \
  B.CreateSelect(B.CreateICmpSLT(Z, Constant::getNullValue(Z->getType())), X, \
                 Y)

BINARY(I8x16RelaxedSwizzle, I8, relaxedSwizzle(*this, L, R))
UNARY(I32x4RelaxedTruncF32x4S, F32, relaxedTruncS(*this, X))
UNARY(I32x4RelaxedTruncF32x4U, F32, truncSat(*this, X, false))
UNARY(I32x4RelaxedTruncF64x2SZero, F64, relaxedTruncS(*this, X))
UNARY(I32x4RelaxedTruncF64x2UZero, F64,
      withZeroHigh(*this, truncSat(*this, X, false)))
TERNARY(F32x4RelaxedMadd, F32, MADD(false))
TERNARY(F32x4RelaxedNmadd, F32, MADD(true))
TERNARY(F64x2RelaxedMadd, F64, MADD(false))
TERNARY(F64x2RelaxedNmadd, F64, MADD(true))
TERNARY(I8x16RelaxedLaneselect, I8, LANESELECT)
TERNARY(I16x8RelaxedLaneselect, I8, LANESELECT)
TERNARY(I32x4RelaxedLaneselect, I32, LANESELECT)
TERNARY(I64x2RelaxedLaneselect, I64, LANESELECT)
BINARY(F32x4RelaxedMin, F32, relaxedMinMax(*this, L, R, false))
BINARY(F32x4RelaxedMax, F32, relaxedMinMax(*this, L, R, true))
BINARY(F64x2RelaxedMin, F64, relaxedMinMax(*this, L, R, false))
BINARY(F64x2RelaxedMax, F64, relaxedMinMax(*this, L, R, true))
BINARY(I16x8RelaxedQ15mulrS, I16,
       isX86(*this) ? callIntrinsic(Intrinsic::x86_ssse3_pmul_hr_sw_128, {},
                                    {L, R})
                    : q15mulr(*this, L, R, /*Saturate=*/false))
BINARY(I16x8RelaxedDotI8x16I7x16S, I8, relaxedDot(*this, L, R))
TERNARY(I32x4RelaxedDotI8x16I7x16AddS, I8,
        B.CreateAdd(pairSums(*this, relaxedDot(*this, X, Y)),
                    as(*this, Z, I32)))

#undef TERNARY
#undef MADD
#undef LANESELECT

#undef UNARY
#undef BINARY
#undef REDUCE
#undef SHIFT
#undef ICMP
#undef FCMP
#undef I8
#undef I16
#undef I32
#undef I64
#undef F32
#undef F64
#undef INTRINSIC1
#undef INTRINSIC2
#undef ABS

} // namespace wasm2so
