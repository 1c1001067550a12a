//===- wasmspec.cpp - Runs WebAssembly spec .wast scripts through wasm2so -===//
//
//   wasmspec [-j N] [-O N] [--timeout S] [-v] FILE.wast...
//   wasmspec --spec-dir DIR [--group core|simd|all]
//
// Each script is converted with wast2json and run in its own child process
// (spec/Driver.cpp); every module goes through the real compile-to-.so and
// load path (spec/ScriptRunner.cpp). Prints a line per failure, a summary
// per script and, last, `P passed, F failed, S skipped`. Exits 0 iff
// nothing failed.
//
//===----------------------------------------------------------------------===//

#include "spec/Driver.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace llvm;
using namespace wasm2so;

namespace {

/// How many files each group has in the pinned suite (../shared/spec), for
/// the report when the suite is missing.
unsigned expectedGroupSize(StringRef Group) {
  if (Group == "simd")
    return 56;
  if (Group == "all")
    return 146;
  return 90;
}

bool inGroup(StringRef FileName, StringRef Group) {
  bool Simd = FileName.starts_with("simd_");
  return Group == "all" || (Group == "simd") == Simd;
}

/// The group's .wast files in Dir, sorted by name.
std::vector<std::string> listGroup(StringRef Dir, StringRef Group) {
  std::vector<std::string> Files;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (Name.ends_with(".wast") && inGroup(Name, Group))
      Files.push_back(It->path());
  }
  llvm::sort(Files);
  return Files;
}

std::vector<std::string> splitFlags(StringRef Flags) {
  SmallVector<StringRef, 4> Parts;
  Flags.split(Parts, ' ', -1, /*KeepEmpty=*/false);
  std::vector<std::string> R;
  for (StringRef P : Parts)
    R.push_back(P.str());
  return R;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App App{"Runs WebAssembly spec test scripts (.wast) through wasm2so"};
  std::vector<std::string> Files;
  spec::DriverOptions Options;
  std::string SpecDir, Group = "core", Wast2JsonFlags, Wast2Json, Wasm;
  int SkipExitCode = 0;

  App.add_option("files", Files,
                 ".wast scripts (relative ones are also "
                 "looked up in --spec-dir)");
  App.add_option("-j,--jobs", Options.Jobs, "Scripts run in parallel")
      ->check(CLI::Range(1u, 256u));
  App.add_option("-O", Options.OptLevel, "Optimization level (0-3)")
      ->check(CLI::Range(0u, 3u));
  App.add_option("--part-size", Options.PartSize,
                 "Cut every module larger than this many LLVM instructions "
                 "into parts (tests compiler/Split.cpp; default: wasm2so's)")
      ->check(CLI::Range(size_t(1), size_t(1) << 30));
  App.add_option("--timeout", Options.TimeoutSeconds,
                 "Seconds per script before it is killed")
      ->check(CLI::Range(1u, 86400u));
  App.add_flag("--keep-temps", Options.KeepTemps,
               "Keep the converted scripts and compiled modules");
  App.add_flag("-v,--verbose", Options.Verbose,
               "List passed and skipped commands too");
  App.add_option("--spec-dir", SpecDir,
                 "The spec suite; with no files, run its --group");
  App.add_option("--group", Group, "core (non-SIMD), simd or all")
      ->check(CLI::IsMember({"core", "simd", "all"}));
  App.add_option(
      "--wast2json-flags", Wast2JsonFlags,
      "Extra wast2json flags, e.g. --wast2json-flags=--enable-threads");
  App.add_option("--wast2json", Wast2Json, "The wast2json program");
  App.add_option("--wasm", Wasm,
                 "The language the scripts test: 3 (default) or 2, which "
                 "turns off the features that change what 2.0 modules mean "
                 "(multi-memory, memory64); with --spec-dir, 2 when the "
                 "suite has no memory64.wast (the Wasm 2.0 suite)")
      ->check(CLI::IsMember({"2", "3"}));
  App.add_option("--skip-exit-code", SkipExitCode,
                 "Exit status when the spec suite is missing (ctest: 77)");
  CLI11_PARSE(App, argc, argv);

  if (!SpecDir.empty() && !sys::fs::is_directory(SpecDir)) {
    unsigned N = Files.empty() ? expectedGroupSize(Group) : Files.size();
    errs() << "wasmspec: spec suite not found at " << SpecDir << ": " << N
           << " files skipped\n";
    outs() << "0 passed, 0 failed, " << N << " skipped\n";
    return SkipExitCode;
  }
  if (Wasm.empty() && !SpecDir.empty()) {
    SmallString<256> Probe(SpecDir);
    sys::path::append(Probe, "memory64.wast");
    Wasm = sys::fs::exists(Probe) ? "3" : "2";
  }
  if (Wasm == "2")
    Options.Feats = Features::wasm2();
  if (Files.empty()) {
    if (SpecDir.empty()) {
      errs() << "wasmspec: no .wast files given (or use --spec-dir DIR)\n";
      return 2;
    }
    Files = listGroup(SpecDir, Group);
    if (Files.empty()) {
      errs() << "wasmspec: no " << Group << " .wast files in " << SpecDir
             << "\n";
      return 1;
    }
  }
  for (std::string &F : Files) {
    if (sys::fs::exists(F) || SpecDir.empty() || sys::path::is_absolute(F))
      continue;
    SmallString<256> InSuite(SpecDir);
    sys::path::append(InSuite, F);
    if (sys::fs::exists(InSuite))
      F = std::string(InSuite);
  }

  if (Wast2Json.empty()) {
    ErrorOr<std::string> P = sys::findProgramByName("wast2json");
    if (!P) {
      errs() << "wasmspec: wast2json not found in PATH (install wabt)\n";
      return 1;
    }
    Wast2Json = *P;
  }
  Options.Wast2Json = Wast2Json;
  Options.Wast2JsonFlags = splitFlags(Wast2JsonFlags);

  Expected<spec::Totals> T = spec::runScripts(Files, Options, outs());
  if (!T) {
    errs() << "wasmspec: " << toString(T.takeError()) << "\n";
    return 1;
  }
  outs() << T->Passed << " passed, " << T->Failed << " failed, " << T->Skipped
         << " skipped\n";
  return T->Failed == 0 ? 0 : 1;
}
