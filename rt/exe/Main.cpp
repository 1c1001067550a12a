//===- Main.cpp - The main of a standalone executable (wasm2so --exe) -----===//
//
// wasm2so --exe links this file, libw2s_rt.a and one compiled module into a
// native executable. It runs the module as a WASI command exactly as
//
//   wasmrun app.so [--dir HOST[::GUEST]]... [--env NAME=VALUE]... -- ARGS...
//
// would. The runtime's own options use a prefix no ordinary program uses and
// are read only at the front of the command line:
//
//   ./app [--wasm2so-dir=HOST[::GUEST]]... [--wasm2so-env=NAME=VALUE]...
//         [--wasm2so--] ARGS...
//
// The first argument that does not start with "--wasm2so-" ends them, as
// does "--wasm2so--"; everything after is the program's, unchanged.
//
// Exit status: the program's; 1 for a load/link error or a trap, 2 for a
// bad runtime option.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/abi.h"
#include "wasm2so/runtime.h"
#include "wasm2so/wasi.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace wasm2so::rt;

/// The compiled module's descriptor, defined by the object wasm2so links in.
extern "C" const w2s_descriptor wasm2so_module_descriptor;

namespace {

constexpr const char *Prefix = "--wasm2so-";

void printHelp(const char *Argv0) {
  std::printf(
      "usage: %s [--wasm2so-dir=HOST[::GUEST]]... "
      "[--wasm2so-env=NAME=VALUE]... [--wasm2so--] ARGS...\n"
      "\n"
      "A WebAssembly (WASI) program compiled to native code by wasm2so.\n"
      "Leading arguments starting with --wasm2so- are the runtime's; the\n"
      "first other argument, or --wasm2so--, ends them. The rest are the\n"
      "program's.\n"
      "\n"
      "  --wasm2so-dir=HOST[::GUEST]  let the program use directory HOST,\n"
      "                               seen as GUEST (default: HOST)\n"
      "  --wasm2so-env=NAME=VALUE     put NAME=VALUE in its environment\n"
      "  --wasm2so-help               print this help\n",
      Argv0);
}

int usageError(const std::string &Message) {
  std::fprintf(stderr, "error: %s (see --wasm2so-help)\n", Message.c_str());
  return 2;
}

/// As wasmrun reports the same failures.
int reportRunError(const char *Argv0, const Error &E) {
  if (E.K == Error::Exit)
    return E.ExitCode;
  if (E.K == Error::Trap) {
    std::fprintf(stderr, "error: trap: %s\n", E.Message.c_str());
    for (const Frame &F : E.Backtrace)
      std::fprintf(stderr, "  at %s\n", formatFrame(F).c_str());
  } else if (E.K == Error::Usage)
    std::fprintf(stderr, "error: %s\n", E.Message.c_str());
  else
    std::fprintf(stderr, "%s: error: %s\n", Argv0, E.Message.c_str());
  return E.K == Error::Usage ? 2 : 1;
}

} // namespace

int main(int Argc, char **Argv) {
  const char *Argv0 = Argc > 0 && Argv[0] ? Argv[0] : "wasm2so-exe";
  WasiConfig Wasi;
  Wasi.Args.push_back(Argv0);
  int I = 1;
  for (; I < Argc && std::strncmp(Argv[I], Prefix, std::strlen(Prefix)) == 0;
       ++I) {
    std::string Opt = Argv[I] + std::strlen(Prefix);
    if (Opt == "-") {
      ++I;
      break;
    }
    if (Opt == "help") {
      printHelp(Argv0);
      return 0;
    }
    size_t Eq = Opt.find('=');
    std::string Name = Opt.substr(0, Eq);
    if (Name != "dir" && Name != "env")
      return usageError("unknown option " + std::string(Prefix) + Name);
    if (Eq == std::string::npos)
      return usageError(std::string(Prefix) + Name +
                        " needs a value: " + Prefix + Name +
                        (Name == "dir" ? "=HOST[::GUEST]" : "=NAME=VALUE"));
    std::string Value = Opt.substr(Eq + 1);
    if (Name == "env") {
      Wasi.Env.push_back(Value);
      continue;
    }
    size_t Sep = Value.find("::");
    if (Sep == std::string::npos)
      Wasi.Preopens.emplace_back(Value, Value);
    else
      Wasi.Preopens.emplace_back(Value.substr(0, Sep), Value.substr(Sep + 2));
  }
  for (; I < Argc; ++I)
    Wasi.Args.push_back(Argv[I]);

  // The same linker setup as wasmrun's.
  Linker L;
  L.setCommonTable(true);
  defineSpectest(L);
  auto Ctx = defineWasi(L, Wasi);
  if (!Ctx)
    return reportRunError(Argv0, Ctx.error());
  auto M = Module::fromDescriptor(&wasm2so_module_descriptor, Argv0);
  if (!M)
    return reportRunError(Argv0, M.error());
  auto Status = runWasiCommand(L, **Ctx, *M);
  if (!Status)
    return reportRunError(Argv0, Status.error());
  return *Status;
}
