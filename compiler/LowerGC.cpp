//===- LowerGC.cpp - GC operators: structs, arrays, i31, casts -------------===//
//
// A reference of the any hierarchy is one pointer-sized word: null, an i31
// ((v << 1) | 1, never allocated) or a pointer to an object of the
// runtime's GC heap whose header names its w2s_gc_type (docs/abi.md,
// "Garbage collection"). ref.eq is a compare of words; the extern
// conversions call the runtime, which boxes what the other hierarchy
// cannot hold; casts read the i31 tag, the object's kind, or for a defined
// function type the funcref's hash and supertype display, as call_indirect
// does. Structs and arrays are made by the runtime (struct_new, array_new:
// zeroed, header written) and read and written here at offsets this file
// computes (structLayout, GcLayout.h): natural alignment, i8/i16 stored
// narrow. The runtime fills arrays from segments (array.new_data, ...).
//
//===----------------------------------------------------------------------===//

#include "Environment.h"
#include "FunctionLowering.h"
#include "GcLayout.h"
#include "ModuleLowering.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"

using namespace llvm;

namespace wasm2so {

unsigned storageBytes(const FieldType &F) {
  if (F.Packed)
    return F.Packed == 0x78 ? 1 : 2;
  switch (F.Type.kind()) {
  case ValType::I32:
  case ValType::F32:
    return 4;
  case ValType::V128:
    return 16;
  default:
    return 8; // i64, f64, references
  }
}

StructLayout structLayout(const Module &M, uint32_t TypeIdx) {
  StructLayout L;
  uint64_t Off = sizeof(w2s_gc_header);
  for (const FieldType &F : M.subType(TypeIdx).Fields) {
    uint64_t Bytes = storageBytes(F), A = std::min<uint64_t>(Bytes, 8);
    Off = (Off + A - 1) / A * A;
    L.Offsets.push_back(uint32_t(Off));
    Off += Bytes;
  }
  L.Size = (Off + 7) / 8 * 8;
  return L;
}

Constant *gcTypeRecord(ModuleLowering &ML, uint32_t TypeIdx) {
  std::string Name = "w2s.gctype." + std::to_string(TypeIdx);
  if (GlobalVariable *G = ML.LM.getNamedGlobal(Name))
    return G;
  LLVMContext &Ctx = ML.Ctx;
  Type *I64 = Type::getInt64Ty(Ctx), *I32 = Type::getInt32Ty(Ctx);
  PointerType *Ptr = PointerType::get(Ctx, 0);
  Constant *Supers = ConstantPointerNull::get(Ptr);
  const SubType &ST = ML.M.subType(TypeIdx);
  if (!ST.Supers.empty()) {
    std::vector<uint32_t> Chain = ML.M.superChain(TypeIdx);
    std::vector<uint64_t> Words = {Chain.size()};
    for (uint32_t T : Chain)
      Words.push_back(ML.typeHash(T));
    Constant *Init = ConstantDataArray::get(Ctx, Words);
    auto *D = new GlobalVariable(ML.LM, Init->getType(), true,
                                 GlobalValue::LinkOnceODRLinkage, Init,
                                 Name + ".supers");
    D->setVisibility(GlobalValue::HiddenVisibility);
    D->setAlignment(Align(8));
    Supers = D;
  }
  // The reference fields, for the collector's marking: every field of
  // reference type (the collector skips a word that is no heap object).
  bool IsStruct = ST.Form == TypeForm::Struct;
  uint32_t NumRefs = 0;
  Constant *RefOffsets = ConstantPointerNull::get(Ptr);
  if (IsStruct) {
    StructLayout L = structLayout(ML.M, TypeIdx);
    std::vector<uint32_t> Offsets;
    for (size_t I = 0; I < ST.Fields.size(); ++I)
      if (!ST.Fields[I].Packed && ST.Fields[I].Type.isRef())
        Offsets.push_back(L.Offsets[I]);
    NumRefs = uint32_t(Offsets.size());
    if (NumRefs) {
      Constant *Init = ConstantDataArray::get(Ctx, Offsets);
      auto *D = new GlobalVariable(ML.LM, Init->getType(), true,
                                   GlobalValue::LinkOnceODRLinkage, Init,
                                   Name + ".refs");
      D->setVisibility(GlobalValue::HiddenVisibility);
      D->setAlignment(Align(4));
      RefOffsets = D;
    }
  } else {
    const FieldType &E = ST.Fields.front();
    NumRefs = !E.Packed && E.Type.isRef() ? 1 : 0;
  }
  StructType *Ty = StructType::get(Ctx, {I64, Ptr, I32, I32, Ptr});
  static_assert(sizeof(w2s_gc_type) == 32 &&
                    offsetof(w2s_gc_type, kind) == 16 &&
                    offsetof(w2s_gc_type, num_refs) == 20 &&
                    offsetof(w2s_gc_type, ref_offsets) == 24,
                "the record below follows w2s_gc_type");
  Constant *Init = ConstantStruct::get(
      Ty, {ConstantInt::get(I64, ML.typeHash(TypeIdx)), Supers,
           ConstantInt::get(I32, IsStruct ? W2S_GC_STRUCT : W2S_GC_ARRAY),
           ConstantInt::get(I32, NumRefs), RefOffsets});
  auto *G = new GlobalVariable(ML.LM, Ty, true,
                               GlobalValue::LinkOnceODRLinkage, Init, Name);
  G->setVisibility(GlobalValue::HiddenVisibility);
  G->setAlignment(Align(8));
  return G;
}

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

/// The LLVM type a field is stored as.
Type *storageType(FunctionLowering &FL, const FieldType &F) {
  if (F.Packed)
    return F.Packed == 0x78 ? FL.B.getInt8Ty() : FL.B.getInt16Ty();
  return FL.llvmType(F.Type);
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

/// Whether the hash at Holder + HashAt is Expected (type TypeIdx's), or,
/// when TypeIdx is not final, the supertype display at Holder + SupersAt
/// holds it at TypeIdx's depth.
Value *nonNullIsHolder(FunctionLowering &FL, Value *Holder, uint64_t HashAt,
                       uint64_t SupersAt, uint32_t TypeIdx, Value *Expected) {
  IRBuilder<> &B = FL.B;
  Value *Hash = loadInvariant(FL, FL.I64Ty, Holder, HashAt, "ref.hash");
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
  Value *Supers = loadInvariant(FL, FL.PtrTy, Holder, SupersAt, "supers");
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

/// Whether a non-null reference Ref is of heap type H (Ref's static type
/// is of H's hierarchy). Emits blocks; returns an i1 in the current one.
Value *nonNullIs(FunctionLowering &FL, Value *Ref, HeapType H) {
  IRBuilder<> &B = FL.B;
  if (H.isIndex()) {
    // A defined type: the funcref's hash (a function type) or the object's
    // type's (a struct or array type; an i31 is neither), else the
    // supertype display at the type's depth.
    uint32_t TypeIdx = H.index();
    Value *Expected = B.getInt64(FL.ML.typeHash(TypeIdx));
    BasicBlock *Start = nullptr;
    Value *Holder = Ref; // what has hash and supers at offsets below
    uint64_t HashAt = offsetof(w2s_funcref, hash);
    uint64_t SupersAt = offsetof(w2s_funcref, supers);
    if (!FL.M.isFuncType(TypeIdx)) {
      Start = B.GetInsertBlock();
      BasicBlock *Object = BasicBlock::Create(FL.ML.Ctx, "cast.obj", FL.F);
      BasicBlock *Join = BasicBlock::Create(FL.ML.Ctx, "cast.join", FL.F);
      B.CreateCondBr(isI31(FL, Ref), Join, Object);
      B.SetInsertPoint(Object);
      Holder = loadInvariant(FL, FL.PtrTy, Ref,
                             offsetof(w2s_gc_header, type), "gc.type");
      HashAt = offsetof(w2s_gc_type, hash);
      SupersAt = offsetof(w2s_gc_type, supers);
      Value *Ok = nonNullIsHolder(FL, Holder, HashAt, SupersAt, TypeIdx,
                                  Expected);
      BasicBlock *ObjectEnd = B.GetInsertBlock();
      B.CreateBr(Join);
      B.SetInsertPoint(Join);
      PHINode *R = B.CreatePHI(B.getInt1Ty(), 2, "cast.ok");
      R->addIncoming(B.getFalse(), Start);
      R->addIncoming(Ok, ObjectEnd);
      return R;
    }
    return nonNullIsHolder(FL, Holder, HashAt, SupersAt, TypeIdx, Expected);
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

//===----------------------------------------------------------------------===//
// Structs and arrays
//===----------------------------------------------------------------------===//

namespace wasm2so {

namespace {

/// A load of a field of storage F at Addr, as the value type on the stack
/// (packed fields extended as Signed says).
Value *loadField(FunctionLowering &FL, const FieldType &F, Value *Addr,
                 bool Signed) {
  Type *Ty = storageType(FL, F);
  LoadInst *L = FL.B.CreateAlignedLoad(
      Ty, Addr, Align(std::min(storageBytes(F), 8u)), "field");
  FL.Env.markRuntime(L);
  if (!F.Packed)
    return L;
  return Signed ? FL.B.CreateSExt(L, FL.I32Ty) : FL.B.CreateZExt(L, FL.I32Ty);
}

void storeField(FunctionLowering &FL, const FieldType &F, Value *Addr,
                Value *V) {
  if (F.Packed)
    V = FL.B.CreateTrunc(V, storageType(FL, F));
  StoreInst *S =
      FL.B.CreateAlignedStore(V, Addr, Align(std::min(storageBytes(F), 8u)));
  FL.Env.markRuntime(S);
}

Value *at(FunctionLowering &FL, Value *Base, uint64_t Offset) {
  return FL.B.CreateConstInBoundsGEP1_64(FL.B.getInt8Ty(), Base, Offset);
}

const FieldType &arrayElem(FunctionLowering &FL, uint32_t TypeIdx) {
  return FL.M.subType(TypeIdx).Fields[0];
}

/// The address of element Index (an i32) of array Arr of element F.
Value *elemAddr(FunctionLowering &FL, const FieldType &F, Value *Arr,
                Value *Index) {
  Value *Off = FL.B.CreateMul(FL.B.CreateZExt(Index, FL.I64Ty),
                              FL.B.getInt64(storageBytes(F)));
  Off = FL.B.CreateAdd(Off, FL.B.getInt64(W2S_ARRAY_ELEMS));
  return FL.B.CreateInBoundsGEP(FL.B.getInt8Ty(), Arr, Off, "elem");
}

Value *arrayLength(FunctionLowering &FL, Value *Arr) {
  LoadInst *L = FL.B.CreateAlignedLoad(FL.I32Ty, at(FL, Arr, W2S_ARRAY_LENGTH),
                                       Align(4), "array.len");
  FL.Env.markRuntime(L);
  L->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(FL.ML.Ctx, {}));
  return L;
}

/// Traps out of bounds array access unless [Start, Start + Len) (i32s,
/// added without wrapping) lies within array Arr.
void checkRange(FunctionLowering &FL, Value *Arr, Value *Start, Value *Len) {
  Value *End = FL.B.CreateAdd(FL.B.CreateZExt(Start, FL.I64Ty),
                              FL.B.CreateZExt(Len, FL.I64Ty));
  Value *Size = FL.B.CreateZExt(arrayLength(FL, Arr), FL.I64Ty);
  FL.trapIf(FL.B.CreateICmpUGT(End, Size), W2S_TRAP_ArrayOutOfBounds);
}

/// Stores V into elements [Start, Start + Len) of Arr (in bounds).
void fillElems(FunctionLowering &FL, const FieldType &F, Value *Arr,
               Value *Start, Value *Len, Value *V) {
  IRBuilder<> &B = FL.B;
  BasicBlock *Pre = B.GetInsertBlock();
  BasicBlock *Loop = BasicBlock::Create(FL.ML.Ctx, "array.fill", FL.F);
  BasicBlock *Done = BasicBlock::Create(FL.ML.Ctx, "array.fill.done", FL.F);
  Value *End = B.CreateAdd(Start, Len);
  B.CreateCondBr(B.CreateICmpEQ(Len, B.getInt32(0)), Done, Loop);
  B.SetInsertPoint(Loop);
  PHINode *I = B.CreatePHI(FL.I32Ty, 2, "i");
  I->addIncoming(Start, Pre);
  storeField(FL, F, elemAddr(FL, F, Arr, I), V);
  Value *Next = B.CreateAdd(I, B.getInt32(1));
  I->addIncoming(Next, Loop);
  B.CreateCondBr(B.CreateICmpEQ(Next, End), Done, Loop);
  B.SetInsertPoint(Done);
}

Value *newArray(FunctionLowering &FL, uint32_t TypeIdx, Value *Len) {
  return FL.Env.callBuiltin(
      FL.B, FL.Vmctx, W2S_BUILTIN_array_new,
      {gcTypeRecord(FL.ML, TypeIdx), Len,
       FL.B.getInt32(storageBytes(arrayElem(FL, TypeIdx)))});
}

Value *popNonNull(FunctionLowering &FL, w2s_trap_code Code) {
  Value *Ref = FL.pop();
  FL.trapIf(FL.B.CreateIsNull(Ref, "is_null"), Code);
  return Ref;
}

} // namespace

void FunctionLowering::lowerStructNewDefault(const Instr &I) {
  StructLayout L = structLayout(M, I.Index);
  push(Env.callBuiltin(B, Vmctx, W2S_BUILTIN_struct_new,
                       {gcTypeRecord(ML, I.Index), B.getInt64(L.Size)}));
}

void FunctionLowering::lowerStructNew(const Instr &I) {
  const SubType &ST = M.subType(I.Index);
  StructLayout L = structLayout(M, I.Index);
  SmallVector<Value *, 8> Fields(ST.Fields.size());
  for (size_t K = Fields.size(); K-- > 0;)
    Fields[K] = pop();
  Value *Obj = Env.callBuiltin(B, Vmctx, W2S_BUILTIN_struct_new,
                               {gcTypeRecord(ML, I.Index), B.getInt64(L.Size)});
  for (size_t K = 0; K < Fields.size(); ++K)
    storeField(*this, ST.Fields[K], at(*this, Obj, L.Offsets[K]), Fields[K]);
  push(Obj);
}

static void lowerStructGetAs(FunctionLowering &FL, const Instr &I,
                             bool Signed) {
  const FieldType &F = FL.M.subType(I.Index).Fields[I.Index2];
  StructLayout L = structLayout(FL.M, I.Index);
  Value *Obj = popNonNull(FL, W2S_TRAP_NullStructReference);
  FL.push(loadField(FL, F, at(FL, Obj, L.Offsets[I.Index2]), Signed));
}

void FunctionLowering::lowerStructGet(const Instr &I) {
  lowerStructGetAs(*this, I, false);
}
void FunctionLowering::lowerStructGetS(const Instr &I) {
  lowerStructGetAs(*this, I, true);
}
void FunctionLowering::lowerStructGetU(const Instr &I) {
  lowerStructGetAs(*this, I, false);
}

void FunctionLowering::lowerStructSet(const Instr &I) {
  const FieldType &F = M.subType(I.Index).Fields[I.Index2];
  StructLayout L = structLayout(M, I.Index);
  Value *V = pop();
  Value *Obj = popNonNull(*this, W2S_TRAP_NullStructReference);
  storeField(*this, F, at(*this, Obj, L.Offsets[I.Index2]), V);
}

void FunctionLowering::lowerArrayNewDefault(const Instr &I) {
  push(newArray(*this, I.Index, pop()));
}

void FunctionLowering::lowerArrayNew(const Instr &I) {
  Value *Len = pop();
  Value *V = pop();
  Value *Arr = newArray(*this, I.Index, Len);
  fillElems(*this, arrayElem(*this, I.Index), Arr, B.getInt32(0), Len, V);
  push(Arr);
}

void FunctionLowering::lowerArrayNewFixed(const Instr &I) {
  const FieldType &F = arrayElem(*this, I.Index);
  SmallVector<Value *, 8> Elems(I.Index2);
  for (size_t K = Elems.size(); K-- > 0;)
    Elems[K] = pop();
  Value *Arr = newArray(*this, I.Index, B.getInt32(I.Index2));
  for (size_t K = 0; K < Elems.size(); ++K)
    storeField(*this, F, at(*this, Arr, W2S_ARRAY_ELEMS + K * storageBytes(F)),
               Elems[K]);
  push(Arr);
}

static void lowerArrayGetAs(FunctionLowering &FL, const Instr &I,
                            bool Signed) {
  const FieldType &F = arrayElem(FL, I.Index);
  Value *Index = FL.pop();
  Value *Arr = popNonNull(FL, W2S_TRAP_NullArrayReference);
  FL.trapIf(FL.B.CreateICmpUGE(Index, arrayLength(FL, Arr)),
            W2S_TRAP_ArrayOutOfBounds);
  FL.push(loadField(FL, F, elemAddr(FL, F, Arr, Index), Signed));
}

void FunctionLowering::lowerArrayGet(const Instr &I) {
  lowerArrayGetAs(*this, I, false);
}
void FunctionLowering::lowerArrayGetS(const Instr &I) {
  lowerArrayGetAs(*this, I, true);
}
void FunctionLowering::lowerArrayGetU(const Instr &I) {
  lowerArrayGetAs(*this, I, false);
}

void FunctionLowering::lowerArraySet(const Instr &I) {
  const FieldType &F = arrayElem(*this, I.Index);
  Value *V = pop();
  Value *Index = pop();
  Value *Arr = popNonNull(*this, W2S_TRAP_NullArrayReference);
  trapIf(B.CreateICmpUGE(Index, arrayLength(*this, Arr)),
         W2S_TRAP_ArrayOutOfBounds);
  storeField(*this, F, elemAddr(*this, F, Arr, Index), V);
}

void FunctionLowering::lowerArrayLen(const Instr &I) {
  Value *Arr = popNonNull(*this, W2S_TRAP_NullArrayReference);
  push(arrayLength(*this, Arr));
}

void FunctionLowering::lowerArrayFill(const Instr &I) {
  const FieldType &F = arrayElem(*this, I.Index);
  Value *Len = pop();
  Value *V = pop();
  Value *Start = pop();
  Value *Arr = popNonNull(*this, W2S_TRAP_NullArrayReference);
  checkRange(*this, Arr, Start, Len);
  fillElems(*this, F, Arr, Start, Len, V);
}

void FunctionLowering::lowerArrayCopy(const Instr &I) {
  const FieldType &F = arrayElem(*this, I.Index);
  Value *Len = pop();
  Value *SrcStart = pop();
  Value *Src = pop();
  Value *DstStart = pop();
  Value *Dst = pop();
  trapIf(B.CreateIsNull(Dst, "is_null"), W2S_TRAP_NullArrayReference);
  trapIf(B.CreateIsNull(Src, "is_null"), W2S_TRAP_NullArrayReference);
  checkRange(*this, Dst, DstStart, Len);
  checkRange(*this, Src, SrcStart, Len);
  Value *Bytes = B.CreateMul(B.CreateZExt(Len, I64Ty),
                             B.getInt64(storageBytes(F)));
  CallInst *C = B.CreateMemMove(elemAddr(*this, F, Dst, DstStart), MaybeAlign(),
                                elemAddr(*this, F, Src, SrcStart), MaybeAlign(),
                                Bytes);
  Env.markRuntime(C);
}

// Arrays from segments: the runtime reads the instance's segments
// (dropped ones are empty) and checks the ranges (rt/GcSegments.cpp); the
// null check is here, as for the other array operators.
void FunctionLowering::lowerArrayNewData(const Instr &I) {
  Value *Len = pop();
  Value *Offset = pop();
  push(Env.callBuiltin(
      B, Vmctx, W2S_BUILTIN_array_new_data,
      {gcTypeRecord(ML, I.Index), B.getInt32(I.Index2), Offset, Len,
       B.getInt32(storageBytes(arrayElem(*this, I.Index)))}));
}

void FunctionLowering::lowerArrayNewElem(const Instr &I) {
  Value *Len = pop();
  Value *Offset = pop();
  push(Env.callBuiltin(B, Vmctx, W2S_BUILTIN_array_new_elem,
                       {gcTypeRecord(ML, I.Index), B.getInt32(I.Index2),
                        Offset, Len}));
}

void FunctionLowering::lowerArrayInitData(const Instr &I) {
  Value *Len = pop();
  Value *Offset = pop();
  Value *Dst = pop();
  Value *Arr = popNonNull(*this, W2S_TRAP_NullArrayReference);
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_array_init_data,
                  {Arr, B.getInt32(I.Index2), Dst, Offset, Len,
                   B.getInt32(storageBytes(arrayElem(*this, I.Index)))});
}

void FunctionLowering::lowerArrayInitElem(const Instr &I) {
  Value *Len = pop();
  Value *Offset = pop();
  Value *Dst = pop();
  Value *Arr = popNonNull(*this, W2S_TRAP_NullArrayReference);
  Env.callBuiltin(B, Vmctx, W2S_BUILTIN_array_init_elem,
                  {Arr, B.getInt32(I.Index2), Dst, Offset, Len});
}

} // namespace wasm2so
