//===- spec/Driver.h - Runs .wast scripts in parallel child processes -----===//
//
// The parent side of wasmspec: one forked child per script (at most Jobs at
// once), each with its own temporary folder and a deadline. The children's
// records (Protocol.h) are collected and each script's report is printed in
// the order the scripts were given, whatever order they finish in.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_TOOLS_SPEC_DRIVER_H
#define WASM2SO_TOOLS_SPEC_DRIVER_H

#include "wasm2so/compiler.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include "wasm2so/compiler.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wasm2so::spec {

/// How many commands of a script are expected to fail for now, and why
/// (the feature still missing): one line of an expectations file.
struct Expectation {
  uint64_t Count = 0;
  std::string Reason;
};
/// By script name (the file's stem).
using Expectations = std::map<std::string, Expectation>;

/// Reads an expectations file: `NAME COUNT REASON` lines, `#` comments.
llvm::Expected<Expectations> readExpectations(llvm::StringRef Path);

struct DriverOptions {
  unsigned Jobs = 1;
  unsigned OptLevel = 2;
  size_t PartSize = 0;           // CompileOptions::PartSize
  Features Feats;                // CompileOptions::Feats
  unsigned TimeoutSeconds = 300; // per script
  bool KeepTemps = false;
  bool Verbose = false;
  /// With an expectations file (ExpectPath), a script must fail exactly
  /// the listed number of commands, 0 when unlisted.
  Expectations Expected;
  std::string ExpectPath;
};

struct Totals {
  uint64_t Passed = 0, Failed = 0, Skipped = 0;
  uint64_t ExpectedFailed = 0; // failures that the expectations list
  unsigned Mismatched = 0;     // scripts failing more or fewer than listed
};

/// Runs every script and prints the per-script reports to OS. Fails only
/// when the runner itself cannot work (no temporary folder, no fork).
llvm::Expected<Totals> runScripts(llvm::ArrayRef<std::string> Files,
                                  const DriverOptions &Options,
                                  llvm::raw_ostream &OS);

} // namespace wasm2so::spec

#endif
