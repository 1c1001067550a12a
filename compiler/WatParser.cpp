//===- WatParser.cpp - Module fields of the WebAssembly text format -------===//

#include "WatParser.h"
#include "Error.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ConvertUTF.h"

using namespace llvm;

namespace wasm2so {

namespace {

enum SectionId : uint8_t {
  CustomSec = 0,
  TypeSecId = 1,
  ImportSecId = 2,
  FuncSecId = 3,
  TableSecId = 4,
  MemSecId = 5,
  GlobalSecId = 6,
  ExportSecId = 7,
  StartSecId = 8,
  ElemSecId = 9,
  CodeSecId = 10,
  DataSecId = 11,
  DataCountSecId = 12,
  TagSecId = 13,
};

std::optional<ExternKind> externKind(const Token &T) {
  if (T.Kind != TokKind::Keyword)
    return std::nullopt;
  if (T.Text == "func")
    return ExternKind::Func;
  if (T.Text == "table")
    return ExternKind::Table;
  if (T.Text == "memory")
    return ExternKind::Memory;
  if (T.Text == "global")
    return ExternKind::Global;
  if (T.Text == "tag")
    return ExternKind::Tag;
  return std::nullopt;
}

bool isUtf8(StringRef S) {
  const UTF8 *P = reinterpret_cast<const UTF8 *>(S.begin());
  return isLegalUTF8String(&P, reinterpret_cast<const UTF8 *>(S.end()));
}

} // namespace

//===----------------------------------------------------------------------===//
// Tokens
//===----------------------------------------------------------------------===//

std::string WatParser::shown(const Token &T) {
  if (T.Kind == TokKind::Eof)
    return "end of input";
  StringRef Text = T.Text;
  if (Text.size() > 40)
    return (Text.take_front(37) + "...").str();
  return Text.str();
}

Error WatParser::unexpectedAt(const Token &T, const Twine &What) const {
  bool Unknown = T.Kind == TokKind::Reserved ||
                 (T.Kind == TokKind::Keyword && !isKnownKeyword(T.Text));
  std::string Msg = (Unknown ? "unknown operator " : "unexpected token ") +
                    shown(T);
  if (!What.isTriviallyEmpty())
    Msg += (", expected " + What).str();
  return errAt(T, Msg);
}

Error WatParser::badNumber(const Twine &What) const {
  if (tok().Kind == TokKind::Number) {
    std::string Msg = "unknown operator " + shown(tok());
    if (!What.isTriviallyEmpty())
      Msg += (", expected " + What).str();
    return errAt(tok(), Msg);
  }
  return unexpected(What);
}

Error WatParser::expectLParen() {
  if (tok().Kind != TokKind::LParen)
    return unexpected("`(`");
  ++Pos;
  return Error::success();
}

Error WatParser::expectRParen() {
  if (tok().Kind != TokKind::RParen)
    return unexpected("`)`");
  ++Pos;
  return Error::success();
}

Error WatParser::expectKw(StringRef Kw) {
  if (!isKw(Kw))
    return unexpected("`" + Kw + "`");
  ++Pos;
  return Error::success();
}

void WatParser::skipSExpr() {
  unsigned Depth = 0;
  do {
    if (tok().Kind == TokKind::Eof)
      return;
    if (tok().Kind == TokKind::LParen)
      ++Depth;
    else if (tok().Kind == TokKind::RParen)
      --Depth;
    ++Pos;
  } while (Depth);
}

Error WatParser::readString(std::string &S) {
  if (tok().Kind != TokKind::String)
    return unexpected("a string");
  S = tok().Str;
  ++Pos;
  return Error::success();
}

Error WatParser::readName(std::string &S) {
  const Token &T = tok();
  if (Error E = readString(S))
    return E;
  if (!isUtf8(S))
    return errAt(T, "malformed UTF-8 encoding");
  return Error::success();
}

Error WatParser::readU32(uint32_t &V, const char *What) {
  const Token &T = tok();
  uint64_t X;
  bool Overflow;
  if (T.Kind != TokKind::Number || !parseUnsigned(T.Text, X, Overflow))
    return badNumber(What);
  if (Overflow || X > UINT32_MAX)
    return errAt(T, "i32 constant out of range");
  V = uint32_t(X);
  ++Pos;
  return Error::success();
}

namespace {
/// The abstract heap types by their text names.
std::optional<AbsHeap> absHeapNamed(StringRef Name) {
  return StringSwitch<std::optional<AbsHeap>>(Name)
      .Case("func", AbsHeap::Func)
      .Case("extern", AbsHeap::Extern)
      .Case("any", AbsHeap::Any)
      .Case("eq", AbsHeap::Eq)
      .Case("i31", AbsHeap::I31)
      .Case("struct", AbsHeap::Struct)
      .Case("array", AbsHeap::Array)
      .Case("none", AbsHeap::None)
      .Case("nofunc", AbsHeap::NoFunc)
      .Case("noextern", AbsHeap::NoExtern)
      .Case("exn", AbsHeap::Exn)
      .Case("noexn", AbsHeap::NoExn)
      .Default(std::nullopt);
}

/// The shorthands of nullable abstract reference types: funcref, ...
std::optional<AbsHeap> refShorthand(StringRef Name) {
  return StringSwitch<std::optional<AbsHeap>>(Name)
      .Case("funcref", AbsHeap::Func)
      .Case("externref", AbsHeap::Extern)
      .Case("anyref", AbsHeap::Any)
      .Case("eqref", AbsHeap::Eq)
      .Case("i31ref", AbsHeap::I31)
      .Case("structref", AbsHeap::Struct)
      .Case("arrayref", AbsHeap::Array)
      .Case("nullref", AbsHeap::None)
      .Case("nullfuncref", AbsHeap::NoFunc)
      .Case("nullexternref", AbsHeap::NoExtern)
      .Case("exnref", AbsHeap::Exn)
      .Case("nullexnref", AbsHeap::NoExn)
      .Default(std::nullopt);
}
} // namespace

Error WatParser::readValType(ValType &T) {
  static const struct {
    const char *Name;
    ValType Type;
  } Names[] = {{"i32", ValType::I32},
               {"i64", ValType::I64},
               {"f32", ValType::F32},
               {"f64", ValType::F64},
               {"v128", ValType::V128}};
  for (const auto &N : Names)
    if (isKw(N.Name)) {
      T = N.Type;
      ++Pos;
      return Error::success();
    }
  if (!refTypeTokens())
    return unexpected("a value type");
  return readRefType(T);
}

std::optional<AbsHeap> WatParser::refShorthandAt() const {
  if (tok().Kind != TokKind::Keyword)
    return std::nullopt;
  if (Options.LegacyNames && tok().Text == "anyfunc")
    return AbsHeap::Func;
  return refShorthand(tok().Text);
}

size_t WatParser::refTypeTokens() const {
  if (refShorthandAt())
    return 1;
  if (tok().Kind != TokKind::LParen || !isKw("ref", 1))
    return 0;
  return isKw("null", 2) ? 5 : 4;
}

Error WatParser::readRefType(ValType &T) {
  if (std::optional<AbsHeap> A = refShorthandAt()) {
    T = ValType::ref(HeapType(*A), true);
    ++Pos;
    return Error::success();
  }
  if (tok().Kind != TokKind::LParen || !isKw("ref", 1))
    return unexpected("a reference type");
  Pos += 2;
  bool Nullable = isKw("null");
  if (Nullable)
    ++Pos;
  if (Error E = readHeapType(T))
    return E;
  T = ValType::ref(T.heap(), Nullable);
  return expectRParen();
}

Error WatParser::readHeapType(ValType &T) {
  if (tok().Kind == TokKind::Keyword) {
    std::optional<AbsHeap> A = absHeapNamed(tok().Text);
    if (!A)
      return unexpected("a heap type");
    T = ValType::ref(HeapType(*A), true);
    ++Pos;
    return Error::success();
  }
  uint32_t X;
  if (Error E = readIndex(TypeNS, "type", X))
    return E;
  T = ValType::ref(HeapType::index(X), true);
  return Error::success();
}

void WatParser::readAddrType(Limits &L) {
  L.Is64 = false;
  if (isKw("i64") || isKw("i32")) {
    L.Is64 = isKw("i64");
    ++Pos;
  }
}

Error WatParser::readLimits(Limits &L) {
  readAddrType(L);
  uint64_t X;
  bool Overflow;
  auto ReadOne = [&](uint64_t &V) -> Error {
    const Token &N = tok();
    if (N.Kind != TokKind::Number || !parseUnsigned(N.Text, X, Overflow))
      return badNumber("a number");
    // Wasm 3.0 reads limits as u64 for both address types; the validator
    // limits an i32 memory or table.
    bool Wide = L.Is64 || Feats.Memory64;
    if (Wide && Overflow)
      return errAt(N, "i64 constant out of range");
    if (!Wide && (Overflow || X > UINT32_MAX))
      return errAt(N, "i32 constant out of range");
    V = X;
    ++Pos;
    return Error::success();
  };
  if (Error E = ReadOne(L.Min))
    return E;
  L.Max.reset();
  if (tok().Kind == TokKind::Number) {
    uint64_t Max = 0;
    if (Error E = ReadOne(Max))
      return E;
    L.Max = Max;
  }
  return Error::success();
}

Error WatParser::readIndex(const NameSpace &NS, const char *What,
                           uint32_t &V) {
  const Token &T = tok();
  if (T.Kind == TokKind::Id) {
    auto It = NS.Names.find(T.Str);
    if (It == NS.Names.end())
      return errAt(T, Twine("unknown ") + What + " " + T.Text);
    V = It->second;
    ++Pos;
    return Error::success();
  }
  return readU32(V, "an index");
}

//===----------------------------------------------------------------------===//
// First pass: names
//===----------------------------------------------------------------------===//

Error WatParser::bindName(NameSpace &NS, const char *What, const Token &At) {
  uint32_t Index = NS.Count++;
  if (At.Kind != TokKind::Id)
    return Error::success();
  if (!NS.Names.try_emplace(At.Str, Index).second)
    return errAt(At, Twine("duplicate ") + What + " " + At.Text);
  return Error::success();
}

Error WatParser::readParamsResults(FuncType &FT,
                                   std::vector<std::string> *Names,
                                   bool AllowNames) {
  while (isField("param")) {
    Pos += 2;
    if (tok().Kind == TokKind::Id) {
      if (!AllowNames)
        return unexpected("a value type");
      const Token &Id = tok();
      ++Pos;
      ValType T;
      if (Error E = readValType(T))
        return E;
      FT.Params.push_back(T);
      if (Names)
        Names->push_back(Id.Str);
    } else {
      while (tok().Kind != TokKind::RParen) {
        ValType T;
        if (Error E = readValType(T))
          return E;
        FT.Params.push_back(T);
        if (Names)
          Names->push_back("");
      }
    }
    if (Error E = expectRParen())
      return E;
  }
  while (isField("result")) {
    Pos += 2;
    while (tok().Kind != TokKind::RParen) {
      ValType T;
      if (Error E = readValType(T))
        return E;
      FT.Results.push_back(T);
    }
    ++Pos;
  }
  if (isField("param") || isField("type")) // the order is fixed
    return unexpectedAt(tok(1), isField("param") ? "`result` or `)`"
                                                 : "`param`, `result` or `)`");
  return Error::success();
}

/// A storage type: a value type, i8 or i16 (packed).
Error WatParser::readStorageType(FieldType &F) {
  if (isKw("i8") || isKw("i16")) {
    F.Packed = isKw("i8") ? 0x78 : 0x77;
    F.Type = ValType::I32;
    ++Pos;
    return Error::success();
  }
  return readValType(F.Type);
}

/// A field type: a storage type or `(mut storagetype)`.
Error WatParser::readFieldType(FieldType &F) {
  if (!isField("mut"))
    return readStorageType(F);
  Pos += 2;
  F.Mutable = true;
  if (Error E = readStorageType(F))
    return E;
  return expectRParen();
}

/// The definition of a type after `(type $id?`: `(sub final? x* comptype)`
/// or a comptype, `(func ...)`, `(struct (field ...)*)` or `(array ft)`.
Error WatParser::readTypeDef(FuncType &FT, SubType &ST) {
  if (isField("sub")) {
    Pos += 2;
    ST.Final = isKw("final");
    if (ST.Final)
      ++Pos;
    while (atIndex()) {
      uint32_t X;
      if (Error E = readIndex(TypeNS, "type", X))
        return E;
      ST.Supers.push_back(X);
    }
    if (Error E = readCompType(FT, ST))
      return E;
    return expectRParen();
  }
  return readCompType(FT, ST);
}

/// A composite type: `(func ...)`, `(struct (field ...)*)` or `(array ft)`.
Error WatParser::readCompType(FuncType &FT, SubType &ST) {
  if (Error E = expectLParen())
    return E;
  if (isKw("struct") || isKw("array")) {
    bool Struct = isKw("struct");
    ST.Form = Struct ? TypeForm::Struct : TypeForm::Array;
    ++Pos;
    if (!Struct) {
      FieldType F;
      if (Error E = readFieldType(F))
        return E;
      ST.Fields.push_back(F);
      return expectRParen();
    }
    // Field names: struct.get and struct.set read them (readFieldIndex).
    PendingFieldNames.clear();
    while (isField("field")) {
      Pos += 2;
      if (tok().Kind == TokKind::Id) {
        if (!PendingFieldNames.try_emplace(tok().Str, ST.Fields.size()).second)
          return errAt(tok(), "duplicate field " + tok().Text);
        ++Pos;
        FieldType F;
        if (Error E = readFieldType(F))
          return E;
        ST.Fields.push_back(F);
      } else {
        while (tok().Kind != TokKind::RParen) {
          FieldType F;
          if (Error E = readFieldType(F))
            return E;
          ST.Fields.push_back(F);
        }
      }
      if (Error E = expectRParen())
        return E;
    }
    return expectRParen();
  }
  if (Error E = expectKw("func"))
    return E;
  std::string Ignored;
  if (Error E = readOptId(Ignored))
    return E;
  if (Error E = readParamsResults(FT, nullptr, /*AllowNames=*/true))
    return E;
  return expectRParen();
}

/// `(type $id? def)` at Pos, appended to the types as a member of the rec
/// group that starts at RecStart.
Error WatParser::readTypeField(uint32_t RecStart) {
  Pos += 2;
  if (tok().Kind == TokKind::Id)
    ++Pos;
  FuncType FT;
  SubType ST;
  ST.RecStart = RecStart;
  if (Error E = readTypeDef(FT, ST))
    return E;
  if (Error E = expectRParen())
    return E;
  Types.push_back(std::move(FT));
  SubTypes.push_back(std::move(ST));
  FieldNames.resize(Types.size());
  if (SubTypes.back().Form == TypeForm::Struct)
    FieldNames.back() = std::move(PendingFieldNames);
  PendingFieldNames.clear();
  return Error::success();
}

Error WatParser::readFieldIndex(uint32_t TypeIdx, WasmWriter &Out) {
  const Token &T = tok();
  uint32_t V;
  if (T.Kind == TokKind::Id) {
    if (TypeIdx >= FieldNames.size() || !FieldNames[TypeIdx].count(T.Str))
      return errAt(T, "unknown field " + T.Text);
    V = FieldNames[TypeIdx].lookup(T.Str);
    ++Pos;
  } else if (Error E = readU32(V, "a field index")) {
    return E;
  }
  Out.u32(V);
  return Error::success();
}

uint32_t WatParser::internType(const FuncType &FT) {
  // Wasm 3.0: an inline type is the first plain function type (alone in
  // its rec group, final, without supertype) of that signature, or a new
  // one.
  for (size_t I = 0; I < Types.size(); ++I)
    if (SubTypes[I].isPlainFunc() && Types[I] == FT)
      return uint32_t(I);
  Types.push_back(FT);
  SubTypes.emplace_back();
  SubTypes.back().RecStart = uint32_t(Types.size() - 1);
  return uint32_t(Types.size() - 1);
}

Error WatParser::readTypeUse(uint32_t &TypeIdx,
                             std::vector<std::string> *ParamNames,
                             FuncType *Inline) {
  std::optional<uint32_t> Explicit;
  if (isField("type")) {
    Pos += 2;
    uint32_t X;
    if (Error E = readIndex(TypeNS, "type", X))
      return E;
    if (Error E = expectRParen())
      return E;
    Explicit = X;
  }
  const Token &At = tok();
  FuncType FT;
  std::vector<std::string> Names;
  if (Error E = readParamsResults(FT, &Names, ParamNames != nullptr))
    return E;
  bool HasInline = !FT.Params.empty() || !FT.Results.empty();
  if (Inline)
    *Inline = FT;
  if (Explicit) {
    TypeIdx = *Explicit;
    if (TypeIdx < Types.size()) {
      if (HasInline && Types[TypeIdx] != FT)
        return errAt(At, "inline function type");
      if (!HasInline)
        Names.assign(Types[TypeIdx].Params.size(), "");
    } else if (HasInline) {
      return errAt(At, "unknown type");
    }
  } else {
    TypeIdx = internType(FT);
  }
  if (ParamNames)
    *ParamNames = std::move(Names);
  return Error::success();
}

Error WatParser::bindNames(size_t Begin) {
  Pos = Begin;
  bool SeenDef[5] = {false, false, false, false, false};
  static const char *const KindWords[] = {"function", "table", "memory",
                                          "global", "tag"};
  auto CheckImport = [&](const Token &At) -> Error {
    for (unsigned K = 0; K < 5; ++K)
      if (SeenDef[K])
        return errAt(At, Twine("import after ") + KindWords[K]);
    return Error::success();
  };
  auto Bind = [&](ExternKind K, const Token &IdTok) -> Error {
    switch (K) {
    case ExternKind::Func:
      FuncNames.push_back(IdTok.Kind == TokKind::Id
                              ? IdTok.Str
                              : std::string());
      return bindName(FuncNS, "func", IdTok);
    case ExternKind::Table:
      return bindName(TableNS, "table", IdTok);
    case ExternKind::Memory:
      return bindName(MemNS, "memory", IdTok);
    case ExternKind::Global:
      return bindName(GlobalNS, "global", IdTok);
    case ExternKind::Tag:
      return bindName(TagNS, "tag", IdTok);
    }
    return Error::success();
  };

  // Type names first: a type may refer to itself and to later types by
  // name ((ref $t)); the validator decides which references are allowed.
  while (tok().Kind == TokKind::LParen) {
    size_t FieldStart = Pos;
    if (isKw("type", 1)) {
      Pos += 2;
      if (Error E = bindName(TypeNS, "type", tok()))
        return E;
    } else if (isKw("rec", 1)) {
      Pos += 2;
      while (isField("type")) {
        size_t TypeStart = Pos;
        Pos += 2;
        if (Error E = bindName(TypeNS, "type", tok()))
          return E;
        Pos = TypeStart;
        skipSExpr();
      }
    }
    Pos = FieldStart;
    skipSExpr();
  }
  Pos = Begin;

  while (tok().Kind == TokKind::LParen) {
    size_t FieldStart = Pos;
    const Token &Open = tok();
    const Token &Kw = tok(1);
    if (Kw.Kind != TokKind::Keyword) {
      ++Pos;
      return unexpected("a module field");
    }
    Pos += 2;
    const Token &IdTok = tok();
    if (Kw.Text == "type") {
      Pos = FieldStart;
      if (Error E = readTypeField(uint32_t(Types.size())))
        return E;
      continue;
    }
    if (Kw.Text == "rec") {
      uint32_t RecStart = uint32_t(Types.size());
      while (isField("type"))
        if (Error E = readTypeField(RecStart))
          return E;
      if (Error E = expectRParen())
        return E;
      uint32_t RecSize = uint32_t(Types.size()) - RecStart;
      for (uint32_t K = RecStart; K < Types.size(); ++K)
        SubTypes[K].RecSize = RecSize;
      RecGroups.push_back({RecStart, RecSize});
      continue;
    }
    if (std::optional<ExternKind> K = externKind(Kw)) {
      if (IdTok.Kind == TokKind::Id)
        ++Pos;
      if (Error E = Bind(*K, IdTok))
        return E;
      while (isField("export"))
        skipSExpr();
      if (isField("import")) {
        if (Error E = CheckImport(Open))
          return E;
      } else {
        SeenDef[unsigned(*K)] = true;
        // Inline segments take the next elem or data index.
        while (tok().Kind != TokKind::RParen && tok().Kind != TokKind::Eof) {
          if (*K == ExternKind::Table && isField("elem"))
            ++ElemNS.Count;
          if (*K == ExternKind::Memory && isField("data"))
            ++DataNS.Count;
          if (tok().Kind == TokKind::LParen)
            skipSExpr();
          else
            ++Pos;
        }
      }
    } else if (Kw.Text == "import") {
      if (Error E = CheckImport(Open))
        return E;
      while (tok().Kind == TokKind::String)
        ++Pos;
      if (tok().Kind == TokKind::LParen) {
        if (std::optional<ExternKind> K = externKind(tok(1))) {
          Pos += 2;
          if (Error E = Bind(*K, tok()))
            return E;
        }
      }
    } else if (Kw.Text == "elem") {
      if (Error E = bindName(ElemNS, "elem", IdTok))
        return E;
    } else if (Kw.Text == "data") {
      if (Error E = bindName(DataNS, "data", IdTok))
        return E;
    } else if (Kw.Text != "export" && Kw.Text != "start") {
      return unexpectedAt(Kw, "a module field");
    }
    Pos = FieldStart;
    skipSExpr();
  }
  ExplicitTypes = Types.size();
  Pos = Begin;
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Second pass: sections
//===----------------------------------------------------------------------===//

Error WatParser::readFieldHead(ExternKind K, uint32_t &Next, FieldHead &H) {
  // `(`, the keyword and the id, which the first pass bound.
  Pos += 2;
  std::string Id;
  if (Error E = readOptId(Id))
    return E;
  H.Index = Next++;
  while (isField("export")) {
    Pos += 2;
    std::string Name;
    if (Error E = readName(Name))
      return E;
    if (Error E = expectRParen())
      return E;
    ExportSec.name(Name);
    ExportSec.u8(uint8_t(K));
    ExportSec.u32(H.Index);
    ++NumExports;
  }
  if (!isField("import"))
    return Error::success();
  Pos += 2;
  if (Error E = readName(H.Mod))
    return E;
  if (Error E = readName(H.Name))
    return E;
  H.Imported = true;
  return expectRParen();
}

void WatParser::writeImportHead(StringRef Mod, StringRef Name,
                                ExternKind K) {
  ImportSec.name(Mod);
  ImportSec.name(Name);
  ImportSec.u8(uint8_t(K));
  ++NumImports;
}

Error WatParser::parseFunc() {
  const Token &Open = tok();
  FieldHead H;
  if (Error E = readFieldHead(ExternKind::Func, NextFunc, H))
    return E;
  uint32_t TypeIdx;
  std::vector<std::string> ParamNames;
  if (Error E = readTypeUse(TypeIdx, &ParamNames))
    return E;
  if (H.Imported) {
    writeImportHead(H.Mod, H.Name, ExternKind::Func);
    ImportSec.u32(TypeIdx);
    return expectRParen();
  }

  LocalNS = NameSpace();
  for (const std::string &P : ParamNames) {
    uint32_t I = LocalNS.Count++;
    if (!P.empty() && !LocalNS.Names.try_emplace(P, I).second)
      return errAt(Open, "duplicate local $" + P);
  }

  std::vector<LocalDecl> Locals;
  while (isField("local")) {
    Pos += 2;
    auto Add = [&](ValType T) {
      if (Locals.empty() || Locals.back().Type != T)
        Locals.push_back({0, T});
      ++Locals.back().Count;
      ++LocalNS.Count;
    };
    if (tok().Kind == TokKind::Id) {
      const Token &IdTok = tok();
      ++Pos;
      ValType T;
      if (Error E = readValType(T))
        return E;
      if (!LocalNS.Names.try_emplace(IdTok.Str, LocalNS.Count)
               .second)
        return errAt(IdTok, "duplicate local " + IdTok.Text);
      Add(T);
    } else {
      while (tok().Kind != TokKind::RParen) {
        ValType T;
        if (Error E = readValType(T))
          return E;
        Add(T);
      }
    }
    if (Error E = expectRParen())
      return E;
  }

  Labels.assign(1, "");
  WasmWriter Body;
  Body.u32(uint32_t(Locals.size()));
  for (const LocalDecl &L : Locals) {
    Body.u32(L.Count);
    Body.valType(L.Type);
  }
  if (Error E = readInstrs(Body))
    return E;
  if (Error E = expectRParen())
    return E;
  Body.u8(0x0b);
  FuncSec.u32(TypeIdx);
  ++NumFuncs;
  CodeSec.u32(uint32_t(Body.size()));
  CodeSec.bytes(Body.Bytes);
  return Error::success();
}

Error WatParser::parseTable() {
  FieldHead H;
  if (Error E = readFieldHead(ExternKind::Table, NextTable, H))
    return E;
  ValType Type;
  Limits L;
  // `i64 funcref (elem ...)`: the address type of an inline table.
  size_t AddrKw = (isKw("i64") || isKw("i32")) ? 1 : 0;
  Pos += AddrKw;
  size_t RefLen = refTypeTokens();
  Pos -= AddrKw;
  if (!H.Imported && RefLen && tok(AddrKw + RefLen).Kind == TokKind::LParen &&
      isKw("elem", AddrKw + RefLen + 1)) {
    readAddrType(L);
    if (Error E = readRefType(Type))
      return E;
    Pos += 2;
    WasmWriter Items;
    uint32_t Count = 0;
    ValType ItemType = Type;
    if (Error E = readElemList(ItemType, Items, Count, /*AllowBareFuncs=*/true))
      return E;
    if (Error E = expectRParen())
      return E;
    L.Min = Count;
    L.Max = Count;
    bool Short = H.Index == 0 && Type == ValType::FuncRef;
    ElemSec.u8(Short ? 4 : 6);
    if (!Short)
      ElemSec.u32(H.Index);
    ElemSec.u8(L.Is64 ? 0x42 : 0x41); // i64.const 0 or i32.const 0
    ElemSec.u8(0x00);
    ElemSec.u8(0x0b);
    if (!Short)
      ElemSec.valType(Type);
    ElemSec.vec(Count, Items);
    ++NumElems;
  } else {
    if (Error E = readLimits(L))
      return E;
    if (Error E = readRefType(Type))
      return E;
  }
  WasmWriter &Out = H.Imported ? ImportSec : TableSec;
  if (H.Imported)
    writeImportHead(H.Mod, H.Name, ExternKind::Table);
  else
    ++NumTables;
  // A defined table may end with an initializer expression (binary form
  // 0x40 0x00 tabletype expr).
  bool HasInit = !H.Imported && tok().Kind != TokKind::RParen;
  if (HasInit) {
    Out.u8(0x40);
    Out.u8(0x00);
  }
  Out.valType(Type);
  Out.limits(L);
  if (HasInit)
    if (Error E = readExpr(Out))
      return E;
  return expectRParen();
}

Error WatParser::parseMemory() {
  FieldHead H;
  if (Error E = readFieldHead(ExternKind::Memory, NextMem, H))
    return E;
  Limits L;
  // `i64 (data ...)`: the address type of an inline memory.
  bool AddrKw = (isKw("i64") || isKw("i32")) &&
                tok(1).Kind == TokKind::LParen && isKw("data", 2);
  if (!H.Imported && AddrKw)
    readAddrType(L);
  if (!H.Imported && isField("data")) {
    Pos += 2;
    std::string Bytes;
    while (tok().Kind == TokKind::String)
      Bytes += tok().Str, ++Pos;
    if (Error E = expectRParen())
      return E;
    uint64_t Pages = (Bytes.size() + 65535) / 65536;
    L.Min = Pages;
    L.Max = Pages;
    if (H.Index == 0) {
      DataSec.u8(0);
    } else {
      DataSec.u8(2);
      DataSec.u32(H.Index);
    }
    DataSec.u8(L.Is64 ? 0x42 : 0x41); // i64.const 0 or i32.const 0
    DataSec.u8(0x00);
    DataSec.u8(0x0b);
    DataSec.name(Bytes);
    ++NumDatas;
  } else if (Error E = readLimits(L)) {
    return E;
  }
  if (Error E = expectRParen())
    return E;
  if (H.Imported) {
    writeImportHead(H.Mod, H.Name, ExternKind::Memory);
    ImportSec.limits(L);
  } else {
    ++NumMems;
    MemSec.limits(L);
  }
  return Error::success();
}

Error WatParser::parseGlobal() {
  FieldHead H;
  if (Error E = readFieldHead(ExternKind::Global, NextGlobal, H))
    return E;
  GlobalType GT;
  if (isField("mut")) {
    Pos += 2;
    if (Error E = readValType(GT.Type))
      return E;
    if (Error E = expectRParen())
      return E;
    GT.Mutable = true;
  } else if (Error E = readValType(GT.Type)) {
    return E;
  }
  WasmWriter &Out = H.Imported ? ImportSec : GlobalSec;
  if (H.Imported)
    writeImportHead(H.Mod, H.Name, ExternKind::Global);
  Out.valType(GT.Type);
  Out.u8(GT.Mutable ? 1 : 0);
  if (!H.Imported) {
    ++NumGlobals;
    if (Error E = readExpr(GlobalSec))
      return E;
  }
  return expectRParen();
}

Error WatParser::parseTag() {
  FieldHead H;
  if (Error E = readFieldHead(ExternKind::Tag, NextTag, H))
    return E;
  uint32_t TypeIdx;
  std::vector<std::string> Names;
  if (Error E = readTypeUse(TypeIdx, &Names))
    return E;
  WasmWriter &Out = H.Imported ? ImportSec : TagSec;
  if (H.Imported)
    writeImportHead(H.Mod, H.Name, ExternKind::Tag);
  else
    ++NumTags;
  Out.u8(0); // attribute: exception
  Out.u32(TypeIdx);
  return expectRParen();
}

Error WatParser::parseImport() {
  Pos += 2;
  std::string Mod, Name;
  if (Error E = readName(Mod))
    return E;
  if (Error E = readName(Name))
    return E;
  if (tok().Kind != TokKind::LParen)
    return unexpected("an import description");
  std::optional<ExternKind> K = externKind(tok(1));
  if (!K)
    return unexpectedAt(tok(1), "`func`, `table`, `memory` or `global`");
  Pos += 2;
  std::string Id;
  if (Error E = readOptId(Id))
    return E;
  writeImportHead(Mod, Name, *K);
  switch (*K) {
  case ExternKind::Func: {
    ++NextFunc;
    uint32_t TypeIdx;
    std::vector<std::string> Names;
    if (Error E = readTypeUse(TypeIdx, &Names))
      return E;
    ImportSec.u32(TypeIdx);
    break;
  }
  case ExternKind::Table: {
    ++NextTable;
    Limits L;
    ValType T;
    if (Error E = readLimits(L))
      return E;
    if (Error E = readRefType(T))
      return E;
    ImportSec.valType(T);
    ImportSec.limits(L);
    break;
  }
  case ExternKind::Memory: {
    ++NextMem;
    Limits L;
    if (Error E = readLimits(L))
      return E;
    ImportSec.limits(L);
    break;
  }
  case ExternKind::Global: {
    ++NextGlobal;
    GlobalType GT;
    if (isField("mut")) {
      Pos += 2;
      if (Error E = readValType(GT.Type))
        return E;
      if (Error E = expectRParen())
        return E;
      GT.Mutable = true;
    } else if (Error E = readValType(GT.Type)) {
      return E;
    }
    ImportSec.valType(GT.Type);
    ImportSec.u8(GT.Mutable ? 1 : 0);
    break;
  }
  case ExternKind::Tag: {
    ++NextTag;
    uint32_t TypeIdx;
    std::vector<std::string> Names;
    if (Error E = readTypeUse(TypeIdx, &Names))
      return E;
    ImportSec.u8(0);
    ImportSec.u32(TypeIdx);
    break;
  }
  }
  if (Error E = expectRParen())
    return E;
  return expectRParen();
}

Error WatParser::parseExport() {
  Pos += 2;
  std::string Name;
  if (Error E = readName(Name))
    return E;
  if (tok().Kind != TokKind::LParen)
    return unexpected("an export description");
  std::optional<ExternKind> K = externKind(tok(1));
  if (!K)
    return unexpectedAt(tok(1), "`func`, `table`, `memory` or `global`");
  Pos += 2;
  static const NameSpace *const Spaces[] = {&FuncNS, &TableNS, &MemNS,
                                            &GlobalNS, &TagNS};
  static const char *const Words[] = {"function", "table", "memory",
                                      "global", "tag"};
  const NameSpace *NSs[] = {&FuncNS, &TableNS, &MemNS, &GlobalNS, &TagNS};
  (void)Spaces;
  uint32_t Index;
  if (Error E = readIndex(*NSs[unsigned(*K)], Words[unsigned(*K)], Index))
    return E;
  if (Error E = expectRParen())
    return E;
  ExportSec.name(Name);
  ExportSec.u8(uint8_t(*K));
  ExportSec.u32(Index);
  ++NumExports;
  return expectRParen();
}

Error WatParser::parseStart() {
  const Token &Open = tok();
  Pos += 2;
  uint32_t Index;
  if (Error E = readIndex(FuncNS, "function", Index))
    return E;
  if (Start)
    return errAt(Open, "multiple start sections");
  Start = Index;
  return expectRParen();
}

Error WatParser::readExpr(WasmWriter &Out) {
  Labels.clear();
  LocalNS = NameSpace();
  if (Error E = readInstrs(Out))
    return E;
  Out.u8(0x0b);
  return Error::success();
}

Error WatParser::readOffset(WasmWriter &Out) {
  if (isField("offset")) {
    Pos += 2;
    if (Error E = readExpr(Out))
      return E;
    return expectRParen();
  }
  if (tok().Kind != TokKind::LParen)
    return unexpected("an offset");
  Labels.clear();
  LocalNS = NameSpace();
  if (Error E = readFoldedInstr(Out))
    return E;
  Out.u8(0x0b);
  return Error::success();
}

Error WatParser::readElemList(ValType &Type, WasmWriter &Items,
                              uint32_t &Count, bool AllowBareFuncs) {
  Count = 0;
  auto FuncIndices = [&]() -> Error {
    while (atIndex()) {
      uint32_t F;
      if (Error E = readIndex(FuncNS, "function", F))
        return E;
      Items.u8(0xd2); // ref.func
      Items.u32(F);
      Items.u8(0x0b);
      ++Count;
    }
    return Error::success();
  };
  // A list of function indices is of type (ref func) in 3.0.
  const ValType RefFunc = ValType::ref(HeapType(AbsHeap::Func), false);
  if (isKw("func")) {
    ++Pos;
    Type = RefFunc;
    return FuncIndices();
  }
  if (refTypeTokens()) {
    if (Error E = readRefType(Type))
      return E;
  } else if (AllowBareFuncs && atIndex()) {
    Type = RefFunc;
    return FuncIndices();
  } else if (!AllowBareFuncs || tok().Kind != TokKind::LParen) {
    if (tok().Kind != TokKind::RParen || !AllowBareFuncs)
      return unexpected("an element list");
  }
  while (tok().Kind == TokKind::LParen) {
    if (isField("item")) {
      Pos += 2;
      if (Error E = readExpr(Items))
        return E;
      if (Error E = expectRParen())
        return E;
    } else {
      Labels.clear();
      LocalNS = NameSpace();
      if (Error E = readFoldedInstr(Items))
        return E;
      Items.u8(0x0b);
    }
    ++Count;
  }
  return Error::success();
}

Error WatParser::parseElem() {
  Pos += 2;
  std::string Id;
  if (Error E = readOptId(Id))
    return E;
  ++NumElems;
  WasmWriter Items;
  uint32_t Count = 0;
  ValType Type = ValType::FuncRef;
  if (isKw("declare")) {
    ++Pos;
    if (Error E = readElemList(Type, Items, Count, /*AllowBareFuncs=*/false))
      return E;
    ElemSec.u8(7);
    ElemSec.valType(Type);
    ElemSec.vec(Count, Items);
    return expectRParen();
  }
  // `(ref ...)` first is a passive segment's type, not an offset.
  bool Active = (tok().Kind == TokKind::LParen && !refTypeTokens()) ||
                (atIndex() && tok(1).Kind == TokKind::LParen);
  if (!Active) {
    if (Error E = readElemList(Type, Items, Count, /*AllowBareFuncs=*/false))
      return E;
    ElemSec.u8(5);
    ElemSec.valType(Type);
    ElemSec.vec(Count, Items);
    return expectRParen();
  }
  uint32_t Table = 0;
  if (isField("table")) {
    Pos += 2;
    if (Error E = readIndex(TableNS, "table", Table))
      return E;
    if (Error E = expectRParen())
      return E;
  } else if (atIndex()) {
    if (Error E = readIndex(TableNS, "table", Table))
      return E;
  }
  WasmWriter Offset;
  if (Error E = readOffset(Offset))
    return E;
  if (Error E = readElemList(Type, Items, Count, /*AllowBareFuncs=*/true))
    return E;
  bool Short = Table == 0 && Type == ValType::FuncRef;
  ElemSec.u8(Short ? 4 : 6);
  if (!Short)
    ElemSec.u32(Table);
  ElemSec.bytes(Offset.Bytes);
  if (!Short)
    ElemSec.valType(Type);
  ElemSec.vec(Count, Items);
  return expectRParen();
}

Error WatParser::parseData() {
  Pos += 2;
  std::string Id;
  if (Error E = readOptId(Id))
    return E;
  ++NumDatas;
  // A passive segment may start with a reference type: (elem (ref $t) ...).
  bool Active = (tok().Kind == TokKind::LParen && !refTypeTokens()) ||
                (atIndex() && tok(1).Kind == TokKind::LParen);
  uint32_t Mem = 0;
  WasmWriter Offset;
  if (Active) {
    if (isField("memory")) {
      Pos += 2;
      if (Error E = readIndex(MemNS, "memory", Mem))
        return E;
      if (Error E = expectRParen())
        return E;
    } else if (atIndex()) {
      if (Error E = readIndex(MemNS, "memory", Mem))
        return E;
    }
    if (Error E = readOffset(Offset))
      return E;
  }
  std::string Bytes;
  while (tok().Kind == TokKind::String)
    Bytes += tok().Str, ++Pos;
  if (!Active) {
    DataSec.u8(1);
  } else if (Mem == 0) {
    DataSec.u8(0);
  } else {
    DataSec.u8(2);
    DataSec.u32(Mem);
  }
  DataSec.bytes(Offset.Bytes);
  DataSec.name(Bytes);
  return expectRParen();
}

Error WatParser::parseField() {
  StringRef Kw = tok(1).Text;
  if (Kw == "type" || Kw == "rec") {
    skipSExpr();
    return Error::success();
  }
  if (Kw == "func")
    return parseFunc();
  if (Kw == "table")
    return parseTable();
  if (Kw == "memory")
    return parseMemory();
  if (Kw == "global")
    return parseGlobal();
  if (Kw == "tag")
    return parseTag();
  if (Kw == "import")
    return parseImport();
  if (Kw == "export")
    return parseExport();
  if (Kw == "start")
    return parseStart();
  if (Kw == "elem")
    return parseElem();
  if (Kw == "data")
    return parseData();
  return unexpectedAt(tok(1), "a module field");
}

std::vector<uint8_t> WatParser::finish() {
  WasmWriter Out;
  Out.bytes({0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
  auto Section = [&](uint8_t Id, uint32_t Count, const WasmWriter &Items) {
    if (!Count)
      return;
    WasmWriter S;
    S.vec(Count, Items);
    Out.section(Id, S);
  };
  WasmWriter TypeItems;
  auto WriteType = [&](uint32_t I) {
    const FuncType &FT = Types[I];
    const SubType &ST = SubTypes[I];
    if (!ST.Final || !ST.Supers.empty()) {
      TypeItems.u8(ST.Final ? 0x4f : 0x50);
      TypeItems.u32(uint32_t(ST.Supers.size()));
      for (uint32_t X : ST.Supers)
        TypeItems.u32(X);
    }
    TypeItems.u8(uint8_t(ST.Form));
    if (ST.Form == TypeForm::Func) {
      TypeItems.u32(uint32_t(FT.Params.size()));
      for (ValType T : FT.Params)
        TypeItems.valType(T);
      TypeItems.u32(uint32_t(FT.Results.size()));
      for (ValType T : FT.Results)
        TypeItems.valType(T);
      return;
    }
    if (ST.Form == TypeForm::Struct)
      TypeItems.u32(uint32_t(ST.Fields.size()));
    for (const FieldType &F : ST.Fields) {
      if (F.Packed)
        TypeItems.u8(F.Packed);
      else
        TypeItems.valType(F.Type);
      TypeItems.u8(F.Mutable);
    }
  };
  // Rec groups as written (an empty one too); other types alone.
  uint32_t NumGroups = 0;
  size_t NextGroup = 0;
  for (uint32_t I = 0; I < Types.size() || NextGroup < RecGroups.size();
       ++NumGroups) {
    if (NextGroup < RecGroups.size() && RecGroups[NextGroup].first == I) {
      uint32_t Size = RecGroups[NextGroup++].second;
      TypeItems.u8(0x4e);
      TypeItems.u32(Size);
      for (uint32_t K = 0; K < Size; ++K)
        WriteType(I + K);
      I += Size;
    } else {
      WriteType(I++);
    }
  }
  Section(TypeSecId, NumGroups, TypeItems);
  Section(ImportSecId, NumImports, ImportSec);
  Section(FuncSecId, NumFuncs, FuncSec);
  Section(TableSecId, NumTables, TableSec);
  Section(MemSecId, NumMems, MemSec);
  Section(TagSecId, NumTags, TagSec);
  Section(GlobalSecId, NumGlobals, GlobalSec);
  Section(ExportSecId, NumExports, ExportSec);
  if (Start) {
    WasmWriter S;
    S.u32(*Start);
    Out.section(StartSecId, S);
  }
  Section(ElemSecId, NumElems, ElemSec);
  if (NumDatas || UsesDataCount) {
    WasmWriter S;
    S.u32(NumDatas);
    Out.section(DataCountSecId, S);
  }
  Section(CodeSecId, NumFuncs, CodeSec);
  Section(DataSecId, NumDatas, DataSec);

  // The name section: the module's name and the functions' names.
  WasmWriter Names;
  Names.name("name");
  if (HasModuleName) {
    WasmWriter Sub;
    Sub.name(ModuleName);
    Names.section(0, Sub);
  }
  WasmWriter FuncItems;
  uint32_t NumNamed = 0;
  for (size_t I = 0; I < FuncNames.size(); ++I)
    if (!FuncNames[I].empty()) {
      FuncItems.u32(uint32_t(I));
      FuncItems.name(FuncNames[I]);
      ++NumNamed;
    }
  if (NumNamed) {
    WasmWriter Sub;
    Sub.vec(NumNamed, FuncItems);
    Names.section(1, Sub);
  }
  if (HasModuleName || NumNamed)
    Out.section(CustomSec, Names);
  return std::move(Out.Bytes);
}

Expected<std::vector<uint8_t>> WatParser::parseModule() {
  bool Wrapped = isField("module");
  if (Wrapped) {
    Pos += 2;
    if (tok().Kind == TokKind::Id) {
      ModuleName = tok().Str;
      HasModuleName = true;
      ++Pos;
    }
    if (isKw("binary") || isKw("quote")) {
      bool Quote = isKw("quote");
      ++Pos;
      std::string Bytes;
      while (tok().Kind == TokKind::String)
        Bytes += tok().Str, ++Pos;
      if (Error E = expectRParen())
        return E;
      if (tok().Kind != TokKind::Eof)
        return unexpected("end of input");
      if (Quote)
        return parseWat(Bytes, Options);
      return std::vector<uint8_t>(Bytes.begin(), Bytes.end());
    }
  }
  size_t Begin = Pos;
  if (Error E = bindNames(Begin))
    return E;
  while (tok().Kind == TokKind::LParen)
    if (Error E = parseField())
      return E;
  if (Wrapped)
    if (Error E = expectRParen())
      return E;
  if (tok().Kind != TokKind::Eof)
    return unexpected(Wrapped ? "end of input" : "a module field");
  return finish();
}

Expected<std::vector<uint8_t>> parseWat(StringRef Text,
                                        const WatOptions &Options) {
  Expected<std::vector<Token>> Toks = lexWat(Text);
  if (!Toks)
    return Toks.takeError();
  return WatParser(std::move(*Toks), Options).parseModule();
}

std::optional<StringRef> findModuleText(StringRef Wast, unsigned Line,
                                        unsigned Skip) {
  size_t Pos = 0;
  for (unsigned L = 1; L < Line && Pos != StringRef::npos; ++L) {
    Pos = Wast.find('\n', Pos);
    if (Pos != StringRef::npos)
      ++Pos;
  }
  if (Pos == StringRef::npos)
    return std::nullopt;
  Expected<std::vector<Token>> Toks = lexWat(Wast.substr(Pos));
  if (!Toks) {
    consumeError(Toks.takeError());
    return std::nullopt;
  }
  const std::vector<Token> &T = *Toks;
  for (size_t I = 0; I + 1 < T.size(); ++I) {
    if (T[I].Kind != TokKind::LParen || T[I + 1].Kind != TokKind::Keyword ||
        T[I + 1].Text != "module")
      continue;
    if (Skip) {
      --Skip;
      continue;
    }
    unsigned Depth = 0;
    for (size_t J = I; J < T.size() && T[J].Kind != TokKind::Eof; ++J) {
      if (T[J].Kind == TokKind::LParen)
        ++Depth;
      else if (T[J].Kind == TokKind::RParen && --Depth == 0)
        return Wast.substr(Pos).slice(T[I].Offset, T[J].Offset + 1);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

} // namespace wasm2so
