//===- WatParser.h - The WebAssembly text format, parsed to binary -*- C++ -*-//
//
// wasm2so's own text front end: parseWat reads a module in the text format
// (`(module ...)`, bare module fields, `(module binary ...)` and `(module
// quote ...)`; Wasm 3.0's lexical rules, string identifiers `$"..."` and
// annotations included) and writes the binary module, with a name section
// for the module and function names. Syntax errors name the token met and
// what was expected, after the reference interpreter's words. It checks
// what the text format itself requires (syntax, names, constant ranges,
// the inline type rule); everything else is left to the decoder and the
// validator.
//
// WatParser is the implementation: a first pass over the module fields
// binds the names of every index space, a second writes the sections.
// Module fields are in WatParser.cpp, instructions in WatInstr.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_WATPARSER_H
#define WASM2SO_COMPILER_WATPARSER_H

#include "Module.h"
#include "WasmWriter.h"
#include "WatLexer.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace wasm2so {

/// How strictly the text is read.
struct WatOptions {
  /// Also read the names the text format had before the standard, still
  /// found in tutorials: `anyfunc` (funcref), `get_local`, `set_local`,
  /// `tee_local`, `get_global`, `set_global`, `current_memory` and
  /// `grow_memory`. Off, they are unknown operators, as the spec says
  /// (obsolete-keywords.wast).
  bool LegacyNames = false;
  /// The language features the text may use (see Features).
  Features Feats;
};

/// Text to binary. Errors are Malformed WasmErrors with `LINE:COL: ` first.
/// Feats: with Memory64 off, memory offsets above 2^32-1 are malformed
/// ("i32 constant out of range"), as in Wasm 2.0.
llvm::Expected<std::vector<uint8_t>> parseWat(llvm::StringRef Text,
                                              const WatOptions &Options = {});

/// The text of the balanced s-expression `(module ...)` that starts at or
/// after line Line (1-based) of a .wast script, skipping Skip of them
/// first (several commands on one line), or nothing.
std::optional<llvm::StringRef> findModuleText(llvm::StringRef Wast,
                                              unsigned Line,
                                              unsigned Skip = 0);

/// Names bound in one index space.
struct NameSpace {
  llvm::StringMap<uint32_t> Names;
  uint32_t Count = 0;
};

class WatParser {
public:
  explicit WatParser(std::vector<Token> Toks, const WatOptions &Options = {})
      : Toks(std::move(Toks)), Feats(Options.Feats), Options(Options) {}
  llvm::Expected<std::vector<uint8_t>> parseModule();

private:
  // --- tokens (WatParser.cpp)
  const Token &tok(size_t Ahead = 0) const {
    size_t I = Pos + Ahead;
    return I < Toks.size() ? Toks[I] : Toks.back();
  }
  bool isKw(llvm::StringRef Kw, size_t Ahead = 0) const {
    return tok(Ahead).Kind == TokKind::Keyword && tok(Ahead).Text == Kw;
  }
  /// `(` followed by the keyword Kw.
  bool isField(llvm::StringRef Kw) const {
    return tok().Kind == TokKind::LParen && isKw(Kw, 1);
  }
  TextPos pos(const Token &T) const { return {T.Offset, T.Line, T.Col}; }
  llvm::Error errAt(const Token &T, const llvm::Twine &Msg) const {
    return watError(pos(T), Msg);
  }
  /// The error for a token that does not fit, in the reference
  /// interpreter's words: a word that is no token of the grammar at all is
  /// an "unknown operator", any other token an "unexpected token". The
  /// message names the token and, when given, what the grammar wanted
  /// there: "unexpected token i32, expected `)`".
  llvm::Error unexpectedAt(const Token &T, const llvm::Twine &What = "") const;
  llvm::Error unexpected(const llvm::Twine &What = "") const {
    return unexpectedAt(tok(), What);
  }
  /// A token as an error message shows it.
  static std::string shown(const Token &T);
  /// "Words TOKEN" at T, for errors that name the token they met.
  llvm::Error errNaming(const Token &T, llvm::StringRef Words) const {
    return errAt(T, Words + " " + shown(T));
  }
  /// A Number token that is not a number of the kind wanted (`0x`, `1x`).
  llvm::Error badNumber(const llvm::Twine &What = "") const;
  /// Whether a keyword belongs to the text format: an instruction's name,
  /// a type or another word of the grammar (Wasm 3.0's, all proposals
  /// included), or a number written with letters (`inf`, `nan:0x1`).
  bool isKnownKeyword(llvm::StringRef W) const;
  llvm::Error expectLParen();
  llvm::Error expectRParen();
  llvm::Error expectKw(llvm::StringRef Kw);
  /// Skips to the token after the `)` matching the `(` at Pos.
  void skipSExpr();
  llvm::Error readString(std::string &S);
  llvm::Error readName(std::string &S); // a string that must be UTF-8
  llvm::Error readU32(uint32_t &V, const char *What = "a number");
  llvm::Error readOptId(std::string &Id) {
    Id.clear();
    if (tok().Kind == TokKind::Id)
      Id = tok().Str, ++Pos;
    return llvm::Error::success();
  }
  llvm::Error readValType(ValType &T);
  /// funcref, (ref null? ht), ...
  llvm::Error readRefType(ValType &T);
  /// A heap type, returned as (ref null ht).
  llvm::Error readHeapType(ValType &T);
  /// How many tokens the reference type at Pos takes, 0 if there is none.
  size_t refTypeTokens() const;
  /// The heap type of a shorthand at Pos (`funcref`, and `anyfunc` with
  /// LegacyNames), or nothing.
  std::optional<AbsHeap> refShorthandAt() const;
  /// Limits, after an optional address type (`i32`, `i64`).
  llvm::Error readLimits(Limits &L);
  /// An optional address type keyword: sets L.Is64.
  void readAddrType(Limits &L);
  /// An optional memory index (a number or an id) before a memarg or as
  /// the immediate of memory.size/grow/fill; 0 when absent.
  llvm::Error readOptMemIndex(uint32_t &Index);
  llvm::Error readIndex(const NameSpace &NS, const char *What, uint32_t &V);
  /// A field of struct type TypeIdx, by name or number, written to Out.
  llvm::Error readFieldIndex(uint32_t TypeIdx, WasmWriter &Out);
  bool atIndex() const {
    return tok().Kind == TokKind::Id || tok().Kind == TokKind::Number;
  }

  // --- module fields (WatParser.cpp)
  llvm::Error bindNames(size_t Begin);
  llvm::Error bindName(NameSpace &NS, const char *What, const Token &At);
  llvm::Error readTypeDef(FuncType &FT, SubType &ST);
  llvm::Error readCompType(FuncType &FT, SubType &ST);
  llvm::Error readTypeField(uint32_t RecStart);
  llvm::Error readStorageType(FieldType &F);
  llvm::Error readFieldType(FieldType &F);
  llvm::Error readParamsResults(FuncType &FT, std::vector<std::string> *Names,
                                bool AllowNames);
  /// typeuse: `(type x)? (param ...)* (result ...)*`; the type index.
  llvm::Error readTypeUse(uint32_t &TypeIdx,
                          std::vector<std::string> *ParamNames,
                          FuncType *Inline = nullptr);
  uint32_t internType(const FuncType &FT);
  /// What a func, table, memory, global or tag field starts with:
  /// `(KIND $id? (export "name")* (import "module" "name")?`.
  struct FieldHead {
    uint32_t Index = 0; ///< the field's index in its space
    bool Imported = false;
    std::string Mod, Name; ///< of the inline import
  };
  /// Reads a field's head, numbers it (Next++) and writes its inline
  /// exports; Pos is left at what follows the head.
  llvm::Error readFieldHead(ExternKind K, uint32_t &Next, FieldHead &H);
  void writeImportHead(llvm::StringRef Mod, llvm::StringRef Name,
                       ExternKind K);
  llvm::Error parseField();
  llvm::Error parseFunc();
  llvm::Error parseTable();
  llvm::Error parseMemory();
  llvm::Error parseGlobal();
  llvm::Error parseTag();
  llvm::Error parseImport();
  llvm::Error parseExport();
  llvm::Error parseStart();
  llvm::Error parseElem();
  llvm::Error parseData();
  llvm::Error readElemList(ValType &Type, WasmWriter &Items, uint32_t &Count,
                           bool AllowBareFuncs);
  /// An offset: `(offset instr*)` or one folded instruction.
  llvm::Error readOffset(WasmWriter &Out);
  /// A constant expression's instructions up to `)`, then `end`.
  llvm::Error readExpr(WasmWriter &Out);
  std::vector<uint8_t> finish();

  // --- instructions (WatInstr.cpp)
  llvm::Error readInstrs(WasmWriter &Out);
  llvm::Error readPlainInstr(WasmWriter &Out);
  llvm::Error readFoldedInstr(WasmWriter &Out);
  llvm::Error readBlockHead(WasmWriter &Out, std::string &Label);
  /// try_table's catch clauses, resolved outside the try_table's label.
  llvm::Error readCatches(WasmWriter &Out);
  llvm::Error readEndLabel(const std::string &Label);
  llvm::Error readImmediates(const Token &OpTok, unsigned Op, WasmWriter &Out);
  llvm::Error readMemArg(unsigned NaturalLog2, WasmWriter &Out,
                         bool LaneFollows = false);
  llvm::Error readLabel(uint32_t &Depth);
  llvm::Error readV128(WasmWriter &Out);
  void writeOpcode(unsigned Op, WasmWriter &Out);

  std::vector<Token> Toks;
  Features Feats;
  size_t Pos = 0;
  WatOptions Options;

  // Index spaces, bound by the first pass.
  NameSpace TypeNS, FuncNS, TableNS, MemNS, GlobalNS, ElemNS, DataNS, TagNS;
  /// The field names of each struct type, by type index (GC), and those of
  /// the definition being read.
  std::vector<llvm::StringMap<uint32_t>> FieldNames;
  llvm::StringMap<uint32_t> PendingFieldNames;
  std::vector<FuncType> Types;
  std::vector<SubType> SubTypes; // beside Types
  /// The `rec` groups written, as (first type, size); other types are
  /// groups of one.
  std::vector<std::pair<uint32_t, uint32_t>> RecGroups;
  size_t ExplicitTypes = 0;
  std::vector<std::string> FuncNames; // by index; "" when unnamed
  std::string ModuleName;
  bool HasModuleName = false;

  // Sections, filled by the second pass.
  WasmWriter ImportSec, FuncSec, TableSec, MemSec, GlobalSec, ExportSec,
      ElemSec, CodeSec, DataSec, TagSec;
  uint32_t NumImports = 0, NumFuncs = 0, NumTables = 0, NumMems = 0,
           NumGlobals = 0, NumExports = 0, NumElems = 0, NumDatas = 0,
           NumTags = 0;
  std::optional<uint32_t> Start;
  bool UsesDataCount = false;
  // Counters of the second pass, giving each definition its index.
  uint32_t NextFunc = 0, NextTable = 0, NextMem = 0, NextGlobal = 0,
           NextTag = 0;

  // The function being parsed.
  NameSpace LocalNS;
  std::vector<std::string> Labels; // innermost last; "" when unnamed
};

} // namespace wasm2so

#endif
