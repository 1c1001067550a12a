//===- spec/ScriptRunner.cpp - Runs one .wast script inside a child -------===//

#include "ScriptRunner.h"
#include "Protocol.h"
#include "Values.h"
#include "Wast.h"

#include "Error.h"     // compiler/: WasmError, ErrorKind
#include "WatParser.h" // compiler/: our text front end
#include "wasm2so/compiler.h"
#include "wasm2so/runtime.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <unistd.h>

using namespace llvm;

namespace wasm2so::spec {

void writeRecord(int Fd, RecordKind Kind,
                 std::initializer_list<StringRef> Fields) {
  std::string Line(1, static_cast<char>(Kind));
  for (StringRef F : Fields) {
    Line += '\t';
    for (char C : F)
      Line += (C == '\t' || C == '\n' || C == '\r') ? ' ' : C;
  }
  Line += '\n';
  const char *P = Line.data();
  size_t Left = Line.size();
  while (Left) {
    ssize_t N = ::write(Fd, P, Left);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return;
    P += N;
    Left -= static_cast<size_t>(N);
  }
}

namespace {

const char *errorKindName(rt::Error::Kind K) {
  switch (K) {
  case rt::Error::Load:
    return "load error";
  case rt::Error::Link:
    return "link error";
  case rt::Error::Instantiation:
    return "instantiation error";
  case rt::Error::Trap:
    return "trap";
  case rt::Error::Exit:
    return "exit";
  case rt::Error::Usage:
    return "usage error";
  case rt::Error::Exception:
    return "exception";
  }
  return "error";
}

std::string describe(const rt::Error &E) {
  return std::string(errorKindName(E.K)) + " \"" + E.Message + "\"";
}

/// Whether a runtime error carries the spec's expected text. The message
/// may add where the trap happened after the spec's words; the trap code's
/// own message is accepted too, in case the location comes first. The
/// reference interpreter sometimes appends a detail of its own ("uninitialized
/// element 2"): the trap's words followed by a space and more also match.
bool messageMatches(const rt::Error &E, StringRef Text) {
  if (StringRef(E.Message).starts_with(Text))
    return true;
  if (E.K != rt::Error::Trap || E.TrapCode == W2S_TRAP_None)
    return false;
  StringRef Words = rt::trapMessage(E.TrapCode);
  return Words.starts_with(Text) ||
         (Text.starts_with(Words) &&
          Text.substr(Words.size()).starts_with(" "));
}

struct Verdict {
  Status S;
  std::string Text;
};

Verdict pass() { return {Status::Passed, ""}; }
Verdict fail(std::string Text) { return {Status::Failed, std::move(Text)}; }
Verdict skip(std::string Text) { return {Status::Skipped, std::move(Text)}; }

/// A module command's outcome: how far parse, compile, load and
/// instantiate got.
struct Built {
  enum Stage {
    Instantiated,
    Loaded,
    CompileFailed,
    LoadFailed,
    InstantiateFailed
  };
  Stage St = Instantiated;
  std::shared_ptr<rt::Module> Mod;
  std::shared_ptr<rt::Instance> Inst;
  std::string Message; // CompileFailed: the formatted error
  rt::Error Err;       // LoadFailed, InstantiateFailed

  std::string describe() const {
    if (St == CompileFailed)
      return "compile error \"" + Message + "\"";
    if (St == Instantiated)
      return "a module that instantiates";
    if (St == Loaded)
      return "a module that loads";
    return spec::describe(Err);
  }
};

/// An instantiated (or failed) module that actions can name.
struct ModuleSlot {
  std::shared_ptr<rt::Instance> Inst; // null when it failed
  unsigned Line = 0;
  bool Defined = false;
};

/// A `module definition`: compiled and loaded, instantiated on demand.
struct DefinitionSlot {
  std::shared_ptr<rt::Module> Mod; // null when it failed
  unsigned Line = 0;
};

/// What an action produced.
struct ActionOutcome {
  enum Kind { Returned, Errored, NoModule, Unsupported, Bad };
  Kind K = Returned;
  std::vector<rt::Value> Values; // Returned
  rt::Error Err;                 // Errored
  std::string Text;              // Unsupported, Bad; NoModule: module line
};

class ScriptRunner {
public:
  ScriptRunner(const ScriptOptions &Options, int Fd)
      : Options(Options), Fd(Fd),
        WastName(sys::path::filename(Options.WastPath).str()),
        Stem(sys::path::stem(Options.WastPath).str()) {
    rt::defineSpectest(Linker);
  }

  /// Announces the counted commands, then runs them all in order.
  void run(const std::vector<Command> &Commands);

private:
  void runModule(const Command &C);
  void runInstance(const Command &C);
  void runRegister(const Command &C);
  Verdict runCounted(const Command &C);

  Verdict assertReturn(const Command &C);
  /// An action that must fail with an error Wanted accepts.
  Verdict expectError(const Command &C, const std::string &WantText,
                      llvm::function_ref<bool(const rt::Error &)> Wanted);
  Verdict assertTrap(const Command &C);
  Verdict assertException(const Command &C);
  Verdict assertModuleFails(const Command &C);
  Verdict assertRejected(const Command &C);

  /// The module's binary: text through our own parser (errors at the
  /// script's LINE:COL), binary as written.
  Expected<std::vector<uint8_t>> moduleBytes(const ScriptModule &M);
  /// Parses, compiles, loads and (unless Instantiate is false) instantiates.
  Built build(const ScriptModule &M, bool Instantiate = true);
  Built instantiate(const std::shared_ptr<rt::Module> &Mod);
  ActionOutcome runAction(const Action &A);
  Verdict noModule(const ActionOutcome &A) const {
    return {Status::NoModule, A.Text};
  }
  void moduleFailure(unsigned Line, const std::string &Text) {
    writeRecord(Fd, RecordKind::ModuleFailure, {std::to_string(Line), Text});
  }
  std::string path(StringRef FileName) const {
    SmallString<256> P(Options.TempDir);
    sys::path::append(P, FileName);
    return std::string(P);
  }

  const ScriptOptions &Options;
  int Fd;
  std::string WastName, Stem;
  rt::Linker Linker;
  ModuleSlot Current;
  StringMap<ModuleSlot> Named;
  StringMap<DefinitionSlot> Definitions;
  unsigned ModuleCount = 0; // names the compiled files
};

void ScriptRunner::run(const std::vector<Command> &Commands) {
  unsigned Index = 0;
  for (const Command &C : Commands)
    if (C.counted())
      writeRecord(
          Fd, RecordKind::Command,
          {std::to_string(Index++), std::to_string(C.At.Line), C.name()});

  Index = 0;
  for (const Command &C : Commands) {
    switch (C.K) {
    case Command::Module:
      runModule(C);
      continue;
    case Command::Instance:
      runInstance(C);
      continue;
    case Command::Register:
      runRegister(C);
      continue;
    default:
      break;
    }
    Verdict R = runCounted(C);
    writeRecord(Fd, RecordKind::Result,
                {std::to_string(Index++),
                 StringRef(reinterpret_cast<const char *>(&R.S), 1), R.Text});
    // A module command that could not be read still replaces the current
    // module: the actions after it must not run against the one before.
    if (C.K == Command::Unreadable && C.Head == "module")
      Current = ModuleSlot{nullptr, C.At.Line, true};
  }
}

Expected<std::vector<uint8_t>>
ScriptRunner::moduleBytes(const ScriptModule &M) {
  if (M.F == ScriptModule::Binary)
    return std::vector<uint8_t>(M.Source.begin(), M.Source.end());
  WatOptions WO;
  WO.Feats = Options.Feats;
  Expected<std::vector<uint8_t>> Bytes = parseWat(M.Source, WO);
  if (Bytes || M.F != ScriptModule::Text)
    return Bytes;
  // The text's positions are the script's, less LineBase lines.
  return handleErrors(Bytes.takeError(), [&](const WasmError &W) -> Error {
    if (!W.line())
      return make_error<WasmError>(W);
    return make_error<WasmError>(W.kind(), W.line() + M.LineBase, W.column(),
                                 W.message());
  });
}

Built ScriptRunner::build(const ScriptModule &M, bool Instantiate) {
  Built B;
  unsigned N = ModuleCount++;
  Expected<std::vector<uint8_t>> Bytes = moduleBytes(M);
  if (!Bytes) {
    B.St = Built::CompileFailed;
    B.Message =
        formatError(M.F == ScriptModule::Text ? WastName : Stem + ".quote",
                    Bytes.takeError());
    return B;
  }
  std::string WasmName = Stem + "." + std::to_string(N) + ".wasm";
  std::string SoPath = path(Stem + "." + std::to_string(N) + ".so");
  CompileOptions CO;
  CO.OptLevel = Options.OptLevel;
  CO.PartSize = Options.PartSize;
  CO.Feats = Options.Feats;
  CO.VerifyIR = true; // a test tool checks the compiler too
  if (Error E = compileModule(*Bytes, WasmName, SoPath, CO)) {
    B.St = Built::CompileFailed;
    B.Message = formatError(WasmName, std::move(E));
    return B;
  }
  rt::Result<std::shared_ptr<rt::Module>> Mod = rt::Module::load(SoPath);
  if (!Mod) {
    B.St = Built::LoadFailed;
    B.Err = Mod.error();
    return B;
  }
  if (!Instantiate) {
    B.St = Built::Loaded;
    B.Mod = *Mod;
    return B;
  }
  return instantiate(*Mod);
}

Built ScriptRunner::instantiate(const std::shared_ptr<rt::Module> &Mod) {
  Built B;
  B.Mod = Mod;
  rt::Result<std::shared_ptr<rt::Instance>> I = Linker.instantiate(Mod);
  if (!I) {
    B.St = Built::InstantiateFailed;
    B.Err = I.error();
    return B;
  }
  B.Inst = *I;
  return B;
}

void ScriptRunner::runModule(const Command &C) {
  unsigned Line = C.At.Line;
  writeRecord(Fd, RecordKind::ModuleStart, {std::to_string(Line)});
  if (C.Mod.Definition) {
    Built B = build(C.Mod, /*Instantiate=*/false);
    if (!B.Mod)
      moduleFailure(Line, B.describe());
    if (!C.Mod.Id.empty())
      Definitions[C.Mod.Id] = DefinitionSlot{B.Mod, Line};
    return;
  }
  Built B = build(C.Mod);
  if (!B.Inst)
    moduleFailure(Line, B.describe());
  Current = ModuleSlot{B.Inst, Line, true};
  if (!C.Mod.Id.empty())
    Named[C.Mod.Id] = Current;
}

void ScriptRunner::runInstance(const Command &C) {
  unsigned Line = C.At.Line;
  writeRecord(Fd, RecordKind::ModuleStart, {std::to_string(Line)});
  Current = ModuleSlot{nullptr, Line, true};
  auto It = Definitions.find(C.DefId);
  if (It == Definitions.end())
    moduleFailure(Line, "no module definition $" + C.DefId);
  else if (!It->second.Mod)
    moduleFailure(Line, "its definition (line " +
                            std::to_string(It->second.Line) + ") failed");
  else {
    Built B = instantiate(It->second.Mod);
    if (!B.Inst)
      moduleFailure(Line, B.describe());
    Current.Inst = B.Inst;
  }
  if (!C.Id.empty())
    Named[C.Id] = Current;
}

void ScriptRunner::runRegister(const Command &C) {
  const ModuleSlot *Slot = &Current;
  if (!C.Id.empty()) {
    auto It = Named.find(C.Id);
    Slot = It == Named.end() ? nullptr : &It->second;
  }
  if (!Slot || !Slot->Defined) {
    moduleFailure(C.At.Line, C.Id.empty()
                                 ? std::string("register: no module defined")
                                 : "register: no module $" + C.Id);
    return;
  }
  // A failed module was reported already; the modules that import from it
  // will fail to link and be reported too.
  if (Slot->Inst)
    Linker.defineInstance(C.Text, *Slot->Inst);
}

ActionOutcome ScriptRunner::runAction(const Action &A) {
  ActionOutcome R;
  const ModuleSlot *Slot = &Current;
  if (!A.ModuleId.empty()) {
    auto It = Named.find(A.ModuleId);
    Slot = It == Named.end() ? nullptr : &It->second;
  }
  if (!Slot || !Slot->Defined) {
    R.K = ActionOutcome::Bad;
    R.Text = A.ModuleId.empty() ? "no module defined"
                                : "unknown module $" + A.ModuleId;
    return R;
  }
  if (!Slot->Inst) {
    R.K = ActionOutcome::NoModule;
    R.Text = std::to_string(Slot->Line); // the parent names the module
    return R;
  }

  if (A.K == Action::Get) {
    std::optional<rt::Extern> Ext = Slot->Inst->exportByName(A.Field);
    auto *G = Ext ? std::get_if<std::shared_ptr<rt::Global>>(&*Ext) : nullptr;
    if (!G) {
      R.K = ActionOutcome::Bad;
      R.Text = "no global export \"" + A.Field + "\"";
      return R;
    }
    R.Values.push_back((*G)->get());
    return R;
  }

  std::vector<rt::Value> Args;
  for (const Value &V : A.Args) {
    Expected<rt::Value> Arg = toArgument(V);
    if (!Arg) {
      R.K = ActionOutcome::Unsupported;
      R.Text = toString(Arg.takeError());
      return R;
    }
    Args.push_back(*Arg);
  }
  rt::Result<std::vector<rt::Value>> Res = Slot->Inst->invoke(A.Field, Args);
  if (!Res) {
    R.K = ActionOutcome::Errored;
    R.Err = Res.error();
    return R;
  }
  R.Values = std::move(*Res);
  return R;
}

Verdict ScriptRunner::runCounted(const Command &C) {
  switch (C.K) {
  case Command::AssertReturn:
    return assertReturn(C);
  case Command::AssertTrap:
  case Command::AssertExhaustion:
    return assertTrap(C);
  case Command::AssertException:
    return assertException(C);
  case Command::AssertModuleTrap:
  case Command::AssertUnlinkable:
  case Command::AssertUninstantiable:
    return assertModuleFails(C);
  case Command::AssertInvalid:
  case Command::AssertMalformed:
    return assertRejected(C);
  case Command::DoAction: {
    ActionOutcome A = runAction(C.Act);
    switch (A.K) {
    case ActionOutcome::Returned:
      return pass();
    case ActionOutcome::Errored:
      return fail("got " + describe(A.Err) + ", expected success");
    case ActionOutcome::NoModule:
      return noModule(A);
    case ActionOutcome::Unsupported:
      return skip(A.Text);
    case ActionOutcome::Bad:
      return fail(A.Text);
    }
    break;
  }
  case Command::Unreadable:
    return fail("cannot read this command: " + WastName + ":" + C.Text);
  default:
    break;
  }
  return fail("command " + C.name() + " is not run by wasmspec");
}

Verdict ScriptRunner::assertReturn(const Command &C) {
  const std::vector<Value> &Want = C.Results;
  ActionOutcome A = runAction(C.Act);
  std::string WantText = formatExpectedList(Want);
  switch (A.K) {
  case ActionOutcome::Returned:
    break;
  case ActionOutcome::Errored:
    return fail("got " + describe(A.Err) + ", expected " + WantText);
  case ActionOutcome::NoModule:
    return noModule(A);
  case ActionOutcome::Unsupported:
    return skip(A.Text);
  case ActionOutcome::Bad:
    return fail(A.Text);
  }
  bool Ok = A.Values.size() == Want.size();
  for (size_t I = 0; Ok && I != Want.size(); ++I)
    Ok = matches(Want[I], A.Values[I]);
  if (Ok)
    return pass();
  return fail("got " + formatValues(A.Values, &Want) + ", expected " +
              WantText);
}

Verdict ScriptRunner::expectError(const Command &C, const std::string &WantText,
                                  function_ref<bool(const rt::Error &)> Wanted) {
  ActionOutcome A = runAction(C.Act);
  switch (A.K) {
  case ActionOutcome::Returned:
    return fail("got " + formatValues(A.Values) + ", expected " + WantText);
  case ActionOutcome::Errored:
    if (Wanted(A.Err))
      return pass();
    return fail("got " + describe(A.Err) + ", expected " + WantText);
  case ActionOutcome::NoModule:
    return noModule(A);
  case ActionOutcome::Unsupported:
    return skip(A.Text);
  case ActionOutcome::Bad:
    return fail(A.Text);
  }
  return fail("unreachable");
}

Verdict ScriptRunner::assertTrap(const Command &C) {
  return expectError(C, "trap \"" + C.Text + "\"", [&](const rt::Error &E) {
    return E.K == rt::Error::Trap && messageMatches(E, C.Text);
  });
}

Verdict ScriptRunner::assertException(const Command &C) {
  return expectError(C, "an exception", [](const rt::Error &E) {
    return E.K == rt::Error::Exception;
  });
}

Verdict ScriptRunner::assertModuleFails(const Command &C) {
  bool WantLink = C.K == Command::AssertUnlinkable;
  std::string WantText =
      std::string(WantLink ? "link error" : "trap") + " \"" + C.Text + "\"";
  Built B = build(C.Mod);
  if (B.St == Built::InstantiateFailed) {
    bool KindOk = WantLink ? B.Err.K == rt::Error::Link
                           : (B.Err.K == rt::Error::Trap ||
                              B.Err.K == rt::Error::Instantiation);
    if (KindOk && messageMatches(B.Err, C.Text))
      return pass();
  }
  return fail("got " + B.describe() + ", expected " + WantText);
}

Verdict ScriptRunner::assertRejected(const Command &C) {
  bool WantInvalid = C.K == Command::AssertInvalid;
  std::string WantText = std::string(WantInvalid ? "invalid" : "malformed") +
                         " \"" + C.Text + "\"";
  std::string WasmName = Stem + "." + std::to_string(ModuleCount++) + ".wasm";
  Expected<std::vector<uint8_t>> Bytes = moduleBytes(C.Mod);
  Error E = Bytes ? checkModule(*Bytes, WasmName, Options.Feats) : Bytes.takeError();
  if (!E)
    return fail("got a valid module, expected " + WantText);
  Verdict R = pass();
  ErrorKind Want = WantInvalid ? ErrorKind::Invalid : ErrorKind::Malformed;
  handleAllErrors(
      std::move(E),
      [&](const WasmError &W) {
        // A text module rejected by the parser is malformed too.
        if (W.kind() == Want && StringRef(W.message()).starts_with(C.Text))
          return;
        static const char *const KindNames[] = {
            "malformed", "invalid", "unsupported", "unlinkable", "io error"};
        std::string Where;
        if (W.line())
          Where = " at " + formatPos({W.line(), W.column()});
        R = fail(std::string("got ") +
                 KindNames[static_cast<unsigned>(W.kind())] + " \"" +
                 W.message() + "\"" + Where + ", expected " + WantText);
      },
      [&](const ErrorInfoBase &Other) {
        R = fail("got error \"" + Other.message() + "\", expected " + WantText);
      });
  return R;
}

} // namespace

int runScript(const ScriptOptions &Options, int Fd) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getFile(Options.WastPath, /*IsText=*/true);
  if (!Buf) {
    writeRecord(Fd, RecordKind::FileError,
                {"", "cannot read: " + Buf.getError().message()});
    return 1;
  }
  Script S = readScript((*Buf)->getBuffer());
  // The commands before an unreadable point still run; that point is one
  // failure of the file ("LINE:COL: message": the parent puts the file's
  // name in front).
  ScriptRunner(Options, Fd).run(S.Commands);
  if (!S.Error.empty()) {
    auto [Where, What] = StringRef(S.Error).split(": ");
    writeRecord(Fd, RecordKind::FileError,
                {Where, "cannot read the script from here on: " + What.str()});
  }
  return 0;
}

} // namespace wasm2so::spec
