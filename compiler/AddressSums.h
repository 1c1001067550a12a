//===- AddressSums.h - No-wrap proofs for wasm32 address sums ---*- C++ -*-===//
//
// A pass that marks `add nuw` the i32 sums `x + C` that address a 32-bit
// memory when loop trip counts prove they cannot wrap: see AddressSums.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_ADDRESSSUMS_H
#define WASM2SO_COMPILER_ADDRESSSUMS_H

#include "llvm/IR/PassManager.h"

namespace wasm2so {

/// Sets nuw on each i32 `add x, C` (C > 0) that a zero extension to i64
/// takes (a wasm32 address) when ScalarEvolution, with the loop guards
/// that dominate the sum, bounds x + C below 2^32.
struct ProveAddressSums : llvm::PassInfoMixin<ProveAddressSums> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
};

} // namespace wasm2so

#endif
