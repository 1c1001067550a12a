//===- Limits.h - Implementation limits on untrusted modules ----*- C++ -*-===//
//
// The binary format allows counts up to 2^32-1 almost everywhere; wasm2so,
// like every engine, accepts less. The numbers follow V8 (wasm-limits.h)
// and wasmparser (limits.rs), so a module one of them accepts is accepted
// here too. Exceeding one is an Unsupported WasmError at the offset of the
// count (docs/security.md lists them).
//
// Limits on sizes at run time (table elements, memory pages) are the
// loader's: rt/Externals.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_LIMITS_H
#define WASM2SO_COMPILER_LIMITS_H

#include <cstdint>

namespace wasm2so::limits {

constexpr uint64_t ModuleBytes = 1024 * 1024 * 1024; // 1 GiB
constexpr uint32_t Types = 1000000;
constexpr uint32_t Params = 1000;  // per function type
constexpr uint32_t Results = 1000; // per function type
constexpr uint32_t Imports = 100000;
constexpr uint32_t Exports = 100000;
constexpr uint32_t Functions = 1000000; // imported and defined
constexpr uint32_t Tables = 100000;     // imported and defined
constexpr uint32_t Memories = 100;      // imported and defined
constexpr uint32_t Globals = 1000000;   // imported and defined
constexpr uint32_t ElemSegments = 100000;
constexpr uint32_t ElemSegmentItems = 10000000;
constexpr uint32_t DataSegments = 100000;
constexpr uint32_t NameBytes = 100000; // import, export and section names
constexpr uint32_t FunctionBodyBytes = 7654321;
constexpr uint32_t Locals = 50000; // per function, parameters excluded
constexpr uint32_t BrTableTargets = 65520;
/// Blocks, loops and ifs open at once in one function body. Deep nesting
/// makes LLVM's optimizer superlinear (10,000 nested blocks with branches
/// take minutes at -O2), so this is lower than the body size would allow.
constexpr uint32_t NestingDepth = 10000;

} // namespace wasm2so::limits

#endif
