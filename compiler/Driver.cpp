//===- Driver.cpp - The compile pipeline, phase by phase ------------------===//

#include "Decoder.h"
#include "Error.h"
#include "Link.h"
#include "Lower.h"
#include "Optimize.h"
#include "Progress.h"
#include "Split.h"
#include "Validator.h"
#include "wasm2so/abi.h"
#include "wasm2so/compiler.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <optional>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <thread>

using namespace llvm;

namespace wasm2so {

namespace {

Error ioError(const Twine &Message) {
  return makeError(ErrorKind::Io, WasmError::NoOffset, Message);
}

/// LLVM's and the system's messages start with a capital; ours do not.
std::string lowerFirst(std::string S) {
  if (!S.empty())
    S[0] = toLower(S[0]);
  return S;
}

void initializeTargets() {
  static std::once_flag Once;
  // Every target LLVM was built with (Debian's has them all), so that
  // --target can cross-compile, e.g. to aarch64-linux-gnu.
  std::call_once(Once, [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
  });
}

CodeGenOptLevel codeGenLevel(unsigned OptLevel) {
  switch (OptLevel) {
  case 0:
    return CodeGenOptLevel::None;
  case 1:
    return CodeGenOptLevel::Less;
  case 2:
    return CodeGenOptLevel::Default;
  default:
    return CodeGenOptLevel::Aggressive;
  }
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const CompileOptions &Options) {
  initializeTargets();
  Triple TT(Triple::normalize(Options.TargetTriple.empty()
                                  ? sys::getDefaultTargetTriple()
                                  : Options.TargetTriple));
  std::string Message;
  const Target *T = TargetRegistry::lookupTarget(TT.str(), Message);
  if (!T)
    return unsupported(WasmError::NoOffset, "unsupported target '" + TT.str() +
                                                "': " + lowerFirst(Message));
  if (!TT.isOSBinFormatELF())
    return unsupported(WasmError::NoOffset,
                       "unsupported target '" + TT.str() +
                           "': only ELF targets can be linked");
  // x86-64-v2 (SSE4.2, POPCNT; every x86-64 CPU since 2009) makes float
  // rounding and popcnt single instructions; generic x86-64 would call libm,
  // which a .so that depends on nothing cannot do (docs/tools.md).
  std::string CPU = Options.CPU;
  std::string Features;
  if (CPU.empty())
    CPU = TT.getArch() == Triple::x86_64 ? "x86-64-v2" : "generic";
  if (CPU == "native") {
    // The host's CPU and features: for the host's architecture only.
    if (TT.getArch() != Triple(sys::getDefaultTargetTriple()).getArch())
      return unsupported(WasmError::NoOffset,
                         "--cpu native needs the host's architecture, not '" +
                             TT.str() + "'");
    CPU = sys::getHostCPUName().str();
    SubtargetFeatures F;
    for (const StringMapEntry<bool> &E : sys::getHostCPUFeatures())
      F.AddFeature(E.first(), E.second);
    Features = F.getString();
  }
  // Checked first: LLVM only warns on stderr about an unknown CPU.
  std::unique_ptr<MCSubtargetInfo> STI(
      T->createMCSubtargetInfo(TT.str(), "", ""));
  if (!STI || !STI->isCPUStringValid(CPU))
    return unsupported(WasmError::NoOffset, "unknown CPU '" + CPU +
                                                "' for target '" + TT.str() +
                                                "'");
  // At -O0 the assembler writes every branch in its long form: it then has
  // no branch to relax, where its relaxation loop, which revisits every
  // short branch of a section until none grows, took a tenth of -O0's
  // code generation on a large module (docs/performance.md, "The -O0
  // path, third pass"). The code grows by 5%.
  TargetOptions TO;
  TO.MCOptions.MCRelaxAll = Options.OptLevel == 0;
  std::unique_ptr<TargetMachine> TM(
      T->createTargetMachine(TT.str(), CPU, Features, TO, Reloc::PIC_,
                             CodeModel::Small, codeGenLevel(Options.OptLevel)));
  if (!TM)
    return unsupported(WasmError::NoOffset,
                       "cannot create a code generator for '" + TT.str() + "'");
  return TM;
}

/// Wall time per phase, for --time-report.
class PhaseTimes {
public:
  using Clock = std::chrono::steady_clock;

  /// Ends the running phase (if any) and starts Name.
  void start(const char *Name) {
    stop();
    Running = Name;
    Start = Clock::now();
  }
  void stop() {
    if (!Running)
      return;
    Phases.push_back(
        {Running, std::chrono::duration<double, std::milli>(Clock::now() -
                                                            Start)
                      .count()});
    Running = nullptr;
  }
  void note(std::string Text) { Notes.push_back(std::move(Text)); }
  /// The last line: which tier compiled the module.
  void tier(std::string Text) { Tier = std::move(Text); }

  void print(raw_ostream &OS, StringRef FileName) {
    stop();
    double Total = 0;
    for (const Phase &P : Phases)
      Total += P.Ms;
    OS << "wasm2so: time report for " << FileName << " (wall clock, ms)\n";
    for (const Phase &P : Phases)
      OS << format("  %-9s %9.1f  %5.1f%%\n", P.Name, P.Ms,
                   Total > 0 ? 100 * P.Ms / Total : 0.0);
    OS << format("  %-9s %9.1f\n", static_cast<const char *>("total"), Total);
    for (const std::string &Note : Notes)
      OS << "  " << Note << "\n";
    if (!Tier.empty())
      OS << "  " << Tier << "\n";
  }

private:
  struct Phase {
    const char *Name;
    double Ms;
  };
  std::vector<Phase> Phases;
  const char *Running = nullptr;
  Clock::time_point Start;
  std::vector<std::string> Notes;
  std::string Tier;
};

/// Machine code always records where calls were inlined (line tables), for
/// trap backtraces; IR gets debug locations only with -g.
DebugLevel debugLevel(const CompileOptions &Options) {
  if (Options.DebugInfo)
    return DebugLevel::Full;
  return Options.Output == OutputKind::LLVMIR ? DebugLevel::None
                                              : DebugLevel::InlineSites;
}

/// Verifies LM as lowered, when Options ask for it or the library has
/// assertions; an error names the first broken function.
Error verifyLowered(llvm::Module &LM, const CompileOptions &Options) {
#ifdef NDEBUG
  if (!Options.VerifyIR)
    return Error::success();
#endif
  // The module verifier checks every function too; only when it fails are
  // the functions verified one by one, to name the broken one.
  if (!verifyModule(LM))
    return Error::success();
  std::string VerifierMessage;
  raw_string_ostream VerifierOS(VerifierMessage);
  for (llvm::Function &F : LM)
    if (verifyFunction(F, &VerifierOS)) {
      if (getenv("WASM2SO_DUMP_INVALID_IR"))
        F.print(errs());
      return internalError("lowering produced invalid IR in " + F.getName() +
                           ": " + StringRef(VerifierMessage).trim());
    }
  verifyModule(LM, &VerifierOS);
  return internalError("lowering produced invalid IR: " +
                       StringRef(VerifierMessage).trim());
}

/// Lowers, optimizes and compiles the parts of a module that Plan cuts
/// (Split.h) on up to Options.Jobs threads, each part in an LLVMContext of
/// its own that is freed as soon as the part's object is written: no
/// thread holds more than one part's IR. Store(I, Object) takes part I's
/// object (from any of the threads); the link takes them in part order, so
/// the output does not depend on the number of threads.
Error compileParts(const wasm2so::Module &M, const PartPlan &Plan,
                   const CompileOptions &Options, Tier T, PhaseTimes &Times,
                   ProgressReporter *Progress,
                   function_ref<Error(unsigned, ArrayRef<char>)> Store) {
  unsigned Parts = Plan.parts();
  Times.start("parts");
  // Store makes temporary files, which register LLVM's signal handlers on
  // first use, and with them an alternate signal stack for the thread
  // that registers: that must be this one, not a worker that exits (its
  // malloc'ed stack would outlive it; AddressSanitizer fails on it).
  sys::SetInterruptFunction(nullptr);
  // CPU time of each step, summed over the parts (for --time-report).
  enum { Lower, Verify, Optimize, Codegen, Steps };
  std::atomic<uint64_t> StepNs[Steps] = {};
  auto ThreadCpuNs = [] {
    timespec T;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &T);
    return uint64_t(T.tv_sec) * 1000000000u + uint64_t(T.tv_nsec);
  };
  std::vector<Error> Failures;
  for (unsigned I = 0; I < Parts; ++I)
    Failures.push_back(Error::success());
  std::atomic<unsigned> Next{0};
  std::atomic<bool> Failed{false};
  auto CompilePart = [&](unsigned I) -> Error {
    Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(Options);
    if (!TM)
      return TM.takeError();
    setCodeGenTier(**TM, T);
    LLVMContext Ctx;
    // Local value names cost time and memory and change no object.
    Ctx.setDiscardValueNames(true);
    std::function<void()> OnFunction;
    if (Progress)
      OnFunction = [Progress] { Progress->functionDone(); };
    uint64_t T0 = ThreadCpuNs();
    auto Step = [&](int K) {
      uint64_t T1 = ThreadCpuNs();
      StepNs[K] += T1 - T0;
      T0 = T1;
    };
    Expected<std::unique_ptr<llvm::Module>> LM =
        lowerModule(M, Ctx, **TM, debugLevel(Options), &Plan, I, OnFunction);
    if (!LM)
      return LM.takeError();
    Step(Lower);
    if (Error E = verifyLowered(**LM, Options))
      return E;
    Step(Verify);
    if (Options.RunPasses)
      optimize(**LM, **TM, Options.OptLevel, T);
    Step(Optimize);
    SmallVector<char, 0> Object;
    Error E = emitObject(**LM, **TM, Object, T);
    LM->reset(); // the part's IR goes before the next part's comes
    Step(Codegen);
    if (E)
      return E;
    // The object goes to its file at once, not to be held until the link.
    return Store(I, Object);
  };
  // The parts with the largest functions first: LLVM's time grows faster
  // than a function's size, and a large function's part started last would
  // keep one thread busy long after the others ran out of parts.
  std::vector<unsigned> Order(Parts);
  std::vector<size_t> Largest(Parts, 0);
  for (unsigned I = 0; I < Parts; ++I) {
    Order[I] = I;
    for (uint32_t F : Plan.owned(I)) {
      const wasm2so::Function &WF = M.definedFunc(F);
      Largest[I] = std::max<size_t>(Largest[I], WF.BodyEnd - WF.CodeOffset);
    }
  }
  std::stable_sort(Order.begin(), Order.end(), [&](unsigned A, unsigned B) {
    return Largest[A] > Largest[B];
  });
  auto Worker = [&] {
    for (unsigned K, I; !Failed && (K = Next++) < Parts;) {
      I = Order[K];
      Failures[I] = CompilePart(I);
      if (Failures[I])
        Failed = true;
      else if (Progress)
        Progress->partDone();
    }
  };
  unsigned Jobs = Options.Jobs
                      ? Options.Jobs
                      : llvm::hardware_concurrency().compute_thread_count();
  unsigned Threads = std::clamp<unsigned>(Jobs, 1, Parts);
  std::vector<std::thread> Helpers;
  for (unsigned T = 1; T < Threads; ++T)
    Helpers.emplace_back(Worker);
  Worker();
  for (std::thread &T : Helpers)
    T.join();
  // The first failing part's error (a part that did not run has none).
  Error First = Error::success();
  for (Error &E : Failures)
    if (E && !First)
      First = std::move(E);
    else
      consumeError(std::move(E));
  if (First)
    return First;
  auto Ms = [&](int K) { return double(StepNs[K]) / 1e6; };
  size_t Copies = 0;
  for (unsigned I = 0; I < Parts; ++I)
    Copies += Plan.imported(I).size();
  Times.note(formatv("{0} parts, lowered, optimized and compiled on {1} "
                     "thread(s)\n  parts' CPU time (ms): lower {2:f0}, "
                     "verify {3:f0}, optimize {4:f0}, codegen {5:f0}; {6} "
                     "copies of small functions",
                     Parts, Threads, Ms(Lower), Ms(Verify), Ms(Optimize),
                     Ms(Codegen), Copies)
                 .str());
  return Error::success();
}

/// Whether Path exists and is not a regular file (a device, a pipe).
bool isSpecialFile(StringRef Path) {
  sys::fs::file_status Status;
  return !sys::fs::status(Path, Status) && sys::fs::exists(Status) &&
         !sys::fs::is_regular_file(Status);
}

/// A temporary file next to the output, removed unless kept.
class OutputFile {
public:
  static Expected<OutputFile> create(StringRef Output, StringRef Suffix) {
    // Next to the output, so that keep() is a rename; in the temporary
    // directory when the output is a special file (keep() copies then).
    SmallString<128> Model;
    if (isSpecialFile(Output)) {
      sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Model);
      sys::path::append(Model, "wasm2so-%%%%%%" + Suffix);
    } else {
      Model = (Output + ".tmp-%%%%%%" + Suffix).str();
    }
    Expected<sys::fs::TempFile> T = sys::fs::TempFile::create(Model);
    if (!T)
      return ioError("cannot create a file next to " + Output + ": " +
                     lowerFirst(toString(T.takeError())));
    return OutputFile(std::move(*T));
  }
  OutputFile(OutputFile &&) = default;
  ~OutputFile() {
    if (File)
      consumeError(File->discard());
  }

  StringRef path() const { return File->TmpName; }

  Error write(StringRef Bytes) {
    raw_fd_ostream OS(File->FD, /*shouldClose=*/false);
    OS << Bytes;
    OS.flush();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      return ioError("cannot write " + path() + ": " +
                     lowerFirst(EC.message()));
    }
    return Error::success();
  }

  /// Renames the file to Output.
  /// Renames the file to Output; when Output is not a regular file (a
  /// device such as /dev/null, a pipe) copies the bytes into it instead, so
  /// that the special file is never replaced.
  Error keep(StringRef Output) {
    if (isSpecialFile(Output))
      return copyInto(Output);
    Error E = File->keep(Output);
    File.reset();
    if (E)
      return ioError("cannot write " + Output + ": " +
                     lowerFirst(toString(std::move(E))));
    return Error::success();
  }

private:
  explicit OutputFile(sys::fs::TempFile T) : File(std::move(T)) {}

  Error copyInto(StringRef Output) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Bytes =
        MemoryBuffer::getFile(path(), /*IsText=*/false,
                              /*RequiresNullTerminator=*/false);
    if (!Bytes)
      return ioError("cannot read " + path() + ": " +
                     lowerFirst(Bytes.getError().message()));
    std::error_code EC;
    raw_fd_ostream OS(Output, EC, sys::fs::OF_None);
    if (!EC) {
      OS << (*Bytes)->getBuffer();
      OS.close();
      if (OS.has_error()) {
        EC = OS.error();
        OS.clear_error();
      }
    }
    if (EC)
      return ioError("cannot write " + Output + ": " +
                     lowerFirst(EC.message()));
    return Error::success(); // the destructor removes the temporary
  }
  std::optional<sys::fs::TempFile> File;
};

Error writeOutput(StringRef Output, StringRef Bytes) {
  if (Output == "-") {
    outs() << Bytes;
    outs().flush();
    return Error::success();
  }
  Expected<OutputFile> Tmp = OutputFile::create(Output, "");
  if (!Tmp)
    return Tmp.takeError();
  if (Error E = Tmp->write(Bytes))
    return E;
  return Tmp->keep(Output);
}

/// The error for a linked output asked for on standard output.
Error linkedToStdout(OutputKind Kind) {
  return ioError(Twine("cannot write ") +
                 (Kind == OutputKind::Executable ? "an executable"
                                                 : "a shared object") +
                 " to standard output");
}

/// Writes Object to a temporary object file next to Output.
Expected<OutputFile> writeObjectFile(StringRef Output,
                                     ArrayRef<char> Object) {
  Expected<OutputFile> ObjectFile = OutputFile::create(Output, ".o");
  if (!ObjectFile)
    return ObjectFile.takeError();
  if (Error E = ObjectFile->write(StringRef(Object.data(), Object.size())))
    return std::move(E);
  return ObjectFile;
}

/// Links object files into a shared object or, for OutputKind::Executable,
/// an executable with the runtime linked in.
Error linkObjectFiles(StringRef Output, ArrayRef<OutputFile> ObjectFiles,
                      OutputKind Kind) {
  std::vector<std::string> ObjectPaths;
  for (const OutputFile &F : ObjectFiles)
    ObjectPaths.push_back(F.path().str());
  Expected<OutputFile> Linked = OutputFile::create(Output, "");
  if (!Linked)
    return Linked.takeError();
  if (Error E = Kind == OutputKind::Executable
                    ? linkExecutable(ObjectPaths, Linked->path())
                    : linkSharedObject(ObjectPaths, Linked->path()))
    return E;
  return Linked->keep(Output);
}

/// Links Objects into a shared object or an executable.
Error linkOutput(StringRef Output, ArrayRef<SmallVector<char, 0>> Objects,
                 OutputKind Kind) {
  if (Output == "-")
    return linkedToStdout(Kind);
  std::vector<OutputFile> ObjectFiles;
  for (const SmallVector<char, 0> &Object : Objects) {
    Expected<OutputFile> ObjectFile = writeObjectFile(Output, Object);
    if (!ObjectFile)
      return ObjectFile.takeError();
    ObjectFiles.push_back(std::move(*ObjectFile));
  }
  return linkObjectFiles(Output, ObjectFiles, Kind);
}

/// An executable runs the module as a WASI command, so it must export
/// `_start: [] -> []` and its memory as "memory".
Error checkCommand(const wasm2so::Module &M) {
  bool HasStart = false, HasMemory = false;
  for (const Export &E : M.Exports) {
    if (E.Name == "_start" && E.Kind == ExternKind::Func) {
      const FuncType &T = M.Types[M.FuncTypes[E.Index]];
      HasStart = T.Params.empty() && T.Results.empty();
    }
    if (E.Name == "memory" && E.Kind == ExternKind::Memory)
      HasMemory = true;
  }
  if (!HasStart)
    return unsupported(WasmError::NoOffset,
                       "cannot make an executable: the module does not "
                       "export a function \"_start\" of type [] -> []");
  if (!HasMemory)
    return unsupported(WasmError::NoOffset,
                       "cannot make an executable: the module does not "
                       "export its memory as \"memory\"");
  return Error::success();
}

} // namespace

Error checkModule(ArrayRef<uint8_t> Wasm, StringRef FileName,
                  const Features &Feats) {
  Expected<std::unique_ptr<wasm2so::Module>> M = decodeModule(
      std::vector<uint8_t>(Wasm.begin(), Wasm.end()), FileName, Feats);
  if (!M)
    return M.takeError();
  return validateModule(**M);
}

Error compileModule(ArrayRef<uint8_t> Wasm, StringRef FileName,
                    StringRef OutputPath, const CompileOptions &Options) {
  PhaseTimes Times;
  auto Report = make_scope_exit([&] {
    if (Options.TimeReport)
      Times.print(errs(), FileName);
  });

  // Decode and validate: every error about the input comes from here.
  Times.start("decode");
  Expected<std::unique_ptr<wasm2so::Module>> M = decodeModule(
      std::vector<uint8_t>(Wasm.begin(), Wasm.end()), FileName, Options.Feats);
  if (!M)
    return M.takeError();
  Times.start("validate");
  if (Error E = validateModule(**M))
    return E;
  if (Options.Output == OutputKind::Executable)
    if (Error E = checkCommand(**M))
      return E;

  // The large-module tier (Optimize.h): decided once for the whole
  // module, so that every part gets the same.
  uint64_t CodeBytes = 0;
  for (const wasm2so::Function &F : (*M)->Functions)
    CodeBytes += F.BodyEnd - F.CodeOffset;
  uint64_t Threshold = Options.LightTierAbove < 0
                           ? LargeModuleCodeBytes
                           : uint64_t(Options.LightTierAbove);
  Tier T = Options.RunPasses ? optimizationTier(Options.OptLevel, CodeBytes,
                                                Options.FullPipeline, Threshold)
                             : Tier::Full;
  if (Options.RunPasses)
    Times.tier(formatv("-O{0}, {1} tier: {2} bytes of code{3}",
                       Options.OptLevel, tierName(T), CodeBytes,
                       T == Tier::Light
                           ? formatv(", above {0} (--full-pipeline for the "
                                     "full tier)",
                                     Threshold)
                                 .str()
                           : std::string())
                   .str());
  // The tier's process-wide code generation options, until the compile
  // ends (every part's code generation runs inside it).
  CodeGenOptionScope CodeGenOptions(T);

  std::optional<ProgressReporter> Progress;
  if (Options.Progress) {
    Progress.emplace(errs(), sys::path::filename(FileName),
                     std::chrono::milliseconds(Options.ProgressDelayMs));
    Progress->setTotals(0, (*M)->Functions.size());
  }
  // The ticker starts once the totals are known: its first line would
  // otherwise lack the parts (at once with --progress-delay 0).

  // A shared object or an executable of a large module: in parts, lowered,
  // optimized and compiled in parallel (compileParts). The IR or one
  // object come from the whole module.
  bool WholeModule = Options.Output == OutputKind::LLVMIR ||
                     Options.Output == OutputKind::Object;
  std::vector<SmallVector<char, 0>> Objects;
  if (!WholeModule) {
    Times.start("split");
    Expected<PartPlan> Plan = PartPlan::plan(
        **M, Options.PartSize ? Options.PartSize : PartPlan::DefaultPartSize,
        /*Imports=*/Options.RunPasses && Options.OptLevel > 0 &&
            T == Tier::Full);
    if (!Plan)
      return Plan.takeError();
    if (Plan->parts() > 1) {
      if (OutputPath == "-")
        return linkedToStdout(Options.Output);
      if (Progress) {
        Progress->setTotals(Plan->parts(), (*M)->Functions.size());
        Progress->startTicker();
      }
      std::vector<std::optional<OutputFile>> Files(Plan->parts());
      auto Store = [&](unsigned I, ArrayRef<char> Object) -> Error {
        Expected<OutputFile> F = writeObjectFile(OutputPath, Object);
        if (!F)
          return F.takeError();
        Files[I].emplace(std::move(*F));
        return Error::success();
      };
      if (Error E = compileParts(**M, *Plan, Options, T, Times,
                                 Progress ? &*Progress : nullptr, Store))
        return E;
#if defined(__GLIBC__)
      // What the parts freed goes back to the system before the link
      // (the tools keep freed memory otherwise; tools/wasm2so.cpp).
      malloc_trim(0);
#endif
      Times.start("link");
      if (Progress)
        Progress->setPhase("linking");
      std::vector<OutputFile> ObjectFiles;
      for (std::optional<OutputFile> &F : Files)
        ObjectFiles.push_back(std::move(*F));
      return linkObjectFiles(OutputPath, ObjectFiles, Options.Output);
    }
  }

  if (Progress)
    Progress->startTicker();

  // Lower to LLVM IR, in a context of this call's own.
  Times.start("lower");
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(Options);
  if (!TM)
    return TM.takeError();
  setCodeGenTier(**TM, T);
  LLVMContext Ctx;
  // Local value names cost time and memory and change no object; only
  // written IR shows them.
  Ctx.setDiscardValueNames(Options.Output != OutputKind::LLVMIR);
  std::function<void()> OnFunction;
  if (Progress)
    OnFunction = [&Progress] { Progress->functionDone(); };
  Expected<std::unique_ptr<llvm::Module>> LM = lowerModule(
      **M, Ctx, **TM, debugLevel(Options), nullptr, 0, OnFunction);
  if (!LM)
    return LM.takeError();
  (*LM)->setTargetTriple((*TM)->getTargetTriple().str());
  (*LM)->setDataLayout((*TM)->createDataLayout());

  Times.start("verify");
  if (Error E = verifyLowered(**LM, Options))
    return E;

  // Optimize, then write what was asked for.
  Times.start("optimize");
  if (Progress)
    Progress->setPhase("optimizing");
  if (Options.RunPasses)
    optimize(**LM, **TM, Options.OptLevel, T);
  if (Progress)
    Progress->setPhase("generating code");
  if (Options.Output == OutputKind::LLVMIR) {
    Times.start("write");
    std::string IR;
    raw_string_ostream IROS(IR);
    (*LM)->print(IROS, nullptr);
    return writeOutput(OutputPath, IR);
  }
  Times.start("codegen");
  Objects.resize(1);
  if (Error E = emitObject(**LM, **TM, Objects[0], T))
    return E;
  if (Options.Output == OutputKind::Object) {
    Times.start("write");
    return writeOutput(OutputPath,
                       StringRef(Objects[0].data(), Objects[0].size()));
  }
  Times.note("1 part, optimized and compiled on 1 thread(s)");
  Times.start("link");
  if (Progress)
    Progress->setPhase("linking");
  return linkOutput(OutputPath, Objects, Options.Output);
}

std::string versionString() {
  return "wasm2so " WASM2SO_VERSION " (LLVM " LLVM_VERSION_STRING ")";
}

uint64_t signatureHash(ArrayRef<uint8_t> Params, ArrayRef<uint8_t> Results) {
  return w2s_signature_hash(Params.data(), uint32_t(Params.size()),
                            Results.data(), uint32_t(Results.size()));
}

} // namespace wasm2so
