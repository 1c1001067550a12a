//===- Instr.h - One decoded instruction ------------------------*- C++ -*-===//
//
// BodyReader (Decoder.h) turns a function body into a stream of Instr; the
// validator and the lowering each visit that stream. Immediates are decoded
// once, here, by kind (ImmKind, the Imm column of Opcodes.def).
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_INSTR_H
#define WASM2SO_COMPILER_INSTR_H

#include "Module.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace wasm2so {

enum class Opcode : uint16_t {
#define WASM_OP(Name, Prefix, Code, Text, Imm, Result, P0, P1) Name,
#include "Opcodes.def"
};
constexpr unsigned NumOpcodes = 0
#define WASM_OP(Name, Prefix, Code, Text, Imm, Result, P0, P1) +1
#include "Opcodes.def"
    ;

enum class ImmKind : uint8_t {
  None,
  BlockType,    // Block
  Label,        // Index = relative depth
  BrTable,      // Targets, Index = default depth
  Func,         // Index = function
  CallIndirect, // Index = type, Index2 = table
  Local,        // Index
  Global,       // Index
  Table,        // Index
  Memory,       // Index (memory index)
  MemArg1,      // Mem (natural alignment 1 byte)
  MemArg2,
  MemArg4,
  MemArg8,
  MemArg16,
  I32,        // Bits[0] (sign-extended to 64 bits)
  I64,        // Bits[0]
  F32,        // Bits[0] (bit pattern)
  F64,        // Bits[0] (bit pattern)
  SelectT,    // Type
  HeapType,   // Type = (ref null <heap type>)
  Type,       // Index = type
  Elem,       // Index
  Data,       // Index
  TableCopy,  // Index = destination table, Index2 = source table
  TableInit,  // Index = element segment, Index2 = table
  MemoryInit, // Index = data segment, Index2 = memory
  MemoryCopy, // Index = destination memory, Index2 = source memory
  V128,       // Bits[0] low, Bits[1] high 64 bits (byte K of the 16 is
              // byte K%8 of Bits[K/8], little-endian)
  Shuffle,    // Bits: 16 lane indices (0..31), one byte each, as V128
  Lane2,      // Lane (below 2 for a valid module; the validator checks)
  Lane4,
  Lane8,
  Lane16,
  MemArgLane1, // Mem (natural alignment 1 byte), Lane (below 16/1)
  MemArgLane2,
  MemArgLane4,
  MemArgLane8,
  Tag,         // Index = tag
  TypeField,   // Index = struct type, Index2 = field
  TypeLen,     // Index = array type, Index2 = operand count
  TypeType,    // Index = destination array type, Index2 = source
  TypeData,    // Index = array type, Index2 = data segment
  TypeElem,    // Index = array type, Index2 = element segment
  RefType,     // Type = (ref null? <heap type>), null from the opcode
  BrOnCast,    // Index = label, Type = source type, Type2 = target type
  TryTable,    // Block; Targets = the catch clauses, three entries each:
               // CatchKind, tag index (0 for catch_all*), label depth
};

/// The kind of a try_table catch clause, as encoded in the binary format.
enum class CatchKind : uint32_t { Catch = 0, CatchRef = 1, CatchAll = 2,
                                  CatchAllRef = 3 };

/// Static facts about one opcode, from Opcodes.def.
struct OpcodeInfo {
  uint8_t Prefix;
  uint32_t Code;
  llvm::StringLiteral Text;
  ImmKind Imm;
};
const OpcodeInfo &opcodeInfo(Opcode Op);
inline llvm::StringRef opcodeText(Opcode Op) { return opcodeInfo(Op).Text; }

/// A block type: none, one value type, or a type index (multi-value).
struct BlockType {
  enum Kind : uint8_t { Empty, Value, TypeIndex };
  Kind K = Empty;
  ValType Type = ValType::I32; // Value
  uint32_t Index = 0;          // TypeIndex
};

struct MemArg {
  uint32_t AlignLog2 = 0;
  uint64_t Offset = 0;
  uint32_t Memory = 0; // memory index (bit 6 of the alignment field)
};

/// Byte K (0..15) of a V128 or Shuffle immediate held in Bits.
inline uint8_t immByte(const uint64_t (&Bits)[2], unsigned K) {
  return uint8_t(Bits[K / 8] >> (8 * (K % 8)));
}

struct Instr {
  Opcode Op = Opcode::Nop;
  uint32_t Offset = 0; // byte offset of the opcode in the module
  uint32_t Index = 0;
  uint32_t Index2 = 0;
  uint64_t Bits[2] = {0, 0};
  ValType Type = ValType::I32;
  ValType Type2 = ValType::I32; // br_on_cast*: the target type
  BlockType Block;
  MemArg Mem;
  uint8_t Lane = 0;                 // LaneN, MemArgLaneN
  llvm::ArrayRef<uint32_t> Targets; // br_table; valid until the next read
};

} // namespace wasm2so

#endif
