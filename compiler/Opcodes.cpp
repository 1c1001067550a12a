//===- Opcodes.cpp - Static facts about opcodes and value types -----------===//

#include "Instr.h"
#include "Module.h"

#include <map>
#include <string>

using namespace llvm;

namespace wasm2so {

static const OpcodeInfo OpcodeTable[] = {
#define WASM_OP(Name, Prefix, Code, Text, Imm, Result, P0, P1)                 \
  {Prefix, Code, Text, ImmKind::Imm},
#include "Opcodes.def"
};
static_assert(sizeof(OpcodeTable) / sizeof(OpcodeTable[0]) == NumOpcodes,
              "one OpcodeInfo per opcode");

const OpcodeInfo &opcodeInfo(Opcode Op) {
  return OpcodeTable[static_cast<unsigned>(Op)];
}

std::string heapTypeName(HeapType H) {
  if (H.isIndex())
    return "$" + std::to_string(H.index());
  switch (H.abs()) {
  case AbsHeap::Exn:
    return "exn";
  case AbsHeap::Array:
    return "array";
  case AbsHeap::Struct:
    return "struct";
  case AbsHeap::I31:
    return "i31";
  case AbsHeap::Eq:
    return "eq";
  case AbsHeap::Any:
    return "any";
  case AbsHeap::Extern:
    return "extern";
  case AbsHeap::Func:
    return "func";
  case AbsHeap::None:
    return "none";
  case AbsHeap::NoExtern:
    return "noextern";
  case AbsHeap::NoFunc:
    return "nofunc";
  case AbsHeap::NoExn:
    return "noexn";
  }
  return "<unknown heap type>";
}

std::string valTypeName(ValType T) {
  switch (T.kind()) {
  case ValType::I32:
    return "i32";
  case ValType::I64:
    return "i64";
  case ValType::F32:
    return "f32";
  case ValType::F64:
    return "f64";
  case ValType::V128:
    return "v128";
  case ValType::Ref:
    if (T == ValType::FuncRef)
      return "funcref";
    if (T == ValType::ExternRef)
      return "externref";
    return std::string(T.nullable() ? "(ref null " : "(ref ") +
           heapTypeName(T.heap()) + ")";
  case ValType::Bot:
    return "unknown";
  }
  return "<unknown type>";
}

//===----------------------------------------------------------------------===//
// Subtyping
//===----------------------------------------------------------------------===//

HeapType Module::topHeap(HeapType H) const {
  if (H.isIndex())
    return AbsHeap::Func; // every defined type is a function type before GC
  switch (H.abs()) {
  case AbsHeap::Func:
  case AbsHeap::NoFunc:
    return AbsHeap::Func;
  case AbsHeap::Extern:
  case AbsHeap::NoExtern:
    return AbsHeap::Extern;
  case AbsHeap::Exn:
  case AbsHeap::NoExn:
    return AbsHeap::Exn;
  default:
    return AbsHeap::Any;
  }
}

void Module::canonicalizeTypes() {
  // The key of a type: its value types, a type index spelled as the
  // canonical index of an earlier type, "self" for itself (later ones are
  // invalid; they keep their index).
  std::map<std::string, uint32_t> Seen;
  TypeCanon.clear();
  for (uint32_t I = 0; I < Types.size(); ++I) {
    std::string Key;
    auto Add = [&](ValType T) {
      Key += char(T.kind());
      if (!T.isRef())
        return;
      Key += T.nullable() ? 'n' : 'r';
      HeapType H = T.heap();
      if (H.isAbstract()) {
        Key += char(H.abs());
      } else if (H.index() == I) {
        Key += "self";
      } else {
        uint32_t X = H.index() < I ? TypeCanon[H.index()] : H.index();
        Key += (H.index() < I ? "c" : "f") + std::to_string(X) + ";";
      }
    };
    for (ValType T : Types[I].Params)
      Add(T);
    Key += '|';
    for (ValType T : Types[I].Results)
      Add(T);
    TypeCanon.push_back(Seen.try_emplace(Key, I).first->second);
  }
}

bool Module::isSubtype(HeapType A, HeapType B) const {
  if (A.isIndex() && B.isIndex() && A.index() < TypeCanon.size() &&
      B.index() < TypeCanon.size())
    return TypeCanon[A.index()] == TypeCanon[B.index()];
  if (A == B)
    return true;
  if (topHeap(A) != topHeap(B))
    return false;
  if (B.isAbstract() && B == topHeap(B))
    return true; // everything is below its hierarchy's top
  if (A.isIndex())
    return false; // GC adds declared supertypes and eq/struct/array here
  switch (A.abs()) {
  case AbsHeap::NoFunc:
  case AbsHeap::NoExtern:
  case AbsHeap::NoExn:
  case AbsHeap::None:
    return true; // the bottoms
  case AbsHeap::I31:
  case AbsHeap::Struct:
  case AbsHeap::Array:
    return B == HeapType(AbsHeap::Eq);
  default:
    return false;
  }
}

bool Module::isSubtype(ValType A, ValType B) const {
  if (A.kind() == ValType::Bot || B.kind() == ValType::Bot)
    return true;
  if (!A.isRef() || !B.isRef())
    return A.kind() == B.kind();
  if (A.nullable() && !B.nullable())
    return false;
  return isSubtype(A.heap(), B.heap());
}

} // namespace wasm2so
