//===- WatSpec3Test.cpp - Our text parser over the Wasm 3.0 suite ---------===//
//
// Spec3Modules takes every text module of every root .wast of the 3.0
// suite ($W2S_SPEC3_DIR, else the folder `spec-3.0` beside W2S_SPEC_DIR)
// and parses it, without any script runner: a module of assert_malformed
// must fail with the script's words, every other one must parse (its
// validity is the validator's business). Failures are grouped by message,
// so what the text front end still lacks reads as a short list; with
// W2S_WAT_SCAN=1 every failure is printed. Files whose syntax belongs to
// features not yet in the front end are listed with their count of
// failing modules; every other file must pass whole. Spec2TextModules
// does the same over the 2.0 suite, where every module must pass.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "WatLexer.h"
#include "WatParser.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cstdlib>
#include <map>

using namespace wasm2so;

namespace {

/// One module of a script: its text (a quote module's strings joined)
/// and what the script expects of it.
struct ModuleCase {
  unsigned Line = 0;
  std::string Text;
  bool Quoted = false;    // `module quote`: lines are the quote's
  bool Malformed = false; // inside assert_malformed
  std::string Expected;   // assert_malformed's text
};

/// The matching `)` of the `(` at token I, or Toks.size() when unbalanced.
size_t closing(const std::vector<Token> &Toks, size_t I) {
  unsigned Depth = 0;
  for (size_t J = I; J < Toks.size(); ++J) {
    if (Toks[J].Kind == TokKind::LParen)
      ++Depth;
    else if (Toks[J].Kind == TokKind::RParen && --Depth == 0)
      return J;
  }
  return Toks.size();
}

bool isKwTok(const Token &T, llvm::StringRef Kw) {
  return T.Kind == TokKind::Keyword && T.Text == Kw;
}

/// The module at token I (`(module ...)`) as a case, or false for a
/// binary module or a `module instance`, which have no text.
bool moduleCase(llvm::StringRef Src, const std::vector<Token> &Toks,
                size_t I, ModuleCase &C) {
  size_t End = closing(Toks, I);
  if (End == Toks.size())
    return false;
  C.Line = Toks[I].Line;
  size_t J = I + 2;
  // `module definition $id? ...` is a script form: the module is the rest.
  size_t Definition = 0;
  if (isKwTok(Toks[J], "definition"))
    Definition = J++;
  if (isKwTok(Toks[J], "instance"))
    return false;
  if (Toks[J].Kind == TokKind::Id)
    ++J;
  if (isKwTok(Toks[J], "binary"))
    return false;
  if (isKwTok(Toks[J], "quote")) {
    C.Quoted = true;
    for (size_t K = J + 1; K < End && Toks[K].Kind == TokKind::String; ++K)
      C.Text += Toks[K].Str + " ";
    return true;
  }
  size_t Begin = Toks[I].Offset, Stop = Toks[End].Offset + 1;
  if (Definition) {
    const Token &D = Toks[Definition];
    C.Text = (Src.slice(Begin, D.Offset) +
              Src.slice(D.Offset + D.Text.size(), Stop))
                 .str();
  } else {
    C.Text = Src.slice(Begin, Stop).str();
  }
  return true;
}

/// Every text module of a script, or a lexical error of the script.
llvm::Expected<std::vector<ModuleCase>> scriptModules(llvm::StringRef Src) {
  llvm::Expected<std::vector<Token>> Lexed = lexWat(Src);
  if (!Lexed)
    return Lexed.takeError();
  const std::vector<Token> &Toks = *Lexed;
  std::vector<ModuleCase> Cases;
  size_t I = 0;
  while (I < Toks.size() && Toks[I].Kind == TokKind::LParen) {
    size_t End = closing(Toks, I);
    if (End == Toks.size())
      break;
    const Token &Cmd = Toks[I + 1];
    ModuleCase C;
    if (isKwTok(Cmd, "module")) {
      if (moduleCase(Src, Toks, I, C))
        Cases.push_back(std::move(C));
    } else if (Cmd.Kind == TokKind::Keyword &&
               Cmd.Text.starts_with("assert_") &&
               Toks[I + 2].Kind == TokKind::LParen &&
               isKwTok(Toks[I + 3], "module")) {
      size_t ModEnd = closing(Toks, I + 2);
      if (moduleCase(Src, Toks, I + 2, C)) {
        C.Malformed = Cmd.Text == "assert_malformed";
        if (ModEnd + 1 < End && Toks[ModEnd + 1].Kind == TokKind::String)
          C.Expected = Toks[ModEnd + 1].Str;
        Cases.push_back(std::move(C));
      }
    }
    I = End + 1;
  }
  return Cases;
}

std::string specDir3() {
  if (const char *Env = std::getenv("W2S_SPEC3_DIR"); Env && *Env)
    return Env;
  const char *Env = std::getenv("W2S_SPEC_DIR");
  std::string Spec = Env && *Env ? Env : W2S_TEST_SPEC_DIR;
  while (!Spec.empty() && Spec.back() == '/')
    Spec.pop_back();
  return Spec + "-3.0";
}

/// A failure's cause: the message as the parser words it (it names the
/// token met, which names the syntax that is missing).
struct Cause {
  unsigned Count = 0;
  std::string Example;
};

/// Parses every text module of every .wast in Dir as the scripts say;
/// each file that fails, with how many modules, and the causes.
void scanSuite(const std::string &Dir, const WatOptions &Options,
               std::map<std::string, unsigned> &Failed,
               std::map<std::string, Cause> &Causes, unsigned &Modules,
               unsigned &Passed, unsigned &Scripts) {
  bool Verbose = std::getenv("W2S_WAT_SCAN") != nullptr;
  std::error_code EC;
  std::vector<std::string> Wasts;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".wast")
      Wasts.push_back(It->path());
  ASSERT_FALSE(EC) << Dir << ": " << EC.message();
  std::sort(Wasts.begin(), Wasts.end());
  Scripts = unsigned(Wasts.size());
  for (const std::string &Path : Wasts) {
    std::string Stem = llvm::sys::path::stem(Path).str();
    auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    ASSERT_TRUE(bool(Buf)) << Path;
    auto Fail = [&](unsigned Line, const std::string &Why,
                    const std::string &CauseText) {
      ++Failed[Stem];
      Cause &C = Causes[CauseText];
      if (!C.Count++)
        C.Example = Stem + ".wast:" + std::to_string(Line);
      if (Verbose)
        llvm::errs() << Stem << ".wast:" << Line << ": " << Why << "\n";
    };
    llvm::Expected<std::vector<ModuleCase>> Cases =
        scriptModules((*Buf)->getBuffer());
    if (!Cases) {
      std::string Msg = llvm::toString(Cases.takeError());
      Fail(0, "script does not lex: " + Msg, "script does not lex: " + Msg);
      continue;
    }
    for (const ModuleCase &C : *Cases) {
      ++Modules;
      llvm::Expected<std::vector<uint8_t>> Bin = parseWat(C.Text, Options);
      std::string Msg, Where;
      if (!Bin)
        llvm::handleAllErrors(Bin.takeError(), [&](const WasmError &E) {
          Msg = E.message();
          // The module's line in the script, for a module written out.
          unsigned L = C.Quoted ? C.Line : C.Line + E.line() - 1;
          Where = " (line " + std::to_string(L) + ")";
        });
      if (!C.Malformed) {
        if (Bin)
          ++Passed;
        else
          Fail(C.Line, "fails: " + Msg + Where, Msg);
      } else if (Bin) {
        Fail(C.Line, "accepted, expected \"" + C.Expected + "\"",
             "malformed accepted: expected " + C.Expected);
      } else if (!llvm::StringRef(Msg).starts_with(C.Expected)) {
        Fail(C.Line, "\"" + Msg + "\", expected \"" + C.Expected + "\"",
             "wrong message: expected " + C.Expected + ", got " + Msg);
      } else {
        ++Passed;
      }
    }
  }
}

void printCauses(const std::map<std::string, Cause> &Causes) {
  std::vector<std::pair<std::string, Cause>> Sorted(Causes.begin(),
                                                    Causes.end());
  std::stable_sort(Sorted.begin(), Sorted.end(), [](auto &A, auto &B) {
    return A.second.Count > B.second.Count;
  });
  for (const auto &[Text, C] : Sorted)
    llvm::errs() << "  " << C.Count << "  " << Text << "  (" << C.Example
                 << ")\n";
}

/// The 2.0 suite: every text module, quote modules of assert_malformed
/// included (which SpecSelfCheck leaves out), as the script says.
TEST(WatParser, Spec2TextModules) {
  const char *Env = std::getenv("W2S_SPEC_DIR");
  std::string Dir = Env && *Env ? Env : W2S_TEST_SPEC_DIR;
  if (!llvm::sys::fs::is_directory(Dir))
    GTEST_SKIP() << "spec suite not found at " << Dir;
  std::map<std::string, unsigned> Failed;
  std::map<std::string, Cause> Causes;
  unsigned Modules = 0, Passed = 0, Scripts = 0;
  WatOptions Wasm2; // the 2.0 suite's features and words
  Wasm2.Feats = Features::wasm2();
  scanSuite(Dir, Wasm2, Failed, Causes, Modules, Passed, Scripts);
  llvm::errs() << Scripts << " scripts, " << Modules << " text modules, "
               << Passed << " as the script says\n";
  printCauses(Causes);
  EXPECT_GT(Modules, 0u);
  EXPECT_EQ(Passed, Modules);
}

/// Files of the 3.0 suite whose modules need syntax the front end does not
/// read yet, with how many modules fail for now and why. A file must fail
/// exactly that many (none when unlisted): a feature that lands lowers its
/// entries, as tools/spec/expected-3.0.txt does for whole commands.
const std::map<std::string, unsigned> &pendingFiles() {
  static const std::map<std::string, unsigned> Files = {
  };
  return Files;
}

TEST(WatParser, Spec3Modules) {
  std::string Dir = specDir3();
  if (!llvm::sys::fs::is_directory(Dir))
    GTEST_SKIP() << "Wasm 3.0 suite not found at " << Dir;
  std::map<std::string, unsigned> Failed;
  std::map<std::string, Cause> Causes;
  unsigned Modules = 0, Passed = 0, Scripts = 0;
  scanSuite(Dir, WatOptions(), Failed, Causes, Modules, Passed, Scripts);
  llvm::errs() << Scripts << " scripts (" << Scripts - Failed.size()
               << " whole), " << Modules << " text modules, " << Passed
               << " as the script says; failures by cause:\n";
  printCauses(Causes);
  EXPECT_GT(Modules, 0u);
  for (const auto &[Stem, N] : Failed) {
    auto It = pendingFiles().find(Stem);
    unsigned Want = It == pendingFiles().end() ? 0 : It->second;
    EXPECT_EQ(N, Want) << Stem << ".wast: modules failing (W2S_WAT_SCAN=1 "
                       << "lists them); lower its entry when a feature lands";
  }
  for (const auto &[Stem, N] : pendingFiles())
    EXPECT_TRUE(Failed.count(Stem))
        << Stem << ".wast passes whole: drop its pending entry";
}

} // namespace
