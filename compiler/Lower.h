//===- Lower.h - Lowering a validated module to LLVM IR ---------*- C++ -*-===//
//
// lowerModule builds one llvm::Module for a wasm module: one LLVM function
// per wasm function (first parameter the vmctx), an entry trampoline and a
// host adapter per function type, and the descriptor that the loader reads
// (include/wasm2so/abi.h). The module is left unoptimized. With debug
// information, every instruction carries its wasm byte offset as a debug
// location (DebugLevel).
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_LOWER_H
#define WASM2SO_COMPILER_LOWER_H

#include "Module.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <functional>
#include <memory>

namespace wasm2so {

/// How much debug information lowering attaches (docs/abi.md, "Inlined
/// frames").
enum class DebugLevel {
  None,
  /// Line tables only, what every .so carries: locations (line = wasm
  /// byte offset) and subprograms, so that the DWARF of the linked code
  /// records which wasm functions were inlined where. Code generation is
  /// the same as with None.
  InlineSites,
  /// -g: the same, and each trap site gets a trap call of its own, so
  /// that a trap's line is its own instruction.
  Full,
};

class PartPlan;

/// With a Plan of several parts: only part Part of the module (Split.h).
/// OnFunction, if given, is called after each function is lowered.
llvm::Expected<std::unique_ptr<llvm::Module>>
lowerModule(const Module &M, llvm::LLVMContext &Ctx,
            const llvm::TargetMachine &TM, DebugLevel Debug = DebugLevel::None,
            const PartPlan *Plan = nullptr, unsigned Part = 0,
            std::function<void()> OnFunction = nullptr);

} // namespace wasm2so

#endif
