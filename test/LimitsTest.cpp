//===- LimitsTest.cpp - The implementation limits of compiler/Limits.h ----===//
//
// Each limit, one past it: an Unsupported error at the offset of the count,
// raised before the entries are read (the inputs stop right after the
// count), and the same shape just at the limit where that is small enough
// to build.
//
//===----------------------------------------------------------------------===//
#include "Limits.h"
#include "Decoder.h"
#include "Error.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <string>
#include <vector>

using namespace wasm2so;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes leb(uint64_t V) {
  Bytes Out;
  do {
    uint8_t B = V & 0x7f;
    V >>= 7;
    Out.push_back(B | (V ? 0x80 : 0));
  } while (V);
  return Out;
}

Bytes cat(std::initializer_list<Bytes> Pieces) {
  Bytes Out;
  for (const Bytes &P : Pieces)
    Out.insert(Out.end(), P.begin(), P.end());
  return Out;
}

Bytes section(uint8_t Id, const Bytes &Contents) {
  return cat({{Id}, leb(Contents.size()), Contents});
}

Bytes module(std::initializer_list<Bytes> Sections) {
  Bytes Out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes &S : Sections)
    Out.insert(Out.end(), S.begin(), S.end());
  return Out;
}

const Bytes TypeVoid = section(1, {0x01, 0x60, 0x00, 0x00});
const Bytes OneFunc = section(3, {0x01, 0x00});

/// One function whose body (after the local declarations) is Body + end.
Bytes withBody(const Bytes &Locals, const Bytes &Body) {
  Bytes Code = cat({Locals, Body, {0x0b}});
  return module(
      {TypeVoid, OneFunc, section(10, cat({{0x01}, leb(Code.size()), Code}))});
}

struct LimitCase {
  const char *Name;
  Bytes Wasm;
  uint64_t Offset;
  std::string Message;
};

std::vector<LimitCase> limitCases() {
  using namespace limits;
  auto Too = [](const char *Things, uint64_t N, uint64_t Limit) {
    return "too many " + std::string(Things) + ": " + std::to_string(N) +
           " (wasm2so allows " + std::to_string(Limit) + ")";
  };
  Bytes Nested;
  for (uint32_t I = 0; I <= NestingDepth; ++I)
    Nested.insert(Nested.end(), {0x02, 0x40}); // block
  // Bodies end with their `end`: offsets within them count from the end.
  auto BodyStart = [](const Bytes &Wasm, const Bytes &Body) {
    return uint64_t(Wasm.size() - 1 - Body.size());
  };
  Bytes LocalsDecl = cat({{0x01}, leb(Locals + 1), {0x7f}});
  Bytes BrTable = cat({{0x41, 0x00, 0x0e}, leb(1u << 20)});
  Bytes BigCode = cat(
      {{0x01}, leb(FunctionBodyBytes + 1), Bytes(FunctionBodyBytes + 1, 0x00)});
  Bytes BigBody = module({TypeVoid, OneFunc, section(10, BigCode)});
  return {
      {"types", module({section(1, leb(Types + 1))}), 10,
       Too("types", Types + 1, Types)},
      {"params", module({section(1, cat({{0x01, 0x60}, leb(Params + 1)}))}), 12,
       Too("parameters", Params + 1, Params)},
      {"results",
       module({section(1, cat({{0x01, 0x60, 0x00}, leb(Results + 1)}))}), 13,
       Too("results", Results + 1, Results)},
      {"imports", module({section(2, leb(Imports + 1))}), 10,
       Too("imports", Imports + 1, Imports)},
      {"functions", module({TypeVoid, section(3, leb(Functions + 1))}), 16,
       Too("functions", Functions + 1, Functions)},
      {"functions with imports",
       module({TypeVoid, section(2, {0x01, 0x01, 'm', 0x01, 'f', 0x00, 0x00}),
               section(3, leb(Functions))}),
       25, Too("functions", Functions + 1, Functions)},
      {"tables", module({section(4, leb(Tables + 1))}), 10,
       Too("tables", Tables + 1, Tables)},
      {"memories", module({section(5, leb(Memories + 1))}), 10,
       Too("memories", Memories + 1, Memories)},
      {"globals", module({section(6, leb(Globals + 1))}), 10,
       Too("globals", Globals + 1, Globals)},
      {"exports", module({section(7, leb(Exports + 1))}), 10,
       Too("exports", Exports + 1, Exports)},
      {"element segments", module({section(9, leb(ElemSegments + 1))}), 10,
       Too("element segments", ElemSegments + 1, ElemSegments)},
      {"elements",
       module({section(9, cat({{0x01, 0x00, 0x41, 0x00, 0x0b},
                               leb(ElemSegmentItems + 1)}))}),
       15,
       Too("elements in a segment", ElemSegmentItems + 1, ElemSegmentItems)},
      {"data count", module({section(12, leb(DataSegments + 1))}), 10,
       Too("data segments", DataSegments + 1, DataSegments)},
      {"data segments", module({section(11, leb(DataSegments + 1))}), 10,
       Too("data segments", DataSegments + 1, DataSegments)},
      {"locals", withBody(LocalsDecl, {}),
       BodyStart(withBody(LocalsDecl, {}), LocalsDecl),
       Too("locals", Locals + 1, Locals)},
      {"br_table", withBody({0x00}, BrTable),
       BodyStart(withBody({0x00}, BrTable), BrTable) + 3,
       Too("br_table targets", 1u << 20, BrTableTargets)},
      {"nesting", withBody({0x00}, Nested),
       BodyStart(withBody({0x00}, Nested), Nested) + 2 * uint64_t(NestingDepth),
       "blocks nested too deeply (wasm2so allows " +
           std::to_string(NestingDepth) + ")"},
      {"function body", BigBody,
       // After the header, the type and function sections, the code
       // section's id and size, and the body count.
       8 + TypeVoid.size() + OneFunc.size() + 1 + leb(BigCode.size()).size() +
           1,
       "function body 0 of " + std::to_string(FunctionBodyBytes + 1) +
           " bytes is too large (wasm2so allows " +
           std::to_string(FunctionBodyBytes) + ")"},
  };
}

TEST(Limits, EachLimitIsAnUnsupportedErrorAtItsCount) {
  for (const LimitCase &C : limitCases()) {
    SCOPED_TRACE(C.Name);
    auto M = decodeModule(C.Wasm, "limits.wasm");
    ASSERT_FALSE(bool(M));
    llvm::handleAllErrors(
        M.takeError(),
        [&](const WasmError &E) {
          EXPECT_EQ(E.kind(), ErrorKind::Unsupported) << E.message();
          EXPECT_EQ(E.offset(), C.Offset) << E.message();
          EXPECT_EQ(E.message(), C.Message);
        },
        [](const llvm::ErrorInfoBase &E) { ADD_FAILURE() << E.message(); });
  }
}

TEST(Limits, JustBelowTheLimitsDecodes) {
  using namespace limits;
  Bytes Nested, Ends;
  for (uint32_t I = 0; I + 1 < NestingDepth; ++I) {
    Nested.insert(Nested.end(), {0x02, 0x40});
    Ends.push_back(0x0b);
  }
  for (const Bytes &Wasm : {withBody({0x00}, cat({Nested, Ends})),
                            withBody(cat({{0x01}, leb(Locals), {0x7f}}), {})}) {
    auto M = decodeModule(Wasm, "limits.wasm");
    EXPECT_TRUE(bool(M)) << llvm::toString(M.takeError());
  }
}

TEST(Limits, LongNames) {
  // An export name past the limit, with all its bytes there.
  Bytes Name(limits::NameBytes + 1, 'a');
  Bytes Wasm =
      module({section(7, cat({{0x01}, leb(Name.size()), Name, {0x00, 0x00}}))});
  auto M = decodeModule(Wasm, "limits.wasm");
  ASSERT_FALSE(bool(M));
  std::string Message = llvm::toString(M.takeError());
  EXPECT_NE(Message.find("export name of 100001 bytes is too long"),
            std::string::npos)
      << Message;
}

} // namespace
