//===- Opcodes.cpp - Static facts about opcodes and value types -----------===//

#include "Instr.h"
#include "Module.h"

#include <algorithm>
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
    return isFuncType(H.index()) ? AbsHeap::Func : AbsHeap::Any;
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
  // The key of a rec group: each member's definition in order, a type index
  // spelled as a position in the group ("r"), as the canonical index of an
  // earlier type ("c") or, for a later type outside the group (invalid),
  // as itself ("f"). Equal keys make equal groups, member by member.
  std::map<std::string, uint32_t> Seen; // key -> first group's start
  TypeCanon.assign(Types.size(), 0);
  for (uint32_t I = 0; I < Types.size();) {
    const SubType &First = subType(I);
    uint32_t Start = I, Size = std::max<uint32_t>(First.RecSize, 1);
    Size = std::min<uint32_t>(Size, uint32_t(Types.size()) - Start);
    std::string Key;
    auto Index = [&](uint32_t X) {
      if (X >= Start && X < Start + Size)
        Key += "r" + std::to_string(X - Start) + ";";
      else if (X < Start)
        Key += "c" + std::to_string(TypeCanon[X]) + ";";
      else
        Key += "f" + std::to_string(X) + ";";
    };
    auto Add = [&](ValType T) {
      Key += char(T.kind());
      if (!T.isRef())
        return;
      Key += T.nullable() ? 'n' : 'r';
      HeapType H = T.heap();
      if (H.isAbstract())
        Key += char(H.abs());
      else
        Index(H.index());
    };
    for (uint32_t K = Start; K < Start + Size; ++K) {
      const SubType &S = subType(K);
      Key += S.Final ? 'F' : 'O';
      Key += char(S.Form);
      for (uint32_t Super : S.Supers) {
        Key += 's';
        Index(Super);
      }
      Key += '(';
      for (ValType T : Types[K].Params)
        Add(T);
      Key += '|';
      for (ValType T : Types[K].Results)
        Add(T);
      for (const FieldType &F : S.Fields) {
        Key += F.Mutable ? 'm' : 'i';
        Key += char(F.Packed);
        Add(F.Type);
      }
      Key += ')';
    }
    uint32_t Canon = Seen.try_emplace(Key, Start).first->second;
    for (uint32_t K = 0; K < Size; ++K)
      TypeCanon[Start + K] = Canon + K;
    I = Start + Size;
  }
}

std::vector<uint32_t> Module::superChain(uint32_t TypeIdx) const {
  std::vector<uint32_t> Chain{TypeIdx};
  for (uint32_t X = TypeIdx;;) {
    const SubType &S = subType(X);
    if (S.Supers.empty() || S.Supers[0] >= X)
      break;
    X = S.Supers[0];
    Chain.push_back(X);
  }
  std::reverse(Chain.begin(), Chain.end());
  return Chain;
}

bool Module::isSubtype(HeapType A, HeapType B) const {
  if (A.isIndex() && B.isIndex() && A.index() < TypeCanon.size() &&
      B.index() < TypeCanon.size()) {
    // Up the chain of declared supertypes (each below its subtype's index:
    // the validator checks, so the walk ends).
    uint32_t X = A.index();
    for (;;) {
      if (TypeCanon[X] == TypeCanon[B.index()])
        return true;
      const SubType &S = subType(X);
      if (S.Supers.empty() || S.Supers[0] >= X)
        return false;
      X = S.Supers[0];
    }
  }
  if (A == B)
    return true;
  if (topHeap(A) != topHeap(B))
    return false;
  if (B.isAbstract() && B == topHeap(B))
    return true; // everything is below its hierarchy's top
  if (A.isIndex()) {
    if (B.isIndex())
      return false;
    // A struct or array type is below struct or array, and eq.
    TypeForm F = subType(A.index()).Form;
    return B == HeapType(AbsHeap::Eq) ||
           (F == TypeForm::Struct && B == HeapType(AbsHeap::Struct)) ||
           (F == TypeForm::Array && B == HeapType(AbsHeap::Array));
  }
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
