//===- SplitTest.cpp - Unit tests of the module split ---------------------===//

#include "Split.h"
#include "Decoder.h"
#include "Validator.h"
#include "wasm2so/compiler.h"

#include "gtest/gtest.h"

#include <memory>
#include <string>

using namespace llvm;
using namespace wasm2so;

namespace {

/// A function $Name (param i32) (result i32) of Adds additions, then Tail
/// (instructions that leave one i32 on the stack given one).
std::string function(const std::string &Name, unsigned Adds,
                     const std::string &Tail = "") {
  std::string S = "  (func $" + Name + " (param i32) (result i32)\n"
                  "    local.get 0\n";
  for (unsigned I = 0; I < Adds; ++I)
    S += "    i32.const " + std::to_string(I + 1) + "\n    i32.add\n";
  return S + Tail + "  )\n";
}

/// big1 calls only (its one caller) and small, and calls through the
/// table; big2 calls small; the table holds big1 and big2; run is
/// exported and calls both.
std::string moduleText() {
  return "(module\n"
         "  (type $t (func (param i32) (result i32)))\n"
         "  (table 2 funcref)\n"
         "  (elem (i32.const 0) $big1 $big2)\n" +
         function("small", 0) + function("only", 30) +
         function("big1", 30,
                  "    call $only\n    call $small\n"
                  "    i32.const 1\n    call_indirect (type $t)\n") +
         function("big2", 90, "    call $small\n") +
         function("run", 0, "    call $big1\n    call $big2\n") +
         "  (export \"run\" (func $run))\n)\n";
}

class SplitTest : public ::testing::Test {
protected:
  void SetUp() override {
    Expected<std::vector<uint8_t>> Wasm = watToWasm(moduleText(), "t.wat");
    ASSERT_TRUE(bool(Wasm)) << toString(Wasm.takeError());
    Expected<std::unique_ptr<Module>> Decoded = decodeModule(*Wasm, "t.wasm");
    ASSERT_TRUE(bool(Decoded)) << toString(Decoded.takeError());
    M = std::move(*Decoded);
    ASSERT_FALSE(bool(validateModule(*M)));
    for (const Function &F : M->Functions)
      Total += F.BodyEnd - F.CodeOffset;
  }

  PartPlan plan(size_t PartSize, bool Imports = true) {
    Expected<PartPlan> P = PartPlan::plan(*M, PartSize, Imports);
    EXPECT_TRUE(bool(P));
    if (!P) {
      consumeError(P.takeError());
      return *PartPlan::plan(*M);
    }
    return std::move(*P);
  }

  /// Every function is owned by exactly one part, its owner.
  void checkOwnership(const PartPlan &P) {
    std::vector<int> Count(M->FuncTypes.size(), 0);
    for (unsigned Part = 0; Part < P.parts(); ++Part)
      for (uint32_t F : P.owned(Part)) {
        ++Count[F];
        EXPECT_EQ(P.owner(F), Part);
      }
    for (uint32_t F = 0; F < Count.size(); ++F)
      EXPECT_EQ(Count[F], 1) << "function " << F;
  }

  std::unique_ptr<Module> M;
  size_t Total = 0;
  // Function indices, in the order of the text.
  static constexpr uint32_t Small = 0, Only = 1, Big1 = 2, Big2 = 3, Run = 4;
};

TEST_F(SplitTest, SmallModuleIsOnePart) {
  PartPlan P = plan(PartPlan::DefaultPartSize);
  EXPECT_EQ(P.parts(), 1u);
  EXPECT_TRUE(P.PrivateFuncTables[0]); // only the segment writes it
}

TEST_F(SplitTest, ClustersImportsAndSharing) {
  PartPlan P = plan(Total / 2);
  ASSERT_EQ(P.parts(), 2u);
  checkOwnership(P);
  // only goes with its one caller; big2, the largest, first to part 0.
  EXPECT_EQ(P.owner(Only), P.owner(Big1));
  EXPECT_EQ(P.owner(Big2), 0u);
  EXPECT_EQ(P.owner(Big1), 1u);
  // What another part refers to is shared: everything outside part 0
  // (the descriptor there points to it), the table's functions, callees
  // of other parts.
  EXPECT_TRUE(P.shared(Big1));
  EXPECT_TRUE(P.shared(Only));
  EXPECT_TRUE(P.shared(Big2)); // in the table
  // small, being small, is copied into the parts that call it but do not
  // own it.
  unsigned SmallOwner = P.owner(Small);
  EXPECT_TRUE(P.imported(SmallOwner).empty() ||
              P.imported(SmallOwner)[0] != Small);
  ArrayRef<uint32_t> Copies = P.imported(1 - SmallOwner);
  EXPECT_NE(std::find(Copies.begin(), Copies.end(), Small), Copies.end());
  EXPECT_TRUE(P.shared(Small));
  // The same plan every time.
  PartPlan Again = plan(Total / 2);
  for (uint32_t F = 0; F < M->FuncTypes.size(); ++F)
    EXPECT_EQ(Again.owner(F), P.owner(F));
}

TEST_F(SplitTest, NoCopiesWithoutAnInliner) {
  PartPlan P = plan(Total / 2, /*Imports=*/false);
  ASSERT_EQ(P.parts(), 2u);
  for (unsigned Part = 0; Part < P.parts(); ++Part)
    EXPECT_TRUE(P.imported(Part).empty());
}

// A single-caller function is not merged past a part's share, and there
// are never more parts than functions.
TEST_F(SplitTest, ClusterStopsAtAPartsShare) {
  PartPlan P = plan(1);
  ASSERT_EQ(P.parts(), 5u);
  checkOwnership(P);
  for (unsigned Part = 0; Part < P.parts(); ++Part)
    EXPECT_EQ(P.owned(Part).size(), 1u);
  EXPECT_TRUE(P.shared(Only));
}

// A table written by code is not private; the plan finds it.
TEST(SplitTableTest, WrittenTableIsNotPrivate) {
  std::string Text = "(module (table 1 funcref) (elem (i32.const 0) $f)\n"
                     "  (func $f) (func i32.const 0 ref.null func table.set 0))";
  Expected<std::vector<uint8_t>> Wasm = watToWasm(Text, "t.wat");
  ASSERT_TRUE(bool(Wasm)) << toString(Wasm.takeError());
  Expected<std::unique_ptr<Module>> M = decodeModule(*Wasm, "t.wasm");
  ASSERT_TRUE(bool(M)) << toString(M.takeError());
  Expected<PartPlan> P = PartPlan::plan(**M);
  ASSERT_TRUE(bool(P));
  EXPECT_FALSE(P->PrivateFuncTables[0]);
}

} // namespace
