//===- Optimize.h - The LLVM pass pipeline for lowered modules --*- C++ -*-===//
//
// The optimizer runs LLVM's default new-pass-manager pipeline at the chosen
// level, tuned for code lowered from wasm: see Optimize.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_OPTIMIZE_H
#define WASM2SO_COMPILER_OPTIMIZE_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Function;
class Module;
class TargetMachine;
} // namespace llvm

namespace wasm2so {

/// Optimizes LM in place at OptLevel (0 to 3) for TM.
void optimize(llvm::Module &LM, llvm::TargetMachine &TM, unsigned OptLevel);

/// Compiles LM to an ELF object in Out with TM's code generation pipeline
/// (less LiveDebugValues: see Optimize.cpp).
llvm::Error emitObject(llvm::Module &LM, llvm::TargetMachine &TM,
                       llvm::SmallVectorImpl<char> &Out);

/// Above this many instructions, a function is over the compile-time
/// budget of very large functions (Optimize.cpp).
constexpr unsigned LargeFunctionInstrs = 12000;

/// Whether the optional pass named Pass (its class name, as the pass
/// instrumentation gives it) runs on F: false for the passes whose cost
/// grows faster than a function's size (CorrelatedValuePropagation,
/// JumpThreading) on a function of more than LargeFunctionInstrs
/// instructions.
bool withinCompileBudget(llvm::StringRef Pass, const llvm::Function &F);

} // namespace wasm2so

#endif
