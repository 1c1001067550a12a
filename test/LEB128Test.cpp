//===- LEB128Test.cpp - Reader's LEB128, fixed-width and name reads -------===//

#include "Decoder.h"
#include "Error.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <vector>

using namespace wasm2so;

namespace {

enum class Width { U32, S32, U64, S64, S33 };

struct LEBCase {
  Width W;
  std::vector<uint8_t> Bytes;
  uint64_t Value;       // as read, sign-extended for the signed widths
  const char *Error;    // expected message prefix, or null
  uint32_t ErrorOffset; // where the error points
};

constexpr const char *End = "unexpected end of section or function";
constexpr const char *TooLong = "integer representation too long";
constexpr const char *TooLarge = "integer too large";

uint64_t s(int64_t V) { return uint64_t(V); }

// clang-format off: one row per line reads better than bin-packing.
const LEBCase Cases[] = {
    // u32
    {Width::U32, {0x00}, 0, nullptr, 0},
    {Width::U32, {0x7f}, 127, nullptr, 0},
    {Width::U32, {0x80, 0x01}, 128, nullptr, 0},
    {Width::U32, {0xe5, 0x8e, 0x26}, 624485, nullptr, 0},
    {Width::U32, {0xff, 0xff, 0xff, 0xff, 0x0f}, 0xffffffff, nullptr, 0},
    {Width::U32, {0x80, 0x00}, 0, nullptr, 0},                   // overlong
    {Width::U32, {0x82, 0x80, 0x80, 0x80, 0x00}, 2, nullptr, 0}, // overlong
    {Width::U32, {0x82, 0x80, 0x80, 0x80, 0x80, 0x00}, 0, TooLong, 0},
    {Width::U32, {0x82, 0x80, 0x80, 0x80, 0x70}, 0, TooLarge, 0},
    {Width::U32, {0x82, 0x80, 0x80, 0x80, 0x10}, 0, TooLarge, 0},
    {Width::U32, {0xff, 0xff, 0xff, 0xff, 0x1f}, 0, TooLarge, 0},
    {Width::U32, {}, 0, End, 0},
    {Width::U32, {0x80}, 0, End, 1},
    {Width::U32, {0x80, 0x80, 0x80, 0x80}, 0, End, 4},
    // s32
    {Width::S32, {0x00}, 0, nullptr, 0},
    {Width::S32, {0x3f}, 63, nullptr, 0},
    {Width::S32, {0x40}, s(-64), nullptr, 0},
    {Width::S32, {0x7f}, s(-1), nullptr, 0},
    {Width::S32, {0x80, 0x7f}, s(-128), nullptr, 0},
    {Width::S32, {0xff, 0xff, 0xff, 0xff, 0x07}, 0x7fffffff, nullptr, 0},
    {Width::S32, {0x80, 0x80, 0x80, 0x80, 0x78}, s(INT32_MIN), nullptr, 0},
    {Width::S32, {0x80, 0x80, 0x80, 0x80, 0x00}, 0, nullptr, 0}, // overlong
    {Width::S32, {0xff, 0xff, 0xff, 0xff, 0x7f}, s(-1), nullptr, 0},
    {Width::S32, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 0, TooLong, 0},
    {Width::S32, {0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, 0, TooLong, 0},
    {Width::S32, {0x80, 0x80, 0x80, 0x80, 0x70}, 0, TooLarge, 0},
    {Width::S32, {0xff, 0xff, 0xff, 0xff, 0x0f}, 0, TooLarge, 0},
    {Width::S32, {0x80, 0x80, 0x80, 0x80, 0x1f}, 0, TooLarge, 0},
    {Width::S32, {0xff, 0xff, 0xff, 0xff, 0x4f}, 0, TooLarge, 0},
    {Width::S32, {0xff}, 0, End, 1},
    // u64
    {Width::U64, {0x00}, 0, nullptr, 0},
    {Width::U64,
     {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
     UINT64_MAX,
     nullptr,
     0},
    {Width::U64,
     {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},
     0,
     nullptr,
     0},
    {Width::U64,
     {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},
     0,
     TooLong,
     0},
    {Width::U64,
     {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02},
     0,
     TooLarge,
     0},
    {Width::U64, {0x80, 0x80, 0x80}, 0, End, 3},
    // s64
    {Width::S64, {0x7f}, s(-1), nullptr, 0},
    {Width::S64,
     {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00},
     uint64_t(INT64_MAX),
     nullptr,
     0},
    {Width::S64,
     {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f},
     s(INT64_MIN),
     nullptr,
     0},
    {Width::S64,
     {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
     s(-1),
     nullptr,
     0}, // overlong
    {Width::S64,
     {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},
     0,
     TooLong,
     0},
    {Width::S64,
     {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e},
     0,
     TooLarge,
     0},
    {Width::S64,
     {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
     0,
     TooLarge,
     0},
    {Width::S64,
     {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x41},
     0,
     TooLarge,
     0},
    {Width::S64, {}, 0, End, 0},
    // s33 (block types)
    {Width::S33, {0x40}, s(-64), nullptr, 0},
    {Width::S33, {0x7f}, s(-1), nullptr, 0},
    {Width::S33, {0xff, 0xff, 0xff, 0xff, 0x0f}, 0xffffffff, nullptr, 0},
    {Width::S33,
     {0x80, 0x80, 0x80, 0x80, 0x70},
     s(-(int64_t(1) << 32)),
     nullptr,
     0},
    {Width::S33, {0x80, 0x80, 0x80, 0x80, 0x10}, 0, TooLarge, 0},
    {Width::S33, {0xff, 0xff, 0xff, 0xff, 0x4f}, 0, TooLarge, 0},
    {Width::S33, {0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 0, TooLong, 0},
    {Width::S33, {0x80, 0x80}, 0, End, 2},
};
// clang-format on

const char *widthName(Width W) {
  switch (W) {
  case Width::U32:
    return "u32";
  case Width::S32:
    return "s32";
  case Width::U64:
    return "u64";
  case Width::S64:
    return "s64";
  case Width::S33:
    return "s33";
  }
  return "?";
}

llvm::Error readOne(Reader &R, Width W, uint64_t &V) {
  switch (W) {
  case Width::U32: {
    uint32_t X = 0;
    llvm::Error E = R.readVarU32(X, "test value");
    V = X;
    return E;
  }
  case Width::S32: {
    int32_t X = 0;
    llvm::Error E = R.readVarS32(X, "test value");
    V = uint64_t(int64_t(X));
    return E;
  }
  case Width::U64:
    return R.readVarU64(V, "test value");
  case Width::S64: {
    int64_t X = 0;
    llvm::Error E = R.readVarS64(X, "test value");
    V = uint64_t(X);
    return E;
  }
  case Width::S33: {
    int64_t X = 0;
    llvm::Error E = R.readVarS33(X, "test value");
    V = uint64_t(X);
    return E;
  }
  }
  return llvm::Error::success();
}

/// Checks that E is a Malformed WasmError at Offset whose message starts
/// with Prefix and names what was read.
void expectMalformed(llvm::Error E, uint32_t Offset, llvm::StringRef Prefix,
                     llvm::StringRef What) {
  ASSERT_TRUE(!!E) << "expected an error";
  llvm::handleAllErrors(
      std::move(E),
      [&](const WasmError &WE) {
        EXPECT_EQ(WE.kind(), ErrorKind::Malformed);
        EXPECT_EQ(WE.offset(), Offset);
        EXPECT_TRUE(llvm::StringRef(WE.message()).starts_with(Prefix))
            << WE.message();
        EXPECT_NE(WE.message().find(What.str()), std::string::npos)
            << WE.message();
      },
      [&](const llvm::ErrorInfoBase &EI) {
        ADD_FAILURE() << "not a WasmError: " << EI.message();
      });
}

TEST(LEB128Test, EveryWidth) {
  for (const LEBCase &C : Cases) {
    SCOPED_TRACE(testing::Message()
                 << widthName(C.W) << " case of " << C.Bytes.size()
                 << " bytes, first 0x" << std::hex
                 << (C.Bytes.empty() ? 0 : C.Bytes[0]));
    Reader R(C.Bytes, 0, uint32_t(C.Bytes.size()));
    uint64_t V = 0;
    llvm::Error E = readOne(R, C.W, V);
    if (C.Error) {
      expectMalformed(std::move(E), C.ErrorOffset, C.Error, "test value");
      continue;
    }
    ASSERT_FALSE(!!E) << llvm::toString(std::move(E));
    EXPECT_EQ(V, C.Value);
    EXPECT_EQ(R.pos(), C.Bytes.size()); // consumed exactly the encoding
  }
}

TEST(LEB128Test, StopsAtTheReadersEnd) {
  // The bytes continue, but the reader's range ends after the first one.
  std::vector<uint8_t> Bytes = {0x80, 0x01};
  Reader R(Bytes, 0, 1);
  uint32_t V = 0;
  expectMalformed(R.readVarU32(V, "function count"), 1,
                  "unexpected end of section or function", "function count");
}

TEST(LEB128Test, ConsecutiveReads) {
  std::vector<uint8_t> Bytes = {
      0x80, 0x01, // u32 128
      0x7f,       // s32 -1
      0x00,       // u32 0
  };
  Reader R(Bytes, 0, uint32_t(Bytes.size()));
  uint32_t A = 0, C = 0;
  int32_t B = 0;
  ASSERT_FALSE(!!R.readVarU32(A, "a"));
  ASSERT_FALSE(!!R.readVarS32(B, "b"));
  ASSERT_FALSE(!!R.readVarU32(C, "c"));
  EXPECT_EQ(A, 128u);
  EXPECT_EQ(B, -1);
  EXPECT_EQ(C, 0u);
  EXPECT_TRUE(R.atEnd());
}

TEST(FixedWidthTest, LittleEndian) {
  std::vector<uint8_t> Bytes = {
      0x00, 0x00, 0x80, 0x3f,                         // f32 1.0
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x3f, // f64 1.0
      0x01,                                           // u8
  };
  Reader R(Bytes, 0, uint32_t(Bytes.size()));
  uint32_t F32 = 0;
  uint64_t F64 = 0;
  uint8_t B = 0;
  ASSERT_FALSE(!!R.readU32(F32, "f32"));
  ASSERT_FALSE(!!R.readU64(F64, "f64"));
  ASSERT_FALSE(!!R.readU8(B, "byte"));
  EXPECT_EQ(F32, 0x3f800000u);
  EXPECT_EQ(F64, 0x3ff0000000000000ull);
  EXPECT_EQ(B, 1);
  expectMalformed(R.readU8(B, "byte"), 13,
                  "unexpected end of section or function", "byte");
}

TEST(FixedWidthTest, Truncated) {
  std::vector<uint8_t> Bytes = {0x00, 0x00, 0x80}; // 3 of f32's 4 bytes
  Reader R(Bytes, 0, 3);
  uint32_t V = 0;
  expectMalformed(R.readU32(V, "f32 constant"), 3,
                  "unexpected end of section or function", "f32 constant");
}

struct NameCase {
  std::vector<uint8_t> Bytes; // length then characters
  const char *Error;          // null: valid
};

// clang-format off
const NameCase NameCases[] = {
    {{0x00}, nullptr},                                     // ""
    {{0x03, 'a', 'b', 'c'}, nullptr},                      // "abc"
    {{0x02, 0xc3, 0xa9}, nullptr},                         // U+00E9
    {{0x03, 0xe2, 0x82, 0xac}, nullptr},                   // U+20AC
    {{0x04, 0xf0, 0x9f, 0x98, 0x80}, nullptr},             // U+1F600
    {{0x04, 0xf4, 0x8f, 0xbf, 0xbf}, nullptr},             // U+10FFFF
    {{0x01, 0x80}, "malformed UTF-8 encoding"},            // lone continuation
    {{0x02, 0xc0, 0x80}, "malformed UTF-8 encoding"},      // overlong NUL
    {{0x02, 0xc1, 0xbf}, "malformed UTF-8 encoding"},      // overlong
    {{0x03, 0xe0, 0x80, 0x80}, "malformed UTF-8 encoding"}, // overlong
    {{0x03, 0xed, 0xa0, 0x80}, "malformed UTF-8 encoding"}, // surrogate
    {{0x04, 0xf0, 0x80, 0x80, 0x80}, "malformed UTF-8 encoding"}, // overlong
    {{0x04, 0xf4, 0x90, 0x80, 0x80}, "malformed UTF-8 encoding"}, // > 10FFFF
    {{0x01, 0xf5}, "malformed UTF-8 encoding"},            // never valid
    {{0x02, 0xe2, 0x82}, "malformed UTF-8 encoding"},      // truncated
    {{0x02, 0xc3, 0x41}, "malformed UTF-8 encoding"},      // bad continuation
    {{0x05, 'a'}, "length out of bounds"},                 // 5 > 2 bytes left
    {{0x80}, "unexpected end of section or function"},     // length truncated
};
// clang-format on

TEST(NameTest, UTF8AndLength) {
  for (const NameCase &C : NameCases) {
    SCOPED_TRACE(testing::Message()
                 << "name of " << C.Bytes.size() << " bytes, second 0x"
                 << std::hex << (C.Bytes.size() > 1 ? C.Bytes[1] : 0));
    Reader R(C.Bytes, 0, uint32_t(C.Bytes.size()));
    std::string Name;
    llvm::Error E = R.readName(Name, "export name");
    if (C.Error) {
      uint32_t Offset = llvm::StringRef(C.Error).starts_with("unexpected")
                            ? uint32_t(C.Bytes.size())
                            : 0;
      expectMalformed(std::move(E), Offset, C.Error, "export name");
      continue;
    }
    ASSERT_FALSE(!!E) << llvm::toString(std::move(E));
    EXPECT_EQ(Name.size() + 1, C.Bytes.size());
    EXPECT_TRUE(R.atEnd());
  }
}

TEST(ValTypeTest, EncodingsAndErrors) {
  std::vector<uint8_t> Bytes = {0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f};
  const ValType Expected[] = {
      ValType::I32,  ValType::I64,     ValType::F32,      ValType::F64,
      ValType::V128, ValType::FuncRef, ValType::ExternRef};
  Reader R(Bytes, 0, uint32_t(Bytes.size()));
  for (ValType E : Expected) {
    ValType T = ValType::I32;
    ASSERT_FALSE(!!R.readValType(T, "local type"));
    EXPECT_EQ(T, E) << valTypeName(T);
  }
  std::vector<uint8_t> Bad = {0x7a, 0xff, 0x7f};
  Reader RB(Bad, 0, uint32_t(Bad.size()));
  ValType T = ValType::I32;
  expectMalformed(RB.readValType(T, "local type"), 0, "malformed value type",
                  "local type");
  // A value type is a one-byte s7: a continuation bit makes it too long.
  expectMalformed(RB.readValType(T, "local type"), 1,
                  "integer representation too long", "local type");
}

TEST(ValTypeTest, TypedReferences) {
  std::vector<uint8_t> Bytes = {
      0x63, 0x00,       // (ref null 0)
      0x64, 0x70,       // (ref func)
      0x64, 0x80, 0x01, // (ref 128): the heap type is an s33
      0x63, 0x73,       // (ref null nofunc)
      0x6e,             // anyref: decodes; the validator rejects it
  };
  const ValType Expected[] = {
      ValType::ref(HeapType::index(0), true),
      ValType::ref(HeapType(AbsHeap::Func), false),
      ValType::ref(HeapType::index(128), false),
      ValType::ref(HeapType(AbsHeap::NoFunc), true),
      ValType::ref(HeapType(AbsHeap::Any), true),
  };
  Reader R(Bytes, 0, uint32_t(Bytes.size()));
  for (ValType E : Expected) {
    ValType T = ValType::I32;
    ASSERT_FALSE(!!R.readValType(T, "local type"));
    EXPECT_EQ(T, E) << valTypeName(T);
  }
  EXPECT_TRUE(R.atEnd());
  // 0x40 is no heap type, and neither is a too-negative s33.
  std::vector<uint8_t> Bad = {0x64, 0x40, 0x63, 0x60};
  Reader RB(Bad, 0, uint32_t(Bad.size()));
  ValType T = ValType::I32;
  expectMalformed(RB.readValType(T, "local type"), 1, "malformed heap type",
                  "local type");
  expectMalformed(RB.readValType(T, "local type"), 3, "malformed heap type",
                  "local type");
}

} // namespace
