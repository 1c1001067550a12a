//===- OptimizeTest.cpp - Compile-time budgets: large functions and modules ===//

#include "Optimize.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"

#include <gtest/gtest.h>
#include <memory>

using namespace llvm;
using namespace wasm2so;

namespace {

/// A function of exactly Instrs instructions: adds, then a return.
llvm::Function *makeFunction(llvm::Module &M, const char *Name,
                             unsigned Instrs) {
  LLVMContext &Ctx = M.getContext();
  Type *I32 = Type::getInt32Ty(Ctx);
  auto *F = llvm::Function::Create(FunctionType::get(I32, {I32}, false),
                                   GlobalValue::ExternalLinkage, Name, M);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
  Value *V = F->getArg(0);
  for (unsigned I = 1; I < Instrs; ++I)
    V = B.CreateAdd(V, B.getInt32(I));
  B.CreateRet(V);
  return F;
}

TEST(OptimizeTest, LargeFunctionsSkipOnlyTheSuperlinearPasses) {
  LLVMContext Ctx;
  llvm::Module M("budget", Ctx);
  llvm::Function *AtLimit = makeFunction(M, "at", LargeFunctionInstrs);
  llvm::Function *Over = makeFunction(M, "over", LargeFunctionInstrs + 1);
  ASSERT_EQ(AtLimit->getInstructionCount(), LargeFunctionInstrs);
  ASSERT_EQ(Over->getInstructionCount(), LargeFunctionInstrs + 1);
  for (const char *Pass :
       {"CorrelatedValuePropagationPass", "JumpThreadingPass"}) {
    EXPECT_TRUE(withinCompileBudget(Pass, *AtLimit)) << Pass;
    EXPECT_FALSE(withinCompileBudget(Pass, *Over)) << Pass;
  }
  // Every other pass runs whatever the size.
  for (const char *Pass : {"InstCombinePass", "GVNPass", "SLPVectorizerPass",
                           "SimplifyCFGPass"})
    EXPECT_TRUE(withinCompileBudget(Pass, *Over)) << Pass;
}

/// The large-module tier: -O1 and -O2 only, strictly above the threshold,
/// and never when the full pipeline is asked for.
TEST(OptimizeTest, LargeModulesGetTheLightTierAtO1AndO2Only) {
  const uint64_t At = LargeModuleCodeBytes, Over = LargeModuleCodeBytes + 1;
  EXPECT_EQ(LargeModuleCodeBytes, uint64_t(2) << 20);
  EXPECT_EQ(optimizationTier(2, Over, false), Tier::Light);
  EXPECT_EQ(optimizationTier(2, uint64_t(11) << 20, false), Tier::Light);
  EXPECT_EQ(optimizationTier(2, At, false), Tier::Full);
  EXPECT_EQ(optimizationTier(2, 0, false), Tier::Full);
  EXPECT_EQ(optimizationTier(2, Over, /*FullPipeline=*/true), Tier::Full);
  EXPECT_EQ(optimizationTier(1, Over, false), Tier::Light);
  EXPECT_EQ(optimizationTier(1, At, false), Tier::Full);
  EXPECT_EQ(optimizationTier(1, Over, /*FullPipeline=*/true), Tier::Full);
  EXPECT_EQ(optimizationTier(2, 1, false, /*Threshold=*/0), Tier::Light);
  EXPECT_EQ(optimizationTier(2, 0, false, /*Threshold=*/0), Tier::Full);
  for (unsigned Level : {0u, 3u})
    EXPECT_EQ(optimizationTier(Level, Over, false), Tier::Full) << Level;
  EXPECT_STREQ(tierName(Tier::Light), "light");
  EXPECT_STREQ(tierName(Tier::Full), "full");
}

/// The value of LLVM's option Name, a cl::opt<T>.
template <typename T> T optionValue(const char *Name) {
  StringMap<cl::Option *> &Options = cl::getRegisteredOptions();
  auto It = Options.find(Name);
  if (It == Options.end()) {
    ADD_FAILURE() << "LLVM has no option " << Name;
    return T();
  }
  return static_cast<cl::opt<T> *>(It->second)->getValue();
}

unsigned long growRegionBudget() {
  return optionValue<unsigned long>("grow-region-complexity-budget");
}

unsigned largeIntervalJoins() {
  return optionValue<unsigned>("large-interval-freq-threshold");
}

/// The light tier's code generation options hold while a scope of that
/// tier lives, overlapping scopes included, and come back after the last;
/// a full-tier scope changes nothing.
TEST(OptimizeTest, LightTierSetsCodeGenOptionsForItsScope) {
  const unsigned long Budget = growRegionBudget();
  const unsigned Joins = largeIntervalJoins();
  ASSERT_NE(Budget, 0u);
  ASSERT_NE(Joins, 128u);
  {
    CodeGenOptionScope Full(Tier::Full);
    EXPECT_EQ(growRegionBudget(), Budget);
    EXPECT_EQ(largeIntervalJoins(), Joins);
  }
  auto First = std::make_unique<CodeGenOptionScope>(Tier::Light);
  EXPECT_EQ(growRegionBudget(), 0u);
  EXPECT_EQ(largeIntervalJoins(), 128u);
  auto Second = std::make_unique<CodeGenOptionScope>(Tier::Light);
  {
    CodeGenOptionScope Full(Tier::Full);
    EXPECT_EQ(growRegionBudget(), 0u);
  }
  // The first ends before the second: the options stay for the second.
  First.reset();
  EXPECT_EQ(growRegionBudget(), 0u);
  EXPECT_EQ(largeIntervalJoins(), 128u);
  Second.reset();
  EXPECT_EQ(growRegionBudget(), Budget);
  EXPECT_EQ(largeIntervalJoins(), Joins);
}

} // namespace
