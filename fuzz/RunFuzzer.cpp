//===- RunFuzzer.cpp - libFuzzer target: compile, load and run exports ----===//
//
// Compiles whatever validates to a real .so (lld included), then, in a
// forked child under a one-second alarm, loads it, satisfies every import
// with a stub of the right type, instantiates it with memories capped at
// 16 MiB, and calls every exported function in an order and with arguments
// drawn from the input's hash. Traps, link errors and timeouts (wasm may
// loop forever) are fine; the child dying of any other signal or exiting
// with a sanitizer's status is a finding, reported by aborting the parent.
//
// The parent never loads a module, so the runtime's signal handlers live in
// the children only.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"
#include "wasm2so/compiler.h"
#include "wasm2so/runtime.h"

#include <csignal>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace wasm2so;
using namespace wasm2so::rt;

namespace {

constexpr unsigned ChildSeconds = 1;
constexpr uint64_t MaxPages = 256;

std::string scratchDir() {
  static std::string Dir = [] {
    const char *Tmp = std::getenv("TMPDIR");
    std::string D =
        std::string(Tmp && *Tmp ? Tmp : "/tmp") + "/w2s-fuzz-XXXXXX";
    if (!mkdtemp(D.data())) {
      std::perror("mkdtemp");
      std::abort();
    }
    return D;
  }();
  return Dir;
}

std::string nameOf(const w2s_name &N) {
  return N.data ? std::string(N.data, N.len) : std::string();
}

FuncSig sigOf(const w2s_func_type &T) {
  FuncSig S;
  for (uint32_t I = 0; I < T.num_params; ++I)
    S.Params.push_back(ValType(T.valtypes[I]));
  for (uint32_t I = 0; I < T.num_results; ++I)
    S.Results.push_back(ValType(T.valtypes[T.num_params + I]));
  return S;
}

/// A stub for every import: host functions that return zeros, fresh
/// tables, memories and globals of the import's type.
void defineStubs(Linker &L, const w2s_descriptor &D) {
  for (uint32_t I = 0; I < D.num_imports; ++I) {
    const w2s_import &Imp = D.imports[I];
    std::string Mod = nameOf(Imp.module), Name = nameOf(Imp.name);
    switch (Imp.kind) {
    case W2S_EXTERN_FUNC:
      L.define(
          Mod, Name,
          Function::host(sigOf(D.types[Imp.type_index]),
                         [](const Value *, Value *) { return std::nullopt; }));
      break;
    case W2S_EXTERN_TABLE: {
      std::optional<uint32_t> Max;
      if (Imp.limits.has_max)
        Max = uint32_t(Imp.limits.max);
      if (auto T = Table::create(ValType(Imp.valtype), uint32_t(Imp.limits.min),
                                 Max, Imp.limits.is64 != 0))
        L.define(Mod, Name, *T);
      break;
    }
    case W2S_EXTERN_MEMORY: {
      std::optional<uint64_t> Max;
      if (Imp.limits.has_max)
        Max = Imp.limits.max;
      if (Imp.limits.min <= MaxPages)
        if (auto M = Memory::create(Imp.limits.min, Max, Imp.limits.is64 != 0))
          L.define(Mod, Name, *M);
      break;
    }
    case W2S_EXTERN_GLOBAL: {
      Value Zero;
      Zero.Type = ValType(Imp.valtype);
      L.define(Mod, Name,
               Global::create(ValType(Imp.valtype), Imp.mutable_, Zero));
      break;
    }
    }
  }
}

Value randomValue(fuzz::Random &R, ValType T) {
  static const uint64_t Interesting[] = {0,
                                         1,
                                         ~0ull,
                                         0x7fffffffull,
                                         0x80000000ull,
                                         0xffffull,
                                         0x10000ull,
                                         0xfffcull,
                                         0x7fffffffffffffffull,
                                         0x8000000000000000ull,
                                         0x7fc00000ull,
                                         0x7ff8000000000000ull,
                                         0x3f800000ull,
                                         0x3ff0000000000000ull};
  uint64_t Bits =
      R.below(2) ? Interesting[R.below(std::size(Interesting))] : R.next();
  Value V;
  V.Type = T;
  switch (T) {
  case W2S_I32:
  case W2S_F32:
    V.Bits.i32 = int32_t(uint32_t(Bits));
    break;
  case W2S_I64:
  case W2S_F64:
    V.Bits.i64 = int64_t(Bits);
    break;
  case W2S_V128:
    std::memcpy(V.Bits.v128, &Bits, 8);
    Bits = R.next();
    std::memcpy(V.Bits.v128 + 8, &Bits, 8);
    break;
  case W2S_EXTERNREF: {
    // Opaque to wasm: never dereferenced, so any host pointer will do.
    static int HostObject;
    V.Bits.ref = R.below(2) ? &HostObject : nullptr;
    break;
  }
  default:
    V.Bits.ref = nullptr; // a funcref argument: null
    break;
  }
  return V;
}

/// The child: everything that runs the module. Returns the exit status.
int runModule(const std::string &Path, uint64_t Seed) {
  auto M = Module::load(Path);
  if (!M) {
    // The compiler wrote it; the loader must take it.
    std::fprintf(stderr, "loader refused a compiled module: %s\n",
                 M.error().Message.c_str());
    return 3;
  }
  Linker L;
  L.setMaxMemoryPages(MaxPages);
  defineStubs(L, (*M)->descriptor());
  auto I = L.instantiate(*M);
  if (!I)
    return 0;
  fuzz::Random R(Seed);
  std::vector<std::shared_ptr<Function>> Funcs;
  for (const auto &[Name, Ext] : (*I)->exports())
    if (auto *F = std::get_if<std::shared_ptr<Function>>(&Ext))
      Funcs.push_back(*F);
  for (size_t Round = 0; Round < 2 * Funcs.size(); ++Round) {
    const Function &F = *Funcs[R.below(Funcs.size())];
    std::vector<Value> Args;
    for (ValType T : F.sig().Params)
      Args.push_back(randomValue(R, T));
    auto Results = Instance::call(F, Args);
    (void)Results;
  }
  return 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Path = scratchDir() + "/module.so";
  CompileOptions Options;
  Options.OptLevel = 2;
  Options.VerifyIR = true;
  if (llvm::Error E = compileModule(llvm::ArrayRef<uint8_t>(Data, Size),
                                    "fuzz.wasm", Path, Options)) {
    fuzz::checkInputError(std::move(E));
    return 0;
  }
  uint64_t Seed = fuzz::hashInput(Data, Size);
  std::fflush(nullptr);
  pid_t Pid = fork();
  if (Pid < 0) {
    std::perror("fork");
    std::abort();
  }
  if (Pid == 0) {
    signal(SIGALRM, SIG_DFL); // libFuzzer's own timeout handler is not ours
    alarm(ChildSeconds);
    _exit(runModule(Path, Seed));
  }
  int Status = 0;
  while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(Status) && WTERMSIG(Status) == SIGALRM)
    return 0; // a module that runs too long: not a bug
  if (WIFEXITED(Status) && WEXITSTATUS(Status) == 0)
    return 0;
  if (WIFSIGNALED(Status))
    std::fprintf(stderr,
                 "running the module killed the child: signal %d (%s)\n",
                 WTERMSIG(Status), strsignal(WTERMSIG(Status)));
  else
    std::fprintf(stderr, "running the module failed: exit status %d\n",
                 WEXITSTATUS(Status));
  std::abort();
}
