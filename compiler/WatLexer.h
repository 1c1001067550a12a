//===- WatLexer.h - Tokens of the WebAssembly text format -------*- C++ -*-===//
//
// Splits a .wat/.wast text into tokens: parentheses, keywords, $ids,
// numbers, strings and reserved words, skipping white space, (nested)
// comments and annotations `(@id ...)`, which no client reads. Every token
// keeps its byte offset, line and column for errors.
// Numbers stay as text; WatLexer's helpers convert them when the parser
// knows which type it wants (the spec's ranges depend on that type).
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_WATLEXER_H
#define WASM2SO_COMPILER_WATLEXER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wasm2so {

enum class TokKind : uint8_t {
  LParen,
  RParen,
  Keyword,  // starts with a lowercase letter: `module`, `i32.add`, `offset=4`
  Id,       // `$name` or `$"name"` (Str holds the name, without `$`)
  Number,   // looks like an integer or a float (classified when used)
  String,   // "..." (Text includes the quotes; see decodeString)
  Reserved, // any other run of identifier characters
  Eof,
};

struct Token {
  TokKind Kind = TokKind::Eof;
  llvm::StringRef Text;
  uint32_t Offset = 0;
  uint32_t Line = 1;
  uint32_t Col = 1;
  /// The decoded bytes of a String token; the name of an Id token (`$a`
  /// and `$"a"` are the same identifier).
  std::string Str;
};

/// A position in the text for messages: `LINE:COL`.
struct TextPos {
  uint32_t Offset = 0, Line = 1, Col = 1;
};

/// Tokenizes Text; a lexical error is a watError.
llvm::Expected<std::vector<Token>> lexWat(llvm::StringRef Text);

/// A Malformed WasmError at a position of the text, with the spec
/// interpreter's words where it has some.
llvm::Error watError(const TextPos &P, const llvm::Twine &Msg);

/// Number conversions, following the spec's grammar (underscores between
/// digits, hex forms, signs). Each returns false when Text is not a
/// number of that form; OutOfRange is set when it is one but too large.
bool parseUnsigned(llvm::StringRef Text, uint64_t &V, bool &Overflow);
/// iN as the reference interpreter reads it: a magnitude below 2^N, and
/// with a minus sign at most 2^(N-1). V holds the two's complement bits.
bool parseInt(llvm::StringRef Text, unsigned Bits, uint64_t &V,
              bool &OutOfRange);
bool parseF32(llvm::StringRef Text, uint32_t &Bits, bool &OutOfRange);
bool parseF64(llvm::StringRef Text, uint64_t &Bits, bool &OutOfRange);

} // namespace wasm2so

#endif
