//===- main.cpp - A complete embedder of the wasm2so runtime --------------===//
//
//   embed MODULE.so
//
// Loads a module compiled by wasm2so (examples/embed/embed.wat), gives it a
// host function, calls its exports and handles a trap: everything an
// embedder does, through include/wasm2so/runtime.h alone.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/runtime.h"

#include <cstdio>

using namespace wasm2so::rt;

int main(int Argc, char **Argv) {
  if (Argc != 2) {
    std::fprintf(stderr, "usage: %s MODULE.so\n", Argv[0]);
    return 2;
  }

  // 1. Load: dlopen and check the module's descriptor.
  Result<std::shared_ptr<Module>> M = Module::load(Argv[1]);
  if (!M) {
    std::fprintf(stderr, "%s: error: %s\n", Argv[1], M.error().Message.c_str());
    return 1;
  }

  // 2. Supply the import ("host", "scale"): [i32] -> [i32]. A callback
  // reads its arguments, writes its results, and returns no error.
  Linker L;
  L.define("host", "scale",
           Function::host({{W2S_I32}, {W2S_I32}},
                          [](const Value *Args, Value *Results)
                              -> std::optional<Error> {
                            Results[0] = Value::i32(Args[0].Bits.i32 * 10);
                            return std::nullopt;
                          }));

  // 3. Instantiate: link the imports, initialize, run the start function.
  Result<std::shared_ptr<Instance>> I = L.instantiate(*M);
  if (!I) {
    std::fprintf(stderr, "%s: error: %s\n", Argv[1], I.error().Message.c_str());
    return 1;
  }

  // 4. Call an export with typed arguments.
  Result<std::vector<Value>> Sum =
      (*I)->invoke("scaled_sum", {Value::i32(2), Value::i32(3)});
  if (!Sum) {
    std::fprintf(stderr, "error: %s\n", Sum.error().Message.c_str());
    return 1;
  }
  std::printf("scaled_sum(2, 3) = %s\n", formatValue((*Sum)[0]).c_str());

  // 5. A trap comes back as an Error with the wasm call stack; the
  // instance stays usable.
  Result<std::vector<Value>> Bad =
      (*I)->invoke("divide", {Value::i32(7), Value::i32(1), Value::i32(0)});
  if (Bad || Bad.error().K != Error::Trap) {
    std::fprintf(stderr, "error: divide by zero did not trap\n");
    return 1;
  }
  std::printf("divide(7, 1, 0) trapped: %s\n", Bad.error().Message.c_str());
  for (const Frame &F : Bad.error().Backtrace)
    std::printf("  at %s\n", formatFrame(F).c_str());

  Result<std::vector<Value>> Good =
      (*I)->invoke("divide", {Value::i32(7), Value::i32(1), Value::i32(2)});
  if (!Good) {
    std::fprintf(stderr, "error: %s\n", Good.error().Message.c_str());
    return 1;
  }
  std::printf("divide(7, 1, 2) = %s\n", formatValue((*Good)[0]).c_str());
  return 0;
}
