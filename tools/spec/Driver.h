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

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include "wasm2so/compiler.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wasm2so::spec {

struct DriverOptions {
  unsigned Jobs = 1;
  unsigned OptLevel = 2;
  size_t PartSize = 0; // CompileOptions::PartSize
  Features Feats;      // CompileOptions::Feats
  unsigned TimeoutSeconds = 300; // per script
  bool KeepTemps = false;
  bool Verbose = false;
  std::string Wast2Json; // the program's path
  std::vector<std::string> Wast2JsonFlags;
};

struct Totals {
  uint64_t Passed = 0, Failed = 0, Skipped = 0;
};

/// Runs every script and prints the per-script reports to OS. Fails only
/// when the runner itself cannot work (no temporary folder, no fork).
llvm::Expected<Totals> runScripts(llvm::ArrayRef<std::string> Files,
                                  const DriverOptions &Options,
                                  llvm::raw_ostream &OS);

} // namespace wasm2so::spec

#endif
