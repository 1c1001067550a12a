//===- Wat2Wasm.cpp - Text to binary for the C API tests ------------------===//
//
//   w2s_wat2wasm IN.wat OUT.wasm
//
// The C API takes binary modules; the tests keep theirs as text.
//
//===----------------------------------------------------------------------===//
#include "Error.h"
#include "wasm2so/compiler.h"

#include <cstdio>

int main(int Argc, char **Argv) {
  if (Argc != 3) {
    std::fprintf(stderr, "usage: w2s_wat2wasm IN.wat OUT.wasm\n");
    return 2;
  }
  auto Wasm = wasm2so::readModuleFile(Argv[1]);
  if (!Wasm) {
    std::fprintf(stderr, "%s\n",
                 wasm2so::formatError(Argv[1], Wasm.takeError()).c_str());
    return 1;
  }
  FILE *F = std::fopen(Argv[2], "wb");
  if (!F || std::fwrite(Wasm->data(), 1, Wasm->size(), F) != Wasm->size() ||
      std::fclose(F) != 0) {
    std::fprintf(stderr, "cannot write %s\n", Argv[2]);
    return 1;
  }
  return 0;
}
