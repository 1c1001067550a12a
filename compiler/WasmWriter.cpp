//===- WasmWriter.cpp - Byte encodings of the binary format ---------------===//

#include "WasmWriter.h"

namespace wasm2so {

void WasmWriter::uleb(uint64_t V) {
  do {
    uint8_t B = V & 0x7f;
    V >>= 7;
    u8(V ? B | 0x80 : B);
  } while (V);
}

void WasmWriter::sleb(int64_t V) {
  while (true) {
    uint8_t B = V & 0x7f;
    V >>= 7; // arithmetic shift: the sign is kept
    bool Done = (V == 0 && !(B & 0x40)) || (V == -1 && (B & 0x40));
    u8(Done ? B : B | 0x80);
    if (Done)
      return;
  }
}

void WasmWriter::fixed32(uint32_t V) {
  for (unsigned I = 0; I < 4; ++I)
    u8(uint8_t(V >> (8 * I)));
}

void WasmWriter::fixed64(uint64_t V) {
  for (unsigned I = 0; I < 8; ++I)
    u8(uint8_t(V >> (8 * I)));
}

void WasmWriter::name(llvm::StringRef V) {
  u32(uint32_t(V.size()));
  Bytes.insert(Bytes.end(), V.begin(), V.end());
}

void WasmWriter::limits(const Limits &L) {
  u8((L.Max ? 0x01 : 0x00) | (L.Is64 ? 0x04 : 0x00));
  uleb(L.Min);
  if (L.Max)
    uleb(*L.Max);
}

void WasmWriter::section(uint8_t Id, const WasmWriter &Contents) {
  u8(Id);
  u32(uint32_t(Contents.size()));
  bytes(Contents.Bytes);
}

void WasmWriter::vec(uint32_t Count, const WasmWriter &Items) {
  u32(Count);
  bytes(Items.Bytes);
}

void WasmWriter::heapType(HeapType H) {
  if (H.isIndex())
    sleb(int64_t(H.index()));
  else
    u8(uint8_t(H.abs())); // a negative s33 of one byte
}

void WasmWriter::valType(ValType T) {
  if (!T.isRef()) {
    u8(uint8_t(T.kind()));
    return;
  }
  if (T.nullable() && T.heap().isAbstract()) {
    u8(uint8_t(T.heap().abs())); // funcref, externref, ... shorthands
    return;
  }
  u8(T.nullable() ? 0x63 : 0x64);
  heapType(T.heap());
}

} // namespace wasm2so
