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

/// Which part of the pipeline optimize() runs. LLVM's per-module pipeline
/// is a simplification pipeline (inlining, scalar clean-up: it needs the
/// whole module) followed by an optimization pipeline (vectorizers,
/// unrolling, late clean-up: function by function). Split code generation
/// (Driver.cpp) runs the first on the whole module and the second on each
/// part, in parallel.
enum class OptimizeStage {
  All,      // the whole per-module pipeline
  Simplify, // its simplification pipeline (levels 1 to 3)
  Finish,   // its optimization pipeline (levels 1 to 3)
};

/// Optimizes LM in place at OptLevel (0 to 3) for TM. Simplify, then
/// Finish, gives the same module as All.
void optimize(llvm::Module &LM, llvm::TargetMachine &TM, unsigned OptLevel,
              OptimizeStage Stage = OptimizeStage::All);

} // namespace wasm2so

#endif
