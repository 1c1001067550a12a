//===- Optimize.h - The LLVM pass pipeline for lowered modules --*- C++ -*-===//
//
// The optimizer runs LLVM's default new-pass-manager pipeline at the chosen
// level, tuned for code lowered from wasm: see Optimize.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_OPTIMIZE_H
#define WASM2SO_COMPILER_OPTIMIZE_H

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace wasm2so {

/// Optimizes LM in place at OptLevel (0 to 3) for TM.
void optimize(llvm::Module &LM, llvm::TargetMachine &TM, unsigned OptLevel);

} // namespace wasm2so

#endif
