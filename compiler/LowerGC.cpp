//===- LowerGC.cpp - GC operators on the abstract heap types ---------------===//
//
// A reference of the any hierarchy is one pointer-sized word: null, an i31
// ((v << 1) | 1, never allocated) or a pointer to an object of the
// runtime's GC heap whose header names its w2s_gc_type (docs/abi.md,
// "Garbage collection"). ref.eq is a compare of words; the extern
// conversions call the runtime, which boxes what the other hierarchy
// cannot hold; casts read the i31 tag, the object's kind, or for a defined
// function type the funcref's hash and supertype display, as call_indirect
// does.
//
//===----------------------------------------------------------------------===//

#include "Environment.h"
#include "FunctionLowering.h"
#include "ModuleLowering.h"

#include "llvm/IR/Constants.h"

using namespace llvm;

namespace wasm2so {

namespace {

/// A load of a field that never changes once the object or funcref exists.
Value *loadInvariant(FunctionLowering &FL, Type *Ty, Value *Base,
                     uint64_t Offset, const char *Name) {
  Value *Addr = FL.B.CreateConstInBoundsGEP1_64(FL.B.getInt8Ty(), Base, Offset);
  LoadInst *L = FL.B.CreateAlignedLoad(Ty, Addr, Align(Ty->isIntegerTy(32) ? 4 : 8),
                                       Name);
  FL.Env.markRuntime(L);
  L->setMetadata(LLVMContext::MD_invariant_load,
                 MDNode::get(FL.ML.Ctx, {}));
  return L;
}

Value *isI31(FunctionLowering &FL, Value *Ref) {
  Value *Bits = FL.B.CreatePtrToInt(Ref, FL.I64Ty);
  return FL.B.CreateICmpNE(FL.B.CreateAnd(Bits, FL.B.getInt64(W2S_I31_TAG)),
                           FL.B.getInt64(0), "is_i31");
}

/// The w2s_gc_kind of a heap object (neither null nor an i31).
Value *objectKind(FunctionLowering &FL, Value *Ref) {
  Value *Type = loadInvariant(FL, FL.PtrTy, Ref, offsetof(w2s_gc_header, type),
                              "gc.type");
  return loadInvariant(FL, FL.I32Ty, Type, offsetof(w2s_gc_type, kind),
                       "gc.kind");
}

/// Whether a non-null reference Ref is of heap type H (Ref's static type
/// is of H's hierarchy). Emits blocks; returns an i1 in the current one.
Value *nonNullIs(FunctionLowering &FL, Value *Ref, HeapType H) {
  IRBuilder<> &B = FL.B;
  if (H.isIndex()) {
    // A defined function type (struct and array types have no values yet):
    // the funcref's hash, or its supertype display at the type's depth.
    uint32_t TypeIdx = H.index();
    Value *Expected = B.getInt64(FL.ML.typeHash(TypeIdx));
    Value *Hash = loadInvariant(FL, FL.I64Ty, Ref, offsetof(w2s_funcref, hash),
                                "ref.hash");
    Value *Same = B.CreateICmpEQ(Hash, Expected);
    if (FL.M.subType(TypeIdx).Final)
      return Same;
    uint64_t Depth = FL.M.superChain(TypeIdx).size() - 1;
    BasicBlock *From = B.GetInsertBlock();
    BasicBlock *Display = BasicBlock::Create(FL.ML.Ctx, "cast.display", FL.F);
    BasicBlock *Deep = BasicBlock::Create(FL.ML.Ctx, "cast.deep", FL.F);
    BasicBlock *Done = BasicBlock::Create(FL.ML.Ctx, "cast.done", FL.F);
    B.CreateCondBr(Same, Done, Display);
    B.SetInsertPoint(Display);
    Value *Supers = loadInvariant(FL, FL.PtrTy, Ref,
                                  offsetof(w2s_funcref, supers), "supers");
    BasicBlock *HasDisplay = BasicBlock::Create(FL.ML.Ctx, "cast.has", FL.F);
    B.CreateCondBr(B.CreateIsNull(Supers), Done, HasDisplay);
    B.SetInsertPoint(HasDisplay);
    Value *N = loadInvariant(FL, FL.I64Ty, Supers, 0, "display.len");
    B.CreateCondBr(B.CreateICmpUGT(N, B.getInt64(Depth)), Deep, Done);
    B.SetInsertPoint(Deep);
    Value *Entry =
        loadInvariant(FL, FL.I64Ty, Supers, 8 * (1 + Depth), "display.super");
    Value *Match = B.CreateICmpEQ(Entry, Expected);
    B.CreateBr(Done);
    B.SetInsertPoint(Done);
    PHINode *R = B.CreatePHI(B.getInt1Ty(), 4, "cast.ok");
    R->addIncoming(B.getTrue(), From);
    R->addIncoming(B.getFalse(), Display);
    R->addIncoming(B.getFalse(), HasDisplay);
    R->addIncoming(Match, Deep);
    return R;
  }
  switch (H.abs()) {
  case AbsHeap::Func:
  case AbsHeap::Extern:
  case AbsHeap::Exn:
  case AbsHeap::Any:
    return B.getTrue();
  case AbsHeap::NoFunc:
  case AbsHeap::NoExtern:
  case AbsHeap::NoExn:
  case AbsHeap::None:
    return B.getFalse();
  case AbsHeap::I31:
    return isI31(FL, Ref);
  case AbsHeap::Eq:
  case AbsHeap::Struct:
  case AbsHeap::Array: {
    BasicBlock *From = B.GetInsertBlock();
    BasicBlock *Object = BasicBlock::Create(FL.ML.Ctx, "cast.object", FL.F);
    BasicBlock *Done = BasicBlock::Create(FL.ML.Ctx, "cast.done", FL.F);
    B.CreateCondBr(isI31(FL, Ref), Done, Object);
    B.SetInsertPoint(Object);
    Value *Kind = objectKind(FL, Ref);
    Value *Ok;
    if (H.abs() == AbsHeap::Eq)
      Ok = B.CreateOr(B.CreateICmpEQ(Kind, B.getInt32(W2S_GC_STRUCT)),
                      B.CreateICmpEQ(Kind, B.getInt32(W2S_GC_ARRAY)));
    else
      Ok = B.CreateICmpEQ(Kind, B.getInt32(H.abs() == AbsHeap::Struct
                                               ? W2S_GC_STRUCT
                                               : W2S_GC_ARRAY));
    BasicBlock *ObjectEnd = B.GetInsertBlock();
    B.CreateBr(Done);
    B.SetInsertPoint(Done);
    PHINode *R = B.CreatePHI(B.getInt1Ty(), 2, "cast.ok");
    R->addIncoming(B.getInt1(H.abs() == AbsHeap::Eq), From);
    R->addIncoming(Ok, ObjectEnd);
    return R;
  }
  }
  llvm_unreachable("unknown heap type");
}

} // namespace

/// Whether Ref is of reference type T: null when T is nullable, else
/// nonNullIs. An i1 in the current block.
static Value *refIs(FunctionLowering &FL, Value *Ref, ValType T) {
  IRBuilder<> &B = FL.B;
  BasicBlock *From = B.GetInsertBlock();
  BasicBlock *NonNull = BasicBlock::Create(FL.ML.Ctx, "cast.nonnull", FL.F);
  BasicBlock *Done = BasicBlock::Create(FL.ML.Ctx, "cast.end", FL.F);
  B.CreateCondBr(B.CreateIsNull(Ref, "is_null"), Done, NonNull);
  B.SetInsertPoint(NonNull);
  Value *Ok = nonNullIs(FL, Ref, T.heap());
  BasicBlock *NonNullEnd = B.GetInsertBlock();
  B.CreateBr(Done);
  B.SetInsertPoint(Done);
  PHINode *R = B.CreatePHI(B.getInt1Ty(), 2, "is_type");
  R->addIncoming(B.getInt1(T.nullable()), From);
  R->addIncoming(Ok, NonNullEnd);
  return R;
}

void FunctionLowering::lowerRefEq(const Instr &I) {
  Value *R = pop();
  Value *L = pop();
  push(B.CreateZExt(B.CreateICmpEQ(L, R), I32Ty));
}

void FunctionLowering::lowerRefI31(const Instr &I) {
  Value *V = pop();
  Value *Tagged = B.CreateOr(B.CreateShl(V, 1), B.getInt32(W2S_I31_TAG));
  push(B.CreateIntToPtr(B.CreateZExt(Tagged, I64Ty), PtrTy, "i31"));
}

static void lowerI31Get(FunctionLowering &FL, bool Signed) {
  Value *Ref = FL.pop();
  FL.trapIf(FL.B.CreateIsNull(Ref, "is_null"), W2S_TRAP_NullI31Reference);
  Value *Bits = FL.B.CreateTrunc(FL.B.CreatePtrToInt(Ref, FL.I64Ty), FL.I32Ty);
  FL.push(Signed ? FL.B.CreateAShr(Bits, 1) : FL.B.CreateLShr(Bits, 1));
}

void FunctionLowering::lowerI31GetS(const Instr &I) { lowerI31Get(*this, true); }
void FunctionLowering::lowerI31GetU(const Instr &I) {
  lowerI31Get(*this, false);
}

void FunctionLowering::lowerAnyConvertExtern(const Instr &I) {
  push(Env.callBuiltin(B, Vmctx, W2S_BUILTIN_any_convert_extern, {pop()}));
}

void FunctionLowering::lowerExternConvertAny(const Instr &I) {
  push(Env.callBuiltin(B, Vmctx, W2S_BUILTIN_extern_convert_any, {pop()}));
}

void FunctionLowering::lowerRefTest(const Instr &I) {
  push(B.CreateZExt(refIs(*this, pop(), I.Type), I32Ty));
}
void FunctionLowering::lowerRefTestNull(const Instr &I) { lowerRefTest(I); }

void FunctionLowering::lowerRefCast(const Instr &I) {
  trapIf(B.CreateNot(refIs(*this, top(), I.Type)), W2S_TRAP_CastFailure);
}
void FunctionLowering::lowerRefCastNull(const Instr &I) { lowerRefCast(I); }

// br_on_cast: to the label when the reference is of the target type, with
// the operands under it; br_on_cast_fail: when it is not.
void FunctionLowering::lowerBrOnCast(const Instr &I) {
  Value *Ok = refIs(*this, top(), I.Type2);
  BasicBlock *Target = branchOperands(I.Index);
  BasicBlock *Cont = BasicBlock::Create(ML.Ctx, "br_on_cast.cont", F);
  B.CreateCondBr(Ok, Target, Cont);
  B.SetInsertPoint(Cont);
}

void FunctionLowering::lowerBrOnCastFail(const Instr &I) {
  Value *Ok = refIs(*this, top(), I.Type2);
  BasicBlock *Target = branchOperands(I.Index);
  BasicBlock *Cont = BasicBlock::Create(ML.Ctx, "br_on_cast_fail.cont", F);
  B.CreateCondBr(Ok, Cont, Target);
  B.SetInsertPoint(Cont);
}

} // namespace wasm2so
