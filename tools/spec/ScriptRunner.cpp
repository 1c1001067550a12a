//===- spec/ScriptRunner.cpp - Runs one .wast script inside a child -------===//

#include "ScriptRunner.h"
#include "Protocol.h"
#include "Values.h"

#include "Error.h"     // compiler/: WasmError, ErrorKind
#include "WatParser.h" // compiler/: our text front end
#include "wasm2so/compiler.h"
#include "wasm2so/runtime.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <map>
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

/// A module command's outcome: how far compile, load and instantiate got.
struct Built {
  enum Stage { Compiled, CompileFailed, LoadFailed, InstantiateFailed };
  Stage St = Compiled;
  std::shared_ptr<rt::Instance> Inst;
  std::string Message; // CompileFailed: the compiler's formatted error
  rt::Error Err;       // LoadFailed, InstantiateFailed

  std::string describe() const {
    if (St == CompileFailed)
      return "compile error \"" + Message + "\"";
    if (St == Compiled)
      return "a module that instantiates";
    return spec::describe(Err);
  }
};

/// An instantiated (or failed) module that actions can name.
struct ModuleSlot {
  std::shared_ptr<rt::Instance> Inst; // null when it failed
  unsigned Line = 0;
  bool Defined = false;
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
      : Options(Options), Fd(Fd) {
    rt::defineSpectest(Linker);
  }

  /// Announces the counted commands, then runs them all in order.
  void run(const json::Array &Commands);

private:
  void runModule(const json::Object &C, unsigned Line);
  void runRegister(const json::Object &C, unsigned Line);
  Verdict runCounted(StringRef Type, const json::Object &C);

  Verdict assertReturn(const json::Object &C);
  Verdict assertTrap(const json::Object &C);
  Verdict assertModuleFails(const json::Object &C, StringRef Type);
  Verdict assertRejected(const json::Object &C, StringRef Type);

  Built build(StringRef FileName);
  /// The module of an assert_invalid/assert_malformed command as bytes: a
  /// text module (`module quote`) through our parser; a module written as
  /// text in the .wast through our parser too (wast2json 1.0.32 mis-encodes
  /// some, e.g. `select (result)`); otherwise wast2json's binary.
  Expected<std::vector<uint8_t>> rejectedModuleBytes(const json::Object &C);
  ActionOutcome runAction(const json::Object *Action);
  Verdict noModule(const ActionOutcome &A) const {
    return {Status::NoModule, A.Text};
  }
  std::string path(StringRef FileName) const {
    SmallString<256> P(Options.TempDir);
    sys::path::append(P, FileName);
    return std::string(P);
  }

  const ScriptOptions &Options;
  int Fd;
  rt::Linker Linker;
  ModuleSlot Current;
  StringMap<ModuleSlot> Named;
  std::unique_ptr<MemoryBuffer> Wast; // the script's text, read on demand
  std::map<unsigned, unsigned> ModulesOnLine; // modules seen, by line
};

bool isCounted(StringRef Type) {
  return Type != "module" && Type != "register";
}

void ScriptRunner::run(const json::Array &Commands) {
  unsigned Index = 0;
  for (const json::Value &V : Commands) {
    const json::Object *C = V.getAsObject();
    StringRef Type = C ? C->getString("type").value_or("?") : "?";
    if (!isCounted(Type))
      continue;
    int64_t Line = C ? C->getInteger("line").value_or(0) : 0;
    writeRecord(Fd, RecordKind::Command,
                {std::to_string(Index++), std::to_string(Line), Type});
  }

  Index = 0;
  for (const json::Value &V : Commands) {
    const json::Object *C = V.getAsObject();
    if (!C) {
      writeRecord(Fd, RecordKind::FileError, {"command is not a JSON object"});
      continue;
    }
    StringRef Type = C->getString("type").value_or("?");
    unsigned Line = static_cast<unsigned>(C->getInteger("line").value_or(0));
    if (C->getString("filename"))
      ++ModulesOnLine[Line];
    if (Type == "module") {
      runModule(*C, Line);
      continue;
    }
    if (Type == "register") {
      runRegister(*C, Line);
      continue;
    }
    Verdict R = runCounted(Type, *C);
    writeRecord(Fd, RecordKind::Result,
                {std::to_string(Index++),
                 StringRef(reinterpret_cast<const char *>(&R.S), 1), R.Text});
  }
}

Built ScriptRunner::build(StringRef FileName) {
  Built B;
  auto Fail = [&](std::string Message) {
    B.St = Built::CompileFailed;
    B.Message = std::move(Message);
    return B;
  };
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(
      path(FileName), /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buf)
    return Fail(FileName.str() + ": " + Buf.getError().message());
  ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
      (*Buf)->getBufferSize());

  std::string SoPath = path(sys::path::stem(FileName).str() + ".so");
  CompileOptions CO;
  CO.OptLevel = Options.OptLevel;
  CO.PartSize = Options.PartSize;
  CO.Feats = Options.Feats;
  if (Error E = compileModule(Bytes, FileName, SoPath, CO))
    return Fail(formatError(FileName, std::move(E)));

  rt::Result<std::shared_ptr<rt::Module>> M = rt::Module::load(SoPath);
  if (!M) {
    B.St = Built::LoadFailed;
    B.Err = M.error();
    return B;
  }
  rt::Result<std::shared_ptr<rt::Instance>> I = Linker.instantiate(*M);
  if (!I) {
    B.St = Built::InstantiateFailed;
    B.Err = I.error();
    return B;
  }
  B.Inst = *I;
  return B;
}

void ScriptRunner::runModule(const json::Object &C, unsigned Line) {
  writeRecord(Fd, RecordKind::ModuleStart, {std::to_string(Line)});
  StringRef FileName = C.getString("filename").value_or("");
  Built B = build(FileName);
  if (!B.Inst)
    writeRecord(Fd, RecordKind::ModuleFailure,
                {std::to_string(Line), B.describe()});
  Current = ModuleSlot{B.Inst, Line, true};
  if (std::optional<StringRef> Name = C.getString("name"))
    Named[*Name] = Current;
}

void ScriptRunner::runRegister(const json::Object &C, unsigned Line) {
  StringRef As = C.getString("as").value_or("");
  const ModuleSlot *Slot = &Current;
  if (std::optional<StringRef> Name = C.getString("name")) {
    auto It = Named.find(*Name);
    Slot = It == Named.end() ? nullptr : &It->second;
  }
  // A failed module was reported already; the modules that import from it
  // will fail to link and be reported too.
  if (Slot && Slot->Inst)
    Linker.defineInstance(As.str(), *Slot->Inst);
}

ActionOutcome ScriptRunner::runAction(const json::Object *Action) {
  ActionOutcome R;
  if (!Action) {
    R.K = ActionOutcome::Bad;
    R.Text = "command without an action";
    return R;
  }
  const ModuleSlot *Slot = &Current;
  std::optional<StringRef> ModName = Action->getString("module");
  if (ModName) {
    auto It = Named.find(*ModName);
    Slot = It == Named.end() ? nullptr : &It->second;
  }
  if (!Slot || !Slot->Defined) {
    R.K = ActionOutcome::Bad;
    R.Text = ModName ? "unknown module " + ModName->str() : "no module defined";
    return R;
  }
  if (!Slot->Inst) {
    R.K = ActionOutcome::NoModule;
    R.Text = std::to_string(Slot->Line); // the parent names the module

    return R;
  }

  StringRef Type = Action->getString("type").value_or("?");
  std::string Field = Action->getString("field").value_or("").str();
  if (Type == "get") {
    std::optional<rt::Extern> Ext = Slot->Inst->exportByName(Field);
    auto *G = Ext ? std::get_if<std::shared_ptr<rt::Global>>(&*Ext) : nullptr;
    if (!G) {
      R.K = ActionOutcome::Bad;
      R.Text = "no global export \"" + Field + "\"";
      return R;
    }
    R.Values.push_back((*G)->get());
    return R;
  }
  if (Type != "invoke") {
    R.K = ActionOutcome::Unsupported;
    R.Text = "action type " + Type.str();
    return R;
  }

  std::vector<rt::Value> Args;
  if (const json::Array *A = Action->getArray("args")) {
    for (const json::Value &V : *A) {
      Expected<rt::Value> Arg = parseArgument(V);
      if (!Arg) {
        R.K = ActionOutcome::Unsupported;
        R.Text = toString(Arg.takeError());
        return R;
      }
      Args.push_back(*Arg);
    }
  }
  rt::Result<std::vector<rt::Value>> Res = Slot->Inst->invoke(Field, Args);
  if (!Res) {
    R.K = ActionOutcome::Errored;
    R.Err = Res.error();
    return R;
  }
  R.Values = std::move(*Res);
  return R;
}

Verdict ScriptRunner::runCounted(StringRef Type, const json::Object &C) {
  if (Type == "assert_return")
    return assertReturn(C);
  if (Type == "assert_trap" && !C.getString("filename"))
    return assertTrap(C);
  if (Type == "assert_exhaustion")
    return assertTrap(C);
  if (Type == "assert_trap" || Type == "assert_unlinkable" ||
      Type == "assert_uninstantiable")
    return assertModuleFails(C, Type);
  if (Type == "assert_invalid" || Type == "assert_malformed")
    return assertRejected(C, Type);
  if (Type == "action") {
    ActionOutcome A = runAction(C.getObject("action"));
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
  }
  return skip("command type " + Type.str() + " is not supported by wasmspec");
}

Verdict ScriptRunner::assertReturn(const json::Object &C) {
  const json::Array *Want = C.getArray("expected");
  if (C.getArray("either"))
    return skip("assert_return with alternative results");
  ActionOutcome A = runAction(C.getObject("action"));
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

  size_t WantCount = Want ? Want->size() : 0;
  bool Ok = A.Values.size() == WantCount;
  for (size_t I = 0; Ok && I != WantCount; ++I) {
    Expected<bool> Match = matchesExpected((*Want)[I], A.Values[I]);
    if (!Match)
      return skip("unusable expected value: " + toString(Match.takeError()));
    Ok = *Match;
  }
  if (Ok)
    return pass();
  return fail("got " + formatValues(A.Values, Want) + ", expected " + WantText);
}

Verdict ScriptRunner::assertTrap(const json::Object &C) {
  StringRef Text = C.getString("text").value_or("");
  ActionOutcome A = runAction(C.getObject("action"));
  std::string WantText = "trap \"" + Text.str() + "\"";
  switch (A.K) {
  case ActionOutcome::Returned:
    return fail("got " + formatValues(A.Values) + ", expected " + WantText);
  case ActionOutcome::Errored:
    if (A.Err.K == rt::Error::Trap && messageMatches(A.Err, Text))
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

Verdict ScriptRunner::assertModuleFails(const json::Object &C, StringRef Type) {
  StringRef Text = C.getString("text").value_or("");
  bool WantLink = Type == "assert_unlinkable";
  std::string WantText =
      std::string(WantLink ? "link error" : "trap") + " \"" + Text.str() + "\"";
  if (C.getString("module_type").value_or("binary") != "binary")
    return skip("text module (wasm2so has no text front end of its own)");

  Built B = build(C.getString("filename").value_or(""));
  if (B.St == Built::InstantiateFailed) {
    bool KindOk = WantLink ? B.Err.K == rt::Error::Link
                           : (B.Err.K == rt::Error::Trap ||
                              B.Err.K == rt::Error::Instantiation);
    if (KindOk && messageMatches(B.Err, Text))
      return pass();
  }
  return fail("got " + B.describe() + ", expected " + WantText);
}

Verdict ScriptRunner::assertRejected(const json::Object &C, StringRef Type) {
  StringRef Text = C.getString("text").value_or("");
  bool WantInvalid = Type == "assert_invalid";
  std::string WantText = std::string(WantInvalid ? "invalid" : "malformed") +
                         " \"" + Text.str() + "\"";
  StringRef FileName = C.getString("filename").value_or("");
  Expected<std::vector<uint8_t>> Bytes = rejectedModuleBytes(C);
  Error E = Bytes ? checkModule(*Bytes, FileName, Options.Feats) : Bytes.takeError();
  if (!E)
    return fail("got a valid module, expected " + WantText);
  Verdict R = pass();
  ErrorKind Want = WantInvalid ? ErrorKind::Invalid : ErrorKind::Malformed;
  handleAllErrors(
      std::move(E),
      [&](const WasmError &W) {
        // A text module rejected by the parser is malformed too.
        if (W.kind() == Want && StringRef(W.message()).starts_with(Text))
          return;
        static const char *const KindNames[] = {
            "malformed", "invalid", "unsupported", "unlinkable", "io error"};
        R = fail(std::string("got ") +
                 KindNames[static_cast<unsigned>(W.kind())] + " \"" +
                 W.message() + "\", expected " + WantText);
      },
      [&](const ErrorInfoBase &Other) {
        R = fail("got error \"" + Other.message() + "\", expected " + WantText);
      });
  return R;
}

Expected<std::vector<uint8_t>>
ScriptRunner::rejectedModuleBytes(const json::Object &C) {
  StringRef FileName = C.getString("filename").value_or("");
  unsigned Line = static_cast<unsigned>(C.getInteger("line").value_or(0));
  unsigned Nth = ModulesOnLine[Line] - 1; // counted by run()
  auto ReadFile = [&]() -> Expected<std::unique_ptr<MemoryBuffer>> {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(
        path(FileName), /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!Buf)
      return makeError(ErrorKind::Io, WasmError::NoOffset,
                       FileName + ": " + Buf.getError().message());
    return std::move(*Buf);
  };
  if (C.getString("module_type").value_or("binary") != "binary") {
    Expected<std::unique_ptr<MemoryBuffer>> Buf = ReadFile();
    if (!Buf)
      return Buf.takeError();
    return parseWat((*Buf)->getBuffer(), Options.Feats);
  }
  if (!Wast) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> W =
        MemoryBuffer::getFile(Options.WastPath, /*IsText=*/true);
    if (W)
      Wast = std::move(*W);
  }
  if (Wast) {
    if (std::optional<StringRef> Text =
            findModuleText(Wast->getBuffer(), Line, Nth)) {
      Expected<std::vector<uint8_t>> Ours = parseWat(*Text, Options.Feats);
      if (Ours)
        return Ours;
      consumeError(Ours.takeError());
    }
  }
  Expected<std::unique_ptr<MemoryBuffer>> Buf = ReadFile();
  if (!Buf)
    return Buf.takeError();
  return std::vector<uint8_t>((*Buf)->getBufferStart(),
                              (*Buf)->getBufferEnd());
}

/// Runs wast2json into the temporary folder; the JSON's path or an error.
Expected<std::string> convert(const ScriptOptions &O) {
  std::string Stem = sys::path::stem(O.WastPath).str();
  SmallString<256> Json(O.TempDir), Log(O.TempDir);
  sys::path::append(Json, Stem + ".json");
  sys::path::append(Log, "wast2json.log");

  std::vector<StringRef> Args = {O.Wast2Json, O.WastPath};
  for (const std::string &F : O.Wast2JsonFlags)
    Args.push_back(F);
  Args.push_back("-o");
  Args.push_back(Json);
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(Log),
                                          StringRef(Log)};
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(O.Wast2Json, Args, std::nullopt, Redirects,
                               /*SecondsToWait=*/0, /*MemoryLimit=*/0, &ErrMsg);
  if (RC == 0)
    return std::string(Json);
  std::string Why = ErrMsg;
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> L = MemoryBuffer::getFile(Log))
    Why = (*L)->getBuffer().trim().split('\n').first.str();
  return createStringError(inconvertibleErrorCode(), "wast2json failed (exit " +
                                                         std::to_string(RC) +
                                                         "): " + Why);
}

} // namespace

int runScript(const ScriptOptions &Options, int Fd) {
  Expected<std::string> JsonPath = convert(Options);
  if (!JsonPath) {
    writeRecord(Fd, RecordKind::FileError, {toString(JsonPath.takeError())});
    return 1;
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(*JsonPath);
  if (!Buf) {
    writeRecord(Fd, RecordKind::FileError,
                {*JsonPath + ": " + Buf.getError().message()});
    return 1;
  }
  Expected<json::Value> Root = json::parse((*Buf)->getBuffer());
  if (!Root) {
    writeRecord(Fd, RecordKind::FileError,
                {"bad JSON from wast2json: " + toString(Root.takeError())});
    return 1;
  }
  const json::Object *O = Root->getAsObject();
  const json::Array *Commands = O ? O->getArray("commands") : nullptr;
  if (!Commands) {
    writeRecord(Fd, RecordKind::FileError, {"JSON without a command list"});
    return 1;
  }
  ScriptRunner(Options, Fd).run(*Commands);
  return 0;
}

} // namespace wasm2so::spec
