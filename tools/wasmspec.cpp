//===- wasmspec.cpp - Runs WebAssembly spec .wast scripts through wasm2so -===//
//
//   wasmspec [-j N] [-O N] [--timeout S] [-v] [--expect FILE] FILE.wast...
//   wasmspec --spec-dir DIR [--group GROUP] [--expect FILE]
//
// Each script is read by our own .wast reader (spec/Wast.cpp) and run in
// its own child process (spec/Driver.cpp); every module goes through the
// real compile-to-.so and load path (spec/ScriptRunner.cpp). Prints a line
// per failure, a summary per script and, last, `P passed, F failed, S
// skipped`. Exits 0 iff nothing failed, or, with --expect, iff every
// script failed exactly as many commands as the expectations file says.
//
//===----------------------------------------------------------------------===//

#include "spec/Driver.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace llvm;
using namespace wasm2so;

namespace {

/// How many files each group has in the pinned suites (../shared/spec for
/// the 2.0 groups, ../shared/spec-3.0 for the 3.0 ones), for the report
/// when the suite is missing.
unsigned expectedGroupSize(StringRef Group) {
  return StringSwitch<unsigned>(Group)
      .Case("core", 90)
      .Case("simd", 56)
      .Case("all", 146)
      .Case("core3", 161)
      .Case("simd3", 66)
      .Case("core3-gc-eh", 30)
      .Case("eh-legacy", 8)
      .Default(0);
}

/// The 3.0 files that need GC or exception handling (issue 13 leaves them
/// to later parts): the core3-gc-eh group, out of core3.
bool needsGcOrEh(StringRef Stem) {
  if (Stem.starts_with("array") || Stem.starts_with("br_on_cast"))
    return true;
  return StringSwitch<bool>(Stem)
      .Cases("br_table", "extern", "i31", "ref_cast", "ref_eq", true)
      .Cases("ref_null", "ref_test", "struct", "table_init", true)
      .Cases("table_init64", "type-canon", "type-equivalence", true)
      .Cases("type-rec", "type-subtyping", "tag", "throw", "throw_ref", true)
      .Cases("try_table", "exports", "imports", "instance", true)
      .Default(false);
}

bool inGroup(StringRef FileName, StringRef Group) {
  StringRef Stem = sys::path::stem(FileName);
  bool Simd = Stem.starts_with("simd_");
  if (Group == "all")
    return true;
  if (Group == "core" || Group == "simd")
    return (Group == "simd") == Simd;
  Simd = Simd || Stem.contains("relaxed");
  if (Group == "simd3")
    return Simd;
  bool GcEh = needsGcOrEh(Stem);
  if (Group == "core3-gc-eh")
    return GcEh;
  return !Simd && !GcEh; // core3
}

/// The group's .wast files in Dir (not its subfolders), sorted by name.
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

} // namespace

int main(int argc, char **argv) {
  CLI::App App{"Runs WebAssembly spec test scripts (.wast) through wasm2so"};
  std::vector<std::string> Files;
  spec::DriverOptions Options;
  std::string SpecDir, Group = "core", ExpectPath, Wasm;
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
  App.add_option("--group", Group,
                 "2.0 suite: core (non-SIMD), simd or all; 3.0 suite: core3 "
                 "(neither SIMD nor GC/exceptions), simd3 (SIMD and relaxed "
                 "SIMD) or core3-gc-eh (files needing GC or exceptions); "
                 "eh-legacy: the 2.0 suite's proposals/exception-handling "
                 "(legacy try/catch/delegate/rethrow)")
      ->check(CLI::IsMember({"core", "simd", "all", "core3", "simd3",
                             "core3-gc-eh", "eh-legacy"}));
  App.add_option("--expect", ExpectPath,
                 "Expected failures: lines `NAME COUNT REASON`; a script "
                 "must fail exactly COUNT commands")
      ->check(CLI::ExistingFile);
  App.add_option("--wasm", Wasm,
                 "The language the scripts test: 3 (default) or 2, which "
                 "turns off what changes the meaning of 2.0 modules "
                 "(multi-memory, memory64, extended constants); 2 by default "
                 "for the 2.0 suite's groups and for a --spec-dir without "
                 "memory64.wast (the Wasm 2.0 suite)")
      ->check(CLI::IsMember({"2", "3"}));
  App.add_option("--skip-exit-code", SkipExitCode,
                 "Exit status when the spec suite is missing (ctest: 77)");
  // Accepted, and ignored, for command lines written for the runner that
  // converted scripts with wast2json.
  std::string OldWast2Json;
  App.add_option("--wast2json-flags,--wast2json", OldWast2Json)
      ->group(""); // hidden
  CLI11_PARSE(App, argc, argv);
  if (!OldWast2Json.empty())
    errs() << "wasmspec: note: --wast2json and --wast2json-flags are ignored: "
              "wasmspec reads .wast scripts itself\n";

  if (!SpecDir.empty() && !sys::fs::is_directory(SpecDir)) {
    unsigned N = Files.empty() ? expectedGroupSize(Group) : Files.size();
    errs() << "wasmspec: spec suite not found at " << SpecDir << ": " << N
           << " files skipped\n";
    outs() << "0 passed, 0 failed, " << N << " skipped\n";
    return SkipExitCode;
  }
  if (Wasm.empty() && Files.empty() &&
      (Group == "core" || Group == "simd" || Group == "all"))
    Wasm = "2"; // the groups of the 2.0 suite
  if (Wasm.empty() && !SpecDir.empty()) {
    SmallString<256> Probe(SpecDir);
    sys::path::append(Probe, "memory64.wast");
    Wasm = sys::fs::exists(Probe) ? "3" : "2";
  }
  if (Wasm == "2")
    Options.Feats = Features::wasm2();
  // The exception-handling proposal of the 2.0 suite's time: Wasm 2.0 with
  // the (legacy and 3.0) exception handling instructions.
  if (Files.empty() && Group == "eh-legacy")
    Options.Feats.Exceptions = true;
  if (Files.empty()) {
    if (SpecDir.empty()) {
      errs() << "wasmspec: no .wast files given (or use --spec-dir DIR)\n";
      return 2;
    }
    if (Group == "eh-legacy") {
      SmallString<256> Dir(SpecDir);
      sys::path::append(Dir, "proposals", "exception-handling");
      Files = listGroup(Dir, "all");
    } else {
      Files = listGroup(SpecDir, Group);
    }
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

  if (!ExpectPath.empty()) {
    Expected<spec::Expectations> E = spec::readExpectations(ExpectPath);
    if (!E) {
      errs() << "wasmspec: " << toString(E.takeError()) << "\n";
      return 2;
    }
    Options.Expected = std::move(*E);
    Options.ExpectPath = ExpectPath;
  }

  Expected<spec::Totals> T = spec::runScripts(Files, Options, outs());
  if (!T) {
    errs() << "wasmspec: " << toString(T.takeError()) << "\n";
    return 1;
  }
  if (!ExpectPath.empty()) {
    outs() << "expected failures: " << T->ExpectedFailed << " of the "
           << T->Failed << " failures are listed in " << ExpectPath;
    if (T->Mismatched)
      outs() << "; " << T->Mismatched << " script"
             << (T->Mismatched == 1 ? "" : "s")
             << " failed more or fewer commands than listed";
    outs() << "\n";
  }
  outs() << T->Passed << " passed, " << T->Failed << " failed, " << T->Skipped
         << " skipped\n";
  if (!ExpectPath.empty())
    return T->Mismatched == 0 ? 0 : 1;
  return T->Failed == 0 ? 0 : 1;
}
