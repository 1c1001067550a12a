//===- ValidatorTest.cpp - Unit tests of the validator --------------------===//

#include "Validator.h"
#include "Decoder.h"
#include "Error.h"
#include "Instr.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <string>
#include <vector>

using namespace wasm2so;

namespace {

using Bytes = std::vector<uint8_t>;

void appendULEB(Bytes &Out, uint64_t V) {
  do {
    uint8_t B = V & 0x7f;
    V >>= 7;
    Out.push_back(V ? B | 0x80 : B);
  } while (V);
}

/// Assembles a binary module from section contents, computing every size,
/// and remembers where the first function body's instructions start.
class ModuleBytes {
public:
  ModuleBytes() : Data{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00} {}

  ModuleBytes &section(uint8_t Id, const Bytes &Content) {
    Data.push_back(Id);
    appendULEB(Data, Content.size());
    Data.insert(Data.end(), Content.begin(), Content.end());
    return *this;
  }

  /// One type, [] -> [] unless given.
  ModuleBytes &types(const Bytes &Content = {0x01, 0x60, 0x00, 0x00}) {
    return section(1, Content);
  }

  /// A function section declaring one function of type 0.
  ModuleBytes &oneFunc() { return section(3, {0x01, 0x00}); }

  /// A code section holding one function with Body (including its `end`).
  ModuleBytes &code(const Bytes &Body, const Bytes &Locals = {0x00}) {
    Bytes Func = Locals;
    Func.insert(Func.end(), Body.begin(), Body.end());
    Bytes Content;
    appendULEB(Content, 1);
    appendULEB(Content, Func.size());
    uint32_t FuncStart = Content.size();
    Content.insert(Content.end(), Func.begin(), Func.end());
    // The section id and its size field come before the content.
    Bytes SizeField;
    appendULEB(SizeField, Content.size());
    BodyStart = Data.size() + 1 + SizeField.size() + FuncStart + Locals.size();
    return section(10, Content);
  }

  const Bytes &bytes() const { return Data; }
  uint32_t bodyStart() const { return BodyStart; }

private:
  Bytes Data;
  uint32_t BodyStart = 0;
};

struct Outcome {
  bool Decoded = false;
  bool Valid = false;
  ErrorKind Kind = ErrorKind::Io;
  std::string Message;
  uint64_t Offset = 0;
};

Outcome check(const Bytes &B, const Features &Feats = Features()) {
  Outcome O;
  auto Record = [&](llvm::Error E) {
    llvm::handleAllErrors(
        std::move(E),
        [&](const WasmError &W) {
          O.Kind = W.kind();
          O.Message = W.message();
          O.Offset = W.offset();
        },
        [&](const llvm::ErrorInfoBase &EI) { O.Message = EI.message(); });
  };
  auto M = decodeModule(B, "test.wasm", Feats);
  if (!M) {
    Record(M.takeError());
    return O;
  }
  O.Decoded = true;
  if (llvm::Error E = validateModule(**M)) {
    Record(std::move(E));
    return O;
  }
  O.Valid = true;
  return O;
}

void expectValid(const ModuleBytes &MB, const Features &Feats = Features()) {
  Outcome O = check(MB.bytes(), Feats);
  EXPECT_TRUE(O.Decoded) << "decode: " << O.Message;
  EXPECT_TRUE(O.Valid) << O.Message << " at " << O.Offset;
}

/// Message must start with Prefix, as the spec suite compares it.
void expectInvalid(const ModuleBytes &MB, const std::string &Prefix,
                   uint64_t Offset = WasmError::NoOffset,
                   const Features &Feats = Features()) {
  Outcome O = check(MB.bytes(), Feats);
  ASSERT_TRUE(O.Decoded) << "decode: " << O.Message;
  ASSERT_FALSE(O.Valid) << "expected \"" << Prefix << "\"";
  EXPECT_EQ(O.Kind, ErrorKind::Invalid);
  EXPECT_EQ(O.Message.compare(0, Prefix.size(), Prefix), 0)
      << "message \"" << O.Message << "\" does not start with \"" << Prefix
      << "\"";
  if (Offset != WasmError::NoOffset) {
    EXPECT_EQ(O.Offset, Offset) << O.Message;
  }
}

//===----------------------------------------------------------------------===//
// Module-level rules
//===----------------------------------------------------------------------===//

TEST(ValidatorTest, EmptyModuleIsValid) { expectValid(ModuleBytes()); }

TEST(ValidatorTest, AddOfTwoParams) {
  ModuleBytes MB;
  MB.types({0x01,                   // one type
            0x60, 0x02, 0x7f, 0x7f, // func (i32 i32)
            0x01, 0x7f})            // -> (i32)
      .oneFunc()
      .code({0x20, 0x00, // local.get 0
             0x20, 0x01, // local.get 1
             0x6a,       // i32.add
             0x0b});     // end
  expectValid(MB);
}

TEST(ValidatorTest, MultipleMemories) {
  ModuleBytes MB;
  MB.section(5, {0x02,         // two memories
                 0x00, 0x00,   // min 0
                 0x00, 0x00}); // min 0
  // Valid in Wasm 3.0 (multi-memory), invalid in 2.0.
  expectValid(MB);
  expectInvalid(MB, "multiple memories", WasmError::NoOffset,
                Features::wasm2());
}

TEST(ValidatorTest, Memory64Limits) {
  ModuleBytes MB;
  MB.section(5, {0x01,                              // one memory
                 0x04,                              // i64, no maximum
                 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, // min 2^48 + 1
                 0x41});
  expectInvalid(MB, "memory size must be at most 2^48 pages");
  ModuleBytes Ok;
  Ok.section(5, {0x01, 0x04,                        // one i64 memory
                 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, // min 2^48
                 0x40});
  expectValid(Ok);
}

/// A function [] -> [] over Memories (a memory section's content).
ModuleBytes memoryFunc(const Bytes &Memories, const Bytes &Body) {
  ModuleBytes MB;
  MB.types().oneFunc().section(5, Memories).code(Body);
  return MB;
}

TEST(ValidatorTest, MemoryIndicesAndAddressTypes) {
  const Bytes Two = {0x02, 0x00, 0x01, 0x04, 0x01}; // i32 memory, i64 memory
  // i32.load from memory 1 (i64) takes an i64 address.
  expectValid(memoryFunc(Two, {0x42, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1a,
                               0x0b}));
  expectInvalid(memoryFunc(Two, {0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1a,
                                 0x0b}),
                "type mismatch");
  // Memory 2 does not exist.
  expectInvalid(memoryFunc(Two, {0x42, 0x00, 0x28, 0x42, 0x02, 0x00, 0x1a,
                                 0x0b}),
                "unknown memory 2");
  // An offset of 2^32 only on the i64 memory.
  expectValid(memoryFunc(Two, {0x42, 0x00, 0x28, 0x42, 0x01, 0x80, 0x80,
                               0x80, 0x80, 0x10, 0x1a, 0x0b}));
  expectInvalid(memoryFunc(Two, {0x41, 0x00, 0x28, 0x02, 0x80, 0x80, 0x80,
                                 0x80, 0x10, 0x1a, 0x0b}),
                "offset out of range");
  // memory.size and memory.grow of memory 1 are i64.
  expectValid(memoryFunc(Two, {0x3f, 0x01, 0x40, 0x01, 0x1a, 0x0b}));
  expectInvalid(memoryFunc(Two, {0x3f, 0x00, 0x40, 0x01, 0x1a, 0x0b}),
                "type mismatch");
  // memory.copy from the i64 memory to the i32 one: [i32 i64 i32].
  expectValid(memoryFunc(Two, {0x41, 0x00, 0x42, 0x00, 0x41, 0x00, 0xfc,
                               0x0a, 0x00, 0x01, 0x0b}));
  expectInvalid(memoryFunc(Two, {0x41, 0x00, 0x42, 0x00, 0x42, 0x00, 0xfc,
                                 0x0a, 0x00, 0x01, 0x0b}),
                "type mismatch");
}

TEST(ValidatorTest, MemoryTooLarge) {
  ModuleBytes MB;
  MB.section(5, {0x01,               // one memory
                 0x00,               // no maximum
                 0x81, 0x80, 0x04}); // min 65537
  expectInvalid(MB, "memory size must be at most 65536 pages (4GiB)");
}

TEST(ValidatorTest, LimitsMinAboveMax) {
  ModuleBytes MB;
  MB.section(5, {0x01,         // one memory
                 0x01,         // with a maximum
                 0x02, 0x01}); // min 2, max 1
  expectInvalid(MB, "size minimum must not be greater than maximum");
}

TEST(ValidatorTest, TableLimitsMinAboveMax) {
  ModuleBytes MB;
  MB.section(4, {0x01,         // one table
                 0x70,         // funcref
                 0x01,         // with a maximum
                 0x05, 0x04}); // min 5, max 4
  expectInvalid(MB, "size minimum must not be greater than maximum");
}

TEST(ValidatorTest, DuplicateExportName) {
  ModuleBytes MB;
  MB.types().oneFunc();
  MB.section(7, {0x02,                    // two exports
                 0x01, 'a', 0x00, 0x00,   // "a" func 0
                 0x01, 'a', 0x00, 0x00}); // "a" func 0
  MB.code({0x0b});                        // end
  expectInvalid(MB, "duplicate export name");
}

TEST(ValidatorTest, ExportOfUnknownFunction) {
  ModuleBytes MB;
  MB.section(7, {0x01,                    // one export
                 0x01, 'f', 0x00, 0x03}); // "f" func 3
  expectInvalid(MB, "unknown function 3");
}

TEST(ValidatorTest, StartFunctionType) {
  ModuleBytes MB;
  MB.types({0x01,             // one type
            0x60, 0x00, 0x01, // func () ->
            0x7f})            // (i32)
      .oneFunc()
      .section(8, {0x00}); // start 0
  MB.code({0x41, 0x00,     // i32.const 0
           0x0b});         // end
  expectInvalid(MB, "start function");
}

TEST(ValidatorTest, StartOfUnknownFunction) {
  ModuleBytes MB;
  MB.section(8, {0x02}); // start 2
  expectInvalid(MB, "unknown function 2");
}

TEST(ValidatorTest, GlobalInitTypeMismatch) {
  ModuleBytes MB;
  MB.section(6, {0x01,               // one global
                 0x7f, 0x00,         // i32 const
                 0x42, 0x00, 0x0b}); // i64.const 0 end
  expectInvalid(MB, "type mismatch", 13);
}

TEST(ValidatorTest, GlobalInitReadsDefinedGlobal) {
  // Wasm 3.0 lets an initializer read the globals before it; 2.0 only
  // imported ones.
  ModuleBytes MB;
  MB.section(6, {0x02,               // two globals
                 0x7f, 0x00,         // i32 const
                 0x41, 0x00, 0x0b,   // i32.const 0 end
                 0x7f, 0x00,         // i32 const
                 0x23, 0x00, 0x0b}); // global.get 0 end
  expectValid(MB);
  expectInvalid(MB, "unknown global 0", 18, Features::wasm2());
}

TEST(ValidatorTest, GlobalInitReadsItselfOrLater) {
  ModuleBytes MB;
  MB.section(6, {0x02,               // two globals
                 0x7f, 0x00,         // i32 const
                 0x23, 0x01, 0x0b,   // global.get 1 end
                 0x7f, 0x00,         // i32 const
                 0x41, 0x00, 0x0b}); // i32.const 0 end
  expectInvalid(MB, "unknown global 1", 13);
}

TEST(ValidatorTest, ExtendedConstantExpressions) {
  ModuleBytes MB;
  MB.section(6, {0x02,                    // two globals
                 0x7e, 0x00,              // i64 const
                 0x42, 0x02, 0x42, 0x03,  // i64.const 2, i64.const 3
                 0x7e, 0x0b,              // i64.mul end
                 0x7f, 0x00,              // i32 const
                 0x41, 0x01, 0x23, 0x00,  // i32.const 1, global.get 0
                 0x6a, 0x0b});            // i32.add end
  // global 0 is an i64: i32.add finds it under the i32.
  expectInvalid(MB, "type mismatch: instruction requires [i32] but stack has [i64]", 25);
  expectInvalid(MB, "constant expression required", 17, Features::wasm2());
}

TEST(ValidatorTest, ExtendedConstantExpressionArity) {
  ModuleBytes MB;
  MB.section(6, {0x01,                    // one global
                 0x7f, 0x00,              // i32 const
                 0x41, 0x01, 0x6b, 0x0b}); // i32.const 1, i32.sub end
  expectInvalid(MB, "type mismatch", 15);
  ModuleBytes Ok;
  Ok.section(6, {0x01,                    // one global
                 0x7f, 0x00,              // i32 const
                 0x41, 0x01, 0x41, 0x02,  // i32.const 1, i32.const 2
                 0x6b, 0x41, 0x03, 0x6c,  // i32.sub, i32.const 3, i32.mul
                 0x0b});                  // end
  expectValid(Ok);
}

TEST(ValidatorTest, GlobalInitReadsMutableImport) {
  ModuleBytes MB;
  MB.section(2, {0x01,                 // one import
                 0x01, 'm', 0x01, 'g', // "m" "g"
                 0x03, 0x7f, 0x01});   // global mut i32
  MB.section(6, {0x01,                 // one global
                 0x7f, 0x00,           // i32 const
                 0x23, 0x00, 0x0b});   // global.get 0 end
  expectInvalid(MB, "constant expression required");
}

TEST(ValidatorTest, GlobalInitReadsImmutableImport) {
  ModuleBytes MB;
  MB.section(2, {0x01,                 // one import
                 0x01, 'm', 0x01, 'g', // "m" "g"
                 0x03, 0x7f, 0x00});   // global const i32
  MB.section(6, {0x01,                 // one global
                 0x7f, 0x00,           // i32 const
                 0x23, 0x00, 0x0b});   // global.get 0 end
  expectValid(MB);
}

TEST(ValidatorTest, GlobalInitNotConstant) {
  ModuleBytes MB;
  MB.section(6, {0x01,       // one global
                 0x7f, 0x00, // i32 const
                 0x41, 0x00, // i32.const 0
                 0x68,       // i32.ctz
                 0x0b});     // end
  expectInvalid(MB, "constant expression required", 15);
}

TEST(ValidatorTest, GlobalInitEmpty) {
  ModuleBytes MB;
  MB.section(6, {0x01,       // one global
                 0x7f, 0x00, // i32 const
                 0x0b});     // end
  expectInvalid(MB, "type mismatch");
}

TEST(ValidatorTest, GlobalInitTwoValues) {
  ModuleBytes MB;
  MB.section(6, {0x01,       // one global
                 0x7f, 0x00, // i32 const
                 0x41, 0x00, // i32.const 0
                 0x41, 0x00, // i32.const 0
                 0x0b});     // end
  expectInvalid(MB, "type mismatch");
}

TEST(ValidatorTest, ImportOfUnknownType) {
  ModuleBytes MB;
  MB.section(2, {0x01,                 // one import
                 0x01, 'm', 0x01, 'f', // "m" "f"
                 0x00, 0x00});         // func type 0
  expectInvalid(MB, "unknown type 0");
}

TEST(ValidatorTest, ElemSegmentOfUnknownTable) {
  ModuleBytes MB;
  MB.types().oneFunc();
  MB.section(9, {0x01,             // one segment
                 0x00,             // active, table 0, funcref indices
                 0x41, 0x00, 0x0b, // i32.const 0 end
                 0x01, 0x00});     // func 0
  MB.code({0x0b});                 // end
  expectInvalid(MB, "unknown table 0");
}

TEST(ValidatorTest, DataSegmentOfUnknownMemory) {
  ModuleBytes MB;
  MB.section(11, {0x01,             // one segment
                  0x00,             // active, memory 0
                  0x41, 0x00, 0x0b, // i32.const 0 end
                  0x00});           // no bytes
  expectInvalid(MB, "unknown memory 0");
}

//===----------------------------------------------------------------------===//
// Function bodies
//===----------------------------------------------------------------------===//

/// A module of one [] -> [] function with Body; Extra sections come between
/// the function and code sections (memory, globals, data count).
ModuleBytes
funcWith(const Bytes &Body,
         std::initializer_list<std::pair<uint8_t, Bytes>> Extra = {}) {
  ModuleBytes MB;
  MB.types().oneFunc();
  for (const auto &[Id, Content] : Extra)
    MB.section(Id, Content);
  MB.code(Body);
  return MB;
}

const std::pair<uint8_t, Bytes> OneMemory = {5, {0x01, 0x00, 0x01}};

TEST(ValidatorTest, BinaryOperandTypeMismatch) {
  ModuleBytes MB = funcWith({0x41, 0x00, // i32.const 0
                             0x42, 0x00, // i64.const 0
                             0x6a,       // i32.add
                             0x1a,       // drop
                             0x0b});     // end
  expectInvalid(MB, "type mismatch", MB.bodyStart() + 4);
}

TEST(ValidatorTest, EmptyStack) {
  ModuleBytes MB = funcWith({0x1a,   // drop
                             0x0b}); // end
  expectInvalid(MB, "type mismatch", MB.bodyStart());
}

TEST(ValidatorTest, ValueLeftAtEnd) {
  ModuleBytes MB = funcWith({0x41, 0x00, // i32.const 0
                             0x0b});     // end
  expectInvalid(MB, "type mismatch", MB.bodyStart() + 2);
}

TEST(ValidatorTest, UnreachableMakesStackPolymorphic) {
  expectValid(funcWith({0x00,            // unreachable
                        0x6a,            // i32.add
                        0x1a,            // drop
                        0x0b}));         // end
  ModuleBytes MB = funcWith({0x00,       // unreachable
                             0x42, 0x00, // i64.const 0
                             0x6a,       // i32.add
                             0x1a,       // drop
                             0x0b});     // end
  expectInvalid(MB, "type mismatch", MB.bodyStart() + 3);
}

TEST(ValidatorTest, UnknownLocal) {
  ModuleBytes MB = funcWith({0x20, 0x00, // local.get 0
                             0x1a,       // drop
                             0x0b});     // end
  expectInvalid(MB, "unknown local 0", MB.bodyStart());
}

TEST(ValidatorTest, DeclaredLocals) {
  ModuleBytes MB;
  MB.types().oneFunc().code({0x20, 0x02,   // local.get 2
                             0x21, 0x00,   // local.set 0
                             0x0b},        // end
                            {0x02,         // two runs
                             0x02, 0x7e,   // 2 x i64
                             0x01, 0x7e}); // 1 x i64
  expectValid(MB);
}

TEST(ValidatorTest, UnknownLabel) {
  ModuleBytes MB = funcWith({0x02, 0x40, // block
                             0x0c, 0x02, // br 2
                             0x0b,       // end
                             0x0b});     // end
  expectInvalid(MB, "unknown label 2", MB.bodyStart() + 2);
}

TEST(ValidatorTest, UnknownFunction) {
  ModuleBytes MB = funcWith({0x10, 0x05, // call 5
                             0x0b});     // end
  expectInvalid(MB, "unknown function 5", MB.bodyStart());
}

TEST(ValidatorTest, CallIndirectWithoutTable) {
  ModuleBytes MB = funcWith({0x41, 0x00,       // i32.const 0
                             0x11, 0x00, 0x00, // call_indirect type 0 table 0
                             0x0b});           // end
  expectInvalid(MB, "unknown table 0", MB.bodyStart() + 2);
}

TEST(ValidatorTest, LoadWithoutMemory) {
  ModuleBytes MB = funcWith({0x41, 0x00,       // i32.const 0
                             0x28, 0x02, 0x00, // i32.load align=4
                             0x1a,             // drop
                             0x0b});           // end
  expectInvalid(MB, "unknown memory 0", MB.bodyStart() + 2);
}

TEST(ValidatorTest, AlignmentLargerThanNatural) {
  ModuleBytes MB = funcWith({0x41, 0x00,       // i32.const 0
                             0x2c, 0x01, 0x00, // i32.load8_s align=2
                             0x1a,             // drop
                             0x0b},            // end
                            {OneMemory});
  expectInvalid(MB, "alignment must not be larger than natural",
                MB.bodyStart() + 2);
}

TEST(ValidatorTest, GlobalIsImmutable) {
  ModuleBytes MB = funcWith({0x41, 0x00, // i32.const 0
                             0x24, 0x00, // global.set 0
                             0x0b},      // end
                            {{6,
                              {0x01,                 // one global
                               0x7f, 0x00,           // i32 const
                               0x41, 0x00, 0x0b}}}); // i32.const 0 end
  // The wording changed in Wasm 3.0's reference interpreter.
  expectInvalid(MB, "immutable global", MB.bodyStart() + 2);
  expectInvalid(MB, "global is immutable", MB.bodyStart() + 2,
                Features::wasm2());
}

TEST(ValidatorTest, IfWithoutElseMustPassItsParams) {
  ModuleBytes MB = funcWith({0x41, 0x00, // i32.const 0
                             0x04, 0x7f, // if (result i32)
                             0x41, 0x01, // i32.const 1
                             0x0b,       // end
                             0x1a,       // drop
                             0x0b});     // end
  expectInvalid(MB, "type mismatch", MB.bodyStart() + 6);
}

TEST(ValidatorTest, MultiValueBlock) {
  ModuleBytes MB;
  MB.types({0x02,                                // two types
            0x60, 0x00, 0x00,                    // [] -> []
            0x60, 0x01, 0x7f, 0x02, 0x7f, 0x7e}) // [i32] -> [i32 i64]
      .oneFunc()
      .code({0x41, 0x00, // i32.const 0
             0x02, 0x01, // block (type 1)
             0x42, 0x00, // i64.const 0
             0x0b,       // end
             0x1a,       // drop
             0x1a,       // drop
             0x0b});     // end
  expectValid(MB);
}

TEST(ValidatorTest, BrTableArity) {
  ModuleBytes MB = funcWith({0x02, 0x7f,             // block (result i32)
                             0x41, 0x00,             // i32.const 0
                             0x41, 0x00,             // i32.const 0
                             0x0e, 0x01, 0x00, 0x01, // br_table 0 1
                             0x0b,                   // end
                             0x1a,                   // drop
                             0x0b});                 // end
  expectInvalid(MB, "type mismatch", MB.bodyStart() + 6);
}

TEST(ValidatorTest, SelectNeedsNumericOperands) {
  ModuleBytes MB = funcWith({0xd0, 0x70, // ref.null func
                             0xd0, 0x70, // ref.null func
                             0x41, 0x00, // i32.const 0
                             0x1b,       // select
                             0x1a,       // drop
                             0x0b});     // end
  expectInvalid(MB, "type mismatch", MB.bodyStart() + 6);
  expectValid(funcWith({0xd0, 0x70,       // ref.null func
                        0xd0, 0x70,       // ref.null func
                        0x41, 0x00,       // i32.const 0
                        0x1c, 0x01, 0x70, // select (result funcref)
                        0x1a,             // drop
                        0x0b}));          // end
}

TEST(ValidatorTest, SelectWithTwoTypes) {
  ModuleBytes MB = funcWith({0x41, 0x00,             // i32.const 0
                             0x41, 0x00,             // i32.const 0
                             0x41, 0x00,             // i32.const 0
                             0x1c, 0x02, 0x7f, 0x7f, // select (result i32 i32)
                             0x1a,                   // drop
                             0x0b});                 // end
  expectInvalid(MB, "invalid result arity", MB.bodyStart() + 6);
}

TEST(ValidatorTest, UndeclaredFunctionReference) {
  ModuleBytes MB = funcWith({0xd2, 0x00, // ref.func 0
                             0x1a,       // drop
                             0x0b});     // end
  expectInvalid(MB, "undeclared function reference", MB.bodyStart());
}

TEST(ValidatorTest, DeclaredFunctionReference) {
  ModuleBytes MB;
  MB.types().oneFunc();
  MB.section(7, {0x01,                    // one export
                 0x01, 'f', 0x00, 0x00}); // "f" func 0
  MB.code({0xd2, 0x00,                    // ref.func 0
           0x1a,                          // drop
           0x0b});                        // end
  expectValid(MB);
}

TEST(ValidatorTest, UnknownDataSegment) {
  ModuleBytes MB = funcWith({0xfc, 0x09, 0x00, // data.drop 0
                             0x0b},            // end
                            {{12, {0x00}}});   // data count 0
  expectInvalid(MB, "unknown data segment 0", MB.bodyStart());
}

TEST(ValidatorTest, UnknownElemSegment) {
  ModuleBytes MB = funcWith({0xfc, 0x0d, 0x00, // elem.drop 0
                             0x0b});           // end
  expectInvalid(MB, "unknown elem segment 0", MB.bodyStart());
}

TEST(ValidatorTest, TableInitTypeMismatch) {
  ModuleBytes MB;
  MB.types().oneFunc();
  MB.section(4, {0x01, 0x6f, 0x00, 0x01}); // one table: externref, min 1
  MB.section(9, {0x01,                     // one segment
                 0x01, 0x00,               // passive, funcref indices
                 0x00});                   // none
  MB.code({0x41, 0x00,                     // i32.const 0
           0x41, 0x00,                     // i32.const 0
           0x41, 0x00,                     // i32.const 0
           0xfc, 0x0c, 0x00, 0x00,         // table.init 0 0
           0x0b});                         // end
  expectInvalid(MB, "type mismatch", MB.bodyStart() + 6);
}

//===----------------------------------------------------------------------===//
// Every operator with a fixed signature, from the opcode table
//===----------------------------------------------------------------------===//

enum class T : uint8_t { _, X, I32, I64, F32, F64, V128 };

struct Row {
  const char *Text;
  uint8_t Prefix;
  uint32_t Code;
  ImmKind Imm;
  T Result, P0, P1;
};

const Row Rows[] = {
#define WASM_OP(Name, Prefix, Code, Text, Imm, Result, P0, P1)                 \
  {Text, Prefix, Code, ImmKind::Imm, T::Result, T::P0, T::P1},
#include "Opcodes.def"
};

/// Pushes a zero of type Ty.
void pushConst(Bytes &B, T Ty) {
  switch (Ty) {
  case T::I32:
    B.insert(B.end(), {0x41, 0x00}); // i32.const 0
    break;
  case T::I64:
    B.insert(B.end(), {0x42, 0x00}); // i64.const 0
    break;
  case T::F32:
    B.insert(B.end(), {0x43, 0, 0, 0, 0}); // f32.const 0
    break;
  case T::F64:
    B.insert(B.end(), {0x44, 0, 0, 0, 0, 0, 0, 0, 0}); // f64.const 0
    break;
  default:
    break;
  }
}

/// The opcode with zero immediates (natural alignment for memargs).
void encodeOp(Bytes &B, const Row &R) {
  if (R.Prefix)
    B.push_back(R.Prefix);
  appendULEB(B, R.Code);
  switch (R.Imm) {
  case ImmKind::MemArg1:
  case ImmKind::MemArg2:
  case ImmKind::MemArg4:
  case ImmKind::MemArg8: {
    uint8_t Log2 = R.Imm == ImmKind::MemArg1   ? 0
                   : R.Imm == ImmKind::MemArg2 ? 1
                   : R.Imm == ImmKind::MemArg4 ? 2
                                               : 3;
    B.insert(B.end(), {Log2, 0x00}); // align, offset 0
    break;
  }
  case ImmKind::Memory:
  case ImmKind::I32:
  case ImmKind::I64:
    B.push_back(0x00);
    break;
  case ImmKind::F32:
    B.insert(B.end(), {0, 0, 0, 0});
    break;
  case ImmKind::F64:
    B.insert(B.end(), {0, 0, 0, 0, 0, 0, 0, 0});
    break;
  default:
    break;
  }
}

bool isFixed(const Row &R) {
  return R.Result != T::X && R.Result != T::V128 && R.P0 != T::V128 &&
         R.P1 != T::V128 && R.Imm != ImmKind::MemArg16;
}

//===----------------------------------------------------------------------===//
// Typed function references
//===----------------------------------------------------------------------===//

/// Type 0: [] -> [i32]; type 1: [P] -> [i32]; function 0 an import of
/// type 0, exported (so ref.func 0 : (ref 0) is declared); function 1 of
/// type 1 with Locals and Body.
ModuleBytes typedRefFunc(const Bytes &P, const Bytes &Body,
                         const Bytes &Locals = {0x00}) {
  ModuleBytes MB;
  Bytes Types = {0x02,                   // two types
                 0x60, 0x00, 0x01, 0x7f, // 0: [] -> [i32]
                 0x60, 0x01};            // 1: [P] ...
  Types.insert(Types.end(), P.begin(), P.end());
  Types.insert(Types.end(), {0x01, 0x7f}); // ... -> [i32]
  MB.types(Types);
  MB.section(2, {0x01,                    // one import
                 0x01, 'm', 0x01, 'f',    // "m" "f"
                 0x00, 0x00});            // func of type 0
  MB.section(3, {0x01, 0x01});            // one function of type 1
  MB.section(7, {0x01,                    // one export
                 0x01, 'f', 0x00, 0x00}); // "f" func 0
  MB.code(Body, Locals);
  return MB;
}

const Bytes RefNull0 = {0x63, 0x00}; // (ref null 0)
const Bytes Ref0 = {0x64, 0x00};     // (ref 0)

TEST(ValidatorTest, CallRefOfTypedReference) {
  expectValid(typedRefFunc(RefNull0, {0x20, 0x00, // local.get 0
                                      0x14, 0x00, // call_ref 0
                                      0x0b}));    // end
  expectValid(typedRefFunc(Ref0, {0x20, 0x00, 0x14, 0x00, 0x0b}));
}

TEST(ValidatorTest, CallRefOfFuncrefIsATypeMismatch) {
  // funcref is a supertype of (ref null 0), not a subtype.
  ModuleBytes MB = typedRefFunc({0x70}, {0x20, 0x00, // local.get 0
                                         0x14, 0x00, // call_ref 0
                                         0x0b});     // end
  expectInvalid(MB, "type mismatch", MB.bodyStart() + 2);
}

TEST(ValidatorTest, RefFuncIsANonNullTypedReference) {
  // ref.func 0 : (ref 0), a subtype of (ref null 0) and of funcref.
  expectValid(typedRefFunc({0x70}, {0xd2, 0x00, // ref.func 0
                                    0x14, 0x00, // call_ref 0
                                    0x0b}));    // end
  expectValid(typedRefFunc({0x70}, {0xd2, 0x00, // ref.func 0
                                    0x21, 0x00, // local.set 0
                                    0x41, 0x00, // i32.const 0
                                    0x0b}));    // end
}

TEST(ValidatorTest, NonNullableLocalMustBeSetBeforeRead) {
  const Bytes OneRefLocal = {0x01, 0x01, 0x64, 0x00}; // one local (ref 0)
  ModuleBytes Unset = typedRefFunc({0x7f},
                                   {0x20, 0x01, // local.get 1
                                    0x14, 0x00, // call_ref 0
                                    0x0b},      // end
                                   OneRefLocal);
  expectInvalid(Unset, "uninitialized local", Unset.bodyStart());
  expectValid(typedRefFunc({0x7f},
                           {0xd2, 0x00, // ref.func 0
                            0x21, 0x01, // local.set 1
                            0x20, 0x01, // local.get 1
                            0x14, 0x00, // call_ref 0
                            0x0b},      // end
                           OneRefLocal));
  // A set inside a block is forgotten at its end.
  ModuleBytes InBlock = typedRefFunc({0x7f},
                                     {0x02, 0x40, // block
                                      0xd2, 0x00, // ref.func 0
                                      0x21, 0x01, // local.set 1
                                      0x0b,       // end
                                      0x20, 0x01, // local.get 1
                                      0x14, 0x00, // call_ref 0
                                      0x0b},      // end
                                     OneRefLocal);
  expectInvalid(InBlock, "uninitialized local", InBlock.bodyStart() + 7);
}

TEST(ValidatorTest, RefAsNonNullAndBrOnNull) {
  const Bytes OneRefLocal = {0x01, 0x01, 0x64, 0x00}; // one local (ref 0)
  expectValid(typedRefFunc(RefNull0,
                           {0x20, 0x00, // local.get 0
                            0xd4,       // ref.as_non_null
                            0x21, 0x01, // local.set 1
                            0x20, 0x01, // local.get 1
                            0x14, 0x00, // call_ref 0
                            0x0b},      // end
                           OneRefLocal));
  ModuleBytes Nullable = typedRefFunc(RefNull0,
                                      {0x20, 0x00, // local.get 0
                                       0x21, 0x01, // local.set 1
                                       0x41, 0x00, // i32.const 0
                                       0x0b},      // end
                                      OneRefLocal);
  expectInvalid(Nullable, "type mismatch", Nullable.bodyStart() + 2);
  expectValid(typedRefFunc(RefNull0,
                           {0x02, 0x40, // block
                            0x20, 0x00, // local.get 0
                            0xd5, 0x00, // br_on_null 0
                            0x21, 0x01, // local.set 1
                            0x0b,       // end
                            0x41, 0x00, // i32.const 0
                            0x0b},      // end
                           OneRefLocal));
}

TEST(ValidatorTest, BrOnNonNullNeedsAReferenceLabel) {
  ModuleBytes MB = typedRefFunc(RefNull0, {0x02, 0x40, // block
                                           0x20, 0x00, // local.get 0
                                           0xd6, 0x00, // br_on_non_null 0
                                           0x0b,       // end
                                           0x41, 0x00, // i32.const 0
                                           0x0b});     // end
  expectInvalid(MB, "type mismatch", MB.bodyStart() + 4);
  expectValid(typedRefFunc(RefNull0, {0x02, 0x64, 0x00, // block (ref 0)
                                      0x20, 0x00,       // local.get 0
                                      0xd6, 0x00,       // br_on_non_null 0
                                      0xd2, 0x00,       // ref.func 0
                                      0x0b,             // end
                                      0x14, 0x00,       // call_ref 0
                                      0x0b}));          // end
}

TEST(ValidatorTest, NonNullableTableNeedsAnInitializer) {
  ModuleBytes MB;
  MB.types({0x01, 0x60, 0x00, 0x00}).oneFunc();
  MB.section(4, {0x01,                     // one table
                 0x64, 0x00, 0x00, 0x01}); // (ref 0), min 1
  MB.code({0x0b});
  expectInvalid(MB, "type mismatch");
  ModuleBytes Init;
  Init.types({0x01, 0x60, 0x00, 0x00}).oneFunc();
  Init.section(4, {0x01,                   // one table
                   0x40, 0x00,             // with an initializer
                   0x64, 0x00, 0x00, 0x01, // (ref 0), min 1
                   0xd2, 0x00, 0x0b});     // ref.func 0
  Init.code({0x0b});
  expectValid(Init);
}

TEST(ValidatorTest, TypeIndicesInTypesMustExist) {
  ModuleBytes Later;
  Later.types({0x02,                         // two types
               0x60, 0x01, 0x63, 0x01, 0x00, // 0: [(ref null 1)] -> []
               0x60, 0x00, 0x00});           // 1: [] -> []
  expectInvalid(Later, "unknown type 1");
  ModuleBytes Self;
  Self.types({0x01,                           // one type
              0x60, 0x01, 0x63, 0x00, 0x00}); // 0: [(ref null 0)] -> []
  expectValid(Self);
  ModuleBytes MB = typedRefFunc({0x7f}, {0xd0, 0x05, // ref.null 5
                                         0x1a,       // drop
                                         0x41, 0x00, // i32.const 0
                                         0x0b});     // end
  expectInvalid(MB, "unknown type 5", MB.bodyStart());
}

TEST(ValidatorTest, StructurallyEqualTypesAreEquivalent) {
  // Types 1 and 2 are both [] -> [i32]: (ref 2) is a (ref 1).
  ModuleBytes MB;
  MB.types({0x03,                               // three types
            0x60, 0x00, 0x00,                   // 0: [] -> []
            0x60, 0x00, 0x01, 0x7f,             // 1: [] -> [i32]
            0x60, 0x00, 0x01, 0x7f});           // 2: [] -> [i32]
  MB.section(2, {0x01, 0x01, 'm', 0x01, 'f',    // import "m" "f"
                 0x00, 0x02});                  // func of type 2
  MB.section(3, {0x01, 0x00});                  // one function of type 0
  MB.section(7, {0x01, 0x01, 'f', 0x00, 0x00}); // export "f" func 0
  MB.code({0xd2, 0x00,                          // ref.func 0 : (ref 2)
           0x14, 0x01,                          // call_ref 1
           0x1a,                                // drop
           0x0b});                              // end
  expectValid(MB);
}

TEST(ValidatorTest, GCAbstractHeapTypesAreValid) {
  for (uint8_t Heap : {0x6e, 0x6d, 0x6c, 0x6b, 0x6a, 0x71}) // any ... none
    expectValid(typedRefFunc({Heap}, {0x41, 0x00, 0x0b}));
}

TEST(ValidatorTest, StructTypedValuesAreValid) {
  ModuleBytes MB;
  MB.types({0x02,                   // two types
            0x5f, 0x00,             // 0: (struct)
            0x60, 0x01, 0x63, 0x00, // 1: [(ref null 0)] ...
            0x00});                 // ... -> []
  MB.section(3, {0x01, 0x01});      // one function of type 1
  MB.code({0x0b});
  expectValid(MB);
}

/// A module of four types (0: (array (mut i8)), 1: (array i8), 2: (array
/// (mut funcref)), 3: [] -> []), one function of type 3 with Body, a data
/// count and one passive data segment "a".
ModuleBytes arraySegmentModule(const Bytes &Body) {
  ModuleBytes MB;
  MB.types({0x04,                   // four types
            0x5e, 0x78, 0x01,       // 0: (array (mut i8))
            0x5e, 0x78, 0x00,       // 1: (array i8)
            0x5e, 0x70, 0x01,       // 2: (array (mut funcref))
            0x60, 0x00, 0x00});     // 3: [] -> []
  MB.section(3, {0x01, 0x03});      // one function of type 3
  MB.section(12, {0x01});           // data count 1
  MB.code(Body);
  MB.section(11, {0x01, 0x01, 0x01, 'a'}); // passive data "a"
  return MB;
}

TEST(ValidatorTest, ArraySegmentOperators) {
  // array.new_data 0 0 of [i32 i32] is valid; array.init_data of an
  // immutable array and array.new_data of references are not, with the
  // reference interpreter's words.
  expectValid(arraySegmentModule({0x41, 0x00, 0x41, 0x00, // offset, length
                                  0xfb, 0x09, 0x00, 0x00, // array.new_data 0 0
                                  0x1a, 0x0b}));          // drop end
  ModuleBytes Immutable = arraySegmentModule(
      {0xd0, 0x01,                          // ref.null 1
       0x41, 0x00, 0x41, 0x00, 0x41, 0x00,  // dst, offset, length
       0xfb, 0x12, 0x01, 0x00, 0x0b});      // array.init_data 1 0 end
  expectInvalid(Immutable, "immutable array", Immutable.bodyStart() + 8);
  ModuleBytes Refs = arraySegmentModule({0x41, 0x00, 0x41, 0x00,
                                         0xfb, 0x09, 0x02, 0x00, // new_data 2 0
                                         0x1a, 0x0b});
  expectInvalid(Refs, "array type is not numeric or vector",
                Refs.bodyStart() + 4);
  // Without a data count section the binary may not name a data segment.
  ModuleBytes NoCount;
  NoCount.types({0x02, 0x5e, 0x78, 0x01, 0x60, 0x00, 0x00});
  NoCount.section(3, {0x01, 0x01});
  NoCount.code({0x41, 0x00, 0x41, 0x00, 0xfb, 0x09, 0x00, 0x00, 0x1a, 0x0b});
  NoCount.section(11, {0x01, 0x01, 0x01, 'a'});
  Outcome O = check(NoCount.bytes());
  EXPECT_FALSE(O.Valid);
  EXPECT_EQ(O.Message, "data count section required");
}

TEST(ValidatorTest, TypedSelectTakesSubtypes) {
  expectValid(typedRefFunc(Ref0, {0x20, 0x00,          // local.get 0
                                  0xd0, 0x70,          // ref.null func
                                  0x41, 0x01,          // i32.const 1
                                  0x1c, 0x01, 0x70,    // select (funcref)
                                  0x1a,                // drop
                                  0x41, 0x00, 0x0b})); // i32.const 0 end
  // Untyped select does not take references.
  ModuleBytes MB = typedRefFunc(Ref0, {0x20, 0x00, 0x20, 0x00, // two refs
                                       0x41, 0x01,             // i32.const 1
                                       0x1b,                   // select
                                       0x1a, 0x41, 0x00, 0x0b});
  expectInvalid(MB, "type mismatch", MB.bodyStart() + 6);
}

TEST(ValidatorTest, EveryFixedSignatureRowAcceptsItsOperands) {
  for (const Row &R : Rows) {
    if (!isFixed(R))
      continue;
    SCOPED_TRACE(R.Text);
    Bytes Body;
    pushConst(Body, R.P0);
    pushConst(Body, R.P1);
    encodeOp(Body, R);
    if (R.Result != T::_)
      Body.push_back(0x1a); // drop
    Body.push_back(0x0b);   // end
    expectValid(funcWith(Body, {OneMemory}));
  }
}

TEST(ValidatorTest, EveryFixedSignatureRowRejectsWrongOperands) {
  for (const Row &R : Rows) {
    if (!isFixed(R) || R.P0 == T::_)
      continue;
    SCOPED_TRACE(R.Text);
    auto Wrong = [](T Ty) { return Ty == T::I32 ? T::I64 : T::I32; };
    // The last operand, the one popped first, has the wrong type.
    Bytes Body;
    if (R.P1 != T::_) {
      pushConst(Body, R.P0);
      pushConst(Body, Wrong(R.P1));
    } else {
      pushConst(Body, Wrong(R.P0));
    }
    uint32_t OpOffset = Body.size();
    encodeOp(Body, R);
    if (R.Result != T::_)
      Body.push_back(0x1a); // drop
    Body.push_back(0x0b);   // end
    ModuleBytes MB = funcWith(Body, {OneMemory});
    expectInvalid(MB, "type mismatch", MB.bodyStart() + OpOffset);
  }
}

} // namespace
