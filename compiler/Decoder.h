//===- Decoder.h - Streaming reader of the binary format --------*- C++ -*-===//
//
// decodeModule reads every section of a binary module and checks that it is
// well formed (every error a Malformed WasmError with the byte offset and
// what was being read). It also scans each function body once with
// BodyReader, so a module that decodes is well formed throughout.
//
// BodyReader then hands out one Instr at a time for the later phases.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_DECODER_H
#define WASM2SO_COMPILER_DECODER_H

#include "Instr.h"
#include "Module.h"
#include "wasm2so/compiler.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace wasm2so {

/// Without Features::Exceptions, the tag section and tag imports and
/// exports are malformed, as the 2.0 spec suite asserts.
llvm::Expected<std::unique_ptr<Module>>
decodeModule(std::vector<uint8_t> Bytes, llvm::StringRef FileName,
             const Features &Feats = Features());

/// A cursor over bytes [Pos, End) of a module, reading the primitive
/// encodings. Every read names what it reads, for the error message
/// (`readVarU32(X, "function count")`).
class Reader {
public:
  Reader(llvm::ArrayRef<uint8_t> Bytes, uint32_t Pos, uint32_t End)
      : Bytes(Bytes), Pos(Pos), End(End) {}

  uint32_t pos() const { return Pos; }
  uint32_t end() const { return End; }
  bool atEnd() const { return Pos >= End; }
  uint32_t bytesLeft() const { return End - Pos; }

  llvm::Error readU8(uint8_t &V, const char *What);
  llvm::Error readU32(uint32_t &V, const char *What); // fixed 4 bytes
  llvm::Error readU64(uint64_t &V, const char *What); // fixed 8 bytes
  llvm::Error readVarU32(uint32_t &V, const char *What);
  llvm::Error readVarS32(int32_t &V, const char *What);
  llvm::Error readVarU64(uint64_t &V, const char *What);
  llvm::Error readVarS64(int64_t &V, const char *What);
  llvm::Error readVarS33(int64_t &V, const char *What);
  llvm::Error readBytes(llvm::ArrayRef<uint8_t> &V, uint32_t N,
                        const char *What);
  /// A length-prefixed UTF-8 name; malformed when not valid UTF-8.
  llvm::Error readName(std::string &V, const char *What);
  llvm::Error readValType(ValType &V, const char *What);
  /// A value type that must be a reference type.
  llvm::Error readRefType(ValType &V, const char *What);
  /// An s33 heap type: a type index or an abstract heap type.
  llvm::Error readHeapType(HeapType &H, const char *What);

private:
  llvm::ArrayRef<uint8_t> Bytes;
  uint32_t Pos;
  uint32_t End;
};

/// Reads the instructions of one function body, in order. The last
/// instruction read is the body's final `end`.
class BodyReader {
public:
  BodyReader(const Module &M, const Function &F);
  bool atEnd() const { return R.atEnd(); }
  uint32_t offset() const { return R.pos(); }
  /// Decodes the next instruction and its immediates into I.
  llvm::Error read(Instr &I);

private:
  Reader R;
  Features Feats;
  std::vector<uint32_t> Targets;
};

} // namespace wasm2so

#endif
