//===- Opcodes.cpp - Static facts about opcodes and value types -----------===//

#include "Instr.h"
#include "Module.h"

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

StringRef valTypeName(ValType T) {
  switch (T) {
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
  case ValType::FuncRef:
    return "funcref";
  case ValType::ExternRef:
    return "externref";
  }
  return "<unknown type>";
}

} // namespace wasm2so
