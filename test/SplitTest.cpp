//===- SplitTest.cpp - Unit tests of the module split ---------------------===//

#include "Split.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include "gtest/gtest.h"

#include <memory>
#include <string>

using namespace llvm;
using namespace wasm2so;

namespace {

/// A function `i32 Name(i32)` of Adds additions, then the given calls and
/// accesses (IR lines using %v, the last sum), returning %r.
std::string function(const std::string &Name, unsigned Adds,
                     const std::string &Tail = "  %r = add i32 %v, 0\n") {
  std::string S = "define internal i32 @" + Name + "(i32 %x) {\n";
  std::string Last = "%x";
  for (unsigned I = 0; I < Adds; ++I) {
    std::string V = "%a" + std::to_string(I);
    S += "  " + V + " = add i32 " + Last + ", " + std::to_string(I + 1) + "\n";
    Last = V;
  }
  S += "  %v = add i32 " + Last + ", 0\n" + Tail + "  ret i32 %r\n}\n";
  return S;
}

/// big1 calls only (its one caller) and small, and reads the table;
/// big2 calls small and updates counter.
std::string moduleText() {
  return "@table = private unnamed_addr constant [2 x ptr] "
         "[ptr @big1, ptr @big2]\n"
         "@counter = internal global i32 0\n" +
         function("small", 0) + function("only", 6) +
         function("big1", 10,
                  "  %o = call i32 @only(i32 %v)\n"
                  "  %s = call i32 @small(i32 %o)\n"
                  "  %p = load ptr, ptr @table\n"
                  "  %r = call i32 %p(i32 %s)\n") +
         function("big2", 26,
                  "  %s = call i32 @small(i32 %v)\n"
                  "  %c = load i32, ptr @counter\n"
                  "  %n = add i32 %c, %s\n"
                  "  store i32 %n, ptr @counter\n"
                  "  %r = add i32 %n, 0\n");
}

class SplitTest : public ::testing::Test {
protected:
  void SetUp() override {
    SMDiagnostic Diag;
    LM = parseAssemblyString(moduleText(), Diag, Ctx);
    ASSERT_TRUE(LM) << Diag.getMessage().str();
    ASSERT_FALSE(verifyModule(*LM, &errs()));
  }

  /// A copy of the (prepared) module reduced to Part, verified.
  std::unique_ptr<Module> part(const ModuleSplit &S, unsigned Part) {
    std::unique_ptr<Module> M = CloneModule(*LM);
    S.keepPart(*M, Part);
    EXPECT_FALSE(verifyModule(*M, &errs())) << "part " << Part;
    return M;
  }

  LLVMContext Ctx;
  std::unique_ptr<Module> LM;
};

TEST_F(SplitTest, SmallModuleIsOnePartAndUntouched) {
  ModuleSplit S = ModuleSplit::plan(*LM);
  EXPECT_EQ(S.parts(), 1u);
  for (const Function &F : *LM)
    EXPECT_TRUE(F.hasLocalLinkage()) << F.getName().str();
}

// 60 instructions in parts of 30: two parts. Largest cluster first: big2
// (30) to part 0, then big1 with its only caller's callee `only` (20), then
// small (2) to the lighter part 1.
TEST_F(SplitTest, ClustersImportsAndCopies) {
  ModuleSplit S = ModuleSplit::plan(*LM, 30);
  ASSERT_EQ(S.parts(), 2u);

  // What another part refers to is a hidden global; the rest stays local.
  auto Linkage = [&](const char *Name) {
    const GlobalValue *GV = LM->getNamedValue(Name);
    return GV->hasLocalLinkage()                        ? "local"
           : GV->getVisibility() == GlobalValue::HiddenVisibility ? "hidden"
                                                                  : "default";
  };
  EXPECT_STREQ(Linkage("only"), "local");
  EXPECT_STREQ(Linkage("small"), "hidden");  // copied into part 0
  EXPECT_STREQ(Linkage("big1"), "hidden");   // in the table (part 0)
  EXPECT_STREQ(Linkage("big2"), "hidden");   // in part 1's table copy
  EXPECT_STREQ(Linkage("counter"), "local"); // only part 0 uses it
  EXPECT_STREQ(Linkage("table"), "local");   // copied, not shared

  std::unique_ptr<Module> P0 = part(S, 0);
  EXPECT_FALSE(P0->getFunction("big2")->isDeclaration());
  EXPECT_TRUE(P0->getFunction("small")->hasAvailableExternallyLinkage());
  EXPECT_TRUE(P0->getFunction("big1")->isDeclaration());
  EXPECT_TRUE(P0->getFunction("only")->isDeclaration());
  EXPECT_TRUE(P0->getNamedGlobal("counter")->hasInitializer());
  EXPECT_TRUE(P0->getNamedGlobal("table")->hasInitializer());

  std::unique_ptr<Module> P1 = part(S, 1);
  EXPECT_FALSE(P1->getFunction("big1")->isDeclaration());
  EXPECT_TRUE(P1->getFunction("only")->hasLocalLinkage());
  EXPECT_FALSE(P1->getFunction("only")->isDeclaration());
  EXPECT_FALSE(P1->getFunction("small")->isDeclaration());
  EXPECT_FALSE(P1->getFunction("small")->hasAvailableExternallyLinkage());
  EXPECT_TRUE(P1->getFunction("big2")->isDeclaration());
  EXPECT_TRUE(P1->getNamedGlobal("table")->hasInitializer());
  EXPECT_TRUE(P1->getNamedGlobal("table")->hasLocalLinkage());
  EXPECT_FALSE(P1->getNamedGlobal("counter")->hasInitializer());
}

// A large single-caller function is not merged past a part's share.
TEST_F(SplitTest, ClusterStopsAtAPartsShare) {
  ModuleSplit S = ModuleSplit::plan(*LM, 15); // 4 parts of 15
  ASSERT_EQ(S.parts(), 4u);
  std::unique_ptr<Module> P = part(S, 0); // big2 alone
  EXPECT_FALSE(P->getFunction("big2")->isDeclaration());
  EXPECT_TRUE(P->getFunction("big1")->isDeclaration());
  EXPECT_EQ(LM->getFunction("only")->hasLocalLinkage(), false);
  for (unsigned I = 1; I < S.parts(); ++I)
    part(S, I);
}

} // namespace
