//===- DescriptorCheck.h - What the loader checks before trusting a .so ---===//
//
// Module.cpp's checks (magic, ABI version, counts, indices, hashes) assume
// that the descriptor's pointers can be followed. These make that so: the
// file must export the descriptor symbol before it is dlopen'ed, and once
// it is loaded, every pointer in the descriptor must stay inside the loaded
// segments of the object that holds the descriptor, and every value a
// table, a global or a segment receives must have the right type.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_RT_DESCRIPTORCHECK_H
#define WASM2SO_RT_DESCRIPTORCHECK_H

#include "wasm2so/abi.h"

#include <cstdint>
#include <optional>
#include <string>

namespace wasm2so::rt {

/// Reads the ELF file at Path (section headers, dynamic symbol table) without
/// loading it: it must define W2S_DESCRIPTOR_SYMBOL as a data object, else
/// the reason. No code of the file runs.
std::optional<std::string> checkDescriptorSymbol(const std::string &Path);

/// Checks that the descriptor D, every array, name and byte string it
/// points to, lie in readable loaded segments, and every code pointer in an
/// executable one, of the one object containing D; and that constant
/// expressions, globals, tables and segments agree on their types. A header
/// with another magic, ABI version or size passes: the caller reports those.
std::optional<std::string> checkDescriptorMemory(const w2s_descriptor *D);

/// The instructions of constant expression C, in order: C itself, or the
/// ones a W2S_CONST_SEQUENCE points to.
struct ConstInstrs {
  const w2s_const_expr *Begin;
  uint32_t Count;
};
inline ConstInstrs constInstrs(const w2s_const_expr &C) {
  if (C.kind == W2S_CONST_SEQUENCE)
    return {C.seq, C.index};
  return {&C, 1};
}

/// The signature hash the loader computes for T to check T.hash and key its
/// registry: w2s_signature_hash, unless a test replaced it (null restores).
uint64_t registryHash(const w2s_func_type &T);
void setRegistryHashForTesting(uint64_t (*Hash)(const w2s_func_type &));

} // namespace wasm2so::rt

#endif
