//===- Environment.cpp - Where compiled code finds runtime state ----------===//
//
// Every offset comes from include/wasm2so/abi.h through offsetof, or from
// w2s_compute_vmctx_layout, the function the runtime uses too.
//
//===----------------------------------------------------------------------===//

#include "Environment.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace wasm2so {

namespace {

/// The LLVM type of one letter of a builtins.def signature.
Type *builtinLetterType(LLVMContext &Ctx, char C) {
  switch (C) {
  case 'v':
    return Type::getVoidTy(Ctx);
  case 'i':
    return Type::getInt32Ty(Ctx);
  case 'I':
    return Type::getInt64Ty(Ctx);
  case 'f':
    return Type::getFloatTy(Ctx);
  case 'd':
    return Type::getDoubleTy(Ctx);
  case 'p':
    return PointerType::getUnqual(Ctx);
  }
  llvm_unreachable("bad letter in builtins.def");
}

/// "R(P...)" -> FunctionType.
FunctionType *parseBuiltinSignature(LLVMContext &Ctx, StringRef Sig) {
  Type *Ret = builtinLetterType(Ctx, Sig[0]);
  assert(Sig[1] == '(' && Sig.back() == ')' && "bad builtins.def signature");
  SmallVector<Type *, 6> Params;
  for (char C : Sig.drop_front(2).drop_back())
    Params.push_back(builtinLetterType(Ctx, C));
  return FunctionType::get(Ret, Params, false);
}

const char *const BuiltinSignatures[] = {
#define W2S_BUILTIN(Name, Signature) Signature,
#include "wasm2so/builtins.def"
};

} // namespace

Environment::Environment(const Module &M, llvm::Module &LM)
    : M(M), Ctx(LM.getContext()) {
  Layout = w2s_compute_vmctx_layout_with_tags(
      static_cast<uint32_t>(M.FuncTypes.size()),
      static_cast<uint32_t>(M.Tables.size()),
      static_cast<uint32_t>(M.Memories.size()),
      static_cast<uint32_t>(M.Globals.size()),
      static_cast<uint32_t>(M.Tags.size()));
  for (unsigned I = 0; I < W2S_BUILTIN_COUNT; ++I)
    BuiltinTypes[I] = parseBuiltinSignature(Ctx, BuiltinSignatures[I]);

  // Two sibling scalar types under one root: TBAA then answers "no alias"
  // for any pair of a linear-memory access and a runtime access. Within a
  // class everything may alias (wasm memory is untyped bytes).
  MDBuilder MDB(Ctx);
  MDNode *Root = MDB.createTBAARoot("wasm2so");
  MDNode *Memory = MDB.createTBAAScalarTypeNode("linear memory", Root);
  MDNode *Runtime = MDB.createTBAAScalarTypeNode("runtime", Root);
  LinearMemoryTag = MDB.createTBAAStructTagNode(Memory, Memory, 0);
  RuntimeTag = MDB.createTBAAStructTagNode(Runtime, Runtime, 0);
  RuntimeConstantTag =
      MDB.createTBAAStructTagNode(Runtime, Runtime, 0, /*IsConstant=*/true);
  RuntimePointerKind = Ctx.getMDKindID(RuntimePointerMD);

  // Tail calls between any two signatures need a callee-pops convention
  // (docs/abi.md, "Tail calls"): swifttailcc, with the vmctx as swiftself,
  // on x86-64 and AArch64. Other targets keep the C convention, under which
  // LLVM tail-calls only between equal signatures (emitTailCall refuses the
  // others).
  Triple T(LM.getTargetTriple());
  if (T.getArch() == Triple::x86_64 || T.getArch() == Triple::aarch64)
    WasmCC = CallingConv::SwiftTail;
}

bool Environment::returnsInRegisters(FunctionType *FTy) const {
  auto *ST = dyn_cast<StructType>(FTy->getReturnType());
  if (!ST)
    return true;
  if (WasmCC != CallingConv::SwiftTail)
    return false;
  unsigned Scalars = 0, Vectors = 0;
  for (Type *E : ST->elements())
    ++(E->isIntegerTy() || E->isPointerTy() ? Scalars : Vectors);
  return Scalars <= 4 && Vectors <= 4;
}

void Environment::setWasmConvention(llvm::Function *F) const {
  F->setCallingConv(WasmCC);
  if (WasmCC == CallingConv::SwiftTail)
    F->addParamAttr(0, Attribute::SwiftSelf);
}

void Environment::setWasmConvention(CallBase *Call) const {
  Call->setCallingConv(WasmCC);
  if (WasmCC == CallingConv::SwiftTail)
    Call->addParamAttr(0, Attribute::SwiftSelf);
}

bool Environment::isBuiltinCall(const CallBase *Call) {
  return Call->getMetadata(BuiltinCallMD) != nullptr;
}

void Environment::markLinearMemory(Instruction *I) const {
  if (OptimizerMetadata)
    I->setMetadata(LLVMContext::MD_tbaa, LinearMemoryTag);
}

void Environment::markRuntime(Instruction *I) const {
  if (OptimizerMetadata)
    I->setMetadata(LLVMContext::MD_tbaa, RuntimeTag);
}

Value *Environment::loadPtrAt(IRBuilder<> &B, Value *Base, uint64_t Offset,
                              const Twine &Name, bool Invariant,
                              bool PointsToRuntime) {
  Value *Addr = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Base, Offset);
  LoadInst *L = B.CreateAlignedLoad(B.getPtrTy(), Addr, Align(8), Name);
  markRuntime(L);
  // The vmctx arrays, funcref objects and memory bases are written before
  // the instance first runs and never change afterwards.
  if (Invariant && OptimizerMetadata)
    L->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(Ctx, {}));
  if (PointsToRuntime && OptimizerMetadata)
    L->setMetadata(RuntimePointerKind, MDNode::get(Ctx, {}));
  return L;
}

Value *Environment::funcRef(IRBuilder<> &B, Value *Vmctx, uint32_t FuncIdx) {
  return loadPtrAt(B, Vmctx, Layout.funcs + uint64_t(FuncIdx) * 8, "funcref");
}

Value *Environment::funcRefCode(IRBuilder<> &B, Value *FuncRef) {
  return loadPtrAt(B, FuncRef, offsetof(w2s_funcref, code), "callee.code");
}

Value *Environment::funcRefVmctx(IRBuilder<> &B, Value *FuncRef) {
  return loadPtrAt(B, FuncRef, offsetof(w2s_funcref, vmctx), "callee.vmctx");
}

Value *Environment::funcRefSupers(IRBuilder<> &B, Value *FuncRef) {
  return loadPtrAt(B, FuncRef, offsetof(w2s_funcref, supers), "supers");
}

Value *Environment::table(IRBuilder<> &B, Value *Vmctx, uint32_t TableIdx) {
  return loadPtrAt(B, Vmctx, Layout.tables + uint64_t(TableIdx) * 8, "table");
}

Value *Environment::tableSize(IRBuilder<> &B, Value *Table) {
  Value *Addr = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Table,
                                             offsetof(w2s_table, size));
  LoadInst *L =
      B.CreateAlignedLoad(B.getInt32Ty(), Addr, Align(4), "table.size");
  markRuntime(L);
  return L;
}

Value *Environment::tableElems(IRBuilder<> &B, Value *Table) {
  return loadPtrAt(B, Table, offsetof(w2s_table, elems), "table.elems",
                   /*Invariant=*/false);
}

Value *Environment::tableElem(IRBuilder<> &B, Value *Elems, Value *Index) {
  Value *Index64 = B.CreateZExt(Index, B.getInt64Ty());
  Value *ByteOff =
      B.CreateMul(Index64, B.getInt64(sizeof(w2s_table_elem)), "", true, true);
  return B.CreateInBoundsGEP(B.getInt8Ty(), Elems, ByteOff, "elem");
}

Value *Environment::elemHash(IRBuilder<> &B, Value *Elem) {
  Value *Addr = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Elem,
                                             offsetof(w2s_table_elem, hash));
  LoadInst *L =
      B.CreateAlignedLoad(B.getInt64Ty(), Addr, Align(8), "elem.hash");
  markRuntime(L);
  return L;
}

Value *Environment::elemCode(IRBuilder<> &B, Value *Elem) {
  return loadPtrAt(B, Elem, offsetof(w2s_table_elem, code), "elem.code",
                   /*Invariant=*/false);
}

Value *Environment::elemVmctx(IRBuilder<> &B, Value *Elem) {
  return loadPtrAt(B, Elem, offsetof(w2s_table_elem, vmctx), "elem.vmctx",
                   /*Invariant=*/false);
}

Value *Environment::elemRef(IRBuilder<> &B, Value *Elem) {
  // A reference is a value to compiled code, never dereferenced by it.
  return loadPtrAt(B, Elem, offsetof(w2s_table_elem, ref), "elem.ref",
                   /*Invariant=*/false, /*PointsToRuntime=*/false);
}

Value *Environment::memory(IRBuilder<> &B, Value *Vmctx, uint32_t MemIdx) {
  return loadPtrAt(B, Vmctx, Layout.memories + uint64_t(MemIdx) * 8, "memory");
}

Value *Environment::memoryBase(IRBuilder<> &B, Value *Vmctx, uint32_t MemIdx) {
  if (MemIdx == 0)
    return loadPtrAt(B, Vmctx, offsetof(w2s_vmctx, memory0_base), "memory.base",
                     /*Invariant=*/true,
                     /*PointsToRuntime=*/false);
  return loadPtrAt(B, memory(B, Vmctx, MemIdx), offsetof(w2s_memory, base),
                   "memory.base", /*Invariant=*/true,
                   /*PointsToRuntime=*/false);
}

Value *Environment::memoryPages(IRBuilder<> &B, Value *Vmctx, uint32_t MemIdx) {
  Value *Mem = memory(B, Vmctx, MemIdx);
  Value *Addr = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Mem,
                                             offsetof(w2s_memory, pages));
  LoadInst *L =
      B.CreateAlignedLoad(B.getInt64Ty(), Addr, Align(8), "memory.pages");
  markRuntime(L);
  return L;
}

Value *Environment::globalCell(IRBuilder<> &B, Value *Vmctx,
                               uint32_t GlobalIdx) {
  return loadPtrAt(B, Vmctx, Layout.globals + uint64_t(GlobalIdx) * 8,
                   "global.cell");
}

Value *Environment::tag(IRBuilder<> &B, Value *Vmctx, uint32_t TagIdx) {
  return loadPtrAt(B, Vmctx, Layout.tags + uint64_t(TagIdx) * 8, "tag");
}

Value *Environment::exceptionTag(IRBuilder<> &B, Value *Exn) {
  return loadPtrAt(B, Exn, offsetof(w2s_exception, tag), "exn.tag",
                   /*Invariant=*/false);
}

Value *Environment::exceptionValue(IRBuilder<> &B, Value *Exn, unsigned I) {
  return B.CreateConstInBoundsGEP1_64(
      B.getInt8Ty(), Exn,
      offsetof(w2s_exception, values) + uint64_t(I) * sizeof(w2s_value),
      "exn.value");
}

Value *Environment::stackLimit(IRBuilder<> &B, Value *Vmctx) {
  // The limits sit just before the vmctx header: one load, no chain. The
  // runtime retargets it when another thread calls in, never while this
  // thread runs wasm code: for the optimizer it is constant memory (an
  // immutable TBAA tag), which keeps the check out of the function's memory
  // effects.
  Value *Addr = B.CreateConstInBoundsGEP1_64(
      B.getInt8Ty(), Vmctx,
      int64_t(W2S_VMCTX_LIMITS_OFFSET) +
          int64_t(offsetof(w2s_runtime_limits, stack_limit)));
  LoadInst *L =
      B.CreateAlignedLoad(B.getInt64Ty(), Addr, Align(8), "stack.limit");
  if (OptimizerMetadata)
    L->setMetadata(LLVMContext::MD_tbaa, RuntimeConstantTag);
  return L;
}

void Environment::markStackTrap(CallInst *Call) const {
  Call->setMetadata(StackTrapMD, MDNode::get(Ctx, {}));
  if (!OptimizerMetadata)
    return;
  // callBuiltin's two loads: vmctx->builtins, then the entry.
  auto *Entry = cast<LoadInst>(Call->getCalledOperand());
  Entry->setMetadata(LLVMContext::MD_tbaa, RuntimeConstantTag);
  Value *Table = Entry->getPointerOperand()->stripInBoundsConstantOffsets();
  cast<LoadInst>(Table)->setMetadata(LLVMContext::MD_tbaa, RuntimeConstantTag);
}

FunctionType *Environment::builtinType(w2s_builtin_index Index) const {
  return BuiltinTypes[Index];
}

CallInst *Environment::callBuiltin(IRBuilder<> &B, Value *Vmctx,
                                   w2s_builtin_index Index,
                                   ArrayRef<Value *> Args) {
  Value *Table = loadPtrAt(B, Vmctx, offsetof(w2s_vmctx, builtins), "builtins");
  Value *Callee =
      loadPtrAt(B, Table, uint64_t(Index) * sizeof(void *), "builtin");
  SmallVector<Value *, 6> All{Vmctx};
  All.append(Args.begin(), Args.end());
  CallInst *Call = B.CreateCall(BuiltinTypes[Index], Callee, All);
  Call->setMetadata(BuiltinCallMD, MDNode::get(Ctx, {}));
  return Call;
}

} // namespace wasm2so
