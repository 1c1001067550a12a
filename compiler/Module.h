//===- Module.h - A decoded WebAssembly module ------------------*- C++ -*-===//
//
// What the decoder produces and every later phase reads: the module's
// sections as plain data. Function bodies stay as byte ranges of the input;
// the validator and the lowering read them again through BodyReader.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_MODULE_H
#define WASM2SO_COMPILER_MODULE_H

#include "wasm2so/compiler.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wasm2so {

/// Value types, with their binary encodings.
enum class ValType : uint8_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
};

inline bool isRefType(ValType T) {
  return T == ValType::FuncRef || T == ValType::ExternRef;
}
/// "i32", "funcref", ...
llvm::StringRef valTypeName(ValType T);

struct FuncType {
  std::vector<ValType> Params;
  std::vector<ValType> Results;
  bool operator==(const FuncType &O) const {
    return Params == O.Params && Results == O.Results;
  }
  bool operator!=(const FuncType &O) const { return !(*this == O); }
};

struct Limits {
  uint64_t Min = 0;
  std::optional<uint64_t> Max;
  /// The address type of the memory or table: i64 (memory64, table64) or
  /// i32 (flag bit 2 of the binary limits).
  bool Is64 = false;
  ValType addrType() const { return Is64 ? ValType::I64 : ValType::I32; }
};

struct TableType {
  ValType Elem = ValType::FuncRef;
  Limits Lim;
};

struct MemoryType {
  Limits Lim;
};

struct GlobalType {
  ValType Type = ValType::I32;
  bool Mutable = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };

struct Import {
  std::string Module;
  std::string Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t TypeIdx = 0; // Func
  TableType Table;      // Table
  MemoryType Memory;    // Memory
  GlobalType Global;    // Global
};

struct Export {
  std::string Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t Index = 0;
};

/// A constant expression. Wasm 2.0 allows exactly one instruction before
/// `end`, so this is that instruction.
struct ConstExpr {
  enum Kind : uint8_t {
    I32Const,
    I64Const,
    F32Const,
    F64Const,
    V128Const,
    RefNull,
    RefFunc,
    GlobalGet
  };
  Kind K = I32Const;
  ValType Type = ValType::I32; // RefNull: the reference type
  uint32_t Index = 0;          // RefFunc, GlobalGet
  uint64_t Bits[2] = {0, 0};   // constants; floats as bit patterns
  uint32_t Offset = 0;         // byte offset of the instruction
  uint32_t End = 0;            // one past the expression's final `end`
  /// False when [Offset, End) is not exactly one constant instruction and
  /// `end` (then K and the rest are meaningless). That is invalid, not
  /// malformed: the validator reads the expression again with BodyReader
  /// to say why.
  bool Single = true;
};

struct Global {
  GlobalType Type;
  ConstExpr Init;
};

enum class SegmentMode : uint8_t { Active = 0, Passive = 1, Declarative = 2 };

struct ElemSegment {
  SegmentMode Mode = SegmentMode::Active;
  uint32_t Table = 0;
  ConstExpr Offset; // Active only
  ValType Type = ValType::FuncRef;
  std::vector<ConstExpr> Items;
};

struct DataSegment {
  SegmentMode Mode = SegmentMode::Active;
  uint32_t Memory = 0;
  ConstExpr Offset; // Active only
  llvm::ArrayRef<uint8_t> Bytes; // points into Module::Bytes
};

/// A local declaration of the code section: Count locals of Type.
struct LocalDecl {
  uint32_t Count = 0;
  ValType Type = ValType::I32;
};

/// A function defined by the module (imports are in Module::Imports).
struct Function {
  uint32_t TypeIdx = 0;
  std::vector<LocalDecl> Locals; // declared locals, params excluded
  uint64_t NumLocals = 0;        // sum of the counts
  uint32_t BodyOffset = 0;       // first byte after the local declarations
  uint32_t BodyEnd = 0;          // one past the final `end`
  uint32_t CodeOffset = 0;       // offset of the body's size field
};

struct Module {
  std::string FileName;       // for messages
  Features Feats;             // what decoding and validation accept
  std::vector<uint8_t> Bytes; // the whole binary; bodies and data point in

  std::vector<FuncType> Types;
  std::vector<Import> Imports;

  // Index spaces, imports first. FuncTypes[i] is the type index of function
  // i; Tables/Memories/Globals hold the types of imports and definitions.
  std::vector<uint32_t> FuncTypes;
  std::vector<TableType> Tables;
  std::vector<MemoryType> Memories;
  std::vector<Global> Globals; // Init unused for imported globals
  uint32_t NumImportedFuncs = 0;
  uint32_t NumImportedTables = 0;
  uint32_t NumImportedMemories = 0;
  uint32_t NumImportedGlobals = 0;

  std::vector<Function> Functions; // defined functions, in order
  std::vector<Export> Exports;
  std::optional<uint32_t> Start;
  std::vector<ElemSegment> Elems;
  std::vector<DataSegment> Datas;
  std::optional<uint32_t> DataCount;

  // The custom "name" section, where present and well formed.
  std::string ModuleName;
  std::vector<std::string> FuncNames; // by function index; "" if none

  const FuncType &funcType(uint32_t FuncIdx) const {
    return Types[FuncTypes[FuncIdx]];
  }
  const Function &definedFunc(uint32_t FuncIdx) const {
    return Functions[FuncIdx - NumImportedFuncs];
  }
  bool isImportedFunc(uint32_t FuncIdx) const {
    return FuncIdx < NumImportedFuncs;
  }
};

} // namespace wasm2so

#endif
