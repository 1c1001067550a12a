//===- spec/Wast.h - The .wast script format, read into commands ----------===//
//
// wasmspec's own reader of spec test scripts (the 3.0 script syntax, which
// includes every 2.0 form): each top-level s-expression becomes one
// Command, tokenized with the text format's lexer (compiler/WatLexer.h).
// Modules stay as text or bytes until their command runs: parsing a module's
// text is part of running it (assert_malformed checks exactly that), and goes
// through compiler/WatParser.h like any .wat file.
//
// The script is first split into its top-level s-expressions (comments
// and strings skipped), then each is tokenized and read on its own: a
// command the reader cannot make sense of, or with a token the lexer
// rejects, becomes an Unreadable command with a LINE:COL message, so that
// one odd command costs that command and not the whole file. Only where
// the parentheses do not balance, or a block comment is never closed, does
// the script stop being readable (Script::Error): the commands before
// that point are still read.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_TOOLS_SPEC_WAST_H
#define WASM2SO_TOOLS_SPEC_WAST_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wasm2so::spec {

struct SrcPos {
  uint32_t Line = 0, Col = 0;
};

/// `LINE:COL`.
std::string formatPos(SrcPos P);

/// A module as the script gives it.
struct ScriptModule {
  enum Form : uint8_t {
    Text,   // `(module $id? field*)`: Source is that text, see below
    Binary, // `(module $id? binary "..."*)`: Source holds the bytes
    Quote,  // `(module $id? quote "..."*)`: Source is the concatenated text
  };
  Form F = Text;
  SrcPos At;
  std::string Id;          // `$id` without the `$`; "" when unnamed
  bool Definition = false; // `(module definition ...)`: not instantiated
  /// Text: the module's own characters, preceded by as many spaces as its
  /// `(` stands from the start of its line, with the script-level words
  /// (`definition`, annotations before the fields) blanked: parseWat's
  /// LINE:COL are then the script's, less LineBase lines.
  std::string Source;
  uint32_t LineBase = 0;
};

/// A constant (argument) or a pattern (expected result). Arguments use the
/// Num, Vec, RefNull, RefExtern and RefHost kinds, without NaN patterns.
struct Value {
  enum Kind : uint8_t {
    Num,       // i32/i64/f32/f64 .const: NumType, Bits or a NaN pattern
    Vec,       // v128.const: LaneBits, LaneFloat, Lanes
    RefNull,   // ref.null HeapType ("" in results: any null reference)
    RefExtern, // ref.extern N; `(ref.extern)` in results: any non-null one
    RefHost,   // ref.host N
    RefFunc,   // results: `(ref.func)`, any non-null function reference
    RefKind,   // results: ref.struct/array/i31/eq/any/exn...: Name
    Either,    // results: `(either ...)`, any of Alts
  };
  enum Nan : uint8_t { NotNan, Canonical, Arithmetic };
  struct Lane {
    uint64_t Bits = 0;
    Nan Pattern = NotNan;
  };

  Kind K = Num;
  SrcPos At;
  std::string NumType; // "i32", "i64", "f32", "f64"
  uint64_t Bits = 0;   // Num; N of RefExtern and RefHost
  Nan Pattern = NotNan;
  bool HasN = false; // RefExtern
  unsigned LaneBits = 32;
  bool LaneFloat = false;
  std::vector<Lane> Lanes;
  std::string Name; // RefNull: heap type; RefKind: `ref.struct` etc.
  std::vector<Value> Alts;
};

struct Action {
  enum Kind : uint8_t { Invoke, Get };
  Kind K = Invoke;
  SrcPos At;
  std::string ModuleId; // "" for the current module
  std::string Field;
  std::vector<Value> Args;
};

struct Command {
  enum Kind : uint8_t {
    Module,               // Mod
    Instance,             // `(module instance $inst? $def)`: Id, DefId
    Register,             // Text: the name; Id: the module, "" for the current
    DoAction,             // Act (a bare invoke or get)
    AssertReturn,         // Act, Results
    AssertTrap,           // Act, Text
    AssertExhaustion,     // Act, Text
    AssertException,      // Act
    AssertInvalid,        // Mod, Text
    AssertMalformed,      // Mod, Text
    AssertUnlinkable,     // Mod, Text
    AssertModuleTrap,     // Mod, Text: `(assert_trap (module ...) "...")`
    AssertUninstantiable, // Mod, Text (a 2.0 form)
    Unreadable,           // Text: why, with LINE:COL; Head: its first word
  };
  Kind K = Unreadable;
  SrcPos At;
  std::string Head; // the command's first word, for reports
  ScriptModule Mod;
  Action Act;
  std::vector<Value> Results;
  std::string Text;
  std::string Id, DefId;

  /// Counted commands are the actions and assertions (and any command the
  /// reader could not read); module, instance and register commands are
  /// not, though a module that fails costs the commands that need it.
  bool counted() const;
  /// The name used in reports: "assert_return", "action", "module"...
  std::string name() const;
};

struct Script {
  std::vector<Command> Commands;
  /// "LINE:COL: message" when the script cannot be read to its end: its
  /// parentheses do not balance or a block comment is never closed.
  /// Commands then holds the commands before that point.
  std::string Error;
};

/// Reads a whole script.
Script readScript(llvm::StringRef Text);

} // namespace wasm2so::spec

#endif
