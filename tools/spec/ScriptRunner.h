//===- spec/ScriptRunner.h - Runs one .wast script inside a child ---------===//
//
// The child side of wasmspec: reads a .wast script (spec/Wast.h), then runs
// its commands against real compiled .so files through the runtime,
// reporting each result to the parent as a protocol record (Protocol.h).
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_TOOLS_SPEC_SCRIPTRUNNER_H
#define WASM2SO_TOOLS_SPEC_SCRIPTRUNNER_H

#include "wasm2so/compiler.h"

#include <cstddef>
#include <string>

namespace wasm2so::spec {

struct ScriptOptions {
  std::string WastPath; // the script
  std::string TempDir;  // fresh, private to this script
  unsigned OptLevel = 2;
  size_t PartSize = 0; // CompileOptions::PartSize
  Features Feats;      // CompileOptions::Feats, for checkModule too
};

/// Reads and runs one script, writing records to Fd. Returns the child's
/// exit status: 0 when every command was reported, 1 otherwise.
int runScript(const ScriptOptions &Options, int Fd);

} // namespace wasm2so::spec

#endif
