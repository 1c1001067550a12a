//===- Lower.h - Lowering a validated module to LLVM IR ---------*- C++ -*-===//
//
// lowerModule builds one llvm::Module for a wasm module: one LLVM function
// per wasm function (first parameter the vmctx), an entry trampoline and a
// host adapter per function type, and the descriptor that the loader reads
// (include/wasm2so/abi.h). The module is left unoptimized. With DebugInfo,
// every instruction carries its wasm byte offset as a debug location.
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

class PartPlan;

/// With a Plan of several parts: only part Part of the module (Split.h).
/// OnFunction, if given, is called after each function is lowered.
llvm::Expected<std::unique_ptr<llvm::Module>>
lowerModule(const Module &M, llvm::LLVMContext &Ctx,
            const llvm::TargetMachine &TM, bool DebugInfo = false,
            const PartPlan *Plan = nullptr, unsigned Part = 0,
            std::function<void()> OnFunction = nullptr);

} // namespace wasm2so

#endif
