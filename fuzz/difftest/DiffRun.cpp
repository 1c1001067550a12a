//===- DiffRun.cpp - Run a generated module on wasm2so and print its trace -===//
//
//   w2s-difftest-run MODULE.wasm OUTDIR CONFIG...
//
// The wasm2so side of the differential tester (fuzz/difftest/difftest.py).
// For each CONFIG (O0, O2, O0-split, O2-split) it compiles MODULE.wasm in
// this process (compileModule, the -O level, --part-size 8 for -split),
// then in a forked child loads the .so, provides the `fuzzing-support`
// logging imports, calls every function export in order with fixed
// arguments, and writes OUTDIR/CONFIG.trace: what was logged, what each
// call returned or how it trapped, and after each call a hash of linear
// memory and the value of every global (read through the `__dt_g*`
// getters that difftest.py adds to the module). fuzz/difftest/run-v8.js
// writes the same trace from V8; the format is described there and in
// docs/testing.md. A child that crashes or hangs ends its trace with
// `crash signal N` or `timeout`.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/compiler.h"
#include "wasm2so/runtime.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace wasm2so;
using namespace wasm2so::rt;

namespace {

/// Seconds a child may run before its trace ends in `timeout`.
constexpr unsigned TimeoutSeconds = 20;

//===- values, printed as run-v8.js prints them -----------------------===//

/// NaNs print as `nan` whatever their sign and payload: the spec lets them
/// differ between engines (and between -O levels) in most operations.
std::string fmtF32Bits(uint32_t Bits) {
  if ((Bits & 0x7f800000u) == 0x7f800000u && (Bits & 0x007fffffu))
    return "nan";
  char Buf[32];
  std::snprintf(Buf, sizeof Buf, "f32:%08" PRIx32, Bits);
  return Buf;
}

bool isF64NaN(uint64_t Bits) {
  return (Bits & 0x7ff0000000000000ull) == 0x7ff0000000000000ull &&
         (Bits & 0x000fffffffffffffull);
}

std::string fmtF64Bits(uint64_t Bits) {
  if (isF64NaN(Bits))
    return "nan";
  char Buf[32];
  std::snprintf(Buf, sizeof Buf, "f64:%016" PRIx64, Bits);
  return Buf;
}

/// A v128 as two 64-bit halves, low first; a half that is an f64 NaN
/// prints as `nan64`, else as two 32-bit lanes, an f32 NaN as `nan`. The
/// lane shape is not known, so any NaN pattern is taken for a NaN: that
/// can hide a difference between two NaN-looking integers, never invent one.
std::string fmtV128Halves(uint64_t Lo, uint64_t Hi) {
  std::string S = "v128:";
  for (uint64_t Half : {Lo, Hi}) {
    if (isF64NaN(Half)) {
      S += "[nan64]";
      continue;
    }
    S += "[";
    for (int Lane = 0; Lane < 2; ++Lane) {
      uint32_t Bits = uint32_t(Half >> (32 * Lane));
      if ((Bits & 0x7f800000u) == 0x7f800000u && (Bits & 0x007fffffu)) {
        S += "nan";
      } else {
        char Buf[16];
        std::snprintf(Buf, sizeof Buf, "%08" PRIx32, Bits);
        S += Buf;
      }
      if (Lane == 0)
        S += ",";
    }
    S += "]";
  }
  return S;
}

std::string fmtValue(const Value &V) {
  switch (V.Type) {
  case W2S_I32:
    return std::to_string(V.Bits.i32);
  case W2S_I64:
    return std::to_string(V.Bits.i64);
  case W2S_F32: {
    uint32_t Bits;
    std::memcpy(&Bits, &V.Bits.f32, 4);
    return fmtF32Bits(Bits);
  }
  case W2S_F64: {
    uint64_t Bits;
    std::memcpy(&Bits, &V.Bits.f64, 8);
    return fmtF64Bits(Bits);
  }
  case W2S_V128: {
    uint64_t Lo, Hi;
    std::memcpy(&Lo, V.Bits.v128, 8);
    std::memcpy(&Hi, V.Bits.v128 + 8, 8);
    return fmtV128Halves(Lo, Hi);
  }
  default:
    return V.Bits.ref ? "ref" : "null";
  }
}

/// The trap classes both engines can be mapped onto: V8 gives one message
/// for several of the spec's traps (docs/testing.md, "difftest").
const char *trapClass(w2s_trap_code C) {
  switch (C) {
  case W2S_TRAP_Unreachable:
    return "unreachable";
  case W2S_TRAP_MemoryOutOfBounds:
    return "memory";
  case W2S_TRAP_IntegerDivideByZero:
    return "divide-by-zero";
  case W2S_TRAP_IntegerOverflow:
  case W2S_TRAP_InvalidConversion:
    return "overflow-or-conversion";
  case W2S_TRAP_TableOutOfBounds:
  case W2S_TRAP_UndefinedElement:
    return "table-bounds";
  case W2S_TRAP_UninitializedElement:
  case W2S_TRAP_IndirectCallTypeMismatch:
  case W2S_TRAP_NullFunctionReference:
    return "indirect-call";
  case W2S_TRAP_CallStackExhausted:
    return "stack";
  default:
    return "other";
  }
}

/// FNV-1a, 32 bits: run-v8.js computes the same over the same bytes.
uint32_t fnv1a(const uint8_t *P, size_t N) {
  uint32_t H = 2166136261u;
  for (size_t I = 0; I < N; ++I)
    H = (H ^ P[I]) * 16777619u;
  return H;
}

bool hasV128(const FuncSig &Sig) {
  for (ValType T : Sig.Params)
    if (T == W2S_V128)
      return true;
  for (ValType T : Sig.Results)
    if (T == W2S_V128)
      return true;
  return false;
}

/// The fixed argument of each type (run-v8.js passes the same).
Value fixedArg(ValType T) {
  switch (T) {
  case W2S_I32:
    return Value::i32(1);
  case W2S_I64:
    return Value::i64(2);
  case W2S_F32:
    return Value::f32(3.5f);
  case W2S_F64:
    return Value::f64(-4.25);
  default:
    return Value::ref(T, nullptr);
  }
}

//===- one configuration, in a child ----------------------------------===//

class Tracer {
public:
  explicit Tracer(FILE *Out) : Out(Out) {}

  int run(const std::string &SoPath) {
    Result<std::shared_ptr<Module>> M = Module::load(SoPath);
    if (!M) {
      line("load-error " + M.error().Message);
      return 1;
    }
    Linker L;
    defineLogs(L);
    Result<std::shared_ptr<Instance>> I = L.instantiate(*M);
    if (!I) {
      line(I.error().K == Error::Trap
               ? std::string("instantiate trap ") + trapClass(I.error().TrapCode)
               : "instantiate-error");
      return 0;
    }
    Inst = *I;
    for (const auto &[Name, Ext] : Inst->exports())
      if (const auto *Mem = std::get_if<std::shared_ptr<Memory>>(&Ext))
        if (!Memory0)
          Memory0 = *Mem;
    for (const auto &[Name, Ext] : Inst->exports()) {
      const auto *F = std::get_if<std::shared_ptr<Function>>(&Ext);
      if (!F || Name.compare(0, 5, "__dt_") == 0)
        continue;
      if (!call(Name, **F))
        break;
    }
    return 0;
  }

private:
  FILE *Out;
  std::shared_ptr<Instance> Inst;
  std::shared_ptr<Memory> Memory0;

  void line(const std::string &S) {
    std::fputs(S.c_str(), Out);
    std::fputc('\n', Out);
    std::fflush(Out);
  }

  void defineLogs(Linker &L) {
    struct Log {
      const char *Name;
      ValType T;
    };
    for (Log G : {Log{"log-i32", W2S_I32}, Log{"log-i64", W2S_I64},
                  Log{"log-f32", W2S_F32}, Log{"log-f64", W2S_F64},
                  Log{"log-v128", W2S_V128}}) {
      std::string Prefix = std::string("log ") + fmtType(G.T) + " ";
      L.define("fuzzing-support", G.Name,
               Function::host({{G.T}, {}},
                              [this, Prefix](const Value *Args, Value *)
                                  -> std::optional<Error> {
                                line(Prefix + fmtValue(Args[0]));
                                return std::nullopt;
                              }));
    }
  }

  static const char *fmtType(ValType T) {
    switch (T) {
    case W2S_I32: return "i32";
    case W2S_I64: return "i64";
    case W2S_F32: return "f32";
    case W2S_F64: return "f64";
    case W2S_V128: return "v128";
    default: return "ref";
    }
  }

  /// Calls one export and prints its outcome and the state after it;
  /// false when the run stops here (stack exhausted).
  bool call(const std::string &Name, const Function &F) {
    line("call " + Name);
    if (hasV128(F.sig())) {
      line("skipped v128 signature");
      return true;
    }
    std::vector<Value> Args;
    for (ValType T : F.sig().Params)
      Args.push_back(fixedArg(T));
    Result<std::vector<Value>> R = Inst->invoke(Name, Args);
    if (R) {
      std::string S = "result";
      for (const Value &V : *R)
        S += " " + fmtValue(V);
      line(S);
    } else if (R.error().K == Error::Trap) {
      line(std::string("trap ") + trapClass(R.error().TrapCode));
      if (R.error().TrapCode == W2S_TRAP_CallStackExhausted)
        return false;
    } else if (R.error().K == Error::Exception) {
      line("exception");
    } else {
      line("error " + R.error().Message);
    }
    state();
    return true;
  }

  void state() {
    if (Memory0)
      line("memory " + std::to_string(Memory0->pages()) + " " +
           std::to_string(fnv1a(Memory0->data(), Memory0->pages() * 65536)));
    for (const auto &[Name, Ext] : Inst->exports()) {
      if (Name.compare(0, 6, "__dt_g") != 0)
        continue;
      Result<std::vector<Value>> R = Inst->invoke(Name, {});
      if (!R) {
        line("global-error " + Name);
        continue;
      }
      // __dt_g<index>_<type>: f32/f64 come as their bits, v128 as its
      // halves, a reference as ref.is_null.
      std::string Type = Name.substr(Name.rfind('_') + 1);
      const std::vector<Value> &V = *R;
      std::string S;
      if (Type == "f32")
        S = fmtF32Bits(uint32_t(V[0].Bits.i32));
      else if (Type == "f64")
        S = fmtF64Bits(uint64_t(V[0].Bits.i64));
      else if (Type == "v128")
        S = fmtV128Halves(uint64_t(V[0].Bits.i64), uint64_t(V[1].Bits.i64));
      else if (Type == "ref")
        S = V[0].Bits.i32 ? "null" : "ref";
      else
        S = fmtValue(V[0]);
      line("global " + Name.substr(5) + " " + S);
    }
  }
};

struct Config {
  std::string Name;
  unsigned OptLevel;
  size_t PartSize;
  bool Light; // the large-module tier, whatever the module's size
};

bool parseConfig(const std::string &S, Config &C) {
  C.Name = S;
  C.PartSize = 0;
  C.Light = false;
  std::string Level = S;
  auto Suffix = [&Level](const char *X) {
    size_t N = std::strlen(X);
    if (Level.size() <= N || Level.compare(Level.size() - N, N, X) != 0)
      return false;
    Level.resize(Level.size() - N);
    return true;
  };
  if (Suffix("-split"))
    C.PartSize = 8; // as spec-core-split: every function its own part
  if (Suffix("-light"))
    C.Light = true;
  if (Level.size() != 2 || Level[0] != 'O' || Level[1] < '0' || Level[1] > '3')
    return false;
  C.OptLevel = Level[1] - '0';
  // Only -O1 and -O2 have a light tier: O0-light would test nothing new.
  return !C.Light || C.OptLevel == 1 || C.OptLevel == 2;
}

/// Compiles, then runs in a child whose output is OUTDIR/NAME.trace.
int runConfig(const std::vector<uint8_t> &Wasm, const std::string &Input,
              const std::string &OutDir, const Config &C) {
  std::string TracePath = OutDir + "/" + C.Name + ".trace";
  FILE *Out = std::fopen(TracePath.c_str(), "w");
  if (!Out) {
    std::perror(TracePath.c_str());
    return 2;
  }
  std::string SoPath = OutDir + "/" + C.Name + ".so";
  CompileOptions Options;
  Options.OptLevel = C.OptLevel;
  Options.PartSize = C.PartSize;
  if (C.Light)
    Options.LightTierAbove = 0;
  Options.Jobs = 1;
  Options.VerifyIR = true;
  if (llvm::Error E = compileModule(Wasm, Input, SoPath, Options)) {
    std::fprintf(Out, "compile-error %s\n",
                 llvm::toString(std::move(E)).c_str());
    std::fclose(Out);
    return 0;
  }
  std::fflush(nullptr);
  pid_t Pid = fork();
  if (Pid < 0) {
    std::perror("fork");
    return 2;
  }
  if (Pid == 0) {
    alarm(TimeoutSeconds);
    Tracer T(Out);
    int RC = T.run(SoPath);
    std::fflush(Out);
    _exit(RC);
  }
  int Status = 0;
  waitpid(Pid, &Status, 0);
  if (WIFSIGNALED(Status)) {
    if (WTERMSIG(Status) == SIGALRM)
      std::fprintf(Out, "timeout\n");
    else
      std::fprintf(Out, "crash signal %d\n", WTERMSIG(Status));
  }
  std::fclose(Out);
  return 0;
}

} // namespace

int main(int Argc, char **Argv) {
  if (Argc < 4) {
    std::fprintf(stderr,
                 "usage: %s MODULE.wasm OUTDIR CONFIG...\n"
                 "  CONFIG: O0, O1, O2, O3, optionally with -light (the\n"
                 "  large-module tier at O1 and O2), then with -split\n",
                 Argv[0]);
    return 2;
  }
  std::string Input = Argv[1], OutDir = Argv[2];
  llvm::Expected<std::vector<uint8_t>> Wasm = readModuleFile(Input);
  if (!Wasm) {
    llvm::errs() << Input << ": " << llvm::toString(Wasm.takeError()) << "\n";
    return 2;
  }
  for (int I = 3; I < Argc; ++I) {
    Config C;
    if (!parseConfig(Argv[I], C)) {
      std::fprintf(stderr, "%s: unknown configuration %s\n", Argv[0], Argv[I]);
      return 2;
    }
    if (int RC = runConfig(*Wasm, Input, OutDir, C))
      return RC;
  }
  return 0;
}
