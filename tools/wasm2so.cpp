//===- wasm2so.cpp - Compile a WebAssembly module to a .so or executable -===//

#include "Error.h"
#include "wasm2so/compiler.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

#include <string>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace wasm2so;

namespace {

/// Help in clang's manner: each option with its argument's name, nothing
/// about which options exclude which (the errors say that).
class HelpFormatter : public CLI::Formatter {
public:
  std::string make_option_opts(const CLI::Option *O) const override {
    if (O->get_type_name().empty() || O->get_expected_min() == 0)
      return "";
    return " " + O->get_type_name();
  }
};

} // namespace

/// LLVM allocates and frees blocks by the million, some of them large.
/// With glibc's defaults, large blocks are mmap'ed and unmapped each time
/// and the heap is trimmed back to the kernel as it shrinks, so the same
/// pages are faulted in and zeroed again and again: about 15% of the CPU
/// time of compiling zlib's minigzip. A compiler process is short-lived;
/// it keeps what it has.
static void tuneMalloc() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

int main(int argc, char **argv) {
  tuneMalloc();
  CLI::App App{"wasm2so: compile a WebAssembly module (.wasm or .wat) ahead "
               "of time into a native shared object or executable"};
  App.formatter(std::make_shared<HelpFormatter>());
  App.get_formatter()->column_width(30);
  App.set_version_flag("--version", versionString(),
                       "print the wasm2so and LLVM versions and exit");
  App.set_help_flag("-h,--help", "print this help and exit");
  App.footer(
      "Examples:\n"
      "  wasm2so app.wasm -o app.so             a .so for wasmrun or an "
      "embedder\n"
      "  wasm2so -g -O1 app.wat                 with wasm offsets as debug "
      "lines\n"
      "  wasm2so --emit-llvm app.wasm -o -      the optimized IR, to stdout\n"
      "  wasm2so --emit-llvm --disable-llvm-passes app.wasm   the IR as "
      "lowered\n"
      "  wasm2so --target aarch64-linux-gnu app.wasm -o app-arm64.so\n"
      "\n"
      "With -g, a debug location's line is the wasm byte offset of the\n"
      "instruction (column 0), in a file named after the input, so\n"
      "`llvm-addr2line -f -e app.so ADDR` prints the function and\n"
      "`app.wasm:OFFSET`.\n"
      "\n"
      "An executable made with --exe runs the module's _start as\n"
      "`wasmrun OUT.so -- ARGS...` would. Its own leading options, which\n"
      "never reach the program, give the sandbox and the environment:\n"
      "  ./OUT [--wasm2so-dir=HOST[::GUEST]]... [--wasm2so-env=NAME=VALUE]...\n"
      "        [--wasm2so--] ARGS...\n"
      "It is linked against this build tree's libw2s_rt.a and\n"
      "libw2s_exe_main.a, and dynamically against libc and libstdc++.");
  std::string Input, Output, Triple, CPU;
  unsigned OptLevel = 2;
  unsigned Jobs = 0;
  size_t PartSize = 0;
  bool EmitLLVM = false, EmitObj = false, Exe = false, Debug = false,
       NoPasses = false, TimeReport = false, Quiet = false, VerifyIR = false,
       FullPipeline = false;
  App.add_option("INPUT", Input, "the module, binary (.wasm) or text (.wat)")
      ->required()
      ->type_name("");
  App.add_option("-o,--output", Output,
                 "output file (default: the input's stem with .so, .o, .ll,\n"
                 "or none for --exe; - is stdout for IR and objects)")
      ->type_name("FILE");
  App.add_option("-O", OptLevel, "optimization level, 0 to 3 (default 2)")
      ->check(CLI::Range(0u, 3u).description(""))
      ->type_name("LEVEL");
  App.add_flag("--full-pipeline", FullPipeline,
               "at -O1 and -O2, LLVM's full pipeline even for a module\n"
               "of more than 2 MiB of code, which otherwise gets a lighter\n"
               "one (see docs/performance.md)");
  App.add_flag("-g", Debug,
               "debug information: each instruction's wasm byte offset\n"
               "is its line (see below)");
  CLI::Option *LLVMFlag = App.add_flag(
      "--emit-llvm", EmitLLVM,
      "write LLVM IR (.ll), optimized unless --disable-llvm-passes");
  App.add_flag("--disable-llvm-passes", NoPasses,
               "with --emit-llvm: the IR as lowered, before any LLVM pass")
      ->needs(LLVMFlag);
  CLI::Option *ObjFlag =
      App.add_flag("--emit-obj", EmitObj, "write the relocatable object (.o)")
          ->excludes(LLVMFlag);
  CLI::Option *ExeFlag =
      App.add_flag("--exe", Exe,
                   "write a native executable that runs the module as a\n"
                   "WASI command (see below)")
          ->excludes(LLVMFlag)
          ->excludes(ObjFlag);
  App.add_option("--target", Triple,
                 "target triple, e.g. aarch64-linux-gnu (default: the host)")
      ->excludes(ExeFlag)
      ->type_name("TRIPLE");
  App.add_option("--cpu", CPU,
                 "target CPU (default: x86-64-v2 on x86-64, else generic; "
                 "native: this machine)")
      ->type_name("CPU");
  App.add_option("-j,--jobs", Jobs,
                 "threads that optimize and compile a large module's parts\n"
                 "(default: one per core); the output is the same for every number")
      ->check(CLI::Range(0u, 256u).description(""))
      ->type_name("N");
  App.add_flag("--time-report", TimeReport,
               "print the wall time of each compile phase to stderr");
  App.add_flag("-q,--quiet", Quiet,
               "no progress line (shown on a terminal for long compiles)");
  App.add_flag("--verify-ir", VerifyIR,
               "check the lowered LLVM IR with LLVM's verifier (a check of\n"
               "wasm2so itself; the test tools do it)");
  // For tests: how long a compile runs before its progress line shows.
  unsigned ProgressDelayMs = 500;
  App.add_option("--progress-delay", ProgressDelayMs,
                 "milliseconds before the progress line shows")
      ->group("");
  // For tests: cuts small modules into parts too (see compiler/Split.cpp).
  // Hidden, so CLI11 would name it "" in its errors: checked below.
  std::string PartSizeText;
  App.add_option("--part-size", PartSizeText,
                 "cut a module into parts of about N LLVM instructions")
      ->group("");
  try {
    App.parse(argc, argv);
  } catch (const CLI::CallForHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForAllHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForVersion &E) {
    return App.exit(E);
  } catch (const CLI::ParseError &E) {
    llvm::errs() << "wasm2so: error: " << E.what() << "\n";
    return 1;
  }

  constexpr size_t MaxPartSize = size_t(1) << 30;
  if (!PartSizeText.empty() &&
      (!llvm::to_integer(PartSizeText, PartSize, 10) || PartSize < 1 ||
       PartSize > MaxPartSize)) {
    llvm::errs() << "wasm2so: error: --part-size: Value " << PartSizeText
                 << " not in range 1 to " << MaxPartSize << "\n";
    return 1;
  }

  CompileOptions Options;
  Options.OptLevel = OptLevel;
  Options.TargetTriple = Triple;
  Options.CPU = CPU;
  Options.DebugInfo = Debug;
  Options.RunPasses = !NoPasses;
  Options.Jobs = Jobs;
  Options.PartSize = PartSize;
  Options.FullPipeline = FullPipeline;
  Options.TimeReport = TimeReport;
  Options.VerifyIR = VerifyIR;
  // A progress line only on a terminal: never in a pipe, a file or a log.
  Options.Progress = !Quiet && isatty(STDERR_FILENO);
  Options.ProgressDelayMs = ProgressDelayMs;
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
