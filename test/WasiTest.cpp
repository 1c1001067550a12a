//===- WasiTest.cpp - Unit tests of the WASI host module ------------------===//

#include "wasm2so/wasi.h"
#include "wasm2so/compiler.h"
#include "wasm2so/runtime.h"

#include "gtest/gtest.h"

#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

using namespace wasm2so;
using namespace wasm2so::rt;

namespace {

struct WasiRow {
  const char *Name;
  const char *Signature;
};

const WasiRow WasiTable[] = {
#define W2S_WASI(Name, Signature) {#Name, Signature},
#include "../rt/wasi.def"
};

/// The wasm text of a value type.
// clang-format off
const char *watType(ValType T) {
  switch (T) {
  case W2S_I32: return "i32";
  case W2S_I64: return "i64";
  case W2S_F32: return "f32";
  case W2S_F64: return "f64";
  default: return "?";
  }
}
// clang-format on

/// An import of Name under the WASI module with the type of Sig.
std::string watImport(const std::string &Name, const FuncSig &Sig) {
  std::string S =
      "  (import \"wasi_snapshot_preview1\" \"" + Name + "\" (func $" + Name;
  for (ValType T : Sig.Params)
    S += std::string(" (param ") + watType(T) + ")";
  for (ValType T : Sig.Results)
    S += std::string(" (result ") + watType(T) + ")";
  return S + "))\n";
}

/// Compiles module text to a .so in the test's temporary directory.
std::string compileWat(const std::string &Text, const std::string &Stem) {
  std::string Path = testing::TempDir() + "wasi_test_" + Stem + "_" +
                     std::to_string(::getpid()) + ".so";
  auto Wasm = watToWasm(Text, Stem + ".wat");
  if (!Wasm) {
    ADD_FAILURE() << llvm::toString(Wasm.takeError());
    return "";
  }
  if (llvm::Error E = compileModule(*Wasm, Stem + ".wat", Path, {})) {
    ADD_FAILURE() << llvm::toString(std::move(E));
    return "";
  }
  return Path;
}

std::shared_ptr<WasiContext> wasiIn(Linker &L) {
  auto Ctx = defineWasi(L, WasiConfig{});
  EXPECT_TRUE(bool(Ctx));
  return Ctx ? *Ctx : nullptr;
}

TEST(WasiTest, SignaturesParse) {
  for (const WasiRow &R : WasiTable)
    EXPECT_TRUE(parseWasiSignature(R.Signature).has_value()) << R.Name;
  EXPECT_FALSE(parseWasiSignature("i(ix)"));
  EXPECT_FALSE(parseWasiSignature("i"));
  EXPECT_FALSE(parseWasiSignature("(i"));
  auto Sig = parseWasiSignature("i(iIfF)");
  ASSERT_TRUE(Sig);
  EXPECT_EQ(Sig->str(),
            (FuncSig{{W2S_I32, W2S_I64, W2S_F32, W2S_F64}, {W2S_I32}}).str());
}

TEST(WasiTest, TableCoversPreview1) {
  // The whole preview1 API, once each.
  EXPECT_EQ(std::size(WasiTable), 46u);
  for (size_t I = 0; I < std::size(WasiTable); ++I)
    for (size_t J = I + 1; J < std::size(WasiTable); ++J)
      EXPECT_STRNE(WasiTable[I].Name, WasiTable[J].Name);
  // A few signatures written out by hand, against the witx.
  Linker L;
  auto Ctx = wasiIn(L);
  auto SigOf = [&](const char *Name) {
    auto E = L.lookup(WasiModuleName, Name);
    auto *F = E ? std::get_if<std::shared_ptr<Function>>(&*E) : nullptr;
    return F ? (*F)->sig().str() : std::string("missing");
  };
  EXPECT_EQ(SigOf("fd_write"),
            (FuncSig{{W2S_I32, W2S_I32, W2S_I32, W2S_I32}, {W2S_I32}}).str());
  EXPECT_EQ(SigOf("proc_exit"), (FuncSig{{W2S_I32}, {}}).str());
  EXPECT_EQ(SigOf("path_open"),
            (FuncSig{{W2S_I32, W2S_I32, W2S_I32, W2S_I32, W2S_I32, W2S_I64,
                      W2S_I64, W2S_I32, W2S_I32},
                     {W2S_I32}})
                .str());
  EXPECT_EQ(SigOf("clock_time_get"),
            (FuncSig{{W2S_I32, W2S_I64, W2S_I32}, {W2S_I32}}).str());
}

TEST(WasiTest, EveryNameResolvesInTheLinker) {
  Linker L;
  auto Ctx = wasiIn(L);
  for (const WasiRow &R : WasiTable) {
    auto E = L.lookup(WasiModuleName, R.Name);
    ASSERT_TRUE(E) << R.Name;
    auto *F = std::get_if<std::shared_ptr<Function>>(&*E);
    ASSERT_NE(F, nullptr) << R.Name;
    EXPECT_EQ((*F)->sig(), *parseWasiSignature(R.Signature)) << R.Name;
  }
}

TEST(WasiTest, ModuleImportingEveryFunctionLinks) {
  std::string Text = "(module\n";
  for (const WasiRow &R : WasiTable)
    Text += watImport(R.Name, *parseWasiSignature(R.Signature));
  Text += "  (memory (export \"memory\") 1)\n"
          "  (func (export \"_start\")))\n";
  std::string Path = compileWat(Text, "all");
  ASSERT_FALSE(Path.empty());
  auto M = Module::load(Path);
  ASSERT_TRUE(M) << M.error().Message;
  Linker L;
  auto Ctx = wasiIn(L);
  auto Status = runWasiCommand(L, *Ctx, *M);
  ASSERT_TRUE(Status) << Status.error().Message;
  EXPECT_EQ(*Status, 0);
  std::remove(Path.c_str());
}

TEST(WasiTest, UnknownWasiFunctionIsALinkError) {
  std::string Path =
      compileWat("(module\n"
                 "  (import \"wasi_snapshot_preview1\" \"fd_frobnicate\"\n"
                 "    (func (param i32) (result i32)))\n"
                 "  (memory (export \"memory\") 1))\n",
                 "unknown");
  ASSERT_FALSE(Path.empty());
  auto M = Module::load(Path);
  ASSERT_TRUE(M) << M.error().Message;
  Linker L;
  auto Ctx = wasiIn(L);
  auto I = L.instantiate(*M);
  ASSERT_FALSE(I);
  EXPECT_EQ(I.error().K, Error::Link);
  EXPECT_NE(I.error().Message.find(
                "unknown import wasi_snapshot_preview1.fd_frobnicate"),
            std::string::npos)
      << I.error().Message;
  std::remove(Path.c_str());
}

TEST(WasiTest, WrongWasiSignatureIsALinkError) {
  std::string Path =
      compileWat("(module\n"
                 "  (import \"wasi_snapshot_preview1\" \"fd_write\"\n"
                 "    (func (param i32 i32) (result i32))))\n",
                 "wrongsig");
  ASSERT_FALSE(Path.empty());
  auto M = Module::load(Path);
  ASSERT_TRUE(M) << M.error().Message;
  Linker L;
  auto Ctx = wasiIn(L);
  auto I = L.instantiate(*M);
  ASSERT_FALSE(I);
  EXPECT_EQ(I.error().K, Error::Link);
  EXPECT_NE(I.error().Message.find("fd_write"), std::string::npos)
      << I.error().Message;
  std::remove(Path.c_str());
}

/// A command whose _start runs Body, with proc_exit and args_sizes_get.
std::string command(const std::string &Body) {
  return "(module\n"
         "  (import \"wasi_snapshot_preview1\" \"proc_exit\"\n"
         "    (func $exit (param i32)))\n"
         "  (import \"wasi_snapshot_preview1\" \"args_sizes_get\"\n"
         "    (func $sizes (param i32 i32) (result i32)))\n"
         "  (memory (export \"memory\") 1)\n"
         "  (func (export \"_start\")\n" +
         Body + "))\n";
}

TEST(WasiTest, RunCommandExitStatus) {
  struct Case {
    const char *Stem;
    std::string Body;
    int Status;
  } Cases[] = {
      {"returns", "", 0},
      {"exits", "(call $exit (i32.const 42)) unreachable", 42},
      // argc (3) + the bytes of "a.so\0" "xy\0" "\0" (9), read back from
      // the memory the call wrote.
      {"argc",
       "(drop (call $sizes (i32.const 0) (i32.const 4)))"
       "(call $exit (i32.add (i32.load (i32.const 0))"
       "                     (i32.mul (i32.const 10) (i32.load (i32.const "
       "4)))))",
       93},
      // A pointer past the end of memory is EFAULT (21), not a crash.
      {"fault", "(call $exit (call $sizes (i32.const 65533) (i32.const 0)))",
       21},
  };
  for (const Case &C : Cases) {
    std::string Path = compileWat(command(C.Body), C.Stem);
    ASSERT_FALSE(Path.empty());
    auto M = Module::load(Path);
    ASSERT_TRUE(M) << M.error().Message;
    Linker L;
    WasiConfig Config;
    Config.Args = {"a.so", "xy", ""};
    auto Ctx = defineWasi(L, Config);
    ASSERT_TRUE(Ctx);
    auto Status = runWasiCommand(L, **Ctx, *M);
    ASSERT_TRUE(Status) << C.Stem << ": " << Status.error().Message;
    EXPECT_EQ(*Status, C.Status) << C.Stem;
    std::remove(Path.c_str());
  }
}

TEST(WasiTest, RunCommandTrapsAndMissingExports) {
  std::string Path = compileWat(command("unreachable"), "trap");
  ASSERT_FALSE(Path.empty());
  auto M = Module::load(Path);
  ASSERT_TRUE(M);
  Linker L;
  auto Ctx = wasiIn(L);
  auto Status = runWasiCommand(L, *Ctx, *M);
  ASSERT_FALSE(Status);
  EXPECT_EQ(Status.error().K, Error::Trap);
  EXPECT_EQ(Status.error().TrapCode, W2S_TRAP_Unreachable);
  std::remove(Path.c_str());

  Path = compileWat("(module (func (export \"_start\")))", "nomemory");
  ASSERT_FALSE(Path.empty());
  M = Module::load(Path);
  ASSERT_TRUE(M);
  Status = runWasiCommand(L, *Ctx, *M);
  ASSERT_FALSE(Status);
  EXPECT_NE(Status.error().Message.find("memory"), std::string::npos);
  std::remove(Path.c_str());
}

TEST(WasiTest, MissingPreopenIsAnError) {
  Linker L;
  WasiConfig Config;
  Config.Preopens = {{"/nonexistent/wasm2so/dir", "."}};
  auto Ctx = defineWasi(L, Config);
  ASSERT_FALSE(Ctx);
  EXPECT_EQ(Ctx.error().K, Error::Usage);
  EXPECT_NE(Ctx.error().Message.find("/nonexistent/wasm2so/dir"),
            std::string::npos);
}

} // namespace
