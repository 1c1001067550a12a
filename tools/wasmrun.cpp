//===- wasmrun.cpp - Load compiled modules, link them and invoke exports ---===//
//
//   wasmrun A.so [B.so ...] [--invoke NAME [ARGS...]]
//   wasmrun app.so [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [-- ARGS...]
//
// A .wasm or .wat in place of a .so is compiled first, into a cache keyed by
// its bytes, the compiler and the flags (docs/tools.md). A trap prints the
// wasm call stack, innermost first.
//
// Every file is instantiated in order against one Linker whose common table
// is on and which defines `spectest` and WASI; each instance's exports are
// then registered under the file's stem. --invoke calls an export of the
// last module and prints each result on its own line (a v128 argument is
// "i32x4:1,2,3,4", any lane shape, or "0x" and 32 hex digits; results
// print as "i32x4 0x... "). Without --invoke, a
// last module that exports "_start" runs as a WASI command and its exit
// status is wasmrun's; one that does not, but exports functions, is listed
// with their types (exit status 2). A WASI reactor's "_initialize" runs
// before the --invoke'd function.
//
// Function imports that nothing defines are errors, or, with
// --trap-unknown-imports / --default-values-unknown-imports, stubs that
// trap or return zeros when called.
//
// Exit status: 0 success, 1 load/link/instantiation error or trap, 2 usage.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/backtrace.h"
#include "wasm2so/compiler.h"
#include "wasm2so/runtime.h"
#include "wasm2so/wasi.h"

#include "CompileCache.h"
#include "Error.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>
#include <unistd.h>

using namespace wasm2so::rt;

namespace {

/// Parses an integer: optional sign, decimal or 0x hex. Accepts both the
/// signed and the unsigned range of Bits bits; the value wraps.
std::optional<uint64_t> parseInt(const std::string &S, unsigned Bits) {
  const char *P = S.c_str();
  bool Neg = false;
  if (*P == '-' || *P == '+')
    Neg = *P++ == '-';
  if (!*P || *P == '-' || *P == '+' || std::isspace(uint8_t(*P)))
    return std::nullopt;
  int Base = 10;
  if (P[0] == '0' && (P[1] == 'x' || P[1] == 'X')) {
    Base = 16;
    P += 2;
  }
  char *End = nullptr;
  errno = 0;
  unsigned long long V = std::strtoull(P, &End, Base);
  if (errno || End == P || *End)
    return std::nullopt;
  uint64_t UMax = Bits == 64 ? ~uint64_t(0) : (uint64_t(1) << Bits) - 1;
  uint64_t NegMax = uint64_t(1) << (Bits - 1);
  if ((!Neg && V > UMax) || (Neg && V > NegMax))
    return std::nullopt;
  return Neg ? uint64_t(0) - V : uint64_t(V);
}

/// Parses a float: decimal or hex, "inf", "nan", "nan:0xPAYLOAD", signed.
template <typename FloatT, typename BitsT>
std::optional<FloatT> parseFloat(const std::string &S, int MantissaBits) {
  std::string Body = S;
  bool Neg = false;
  if (!Body.empty() && (Body[0] == '-' || Body[0] == '+')) {
    Neg = Body[0] == '-';
    Body = Body.substr(1);
  }
  BitsT SignBit = BitsT(1) << (sizeof(BitsT) * 8 - 1);
  BitsT ExpMask = ~BitsT(0) >> 1 & ~((BitsT(1) << MantissaBits) - 1);
  BitsT Bits;
  if (Body == "inf" || Body == "infinity") {
    Bits = ExpMask;
  } else if (Body.rfind("nan", 0) == 0) {
    BitsT Payload = BitsT(1) << (MantissaBits - 1);
    if (Body.size() > 3) {
      if (Body.rfind("nan:0x", 0) != 0)
        return std::nullopt;
      char *End = nullptr;
      unsigned long long P = std::strtoull(Body.c_str() + 6, &End, 16);
      if (*End || P == 0 || P >= (1ull << MantissaBits))
        return std::nullopt;
      Payload = BitsT(P);
    }
    Bits = ExpMask | Payload;
  } else {
    if (Body.empty() || !(std::isdigit(uint8_t(Body[0])) || Body[0] == '.'))
      return std::nullopt;
    char *End = nullptr;
    FloatT V;
    if constexpr (sizeof(FloatT) == 4)
      V = std::strtof(Body.c_str(), &End);
    else
      V = std::strtod(Body.c_str(), &End);
    if (*End)
      return std::nullopt;
    return Neg ? -V : V;
  }
  if (Neg)
    Bits |= SignBit;
  FloatT V;
  std::memcpy(&V, &Bits, sizeof(V));
  return V;
}

/// Parses a v128: a lane shape and its lanes, lane 0 first, separated by
/// commas or spaces ("i32x4:1,2,3,4", "f32x4 1.5 -0 nan inf", the form
/// results print in), or "0x" and up to 32 hex digits, one 128-bit integer.
std::optional<Value> parseV128(const std::string &S) {
  Value R;
  R.Type = W2S_V128;
  uint8_t *Bytes = R.Bits.v128;
  if (S.rfind("0x", 0) == 0 || S.rfind("0X", 0) == 0) {
    std::string Hex = S.substr(2);
    if (Hex.empty() || Hex.size() > 32 ||
        !std::all_of(Hex.begin(), Hex.end(),
                     [](char C) { return std::isxdigit(uint8_t(C)); }))
      return std::nullopt;
    // The last digit is the low nibble of byte 0.
    for (size_t I = 0; I < Hex.size(); ++I) {
      char C = Hex[Hex.size() - 1 - I];
      unsigned D =
          std::isdigit(uint8_t(C)) ? C - '0' : std::tolower(C) - 'a' + 10;
      Bytes[I / 2] |= uint8_t(D << (4 * (I % 2)));
    }
    return R;
  }
  size_t Sep = S.find_first_of(": ");
  if (Sep == std::string::npos)
    return std::nullopt;
  std::string Shape = S.substr(0, Sep);
  unsigned Bits;
  bool Float = Shape[0] == 'f';
  if (Shape == "i8x16")
    Bits = 8;
  else if (Shape == "i16x8")
    Bits = 16;
  else if (Shape == "i32x4" || Shape == "f32x4")
    Bits = 32;
  else if (Shape == "i64x2" || Shape == "f64x2")
    Bits = 64;
  else
    return std::nullopt;
  std::vector<std::string> Lanes;
  std::string Rest = S.substr(Sep + 1);
  for (size_t Pos = 0; Pos <= Rest.size();) {
    size_t End = Rest.find_first_of(", ", Pos);
    if (End == std::string::npos)
      End = Rest.size();
    if (End > Pos)
      Lanes.push_back(Rest.substr(Pos, End - Pos));
    Pos = End + 1;
  }
  if (Lanes.size() != 128 / Bits)
    return std::nullopt;
  for (size_t I = 0; I < Lanes.size(); ++I) {
    uint64_t LaneBits;
    if (Float && Bits == 32) {
      auto V = parseFloat<float, uint32_t>(Lanes[I], 23);
      if (!V)
        return std::nullopt;
      uint32_t B;
      std::memcpy(&B, &*V, 4);
      LaneBits = B;
    } else if (Float) {
      auto V = parseFloat<double, uint64_t>(Lanes[I], 52);
      if (!V)
        return std::nullopt;
      std::memcpy(&LaneBits, &*V, 8);
    } else {
      auto V = parseInt(Lanes[I], Bits);
      if (!V)
        return std::nullopt;
      LaneBits = *V;
    }
    for (unsigned K = 0; K < Bits / 8; ++K)
      Bytes[I * Bits / 8 + K] = uint8_t(LaneBits >> (8 * K));
  }
  return R;
}

std::optional<Value> parseArg(const std::string &S, ValType T) {
  switch (T) {
  case W2S_I32:
    if (auto V = parseInt(S, 32))
      return Value::i32(int32_t(uint32_t(*V)));
    break;
  case W2S_I64:
    if (auto V = parseInt(S, 64))
      return Value::i64(int64_t(*V));
    break;
  case W2S_F32:
    if (auto V = parseFloat<float, uint32_t>(S, 23))
      return Value::f32(*V);
    break;
  case W2S_F64:
    if (auto V = parseFloat<double, uint64_t>(S, 52))
      return Value::f64(*V);
    break;
  case W2S_V128:
    return parseV128(S);
  case W2S_FUNCREF:
  case W2S_EXTERNREF:
  case W2S_ANYREF:
    if (S == "null")
      return Value::ref(T, nullptr);
    break;
  default:
    break;
  }
  return std::nullopt;
}

const char *typeName(ValType T) {
  switch (T) {
  case W2S_I32: return "i32";
  case W2S_I64: return "i64";
  case W2S_F32: return "f32";
  case W2S_F64: return "f64";
  case W2S_V128: return "v128";
  case W2S_FUNCREF: return "funcref";
  case W2S_EXTERNREF: return "externref";
  case W2S_ANYREF: return "anyref";
  }
  return "?";
}

/// A size in bytes: digits with an optional K, M or G (binary units).
std::optional<size_t> parseSize(const std::string &S) {
  char *End = nullptr;
  errno = 0;
  unsigned long long V = std::strtoull(S.c_str(), &End, 10);
  if (errno || End == S.c_str() || !std::isdigit(uint8_t(S[0])))
    return std::nullopt;
  std::string Unit = End;
  unsigned Shift = Unit.empty() || Unit == "B"             ? 0
                   : Unit == "K" || Unit == "KiB"          ? 10
                   : Unit == "M" || Unit == "MiB"          ? 20
                   : Unit == "G" || Unit == "GiB"          ? 30
                                                           : 64;
  if (Shift == 64 || V > (~0ull >> (Shift + 24)))
    return std::nullopt;
  return size_t(V << Shift);
}

/// Prints a trap's frames, innermost first: "  at MODULE!FUNCTION (WHERE)".
/// WHERE is the wasm file and byte offset that the .so's debug lines give,
/// calls the optimizer inlined included (wasm2so/backtrace.h); without
/// them (a .so of an older wasm2so), the offset into the native code.
void printBacktrace(const std::vector<Frame> &Frames) {
  for (const wasm2so::WasmFrame &F : wasm2so::symbolizeBacktrace(Frames))
    std::fprintf(stderr, "  at %s\n",
                 wasm2so::formatWasmFrame(F, Frames).c_str());
}

int reportRunError(const std::string &Path, const Error &E) {
  if (E.K == Error::Exit)
    return E.ExitCode;
  if (E.K == Error::Trap) {
    std::fprintf(stderr, "error: trap: %s\n", E.Message.c_str());
    printBacktrace(E.Backtrace);
  }
  else if (E.K == Error::Usage)
    std::fprintf(stderr, "error: %s\n", E.Message.c_str());
  else
    std::fprintf(stderr, "%s: error: %s\n", Path.c_str(), E.Message.c_str());
  return E.K == Error::Usage ? 2 : 1;
}

/// Without --invoke, a module that is no WASI command (no `_start`): what
/// it can run. Exit status 2 when it exports functions (a usage error: say
/// which to call), else 0 (instantiating it, start function included, was
/// all there was to run).
int listExports(const std::string &Path, const Instance &I) {
  std::vector<std::pair<std::string, const FuncSig *>> Funcs;
  for (const auto &[Name, Ext] : I.exports())
    if (auto *F = std::get_if<std::shared_ptr<Function>>(&Ext))
      Funcs.emplace_back(Name, &(*F)->sig());
  if (Funcs.empty())
    return 0;
  bool Reactor = std::any_of(Funcs.begin(), Funcs.end(), [](const auto &F) {
    return F.first == "_initialize";
  });
  std::fprintf(stderr,
               "error: %s exports no \"_start\" function (%s); call one of "
               "its functions with --invoke NAME [ARGS...]:\n",
               Path.c_str(),
               Reactor ? "a WASI reactor: --invoke runs \"_initialize\" first"
                       : "not a WASI command");
  for (const auto &[Name, Sig] : Funcs)
    std::fprintf(stderr, "  %s %s\n", Name.c_str(), Sig->str().c_str());
  return 2;
}

/// A module file to compile first: not a shared object, by its magic.
bool isWasmSource(const std::string &Path) {
  char Magic[4] = {};
  FILE *F = std::fopen(Path.c_str(), "rb");
  if (!F)
    return false;
  size_t N = std::fread(Magic, 1, 4, F);
  std::fclose(F);
  return !(N == 4 && std::memcmp(Magic, "\x7f" "ELF", 4) == 0);
}

/// $WASM2SO_CACHE_DIR, else $XDG_CACHE_HOME/wasm2so, else
/// ~/.cache/wasm2so.
std::string cacheDir() {
  if (const char *D = std::getenv("WASM2SO_CACHE_DIR"); D && *D)
    return D;
  if (const char *D = std::getenv("XDG_CACHE_HOME"); D && *D)
    return std::string(D) + "/wasm2so";
  const char *Home = std::getenv("HOME");
  return std::string(Home && *Home ? Home : "/tmp") + "/.cache/wasm2so";
}

/// What makes two compilations differ besides the module: the compiler
/// (its version, and the size and time of this executable, which holds
/// it, so that a rebuilt wasmrun never reuses an older compiler's output)
/// and the options.
std::string compilerKey(const wasm2so::CompileOptions &O) {
  std::string Key = wasm2so::versionString();
  llvm::sys::fs::file_status St;
  if (!llvm::sys::fs::status("/proc/self/exe", St))
    Key += " exe " + std::to_string(St.getSize()) + " " +
           std::to_string(St.getLastModificationTime().time_since_epoch().count());
  Key += " -O" + std::to_string(O.OptLevel) + (O.DebugInfo ? " -g" : "");
  return Key;
}

/// Compiles Path (.wasm or .wat) into the cache unless the cache already
/// holds it, and returns the .so's path: CACHE/HASH/STEM.so, where HASH is
/// the SHA-256 of the module's bytes and the compiler key. A hit marks
/// the entry used; a compile then evicts the least recently used entries
/// past CacheMax bytes (CompileCache.h).
std::optional<std::string> compileCached(const std::string &Path,
                                         const wasm2so::CompileOptions &O,
                                         bool Verbose, uint64_t CacheMax) {
  llvm::Expected<std::vector<uint8_t>> Wasm = wasm2so::readModuleFile(Path);
  if (!Wasm) {
    std::fprintf(stderr, "%s\n",
                 wasm2so::formatError(Path, Wasm.takeError()).c_str());
    return std::nullopt;
  }
  llvm::SHA256 Hash;
  Hash.update(llvm::ArrayRef<uint8_t>(*Wasm));
  std::string Key = compilerKey(O);
  Hash.update(llvm::StringRef(Key.data(), Key.size() + 1));
  std::string Dir = cacheDir() + "/" + llvm::toHex(Hash.final(), true).substr(0, 32);
  std::string Out =
      Dir + "/" + llvm::sys::path::stem(Path).str() + ".so";
  if (llvm::sys::fs::exists(Out)) {
    wasm2so::cache::touch(Out);
    if (Verbose)
      std::fprintf(stderr, "wasmrun: cached %s: %s\n", Path.c_str(), Out.c_str());
    return Out;
  }
  std::string CacheError;
  std::optional<std::string> Staging =
      wasm2so::cache::stage(cacheDir(), CacheError);
  if (!Staging) {
    std::fprintf(stderr, "%s: error: %s\n", Path.c_str(), CacheError.c_str());
    return std::nullopt;
  }
  if (Verbose)
    std::fprintf(stderr, "wasmrun: compiling %s: %s\n", Path.c_str(), Out.c_str());
  // The entry is built in a staging directory and renamed into place
  // whole: a concurrent run or a crash never leaves a partial entry.
  if (llvm::Error E = wasm2so::compileModule(
          *Wasm, Path, *Staging + "/" + llvm::sys::path::filename(Out).str(),
          O)) {
    wasm2so::cache::discard(*Staging);
    std::fprintf(stderr, "%s\n", wasm2so::formatError(Path, std::move(E)).c_str());
    return std::nullopt;
  }
  if (!wasm2so::cache::publish(*Staging, Dir)) {
    std::fprintf(stderr, "%s: error: cannot create cache entry %s\n",
                 Path.c_str(), Dir.c_str());
    return std::nullopt;
  }
  unsigned Evicted = wasm2so::cache::evict(cacheDir(), CacheMax, Dir);
  if (Verbose && Evicted)
    std::fprintf(stderr, "wasmrun: evicted %u cache entr%s\n", Evicted,
                 Evicted == 1 ? "y" : "ies");
  return Out;
}

} // namespace

int wasmrunMain(int Argc, char **Argv) {
  // Everything after `--invoke NAME` is an argument of the call, even when
  // it looks like an option ("-1"), and everything after `--` is the WASI
  // program's, so split them off before CLI11 parses.
  std::vector<std::string> InvokeArgs, ProgramArgs;
  int CliArgc = Argc;
  for (int I = 1; I < Argc; ++I) {
    if (std::strcmp(Argv[I], "--invoke") == 0) {
      CliArgc = std::min(I + 2, Argc);
      for (int J = CliArgc; J < Argc; ++J)
        InvokeArgs.push_back(Argv[J]);
      break;
    }
    if (std::strcmp(Argv[I], "--") == 0) {
      CliArgc = I;
      for (int J = I + 1; J < Argc; ++J)
        ProgramArgs.push_back(Argv[J]);
      break;
    }
  }

  CLI::App App{"wasmrun: load wasm2so modules, link them and invoke exports"};
  std::vector<std::string> Files;
  std::string InvokeName;
  App.add_option("files", Files,
                 "modules, instantiated in order: compiled (.so), or .wasm or "
                 ".wat, compiled first into the cache ($WASM2SO_CACHE_DIR, else "
                 "$XDG_CACHE_HOME/wasm2so or ~/.cache/wasm2so)");
  bool CacheClear = false;
  App.add_flag("--cache-clear", CacheClear,
               "remove every entry of the cache first (alone: and exit)");
  wasm2so::CompileOptions CompileOpts;
  bool Verbose = false;
  App.add_option("-O", CompileOpts.OptLevel,
                 "optimization level for .wasm/.wat inputs, 0 to 3 (default 2)")
      ->check(CLI::Range(0u, 3u));
  App.add_flag("-g", CompileOpts.DebugInfo,
               "compile .wasm/.wat inputs with debug information: trap "
               "backtraces then show wasm byte offsets");
  App.add_flag("-v,--verbose", Verbose,
               "say whether each .wasm/.wat input is compiled or cached");
  bool Quiet = false;
  App.add_flag("-q,--quiet", Quiet,
               "no progress line while compiling a .wasm/.wat input (shown\n"
               "on a terminal for long compiles)");
  // For tests: how long a compile runs before its progress line shows.
  App.add_option("--progress-delay", CompileOpts.ProgressDelayMs,
                 "milliseconds before the progress line shows")
      ->group("");
  std::vector<std::string> Dirs, Env;
  App.add_option("--invoke", InvokeName,
                 "export of the last module to call, followed by its arguments");
  App.add_option("--dir", Dirs,
                 "directory the WASI program may use: HOST or HOST::GUEST");
  App.add_option("--env", Env, "NAME=VALUE in the WASI program's environment");
  uint64_t MaxMemoryPages = 65536;
  std::string StackSize;
  App.add_option("--max-memory-pages", MaxMemoryPages,
                 "most 64 KiB pages any memory of the modules may grow to");
  App.add_option("--stack-size", StackSize,
                 "stack for wasm code, in bytes or with K/M/G (KiB/MiB/GiB)")
      ->check([](const std::string &S) {
        return parseSize(S) ? "" : "not a size: " + S;
      });
  bool GcStatsFlag = false;
  App.add_flag("--gc-stats", GcStatsFlag,
               "print what the GC heap's collector did to stderr at the end");
  bool TrapUnknown = false, DefaultUnknown = false;
  auto *TrapOpt = App.add_flag(
      "--trap-unknown-imports", TrapUnknown,
      "link each function import that nothing defines to a stub that traps "
      "\"unknown import MODULE.NAME called\"");
  App.add_flag("--default-values-unknown-imports", DefaultUnknown,
               "link each function import that nothing defines to a stub "
               "that returns zeros")
      ->excludes(TrapOpt);
  try {
    App.parse(CliArgc, Argv);
  } catch (const CLI::ParseError &E) {
    int Code = App.exit(E);
    return Code == 0 ? 0 : 2;
  }
  std::string CacheError;
  std::optional<uint64_t> CacheMax = wasm2so::cache::maxSize(CacheError);
  if (!CacheMax) {
    std::fprintf(stderr, "error: %s\n", CacheError.c_str());
    return 2;
  }
  if (CacheClear) {
    std::optional<unsigned> Removed = wasm2so::cache::clear(cacheDir(), CacheError);
    if (!Removed) {
      std::fprintf(stderr, "error: %s\n", CacheError.c_str());
      return 1;
    }
    if (Verbose)
      std::fprintf(stderr, "wasmrun: removed %u cache entr%s from %s\n",
                   *Removed, *Removed == 1 ? "y" : "ies", cacheDir().c_str());
    if (Files.empty())
      return 0;
  }
  if (Files.empty()) {
    // As CLI11 says it of a required option.
    std::fprintf(stderr, "files is required\n"
                         "Run with --help for more information.\n");
    return 2;
  }

  // A progress line only on a terminal: never in a pipe, a file or a log.
  CompileOpts.Progress = !Quiet && isatty(STDERR_FILENO);

  Linker L;
  L.setCommonTable(true);
  L.setMaxMemoryPages(MaxMemoryPages);
  if (TrapUnknown)
    L.setUnknownImports(UnknownImports::Trap);
  if (DefaultUnknown)
    L.setUnknownImports(UnknownImports::DefaultValues);
  defineSpectest(L);
  WasiConfig Wasi;
  Wasi.Args.push_back(Files.back());
  Wasi.Args.insert(Wasi.Args.end(), ProgramArgs.begin(), ProgramArgs.end());
  Wasi.Env = Env;
  for (const std::string &D : Dirs) {
    size_t Sep = D.find("::");
    if (Sep == std::string::npos)
      Wasi.Preopens.emplace_back(D, D);
    else
      Wasi.Preopens.emplace_back(D.substr(0, Sep), D.substr(Sep + 2));
  }
  auto WasiCtx = defineWasi(L, Wasi);
  if (!WasiCtx)
    return reportRunError("wasmrun", WasiCtx.error());

  std::shared_ptr<Instance> Last;
  for (const std::string &Path : Files) {
    std::string SoPath = Path;
    if (isWasmSource(Path)) {
      std::optional<std::string> Compiled =
          compileCached(Path, CompileOpts, Verbose, *CacheMax);
      if (!Compiled)
        return 1;
      SoPath = *Compiled;
    }
    auto M = Module::load(SoPath);
    // Evicted by a concurrent run between the lookup and the load: again.
    for (int Retry = 0;
         Retry < 4 && !M && SoPath != Path && !llvm::sys::fs::exists(SoPath);
         ++Retry) {
      std::optional<std::string> Compiled =
          compileCached(Path, CompileOpts, Verbose, *CacheMax);
      if (!Compiled)
        return 1;
      M = Module::load(SoPath = *Compiled);
    }
    if (!M)
      return reportRunError(Path, M.error());
    auto I = L.instantiate(*M);
    if (!I)
      return reportRunError(Path, I.error());
    L.defineInstance(std::filesystem::path(Path).stem().string(), **I);
    Last = *I;
  }

  if (InvokeName.empty()) {
    if (!Last->exportByName("_start"))
      return listExports(Files.back(), *Last);
    auto Status = runWasiCommand(**WasiCtx, *Last);
    if (!Status)
      return reportRunError(Files.back(), Status.error());
    return *Status;
  }
  if (auto Mem = Last->exportByName("memory"))
    if (auto *M = std::get_if<std::shared_ptr<Memory>>(&*Mem))
      bindWasiMemory(**WasiCtx, *M);
  // A WASI reactor is initialized before any other export is called.
  if (InvokeName != "_initialize" && !Last->exportByName("_start"))
    if (auto Init = Last->exportByName("_initialize"))
      if (auto *F = std::get_if<std::shared_ptr<Function>>(&*Init);
          F && (*F)->sig().Params.empty() && (*F)->sig().Results.empty())
        if (auto R = Instance::call(**F, {}); !R)
          return reportRunError(Files.back(), R.error());
  auto Ext = Last->exportByName(InvokeName);
  auto *F = Ext ? std::get_if<std::shared_ptr<Function>>(&*Ext) : nullptr;
  if (!F) {
    std::fprintf(stderr, "error: %s has no exported function '%s'\n",
                 Files.back().c_str(), InvokeName.c_str());
    return 2;
  }
  const FuncSig &Sig = (*F)->sig();
  if (InvokeArgs.size() != Sig.Params.size()) {
    std::fprintf(stderr, "error: '%s' takes %zu argument(s) %s, got %zu\n",
                 InvokeName.c_str(), Sig.Params.size(), Sig.str().c_str(),
                 InvokeArgs.size());
    return 2;
  }
  std::vector<Value> Args;
  for (size_t I = 0; I < InvokeArgs.size(); ++I) {
    auto V = parseArg(InvokeArgs[I], Sig.Params[I]);
    if (!V) {
      std::fprintf(stderr, "error: argument %zu of '%s': '%s' is not a valid %s\n",
                   I + 1, InvokeName.c_str(), InvokeArgs[I].c_str(),
                   typeName(Sig.Params[I]));
      return 2;
    }
    Args.push_back(*V);
  }
  auto R = Instance::call(**F, Args);
  if (GcStatsFlag) {
    GcStats S = gcStats();
    std::fprintf(stderr,
                 "gc: %llu collections, %.1f MiB allocated, %.1f MiB live "
                 "after the last, heap %.1f MiB, pauses %.3f ms total, "
                 "%.3f ms max (wall), %.3f ms total, %.3f ms max (CPU)\n",
                 (unsigned long long)S.Collections, S.AllocatedBytes / 1048576.0,
                 S.LiveBytes / 1048576.0, S.HeapBytes / 1048576.0,
                 S.PauseNanosTotal / 1e6, S.PauseNanosMax / 1e6,
                 S.PauseCpuNanosTotal / 1e6, S.PauseCpuNanosMax / 1e6);
  }
  if (!R)
    return reportRunError(Files.back(), R.error());
  for (const Value &V : *R)
    std::printf("%s\n", formatValue(V).c_str());
  return 0;
}

/// With --stack-size, everything runs on a thread with that much stack for
/// wasm code; recursing deeper traps "call stack exhausted".
int main(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I) {
    std::string Arg = Argv[I];
    if (Arg == "--invoke" || Arg == "--")
      break;
    std::optional<size_t> Size;
    if (Arg == "--stack-size" && I + 1 < Argc)
      Size = parseSize(Argv[I + 1]);
    else if (Arg.rfind("--stack-size=", 0) == 0)
      Size = parseSize(Arg.substr(13));
    if (Size)
      return runWithStackSize(*Size, [&] { return wasmrunMain(Argc, Argv); });
  }
  return wasmrunMain(Argc, Argv);
}
