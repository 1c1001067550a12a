//===- ModuleLowering.cpp - Lowering a whole module to LLVM IR ------------===//

#include "ModuleLowering.h"
#include "FunctionLowering.h"
#include "Decoder.h"
#include "Lower.h"
#include "Split.h"

#include "wasm2so/compiler.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace wasm2so {

ModuleLowering::ModuleLowering(const Module &M, llvm::Module &LM,
                               DebugLevel Debug, const PartPlan *Plan,
                               unsigned Part)
    : M(M), LM(LM), Ctx(LM.getContext()), Env(M, LM), Debug(Debug),
      Plan(Plan && Plan->parts() > 1 ? Plan : nullptr), Part(Part) {
  if (Debug != DebugLevel::None) {
    DIB = std::make_unique<DIBuilder>(LM);
    DebugFile = DIB->createFile(sys::path::filename(M.FileName),
                                sys::path::parent_path(M.FileName));
    DIB->createCompileUnit(
        dwarf::DW_LANG_C, DebugFile, "wasm2so " WASM2SO_VERSION,
        /*isOptimized=*/true, "", /*RV=*/0, /*SplitName=*/StringRef(),
        Debug == DebugLevel::Full ? DICompileUnit::FullDebug
                                  : DICompileUnit::LineTablesOnly);
    LM.addModuleFlag(llvm::Module::Warning, "Dwarf Version", 5);
    LM.addModuleFlag(llvm::Module::Warning, "Debug Info Version",
                     DEBUG_METADATA_VERSION);
  }
  // Functions that passes create (outlined or cloned code) have
  // asynchronous unwind tables too, like the ones lowering creates.
  LM.setUwtable(UWTableKind::Async);
  PointerType *PtrTy = PointerType::getUnqual(Ctx);
  for (uint32_t TypeIdx = 0; TypeIdx < M.Types.size(); ++TypeIdx) {
    const FuncType &T = M.Types[TypeIdx];
    SmallVector<Type *, 8> Params{PtrTy};
    for (ValType P : T.Params)
      Params.push_back(llvmType(P));
    Type *Ret;
    if (T.Results.empty()) {
      Ret = Type::getVoidTy(Ctx);
    } else if (T.Results.size() == 1) {
      Ret = llvmType(T.Results[0]);
    } else {
      SmallVector<Type *, 4> Fields;
      for (ValType R : T.Results)
        Fields.push_back(llvmType(R));
      Ret = StructType::get(Ctx, Fields);
    }
    NativeTypes.push_back(FunctionType::get(Ret, Params, false));

    const SubType &S = M.subType(TypeIdx);
    if (!S.isPlainFunc() && TypeIdx == S.RecStart) {
      // A group's hash, once, from the hashes of earlier types.
      SmallVector<uint8_t, 64> G;
      recGroupBytes(TypeIdx, G);
      GroupHashes.resize(M.Types.size());
      uint64_t H = signatureHash(G, {});
      for (uint32_t K = 0; K < S.RecSize; ++K)
        GroupHashes[TypeIdx + K] = H;
    }
    SmallVector<uint8_t, 8> P, R;
    signatureBytes(TypeIdx, P, R);
    TypeHashes.push_back(signatureHash(P, R));
  }
}

/// The bytes type TypeIdx's signature hash is computed over (params' and
/// results' parts). A plain function type (alone in its rec group, final,
/// no supertype: every type before GC) hashes its parameters and results
/// as hashEncoding spells them. Any other type hashes its rec group:
/// `0x4e`, the group's size and the type's position in it (u32 each), then
/// the hash of the group's bytes (recGroupBytes), all in the parameters'
/// part; so two types hash alike exactly when they are iso-recursively
/// equivalent (Wasm 3.0), across modules. The loader checks the group's
/// hash against its bytes (w2s_func_type.rec_group).
void ModuleLowering::signatureBytes(uint32_t TypeIdx,
                                    SmallVectorImpl<uint8_t> &P,
                                    SmallVectorImpl<uint8_t> &R) const {
  const SubType &S = M.subType(TypeIdx);
  const FuncType &T = M.Types[TypeIdx];
  if (S.isPlainFunc()) {
    for (ValType V : T.Params)
      hashEncoding(V, TypeIdx, P);
    for (ValType V : T.Results)
      hashEncoding(V, TypeIdx, R);
    return;
  }
  auto U32 = [&](uint32_t X) {
    for (int K = 0; K < 4; ++K)
      P.push_back(uint8_t(X >> (8 * K)));
  };
  P.push_back(0x4e);
  U32(S.RecSize);
  U32(TypeIdx - S.RecStart);
  uint64_t Group = GroupHashes[TypeIdx];
  for (int K = 0; K < 8; ++K)
    P.push_back(uint8_t(Group >> (8 * K)));
}

void ModuleLowering::recGroupBytes(uint32_t RecStart,
                                   SmallVectorImpl<uint8_t> &Out) const {
  const SubType &S = M.subType(RecStart);
  for (uint32_t K = RecStart; K < RecStart + S.RecSize; ++K)
    subTypeBytes(K, RecStart, S.RecSize, Out);
}

/// One member of a rec group for signatureBytes: final or not, its
/// supertype, its form and signature or fields. A type index inside the
/// group is 0x40 and its position (u32), one outside 0x41 and the hash of
/// that (earlier) type.
void ModuleLowering::subTypeBytes(uint32_t TypeIdx, uint32_t RecStart,
                                  uint32_t RecSize,
                                  SmallVectorImpl<uint8_t> &Out) const {
  auto U32 = [&](uint32_t X) {
    for (int K = 0; K < 4; ++K)
      Out.push_back(uint8_t(X >> (8 * K)));
  };
  auto Index = [&](uint32_t X) {
    if (X >= RecStart && X - RecStart < RecSize) {
      Out.push_back(0x40);
      U32(X - RecStart);
      return;
    }
    Out.push_back(0x41);
    uint64_t Hash = X < TypeHashes.size() ? TypeHashes[X] : 0;
    for (int K = 0; K < 8; ++K)
      Out.push_back(uint8_t(Hash >> (8 * K)));
  };
  auto Val = [&](ValType V) {
    if (!V.isRef() || V.heap().isAbstract()) {
      if (V.isRef())
        Out.push_back(V.nullable() ? 0x63 : 0x64);
      Out.push_back(V.isRef() ? uint8_t(V.heap().abs()) : uint8_t(V.kind()));
      return;
    }
    Out.push_back(V.nullable() ? 0x63 : 0x64);
    Index(V.heap().index());
  };
  const SubType &S = M.subType(TypeIdx);
  Out.push_back(S.Final ? 0x4f : 0x50);
  U32(uint32_t(S.Supers.size()));
  for (uint32_t Super : S.Supers)
    Index(Super);
  Out.push_back(uint8_t(S.Form));
  if (S.Form == TypeForm::Func) {
    const FuncType &T = M.Types[TypeIdx];
    U32(uint32_t(T.Params.size()));
    for (ValType V : T.Params)
      Val(V);
    U32(uint32_t(T.Results.size()));
    for (ValType V : T.Results)
      Val(V);
    return;
  }
  U32(uint32_t(S.Fields.size()));
  for (const FieldType &F : S.Fields) {
    if (F.Packed)
      Out.push_back(F.Packed);
    else
      Val(F.Type);
    Out.push_back(F.Mutable);
  }
}

/// The bytes a value type contributes to its function type's signature
/// hash: the binary encoding, except that a type index becomes the hash of
/// that (earlier) type, or 0x40 for the type itself, so that equal
/// signatures hash alike across modules whatever their type indices.
/// Canonical ids of rec groups replace this with GC (issue 15).
void ModuleLowering::hashEncoding(ValType V, uint32_t Self,
                                  SmallVectorImpl<uint8_t> &Out) const {
  if (!V.isRef()) {
    Out.push_back(uint8_t(V.kind()));
    return;
  }
  if (V == ValType::FuncRef || V == ValType::ExternRef ||
      V == ValType::ref(HeapType(AbsHeap::Exn), true)) {
    Out.push_back(uint8_t(V.heap().abs()));
    return;
  }
  Out.push_back(V.nullable() ? 0x63 : 0x64);
  HeapType H = V.heap();
  if (H.isAbstract()) {
    Out.push_back(uint8_t(H.abs()));
  } else if (H.index() == Self) {
    Out.push_back(0x40);
  } else {
    uint64_t Hash = TypeHashes[H.index()];
    for (int K = 0; K < 8; ++K)
      Out.push_back(uint8_t(Hash >> (8 * K)));
  }
}

Type *ModuleLowering::llvmType(ValType T) const {
  switch (T.kind()) {
  case ValType::I32:
    return Type::getInt32Ty(Ctx);
  case ValType::I64:
    return Type::getInt64Ty(Ctx);
  case ValType::F32:
    return Type::getFloatTy(Ctx);
  case ValType::F64:
    return Type::getDoubleTy(Ctx);
  case ValType::V128:
    return FixedVectorType::get(Type::getInt64Ty(Ctx), 2);
  case ValType::Ref:
    return PointerType::getUnqual(Ctx);
  case ValType::Bot:
    break;
  }
  llvm_unreachable("bad value type");
}

/// A symbol name for function Idx: its index, then its name from the name
/// section or an export, so that profiles and backtraces read well.
static std::string functionSymbol(const Module &M, uint32_t Idx) {
  std::string Name = "wasm_f" + std::to_string(Idx);
  StringRef Given;
  if (Idx < M.FuncNames.size())
    Given = M.FuncNames[Idx];
  for (const Export &E : M.Exports)
    if (Given.empty() && E.Kind == ExternKind::Func && E.Index == Idx)
      Given = E.Name;
  if (!Given.empty()) {
    Name += '_';
    for (char C : Given)
      Name += isAlnum(C) || C == '_' ? C : '_';
  }
  return Name;
}

DISubprogram *ModuleLowering::subprogram(uint32_t FuncIdx) {
  if (!DIB)
    return nullptr;
  llvm::Function *F = function(FuncIdx);
  if (DISubprogram *SP = F->getSubprogram())
    return SP;
  std::string Name;
  if (FuncIdx < M.FuncNames.size())
    Name = M.FuncNames[FuncIdx];
  for (const Export &E : M.Exports)
    if (Name.empty() && E.Kind == ExternKind::Func && E.Index == FuncIdx)
      Name = E.Name;
  if (Name.empty())
    Name = "func[" + std::to_string(FuncIdx) + "]";
  unsigned Line = M.definedFunc(FuncIdx).CodeOffset;
  DISubroutineType *Ty =
      DIB->createSubroutineType(DIB->getOrCreateTypeArray({}));
  DISubprogram *SP = DIB->createFunction(
      DebugFile, Name, F->getName(), DebugFile, Line, Ty, Line,
      DINode::FlagZero, DISubprogram::SPFlagDefinition);
  F->setSubprogram(SP);
  return SP;
}

/// The functions a funcref can reach: exported, started, or named by a
/// ref.func in a constant expression (which a body's ref.func must be).
static llvm::BitVector funcrefReachable(const Module &M) {
  llvm::BitVector R(M.FuncTypes.size());
  auto Note = [&](const ConstExpr &CE) {
    for (const ConstInstr &I : CE.Instrs)
      if (I.Op == Opcode::RefFunc && I.Index < R.size())
        R.set(I.Index);
  };
  for (const Global &G : M.Globals)
    Note(G.Init);
  for (const ConstExpr &CE : M.TableInits)
    Note(CE);
  for (const ElemSegment &S : M.Elems)
    for (const ConstExpr &Item : S.Items)
      Note(Item);
  for (const Export &E : M.Exports)
    if (E.Kind == ExternKind::Func && E.Index < R.size())
      R.set(E.Index);
  if (M.Start && *M.Start < R.size())
    R.set(*M.Start);
  return R;
}

llvm::Function *
ModuleLowering::createFunction(uint32_t Idx,
                               GlobalValue::LinkageTypes Linkage) {
  llvm::Function *F = llvm::Function::Create(
      nativeType(M.FuncTypes[Idx]), Linkage, functionSymbol(M, Idx), &LM);
  // Not nounwind: a wasm exception unwinds through any wasm function
  // (docs/abi.md, "Exceptions"), and LLVM would turn an invoke of a
  // nounwind function into a call that no landing pad covers.
  Env.setWasmConvention(F);
  // Frames too large for the stack-limit margin probe page by page, so
  // they fault on the guard page (a call stack exhausted trap) instead
  // of jumping over it.
  F->addFnAttr("probe-stack", "inline-asm");
  // No frame pointer: trap backtraces unwind with the .eh_frame tables
  // (rt/Trap.cpp), asynchronous so that a fault at any instruction, in
  // a prologue or a leaf, unwinds to its caller.
  F->setUWTableKind(UWTableKind::Async);
  // Across parts, a symbol of the object that no other module sees.
  if (!F->hasLocalLinkage())
    F->setVisibility(GlobalValue::HiddenVisibility);
  if (!FuncrefReachable.test(Idx)) {
    F->addFnAttr(Environment::DirectOnlyAttr);
    if (DirectOnlyC)
      F->setCallingConv(CallingConv::C); // the vmctx stays swiftself, r13
  }
  Functions[Idx] = F;
  return F;
}

void ModuleLowering::declareFunctions() {
  Functions.assign(M.FuncTypes.size(), nullptr);
  FuncrefReachable = funcrefReachable(M);
  // At -O0, LLVM's fast instruction selector hands every call under
  // swifttailcc and every return under swiftcc or swifttailcc to
  // SelectionDAG, each a DAG of its own: in a large module, most of the
  // selection time. A function that no funcref reaches is called only by
  // direct calls from this module (docs/abi.md, "Tail calls"); when the
  // module makes no tail call at all, it can take the C convention, which
  // the fast selector takes, in every part alike (the plan says). With
  // the vmctx as swiftself it stays in r13, callee-saved as under swiftcc.
  // (A whole module gets the same from relaxTailConvention.)
  DirectOnlyC = Unoptimized && Plan && !Plan->HasTailCall &&
                Env.wasmCallingConv() == CallingConv::SwiftTail;
  if (!Plan) {
    for (uint32_t Idx = M.NumImportedFuncs; Idx < M.FuncTypes.size(); ++Idx)
      createFunction(Idx, GlobalValue::InternalLinkage);
    return;
  }
  // A part: its own functions, local unless another part refers to them,
  // then its copies; other parts' functions are declared on first use.
  for (uint32_t Idx : Plan->owned(Part))
    createFunction(Idx, Plan->shared(Idx) ? GlobalValue::ExternalLinkage
                                          : GlobalValue::InternalLinkage);
  for (uint32_t Idx : Plan->imported(Part))
    createFunction(Idx, GlobalValue::AvailableExternallyLinkage);
}

llvm::Function *ModuleLowering::function(uint32_t FuncIdx) {
  if (!Functions[FuncIdx] && !M.isImportedFunc(FuncIdx))
    createFunction(FuncIdx, GlobalValue::ExternalLinkage); // another part's
  return Functions[FuncIdx];
}

llvm::Function *ModuleLowering::personality() {
  if (Personality)
    return Personality;
  PointerType *PtrTy = PointerType::getUnqual(Ctx);
  if (!PersonalitySlot)
    personalitySlot();
  // _Unwind_Reason_Code (int, _Unwind_Action, uint64_t, _Unwind_Exception *,
  // _Unwind_Context *)
  Type *I32 = Type::getInt32Ty(Ctx);
  FunctionType *FTy = FunctionType::get(
      I32, {I32, I32, Type::getInt64Ty(Ctx), PtrTy, PtrTy}, false);
  Personality = llvm::Function::Create(FTy, GlobalValue::InternalLinkage,
                                       "w2s.personality", &LM);
  Personality->setUWTableKind(UWTableKind::Async);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", Personality));
  Value *Routine = B.CreateLoad(PtrTy, PersonalitySlot, "routine");
  SmallVector<Value *, 5> Args;
  for (Argument &A : Personality->args())
    Args.push_back(&A);
  CallInst *Call = B.CreateCall(FTy, Routine, Args);
  Call->setTailCallKind(CallInst::TCK_Tail);
  B.CreateRet(Call);
  return Personality;
}

// void trampoline(ptr code, ptr vmctx, ptr values): how the host calls a
// function of this type. Arguments come from values[i], results go back to
// values[i], 16 bytes per slot (w2s_value).
llvm::Function *ModuleLowering::emitEntryTrampoline(uint32_t TypeIdx) {
  const FuncType &T = M.Types[TypeIdx];
  PointerType *PtrTy = PointerType::getUnqual(Ctx);
  FunctionType *FTy = FunctionType::get(Type::getVoidTy(Ctx),
                                        {PtrTy, PtrTy, PtrTy}, false);
  llvm::Function *F =
      llvm::Function::Create(FTy, GlobalValue::InternalLinkage,
                             "wasm_entry_t" + std::to_string(TypeIdx), &LM);
  F->setUWTableKind(UWTableKind::Async); // a trap unwinds through it
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
  Value *Values = F->getArg(2);
  SmallVector<Value *, 8> Args{F->getArg(1)};
  for (unsigned I = 0; I < T.Params.size(); ++I) {
    Value *Slot = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Values,
                                               I * sizeof(w2s_value));
    Args.push_back(B.CreateAlignedLoad(llvmType(T.Params[I]), Slot, Align(8)));
  }
  CallInst *Ret = B.CreateCall(nativeType(TypeIdx), F->getArg(0), Args);
  Env.setWasmConvention(Ret);
  for (unsigned I = 0; I < T.Results.size(); ++I) {
    Value *V = T.Results.size() == 1 ? Ret : B.CreateExtractValue(Ret, {I});
    Value *Slot = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Values,
                                               I * sizeof(w2s_value));
    B.CreateAlignedStore(V, Slot, Align(8));
  }
  B.CreateRetVoid();
  return F;
}

// RET adapter(w2s_host_func *self, PARAMS...): how compiled code calls a
// host function of this type. It has the native signature of the type, so
// a funcref {hash, adapter, self} is called like any other function.
llvm::Function *ModuleLowering::emitHostAdapter(uint32_t TypeIdx) {
  const FuncType &T = M.Types[TypeIdx];
  llvm::Function *F =
      llvm::Function::Create(nativeType(TypeIdx), GlobalValue::InternalLinkage,
                             "wasm_host_t" + std::to_string(TypeIdx), &LM);
  F->setUWTableKind(UWTableKind::Async); // a trap unwinds through it
  Env.setWasmConvention(F); // called as any wasm function is
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
  size_t Slots = std::max<size_t>({T.Params.size(), T.Results.size(), 1});
  AllocaInst *Values = B.CreateAlloca(
      ArrayType::get(B.getInt8Ty(), Slots * sizeof(w2s_value)), nullptr,
      "values");
  Values->setAlignment(Align(16));
  for (unsigned I = 0; I < T.Params.size(); ++I) {
    Value *Slot = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Values,
                                               I * sizeof(w2s_value));
    B.CreateAlignedStore(F->getArg(I + 1), Slot, Align(8));
  }
  Value *Self = F->getArg(0);
  Value *CallbackAddr = B.CreateConstInBoundsGEP1_64(
      B.getInt8Ty(), Self, offsetof(w2s_host_func, callback));
  Value *Callback = B.CreateAlignedLoad(B.getPtrTy(), CallbackAddr, Align(8));
  FunctionType *CallbackTy = FunctionType::get(
      B.getVoidTy(), {B.getPtrTy(), B.getPtrTy()}, false);
  B.CreateCall(CallbackTy, Callback, {Self, Values});
  if (T.Results.empty()) {
    B.CreateRetVoid();
    return F;
  }
  Value *Ret = PoisonValue::get(F->getReturnType());
  for (unsigned I = 0; I < T.Results.size(); ++I) {
    Value *Slot = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Values,
                                               I * sizeof(w2s_value));
    Value *V = B.CreateAlignedLoad(llvmType(T.Results[I]), Slot, Align(8));
    Ret = T.Results.size() == 1 ? V : B.CreateInsertValue(Ret, V, {I});
  }
  B.CreateRet(Ret);
  return F;
}

Error ModuleLowering::analyzeTables() {
  if (Plan) {
    PrivateFuncTables = Plan->PrivateFuncTables;
    return Error::success();
  }
  std::vector<bool> Written(M.Tables.size(), false);
  std::vector<bool> Private = privateFuncTables(M, Written);
  if (std::none_of(Private.begin(), Private.end(), [](bool B) { return B; })) {
    PrivateFuncTables = std::move(Private);
    return Error::success();
  }
  for (const wasm2so::Function &F : M.Functions) {
    BodyReader R(M, F);
    Instr I;
    while (!R.atEnd()) {
      if (Error E = R.read(I))
        return E;
      noteTableWrite(I, Written);
    }
  }
  PrivateFuncTables = privateFuncTables(M, Written);
  return Error::success();
}

void ModuleLowering::personalitySlot() {
  // In parts, part 0 defines the slot (the descriptor points to it) and
  // the others declare it.
  PointerType *PtrTy = PointerType::getUnqual(Ctx);
  bool Declare = Plan && Part != 0;
  PersonalitySlot = new GlobalVariable(
      LM, PtrTy, /*isConstant=*/false,
      Plan ? GlobalValue::ExternalLinkage : GlobalValue::InternalLinkage,
      Declare ? nullptr : ConstantPointerNull::get(PtrTy),
      "w2s.personality.slot");
  if (Plan)
    PersonalitySlot->setVisibility(GlobalValue::HiddenVisibility);
}

void ModuleLowering::markSealedTables() {
  std::vector<bool> Sealed(M.Tables.size(), false);
  bool Any = false;
  for (uint32_t T = 0; T < M.Tables.size(); ++T) {
    if (!isPrivateFuncTable(T) || TableEntriesRead[T])
      continue;
    GlobalVariable *Codes =
        LM.getNamedGlobal("w2s.table" + std::to_string(T) + ".code");
    if (!Codes)
      continue; // no call_indirect through it: its functions stay as they are
    Codes->setMetadata(Environment::SealedTableMD, MDNode::get(Ctx, {}));
    Sealed[T] = Any = true;
  }
  if (!Any)
    return;
  // What a funcref can reach other than a sealed table's slot.
  llvm::BitVector Other = RefFuncInCode;
  auto Note = [&](const ConstExpr &CE) {
    for (const ConstInstr &I : CE.Instrs)
      if (I.Op == Opcode::RefFunc && I.Index < Other.size())
        Other.set(I.Index);
  };
  for (const Global &G : M.Globals)
    Note(G.Init);
  for (const ConstExpr &CE : M.TableInits)
    Note(CE);
  for (const ElemSegment &S : M.Elems)
    if (S.Mode != SegmentMode::Active || !Sealed[S.Table])
      for (const ConstExpr &Item : S.Items)
        Note(Item);
  for (const Export &E : M.Exports)
    if (E.Kind == ExternKind::Func && E.Index < Other.size())
      Other.set(E.Index);
  if (M.Start && *M.Start < Other.size())
    Other.set(*M.Start);
  for (uint32_t Idx = M.NumImportedFuncs; Idx < M.FuncTypes.size(); ++Idx)
    if (FuncrefReachable.test(Idx) && !Other.test(Idx))
      Functions[Idx]->addFnAttr(Environment::TableOnlyAttr);
}

Error ModuleLowering::run() {
  if (Error E = analyzeTables())
    return E;
  TableEntriesRead.assign(M.Tables.size(), false);
  RefFuncInCode.resize(M.FuncTypes.size());
  declareFunctions();
  auto Lower = [&](uint32_t Idx) -> Error {
    FunctionLowering FL(*this, Idx);
    if (Error E = FL.lower())
      return E;
    if (OnFunction)
      OnFunction();
    return Error::success();
  };
  if (!Plan) {
    for (uint32_t Idx = M.NumImportedFuncs; Idx < M.FuncTypes.size(); ++Idx)
      if (Error E = Lower(Idx))
        return E;
  } else {
    for (uint32_t Idx : Plan->owned(Part))
      if (Error E = Lower(Idx))
        return E;
    for (uint32_t Idx : Plan->imported(Part))
      if (Error E = Lower(Idx))
        return E;
    if (Part != 0) {
      if (DIB)
        DIB->finalize();
      return Error::success();
    }
    if (Plan->HasTry && !PersonalitySlot)
      personalitySlot(); // for the other parts' landing pads
  }
  // In parts, another part's bodies may read a table: only whole modules.
  if (!Plan)
    markSealedTables();
  for (uint32_t T = 0; T < M.Types.size(); ++T) {
    EntryTrampolines.push_back(emitEntryTrampoline(T));
    HostAdapters.push_back(emitHostAdapter(T));
  }
  emitDescriptor();
  if (DIB)
    DIB->finalize();
  return Error::success();
}

Expected<std::unique_ptr<llvm::Module>>
lowerModule(const Module &M, LLVMContext &Ctx, const TargetMachine &TM,
            DebugLevel Debug, const PartPlan *Plan, unsigned Part,
            std::function<void()> OnFunction) {
  auto LM = std::make_unique<llvm::Module>(
      M.ModuleName.empty() ? StringRef(M.FileName) : StringRef(M.ModuleName),
      Ctx);
  LM->setTargetTriple(TM.getTargetTriple().str());
  LM->setDataLayout(TM.createDataLayout());
  ModuleLowering ML(M, *LM, Debug, Plan, Part);
  ML.Unoptimized = TM.getOptLevel() == CodeGenOptLevel::None;
  ML.Env.OptimizerMetadata = !ML.Unoptimized;
  ML.OnFunction = std::move(OnFunction);
  if (Error E = ML.run())
    return E;
  return LM;
}

} // namespace wasm2so
