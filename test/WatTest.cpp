//===- WatTest.cpp - Unit tests of the text front end ---------------------===//
//
// Expected bytes are written out with a comment per byte. SpecSelfCheck
// compares our binary of every module in the spec suite (W2S_SPEC_DIR)
// with wast2json's.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "WatLexer.h"
#include "WatParser.h"
#include "wasm2so/compiler.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>

using namespace wasm2so;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes parseOk(llvm::StringRef Text) {
  llvm::Expected<Bytes> B = parseWat(Text);
  if (!B) {
    ADD_FAILURE() << "parse failed: " << llvm::toString(B.takeError());
    return {};
  }
  return std::move(*B);
}

std::string parseError(llvm::StringRef Text) {
  llvm::Expected<Bytes> B = parseWat(Text);
  if (B)
    return "(parsed)";
  return formatError("t.wat", B.takeError());
}

const Bytes Header = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

Bytes withHeader(std::initializer_list<uint8_t> Rest) {
  Bytes B = Header;
  B.insert(B.end(), Rest);
  return B;
}

TEST(WatLexer, Numbers) {
  uint64_t V;
  bool Out;
  EXPECT_TRUE(parseInt("0xffff_ffff", 32, V, Out));
  EXPECT_FALSE(Out);
  EXPECT_EQ(V, 0xffffffffu);
  EXPECT_TRUE(parseInt("-0x8000_0000", 32, V, Out));
  EXPECT_FALSE(Out);
  EXPECT_EQ(V, 0x80000000u);
  EXPECT_TRUE(parseInt("-0x8000_0001", 32, V, Out));
  EXPECT_TRUE(Out);
  EXPECT_TRUE(parseInt("4294967296", 32, V, Out));
  EXPECT_TRUE(Out);
  EXPECT_FALSE(parseInt("1__0", 32, V, Out));
  EXPECT_FALSE(parseInt("_1", 32, V, Out));
  EXPECT_FALSE(parseInt("0x", 32, V, Out));

  uint32_t F;
  EXPECT_TRUE(parseF32("0x1p-149", F, Out));
  EXPECT_EQ(F, 1u);
  EXPECT_TRUE(parseF32("-nan:0x7f_ffff", F, Out));
  EXPECT_FALSE(Out);
  EXPECT_EQ(F, 0xffffffffu);
  EXPECT_TRUE(parseF32("nan:0x80_0000", F, Out));
  EXPECT_TRUE(Out);
  EXPECT_TRUE(parseF32("1e39", F, Out));
  EXPECT_TRUE(Out);
  EXPECT_TRUE(parseF32("+inf", F, Out));
  EXPECT_FALSE(Out);
  EXPECT_EQ(F, 0x7f800000u);
  EXPECT_TRUE(parseF32("1_000.5e0_1", F, Out));
  EXPECT_EQ(F, 0x461c5400u); // 10005
  EXPECT_FALSE(parseF32(".5", F, Out));
  EXPECT_FALSE(parseF32("1e", F, Out));
  uint64_t D;
  EXPECT_TRUE(parseF64("0x1.fffffffffffff8p1023", D, Out));
  EXPECT_TRUE(Out); // rounds up to infinity
}

TEST(WatLexer, CommentsAndStrings) {
  auto Toks = lexWat("(; a (; nested ;) ;) ;; line\n \"a\\n\\41\\u{e9}\"");
  ASSERT_TRUE(bool(Toks));
  ASSERT_EQ(Toks->size(), 2u);
  EXPECT_EQ((*Toks)[0].Kind, TokKind::String);
  EXPECT_EQ((*Toks)[0].Str, "a\nA\xc3\xa9");
  EXPECT_EQ((*Toks)[0].Line, 2u);
  EXPECT_EQ((*Toks)[0].Col, 2u);
  EXPECT_EQ(parseError("(; open"), "t.wat:1:1: error: unclosed comment");
}

TEST(WatLexer, StringIdentifiers) {
  auto Toks = lexWat("$a $\"a\" $\"\\41\\u{42}\" $!?@#");
  ASSERT_TRUE(bool(Toks));
  ASSERT_EQ(Toks->size(), 5u);
  for (size_t I = 0; I < 4; ++I)
    EXPECT_EQ((*Toks)[I].Kind, TokKind::Id) << I;
  EXPECT_EQ((*Toks)[0].Str, "a");
  EXPECT_EQ((*Toks)[1].Str, "a");
  EXPECT_EQ((*Toks)[1].Text, "$\"a\"");
  EXPECT_EQ((*Toks)[2].Str, "AB");
  EXPECT_EQ((*Toks)[3].Str, "!?@#");
  // A string glued to more is a reserved token.
  Toks = lexWat("$\"a\"0 $\"a\"$b $a\"b\"");
  ASSERT_TRUE(bool(Toks));
  for (size_t I = 0; I < 3; ++I)
    EXPECT_EQ((*Toks)[I].Kind, TokKind::Reserved) << I;
}

TEST(WatLexer, Annotations) {
  // Dropped wherever white space may be, nested and balanced, with any
  // tokens inside.
  auto Toks = lexWat("((@a) module (@b (c \")\" (@d)) x ; ,{[ ) $m)");
  ASSERT_TRUE(bool(Toks));
  ASSERT_EQ(Toks->size(), 5u);
  EXPECT_EQ((*Toks)[1].Text, "module");
  EXPECT_EQ((*Toks)[2].Text, "$m");
  static const struct {
    const char *Text;
    const char *Message;
  } Cases[] = {
      {"(@)", "1:1: error: empty annotation id"},
      {"(@ x)", "1:1: error: empty annotation id"},
      {"(@\"\")", "1:1: error: empty annotation id"},
      {"(@\"\\ef\")", "1:1: error: malformed UTF-8 encoding"},
      {"\n (@x (y)", "2:2: error: unclosed annotation"},
      {"(@x \x01)", "1:5: error: illegal character"},
      {"(@x \xc3\xa9)", "1:5: error: illegal character"},
      {"(@x \xc3)", "1:5: error: malformed UTF-8 encoding"},
  };
  for (const auto &C : Cases) {
    auto T = lexWat(C.Text);
    ASSERT_FALSE(bool(T)) << C.Text;
    EXPECT_EQ(formatError("t.wat", T.takeError()),
              std::string("t.wat:") + C.Message)
        << C.Text;
  }
}

TEST(WatLexer, LexicalErrors) {
  static const struct {
    const char *Text;
    const char *Message;
  } Cases[] = {
      {"(func $)", "1:7: error: empty identifier"},
      {"(func $ \"a\")", "1:7: error: empty identifier"},
      {"(func $\"\")", "1:7: error: empty identifier"},
      {"(func $\"a\nb\")", "1:7: error: empty identifier"},
      {"(func $\"\\ef\")", "1:7: error: malformed UTF-8 encoding"},
      {"(; \xff ;)", "1:4: error: malformed UTF-8 encoding"},
      {";; \xe0\x80\x80", "1:4: error: malformed UTF-8 encoding"},
      {"\"\xed\xa0\x80\"", "1:2: error: malformed UTF-8 encoding"},
  };
  for (const auto &C : Cases) {
    auto T = lexWat(C.Text);
    ASSERT_FALSE(bool(T)) << C.Text;
    EXPECT_EQ(formatError("t.wat", T.takeError()),
              std::string("t.wat:") + C.Message)
        << C.Text;
  }
  // Comments may hold any UTF-8, control characters included; a line
  // comment ends at a carriage return too.
  auto Toks = lexWat("(; \x01 \xc3\xa9 ;) ;; x\ry");
  ASSERT_TRUE(bool(Toks));
  ASSERT_EQ(Toks->size(), 2u);
  EXPECT_EQ((*Toks)[0].Text, "y");
  EXPECT_EQ((*Toks)[0].Line, 2u);
}

TEST(WatParser, StringIdentifiers) {
  // `$"f"` is `$f`, in every index space and for labels; the name section
  // holds the decoded name.
  EXPECT_EQ(parseOk("(module $\"m\" (func $\"f\" (param $\"x\" i32) "
                    "(result i32) (i32.add (local.get $x) (i32.const 1))) "
                    "(export \"f\" (func $f)))"),
            parseOk("(module $m (func $f (param $x i32) (result i32) "
                    "(i32.add (local.get $\"x\") (i32.const 1))) "
                    "(export \"f\" (func $\"f\")))"));
  EXPECT_EQ(parseOk("(func block $\"l 1\" br $\"l 1\" end $\"l\\201\")"),
            parseOk("(func block br 0 end)"));
  Bytes B = parseOk("(func $\"a b\")");
  const Bytes Name = {0x01, 0x06, 0x01, 0x00, 0x03, 'a', ' ', 'b'};
  EXPECT_NE(std::search(B.begin(), B.end(), Name.begin(), Name.end()),
            B.end());
  EXPECT_EQ(parseError("(func $f) (func $\"f\")"),
            "t.wat:1:17: error: duplicate func $\"f\"");
}

TEST(WatParser, LegacyNames) {
  const char *Old = "(module (import \"env\" \"table\" (table 1 anyfunc)) "
                    "(global $g (mut i32) (i32.const 0)) (memory 1) "
                    "(func (param i32) (local i32) "
                    "(set_local 1 (get_local 0)) (drop (tee_local 1 "
                    "(get_local 1))) (set_global $g (get_global $g)) "
                    "(drop (grow_memory (current_memory)))))";
  const char *New = "(module (import \"env\" \"table\" (table 1 funcref)) "
                    "(global $g (mut i32) (i32.const 0)) (memory 1) "
                    "(func (param i32) (local i32) "
                    "(local.set 1 (local.get 0)) (drop (local.tee 1 "
                    "(local.get 1))) (global.set $g (global.get $g)) "
                    "(drop (memory.grow (memory.size)))))";
  llvm::Expected<Bytes> Legacy = watToWasm(Old, "t.wat");
  ASSERT_TRUE(bool(Legacy)) << llvm::toString(Legacy.takeError());
  EXPECT_EQ(*Legacy, parseOk(New));
  // The spec's text format has no such names.
  EXPECT_EQ(parseError(Old), "t.wat:1:40: error: unknown operator anyfunc, "
                             "expected a reference type");
  EXPECT_EQ(parseError("(func (local i32) (drop (get_local 0)))"),
            "t.wat:1:26: error: unknown operator get_local");
}

TEST(WatParser, EmptyModule) {
  EXPECT_EQ(parseOk("(module)"), Header);
  EXPECT_EQ(parseOk(""), Header);
}

TEST(WatParser, FunctionWithNames) {
  Bytes Want = withHeader({
      0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // type: (i32) -> i32
      0x03, 0x02, 0x01, 0x00,                         // func 0: type 0
      0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,        // export "f" func 0
      0x0a, 0x09, 0x01, 0x07, 0x00,                   // code: no locals
      0x20, 0x00,                                     // local.get 0
      0x41, 0x01,                                     // i32.const 1
      0x6a,                                           // i32.add
      0x0b,                                           // end
      0x00, 0x11, 0x04, 'n', 'a', 'm', 'e',           // custom "name"
      0x00, 0x02, 0x01, 'm',                          // module name "m"
      0x01, 0x06, 0x01, 0x00, 0x03, 'i', 'n', 'c',    // func 0 "inc"
  });
  EXPECT_EQ(parseOk("(module $m (func $inc (export \"f\") (param $x i32) "
                    "(result i32) (i32.add (local.get $x) (i32.const 1))))"),
            Want);
  // The same function in plain form.
  EXPECT_EQ(parseOk("(module $m (func $inc (export \"f\") (param $x i32) "
                    "(result i32) local.get 0 i32.const 1 i32.add))"),
            Want);
}

TEST(WatParser, BlocksAndLabels) {
  Bytes B = parseOk("(func (block $a (loop $b (br_if $a (i32.const 0)) "
                    "(br $b))))");
  const Bytes Body = {
      0x02, 0x40,       // block
      0x03, 0x40,       // loop
      0x41, 0x00,       // i32.const 0
      0x0d, 0x01,       // br_if 1 ($a)
      0x0c, 0x00,       // br 0 ($b)
      0x0b, 0x0b, 0x0b, // end end end
  };
  EXPECT_NE(std::search(B.begin(), B.end(), Body.begin(), Body.end()),
            B.end());
}

TEST(WatParser, SelectWithEmptyResult) {
  // wast2json 1.0.32 writes this as the untyped 0x1b (select.wast:324).
  Bytes B = parseOk("(func (select (result) (nop) (nop) (i32.const 1)))");
  const Bytes Body = {0x01, 0x01, 0x41, 0x01, 0x1c, 0x00, 0x0b};
  EXPECT_NE(std::search(B.begin(), B.end(), Body.begin(), Body.end()),
            B.end());
}

TEST(WatParser, Errors) {
  static const struct {
    const char *Text;
    const char *Message;
  } Cases[] = {
      {"(func i32.foo)", "1:7: error: unknown operator i32.foo"},
      {"(func (i32.const 1 2))", "1:20: error: unexpected token 2, expected `)`"},
      {"(func (param i32) (result) (param))",
       "1:29: error: unexpected token param, expected `result` or `)`"},
      {"(import \"m\" \"n\" (foo))",
       "1:18: error: unknown operator foo, expected `func`, `table`, "
       "`memory` or `global`"},
      {"(func (local i64 i23))",
       "1:18: error: unknown operator i23, expected a value type"},
      {"(func (local i64 result))",
       "1:18: error: unexpected token result, expected a value type"},
      {"(func nop then)",
       "1:11: error: unexpected token then, expected an instruction"},
      {"(func (result i32)\n  (i32.const 0x1_0000_0000))",
       "2:14: error: constant out of range"},
      {"(func (br $l))", "1:11: error: unknown label $l"},
      {"(func block $a end $b)", "1:20: error: mismatching label"},
      {"(type $t (func)) (func (type $t) (param i32))",
       "1:34: error: inline function type"},
      {"(func) (import \"m\" \"f\" (func))", "1:8: error: import after function"},
      {"(func $f) (func $f)", "1:17: error: duplicate func $f"},
      {"(func (export \"\\80\"))", "1:15: error: malformed UTF-8 encoding"},
      {"(memory 1) (func (drop (i32.load align=3 (i32.const 0))))",
       "1:34: error: alignment must be a power of two"},
      {"(func (v128.const i32x4 1 2 3) drop)",
       "1:30: error: wrong number of lane literals"},
      {"(start 0) (start 0) (func)", "1:11: error: multiple start sections"},
      {"(func (result i32) i32.const 1",
       "1:31: error: unexpected token end of input, expected `)`"},
  };
  for (const auto &C : Cases)
    EXPECT_EQ(parseError(C.Text), std::string("t.wat:") + C.Message)
        << C.Text;
}

TEST(WatParser, PassiveElemWithRefType) {
  // `(ref func)` after `elem` is the segment's type, not its offset.
  Bytes B = parseOk("(func) (elem (ref func) (ref.func 0))");
  const Bytes Seg = {0x09, 0x08, 0x01,       // elem section, 1 segment
                     0x05, 0x64, 0x70,       // passive, (ref func)
                     0x01, 0xd2, 0x00, 0x0b}; // 1 item: ref.func 0
  EXPECT_NE(std::search(B.begin(), B.end(), Seg.begin(), Seg.end()),
            B.end());
}

TEST(WatParser, BinaryAndQuote) {
  EXPECT_EQ(parseOk("(module binary \"\\00asm\" \"\\01\\00\\00\\00\")"), Header);
  EXPECT_EQ(parseOk("(module quote \"(func)\")"),
            parseOk("(module (func))"));
}

TEST(WatParser, FindModuleText) {
  llvm::StringRef Wast = "(module $a)\n(assert_invalid (module (func)) "
                         "\"x\") (assert_invalid (module \")\") \"y\")\n";
  EXPECT_EQ(findModuleText(Wast, 1).value_or(""), "(module $a)");
  EXPECT_EQ(findModuleText(Wast, 2).value_or(""), "(module (func))");
  EXPECT_EQ(findModuleText(Wast, 2, 1).value_or(""), "(module \")\")");
  EXPECT_FALSE(findModuleText(Wast, 2, 2));
}

/// The spec suite's folder: $W2S_SPEC_DIR, else the build's setting.
std::string specDir() {
  const char *Env = std::getenv("W2S_SPEC_DIR");
  return Env && *Env ? Env : W2S_TEST_SPEC_DIR;
}

/// Every module of the spec suite: our binary is wast2json's, or decodes
/// and validates exactly like it (same error message, or both valid), or,
/// for a module the script expects to be invalid or malformed, fails with
/// the script's message where wast2json's binary fails otherwise.
TEST(WatParser, SpecSelfCheck) {
  std::string SpecDir = specDir();
  if (!llvm::sys::fs::is_directory(SpecDir))
    GTEST_SKIP() << "spec suite not found at " << SpecDir;
  llvm::ErrorOr<std::string> Wast2Json =
      llvm::sys::findProgramByName("wast2json");
  // An optional cross-check: wasmspec reads scripts itself and needs no
  // wabt; where wast2json is installed, our binaries are compared to its.
  if (!Wast2Json)
    GTEST_SKIP() << "wast2json not found (wabt): cross-check not run";
  llvm::SmallString<128> JsonDir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("w2s-wat-spec", JsonDir));
  auto Cleanup = llvm::make_scope_exit(
      [&] { llvm::sys::fs::remove_directories(JsonDir); });

  std::error_code EC;
  unsigned Scripts = 0, Modules = 0, Identical = 0, AsScriptSays = 0,
           Differ = 0, Unparsed = 0;
  std::vector<std::string> Wasts;
  for (llvm::sys::fs::directory_iterator It(SpecDir, EC), End;
       It != End && !EC; It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".wast")
      Wasts.push_back(It->path());
  ASSERT_FALSE(EC) << SpecDir << ": " << EC.message();
  std::sort(Wasts.begin(), Wasts.end());
  for (const std::string &WastPath : Wasts) {
    std::string Stem = llvm::sys::path::stem(WastPath).str();
    llvm::SmallString<256> JsonPath(JsonDir);
    llvm::sys::path::append(JsonPath, Stem + ".json");
    // wast2json 1.0.32 converts every file of the suite's top folder with
    // its default flags (the proposals are in subfolders).
    llvm::StringRef Args[] = {*Wast2Json, WastPath, "-o", JsonPath};
    std::optional<llvm::StringRef> Quiet[] = {std::nullopt, llvm::StringRef(),
                                              llvm::StringRef()};
    ASSERT_EQ(llvm::sys::ExecuteAndWait(*Wast2Json, Args, std::nullopt, Quiet),
              0)
        << "wast2json " << WastPath;
    ++Scripts;
    auto Json = llvm::MemoryBuffer::getFile(JsonPath);
    auto Wast = llvm::MemoryBuffer::getFile(WastPath);
    ASSERT_TRUE(Json && Wast) << Stem;
    llvm::Expected<llvm::json::Value> Root =
        llvm::json::parse((*Json)->getBuffer());
    ASSERT_TRUE(bool(Root)) << Stem;
    std::map<int64_t, unsigned> OnLine;
    for (const llvm::json::Value &V :
         *Root->getAsObject()->getArray("commands")) {
      const llvm::json::Object *C = V.getAsObject();
      auto File = C->getString("filename");
      if (!File)
        continue;
      int64_t Line = C->getInteger("line").value_or(0);
      unsigned Nth = OnLine[Line]++;
      if (C->getString("module_type").value_or("binary") != "binary")
        continue;
      llvm::SmallString<256> Bin(JsonDir);
      llvm::sys::path::append(Bin, *File);
      auto Theirs = llvm::MemoryBuffer::getFile(Bin);
      auto Text = findModuleText((*Wast)->getBuffer(), unsigned(Line), Nth);
      if (!Theirs || !Text)
        continue;
      ++Modules;
      // The suite ($W2S_SPEC_DIR) is Wasm 2.0's.
      WatOptions Wasm2;
      Wasm2.Feats = Features::wasm2();
      llvm::Expected<Bytes> Ours = parseWat(*Text, Wasm2);
      if (!Ours) {
        ++Unparsed;
        ADD_FAILURE() << Stem << ".wast:" << Line << ": ours fails: "
                      << llvm::toString(Ours.takeError());
        continue;
      }
      llvm::StringRef T = (*Theirs)->getBuffer();
      Bytes TheirBytes(T.begin(), T.end());
      if (*Ours == TheirBytes) {
        ++Identical;
        continue;
      }
      // The messages, without offsets: sections may be laid out apart.
      auto Check = [&](const Bytes &B) {
        std::string Msg = "ok";
        llvm::handleAllErrors(checkModule(B, "m.wasm", Features::wasm2()),
                              [&](const llvm::ErrorInfoBase &E) {
                                Msg = E.message();
                              });
        return Msg;
      };
      std::string A = Check(*Ours), B = Check(TheirBytes);
      if (A == B)
        continue;
      llvm::StringRef Type = C->getString("type").value_or("");
      llvm::StringRef Expected = C->getString("text").value_or("");
      if ((Type == "assert_invalid" || Type == "assert_malformed") &&
          !Expected.empty() && llvm::StringRef(A).contains(Expected)) {
        ++AsScriptSays;
        continue;
      }
      ++Differ;
      ADD_FAILURE() << Stem << ".wast:" << Line << " (" << Type.str()
                    << "): ours " << A << ", wast2json " << B;
    }
  }
  llvm::errs() << Scripts << " scripts, " << Modules << " modules: "
               << Identical << " byte-identical, " << AsScriptSays
               << " fail as the script says where wast2json's do not, "
               << Differ << " check differently, " << Unparsed
               << " not parsed by us\n";
  EXPECT_GT(Modules, 0u);
  EXPECT_EQ(Differ, 0u);
  EXPECT_EQ(Unparsed, 0u);
}

} // namespace
