//===- Descriptor.cpp - The module descriptor the loader reads ------------===//
//
// Emits `wasm2so_module_descriptor` and everything it points to as LLVM
// constants laid out exactly like the C structs of abi.h: each struct is a
// packed LLVM struct whose fields sit at the offsetof() of the C field, with
// explicit padding between them, so the layout cannot drift from the header.
//
//===----------------------------------------------------------------------===//

#include "Environment.h"
#include "GcLayout.h"
#include "Instr.h"
#include "ModuleLowering.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"

#include <map>

using namespace llvm;

namespace wasm2so {

namespace {

/// One C struct value under construction: fields at byte offsets.
class CStruct {
public:
  CStruct(llvm::Module &LM, uint64_t Size) : LM(LM), Size(Size) {}

  CStruct &u8(uint64_t Offset, uint64_t V) {
    return add(Offset, ConstantInt::get(Type::getInt8Ty(LM.getContext()), V));
  }
  CStruct &u32(uint64_t Offset, uint64_t V) {
    return add(Offset, ConstantInt::get(Type::getInt32Ty(LM.getContext()), V));
  }
  CStruct &u64(uint64_t Offset, uint64_t V) {
    return add(Offset, ConstantInt::get(Type::getInt64Ty(LM.getContext()), V));
  }
  CStruct &ptr(uint64_t Offset, Constant *P) {
    return add(Offset,
               P ? P : ConstantPointerNull::get(PointerType::getUnqual(
                           LM.getContext())));
  }
  CStruct &add(uint64_t Offset, Constant *C) {
    Fields.emplace_back(Offset, C);
    return *this;
  }

  Constant *get() {
    LLVMContext &Ctx = LM.getContext();
    const DataLayout &DL = LM.getDataLayout();
    std::sort(Fields.begin(), Fields.end(),
              [](const auto &A, const auto &B) { return A.first < B.first; });
    SmallVector<Constant *, 16> Parts;
    uint64_t At = 0;
    auto pad = [&](uint64_t To) {
      if (To > At)
        Parts.push_back(ConstantAggregateZero::get(
            ArrayType::get(Type::getInt8Ty(Ctx), To - At)));
      At = To;
    };
    for (auto &[Offset, C] : Fields) {
      assert(Offset >= At && "overlapping descriptor fields");
      pad(Offset);
      Parts.push_back(C);
      At += DL.getTypeAllocSize(C->getType());
    }
    assert(At <= Size && "descriptor struct larger than its C type");
    pad(Size);
    return ConstantStruct::getAnon(Ctx, Parts, /*Packed=*/true);
  }

private:
  llvm::Module &LM;
  uint64_t Size;
  std::vector<std::pair<uint64_t, Constant *>> Fields;
};

class DescriptorEmitter {
public:
  DescriptorEmitter(ModuleLowering &ML, ArrayRef<llvm::Function *> Trampolines,
                    ArrayRef<llvm::Function *> Adapters)
      : ML(ML), M(ML.M), LM(ML.LM), Ctx(ML.Ctx), Trampolines(Trampolines),
        Adapters(Adapters) {}

  void emit();

private:
  /// A private constant global holding C; returns its address.
  Constant *global(Constant *C, const Twine &Name) {
    auto *GV = new GlobalVariable(LM, C->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, C, Name);
    GV->setAlignment(Align(16));
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    return GV;
  }
  /// An array of C structs (each already laid out), or null when empty.
  Constant *array(ArrayRef<Constant *> Elems, const Twine &Name) {
    if (Elems.empty())
      return nullptr;
    return global(ConstantStruct::getAnon(Ctx, Elems, /*Packed=*/true), Name);
  }
  Constant *bytes(ArrayRef<uint8_t> Data, const Twine &Name) {
    return global(ConstantDataArray::get(Ctx, Data), Name);
  }

  Constant *name(StringRef S) {
    CStruct N(LM, sizeof(w2s_name));
    {
      auto It = Strings.find(S.str());
      Constant *Data;
      if (It != Strings.end()) {
        Data = It->second;
      } else {
        Data = global(ConstantDataArray::getString(Ctx, S, /*AddNull=*/true),
                      "w2s.str");
        Strings[S.str()] = Data;
      }
      N.ptr(offsetof(w2s_name, data), Data);
    }
    N.u32(offsetof(w2s_name, len), S.size());
    return N.get();
  }
  Constant *noName() {
    return CStruct(LM, sizeof(w2s_name))
        .ptr(offsetof(w2s_name, data), nullptr)
        .get();
  }

  Constant *limits(const Limits &L) {
    return CStruct(LM, sizeof(w2s_limits))
        .u64(offsetof(w2s_limits, min), L.Min)
        .u64(offsetof(w2s_limits, max), L.Max.value_or(0))
        .u32(offsetof(w2s_limits, has_max), L.Max.has_value())
        .u32(offsetof(w2s_limits, is64), L.Is64)
        .get();
  }

  /// One instruction as a w2s_const_expr.
  Constant *constInstr(const ConstInstr &I) {
    uint32_t Kind = 0;
    switch (I.Op) {
    case Opcode::I32Const:
      Kind = W2S_CONST_I32;
      break;
    case Opcode::I64Const:
      Kind = W2S_CONST_I64;
      break;
    case Opcode::F32Const:
      Kind = W2S_CONST_F32;
      break;
    case Opcode::F64Const:
      Kind = W2S_CONST_F64;
      break;
    case Opcode::V128Const:
      Kind = W2S_CONST_V128;
      break;
    case Opcode::RefNull:
      Kind = W2S_CONST_REF_NULL;
      break;
    case Opcode::RefFunc:
      Kind = W2S_CONST_REF_FUNC;
      break;
    case Opcode::GlobalGet:
      Kind = W2S_CONST_GLOBAL_GET;
      break;
    case Opcode::I32Add:
      Kind = W2S_CONST_I32_ADD;
      break;
    case Opcode::I32Sub:
      Kind = W2S_CONST_I32_SUB;
      break;
    case Opcode::I32Mul:
      Kind = W2S_CONST_I32_MUL;
      break;
    case Opcode::I64Add:
      Kind = W2S_CONST_I64_ADD;
      break;
    case Opcode::I64Sub:
      Kind = W2S_CONST_I64_SUB;
      break;
    case Opcode::I64Mul:
      Kind = W2S_CONST_I64_MUL;
      break;
    case Opcode::RefI31:
      Kind = W2S_CONST_REF_I31;
      break;
    case Opcode::AnyConvertExtern:
      Kind = W2S_CONST_ANY_CONVERT_EXTERN;
      break;
    case Opcode::ExternConvertAny:
      Kind = W2S_CONST_EXTERN_CONVERT_ANY;
      break;
    case Opcode::StructNew:
    case Opcode::StructNewDefault:
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault:
    case Opcode::ArrayNewFixed:
      return gcConstructor(I);
    default:
      llvm_unreachable("the validator accepts no other constant instruction");
    }
    return CStruct(LM, sizeof(w2s_const_expr))
        .u32(offsetof(w2s_const_expr, kind), Kind)
        .u32(offsetof(w2s_const_expr, index), I.Index)
        .u64(offsetof(w2s_const_expr, bits), I.Bits[0])
        .u64(offsetof(w2s_const_expr, bits) + 8, I.Bits[1])
        .get();
  }

  /// struct.new, array.new, ...: the kind, array.new_fixed's operand
  /// count in index, and the layout of the type made.
  Constant *gcConstructor(const ConstInstr &I) {
    uint32_t Kind = I.Op == Opcode::StructNew ? W2S_CONST_STRUCT_NEW
                    : I.Op == Opcode::StructNewDefault
                        ? W2S_CONST_STRUCT_NEW_DEFAULT
                    : I.Op == Opcode::ArrayNew ? W2S_CONST_ARRAY_NEW
                    : I.Op == Opcode::ArrayNewDefault
                        ? W2S_CONST_ARRAY_NEW_DEFAULT
                        : W2S_CONST_ARRAY_NEW_FIXED;
    return CStruct(LM, sizeof(w2s_const_expr))
        .u32(offsetof(w2s_const_expr, kind), Kind)
        .u32(offsetof(w2s_const_expr, index),
             I.Op == Opcode::ArrayNewFixed ? I.Index2 : 0)
        .ptr(offsetof(w2s_const_expr, gc), gcLayout(I.Index))
        .get();
  }

  /// The w2s_gc_layout of struct or array type TypeIdx (once per type),
  /// from the layout compiled code uses (GcLayout.h).
  Constant *gcLayout(uint32_t TypeIdx) {
    auto It = GcLayouts.find(TypeIdx);
    if (It != GcLayouts.end())
      return It->second;
    const SubType &ST = M.subType(TypeIdx);
    bool Struct = ST.Form == TypeForm::Struct;
    StructLayout SL;
    if (Struct)
      SL = structLayout(M, TypeIdx);
    std::vector<Constant *> Fields;
    for (size_t K = 0; K < ST.Fields.size(); ++K) {
      const FieldType &F = ST.Fields[K];
      Fields.push_back(
          CStruct(LM, sizeof(w2s_gc_field))
              .u32(offsetof(w2s_gc_field, offset), Struct ? SL.Offsets[K] : 0)
              .u8(offsetof(w2s_gc_field, bytes), storageBytes(F))
              .u8(offsetof(w2s_gc_field, valtype),
                  F.Packed ? uint8_t(W2S_I32) : abiValType(F.Type))
              .get());
    }
    Constant *L =
        CStruct(LM, sizeof(w2s_gc_layout))
            .ptr(offsetof(w2s_gc_layout, type), gcTypeRecord(ML, TypeIdx))
            .u64(offsetof(w2s_gc_layout, size), Struct ? SL.Size : 0)
            .u32(offsetof(w2s_gc_layout, num_fields), Fields.size())
            .ptr(offsetof(w2s_gc_layout, fields),
                 array(Fields, "w2s.gc_fields"))
            .get();
    return GcLayouts[TypeIdx] = global(L, "w2s.gc_layout");
  }

  /// A constant expression: its one instruction in place, or a
  /// W2S_CONST_SEQUENCE pointing to its instructions. An absent one (the
  /// offset of a passive segment) is i32.const 0, never read.
  Constant *constExpr(const ConstExpr &E) {
    if (E.Instrs.empty())
      return constInstr(ConstInstr{Opcode::I32Const});
    if (const ConstInstr *I = E.single())
      return constInstr(*I);
    std::vector<Constant *> Instrs;
    for (const ConstInstr &I : E.Instrs)
      Instrs.push_back(constInstr(I));
    return CStruct(LM, sizeof(w2s_const_expr))
        .u32(offsetof(w2s_const_expr, kind), W2S_CONST_SEQUENCE)
        .u32(offsetof(w2s_const_expr, index), E.Instrs.size())
        .ptr(offsetof(w2s_const_expr, seq), array(Instrs, "w2s.const_seq"))
        .get();
  }

  /// The enum w2s_valtype of T: a reference type is the top of its
  /// hierarchy, funcref or externref (the representation of its values).
  uint8_t abiValType(ValType T) const {
    if (!T.isRef())
      return uint8_t(T.kind());
    HeapType Top = M.topHeap(T.heap());
    if (Top == HeapType(AbsHeap::Exn))
      return W2S_EXNREF;
    if (Top == HeapType(AbsHeap::Any))
      return W2S_ANYREF;
    return Top == HeapType(AbsHeap::Extern) ? W2S_EXTERNREF : W2S_FUNCREF;
  }

  /// The w2s_reftype of T, zero when T is not a reference.
  Constant *refType(ValType T) const {
    uint32_t Heap = 0, Nullable = 0;
    if (T.isRef()) {
      Heap = T.heap().isIndex() ? W2S_HEAP_TYPE_INDEX | T.heap().index()
                                : uint32_t(T.heap().abs());
      Nullable = T.nullable();
    }
    return CStruct(LM, sizeof(w2s_reftype))
        .u32(offsetof(w2s_reftype, heap), Heap)
        .u32(offsetof(w2s_reftype, nullable), Nullable)
        .get();
  }

  Constant *types();
  Constant *imports();
  Constant *funcs();
  Constant *funcNames();
  Constant *tables();
  Constant *memories();
  Constant *globals();
  Constant *exports();
  Constant *elems();
  Constant *datas();
  Constant *tags();

  ModuleLowering &ML;
  const Module &M;
  llvm::Module &LM;
  LLVMContext &Ctx;
  ArrayRef<llvm::Function *> Trampolines, Adapters;
  std::map<std::string, Constant *> Strings;
  std::map<uint32_t, Constant *> GcLayouts; // by type index
};

Constant *DescriptorEmitter::types() {
  std::vector<Constant *> Elems;
  std::map<uint32_t, Constant *> Groups; // by the group's first type
  for (uint32_t I = 0; I < M.Types.size(); ++I) {
    const FuncType &T = M.Types[I];
    std::vector<uint8_t> VT;
    for (ValType V : T.Params)
      VT.push_back(abiValType(V));
    for (ValType V : T.Results)
      VT.push_back(abiValType(V));
    Constant *ValTypes = VT.empty() ? nullptr : bytes(VT, "w2s.valtypes");
    // The hashed bytes, where typed references make them differ.
    SmallVector<uint8_t, 16> P, R;
    ML.signatureBytes(I, P, R);
    bool Typed = P.size() + R.size() != VT.size() ||
                 !std::equal(P.begin(), P.end(), VT.begin()) ||
                 !std::equal(R.begin(), R.end(), VT.begin() + P.size());
    std::vector<uint8_t> Sig(P.begin(), P.end());
    Sig.insert(Sig.end(), R.begin(), R.end());
    // The bytes of a non-plain type's rec group, once per group.
    Constant *Group = nullptr;
    uint64_t GroupSize = 0;
    const SubType &ST = M.subType(I);
    if (!ST.isPlainFunc()) {
      SmallVector<uint8_t, 64> G;
      ML.recGroupBytes(ST.RecStart, G);
      GroupSize = G.size();
      Constant *&C = Groups[ST.RecStart];
      if (!C)
        C = bytes(G, "w2s.recgroup");
      Group = C;
    }
    // The supertype display of a type with a declared supertype.
    Constant *Supers = nullptr;
    std::vector<uint32_t> Chain = M.superChain(I);
    if (Chain.size() > 1) {
      std::vector<uint64_t> Display{Chain.size()};
      for (uint32_t X : Chain)
        Display.push_back(ML.typeHash(X));
      Supers = new GlobalVariable(
          LM, ArrayType::get(Type::getInt64Ty(Ctx), Display.size()), true,
          GlobalValue::PrivateLinkage, ConstantDataArray::get(Ctx, Display),
          "w2s.supers");
    }
    Elems.push_back(
        CStruct(LM, sizeof(w2s_func_type))
            .u64(offsetof(w2s_func_type, hash), ML.typeHash(I))
            .u32(offsetof(w2s_func_type, num_params), T.Params.size())
            .u32(offsetof(w2s_func_type, num_results), T.Results.size())
            .ptr(offsetof(w2s_func_type, valtypes), ValTypes)
            .ptr(offsetof(w2s_func_type, entry_trampoline), Trampolines[I])
            .ptr(offsetof(w2s_func_type, host_adapter), Adapters[I])
            .ptr(offsetof(w2s_func_type, sig),
                 Typed ? bytes(Sig, "w2s.sig") : nullptr)
            .u32(offsetof(w2s_func_type, sig_param_bytes), Typed ? P.size() : 0)
            .u32(offsetof(w2s_func_type, sig_result_bytes),
                 Typed ? R.size() : 0)
            .ptr(offsetof(w2s_func_type, supers), Supers)
            .ptr(offsetof(w2s_func_type, rec_group), Group)
            .u64(offsetof(w2s_func_type, rec_group_bytes), GroupSize)
            .u32(offsetof(w2s_func_type, form),
                 ST.Form == TypeForm::Func ? 0 : uint32_t(ST.Form))
            .get());
  }
  return array(Elems, "w2s.types");
}

Constant *DescriptorEmitter::imports() {
  std::vector<Constant *> Elems;
  for (const Import &Im : M.Imports) {
    CStruct S(LM, sizeof(w2s_import));
    S.add(offsetof(w2s_import, module), name(Im.Module))
        .add(offsetof(w2s_import, name), name(Im.Name))
        .u32(offsetof(w2s_import, kind), static_cast<uint32_t>(Im.Kind));
    switch (Im.Kind) {
    case ExternKind::Func:
    case ExternKind::Tag:
      S.u32(offsetof(w2s_import, type_index), Im.TypeIdx);
      break;
    case ExternKind::Table:
      S.u32(offsetof(w2s_import, valtype), abiValType(Im.Table.Elem))
          .add(offsetof(w2s_import, limits), limits(Im.Table.Lim))
          .add(offsetof(w2s_import, reftype), refType(Im.Table.Elem));
      break;
    case ExternKind::Memory:
      S.add(offsetof(w2s_import, limits), limits(Im.Memory.Lim));
      break;
    case ExternKind::Global:
      S.u32(offsetof(w2s_import, valtype), abiValType(Im.Global.Type))
          .u32(offsetof(w2s_import, mutable_), Im.Global.Mutable)
          .add(offsetof(w2s_import, reftype), refType(Im.Global.Type));
      break;
    }
    Elems.push_back(S.get());
  }
  return array(Elems, "w2s.imports");
}

Constant *DescriptorEmitter::funcs() {
  std::vector<Constant *> Elems;
  for (uint32_t Idx = M.NumImportedFuncs; Idx < M.FuncTypes.size(); ++Idx)
    Elems.push_back(CStruct(LM, sizeof(w2s_func))
                        .ptr(offsetof(w2s_func, code), ML.function(Idx))
                        .u32(offsetof(w2s_func, type_index), M.FuncTypes[Idx])
                        .get());
  return array(Elems, "w2s.funcs");
}

Constant *DescriptorEmitter::funcNames() {
  std::vector<std::string> Names(M.FuncTypes.size());
  for (const Export &E : M.Exports)
    if (E.Kind == ExternKind::Func && Names[E.Index].empty())
      Names[E.Index] = E.Name;
  for (uint32_t I = 0; I < M.FuncNames.size() && I < Names.size(); ++I)
    if (!M.FuncNames[I].empty())
      Names[I] = M.FuncNames[I];
  std::vector<Constant *> Elems;
  for (const std::string &N : Names)
    Elems.push_back(N.empty() ? noName() : name(N));
  return array(Elems, "w2s.func_names");
}

Constant *DescriptorEmitter::tables() {
  std::vector<Constant *> Elems;
  for (uint32_t I = M.NumImportedTables; I < M.Tables.size(); ++I)
    Elems.push_back(
        CStruct(LM, sizeof(w2s_table_desc))
            .u32(offsetof(w2s_table_desc, elemtype),
                 abiValType(M.Tables[I].Elem))
            .u32(offsetof(w2s_table_desc, has_init), M.Tables[I].HasInit)
            .add(offsetof(w2s_table_desc, limits), limits(M.Tables[I].Lim))
            .add(offsetof(w2s_table_desc, reftype), refType(M.Tables[I].Elem))
            .add(offsetof(w2s_table_desc, init),
                 constExpr(M.TableInits[I - M.NumImportedTables]))
            .get());
  return array(Elems, "w2s.tables");
}

Constant *DescriptorEmitter::memories() {
  std::vector<Constant *> Elems;
  for (uint32_t I = M.NumImportedMemories; I < M.Memories.size(); ++I)
    Elems.push_back(limits(M.Memories[I].Lim));
  return array(Elems, "w2s.memories");
}

Constant *DescriptorEmitter::globals() {
  std::vector<Constant *> Elems;
  for (uint32_t I = M.NumImportedGlobals; I < M.Globals.size(); ++I) {
    const Global &G = M.Globals[I];
    Elems.push_back(
        CStruct(LM, sizeof(w2s_global_desc))
            .u32(offsetof(w2s_global_desc, valtype), abiValType(G.Type.Type))
            .u32(offsetof(w2s_global_desc, mutable_), G.Type.Mutable)
            .add(offsetof(w2s_global_desc, init), constExpr(G.Init))
            .add(offsetof(w2s_global_desc, reftype), refType(G.Type.Type))
            .get());
  }
  return array(Elems, "w2s.globals");
}

Constant *DescriptorEmitter::exports() {
  std::vector<Constant *> Elems;
  for (const Export &E : M.Exports)
    Elems.push_back(CStruct(LM, sizeof(w2s_export))
                        .add(offsetof(w2s_export, name), name(E.Name))
                        .u32(offsetof(w2s_export, kind),
                             static_cast<uint32_t>(E.Kind))
                        .u32(offsetof(w2s_export, index), E.Index)
                        .get());
  return array(Elems, "w2s.exports");
}

Constant *DescriptorEmitter::elems() {
  std::vector<Constant *> Elems;
  for (const ElemSegment &S : M.Elems) {
    std::vector<Constant *> Items;
    for (const ConstExpr &E : S.Items)
      Items.push_back(constExpr(E));
    Elems.push_back(
        CStruct(LM, sizeof(w2s_elem_segment))
            .u32(offsetof(w2s_elem_segment, mode),
                 static_cast<uint32_t>(S.Mode))
            .u32(offsetof(w2s_elem_segment, table), S.Table)
            .u32(offsetof(w2s_elem_segment, elemtype), abiValType(S.Type))
            .u32(offsetof(w2s_elem_segment, num_items), S.Items.size())
            .add(offsetof(w2s_elem_segment, offset), constExpr(S.Offset))
            .ptr(offsetof(w2s_elem_segment, items),
                 array(Items, "w2s.elem_items"))
            .get());
  }
  return array(Elems, "w2s.elem_segments");
}

Constant *DescriptorEmitter::datas() {
  std::vector<Constant *> Elems;
  for (const DataSegment &S : M.Datas)
    Elems.push_back(
        CStruct(LM, sizeof(w2s_data_segment))
            .u32(offsetof(w2s_data_segment, mode), static_cast<uint32_t>(S.Mode))
            .u32(offsetof(w2s_data_segment, memory), S.Memory)
            .add(offsetof(w2s_data_segment, offset), constExpr(S.Offset))
            .ptr(offsetof(w2s_data_segment, bytes),
                 S.Bytes.empty() ? nullptr : bytes(S.Bytes, "w2s.data"))
            .u32(offsetof(w2s_data_segment, size), S.Bytes.size())
            .get());
  return array(Elems, "w2s.data_segments");
}

Constant *DescriptorEmitter::tags() {
  std::vector<Constant *> Elems;
  for (size_t I = M.NumImportedTags; I < M.Tags.size(); ++I)
    Elems.push_back(CStruct(LM, sizeof(w2s_tag_desc))
                        .u32(offsetof(w2s_tag_desc, type_index), M.Tags[I])
                        .get());
  return array(Elems, "w2s.tags");
}

void DescriptorEmitter::emit() {
  using D = w2s_descriptor;
  CStruct S(LM, sizeof(D));
  S.u64(offsetof(D, magic), W2S_DESCRIPTOR_MAGIC)
      .u32(offsetof(D, abi_version), W2S_ABI_VERSION)
      .u32(offsetof(D, descriptor_size), sizeof(D))
      .add(offsetof(D, module_name), M.ModuleName.empty()
                                         ? noName()
                                         : name(M.ModuleName))
      .u32(offsetof(D, num_types), M.Types.size())
      .u32(offsetof(D, num_imports), M.Imports.size())
      .ptr(offsetof(D, types), types())
      .ptr(offsetof(D, imports), imports())
      .u32(offsetof(D, num_funcs), M.FuncTypes.size())
      .u32(offsetof(D, num_imported_funcs), M.NumImportedFuncs)
      .ptr(offsetof(D, funcs), funcs())
      .ptr(offsetof(D, func_names), funcNames())
      .u32(offsetof(D, num_tables), M.Tables.size())
      .u32(offsetof(D, num_imported_tables), M.NumImportedTables)
      .ptr(offsetof(D, tables), tables())
      .u32(offsetof(D, num_memories), M.Memories.size())
      .u32(offsetof(D, num_imported_memories), M.NumImportedMemories)
      .ptr(offsetof(D, memories), memories())
      .u32(offsetof(D, num_globals), M.Globals.size())
      .u32(offsetof(D, num_imported_globals), M.NumImportedGlobals)
      .ptr(offsetof(D, globals), globals())
      .u32(offsetof(D, num_exports), M.Exports.size())
      .u32(offsetof(D, num_elem_segments), M.Elems.size())
      .ptr(offsetof(D, exports), exports())
      .ptr(offsetof(D, elem_segments), elems())
      .u32(offsetof(D, num_data_segments), M.Datas.size())
      .u32(offsetof(D, has_start), M.Start.has_value())
      .ptr(offsetof(D, data_segments), datas())
      .u32(offsetof(D, start_func), M.Start.value_or(0))
      .u32(offsetof(D, vmctx_size), ML.Env.layout().size)
      .u32(offsetof(D, num_tags), M.Tags.size())
      .u32(offsetof(D, num_imported_tags), M.NumImportedTags)
      .ptr(offsetof(D, tags), tags())
      .ptr(offsetof(D, personality_slot), ML.PersonalitySlot);
  Constant *Init = S.get();
  auto *GV = new GlobalVariable(LM, Init->getType(), /*isConstant=*/true,
                                GlobalValue::ExternalLinkage, Init,
                                W2S_DESCRIPTOR_SYMBOL);
  GV->setAlignment(Align(16));
  GV->setVisibility(GlobalValue::DefaultVisibility);
}

} // namespace

void ModuleLowering::emitDescriptor() {
  DescriptorEmitter(*this, EntryTrampolines, HostAdapters).emit();
}

} // namespace wasm2so
