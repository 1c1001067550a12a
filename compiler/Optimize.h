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
  Light, // -O1 or -O2 on a large module: simplification, fast selection
};

/// Above this many bytes of function bodies (the code section less its
/// size fields), -O1 and -O2 compile a module in the light tier.
constexpr uint64_t LargeModuleCodeBytes = uint64_t(2) << 20;

/// The tier of a module with CodeBytes bytes of function bodies at
/// OptLevel: light at -O1 and -O2 above LargeModuleCodeBytes unless
/// FullPipeline (--full-pipeline) asks for the full one; full otherwise
/// (-O0's path is already fast, -O3 asks for the most).
/// Threshold replaces LargeModuleCodeBytes (tests force the light tier).
Tier optimizationTier(unsigned OptLevel, uint64_t CodeBytes,
                      bool FullPipeline,
                      uint64_t Threshold = LargeModuleCodeBytes);

/// "full" or "light", for --time-report.
const char *tierName(Tier T);

/// Sets TM's code generation for tier T: in the light tier, level Less
/// with the fast instruction selector (the greedy register allocator
/// stays). Nothing for the full tier.
void setCodeGenTier(llvm::TargetMachine &TM, Tier T);

/// LLVM's code generation options that have no per-module setting (they
/// are process-wide) for tier T, while it lives: in the light tier, the
/// greedy register allocator's region splitting and the coalescer's work
/// on large live intervals are cut short (Optimize.cpp, "the light tier's
/// code generation"); nothing for the full tier. One scope covers every
/// part of a compile, since all parts share the module's tier. Scopes of
/// the light tier may overlap (compiles on several threads): the options
/// come back when the last one ends. A full-tier compile that runs at the
/// same time gets the light options too, which changes its code, not what
/// the code does.
class CodeGenOptionScope {
public:
  explicit CodeGenOptionScope(Tier T);
  ~CodeGenOptionScope();
  CodeGenOptionScope(const CodeGenOptionScope &) = delete;
  CodeGenOptionScope &operator=(const CodeGenOptionScope &) = delete;

private:
  bool Light;
};

/// Optimizes LM in place at OptLevel (0 to 3) for TM, in tier T.
void optimize(llvm::Module &LM, llvm::TargetMachine &TM, unsigned OptLevel,
              Tier T = Tier::Full);

/// Compiles LM to an ELF object in Out with TM's code generation pipeline
/// (less LiveDebugValues: see Optimize.cpp); in the light tier, less the
/// machine passes that it does without (LightSkippedPasses).
llvm::Error emitObject(llvm::Module &LM, llvm::TargetMachine &TM,
                       llvm::SmallVectorImpl<char> &Out, Tier T = Tier::Full);

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
