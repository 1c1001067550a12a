//===- wasm2so/compiler.h - The compiler as a library -----------*- C++ -*-===//
//
// wasm2so's compile pipeline: decode, validate, lower to LLVM IR, optimize,
// emit an object, link it with lld into a shared object or an executable.
// The wasm2so tool and the spec runner are thin layers over these calls.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_H
#define WASM2SO_COMPILER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wasm2so {

enum class OutputKind {
  SharedObject, // a .so for wasmrun or any embedder
  Executable,   // a WASI command with the runtime linked in (wasm2so --exe)
  Object,
  LLVMIR,
};

/// Language features beyond Wasm 2.0 that decoding and validation accept.
/// All are on by default (Wasm 3.0). Some change what 2.0 bytes mean (a
/// nonzero byte after memory.size is a memory index, not a malformed
/// reserved byte), so the Wasm 2.0 spec suite runs with them off.
struct Features {
  bool MultiMemory = true; // several memories, memory indices
  bool Memory64 = true;    // i64 address types, 64-bit offsets and limits
  /// Constant expressions that compute (i32/i64 add, sub, mul) and read
  /// globals the module defines, not only imported ones.
  bool ExtendedConst = true;
  /// Exception handling: the tag section, tag imports and exports.
  bool Exceptions = true;
  /// The 2.0 reference interpreter's words where 3.0's differ.
  bool Wasm2Messages = false;
  static Features wasm2() {
    Features F;
    F.MultiMemory = F.Memory64 = F.ExtendedConst = F.Exceptions = false;
    F.Wasm2Messages = true;
    return F;
  }
};

struct CompileOptions {
  unsigned OptLevel = 2;       // 0..3
  OutputKind Output = OutputKind::SharedObject;
  std::string TargetTriple;    // empty: the host
  std::string CPU;             // empty: generic for the triple
  bool DebugInfo = false;      // -g: wasm byte offsets as debug locations
  bool RunPasses = true;       // false: LLVM IR as lowered, unoptimized
  /// Check the IR lowering made with LLVM's verifier before optimizing it
  /// (a failure is an internal error naming the function). It checks
  /// wasm2so, not the input, which the validator checked; as in clang, it
  /// is off unless asked for (the test tools do) or the library was built
  /// with assertions, for it costs about 7% of a -O0 compile.
  bool VerifyIR = false;
  /// Threads that lower, optimize and compile; 0: one per core. A large
  /// module is cut into parts (how many depends on the module only), each
  /// part lowered, optimized and compiled to its own object on one of these
  /// threads, and the objects linked together; the output does not depend
  /// on Jobs.
  unsigned Jobs = 0;
  /// The parts' size, in bytes of function bodies; 0: the default (9000).
  /// Tests make it small to cut small modules.
  size_t PartSize = 0;
  /// At -O1 and -O2, LLVM's full pipeline and code generator even for a
  /// module above the large-module threshold, which otherwise gets the
  /// light tier (--full-pipeline; docs/performance.md, "A large module").
  bool FullPipeline = false;
  /// The large-module threshold, in bytes of function bodies; -1: the
  /// default (2 MiB). Tests make it 0 to compile small modules in the
  /// light tier.
  int64_t LightTierAbove = -1;
  bool TimeReport = false;     // print each phase's wall time to stderr
  /// Show a progress line on stderr (the tools ask for it when stderr is a
  /// terminal) once the compile has taken ProgressDelayMs.
  bool Progress = false;
  unsigned ProgressDelayMs = 500;
  Features Feats;              // what the input may use
};

/// "wasm2so VERSION (LLVM VERSION)".
std::string versionString();

/// Reads a .wasm file, or a .wat file (by extension or content) through
/// watToWasm; errors are WasmError with the file's offsets.
llvm::Expected<std::vector<uint8_t>> readModuleFile(llvm::StringRef Path);

/// Converts WebAssembly text to binary. Errors are Malformed WasmErrors.
/// Besides the standard's text format it reads the older names still
/// found in tutorials (`anyfunc`, `get_local`, `set_global`, ...).
llvm::Expected<std::vector<uint8_t>>
watToWasm(llvm::StringRef Text, llvm::StringRef FileName,
          const Features &Feats = Features());

/// Decodes and validates a binary module without compiling it.
llvm::Error checkModule(llvm::ArrayRef<uint8_t> Wasm, llvm::StringRef FileName,
                        const Features &Feats = Features());

/// Compiles a binary module to OutputPath. The output is written to a
/// temporary file next to it and renamed into place, so a failure never
/// leaves a partial file behind.
llvm::Error compileModule(llvm::ArrayRef<uint8_t> Wasm, llvm::StringRef FileName,
                          llvm::StringRef OutputPath,
                          const CompileOptions &Options);

/// The signature hash of a function type given by its value-type bytes
/// (enum w2s_valtype): a 64-bit hash of the canonical binary encoding
/// 0x60 vec(params) vec(results); never 0.
uint64_t signatureHash(llvm::ArrayRef<uint8_t> Params,
                       llvm::ArrayRef<uint8_t> Results);

} // namespace wasm2so

#endif
