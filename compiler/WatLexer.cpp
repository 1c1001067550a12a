//===- WatLexer.cpp - Tokens and numbers of the WebAssembly text format ---===//

#include "WatLexer.h"
#include "Error.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace llvm;

namespace wasm2so {

Error watError(const TextPos &P, const Twine &Msg) {
  return make_error<WasmError>(ErrorKind::Malformed, P.Line, P.Col,
                               Msg.str());
}

namespace {

bool isIdChar(char C) {
  if (isAlnum(C))
    return true;
  return std::strchr("!#$%&'*+-./:<=>?@\\^_`|~", C) && C != '\0';
}

int hexValue(char C) {
  if (C >= '0' && C <= '9')
    return C - '0';
  if (C >= 'a' && C <= 'f')
    return C - 'a' + 10;
  if (C >= 'A' && C <= 'F')
    return C - 'A' + 10;
  return -1;
}

void appendUtf8(std::string &Out, uint32_t CP) {
  if (CP < 0x80) {
    Out += char(CP);
  } else if (CP < 0x800) {
    Out += char(0xc0 | (CP >> 6));
    Out += char(0x80 | (CP & 0x3f));
  } else if (CP < 0x10000) {
    Out += char(0xe0 | (CP >> 12));
    Out += char(0x80 | ((CP >> 6) & 0x3f));
    Out += char(0x80 | (CP & 0x3f));
  } else {
    Out += char(0xf0 | (CP >> 18));
    Out += char(0x80 | ((CP >> 12) & 0x3f));
    Out += char(0x80 | ((CP >> 6) & 0x3f));
    Out += char(0x80 | (CP & 0x3f));
  }
}

/// Characters that only form reserved tokens: `a,b` or `{}` is one token,
/// but no token of the grammar.
bool isReservedPunct(char C) {
  return C != '\0' && std::strchr(",;[]{}", C);
}

bool isSpace(char C) { return C == ' ' || C == '\t' || C == '\n' || C == '\r'; }

/// The length of the valid UTF-8 sequence at S[Pos], or 0.
unsigned utf8Length(StringRef S, size_t Pos) {
  uint8_t B = uint8_t(S[Pos]);
  if (B < 0x80)
    return 1;
  unsigned N = getNumBytesForUTF8(B);
  if (N < 2 || N > 4 || Pos + N > S.size())
    return 0;
  const UTF8 *P = reinterpret_cast<const UTF8 *>(S.data() + Pos);
  return isLegalUTF8Sequence(P, P + N) ? N : 0;
}

bool isUtf8(StringRef S) {
  for (size_t I = 0; I < S.size();) {
    unsigned N = utf8Length(S, I);
    if (!N)
      return false;
    I += N;
  }
  return true;
}

class Lexer {
public:
  explicit Lexer(StringRef Text) : Text(Text) {}
  Expected<std::vector<Token>> run();

private:
  TextPos here() const { return {uint32_t(Pos), Line, Col}; }
  bool at(StringRef S) const { return Text.substr(Pos).starts_with(S); }
  void advance() {
    // CR LF is one line break, and so are a lone CR and a lone LF.
    if (Text[Pos] == '\n' ||
        (Text[Pos] == '\r' && !(Pos + 1 < Text.size() && Text[Pos + 1] == '\n'))) {
      ++Line;
      Col = 1;
    } else if ((uint8_t(Text[Pos]) & 0xc0) != 0x80) {
      ++Col; // count characters, not UTF-8 continuation bytes
    }
    ++Pos;
  }
  /// Steps over one character of a comment, which must be UTF-8.
  Error advanceChar();
  /// White space and comments; with Annotations, `(@...)` too (inside an
  /// annotation, a nested one is a parenthesized list like any other).
  Error skipSpace(bool Annotations = true);
  Error skipLineComment();
  Error skipBlockComment();
  Error skipAnnotation();
  Error lexString(Token &T);
  /// A run of identifier characters, strings and reserved punctuation,
  /// up to white space, a parenthesis or a comment, classified.
  Error lexWord(Token &T);
  /// The error for a character that starts no token.
  Error badChar();

  StringRef Text;
  size_t Pos = 0;
  uint32_t Line = 1, Col = 1;
};

Error Lexer::advanceChar() {
  unsigned N = utf8Length(Text, Pos);
  if (!N)
    return watError(here(), "malformed UTF-8 encoding");
  while (N--)
    advance();
  return Error::success();
}

Error Lexer::badChar() {
  uint8_t B = uint8_t(Text[Pos]);
  if (B >= 0x80 && !utf8Length(Text, Pos))
    return watError(here(), "malformed UTF-8 encoding");
  // A control character, or a character beyond ASCII outside a string or
  // comment.
  return watError(here(), "illegal character");
}

Error Lexer::skipLineComment() {
  while (Pos < Text.size() && Text[Pos] != '\n' && Text[Pos] != '\r')
    if (Error E = advanceChar())
      return E;
  return Error::success();
}

Error Lexer::skipBlockComment() {
  std::vector<TextPos> Opens;
  while (Pos < Text.size()) {
    if (at("(;")) {
      Opens.push_back(here());
      advance(), advance();
    } else if (at(";)")) {
      advance(), advance();
      Opens.pop_back();
      if (Opens.empty())
        return Error::success();
    } else if (Error E = advanceChar()) {
      return E;
    }
  }
  return watError(Opens.front(), "unclosed comment");
}

Error Lexer::skipSpace(bool Annotations) {
  while (Pos < Text.size()) {
    if (isSpace(Text[Pos])) {
      advance();
    } else if (at(";;")) {
      if (Error E = skipLineComment())
        return E;
    } else if (at("(;")) {
      if (Error E = skipBlockComment())
        return E;
    } else if (Annotations && at("(@")) {
      if (Error E = skipAnnotation())
        return E;
    } else {
      break;
    }
  }
  return Error::success();
}

Error Lexer::skipAnnotation() {
  TextPos Start = here();
  advance(), advance(); // (@
  // The annotation's id: identifier characters, or a string that is a
  // nonempty UTF-8 name.
  if (Pos < Text.size() && isIdChar(Text[Pos])) {
    while (Pos < Text.size() && isIdChar(Text[Pos]))
      advance();
  } else if (Pos < Text.size() && Text[Pos] == '"') {
    Token Id;
    if (Error E = lexString(Id)) {
      consumeError(std::move(E));
      return watError(Start, "empty annotation id");
    }
    if (Id.Str.empty())
      return watError(Start, "empty annotation id");
    if (!isUtf8(Id.Str))
      return watError(Start, "malformed UTF-8 encoding");
  } else {
    return watError(Start, "empty annotation id");
  }
  // The body: any tokens, with balanced parentheses; nested annotations
  // are parenthesized lists like any other.
  unsigned Depth = 1;
  while (true) {
    if (Error E = skipSpace(/*Annotations=*/false))
      return E;
    if (Pos >= Text.size())
      return watError(Start, "unclosed annotation");
    char C = Text[Pos];
    if (C == '(' || C == ')') {
      advance();
      if (C == '(')
        ++Depth;
      else if (--Depth == 0)
        return Error::success();
      continue;
    }
    if (!isIdChar(C) && C != '"' && !isReservedPunct(C))
      return badChar();
    Token Ignored;
    if (Error E = lexWord(Ignored))
      return E;
  }
}

Error Lexer::lexString(Token &T) {
  TextPos Start = here();
  advance(); // the opening quote
  while (true) {
    if (Pos >= Text.size() || Text[Pos] == '\n')
      return watError(Start, "unclosed string literal");
    char C = Text[Pos];
    if (C == '"') {
      advance();
      return Error::success();
    }
    if (uint8_t(C) < 0x20 || C == 0x7f)
      return watError(here(), "illegal control character in string");
    if (uint8_t(C) >= 0x80) {
      unsigned N = utf8Length(Text, Pos);
      if (!N)
        return watError(here(), "malformed UTF-8 encoding");
      T.Str += Text.substr(Pos, N);
      while (N--)
        advance();
      continue;
    }
    if (C != '\\') {
      T.Str += C;
      advance();
      continue;
    }
    TextPos EscPos = here();
    advance();
    if (Pos >= Text.size())
      return watError(Start, "unclosed string literal");
    char E = Text[Pos];
    advance();
    switch (E) {
    case 't': T.Str += '\t'; continue;
    case 'n': T.Str += '\n'; continue;
    case 'r': T.Str += '\r'; continue;
    case '"': T.Str += '"'; continue;
    case '\'': T.Str += '\''; continue;
    case '\\': T.Str += '\\'; continue;
    case 'u': {
      if (Pos >= Text.size() || Text[Pos] != '{')
        return watError(EscPos, "illegal escape");
      advance();
      uint64_t CP = 0;
      unsigned Digits = 0;
      while (Pos < Text.size() && (hexValue(Text[Pos]) >= 0 ||
                                   (Text[Pos] == '_' && Digits))) {
        if (Text[Pos] != '_') {
          CP = CP * 16 + hexValue(Text[Pos]);
          if (CP > 0x10ffff)
            CP = 0x110000;
          ++Digits;
        }
        advance();
      }
      if (!Digits || Pos >= Text.size() || Text[Pos] != '}')
        return watError(EscPos, "illegal escape");
      advance();
      if (CP >= 0x110000 || (CP >= 0xd800 && CP < 0xe000))
        return watError(EscPos, "malformed UTF-8 encoding");
      appendUtf8(T.Str, uint32_t(CP));
      continue;
    }
    default: {
      int Hi = hexValue(E);
      int Lo = Pos < Text.size() ? hexValue(Text[Pos]) : -1;
      if (Hi < 0 || Lo < 0)
        return watError(EscPos, "illegal escape");
      advance();
      T.Str += char(Hi * 16 + Lo);
    }
    }
  }
}

Error Lexer::lexWord(Token &T) {
  TextPos Start = here();
  size_t Begin = Pos;
  bool Dollar = Text[Pos] == '$';
  unsigned Strings = 0;
  bool Punct = false;
  size_t StrBegin = 0, StrEnd = 0; // the first string's extent
  std::string Str;                 // and its bytes
  while (Pos < Text.size()) {
    char C = Text[Pos];
    if (isIdChar(C)) {
      advance();
    } else if (C == '"') {
      size_t SBegin = Pos;
      Token S;
      if (Error E = lexString(S)) {
        // `$"a<newline>b"` is no string: the `$` stands alone.
        if (Dollar && SBegin == Begin + 1) {
          consumeError(std::move(E));
          return watError(Start, "empty identifier");
        }
        return E;
      }
      if (Strings++ == 0) {
        StrBegin = SBegin;
        StrEnd = Pos;
        Str = std::move(S.Str);
      }
    } else if (isReservedPunct(C) && !at(";;")) {
      Punct = true;
      advance();
    } else {
      break;
    }
  }
  StringRef W = Text.slice(Begin, Pos);
  T.Text = W;
  T.Kind = TokKind::Reserved;
  bool OneString = Strings == 1 && !Punct && StrEnd == Pos;
  if (OneString && StrBegin == Begin) {
    T.Kind = TokKind::String;
    T.Str = std::move(Str);
    return Error::success();
  }
  if (Dollar) {
    if (OneString && StrBegin == Begin + 1) {
      if (Str.empty())
        return watError(Start, "empty identifier");
      if (!isUtf8(Str))
        return watError(Start, "malformed UTF-8 encoding");
      T.Kind = TokKind::Id;
      T.Str = std::move(Str);
    } else if (W.size() == 1) {
      return watError(Start, "empty identifier");
    } else if (!Strings && !Punct) {
      T.Kind = TokKind::Id;
      T.Str = W.drop_front().str();
    }
    return Error::success();
  }
  if (Strings || Punct)
    return Error::success(); // a string glued to a word, `a,b`, ...
  if (W[0] >= 'a' && W[0] <= 'z')
    T.Kind = TokKind::Keyword;
  else if (isDigit(W[0]) || ((W[0] == '+' || W[0] == '-') && W.size() > 1))
    T.Kind = TokKind::Number;
  return Error::success();
}

Expected<std::vector<Token>> Lexer::run() {
  std::vector<Token> Toks;
  while (true) {
    if (Error E = skipSpace())
      return std::move(E);
    Token T;
    TextPos P = here();
    T.Offset = P.Offset;
    T.Line = P.Line;
    T.Col = P.Col;
    if (Pos >= Text.size()) {
      Toks.push_back(std::move(T));
      return Toks;
    }
    char C = Text[Pos];
    if (C == '(' || C == ')') {
      T.Kind = C == '(' ? TokKind::LParen : TokKind::RParen;
      T.Text = Text.substr(Pos, 1);
      advance();
    } else if (isIdChar(C) || C == '"' || isReservedPunct(C)) {
      if (Error E = lexWord(T))
        return std::move(E);
    } else {
      return badChar();
    }
    Toks.push_back(std::move(T));
  }
}

/// Strips the spec's digit separators: `_` only between two digits.
bool stripUnderscores(StringRef S, std::string &Out, bool Hex) {
  Out.clear();
  auto IsDigit = [&](char C) { return Hex ? hexValue(C) >= 0 : isDigit(C); };
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] != '_') {
      Out += S[I];
      continue;
    }
    if (I == 0 || I + 1 == S.size() || !IsDigit(S[I - 1]) ||
        !IsDigit(S[I + 1]))
      return false;
  }
  return true;
}

} // namespace

Expected<std::vector<Token>> lexWat(StringRef Text) {
  return Lexer(Text).run();
}

bool parseUnsigned(StringRef Text, uint64_t &V, bool &Overflow) {
  Overflow = false;
  V = 0;
  bool Hex = Text.consume_front("0x");
  if (Text.empty())
    return false;
  std::string Digits;
  if (!stripUnderscores(Text, Digits, Hex))
    return false;
  for (char C : Digits) {
    int D = Hex ? hexValue(C) : (isDigit(C) ? C - '0' : -1);
    if (D < 0)
      return false;
    unsigned Base = Hex ? 16 : 10;
    if (V > (UINT64_MAX - D) / Base)
      Overflow = true;
    V = V * Base + D;
  }
  return true;
}

bool parseInt(StringRef Text, unsigned Bits, uint64_t &V, bool &OutOfRange) {
  bool Neg = Text.consume_front("-");
  if (!Neg)
    Text.consume_front("+");
  uint64_t Mag;
  bool Overflow;
  if (!parseUnsigned(Text, Mag, Overflow))
    return false;
  uint64_t Max = Bits == 64 ? UINT64_MAX : (uint64_t(1) << Bits) - 1;
  uint64_t NegMax = uint64_t(1) << (Bits - 1);
  OutOfRange = Overflow || Mag > Max || (Neg && Mag > NegMax);
  V = Neg ? uint64_t(0) - Mag : Mag;
  if (Bits < 64)
    V &= Max;
  return true;
}

namespace {

/// Checks the spec's float syntax (without the sign) and returns the text
/// strtod understands: underscores stripped.
bool floatSyntax(StringRef S, std::string &Out) {
  bool Hex = S.consume_front("0x");
  size_t I = 0;
  // A run of digits and underscores (checked below); false when empty.
  auto Num = [&](bool HexDigits) {
    size_t Begin = I;
    while (I < S.size() && (S[I] == '_' || (HexDigits ? hexValue(S[I]) >= 0
                                                      : isDigit(S[I]))))
      ++I;
    return I > Begin;
  };
  if (!Num(Hex))
    return false;
  if (I < S.size() && S[I] == '.') {
    ++I;
    Num(Hex);
  }
  if (I < S.size() && (Hex ? (S[I] == 'p' || S[I] == 'P')
                           : (S[I] == 'e' || S[I] == 'E'))) {
    ++I;
    if (I < S.size() && (S[I] == '+' || S[I] == '-'))
      ++I;
    if (!Num(false))
      return false;
  }
  if (I != S.size())
    return false;
  // Underscores: between digits only (checked piecewise by stripping).
  std::string Clean;
  for (size_t J = 0; J < S.size(); ++J) {
    if (S[J] != '_') {
      Clean += S[J];
      continue;
    }
    bool PrevDigit = J > 0 && (Hex ? hexValue(S[J - 1]) >= 0 : isDigit(S[J - 1]));
    bool NextDigit =
        J + 1 < S.size() && (Hex ? hexValue(S[J + 1]) >= 0 : isDigit(S[J + 1]));
    // In a hex float the exponent is decimal; `e` may be a hex digit but
    // `p` is not, so this stays exact.
    if (!PrevDigit || !NextDigit)
      return false;
  }
  Out = (Hex ? "0x" : "") + Clean;
  return true;
}

template <typename FloatT, typename BitsT>
bool parseFloat(StringRef Text, BitsT &Bits, bool &OutOfRange,
                unsigned MantBits) {
  OutOfRange = false;
  bool Neg = Text.consume_front("-");
  if (!Neg)
    Text.consume_front("+");
  const unsigned TotalBits = sizeof(BitsT) * 8;
  const BitsT SignBit = BitsT(1) << (TotalBits - 1);
  const BitsT ExpMask = (~BitsT(0) >> 1) & ~((BitsT(1) << MantBits) - 1);
  if (Text == "inf") {
    Bits = ExpMask | (Neg ? SignBit : 0);
    return true;
  }
  if (Text == "nan") {
    Bits = ExpMask | (BitsT(1) << (MantBits - 1)) | (Neg ? SignBit : 0);
    return true;
  }
  if (Text.consume_front("nan:")) {
    if (!Text.starts_with("0x"))
      return false;
    uint64_t Payload;
    bool Overflow;
    if (!parseUnsigned(Text, Payload, Overflow))
      return false;
    if (Overflow || Payload == 0 || Payload >= (uint64_t(1) << MantBits))
      OutOfRange = true;
    Bits = ExpMask | BitsT(Payload) | (Neg ? SignBit : 0);
    return true;
  }
  std::string Clean;
  if (!floatSyntax(Text, Clean))
    return false;
  errno = 0;
  FloatT F;
  if constexpr (sizeof(FloatT) == 4)
    F = std::strtof(Clean.c_str(), nullptr);
  else
    F = std::strtod(Clean.c_str(), nullptr);
  if (std::isinf(F))
    OutOfRange = true;
  if (Neg)
    F = -F;
  std::memcpy(&Bits, &F, sizeof(Bits));
  return true;
}

} // namespace

bool parseF32(StringRef Text, uint32_t &Bits, bool &OutOfRange) {
  return parseFloat<float>(Text, Bits, OutOfRange, 23);
}

bool parseF64(StringRef Text, uint64_t &Bits, bool &OutOfRange) {
  return parseFloat<double>(Text, Bits, OutOfRange, 52);
}

} // namespace wasm2so
