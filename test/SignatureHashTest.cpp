//===- SignatureHashTest.cpp - The signature hash of function types -------===//

#include "wasm2so/abi.h"
#include "wasm2so/compiler.h"

#include "gtest/gtest.h"

#include <set>
#include <vector>

using namespace wasm2so;

namespace {

using Types = std::vector<uint8_t>;

struct Signature {
  Types Params, Results;
};

const Signature Signatures[] = {
    {{}, {}},
    {{W2S_I32}, {}},
    {{}, {W2S_I32}},
    {{W2S_I32}, {W2S_I32}},
    {{W2S_I32, W2S_I32}, {W2S_I32}},
    {{W2S_I32}, {W2S_I32, W2S_I32}},
    {{W2S_I64}, {}},
    {{W2S_F32}, {}},
    {{W2S_F64}, {}},
    {{W2S_V128}, {}},
    {{W2S_FUNCREF}, {}},
    {{W2S_EXTERNREF}, {}},
    {{W2S_I32, W2S_I64, W2S_F32, W2S_F64}, {W2S_F64}},
    {{W2S_F64, W2S_F32, W2S_I64, W2S_I32}, {W2S_F64}},
};

TEST(SignatureHashTest, DiffersBetweenTypesAndIsNeverZero) {
  std::set<uint64_t> Seen;
  for (const Signature &S : Signatures) {
    uint64_t H = signatureHash(S.Params, S.Results);
    EXPECT_NE(H, 0u);
    EXPECT_TRUE(Seen.insert(H).second) << "collision";
  }
}

TEST(SignatureHashTest, CompilerAgreesWithTheABIHeader) {
  for (const Signature &S : Signatures)
    EXPECT_EQ(signatureHash(S.Params, S.Results),
              w2s_signature_hash(S.Params.data(), uint32_t(S.Params.size()),
                                 S.Results.data(), uint32_t(S.Results.size())));
}

TEST(SignatureHashTest, Stable) {
  // Compiled .so files embed these values: changing them is an ABI change.
  EXPECT_EQ(signatureHash({}, {}), 0xa56bc14eb6318f54ull);
  EXPECT_EQ(signatureHash({W2S_I32, W2S_I32}, {W2S_I32}),
            0x23964f9aff99ea86ull);
}

TEST(SignatureHashTest, SplitBetweenParamsAndResultsMatters) {
  // (i32 i32) -> () and (i32) -> (i32) have the same value-type bytes.
  EXPECT_NE(signatureHash({W2S_I32, W2S_I32}, {}),
            signatureHash({W2S_I32}, {W2S_I32}));
}

} // namespace
