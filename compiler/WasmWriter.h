//===- WasmWriter.h - Byte encodings of the binary format -------*- C++ -*-===//
//
// The primitive encodings the text front end writes: LEB128 integers,
// fixed-width floats, names, vectors and sections.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_WASMWRITER_H
#define WASM2SO_COMPILER_WASMWRITER_H

#include "Module.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <vector>

namespace wasm2so {

/// A growing byte buffer with the binary format's encodings.
class WasmWriter {
public:
  std::vector<uint8_t> Bytes;

  size_t size() const { return Bytes.size(); }
  void u8(uint8_t V) { Bytes.push_back(V); }
  void u32(uint32_t V) { uleb(V); }
  void uleb(uint64_t V);
  void sleb(int64_t V);
  void fixed32(uint32_t V);
  void fixed64(uint64_t V);
  void bytes(llvm::ArrayRef<uint8_t> V) {
    Bytes.insert(Bytes.end(), V.begin(), V.end());
  }
  /// A length-prefixed string of bytes (a name or a data string).
  void name(llvm::StringRef V);
  /// One byte, or 0x63/0x64 (ref null? ht) and the s33 heap type.
  void valType(ValType T);
  void heapType(HeapType H);
  void limits(const Limits &L);
  /// Section Id with Contents, size-prefixed.
  void section(uint8_t Id, const WasmWriter &Contents);
  /// A vector: Count, then the already encoded Items.
  void vec(uint32_t Count, const WasmWriter &Items);
};

} // namespace wasm2so

#endif
