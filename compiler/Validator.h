//===- Validator.h - The spec's validation algorithm ------------*- C++ -*-===//
//
// Validates a decoded module: module-level rules (indices, limits, exports,
// start, segments, constant expressions) and every function body with the
// spec's operand-stack/control-stack algorithm. Errors are Invalid
// WasmErrors using the spec interpreter's wording ("type mismatch",
// "unknown local 3", ...) at the offending byte offset.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_VALIDATOR_H
#define WASM2SO_COMPILER_VALIDATOR_H

#include "Module.h"
#include "wasm2so/compiler.h"

#include "llvm/Support/Error.h"

namespace wasm2so {

llvm::Error validateModule(const Module &M);

} // namespace wasm2so

#endif
