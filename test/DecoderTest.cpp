//===- DecoderTest.cpp - decodeModule and BodyReader, error by error ------===//

#include "Decoder.h"
#include "Error.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <vector>

using namespace wasm2so;

namespace {

using Bytes = std::vector<uint8_t>;

/// The 8-byte header followed by the given pieces.
Bytes module(std::initializer_list<Bytes> Pieces) {
  Bytes Out = {0x00, 0x61, 0x73, 0x6d,  // "\0asm"
               0x01, 0x00, 0x00, 0x00}; // version 1
  for (const Bytes &P : Pieces)
    Out.insert(Out.end(), P.begin(), P.end());
  return Out;
}

// Sections used by many cases.
const Bytes TypeVoid = {0x01, 0x04,  // type section, 4 bytes
                        0x01,        // 1 type
                        0x60,        // func
                        0x00,        // no params
                        0x00};       // no results
const Bytes OneFunc = {0x03, 0x02,   // function section, 2 bytes
                       0x01,         // 1 function
                       0x00};        // type 0
const Bytes OneMemory = {0x05, 0x03, // memory section, 3 bytes
                         0x01,       // 1 memory
                         0x00,       // no max
                         0x00};      // min 0

/// A code section holding one body with no locals; Body excludes the
/// local declaration count.
Bytes codeSection(const Bytes &Body) {
  uint8_t BodySize = uint8_t(Body.size() + 1);
  Bytes Out = {0x0a, uint8_t(BodySize + 2), // code section, size
               0x01,                        // 1 body
               BodySize,                    // body size
               0x00};                       // no local declarations
  Out.insert(Out.end(), Body.begin(), Body.end());
  return Out;
}

struct ErrorCase {
  const char *Name;
  Bytes Wasm;
  ErrorKind Kind;
  uint64_t Offset;
  const char *Message; // expected prefix
  bool Wasm2 = false;  // decoded as Wasm 2.0 (Features::wasm2())
};

// clang-format off: byte arrays keep one comment per byte or field.
std::vector<ErrorCase> errorCases() {
  const ErrorKind M = ErrorKind::Malformed;
  return {
      {"empty file", {}, M, 0, "unexpected end"},
      {"truncated magic", {0x00, 0x61, 0x73}, M, 3, "unexpected end"},
      {"bad magic",
       {0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00}, // "\0asn"
       M,
       0,
       "magic header not detected"},
      {"truncated version",
       {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00}, // version cut after 2 bytes
       M,
       6,
       "unexpected end"},
      {"wrong version",
       {0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00}, // version 2
       M,
       4,
       "unknown binary version"},
      {"section id", module({{0x0e, 0x00}}), // id 14, size 0
       M, 8, "malformed section id"},
      {"section size truncated",
       module({{0x01}}), // type section id, then nothing
       M, 9, "unexpected end"},
      {"section size past the end",
       module({{0x01, 0x05,    // type section, 5 bytes
                0x01, 0x60}}), // only 2 of them
       M, 9, "length out of bounds"},
      {"section size mismatch",
       module({{0x01, 0x05,             // type section, 5 bytes
                0x01, 0x60, 0x00, 0x00, // 1 type () -> () in 4 bytes
                0x00}}),                // a fifth byte in the section
       M, 8, "section size mismatch"},
      {"duplicate section",
       module({TypeVoid,
               OneFunc,
               {0x08, 0x01, 0x00},   // start section: function 0
               {0x08, 0x01, 0x00}}), // start section again, offset 0x15
       M, 0x15, "unexpected content after last section"},
      {"sections out of order",
       module({OneFunc,    // function section first
               TypeVoid}), // type section, offset 0x0c
       M, 0x0c, "unexpected content after last section"},
      {"function without code",
       module({TypeVoid, OneFunc}), // 18 bytes, no code section
       M, 18, "function and code section have inconsistent lengths"},
      {"code without function",
       module({{0x0a, 0x04, // code section, 4 bytes
                0x01,       // 1 body (offset 10)
                0x02, 0x00, 0x0b}}),
       M, 10, "function and code section have inconsistent lengths"},
      {"data count mismatch",
       module({{0x0c, 0x01, 0x02}, // data count 2
               {0x0b, 0x03,        // data section, 3 bytes
                0x01,              // 1 segment (offset 13)
                0x01, 0x00}}),     // passive, empty
       M, 13, "data count and data section have inconsistent lengths"},
      {"data count missing",
       module({TypeVoid,
               OneFunc,
               OneMemory,
               codeSection({0xfc, 0x09, 0x00,    // data.drop 0 (offset 0x1c)
                            0x0b}),              // end
               {0x0b, 0x03, 0x01, 0x01, 0x00}}), // data: 1 passive segment
       M, 0x1c, "data count section required"},
      {"function type form",
       module({{0x01, 0x04, 0x01,
                0x61, // not 0x60 (offset 11)
                0x00, 0x00}}),
       M, 11, "malformed function type"},
      {"function type as long LEB",
       module(
           {{0x01, 0x05, 0x01, 0xe0, 0x7f, // -0x20 as a 2-byte s7 (offset 11)
             0x00, 0x00}}),
       M, 11, "integer representation too long"},
      {"value type",
       module({{0x01, 0x05, 0x01, 0x60, 0x01,
                0x7a, // 1 param of type 0x7a (offset 13)
                0x00}}),
       M, 13, "malformed value type"},
      {"import kind",
       module({{0x02, 0x05, // import section, 5 bytes
                0x01,       // 1 import
                0x00,       // module ""
                0x00,       // name ""
                0x05,       // kind 5 (offset 13)
                0x00}}),
       M, 13, "malformed import kind"},
      {"import name UTF-8",
       module({{0x02, 0x07, 0x01, 0x02, 0xc0,
                0x80, // module name: overlong NUL (offset 11)
                0x00, 0x00, 0x00}}),
       M, 11, "malformed UTF-8 encoding"},
      {"export kind",
       module({{0x07, 0x04, // export section
                0x01,       // 1 export
                0x00,       // name ""
                0x05,       // kind 5 (offset 12)
                0x00}}),
       M, 12, "malformed export kind"},
      {"mutability",
       module({{0x06, 0x06, // global section
                0x01,       // 1 global
                0x7f,       // i32
                0x02,       // mutability 2 (offset 12)
                0x41, 0x00, 0x0b}}),
       M, 12, "malformed mutability"},
      {"limits flags",
       module({{0x05, 0x03, 0x01,
                0x02, // flags 2 (offset 11)
                0x00}}),
       M, 11, "integer too large", /*Wasm2=*/true},
      {"shared limits (threads, not in 3.0)",
       module({{0x05, 0x04, 0x01,
                0x03, // flags 3: shared, with a maximum (offset 11)
                0x00, 0x01}}),
       M, 11, "malformed limits flags"},
      {"unknown limits flag",
       module({{0x05, 0x03, 0x01,
                0x08, // flags 8 (offset 11)
                0x00}}),
       M, 11, "malformed limits flags"},
      {"memory64 minimum past 64 bits",
       module({{0x05, 0x0c, 0x01,
                0x04, // flags 4: i64 addresses, no maximum
                0xff, 0xff, 0xff, 0xff, 0xff, // min: 11 bytes of LEB128
                0xff, 0xff, 0xff, 0xff, 0xff, // (offset 12)
                0x01}}),
       M, 12, "integer representation too long"},
      {"memop flags past 7 bits",
       module({TypeVoid, OneFunc, OneMemory,
               codeSection({0x41, 0x00,       // i32.const 0
                            0x28, 0x80, 0x01, // i32.load, flags 128 (0x1f)
                            0x00, 0x1a, 0x0b})}),
       M, 0x1f, "malformed memop flags"},
      {"memory offset past 64 bits",
       module({TypeVoid, OneFunc, OneMemory,
               codeSection({0x41, 0x00,       // i32.const 0
                            0x28, 0x02,       // i32.load align 4
                            0xff, 0xff, 0xff, 0xff, 0xff, // offset 2^64
                            0xff, 0xff, 0xff, 0xff, 0x02, // (0x20)
                            0x1a, 0x0b})}),
       M, 0x20, "integer too large"},
      {"limits flags as long LEB",
       module(
           {{0x05, 0x04, 0x01, 0x81, 0x00, // flags 1 in two bytes (offset 11)
             0x00}}),
       M, 11, "integer representation too long", /*Wasm2=*/true},
      {"table reference type",
       module({{0x04, 0x04, 0x01,
                0x7f, // i32 is no reference type (offset 11)
                0x00, 0x00}}),
       M, 11, "malformed reference type"},
      {"element segment kind",
       module({{0x09, 0x02, 0x01, 0x08}}), // flags 8 (offset 11)
       M, 11, "malformed elements segment kind"},
      {"element kind",
       module({{0x09, 0x04, 0x01,
                0x01, // passive, function indices
                0x01, // element kind 1 (offset 12)
                0x00}}),
       M, 12, "malformed element kind"},
      {"data segment kind",
       module({OneMemory, {0x0b, 0x02, 0x01, 0x03}}), // flags 3 (offset 16)
       M, 16, "malformed data segment kind"},
      {"data segment past the end",
       module({OneMemory,
               {0x0b, 0x05, 0x01,
                0x01,          // passive
                0x03,          // 3 bytes (offset 17)
                0x61, 0x62}}), // but 2 given: the file ends at 20
       M, 20, "unexpected end of section or function"},
      {"data segment length out of bounds",
       module({OneMemory,
               {0x0b, 0x05, 0x01,
                0x01, // passive
                0x07, // 7 bytes (offset 17), more than the 3 left
                0x61, 0x62}}),
       M, 17, "length out of bounds"},
      {"too many locals",
       module({TypeVoid,
               OneFunc,
               {0x0a, 0x0c, 0x01, 0x0a,
                0x02,                         // 2 declarations (offset 0x16)
                0xff, 0xff, 0xff, 0xff, 0x0f, // 2^32-1
                0x7f,                         // i32
                0x02, 0x7e,                   // 2 i64
                0x0b}}),
       M, 0x16, "too many locals"},
      {"more locals than wasm2so allows",
       module({TypeVoid,
               OneFunc,
               {0x0a, 0x08, 0x01, 0x06,
                0x01,             // 1 declaration (offset 0x16)
                0xd1, 0x86, 0x03, // 50001
                0x7f,             // i32
                0x0b}}),
       ErrorKind::Unsupported, 0x16, "too many locals"},
      {"illegal opcode",
       module({TypeVoid, OneFunc,
               codeSection({0x27, // not an opcode (offset 0x17)
                            0x0b})}),
       M, 0x17, "illegal opcode"},
      {"illegal prefixed opcode",
       module({TypeVoid, OneFunc,
               codeSection({0xfc, 0x12, // no such 0xfc sub-opcode
                            0x0b})}),
       M, 0x17, "illegal opcode"},
      {"illegal SIMD opcode",
       module({TypeVoid, OneFunc,
               codeSection({0xfd, 0x9a, 0x01, // 0xfd 0x9a: reserved (0x17)
                            0x0b})}),
       M, 0x17, "illegal opcode fd 9a"},
      {"v128 constant cut short",
       module({TypeVoid, OneFunc,
               codeSection({0xfd, 0x0c, // v128.const, 16 bytes expected
                            0x0b})}),   // 1 given: the file ends at 0x1a
       M, 0x1a, "unexpected end of section or function"},
      {"end missing at the end of the file",
       module({TypeVoid, OneFunc,
               codeSection({0x01})}), // nop, then the file ends (0x18)
       M, 0x18, "unexpected end of section or function"},
      {"end missing before the next section",
       module({TypeVoid,
               OneFunc,
               codeSection({0x01}),  // nop; the body ends at 0x18
               {0x0b, 0x01, 0x00}}), // data section's id read as end
       M, 0x15, "section size mismatch"},
      {"else outside if",
       module({TypeVoid, OneFunc,
               codeSection({0x05, // else (offset 0x17)
                            0x0b})}),
       M, 0x17, "END opcode expected"},
      {"zero byte",
       module({TypeVoid, OneFunc, OneMemory,
               codeSection({0x3f, 0x01, // memory.size with byte 1 (0x1d)
                            0x1a, 0x0b})}),
       M, 0x1d, "zero byte expected", /*Wasm2=*/true},
      {"block type",
       module({TypeVoid, OneFunc,
               codeSection({0x02, 0x50, // block of type -0x30 (offset 0x18)
                            0x0b, 0x0b})}),
       M, 0x18, "malformed value type"},
      {"i32 constant too large",
       module({TypeVoid, OneFunc,
               codeSection({0x41, 0x80, 0x80, 0x80, 0x80, 0x70, // (0x18)
                            0x1a, 0x0b})}),
       M, 0x18, "integer too large"},
      {"section past the end by its size field",
       module({{0x01, 0x02, // type section of 2 bytes: only 1 follows
                0x00}}),    // 0 types, then the file ends (offset 11)
       M, 11, "unexpected end of section or function"},
      {"constant expression ends too early",
       module({{0x06, 0x05, 0x01, 0x7f, 0x00, 0x41,
                0x00}}), // i32.const 0 and no end: file ends (15)
       M, 15, "unexpected end of section or function"},
  };
}

// clang-format on

TEST(DecoderTest, Errors) {
  for (const ErrorCase &C : errorCases()) {
    SCOPED_TRACE(C.Name);
    auto M = decodeModule(C.Wasm, "test.wasm",
                          C.Wasm2 ? Features::wasm2() : Features());
    ASSERT_FALSE(!!M) << "decoded";
    llvm::handleAllErrors(
        M.takeError(),
        [&](const WasmError &E) {
          EXPECT_EQ(E.kind(), C.Kind) << E.message();
          EXPECT_EQ(E.offset(), C.Offset) << E.message();
          EXPECT_TRUE(llvm::StringRef(E.message()).starts_with(C.Message))
              << E.message();
        },
        [&](const llvm::ErrorInfoBase &E) {
          ADD_FAILURE() << "not a WasmError: " << E.message();
        });
  }
}

TEST(DecoderTest, TruncatedEverywhere) {
  // Every prefix of a valid module is malformed, never a crash.
  Bytes Full =
      module({TypeVoid,
              OneFunc,
              OneMemory,
              {0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00}, // export "f" func 0
              codeSection({0x41, 0x01, 0x1a, 0x0b})}); // i32.const 1, drop, end
  ASSERT_TRUE(!!decodeModule(Full, "full.wasm"));
  for (size_t N = 0; N < Full.size(); ++N) {
    Bytes Prefix(Full.begin(), Full.begin() + N);
    auto M = decodeModule(Prefix, "prefix.wasm");
    if (M) {
      // Only a cut at a section boundary can still be a module.
      continue;
    }
    llvm::handleAllErrors(M.takeError(), [&](const WasmError &E) {
      EXPECT_EQ(E.kind(), ErrorKind::Malformed) << N;
    });
  }
}

TEST(DecoderTest, ValidModule) {
  Bytes Wasm = module({
      {0x01, 0x09,                               // type section
       0x02,                                     // 2 types
       0x60, 0x00, 0x00,                         // () -> ()
       0x60, 0x01, 0x7f,                         // (i32) ->
       0x01, 0x7f},                              //   (i32)
      {0x02, 0x0a,                               // import section
       0x01,                                     // 1 import
       0x03, 'e', 'n', 'v',                      // "env"
       0x01, 'g',                                // "g"
       0x03, 0x7f, 0x00},                        // global i32, immutable
      {0x03, 0x03, 0x02, 0x00, 0x01},            // functions of types 0 and 1
      {0x04, 0x04, 0x01, 0x70, 0x00, 0x01},      // table funcref, min 1
      {0x05, 0x04, 0x01, 0x01, 0x01, 0x02},      // memory min 1 max 2
      {0x06, 0x06, 0x01, 0x7e, 0x01,             // global i64 mut
       0x42, 0x07, 0x0b},                        //   = i64.const 7
      {0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x01}, // export "f" func 1
      {0x09, 0x07, 0x01,                         // element section, 1 segment
       0x00, 0x41, 0x00, 0x0b,                   // active, offset i32.const 0
       0x01, 0x01},                              // [func 1]
      {0x0c, 0x01, 0x01},                        // data count 1
      {0x0a, 0x0b, 0x02,                         // code section, 2 bodies
       0x02, 0x00, 0x0b,                         // () -> (): end
       0x06, 0x01, 0x02, 0x7c,                   // 2 f64 locals
       0x20, 0x00, 0x0b},                        // local.get 0, end
      {0x0b, 0x07, 0x01,                         // data section, 1 segment
       0x00, 0x41, 0x08, 0x0b,                   // active at i32.const 8
       0x01, 0x2a},                              // 1 byte
  });
  auto MOrErr = decodeModule(Wasm, "valid.wasm");
  ASSERT_TRUE(!!MOrErr) << llvm::toString(MOrErr.takeError());
  const Module &M = **MOrErr;
  EXPECT_EQ(M.FileName, "valid.wasm");
  ASSERT_EQ(M.Types.size(), 2u);
  EXPECT_EQ(M.Types[1].Params, std::vector<ValType>{ValType::I32});
  ASSERT_EQ(M.Imports.size(), 1u);
  EXPECT_EQ(M.Imports[0].Module, "env");
  EXPECT_EQ(M.Imports[0].Kind, ExternKind::Global);
  EXPECT_EQ(M.NumImportedGlobals, 1u);
  EXPECT_EQ(M.NumImportedFuncs, 0u);
  EXPECT_EQ(M.FuncTypes, (std::vector<uint32_t>{0, 1}));
  ASSERT_EQ(M.Tables.size(), 1u);
  EXPECT_EQ(M.Tables[0].Elem, ValType::FuncRef);
  ASSERT_EQ(M.Memories.size(), 1u);
  EXPECT_EQ(M.Memories[0].Lim.Min, 1u);
  EXPECT_EQ(M.Memories[0].Lim.Max, std::optional<uint64_t>(2));
  ASSERT_EQ(M.Globals.size(), 2u);
  EXPECT_TRUE(M.Globals[1].Type.Mutable);
  ASSERT_NE(M.Globals[1].Init.single(), nullptr);
  EXPECT_EQ(M.Globals[1].Init.single()->Op, Opcode::I64Const);
  EXPECT_EQ(M.Globals[1].Init.single()->Bits[0], 7u);
  ASSERT_EQ(M.Exports.size(), 1u);
  EXPECT_EQ(M.Exports[0].Name, "f");
  EXPECT_EQ(M.Exports[0].Index, 1u);
  ASSERT_EQ(M.Elems.size(), 1u);
  EXPECT_EQ(M.Elems[0].Mode, SegmentMode::Active);
  ASSERT_EQ(M.Elems[0].Items.size(), 1u);
  ASSERT_NE(M.Elems[0].Items[0].single(), nullptr);
  EXPECT_EQ(M.Elems[0].Items[0].single()->Op, Opcode::RefFunc);
  EXPECT_EQ(M.Elems[0].Items[0].single()->Index, 1u);
  EXPECT_EQ(M.DataCount, std::optional<uint32_t>(1));
  ASSERT_EQ(M.Functions.size(), 2u);
  EXPECT_EQ(M.Functions[1].TypeIdx, 1u);
  EXPECT_EQ(M.Functions[1].NumLocals, 2u);
  ASSERT_EQ(M.Datas.size(), 1u);
  ASSERT_NE(M.Datas[0].Offset.single(), nullptr);
  EXPECT_EQ(M.Datas[0].Offset.single()->Bits[0], 8u);
  ASSERT_EQ(M.Datas[0].Bytes.size(), 1u);
  EXPECT_EQ(M.Datas[0].Bytes[0], 0x2a);

  // The second body reads back as local.get 0, end.
  BodyReader R(M, M.Functions[1]);
  Instr I;
  ASSERT_FALSE(!!R.read(I));
  EXPECT_EQ(I.Op, Opcode::LocalGet);
  EXPECT_EQ(I.Index, 0u);
  ASSERT_FALSE(!!R.read(I));
  EXPECT_EQ(I.Op, Opcode::End);
  EXPECT_TRUE(R.atEnd());
}

TEST(DecoderTest, ImmediatesOfEveryKind) {
  Bytes Wasm =
      module({TypeVoid,
              OneFunc,
              OneMemory,
              {0x0c, 0x01, 0x01},                        // data count 1
              codeSection({0x02, 0x40,                   // block (empty)
                           0x0e, 0x02, 0x00, 0x01, 0x00, // br_table [0 1] 0
                           0x0b,                         // end
                           0x28, 0x02, 0x10, // i32.load align=4 offset=16
                           0x43, 0x00, 0x00, 0x80, 0x3f, // f32.const 1.0
                           0x42, 0x7f,                   // i64.const -1
                           0x1c, 0x01, 0x7e,             // select (result i64)
                           0xfc, 0x08, 0x00, 0x00,       // memory.init 0
                           0xd0, 0x6f,                   // ref.null extern
                           0x0b}),                       // end
              {0x0b, 0x03, 0x01, 0x01, 0x00}}); // 1 passive data segment
  auto MOrErr = decodeModule(Wasm, "imm.wasm");
  ASSERT_TRUE(!!MOrErr) << llvm::toString(MOrErr.takeError());
  BodyReader R(**MOrErr, (*MOrErr)->Functions[0]);
  Instr I;
  auto Next = [&] {
    llvm::Error E = R.read(I);
    EXPECT_FALSE(!!E) << llvm::toString(std::move(E));
  };
  Next();
  EXPECT_EQ(I.Op, Opcode::Block);
  EXPECT_EQ(I.Block.K, BlockType::Empty);
  Next();
  EXPECT_EQ(I.Op, Opcode::BrTable);
  EXPECT_EQ(I.Targets.vec(), (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(I.Index, 0u);
  Next();
  EXPECT_EQ(I.Op, Opcode::End);
  Next();
  EXPECT_EQ(I.Op, Opcode::I32Load);
  EXPECT_EQ(I.Mem.AlignLog2, 2u);
  EXPECT_EQ(I.Mem.Offset, 16u);
  Next();
  EXPECT_EQ(I.Op, Opcode::F32Const);
  EXPECT_EQ(I.Bits[0], 0x3f800000u);
  Next();
  EXPECT_EQ(I.Op, Opcode::I64Const);
  EXPECT_EQ(I.Bits[0], ~uint64_t(0));
  Next();
  EXPECT_EQ(I.Op, Opcode::SelectT);
  EXPECT_EQ(I.Type, ValType::I64);
  EXPECT_EQ(I.Index, 1u); // the number of types
  Next();
  EXPECT_EQ(I.Op, Opcode::MemoryInit);
  EXPECT_EQ(I.Index, 0u);
  Next();
  EXPECT_EQ(I.Op, Opcode::RefNull);
  EXPECT_EQ(I.Type, ValType::ExternRef);
  Next();
  EXPECT_EQ(I.Op, Opcode::End);
  EXPECT_TRUE(R.atEnd());
}

TEST(DecoderTest, TypedReferenceImmediatesAndTables) {
  Bytes Full = module({TypeVoid,
                       OneFunc,
                       {0x04, 0x0e,              // table section
                        0x02,                    // 2 tables
                        0x63, 0x00, 0x00, 0x01,  // (ref null 0), min 1
                        0x40, 0x00,              // with an initializer:
                        0x64, 0x70, 0x00, 0x02,  // (ref func), min 2,
                        0xd2, 0x00, 0x0b},       // ref.func 0
                       {0x09, 0x05,              // element section
                        0x01,                    // 1 segment
                        0x01, 0x00, 0x01, 0x00}, // passive, elemkind 0: func 0
                       codeSection({0xd0, 0x00,  // ref.null 0
                                    0x14, 0x00,  // call_ref 0
                                    0xd5, 0x00,  // br_on_null 0
                                    0x0b})});    // end
  auto MOrErr = decodeModule(Full, "typed.wasm");
  ASSERT_TRUE(!!MOrErr) << llvm::toString(MOrErr.takeError());
  const Module &M = **MOrErr;
  ASSERT_EQ(M.Tables.size(), 2u);
  EXPECT_EQ(M.Tables[0].Elem, ValType::ref(HeapType::index(0), true));
  EXPECT_FALSE(M.Tables[0].HasInit);
  EXPECT_EQ(M.Tables[1].Elem, ValType::ref(HeapType(AbsHeap::Func), false));
  EXPECT_TRUE(M.Tables[1].HasInit);
  ASSERT_EQ(M.TableInits.size(), 2u);
  ASSERT_EQ(M.TableInits[1].Instrs.size(), 1u);
  EXPECT_EQ(M.TableInits[1].Instrs[0].Op, Opcode::RefFunc);
  // A list of function indices is of type (ref func).
  ASSERT_EQ(M.Elems.size(), 1u);
  EXPECT_EQ(M.Elems[0].Type, ValType::ref(HeapType(AbsHeap::Func), false));
  BodyReader R(M, M.Functions[0]);
  Instr I;
  ASSERT_FALSE(!!R.read(I));
  EXPECT_EQ(I.Op, Opcode::RefNull);
  EXPECT_EQ(I.Type, ValType::ref(HeapType::index(0), true));
  ASSERT_FALSE(!!R.read(I));
  EXPECT_EQ(I.Op, Opcode::CallRef);
  EXPECT_EQ(I.Index, 0u);
  ASSERT_FALSE(!!R.read(I));
  EXPECT_EQ(I.Op, Opcode::BrOnNull);
  EXPECT_EQ(I.Index, 0u);
}

TEST(DecoderTest, ConstantExpressionsDecodeStructurally) {
  // Expressions of several instructions, none, or non-constant ones are
  // well formed: decoding keeps every instruction before the final end,
  // and the validator judges them.
  Bytes Wasm = module(
      {{0x06, 0x0f, 0x03, // global section, 3 globals
        0x7f, 0x00,       // i32 = i32.const 1, i32.const 2
        0x41, 0x01, 0x41, 0x02, 0x0b, 0x7f, 0x00, 0x0b, // i32 = (nothing)
        0x7f, 0x00, 0x01, 0x0b}});                      // i32 = nop
  auto MOrErr = decodeModule(Wasm, "const.wasm");
  ASSERT_TRUE(!!MOrErr) << llvm::toString(MOrErr.takeError());
  const Module &M = **MOrErr;
  ASSERT_EQ(M.Globals.size(), 3u);
  const ConstExpr &Two = M.Globals[0].Init;
  EXPECT_EQ(Two.single(), nullptr);
  ASSERT_EQ(Two.Instrs.size(), 2u);
  EXPECT_EQ(Two.Instrs[0].Op, Opcode::I32Const);
  EXPECT_EQ(Two.Instrs[0].Offset, 13u);
  EXPECT_EQ(Two.Instrs[1].Bits[0], 2u);
  EXPECT_EQ(Two.Instrs[1].Offset, 15u);
  EXPECT_EQ(Two.Offset, 13u);
  EXPECT_EQ(Two.End, 18u);
  EXPECT_TRUE(M.Globals[1].Init.Instrs.empty());
  EXPECT_EQ(M.Globals[1].Init.End, M.Globals[1].Init.Offset + 1);
  ASSERT_NE(M.Globals[2].Init.single(), nullptr);
  EXPECT_EQ(M.Globals[2].Init.single()->Op, Opcode::Nop);
}

TEST(DecoderTest, NameSection) {
  Bytes Names = {0x00, 0x13,                      // custom section, 19 bytes
                 0x04, 'n',  'a',  'm', 'e',      // "name"
                 0x00, 0x04, 0x03, 'm', 'o', 'd', // module name "mod"
                 0x01, 0x06, 0x01,                // function names: 1
                 0x00, 0x03, 'r',  'u', 'n'};     // 0 -> "run"
  auto MOrErr = decodeModule(
      module({TypeVoid, OneFunc, codeSection({0x0b}), Names}), "n.wasm");
  ASSERT_TRUE(!!MOrErr) << llvm::toString(MOrErr.takeError());
  EXPECT_EQ((*MOrErr)->ModuleName, "mod");
  EXPECT_EQ((*MOrErr)->FuncNames, std::vector<std::string>{"run"});

  // A malformed name section is ignored, not an error.
  Bytes Bad = {0x00, 0x0a, 0x04, 'n',  'a',  'm',
               'e',  0x01, 0x03, 0x05, 0x00, 0x01}; // 5 names promised, 0 given
  MOrErr = decodeModule(module({TypeVoid, OneFunc, codeSection({0x0b}), Bad}),
                        "bad-names.wasm");
  ASSERT_TRUE(!!MOrErr) << llvm::toString(MOrErr.takeError());
  EXPECT_EQ((*MOrErr)->ModuleName, "");
  EXPECT_TRUE((*MOrErr)->FuncNames.empty());
}

TEST(DecoderTest, CustomSectionNameMustBeUTF8) {
  auto M = decodeModule(module({{0x00, 0x02,    // custom section, 2 bytes
                                 0x01, 0xff}}), // name "\xff"
                        "c.wasm");
  ASSERT_FALSE(!!M);
  std::string Msg = llvm::toString(M.takeError());
  EXPECT_NE(Msg.find("malformed UTF-8 encoding"), std::string::npos) << Msg;
}

TEST(ErrorTest, Formatting) {
  EXPECT_EQ(formatError("a.wasm", malformed(0x4f, "integer too large")),
            "a.wasm:0x4f: error: integer too large");
  EXPECT_EQ(formatError("a.wasm", makeError(ErrorKind::Io, WasmError::NoOffset,
                                            "cannot open file: gone")),
            "a.wasm: error: cannot open file: gone");
  EXPECT_EQ(formatError("a.wasm", llvm::createStringError(
                                      llvm::inconvertibleErrorCode(), "boom")),
            "a.wasm: error: boom");
  std::string Logged;
  llvm::raw_string_ostream OS(Logged);
  WasmError(ErrorKind::Invalid, 0xABC, "type mismatch").log(OS);
  EXPECT_EQ(OS.str(), "0xabc: error: type mismatch");
}

} // namespace

TEST(DecoderTest, RecGroupsAndSubTypes) {
  Bytes Full = module({{0x01, 0x11,          // type section, 17 bytes
                        0x02,                // 2 rec groups
                        0x4e, 0x02,          // rec group of 2:
                        0x50, 0x00,          //   sub (open), no supertype
                        0x60, 0x00, 0x00,    //   func [] -> []
                        0x4f, 0x01, 0x00,    //   sub final, supertype 0
                        0x60, 0x00, 0x00,    //   func [] -> []
                        0x5e, 0x78, 0x01}}); // array (mut i8), alone
  auto MOrErr = decodeModule(Full, "rec.wasm");
  ASSERT_TRUE(!!MOrErr) << llvm::toString(MOrErr.takeError());
  const Module &M = **MOrErr;
  ASSERT_EQ(M.SubTypes.size(), 3u);
  EXPECT_FALSE(M.SubTypes[0].Final);
  EXPECT_TRUE(M.SubTypes[1].Final);
  ASSERT_EQ(M.SubTypes[1].Supers.size(), 1u);
  EXPECT_EQ(M.SubTypes[1].Supers[0], 0u);
  EXPECT_EQ(M.SubTypes[1].RecStart, 0u);
  EXPECT_EQ(M.SubTypes[1].RecSize, 2u);
  EXPECT_EQ(M.SubTypes[2].Form, TypeForm::Array);
  EXPECT_EQ(M.SubTypes[2].RecStart, 2u);
  ASSERT_EQ(M.SubTypes[2].Fields.size(), 1u);
  EXPECT_EQ(M.SubTypes[2].Fields[0].Packed, 0x78);
  EXPECT_TRUE(M.SubTypes[2].Fields[0].Mutable);
  // Same signatures, different types: position and finality count.
  EXPECT_NE(M.TypeCanon[0], M.TypeCanon[1]);
  EXPECT_TRUE(M.isSubtype(HeapType::index(1), HeapType::index(0)));
  EXPECT_FALSE(M.isSubtype(HeapType::index(0), HeapType::index(1)));
  EXPECT_TRUE(M.isSubtype(HeapType::index(2), HeapType(AbsHeap::Array)));
  EXPECT_TRUE(M.isSubtype(HeapType::index(2), HeapType(AbsHeap::Eq)));
  EXPECT_FALSE(M.isSubtype(HeapType::index(2), HeapType(AbsHeap::Struct)));

  // A field's mutability is 0 or 1.
  Bytes BadMut = module({{0x01, 0x04, 0x01,    // type section, 1 type
                          0x5e, 0x78, 0x02}}); // array i8, mutability 2
  auto E = decodeModule(BadMut, "mut.wasm");
  ASSERT_FALSE(!!E);
  EXPECT_NE(llvm::toString(E.takeError()).find("malformed mutability"),
            std::string::npos);
}
