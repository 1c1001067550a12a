//===- CompileFuzzer.cpp - libFuzzer target: compile to an object ---------===//
//
// Decodes and validates arbitrary bytes and, for whatever validates, lowers,
// verifies, optimizes and emits an object in memory (compiler/Fuzzing.h),
// at an optimization level chosen by the input. A valid module must
// compile, or be reported unsupported; invalid IR or a crash is a finding.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"
#include "Fuzzing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  unsigned OptLevel = unsigned(wasm2so::fuzz::hashInput(Data, Size) % 4);
  auto Object = wasm2so::compileToObject(llvm::ArrayRef<uint8_t>(Data, Size),
                                         "fuzz.wasm", OptLevel);
  if (!Object) {
    wasm2so::fuzz::checkInputError(Object.takeError());
    return 0;
  }
  if (Object->empty()) {
    std::fprintf(stderr, "empty object for a valid module\n");
    std::abort();
  }
  return 0;
}
