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
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wasm2so {

/// The abstract heap types, each with its binary encoding (the low seven
/// bits of its negative s33 form). Without GC only Func and Extern (and the
/// bottoms NoFunc, NoExtern) are valid; the validator rejects the rest.
enum class AbsHeap : uint8_t {
  Exn = 0x69,
  Array = 0x6a,
  Struct = 0x6b,
  I31 = 0x6c,
  Eq = 0x6d,
  Any = 0x6e,
  Extern = 0x6f,
  Func = 0x70,
  None = 0x71,
  NoExtern = 0x72,
  NoFunc = 0x73,
  NoExn = 0x74,
};

/// A heap type: abstract, or the index of a type of the module.
class HeapType {
public:
  constexpr HeapType(AbsHeap A) : Code(uint8_t(A)), Index(0) {}
  static constexpr HeapType index(uint32_t I) {
    HeapType H(AbsHeap::Func);
    H.Code = 0;
    H.Index = I;
    return H;
  }
  constexpr bool isIndex() const { return Code == 0; }
  constexpr bool isAbstract() const { return Code != 0; }
  /// Only when isAbstract().
  constexpr AbsHeap abs() const { return AbsHeap(Code); }
  /// Only when isIndex().
  constexpr uint32_t index() const { return Index; }
  constexpr bool operator==(HeapType O) const {
    return Code == O.Code && Index == O.Index;
  }
  constexpr bool operator!=(HeapType O) const { return !(*this == O); }

private:
  uint8_t Code; // the AbsHeap encoding, 0 for a type index
  uint32_t Index;
};

/// A value type: a number type, v128, or a reference type `(ref null? ht)`.
/// ValType::I32 and friends are spelled as before; ValType::FuncRef and
/// ValType::ExternRef are `(ref null func)` and `(ref null extern)`.
/// Subtyping (Module::isSubtype) is where GC's rules will go.
class ValType {
public:
  /// The kinds, with the binary encoding of the number and vector types.
  /// Bot is the validator's unknown operand type; it never leaves it.
  enum Kind : uint8_t {
    I32 = 0x7f,
    I64 = 0x7e,
    F32 = 0x7d,
    F64 = 0x7c,
    V128 = 0x7b,
    Ref = 0x64,
    Bot = 0,
  };
  static const ValType FuncRef;
  static const ValType ExternRef;

  constexpr ValType() : ValType(I32) {}
  constexpr ValType(Kind K) : K(K), Null(false), Heap(AbsHeap::Func) {}
  static constexpr ValType ref(HeapType H, bool Nullable) {
    ValType T(Ref);
    T.Null = Nullable;
    T.Heap = H;
    return T;
  }

  constexpr Kind kind() const { return K; }
  constexpr bool isRef() const { return K == Ref; }
  constexpr bool isNum() const {
    return K == I32 || K == I64 || K == F32 || K == F64;
  }
  /// Only meaningful for references.
  constexpr bool nullable() const { return Null; }
  constexpr HeapType heap() const { return Heap; }
  /// Whether locals of this type start with a default value.
  constexpr bool defaultable() const { return K != Ref || Null; }
  /// The same reference type without null.
  constexpr ValType asNonNull() const { return ref(Heap, false); }

  constexpr bool operator==(ValType O) const {
    return K == O.K && (K != Ref || (Null == O.Null && Heap == O.Heap));
  }
  constexpr bool operator!=(ValType O) const { return !(*this == O); }

private:
  Kind K;
  bool Null;
  HeapType Heap;
};

inline constexpr ValType ValType::FuncRef =
    ValType::ref(HeapType(AbsHeap::Func), true);
inline constexpr ValType ValType::ExternRef =
    ValType::ref(HeapType(AbsHeap::Extern), true);

inline bool isRefType(ValType T) { return T.isRef(); }
/// "i32", "funcref", "(ref null $3)", ...; type indices as "$N" like the
/// spec interpreter.
std::string valTypeName(ValType T);
/// "func", "extern", "$3", ...
std::string heapTypeName(HeapType H);

struct FuncType {
  std::vector<ValType> Params;
  std::vector<ValType> Results;
  bool operator==(const FuncType &O) const {
    return Params == O.Params && Results == O.Results;
  }
  bool operator!=(const FuncType &O) const { return !(*this == O); }
};

/// The composite types of the type section, with their binary forms. Only
/// function types have values before GC lands; struct and array types are
/// read, validated and canonicalized, but a value of theirs is refused
/// (unsupported) wherever one could exist.
enum class TypeForm : uint8_t { Func = 0x60, Struct = 0x5f, Array = 0x5e };

/// A struct field or an array's element: a value type, or a packed storage
/// type (Packed: 0x78 i8, 0x77 i16, with Type i32), mutable or not.
struct FieldType {
  ValType Type = ValType::I32;
  uint8_t Packed = 0;
  bool Mutable = false;
};

/// What the type section says of a type besides a function type's
/// signature (which stays in Module::Types): its form, its fields, whether
/// it is final, its declared supertype and its rec group. A type outside a
/// `rec` is a final group of one without supertype, as every type of Wasm
/// 2.0 is.
struct SubType {
  TypeForm Form = TypeForm::Func;
  std::vector<FieldType> Fields; // struct fields; an array's one element
  bool Final = true;
  std::vector<uint32_t> Supers; // the validator allows at most one
  uint32_t RecStart = 0;        // the group: types RecStart..RecStart+RecSize
  uint32_t RecSize = 1;
  uint32_t Offset = 0; // byte offset of the definition, for messages
  /// A final function type alone in its group without supertype: the only
  /// kind before GC, and the only one with a Wasm 2.0 signature hash.
  bool isPlainFunc() const {
    return Form == TypeForm::Func && Final && Supers.empty() && RecSize == 1;
  }
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
  /// Defined tables only: whether the table has an initializer expression
  /// (binary 0x40 0x00; Module::TableInits), the value every element starts
  /// with. Without one, elements start null.
  bool HasInit = false;
};

struct MemoryType {
  Limits Lim;
};

struct GlobalType {
  ValType Type = ValType::I32;
  bool Mutable = false;
};

enum class ExternKind : uint8_t {
  Func = 0,
  Table = 1,
  Memory = 2,
  Global = 3,
  Tag = 4,
};

struct Import {
  std::string Module;
  std::string Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t TypeIdx = 0; // Func, Tag
  TableType Table;      // Table
  MemoryType Memory;    // Memory
  GlobalType Global;    // Global
};

struct Export {
  std::string Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t Index = 0;
};

enum class Opcode : uint16_t; // Instr.h, from Opcodes.def

/// One instruction of a constant expression, with its immediate.
struct ConstInstr {
  Opcode Op{};                 // Opcodes.def
  ValType Type = ValType::I32; // ref.null: the reference type
  uint32_t Index = 0;          // ref.func, global.get; the type of a GC
                               // constructor
  uint32_t Index2 = 0;         // array.new_fixed: the operand count
  uint64_t Bits[2] = {0, 0};   // constants; floats as bit patterns
  uint32_t Offset = 0;         // byte offset of the opcode
};

/// A constant expression: global initializers, segment offsets and items.
/// Instrs holds every instruction before the final `end`, in order, as the
/// decoder read them, constant or not: the validator (checkConst) rejects
/// the non-constant ones and types the rest; the runtime evaluates them
/// (rt/Instance.cpp, evalConst) on a stack. Wasm 3.0 allows the constants,
/// ref.null, ref.func, global.get and i32/i64 add, sub and mul; a new
/// constant operator (GC's ref.i31, struct.new, ...) is a case in the
/// validator's checkConst, in Descriptor.cpp and in the runtime's evalConst.
struct ConstExpr {
  llvm::SmallVector<ConstInstr, 1> Instrs;
  uint32_t Offset = 0; // byte offset of the first instruction
  uint32_t End = 0;    // one past the final `end`
  /// The instruction, when the expression is exactly one (the usual case:
  /// i32.const N, ref.func F, ...); null otherwise.
  const ConstInstr *single() const {
    return Instrs.size() == 1 ? &Instrs[0] : nullptr;
  }
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

  /// The signature of every function type; empty for struct and array
  /// types (SubTypes[i].Form says which).
  std::vector<FuncType> Types;
  /// Beside Types, one entry per type. Code that builds a Module by hand
  /// may leave it empty: subType() then answers a plain function type.
  std::vector<SubType> SubTypes;
  std::vector<Import> Imports;

  // Index spaces, imports first. FuncTypes[i] is the type index of function
  // i; Tables/Memories/Globals hold the types of imports and definitions.
  std::vector<uint32_t> FuncTypes;
  std::vector<TableType> Tables;
  std::vector<MemoryType> Memories;
  std::vector<Global> Globals; // Init unused for imported globals
  /// Tags (exception handling): the type index of each, imports first.
  std::vector<uint32_t> Tags;
  /// Initializers of defined tables, by defined-table index (Tables[I +
  /// NumImportedTables]); meaningful where that table's HasInit is set.
  std::vector<ConstExpr> TableInits;
  uint32_t NumImportedFuncs = 0;
  uint32_t NumImportedTables = 0;
  uint32_t NumImportedMemories = 0;
  uint32_t NumImportedGlobals = 0;
  uint32_t NumImportedTags = 0;

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

  const SubType &subType(uint32_t TypeIdx) const {
    static const SubType Plain;
    return TypeIdx < SubTypes.size() ? SubTypes[TypeIdx] : Plain;
  }
  bool isFuncType(uint32_t TypeIdx) const {
    return subType(TypeIdx).Form == TypeForm::Func;
  }
  /// The chain of declared supertypes of a (valid) type, from the root
  /// down to the type itself; its depth is the chain's length less one.
  std::vector<uint32_t> superChain(uint32_t TypeIdx) const;

  /// Subtyping of value and heap types (Wasm 3.0): (ref $t) <: (ref null
  /// $t); a defined type is below its declared supertypes, a function type
  /// below func, a struct or array type below struct or array, eq and any;
  /// the bottoms below their hierarchy. Bot (the validator's unknown)
  /// matches anything. Types are compared by TypeCanon.
  bool isSubtype(ValType A, ValType B) const;
  bool isSubtype(HeapType A, HeapType B) const;
  /// The top of the hierarchy H belongs to: func, extern, any or exn.
  HeapType topHeap(HeapType H) const;

  /// TypeCanon[i]: the least type index equivalent to type i: iso-recursive
  /// equivalence (Wasm 3.0), where two types are the same when they sit at
  /// the same position of rec groups whose definitions are the same, type
  /// indices inside a group compared by their position in it and those
  /// outside by TypeCanon. Filled by canonicalizeTypes, which decodeModule
  /// calls.
  std::vector<uint32_t> TypeCanon;
  void canonicalizeTypes();
};

} // namespace wasm2so

#endif
