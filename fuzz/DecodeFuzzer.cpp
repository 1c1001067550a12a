//===- DecodeFuzzer.cpp - libFuzzer target: decode and validate bytes -----===//
//
// Any input must come back as success or as an error with a message; never
// a crash, a sanitizer report, an abort or an unbounded allocation.
//
//===----------------------------------------------------------------------===//
#include "Error.h"
#include "wasm2so/compiler.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::Error E =
      wasm2so::checkModule(llvm::ArrayRef<uint8_t>(Data, Size), "fuzz.wasm");
  if (!E)
    return 0;
  std::string Message = wasm2so::formatError("fuzz.wasm", std::move(E));
  if (Message.empty()) {
    std::fprintf(stderr, "error without a message\n");
    std::abort();
  }
  return 0;
}
