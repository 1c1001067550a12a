//===- Driver.cpp - The compile pipeline, phase by phase ------------------===//

#include "Decoder.h"
#include "Error.h"
#include "Link.h"
#include "Lower.h"
#include "Optimize.h"
#include "Validator.h"
#include "wasm2so/abi.h"
#include "wasm2so/compiler.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace llvm;

namespace wasm2so {

namespace {

Error internalError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(),
                           "internal error: " + Message);
}

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
  // which a .so that depends on nothing cannot do.
  std::string CPU = Options.CPU;
  if (CPU.empty())
    CPU = TT.getArch() == Triple::x86_64 ? "x86-64-v2" : "generic";
  // Checked first: LLVM only warns on stderr about an unknown CPU.
  std::unique_ptr<MCSubtargetInfo> STI(
      T->createMCSubtargetInfo(TT.str(), "", ""));
  if (!STI || !STI->isCPUStringValid(CPU))
    return unsupported(WasmError::NoOffset, "unknown CPU '" + CPU +
                                                "' for target '" + TT.str() +
                                                "'");
  std::unique_ptr<TargetMachine> TM(T->createTargetMachine(
      TT.str(), CPU, /*Features=*/"", TargetOptions(), Reloc::PIC_,
      CodeModel::Small, codeGenLevel(Options.OptLevel)));
  if (!TM)
    return unsupported(WasmError::NoOffset,
                       "cannot create a code generator for '" + TT.str() + "'");
  return TM;
}

Error emitObject(llvm::Module &LM, TargetMachine &TM,
                 SmallVectorImpl<char> &Out) {
  raw_svector_ostream OS(Out);
  legacy::PassManager PM;
  if (TM.addPassesToEmitFile(PM, OS, nullptr, CodeGenFileType::ObjectFile))
    return internalError("the target cannot emit object files");
  PM.run(LM);
  return Error::success();
}

/// A temporary file next to the output, removed unless kept.
class OutputFile {
public:
  static Expected<OutputFile> create(StringRef Output, StringRef Suffix) {
    Expected<sys::fs::TempFile> T =
        sys::fs::TempFile::create(Output + ".tmp-%%%%%%" + Suffix);
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
  Error keep(StringRef Output) {
    Error E = File->keep(Output);
    File.reset();
    if (E)
      return ioError("cannot write " + Output + ": " +
                     lowerFirst(toString(std::move(E))));
    return Error::success();
  }

private:
  explicit OutputFile(sys::fs::TempFile T) : File(std::move(T)) {}
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

/// Links Object into a shared object or, for OutputKind::Executable, an
/// executable with the runtime linked in.
Error linkOutput(StringRef Output, StringRef Object, OutputKind Kind) {
  bool Exe = Kind == OutputKind::Executable;
  if (Output == "-")
    return ioError(Twine("cannot write ") +
                   (Exe ? "an executable" : "a shared object") +
                   " to standard output");
  Expected<OutputFile> ObjectFile = OutputFile::create(Output, ".o");
  if (!ObjectFile)
    return ObjectFile.takeError();
  if (Error E = ObjectFile->write(Object))
    return E;
  Expected<OutputFile> Linked = OutputFile::create(Output, "");
  if (!Linked)
    return Linked.takeError();
  if (Error E = Exe ? linkExecutable(ObjectFile->path(), Linked->path())
                    : linkSharedObject(ObjectFile->path(), Linked->path()))
    return E;
  return Linked->keep(Output);
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

Error checkModule(ArrayRef<uint8_t> Wasm, StringRef FileName) {
  Expected<std::unique_ptr<wasm2so::Module>> M =
      decodeModule(std::vector<uint8_t>(Wasm.begin(), Wasm.end()), FileName);
  if (!M)
    return M.takeError();
  return validateModule(**M);
}

Error compileModule(ArrayRef<uint8_t> Wasm, StringRef FileName,
                    StringRef OutputPath, const CompileOptions &Options) {
  // Decode and validate: every error about the input comes from here.
  Expected<std::unique_ptr<wasm2so::Module>> M =
      decodeModule(std::vector<uint8_t>(Wasm.begin(), Wasm.end()), FileName);
  if (!M)
    return M.takeError();
  if (Error E = validateModule(**M))
    return E;
  if (Options.Output == OutputKind::Executable)
    if (Error E = checkCommand(**M))
      return E;

  // Lower to LLVM IR, in a context of this call's own.
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(Options);
  if (!TM)
    return TM.takeError();
  LLVMContext Ctx;
  Expected<std::unique_ptr<llvm::Module>> LM =
      lowerModule(**M, Ctx, **TM, Options.DebugInfo);
  if (!LM)
    return LM.takeError();
  (*LM)->setTargetTriple((*TM)->getTargetTriple().str());
  (*LM)->setDataLayout((*TM)->createDataLayout());

  std::string VerifierMessage;
  raw_string_ostream VerifierOS(VerifierMessage);
  for (llvm::Function &F : **LM)
    if (verifyFunction(F, &VerifierOS)) {
      if (getenv("WASM2SO_DUMP_INVALID_IR"))
        F.print(errs());
      return internalError("lowering produced invalid IR in " + F.getName() +
                           ": " + StringRef(VerifierMessage).trim());
    }
  if (verifyModule(**LM, &VerifierOS))
    return internalError("lowering produced invalid IR: " +
                         StringRef(VerifierMessage).trim());

  // Optimize, then write what was asked for.
  if (Options.RunPasses)
    optimize(**LM, **TM, Options.OptLevel);
  if (Options.Output == OutputKind::LLVMIR) {
    std::string IR;
    raw_string_ostream IROS(IR);
    (*LM)->print(IROS, nullptr);
    return writeOutput(OutputPath, IR);
  }

  SmallVector<char, 0> Object;
  if (Error E = emitObject(**LM, **TM, Object))
    return E;
  StringRef ObjectBytes(Object.data(), Object.size());
  if (Options.Output == OutputKind::Object)
    return writeOutput(OutputPath, ObjectBytes);
  return linkOutput(OutputPath, ObjectBytes, Options.Output);
}

std::string versionString() {
  return "wasm2so " WASM2SO_VERSION " (LLVM " LLVM_VERSION_STRING ")";
}

uint64_t signatureHash(ArrayRef<uint8_t> Params, ArrayRef<uint8_t> Results) {
  return w2s_signature_hash(Params.data(), uint32_t(Params.size()),
                            Results.data(), uint32_t(Results.size()));
}

} // namespace wasm2so
