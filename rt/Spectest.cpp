//===- Spectest.cpp - The `spectest` host module of the spec test suite ----===//
#include "Internal.h"

#include <cstdio>

using namespace wasm2so::rt;

namespace {

std::shared_ptr<Function> printer(std::vector<ValType> Params) {
  FuncSig Sig;
  Sig.Params = std::move(Params);
  size_t N = Sig.Params.size();
  return Function::host(std::move(Sig),
                        [N](const Value *Args, Value *) -> std::optional<Error> {
                          for (size_t I = 0; I < N; ++I)
                            std::printf("%s : %s\n",
                                        formatValue(Args[I]).c_str(),
                                        valTypeName(Args[I].Type));
                          std::fflush(stdout);
                          return std::nullopt;
                        });
}

} // namespace

void wasm2so::rt::defineSpectest(Linker &L) {
  const std::string M = "spectest";
  L.define(M, "print", printer({}));
  L.define(M, "print_i32", printer({W2S_I32}));
  L.define(M, "print_i64", printer({W2S_I64}));
  L.define(M, "print_f32", printer({W2S_F32}));
  L.define(M, "print_f64", printer({W2S_F64}));
  L.define(M, "print_i32_f32", printer({W2S_I32, W2S_F32}));
  L.define(M, "print_f64_f64", printer({W2S_F64, W2S_F64}));
  L.define(M, "global_i32", Global::create(W2S_I32, false, Value::i32(666)));
  L.define(M, "global_i64", Global::create(W2S_I64, false, Value::i64(666)));
  L.define(M, "global_f32", Global::create(W2S_F32, false, Value::f32(666.6f)));
  L.define(M, "global_f64", Global::create(W2S_F64, false, Value::f64(666.6)));
  if (auto T = Table::create(W2S_FUNCREF, 10, 20))
    L.define(M, "table", *T);
  if (auto T = Table::create(W2S_FUNCREF, 10, 20, /*Is64=*/true))
    L.define(M, "table64", *T);
  if (auto Mem = Memory::create(1, 2))
    L.define(M, "memory", *Mem);
}
