//===- spec/Wast.cpp - The .wast script format, read into commands --------===//

#include "Wast.h"

#include "Error.h"    // compiler/: WasmError
#include "WatLexer.h" // compiler/: the text format's tokens and numbers

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace wasm2so::spec {

std::string formatPos(SrcPos P) {
  return std::to_string(P.Line) + ":" + std::to_string(P.Col);
}

bool Command::counted() const {
  return K != Module && K != Instance && K != Register;
}

std::string Command::name() const {
  switch (K) {
  case Module:
  case Instance:
    return "module";
  case Register:
    return "register";
  case DoAction:
    return "action";
  case AssertReturn:
    return "assert_return";
  case AssertTrap:
  case AssertModuleTrap:
    return "assert_trap";
  case AssertExhaustion:
    return "assert_exhaustion";
  case AssertException:
    return "assert_exception";
  case AssertInvalid:
    return "assert_invalid";
  case AssertMalformed:
    return "assert_malformed";
  case AssertUnlinkable:
    return "assert_unlinkable";
  case AssertUninstantiable:
    return "assert_uninstantiable";
  case Unreadable:
    break;
  }
  return Head.empty() ? "command" : Head;
}

namespace {

/// The words that start a module field: a script that begins with one is a
/// single module written without `(module ...)` around it.
bool isModuleField(StringRef W) {
  return StringSwitch<bool>(W)
      .Cases("type", "rec", "import", "func", "table", "memory", true)
      .Cases("global", "export", "start", "elem", "data", "tag", true)
      .Default(false);
}

/// One top-level piece of the script: an s-expression, or a stray word.
struct Chunk {
  size_t Begin = 0, End = 0; // byte range in the script
  SrcPos At;                 // where it starts
  bool Paren = true;
};

/// Splits the script into its top-level s-expressions, skipping comments
/// and the insides of strings, without tokenizing: a token the lexer cannot
/// read then costs one command, not the file. Fails on parentheses that do
/// not balance or an unclosed block comment, with Chunks holding the
/// commands before that point.
Error splitScript(StringRef Text, std::vector<Chunk> &Chunks) {
  size_t I = 0, N = Text.size();
  uint32_t Line = 1, Col = 1;
  auto Advance = [&]() {
    if (Text[I] == '\n') {
      ++Line;
      Col = 1;
    } else if ((uint8_t(Text[I]) & 0xc0) != 0x80) {
      ++Col; // characters, as the lexer counts them
    }
    ++I;
  };
  auto Err = [](SrcPos P, const Twine &Msg) {
    return createStringError(inconvertibleErrorCode(),
                             formatPos(P) + ": " + Msg);
  };
  // Skips white space and comments; fails on an unclosed block comment.
  auto SkipBlank = [&]() -> Error {
    while (I < N) {
      if (Text[I] == ' ' || Text[I] == '\t' || Text[I] == '\n' ||
          Text[I] == '\r') {
        Advance();
      } else if (Text.substr(I).starts_with(";;")) {
        while (I < N && Text[I] != '\n')
          Advance();
      } else if (Text.substr(I).starts_with("(;")) {
        SrcPos Start{Line, Col};
        unsigned Depth = 0;
        do {
          if (I >= N)
            return Err(Start, "unclosed comment");
          if (Text.substr(I).starts_with("(;")) {
            Advance(), Advance();
            ++Depth;
          } else if (Text.substr(I).starts_with(";)")) {
            Advance(), Advance();
            --Depth;
          } else {
            Advance();
          }
        } while (Depth);
      } else {
        break;
      }
    }
    return Error::success();
  };

  while (true) {
    if (Error E = SkipBlank())
      return E;
    if (I >= N)
      return Error::success();
    Chunk C;
    C.Begin = I;
    C.At = {Line, Col};
    if (Text[I] == ')')
      return Err(C.At, "unexpected `)` with no `(` open");
    if (Text[I] != '(') {
      C.Paren = false;
      while (I < N && !isSpace(Text[I]) && Text[I] != '(' && Text[I] != ')')
        Advance();
      C.End = I;
      Chunks.push_back(C);
      continue;
    }
    std::vector<SrcPos> Open;
    while (true) {
      if (Error E = SkipBlank())
        return E;
      if (I >= N)
        return Err(Open.back(), "this `(` is never closed");
      char Ch = Text[I];
      if (Ch == '(') {
        Open.push_back({Line, Col});
        Advance();
      } else if (Ch == ')') {
        Advance();
        Open.pop_back();
        if (Open.empty())
          break;
      } else if (Ch == '"') {
        // A string ends at its closing quote, or at the end of the line
        // (which the lexer reports for that command).
        Advance();
        while (I < N && Text[I] != '"' && Text[I] != '\n') {
          if (Text[I] == '\\' && I + 1 < N && Text[I + 1] != '\n')
            Advance();
          Advance();
        }
        if (I < N && Text[I] == '"')
          Advance();
      } else {
        Advance();
      }
    }
    C.End = I;
    Chunks.push_back(C);
  }
}

class Reader {
public:
  explicit Reader(StringRef Src) : Src(Src) {}

  /// Reads the command of one chunk.
  void readChunk(const Chunk &Ch, Command &C);
  /// The chunk's first word, past annotations ("" when none).
  StringRef headOf(const Chunk &Ch);

private:
  /// Tokenizes the chunk into T with the script's positions; false (and
  /// Err set) on a lexical error or parentheses that do not balance.
  bool lexChunk(const Chunk &Ch);

  // --- tokens
  const Token &tok(size_t I) const {
    static const Token End; // Eof
    return I < T.size() ? T[I] : T.empty() ? End : T.back();
  }
  const Token &cur() const { return tok(Pos); }
  bool isKw(StringRef W) const {
    return cur().Kind == TokKind::Keyword && cur().Text == W;
  }
  bool isLParen() const { return cur().Kind == TokKind::LParen; }
  bool isRParen() const { return cur().Kind == TokKind::RParen; }
  /// The first word of the s-expression at I (the lexer drops
  /// annotations).
  StringRef headAt(size_t I) const;
  static SrcPos pos(const Token &K) { return {K.Line, K.Col}; }

  // --- errors: the first one of a command is kept, and false returned
  bool fail(const Token &At, const Twine &Msg) {
    if (Err.empty())
      Err = formatPos(pos(At)) + ": " + Msg.str();
    return false;
  }
  bool expected(const Twine &What) {
    std::string Got = cur().Kind == TokKind::Eof ? std::string("end of file")
                                                 : "`" + cur().Text.str() + "`";
    return fail(cur(), "expected " + What + ", got " + Got);
  }
  bool expectRParen() {
    if (!isRParen())
      return expected("`)`");
    ++Pos;
    return true;
  }

  // --- commands
  void readCommand(Command &C);
  bool readModule(ScriptModule &M, Command *InstanceOut);
  bool readAction(Action &A);
  bool readValue(Value &V, bool Result);
  bool readNum(Value &V, StringRef Type, bool Result);
  bool readVec(Value &V, bool Result);
  bool readFailureText(Command &C);

  StringRef Src;
  std::vector<Token> T;
  std::vector<size_t> Close; // for each `(`, the index of its `)`
  size_t Pos = 0;
  std::string Err;
};

StringRef Reader::headAt(size_t I) const {
  if (tok(I).Kind != TokKind::LParen)
    return "";
  ++I;
  return tok(I).Kind == TokKind::Keyword ? tok(I).Text : "";
}

bool Reader::lexChunk(const Chunk &Ch) {
  T.clear();
  Err.clear();
  Pos = 0;
  Expected<std::vector<Token>> Toks = lexWat(Src.slice(Ch.Begin, Ch.End));
  auto Shift = [&](uint32_t &Line, uint32_t &Col) {
    if (Line == 1)
      Col += Ch.At.Col - 1;
    Line += Ch.At.Line - 1;
  };
  if (!Toks) {
    handleAllErrors(
        Toks.takeError(),
        [&](const WasmError &W) {
          uint32_t Line = W.line(), Col = W.column();
          Shift(Line, Col);
          Err = formatPos({Line, Col}) + ": " + W.message();
        },
        [&](const ErrorInfoBase &E) {
          Err = formatPos(Ch.At) + ": " + E.message();
        });
    return false;
  }
  T = std::move(*Toks);
  for (Token &K : T) {
    Shift(K.Line, K.Col);
    K.Offset += Ch.Begin;
  }
  Close.assign(T.size(), 0);
  std::vector<size_t> Open;
  for (size_t I = 0; I < T.size(); ++I) {
    if (T[I].Kind == TokKind::LParen) {
      Open.push_back(I);
    } else if (T[I].Kind == TokKind::RParen) {
      if (Open.empty())
        return fail(T[I], "unexpected `)`");
      Close[Open.back()] = I;
      Open.pop_back();
    }
  }
  if (!Open.empty())
    return fail(T[Open.back()], "this `(` is never closed");
  return true;
}

StringRef Reader::headOf(const Chunk &Ch) {
  if (!Ch.Paren || !lexChunk(Ch))
    return "";
  return headAt(0);
}

void Reader::readChunk(const Chunk &Ch, Command &C) {
  C.At = Ch.At;
  C.K = Command::Unreadable;
  if (!Ch.Paren) {
    C.Text = formatPos(Ch.At) + ": expected a command, got `" +
             Src.slice(Ch.Begin, Ch.End).str() + "`";
    return;
  }
  if (!lexChunk(Ch)) {
    // The command's first word, for the report, read without the lexer.
    StringRef Rest = Src.slice(Ch.Begin + 1, Ch.End).ltrim();
    C.Head = Rest.take_while(
                     [](char K) { return isAlnum(K) || K == '_' || K == '.'; })
                 .str();
    C.Text = Err;
    return;
  }
  readCommand(C);
  if (Err.empty() && cur().Kind != TokKind::Eof)
    expected("the end of the command");
  if (!Err.empty()) {
    C.K = Command::Unreadable;
    C.Text = Err;
  }
}

void Reader::readCommand(Command &C) {
  size_t Begin = Pos;
  C.Head = headAt(Begin).str();
  StringRef Head = C.Head;
  if (Head == "module") {
    if (!readModule(C.Mod, &C))
      return;
    if (C.K != Command::Instance)
      C.K = Command::Module;
    return;
  }
  if (Head == "invoke" || Head == "get") {
    C.K = Command::DoAction;
    readAction(C.Act);
    return;
  }

  ++Pos; // (
  if (Head.empty()) {
    expected("a command");
    return;
  }
  ++Pos; // the head
  if (Head == "register") {
    C.K = Command::Register;
    if (cur().Kind != TokKind::String) {
      expected("a name string");
      return;
    }
    C.Text = cur().Str;
    ++Pos;
    if (cur().Kind == TokKind::Id)
      C.Id = cur().Str, ++Pos;
    expectRParen();
    return;
  }
  if (Head == "assert_return") {
    C.K = Command::AssertReturn;
    if (!readAction(C.Act))
      return;
    while (isLParen()) {
      Value V;
      if (!readValue(V, /*Result=*/true))
        return;
      C.Results.push_back(std::move(V));
    }
    expectRParen();
    return;
  }
  if (Head == "assert_trap" && headAt(Pos) == "module") {
    C.K = Command::AssertModuleTrap;
    if (readModule(C.Mod, nullptr))
      readFailureText(C);
    return;
  }
  if (Head == "assert_trap" || Head == "assert_exhaustion" ||
      Head == "assert_exception") {
    C.K = Head == "assert_trap"         ? Command::AssertTrap
          : Head == "assert_exhaustion" ? Command::AssertExhaustion
                                        : Command::AssertException;
    if (!readAction(C.Act))
      return;
    if (C.K == Command::AssertException)
      expectRParen();
    else
      readFailureText(C);
    return;
  }
  Command::Kind K =
      StringSwitch<Command::Kind>(Head)
          .Case("assert_invalid", Command::AssertInvalid)
          .Case("assert_malformed", Command::AssertMalformed)
          .Case("assert_unlinkable", Command::AssertUnlinkable)
          .Case("assert_uninstantiable", Command::AssertUninstantiable)
          .Default(Command::Unreadable);
  if (K == Command::Unreadable) {
    fail(tok(Begin + 1), "unknown command `" + Head + "`");
    return;
  }
  C.K = K;
  if (headAt(Pos) != "module") {
    expected("a module");
    return;
  }
  if (readModule(C.Mod, nullptr))
    readFailureText(C);
}

bool Reader::readFailureText(Command &C) {
  if (cur().Kind != TokKind::String)
    return expected("the expected failure's text");
  C.Text = cur().Str;
  ++Pos;
  return expectRParen();
}

bool Reader::readModule(ScriptModule &M, Command *InstanceOut) {
  size_t End = Close[Pos];
  const Token &Open = cur();
  M.At = pos(Open);
  std::vector<std::pair<size_t, size_t>> Blank; // script-level words
  Pos += 2; // `(module`, checked by the caller
  if (isKw("instance")) {
    if (!InstanceOut)
      return fail(cur(), "a module instance cannot be asserted on");
    ++Pos;
    std::vector<std::string> Ids;
    while (cur().Kind == TokKind::Id)
      Ids.push_back(cur().Str), ++Pos;
    if (Ids.empty() || Ids.size() > 2)
      return expected("`$instance $definition` or `$definition`");
    InstanceOut->K = Command::Instance;
    InstanceOut->DefId = Ids.back();
    if (Ids.size() == 2)
      InstanceOut->Id = Ids.front();
    return expectRParen();
  }
  if (isKw("definition")) {
    M.Definition = true;
    Blank.emplace_back(cur().Offset, cur().Offset + cur().Text.size());
    ++Pos;
  }
  if (cur().Kind == TokKind::Id) {
    M.Id = cur().Str;
    ++Pos;
  }
  if (isKw("binary") || isKw("quote")) {
    M.F = isKw("binary") ? ScriptModule::Binary : ScriptModule::Quote;
    ++Pos;
    while (cur().Kind == TokKind::String)
      M.Source += cur().Str, ++Pos;
    return expectRParen();
  }

  // A text module: its characters, kept in place for parseWat's positions.
  M.F = ScriptModule::Text;
  StringRef Slice = Src.slice(Open.Offset, T[End].Offset + 1);
  M.Source.assign(Open.Col - 1, ' ');
  size_t Base = M.Source.size();
  M.Source += Slice.str();
  for (auto [From, To] : Blank)
    for (size_t I = From; I < To; ++I) {
      char &Ch = M.Source[Base + (I - Open.Offset)];
      if (Ch != '\n')
        Ch = ' ';
    }
  M.LineBase = Open.Line - 1;
  Pos = End + 1;
  return true;
}

bool Reader::readAction(Action &A) {
  StringRef Head = headAt(Pos);
  if (Head != "invoke" && Head != "get")
    return expected("an action (`invoke` or `get`)");
  A.At = pos(cur());
  A.K = Head == "invoke" ? Action::Invoke : Action::Get;
  ++Pos;
  ++Pos;
  if (cur().Kind == TokKind::Id)
    A.ModuleId = cur().Str, ++Pos;
  if (cur().Kind != TokKind::String)
    return expected("an export name");
  A.Field = cur().Str;
  ++Pos;
  if (A.K == Action::Invoke)
    while (isLParen()) {
      Value V;
      if (!readValue(V, /*Result=*/false))
        return false;
      A.Args.push_back(std::move(V));
    }
  return expectRParen();
}

bool Reader::readValue(Value &V, bool Result) {
  V.At = pos(cur());
  StringRef Head = headAt(Pos);
  if (Head.empty())
    return expected(Result ? "a result" : "a constant");
  const Token &HeadTok = tok(Pos + 1);
  ++Pos;
  ++Pos;
  auto OnlyInResults = [&]() {
    return fail(HeadTok, "`" + Head + "` is a result pattern, not a constant");
  };

  if (Head == "i32.const" || Head == "i64.const" || Head == "f32.const" ||
      Head == "f64.const") {
    if (!readNum(V, Head.take_front(3), Result))
      return false;
  } else if (Head == "v128.const") {
    if (!readVec(V, Result))
      return false;
  } else if (Head == "ref.null") {
    V.K = Value::RefNull;
    if (cur().Kind == TokKind::Keyword || cur().Kind == TokKind::Id ||
        cur().Kind == TokKind::Number)
      V.Name = cur().Text.str(), ++Pos;
    else if (!Result)
      return expected("a heap type");
  } else if (Head == "ref.extern" || Head == "ref.host") {
    V.K = Head == "ref.extern" ? Value::RefExtern : Value::RefHost;
    if (cur().Kind == TokKind::Number) {
      bool Overflow;
      if (!parseUnsigned(cur().Text, V.Bits, Overflow) || Overflow)
        return fail(cur(), "bad reference number `" + cur().Text + "`");
      V.HasN = true;
      ++Pos;
    } else if (!Result || V.K == Value::RefHost) {
      return expected("a reference number");
    }
  } else if (Head == "ref.func") {
    if (!Result)
      return OnlyInResults();
    V.K = Value::RefFunc;
  } else if (Head == "either") {
    if (!Result)
      return OnlyInResults();
    V.K = Value::Either;
    while (isLParen()) {
      Value Alt;
      if (!readValue(Alt, Result))
        return false;
      if (Alt.K == Value::Either)
        return fail(HeadTok, "`either` inside `either`");
      V.Alts.push_back(std::move(Alt));
    }
    if (V.Alts.empty())
      return expected("a result");
  } else if (Head.starts_with("ref.")) {
    // ref.struct, ref.array, ref.i31, ref.eq, ref.any, ref.exn...: a
    // reference of that kind, whatever it holds.
    if (!Result)
      return fail(HeadTok, "unknown constant `" + Head + "`");
    V.K = Value::RefKind;
    V.Name = Head.str();
  } else {
    return fail(HeadTok, "unknown " + Twine(Result ? "result" : "constant") +
                             " `" + Head + "`");
  }
  return expectRParen();
}

bool Reader::readNum(Value &V, StringRef Type, bool Result) {
  V.K = Value::Num;
  V.NumType = Type.str();
  const Token &N = cur();
  if (N.Kind != TokKind::Number && N.Kind != TokKind::Keyword)
    return expected("a number");
  ++Pos;
  if (Type[0] == 'f' &&
      (N.Text == "nan:canonical" || N.Text == "nan:arithmetic")) {
    if (!Result)
      return fail(N, "a NaN pattern is not a constant");
    V.Pattern =
        N.Text == "nan:canonical" ? Value::Canonical : Value::Arithmetic;
    return true;
  }
  bool Ok, OutOfRange = false;
  if (Type == "i32" || Type == "i64") {
    Ok = parseInt(N.Text, Type == "i32" ? 32 : 64, V.Bits, OutOfRange);
  } else if (Type == "f32") {
    uint32_t B = 0;
    Ok = parseF32(N.Text, B, OutOfRange);
    V.Bits = B;
  } else {
    Ok = parseF64(N.Text, V.Bits, OutOfRange);
  }
  if (!Ok)
    return fail(N, "bad " + Type + " constant `" + N.Text + "`");
  if (OutOfRange)
    return fail(N, Type + " constant out of range: `" + N.Text + "`");
  return true;
}

bool Reader::readVec(Value &V, bool Result) {
  V.K = Value::Vec;
  V.NumType = "v128";
  const Token &ShapeTok = cur();
  struct Shape {
    unsigned Bits;
    bool Float;
  };
  std::optional<Shape> S =
      StringSwitch<std::optional<Shape>>(
          ShapeTok.Kind == TokKind::Keyword ? ShapeTok.Text : "")
          .Case("i8x16", Shape{8, false})
          .Case("i16x8", Shape{16, false})
          .Case("i32x4", Shape{32, false})
          .Case("i64x2", Shape{64, false})
          .Case("f32x4", Shape{32, true})
          .Case("f64x2", Shape{64, true})
          .Default(std::nullopt);
  if (!S)
    return expected("a lane shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
  ++Pos;
  V.LaneBits = S->Bits;
  V.LaneFloat = S->Float;
  for (unsigned I = 0, N = 128 / S->Bits; I != N; ++I) {
    const Token &L = cur();
    if (L.Kind != TokKind::Number && L.Kind != TokKind::Keyword)
      return expected(Twine(N) + " lanes");
    ++Pos;
    Value::Lane Lane;
    if (S->Float && (L.Text == "nan:canonical" || L.Text == "nan:arithmetic")) {
      if (!Result)
        return fail(L, "a NaN pattern is not a constant");
      Lane.Pattern =
          L.Text == "nan:canonical" ? Value::Canonical : Value::Arithmetic;
      V.Lanes.push_back(Lane);
      continue;
    }
    bool Ok, OutOfRange = false;
    if (!S->Float) {
      Ok = parseInt(L.Text, S->Bits, Lane.Bits, OutOfRange);
    } else if (S->Bits == 32) {
      uint32_t B = 0;
      Ok = parseF32(L.Text, B, OutOfRange);
      Lane.Bits = B;
    } else {
      Ok = parseF64(L.Text, Lane.Bits, OutOfRange);
    }
    if (!Ok)
      return fail(L, "bad lane `" + L.Text + "`");
    if (OutOfRange)
      return fail(L, "lane out of range: `" + L.Text + "`");
    V.Lanes.push_back(Lane);
  }
  return true;
}

} // namespace

Script readScript(StringRef Text) {
  Script S;
  std::vector<Chunk> Chunks;
  handleAllErrors(splitScript(Text, Chunks),
                  [&](const ErrorInfoBase &E) { S.Error = E.message(); });
  Reader R(Text);
  // A script of bare module fields is one module.
  if (S.Error.empty() && !Chunks.empty() &&
      isModuleField(R.headOf(Chunks.front()))) {
    Command C;
    C.K = Command::Module;
    C.At = Chunks.front().At;
    C.Head = "module";
    C.Mod.F = ScriptModule::Text;
    C.Mod.At = C.At;
    C.Mod.Source = Text.str();
    S.Commands.push_back(std::move(C));
    return S;
  }
  for (const Chunk &Ch : Chunks) {
    Command C;
    R.readChunk(Ch, C);
    S.Commands.push_back(std::move(C));
  }
  return S;
}

} // namespace wasm2so::spec
