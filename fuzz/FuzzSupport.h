//===- FuzzSupport.h - What the fuzz targets share --------------*- C++ -*-===//
//
// Telling the input's faults (errors, fine) from the compiler's (internal
// errors, a finding), and a small deterministic generator seeded by the
// input, for the choices a target makes beyond the bytes themselves.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_FUZZ_FUZZSUPPORT_H
#define WASM2SO_FUZZ_FUZZSUPPORT_H

#include "Error.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace wasm2so::fuzz {

/// Consumes E. An error about the input (a WasmError: malformed, invalid,
/// unsupported, unlinkable) is the input's fault and is ignored; anything
/// else is the compiler's (an internal error, an I/O failure) and aborts,
/// which libFuzzer reports as a crash.
inline void checkInputError(llvm::Error E) {
  llvm::handleAllErrors(
      std::move(E), [](const WasmError &) {},
      [](const llvm::ErrorInfoBase &Info) {
        std::fprintf(stderr, "compiler failure on a valid module: %s\n",
                     Info.message().c_str());
        std::abort();
      });
}

/// FNV-1a of the input: the seed of everything a target chooses.
inline uint64_t hashInput(const uint8_t *Data, size_t Size) {
  uint64_t H = 0xcbf29ce484222325ull;
  for (size_t I = 0; I < Size; ++I)
    H = (H ^ Data[I]) * 0x100000001b3ull;
  return H;
}

/// splitmix64.
class Random {
public:
  explicit Random(uint64_t Seed) : State(Seed) {}
  uint64_t next() {
    uint64_t Z = (State += 0x9e3779b97f4a7c15ull);
    Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ull;
    Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebull;
    return Z ^ (Z >> 31);
  }
  uint64_t below(uint64_t N) { return N ? next() % N : 0; }

private:
  uint64_t State;
};

} // namespace wasm2so::fuzz

#endif
