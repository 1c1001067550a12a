//===- spec/Values.h - wast2json values: parsing, matching, printing ------===//
//
// The spec runner reads arguments and expected results from the JSON that
// wast2json writes: `{"type": "i32", "value": "4294967295"}` (the decimal
// bit pattern), `nan:canonical`/`nan:arithmetic` patterns for floats and
// v128 lanes, and `"null"` or a number for references.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_TOOLS_SPEC_VALUES_H
#define WASM2SO_TOOLS_SPEC_VALUES_H

#include "wasm2so/runtime.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace wasm2so::spec {

/// The host reference that stands for `ref.extern N`: a non-null pointer
/// derived from N, the same in arguments and in expected results.
const void *externRef(uint64_t N);

/// Converts one argument. Fails for values the runner cannot express (a
/// non-null funcref argument, an unknown type).
llvm::Expected<rt::Value> parseArgument(const llvm::json::Value &V);

/// Whether Got matches the expected JSON value bit-exactly, honouring NaN
/// patterns. An unusable expectation yields an Error.
llvm::Expected<bool> matchesExpected(const llvm::json::Value &Expected,
                                     const rt::Value &Got);

/// "i32:-1", "f32:1.5 (0x3fc00000)", "ref.extern 3", "v128:i32x4 1 2 3 4".
std::string formatValue(const rt::Value &V);
/// The same notation for an expected JSON value ("f32:nan:canonical").
std::string formatExpected(const llvm::json::Value &V);

/// "(i32:1, f64:2.5)": a whole result list; "()" when empty. v128 values
/// are printed in the lane shape of the matching entry of Like, if any.
std::string formatValues(const std::vector<rt::Value> &Vs,
                         const llvm::json::Array *Like = nullptr);
std::string formatExpectedList(const llvm::json::Array *Vs);

} // namespace wasm2so::spec

#endif
