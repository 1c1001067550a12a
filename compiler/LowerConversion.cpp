//===- LowerConversion.cpp - Wrap, extend, truncate, convert, reinterpret -===//
//
// The trapping truncations check their operand against the open interval of
// floats whose truncation fits the integer type, compared in the source
// float type with bounds that are exact there: NaN traps invalid conversion,
// anything else outside traps integer overflow. The saturating ones are
// llvm.fpto[su]i.sat, whose NaN result is 0 as in Wasm.
//
//===----------------------------------------------------------------------===//

#include "FunctionLowering.h"

#include "llvm/IR/Constants.h"

using namespace llvm;

namespace wasm2so {

namespace {

/// x truncates into the integer type iff Lo < x < Hi. Hi is 2^N (unsigned)
/// or 2^(N-1) (signed). Lo is -1 (unsigned) or, for signed, the greatest
/// float not above -2^(N-1) - 1: that value itself in f64 for i32, else the
/// float one ulp below -2^(N-1) (-2^31 - 2^8, -2^63 - 2^40 in f32 and
/// -2^63 - 2^11 in f64). Every bound is exact in the source type.
struct TruncRange {
  double Lo, Hi;
};

constexpr TruncRange I32FromF32S = {-0x1.000002p+31, 0x1p+31};
constexpr TruncRange I32FromF32U = {-1.0, 0x1p+32};
constexpr TruncRange I32FromF64S = {-0x1.00000002p+31, 0x1p+31};
constexpr TruncRange I32FromF64U = {-1.0, 0x1p+32};
constexpr TruncRange I64FromF32S = {-0x1.000002p+63, 0x1p+63};
constexpr TruncRange I64FromF32U = {-1.0, 0x1p+64};
constexpr TruncRange I64FromF64S = {-0x1.0000000000001p+63, 0x1p+63};
constexpr TruncRange I64FromF64U = {-1.0, 0x1p+64};

static_assert(I32FromF32S.Lo == -2147483904.0, "f32 below -2^31");
static_assert(I32FromF64S.Lo == -2147483649.0, "-2^31 - 1");
static_assert(I64FromF32S.Lo == -9223373136366403584.0, "f32 below -2^63");
static_assert(I64FromF64S.Lo == -9223372036854777856.0, "f64 below -2^63");
static_assert(static_cast<float>(I32FromF32S.Lo) == I32FromF32S.Lo &&
                  static_cast<float>(I64FromF32S.Lo) == I64FromF32S.Lo,
              "the f32 bounds are exact in f32");

} // namespace

static Value *truncChecked(FunctionLowering &FL, Value *X, Type *IntTy,
                           bool Signed, TruncRange Range) {
  IRBuilder<> &B = FL.B;
  Type *FloatTy = X->getType();
  FL.trapIf(B.CreateFCmpUNO(X, X), W2S_TRAP_InvalidConversion);
  Value *Low = B.CreateFCmpOLE(X, ConstantFP::get(FloatTy, Range.Lo));
  Value *High = B.CreateFCmpOGE(X, ConstantFP::get(FloatTy, Range.Hi));
  FL.trapIf(B.CreateOr(Low, High), W2S_TRAP_IntegerOverflow);
  return Signed ? B.CreateFPToSI(X, IntTy) : B.CreateFPToUI(X, IntTy);
}

static Value *truncSat(FunctionLowering &FL, Value *X, Type *IntTy,
                       bool Signed) {
  Intrinsic::ID ID = Signed ? Intrinsic::fptosi_sat : Intrinsic::fptoui_sat;
  return FL.callIntrinsic(ID, {IntTy, X->getType()}, {X});
}

/// f32.demote_f64. LLVM folds fptrunc(fpext x) to x, which would let a
/// signaling NaN through unquieted; that pattern becomes a constrained
/// fptrunc, which the optimizer keeps.
static Value *demote(FunctionLowering &FL, Value *X) {
  auto *Ext = dyn_cast<FPExtInst>(X);
  if (!Ext || Ext->getSrcTy() != FL.F32Ty)
    return FL.B.CreateFPTrunc(X, FL.F32Ty);
  return FL.B.CreateConstrainedFPCast(
      Intrinsic::experimental_constrained_fptrunc, X, FL.F32Ty, nullptr, "",
      nullptr, RoundingMode::NearestTiesToEven, fp::ebMayTrap);
}

#define UNARY(Name, Expr)                                                      \
  void FunctionLowering::lower##Name(const Instr &) {                          \
    Value *X = pop();                                                          \
    push(Expr);                                                                \
  }

UNARY(I32WrapI64, B.CreateTrunc(X, I32Ty))
UNARY(I64ExtendI32S, B.CreateSExt(X, I64Ty))
UNARY(I64ExtendI32U, B.CreateZExt(X, I64Ty))

UNARY(I32TruncF32S, truncChecked(*this, X, I32Ty, true, I32FromF32S))
UNARY(I32TruncF32U, truncChecked(*this, X, I32Ty, false, I32FromF32U))
UNARY(I32TruncF64S, truncChecked(*this, X, I32Ty, true, I32FromF64S))
UNARY(I32TruncF64U, truncChecked(*this, X, I32Ty, false, I32FromF64U))
UNARY(I64TruncF32S, truncChecked(*this, X, I64Ty, true, I64FromF32S))
UNARY(I64TruncF32U, truncChecked(*this, X, I64Ty, false, I64FromF32U))
UNARY(I64TruncF64S, truncChecked(*this, X, I64Ty, true, I64FromF64S))
UNARY(I64TruncF64U, truncChecked(*this, X, I64Ty, false, I64FromF64U))

UNARY(I32TruncSatF32S, truncSat(*this, X, I32Ty, true))
UNARY(I32TruncSatF32U, truncSat(*this, X, I32Ty, false))
UNARY(I32TruncSatF64S, truncSat(*this, X, I32Ty, true))
UNARY(I32TruncSatF64U, truncSat(*this, X, I32Ty, false))
UNARY(I64TruncSatF32S, truncSat(*this, X, I64Ty, true))
UNARY(I64TruncSatF32U, truncSat(*this, X, I64Ty, false))
UNARY(I64TruncSatF64S, truncSat(*this, X, I64Ty, true))
UNARY(I64TruncSatF64U, truncSat(*this, X, I64Ty, false))

UNARY(F32ConvertI32S, B.CreateSIToFP(X, F32Ty))
UNARY(F32ConvertI32U, B.CreateUIToFP(X, F32Ty))
UNARY(F32ConvertI64S, B.CreateSIToFP(X, F32Ty))
UNARY(F32ConvertI64U, B.CreateUIToFP(X, F32Ty))
UNARY(F64ConvertI32S, B.CreateSIToFP(X, F64Ty))
UNARY(F64ConvertI32U, B.CreateUIToFP(X, F64Ty))
UNARY(F64ConvertI64S, B.CreateSIToFP(X, F64Ty))
UNARY(F64ConvertI64U, B.CreateUIToFP(X, F64Ty))
UNARY(F32DemoteF64, demote(*this, X))
UNARY(F64PromoteF32, B.CreateFPExt(X, F64Ty))

UNARY(I32ReinterpretF32, B.CreateBitCast(X, I32Ty))
UNARY(I64ReinterpretF64, B.CreateBitCast(X, I64Ty))
UNARY(F32ReinterpretI32, B.CreateBitCast(X, F32Ty))
UNARY(F64ReinterpretI64, B.CreateBitCast(X, F64Ty))

#undef UNARY

} // namespace wasm2so
