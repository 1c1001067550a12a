//===- Error.h - Errors about wasm input ------------------------*- C++ -*-===//
//
// Every failure caused by the input is a WasmError: what kind it is, where
// in the file (byte offset), and what was wrong. Callers print it as
// `file:0xOFFSET: error: message`.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_ERROR_H
#define WASM2SO_COMPILER_ERROR_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace wasm2so {

enum class ErrorKind : uint8_t {
  Malformed,   // not a well-formed binary (assert_malformed)
  Invalid,     // well formed, fails validation (assert_invalid)
  Unsupported, // valid, but not (yet) handled by wasm2so
  Unlinkable,  // imports do not match (assert_unlinkable)
  Io,          // file system
};

class WasmError : public llvm::ErrorInfo<WasmError> {
public:
  static char ID;
  static constexpr uint64_t NoOffset = ~uint64_t(0);

  WasmError(ErrorKind Kind, uint64_t Offset, std::string Message)
      : Kind(Kind), Offset(Offset), Message(std::move(Message)) {}
  /// An error in WebAssembly text, at LINE:COL (1-based).
  WasmError(ErrorKind Kind, uint32_t Line, uint32_t Col, std::string Message)
      : Kind(Kind), Offset(NoOffset), Line(Line), Col(Col),
        Message(std::move(Message)) {}

  ErrorKind kind() const { return Kind; }
  uint64_t offset() const { return Offset; }
  /// The text position, or 0 for errors in binary input.
  uint32_t line() const { return Line; }
  uint32_t column() const { return Col; }
  std::string message() const override { return Message; }

  /// `0xOFFSET: error: message`, `LINE:COL: error: message`, or
  /// `error: message` when there is no position.
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }

private:
  ErrorKind Kind;
  uint64_t Offset;
  uint32_t Line = 0, Col = 0;
  std::string Message;
};

inline llvm::Error makeError(ErrorKind Kind, uint64_t Offset,
                             const llvm::Twine &Message) {
  return llvm::make_error<WasmError>(Kind, Offset, Message.str());
}
inline llvm::Error malformed(uint64_t Offset, const llvm::Twine &Message) {
  return makeError(ErrorKind::Malformed, Offset, Message);
}
inline llvm::Error invalid(uint64_t Offset, const llvm::Twine &Message) {
  return makeError(ErrorKind::Invalid, Offset, Message);
}
inline llvm::Error unsupported(uint64_t Offset, const llvm::Twine &Message) {
  return makeError(ErrorKind::Unsupported, Offset, Message);
}
/// A failure of wasm2so itself, not of the input (a target that cannot
/// emit objects, IR that lowering made invalid).
inline llvm::Error internalError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "internal error: " + Message);
}

/// Formats any error as `FILE:0xOFFSET: error: message` (WasmError) or
/// `FILE: error: message` (anything else), consuming it.
std::string formatError(llvm::StringRef File, llvm::Error E);

} // namespace wasm2so

#endif
