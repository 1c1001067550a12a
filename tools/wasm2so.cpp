//===- wasm2so.cpp - Compile a WebAssembly module to a .so or executable -===//

#include "Error.h"
#include "wasm2so/compiler.h"

#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

#include <string>

using namespace wasm2so;

int main(int argc, char **argv) {
  CLI::App App{"wasm2so: compile a WebAssembly module (.wasm or .wat) ahead "
               "of time into a native shared object or executable"};
  App.footer(
      "An executable made with --exe runs the module's _start as\n"
      "`wasmrun OUT.so -- ARGS...` would. Its own leading options, which\n"
      "never reach the program, give the sandbox and the environment:\n"
      "  ./OUT [--wasm2so-dir=HOST[::GUEST]]... [--wasm2so-env=NAME=VALUE]...\n"
      "        [--wasm2so--] ARGS...\n"
      "It is linked against this build tree's libw2s_rt.a and\n"
      "libw2s_exe_main.a, and dynamically against libc and libstdc++.");
  std::string Input, Output, Triple, CPU;
  unsigned OptLevel = 2;
  bool EmitLLVM = false, EmitObj = false, Exe = false;
  App.add_option("INPUT", Input, "the module, binary or text")->required();
  App.add_option("-o,--output", Output,
                 "output file (default: the input's stem with .so, .o or "
                 ".ll, or the bare stem for --exe)");
  App.add_option("-O", OptLevel, "optimization level, 0 to 3 (default 2)")
      ->check(CLI::Range(0u, 3u));
  CLI::Option *LLVMFlag =
      App.add_flag("--emit-llvm", EmitLLVM, "write the optimized LLVM IR");
  CLI::Option *ObjFlag =
      App.add_flag("--emit-obj", EmitObj, "write the relocatable object")
          ->excludes(LLVMFlag);
  CLI::Option *ExeFlag =
      App.add_flag("--exe", Exe,
                   "write a native executable that runs the module as a "
                   "WASI command (see below)")
          ->excludes(LLVMFlag)
          ->excludes(ObjFlag);
  App.add_option("--target", Triple, "target triple (default: the host)")
      ->excludes(ExeFlag);
  App.add_option("--cpu", CPU, "target CPU (default: x86-64-v2 on x86-64, else generic)");
  try {
    App.parse(argc, argv);
  } catch (const CLI::CallForHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForAllHelp &E) {
    return App.exit(E);
  } catch (const CLI::ParseError &E) {
    llvm::errs() << "wasm2so: error: " << E.what() << "\n";
    return 1;
  }

  CompileOptions Options;
  Options.OptLevel = OptLevel;
  Options.TargetTriple = Triple;
  Options.CPU = CPU;
  Options.Output = EmitLLVM  ? OutputKind::LLVMIR
                   : EmitObj ? OutputKind::Object
                   : Exe     ? OutputKind::Executable
                             : OutputKind::SharedObject;
  if (Output.empty())
    Output = (llvm::sys::path::stem(Input) + (EmitLLVM  ? ".ll"
                                              : EmitObj ? ".o"
                                              : Exe     ? ""
                                                        : ".so"))
                 .str();
  if (Output == Input) {
    llvm::errs() << "wasm2so: error: the output would overwrite " << Input
                 << "; name it with -o\n";
    return 1;
  }

  llvm::Expected<std::vector<uint8_t>> Wasm = readModuleFile(Input);
  if (!Wasm) {
    llvm::errs() << formatError(Input, Wasm.takeError()) << "\n";
    return 1;
  }
  if (llvm::Error E = compileModule(*Wasm, Input, Output, Options)) {
    llvm::errs() << formatError(Input, std::move(E)) << "\n";
    return 1;
  }
  return 0;
}
