//===- WatInstr.cpp - Instructions of the WebAssembly text format ---------===//
//
// Plain and folded instructions, with their immediates read by the Imm
// column of Opcodes.def, written straight into the function body.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Instr.h"
#include "WatParser.h"

#include "llvm/ADT/StringSet.h"

using namespace llvm;

namespace wasm2so {

namespace {

/// Text name -> Opcode, from Opcodes.def; the first of two names wins
/// (`select` is the untyped one, its typed form is chosen by the parser).
const StringMap<unsigned> &opcodeNames() {
  static const StringMap<unsigned> Names = [] {
    StringMap<unsigned> M;
    for (unsigned I = 0; I < NumOpcodes; ++I)
      M.try_emplace(opcodeInfo(Opcode(I)).Text, I);
    return M;
  }();
  return Names;
}

/// The instructions' names from before the standard (WatOptions).
std::optional<Opcode> legacyOpcode(StringRef Name) {
  static const struct {
    const char *Name;
    Opcode Op;
  } Legacy[] = {{"get_local", Opcode::LocalGet},
                {"set_local", Opcode::LocalSet},
                {"tee_local", Opcode::LocalTee},
                {"get_global", Opcode::GlobalGet},
                {"set_global", Opcode::GlobalSet},
                {"current_memory", Opcode::MemorySize},
                {"grow_memory", Opcode::MemoryGrow}};
  for (const auto &L : Legacy)
    if (Name == L.Name)
      return L.Op;
  // Conversions named with their operand type after a slash:
  // f64.reinterpret/i64 is f64.reinterpret_i64, i32.trunc_s/f32 is
  // i32.trunc_f32_s.
  auto [Op, From] = Name.split('/');
  if (From.empty() || From.size() != 3 || Op.contains(':'))
    return std::nullopt;
  std::string Std;
  if (Op.ends_with("_s") || Op.ends_with("_u"))
    Std = (Op.drop_back(2) + "_" + From + Op.take_back(2)).str();
  else
    Std = (Op + "_" + From).str();
  auto It = opcodeNames().find(Std);
  if (It == opcodeNames().end())
    return std::nullopt;
  return Opcode(It->second);
}

std::optional<unsigned> lookupOpcode(const Token &T, bool LegacyNames) {
  if (T.Kind != TokKind::Keyword)
    return std::nullopt;
  auto It = opcodeNames().find(T.Text);
  if (It != opcodeNames().end())
    return It->second;
  if (LegacyNames)
    if (std::optional<Opcode> Op = legacyOpcode(T.Text))
      return unsigned(*Op);
  return std::nullopt;
}

/// Keywords that end an instruction sequence inside parentheses: the
/// clause that follows belongs to the enclosing construct.
bool endsInstrs(const Token &T) {
  static const StringSet<> Words = {"then", "else", "param", "result",
                                    "type", "local", "item", "do",
                                    "catch", "catch_all", "delegate"};
  return T.Kind != TokKind::Keyword || Words.contains(T.Text);
}

/// `nan:1` is no token of the reference lexer (unknown operator), while
/// `nan:canonical` is a token that does not belong here.
bool isUnknownFloatWord(const Token &T) {
  if (T.Kind != TokKind::Keyword)
    return true;
  return T.Text.starts_with("nan:") && T.Text != "nan:canonical" &&
         T.Text != "nan:arithmetic";
}

bool isFloatToken(const Token &T) {
  return T.Kind == TokKind::Number || T.Kind == TokKind::Keyword;
}

} // namespace

bool WatParser::isKnownKeyword(StringRef W) const {
  // The words of the grammar besides the instructions' names, those of the
  // proposals in Wasm 3.0 included, so that a word in the wrong place is
  // an unexpected token, not an unknown operator, whichever features the
  // front end reads yet.
  static const StringSet<> Words = {
      // modules and their fields
      "module", "type", "func", "param", "result", "local", "global",
      "table", "memory", "elem", "data", "offset", "item", "declare",
      "import", "export", "start", "mut", "then", "else", "tag", "rec",
      "sub", "final", "field", "struct", "array", "binary", "quote",
      "definition", "instance", "catch", "catch_ref", "catch_all",
      "catch_all_ref", "pagesize",
      // types
      "i32", "i64", "f32", "f64", "v128", "i8", "i16", "ref", "null",
      "funcref", "externref", "anyref", "eqref", "i31ref", "structref",
      "arrayref", "nullref", "nullfuncref", "nullexternref", "exnref",
      "nullexnref", "extern", "any", "eq", "i31", "none", "nofunc",
      "noextern", "exn", "noexn",
      // vector shapes
      "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2",
      // numbers written with letters, and the script's NaN patterns
      "inf", "nan", "nan:canonical", "nan:arithmetic"};
  if (Words.contains(W) || opcodeNames().count(W))
    return true;
  if (Options.LegacyNames && (W == "anyfunc" || legacyOpcode(W)))
    return true;
  uint64_t V;
  bool Overflow;
  if (W.consume_front("nan:"))
    return parseUnsigned(W, V, Overflow) && W.starts_with("0x");
  if (W.consume_front("offset=") || W.consume_front("align="))
    return parseUnsigned(W, V, Overflow);
  return false;
}

void WatParser::writeOpcode(unsigned Op, WasmWriter &Out) {
  const OpcodeInfo &Info = opcodeInfo(Opcode(Op));
  if (Info.Prefix) {
    Out.u8(Info.Prefix);
    Out.u32(Info.Code);
  } else {
    Out.u8(uint8_t(Info.Code));
  }
}

Error WatParser::readInstrs(WasmWriter &Out) {
  while (true) {
    if (tok().Kind == TokKind::LParen) {
      if (endsInstrs(tok(1)))
        return Error::success();
      if (Error E = readFoldedInstr(Out))
        return E;
    } else if (tok().Kind == TokKind::Keyword) {
      if (isKw("end") || isKw("else") || isKw("catch") || isKw("catch_all") ||
          isKw("delegate"))
        return Error::success();
      if (Error E = readPlainInstr(Out))
        return E;
    } else {
      return Error::success();
    }
  }
}

Error WatParser::readBlockHead(WasmWriter &Out, std::string &Label) {
  Label.clear();
  if (tok().Kind == TokKind::Id)
    Label = tok().Str, ++Pos;
  if (!isField("type")) {
    FuncType FT;
    if (Error E = readParamsResults(FT, nullptr, /*AllowNames=*/false))
      return E;
    if (FT.Params.empty() && FT.Results.size() <= 1) {
      if (FT.Results.empty())
        Out.u8(0x40);
      else
        Out.valType(FT.Results[0]);
    } else {
      Out.sleb(internType(FT));
    }
    return Error::success();
  }
  uint32_t TypeIdx;
  if (Error E = readTypeUse(TypeIdx, nullptr))
    return E;
  Out.sleb(TypeIdx);
  return Error::success();
}

Error WatParser::readCatches(WasmWriter &Out) {
  WasmWriter Clauses;
  uint32_t Count = 0;
  while (tok().Kind == TokKind::LParen && tok(1).Kind == TokKind::Keyword) {
    StringRef Kw = tok(1).Text;
    uint8_t Kind;
    if (Kw == "catch")
      Kind = uint8_t(CatchKind::Catch);
    else if (Kw == "catch_ref")
      Kind = uint8_t(CatchKind::CatchRef);
    else if (Kw == "catch_all")
      Kind = uint8_t(CatchKind::CatchAll);
    else if (Kw == "catch_all_ref")
      Kind = uint8_t(CatchKind::CatchAllRef);
    else
      break;
    Pos += 2;
    Clauses.u8(Kind);
    if (Kind <= uint8_t(CatchKind::CatchRef)) {
      uint32_t Tag;
      if (Error E = readIndex(TagNS, "tag", Tag))
        return E;
      Clauses.u32(Tag);
    }
    uint32_t Depth;
    if (Error E = readLabel(Depth))
      return E;
    Clauses.u32(Depth);
    if (Error E = expectRParen())
      return E;
    ++Count;
  }
  Out.u32(Count);
  Out.bytes(Clauses.Bytes);
  return Error::success();
}

Error WatParser::readEndLabel(const std::string &Label) {
  if (tok().Kind != TokKind::Id)
    return Error::success();
  if (tok().Str != Label)
    return errAt(tok(), "mismatching label");
  ++Pos;
  return Error::success();
}

Error WatParser::readPlainInstr(WasmWriter &Out) {
  const Token &OpTok = tok();
  std::optional<unsigned> Op = lookupOpcode(OpTok, Options.LegacyNames);
  if (!Op)
    return isKnownKeyword(OpTok.Text) ? unexpected("an instruction")
                                      : errNaming(OpTok, "unknown operator");
  ++Pos;
  Opcode O = Opcode(*Op);
  if (O != Opcode::Block && O != Opcode::Loop && O != Opcode::If &&
      O != Opcode::TryTable && O != Opcode::Try)
    return readImmediates(OpTok, *Op, Out);

  writeOpcode(*Op, Out);
  std::string Label;
  if (Error E = readBlockHead(Out, Label))
    return E;
  if (O == Opcode::TryTable)
    if (Error E = readCatches(Out))
      return E;
  Labels.push_back(Label);
  if (Error E = readInstrs(Out))
    return E;
  if (O == Opcode::If && isKw("else")) {
    ++Pos;
    if (Error E = readEndLabel(Label))
      return E;
    Out.u8(0x05);
    if (Error E = readInstrs(Out))
      return E;
  }
  if (O == Opcode::Try) {
    // Legacy: catch $t / catch_all arms, then end or delegate L.
    bool Caught = false;
    while (isKw("catch") || isKw("catch_all")) {
      bool All = isKw("catch_all");
      Caught = true;
      ++Pos;
      if (Error E = readEndLabel(Label))
        return E;
      writeOpcode(unsigned(All ? Opcode::CatchAll : Opcode::Catch), Out);
      if (!All) {
        uint32_t Tag;
        if (Error E = readIndex(TagNS, "tag", Tag))
          return E;
        Out.u32(Tag);
      }
      if (Error E = readInstrs(Out))
        return E;
      if (All)
        break; // nothing follows catch_all
    }
    if (!Caught && isKw("delegate")) {
      ++Pos;
      Labels.pop_back();
      uint32_t Depth;
      if (Error E = readLabel(Depth))
        return E;
      writeOpcode(unsigned(Opcode::Delegate), Out);
      Out.u32(Depth);
      return Error::success();
    }
  }
  if (Error E = expectKw("end"))
    return E;
  if (Error E = readEndLabel(Label))
    return E;
  Labels.pop_back();
  Out.u8(0x0b);
  return Error::success();
}

Error WatParser::readFoldedInstr(WasmWriter &Out) {
  ++Pos; // (
  const Token &OpTok = tok();
  std::optional<unsigned> Op = lookupOpcode(OpTok, Options.LegacyNames);
  // A catch clause belongs to a try_table; anywhere else it is out of place.
  if (!Op && OpTok.Kind == TokKind::Keyword && OpTok.Text.starts_with("catch"))
    return errAt(OpTok, "unexpected token");
  if (!Op)
    return OpTok.Kind == TokKind::Keyword && !isKnownKeyword(OpTok.Text)
               ? errNaming(OpTok, "unknown operator")
               : unexpected("an instruction");
  ++Pos;
  Opcode O = Opcode(*Op);
  if (O == Opcode::Block || O == Opcode::Loop || O == Opcode::TryTable) {
    writeOpcode(*Op, Out);
    std::string Label;
    if (Error E = readBlockHead(Out, Label))
      return E;
    if (O == Opcode::TryTable)
      if (Error E = readCatches(Out))
        return E;
    Labels.push_back(Label);
    if (Error E = readInstrs(Out))
      return E;
    Labels.pop_back();
    Out.u8(0x0b);
    return expectRParen();
  }
  if (O == Opcode::Try) {
    // Legacy: (try label? blocktype (do instr*) (catch $t instr*)*
    // (catch_all instr*)?) or (try ... (do instr*) (delegate L)).
    writeOpcode(*Op, Out);
    std::string Label;
    if (Error E = readBlockHead(Out, Label))
      return E;
    Labels.push_back(Label);
    if (!isField("do"))
      return unexpected();
    Pos += 2;
    if (Error E = readInstrs(Out))
      return E;
    if (Error E = expectRParen())
      return E;
    bool Caught = false;
    while (isField("catch") || isField("catch_all")) {
      bool All = isField("catch_all");
      Caught = true;
      Pos += 2;
      writeOpcode(unsigned(All ? Opcode::CatchAll : Opcode::Catch), Out);
      if (!All) {
        uint32_t Tag;
        if (Error E = readIndex(TagNS, "tag", Tag))
          return E;
        Out.u32(Tag);
      }
      if (Error E = readInstrs(Out))
        return E;
      if (Error E = expectRParen())
        return E;
      if (All)
        break; // nothing follows catch_all
    }
    Labels.pop_back();
    if (!Caught && isField("delegate")) {
      Pos += 2;
      uint32_t Depth;
      if (Error E = readLabel(Depth))
        return E;
      writeOpcode(unsigned(Opcode::Delegate), Out);
      Out.u32(Depth);
      if (Error E = expectRParen())
        return E;
      return expectRParen();
    }
    Out.u8(0x0b);
    return expectRParen();
  }
  if (O == Opcode::If) {
    WasmWriter Head;
    std::string Label;
    if (Error E = readBlockHead(Head, Label))
      return E;
    while (tok().Kind == TokKind::LParen && !isField("then"))
      if (Error E = readFoldedInstr(Out))
        return E;
    writeOpcode(*Op, Out);
    Out.bytes(Head.Bytes);
    Labels.push_back(Label);
    if (!isField("then"))
      return unexpected("`(then`");
    Pos += 2;
    if (Error E = readInstrs(Out))
      return E;
    if (Error E = expectRParen())
      return E;
    if (isField("else")) {
      Pos += 2;
      Out.u8(0x05);
      if (Error E = readInstrs(Out))
        return E;
      if (Error E = expectRParen())
        return E;
    }
    Labels.pop_back();
    Out.u8(0x0b);
    return expectRParen();
  }
  WasmWriter Self;
  if (Error E = readImmediates(OpTok, *Op, Self))
    return E;
  while (tok().Kind == TokKind::LParen) {
    if (endsInstrs(tok(1)))
      return unexpectedAt(tok(1), "an instruction");
    if (Error E = readFoldedInstr(Out))
      return E;
  }
  if (Error E = expectRParen())
    return E;
  Out.bytes(Self.Bytes);
  return Error::success();
}

Error WatParser::readLabel(uint32_t &Depth) {
  const Token &T = tok();
  if (T.Kind != TokKind::Id)
    return readU32(Depth);
  StringRef Name = T.Str;
  for (size_t I = Labels.size(); I-- > 0;)
    if (Labels[I] == Name) {
      Depth = uint32_t(Labels.size() - 1 - I);
      ++Pos;
      return Error::success();
    }
  return errAt(T, "unknown label " + T.Text);
}

Error WatParser::readOptMemIndex(uint32_t &Index) {
  Index = 0;
  if (!atIndex())
    return Error::success();
  return readIndex(MemNS, "memory", Index);
}

Error WatParser::readMemArg(unsigned NaturalLog2, WasmWriter &Out,
                            bool LaneFollows) {
  uint32_t Memory = 0;
  // Before a lane index, a lone number is the lane: a memory index is an
  // id, or a number followed by the memarg or the lane.
  bool MemFollows = !LaneFollows || tok().Kind == TokKind::Id ||
                    (tok().Kind == TokKind::Number &&
                     (tok(1).Kind == TokKind::Number ||
                      (tok(1).Kind == TokKind::Keyword &&
                       (tok(1).Text.starts_with("offset=") ||
                        tok(1).Text.starts_with("align=")))));
  if (MemFollows)
    if (Error E = readOptMemIndex(Memory))
      return E;
  uint64_t Offset = 0;
  unsigned AlignLog2 = NaturalLog2;
  if (tok().Kind == TokKind::Keyword && tok().Text.starts_with("offset=")) {
    const Token &T = tok();
    bool Overflow;
    if (!parseUnsigned(T.Text.drop_front(7), Offset, Overflow))
      return errNaming(T, "unknown operator");
    // A 64-bit offset is for i64 memories; the validator checks the
    // memory's address type.
    if (Overflow)
      return errAt(T, "i64 constant out of range");
    if (!Feats.Memory64 && Offset > UINT32_MAX)
      return errAt(T, "i32 constant out of range");
    ++Pos;
  }
  if (tok().Kind == TokKind::Keyword && tok().Text.starts_with("align=")) {
    const Token &T = tok();
    uint64_t Align;
    bool Overflow;
    if (!parseUnsigned(T.Text.drop_front(6), Align, Overflow))
      return errNaming(T, "unknown operator");
    if (Overflow || Align == 0 || (Align & (Align - 1)))
      return errAt(T, "alignment must be a power of two");
    AlignLog2 = 0;
    while ((uint64_t(1) << AlignLog2) < Align)
      ++AlignLog2;
    ++Pos;
  }
  // Bit 6 of the alignment field: a memory index follows (multi-memory).
  if (Memory != 0) {
    Out.u32(AlignLog2 | 0x40);
    Out.u32(Memory);
  } else {
    Out.u32(AlignLog2);
  }
  Out.uleb(Offset);
  return Error::success();
}

Error WatParser::readV128(WasmWriter &Out) {
  static const struct {
    const char *Shape;
    unsigned Lanes;
    bool Float;
  } Shapes[] = {{"i8x16", 16, false}, {"i16x8", 8, false},
                {"i32x4", 4, false},  {"i64x2", 2, false},
                {"f32x4", 4, true},   {"f64x2", 2, true}};
  const auto *S = std::find_if(std::begin(Shapes), std::end(Shapes),
                               [&](const auto &X) { return isKw(X.Shape); });
  if (S == std::end(Shapes))
    return unexpected("a vector shape");
  ++Pos;
  unsigned LaneBits = 128 / S->Lanes;
  // Count the literals first, as the reference interpreter does.
  auto IsLiteral = [&](const Token &T) {
    return T.Kind == TokKind::Number || T.Kind == TokKind::Reserved ||
           (S->Float && T.Kind == TokKind::Keyword &&
            (T.Text.starts_with("nan") || T.Text.starts_with("inf")));
  };
  unsigned Count = 0;
  while (Count <= S->Lanes && IsLiteral(tok(Count)))
    ++Count;
  if (Count != S->Lanes)
    return errAt(tok(std::min(Count, S->Lanes)),
                 "wrong number of lane literals");
  for (unsigned I = 0; I < S->Lanes; ++I) {
    const Token &T = tok();
    if (T.Kind == TokKind::Reserved)
      return errNaming(T, "unknown operator");
    uint64_t Bits = 0;
    bool Ok, OutOfRange = false;
    if (!S->Float) {
      Ok = parseInt(T.Text, LaneBits, Bits, OutOfRange);
    } else if (LaneBits == 32) {
      uint32_t B;
      Ok = parseF32(T.Text, B, OutOfRange);
      Bits = B;
    } else {
      Ok = parseF64(T.Text, Bits, OutOfRange);
    }
    if (!Ok)
      return errNaming(T, "unknown operator");
    if (OutOfRange)
      return errAt(T, "constant out of range");
    for (unsigned B = 0; B < LaneBits / 8; ++B)
      Out.u8(uint8_t(Bits >> (8 * B)));
    ++Pos;
  }
  return Error::success();
}

Error WatParser::readImmediates(const Token &OpTok, unsigned Op,
                                WasmWriter &Out) {
  (void)OpTok;
  Opcode O = Opcode(Op);
  if (O == Opcode::Select) {
    if (!isField("result")) {
      writeOpcode(Op, Out);
      return Error::success();
    }
    std::vector<ValType> Types;
    while (isField("result")) {
      Pos += 2;
      while (tok().Kind != TokKind::RParen) {
        ValType T;
        if (Error E = readValType(T))
          return E;
        Types.push_back(T);
      }
      ++Pos;
    }
    writeOpcode(unsigned(Opcode::SelectT), Out);
    Out.u32(uint32_t(Types.size()));
    for (ValType T : Types)
      Out.valType(T);
    return Error::success();
  }

  if (O == Opcode::RefTest || O == Opcode::RefCast) {
    // One text name, two codes: the target's nullability picks.
    ValType T;
    if (Error E = readRefType(T))
      return E;
    writeOpcode(unsigned(O) + (T.nullable() ? 1 : 0), Out);
    Out.heapType(T.heap());
    return Error::success();
  }
  if (O == Opcode::BrOnCast || O == Opcode::BrOnCastFail) {
    uint32_t Depth;
    if (Error E = readLabel(Depth))
      return E;
    ValType From, To;
    if (Error E = readRefType(From))
      return E;
    if (Error E = readRefType(To))
      return E;
    writeOpcode(Op, Out);
    Out.u8(uint8_t((From.nullable() ? 1 : 0) | (To.nullable() ? 2 : 0)));
    Out.u32(Depth);
    Out.heapType(From.heap());
    Out.heapType(To.heap());
    return Error::success();
  }

  writeOpcode(Op, Out);
  auto Index = [&](const NameSpace &NS, const char *What) -> Error {
    uint32_t V;
    if (Error E = readIndex(NS, What, V))
      return E;
    Out.u32(V);
    return Error::success();
  };
  // A lane index: a natural number below 256. Shuffle lanes call anything
  // else malformed; the lane operators call a non-number unexpected.
  // The 3.0 interpreter reads a lane index as an i8 constant, so its words
  // for one out of range are those of any constant.
  const char *BadLane = Feats.Wasm2Messages ? "malformed lane index"
                                            : "i8 constant out of range";
  auto Lane = [&](bool Shuffle) -> Error {
    const Token &T = tok();
    uint64_t V;
    bool Overflow;
    if (T.Kind != TokKind::Number || !parseUnsigned(T.Text, V, Overflow))
      return Shuffle ? errAt(T, BadLane) : unexpected("a lane index");
    if (Overflow || V > 255)
      return errAt(T, BadLane);
    Out.u8(uint8_t(V));
    ++Pos;
    return Error::success();
  };
  switch (opcodeInfo(O).Imm) {
  case ImmKind::None:
    return Error::success();
  case ImmKind::BlockType:
    return unexpected(); // handled by the callers
  case ImmKind::Label: {
    uint32_t Depth;
    if (Error E = readLabel(Depth))
      return E;
    Out.u32(Depth);
    return Error::success();
  }
  case ImmKind::BrTable: {
    std::vector<uint32_t> Depths;
    while (atIndex()) {
      uint32_t Depth;
      if (Error E = readLabel(Depth))
        return E;
      Depths.push_back(Depth);
    }
    if (Depths.empty())
      return unexpected("a label");
    Out.u32(uint32_t(Depths.size() - 1));
    for (uint32_t D : Depths)
      Out.u32(D);
    return Error::success();
  }
  case ImmKind::Func:
    return Index(FuncNS, "function");
  case ImmKind::Tag:
    return Index(TagNS, "tag");
  case ImmKind::TryTable:
    return unexpected(); // handled by the callers
  case ImmKind::CallIndirect: {
    uint32_t Table = 0, TypeIdx;
    if (atIndex())
      if (Error E = readIndex(TableNS, "table", Table))
        return E;
    if (Error E = readTypeUse(TypeIdx, nullptr))
      return E;
    Out.u32(TypeIdx);
    Out.u32(Table);
    return Error::success();
  }
  case ImmKind::Local:
    return Index(LocalNS, "local");
  case ImmKind::Global:
    return Index(GlobalNS, "global");
  case ImmKind::Table:
    if (atIndex())
      return Index(TableNS, "table");
    Out.u32(0);
    return Error::success();
  case ImmKind::Memory: {
    uint32_t Memory;
    if (Error E = readOptMemIndex(Memory))
      return E;
    Out.u32(Memory);
    return Error::success();
  }
  case ImmKind::MemArg1:
  case ImmKind::MemArg2:
  case ImmKind::MemArg4:
  case ImmKind::MemArg8:
  case ImmKind::MemArg16:
    return readMemArg(unsigned(opcodeInfo(O).Imm) -
                          unsigned(ImmKind::MemArg1),
                      Out);
  case ImmKind::I32:
  case ImmKind::I64: {
    const Token &T = tok();
    bool Is32 = opcodeInfo(O).Imm == ImmKind::I32;
    uint64_t V;
    bool OutOfRange;
    if (T.Kind != TokKind::Number)
      return unexpected("a number");
    if (!parseInt(T.Text, Is32 ? 32 : 64, V, OutOfRange))
      return badNumber("an integer");
    if (OutOfRange)
      return errAt(T, "constant out of range");
    Out.sleb(Is32 ? int64_t(int32_t(uint32_t(V))) : int64_t(V));
    ++Pos;
    return Error::success();
  }
  case ImmKind::F32: {
    const Token &T = tok();
    uint32_t Bits;
    bool OutOfRange;
    if (!isFloatToken(T))
      return unexpected("a number");
    if (!parseF32(T.Text, Bits, OutOfRange))
      return errNaming(T, isUnknownFloatWord(T) ? "unknown operator"
                                                : "unexpected token");
    if (OutOfRange)
      return errAt(T, "constant out of range");
    Out.fixed32(Bits);
    ++Pos;
    return Error::success();
  }
  case ImmKind::F64: {
    const Token &T = tok();
    uint64_t Bits;
    bool OutOfRange;
    if (!isFloatToken(T))
      return unexpected("a number");
    if (!parseF64(T.Text, Bits, OutOfRange))
      return errNaming(T, isUnknownFloatWord(T) ? "unknown operator"
                                                : "unexpected token");
    if (OutOfRange)
      return errAt(T, "constant out of range");
    Out.fixed64(Bits);
    ++Pos;
    return Error::success();
  }
  case ImmKind::SelectT:
    return unexpected(); // `select` is read as Select above
  case ImmKind::HeapType: {
    ValType T;
    if (Error E = readHeapType(T))
      return E;
    Out.heapType(T.heap());
    return Error::success();
  }
  case ImmKind::Type:
    return Index(TypeNS, "type");
  case ImmKind::TypeField: {
    uint32_t TypeIdx;
    if (Error E = readIndex(TypeNS, "type", TypeIdx))
      return E;
    Out.u32(TypeIdx);
    return readFieldIndex(TypeIdx, Out);
  }
  case ImmKind::TypeLen: {
    if (Error E = Index(TypeNS, "type"))
      return E;
    const Token &T = tok();
    uint64_t V;
    bool Overflow;
    if (T.Kind != TokKind::Number || !parseUnsigned(T.Text, V, Overflow))
      return unexpected("a number");
    if (Overflow || V > 0xFFFFFFFFu)
      return errAt(T, "constant out of range");
    Out.u32(uint32_t(V));
    ++Pos;
    return Error::success();
  }
  case ImmKind::TypeType:
    if (Error E = Index(TypeNS, "type"))
      return E;
    return Index(TypeNS, "type");
  case ImmKind::TypeData:
    UsesDataCount = true;
    if (Error E = Index(TypeNS, "type"))
      return E;
    return Index(DataNS, "data segment");
  case ImmKind::TypeElem:
    if (Error E = Index(TypeNS, "type"))
      return E;
    return Index(ElemNS, "elem segment");
  case ImmKind::RefType:
  case ImmKind::BrOnCast:
    return unexpected(); // read above
  case ImmKind::Elem:
    return Index(ElemNS, "elem segment");
  case ImmKind::Data:
    UsesDataCount = true;
    return Index(DataNS, "data segment");
  case ImmKind::TableCopy: {
    if (!atIndex()) {
      Out.u32(0);
      Out.u32(0);
      return Error::success();
    }
    if (Error E = Index(TableNS, "table"))
      return E;
    return Index(TableNS, "table");
  }
  case ImmKind::TableInit: {
    size_t First = Pos;
    uint32_t Table = 0, Elem;
    if (atIndex() && (tok(1).Kind == TokKind::Id ||
                      tok(1).Kind == TokKind::Number)) {
      if (Error E = readIndex(TableNS, "table", Table))
        return E;
    }
    (void)First;
    if (Error E = readIndex(ElemNS, "elem segment", Elem))
      return E;
    Out.u32(Elem);
    Out.u32(Table);
    return Error::success();
  }
  case ImmKind::MemoryInit: {
    // memory.init memory? data: with two indices, the first is the memory.
    UsesDataCount = true;
    uint32_t Memory = 0, Data;
    if (atIndex() && (tok(1).Kind == TokKind::Id ||
                      tok(1).Kind == TokKind::Number))
      if (Error E = readIndex(MemNS, "memory", Memory))
        return E;
    if (Error E = readIndex(DataNS, "data segment", Data))
      return E;
    Out.u32(Data);
    Out.u32(Memory);
    return Error::success();
  }
  case ImmKind::MemoryCopy: {
    // memory.copy (dst src)?
    uint32_t Dst = 0, Src = 0;
    if (atIndex()) {
      if (Error E = readIndex(MemNS, "memory", Dst))
        return E;
      if (Error E = readIndex(MemNS, "memory", Src))
        return E;
    }
    Out.u32(Dst);
    Out.u32(Src);
    return Error::success();
  }
  case ImmKind::V128:
    return readV128(Out);
  case ImmKind::Shuffle: {
    for (unsigned I = 0; I < 16; ++I) {
      if (tok().Kind == TokKind::LParen || tok().Kind == TokKind::RParen)
        return errAt(tok(), "invalid lane length");
      if (Error E = Lane(/*Shuffle=*/true))
        return E;
    }
    if (tok().Kind == TokKind::Number)
      return errAt(tok(), "invalid lane length");
    return Error::success();
  }
  case ImmKind::Lane2:
  case ImmKind::Lane4:
  case ImmKind::Lane8:
  case ImmKind::Lane16:
    return Lane(/*Shuffle=*/false);
  case ImmKind::MemArgLane1:
  case ImmKind::MemArgLane2:
  case ImmKind::MemArgLane4:
  case ImmKind::MemArgLane8:
    if (Error E = readMemArg(unsigned(opcodeInfo(O).Imm) -
                                 unsigned(ImmKind::MemArgLane1),
                             Out, /*LaneFollows=*/true))
      return E;
    return Lane(/*Shuffle=*/false);
  }
  return unexpected();
}

} // namespace wasm2so
