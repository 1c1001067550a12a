//===- Fuzzing.h - The compile pipeline in memory, for fuzzers --*- C++ -*-===//
//
// compileToObject runs every phase that compileModule runs up to the object
// file (decode, validate, lower, verify, optimize, codegen) and returns the
// object's bytes instead of linking them, so that a fuzzer can drive the
// whole compiler without touching the file system.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_FUZZING_H
#define WASM2SO_COMPILER_FUZZING_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace wasm2so {

/// Compiles Wasm to a relocatable object for the host at OptLevel (0..3).
/// Input errors are WasmErrors as from compileModule; lowering that yields
/// IR the verifier rejects is a plain error starting "internal error:".
llvm::Expected<llvm::SmallVector<char, 0>>
compileToObject(llvm::ArrayRef<uint8_t> Wasm, llvm::StringRef FileName,
                unsigned OptLevel);

} // namespace wasm2so

#endif
