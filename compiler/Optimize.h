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

#include <cstdint>

namespace llvm {
class Function;
class Module;
class TargetMachine;
} // namespace llvm

namespace wasm2so {

/// How much of LLVM's work a module gets at its level (Optimize.cpp, "the
/// large-module tier").
enum class Tier {
  Full,  // LLVM's pipeline and code generator at the level asked for
  Light, // -O2 on a large module: function simplification, fast selection
};

/// Above this many bytes of function bodies (the code section less its
/// size fields), -O2 compiles a module in the light tier.
constexpr uint64_t LargeModuleCodeBytes = uint64_t(2) << 20;

/// The tier of a module with CodeBytes bytes of function bodies at
/// OptLevel: light at -O2 above LargeModuleCodeBytes unless FullPipeline
/// (--full-pipeline) asks for the full one; full otherwise.
Tier optimizationTier(unsigned OptLevel, uint64_t CodeBytes,
                      bool FullPipeline);

/// "full" or "light", for --time-report.
const char *tierName(Tier T);

/// Sets TM's code generation for tier T: in the light tier, level Less
/// with the fast instruction selector (the greedy register allocator
/// stays). Nothing for the full tier.
void setCodeGenTier(llvm::TargetMachine &TM, Tier T);

/// Optimizes LM in place at OptLevel (0 to 3) for TM, in tier T.
void optimize(llvm::Module &LM, llvm::TargetMachine &TM, unsigned OptLevel,
              Tier T = Tier::Full);

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
