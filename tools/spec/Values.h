//===- spec/Values.h - Script values: arguments, matching, printing -------===//
//
// Turns the constants of a script (spec/Wast.h) into runtime values for
// invoke, matches the values a function returned against the script's
// result patterns (NaN patterns per scalar and per lane, `either`, the
// reference patterns), and prints both for the report.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_TOOLS_SPEC_VALUES_H
#define WASM2SO_TOOLS_SPEC_VALUES_H

#include "Wast.h"

#include "wasm2so/runtime.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace wasm2so::spec {

/// The host reference that stands for `ref.extern N`: a non-null pointer
/// derived from N, the same in arguments and in expected results.
const void *externRef(uint64_t N);

/// Converts one argument. Fails for values the runtime has no type for
/// (`ref.host N`, a null reference outside funcref and externref): such a
/// command is skipped, for the runner lacks the feature.
llvm::Expected<rt::Value> toArgument(const Value &V);

/// Whether Got matches the pattern, bit-exactly but for NaN patterns.
bool matches(const Value &Pattern, const rt::Value &Got);

/// "i32:-1", "f32:1.5 (0x3fc00000)", "ref.extern 3", "v128:i32x4 1 2 3 4".
std::string formatValue(const rt::Value &V);
/// The same notation for a pattern ("f32:nan:canonical", "ref.func").
std::string formatExpected(const Value &V);

/// "(i32:1, f64:2.5)": a whole result list; "()" when empty. v128 values
/// are printed in the lane shape of the matching entry of Like, if any.
std::string formatValues(const std::vector<rt::Value> &Vs,
                         const std::vector<Value> *Like = nullptr);
std::string formatExpectedList(const std::vector<Value> &Vs);

} // namespace wasm2so::spec

#endif
