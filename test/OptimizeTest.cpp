//===- OptimizeTest.cpp - The compile-time budget of large functions ------===//

#include "Optimize.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <gtest/gtest.h>

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

} // namespace
