//===- LoaderTest.cpp - The loader: refusals, runtime objects, linking -----===//
//
// The modules here are the hand-written C fixtures of test/fixtures (see
// their header comments for the wasm they stand for), so these tests run
// without the compiler.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/runtime.h"

#include "../rt/Builtins.h"
#include "../rt/Internal.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <thread>

using namespace wasm2so::rt;

namespace {

std::string fixture(const char *Name) {
  return std::string(W2S_TEST_FIXTURE_DIR) + "/" + Name + ".so";
}

::testing::AssertionResult failsWith(const Result<std::shared_ptr<Module>> &R,
                                     Error::Kind K, const std::string &Msg) {
  if (R)
    return ::testing::AssertionFailure() << "loaded";
  if (R.error().K != K)
    return ::testing::AssertionFailure()
           << "kind " << R.error().K << ": " << R.error().Message;
  if (R.error().Message.find(Msg) == std::string::npos)
    return ::testing::AssertionFailure() << "message: " << R.error().Message;
  return ::testing::AssertionSuccess();
}

//===------------------------------ refusals -----------------------------===//

TEST(LoaderRefusal, MissingFile) {
  EXPECT_TRUE(failsWith(Module::load(fixture("does_not_exist")), Error::Load,
                        "cannot open file"));
}

TEST(LoaderRefusal, NotElf) {
  std::string Path = std::string(W2S_TEST_BINARY_DIR) + "/loader_not_elf.so";
  FILE *F = std::fopen(Path.c_str(), "wb");
  ASSERT_NE(F, nullptr);
  std::fputs("(module)\n", F);
  std::fclose(F);
  EXPECT_TRUE(failsWith(Module::load(Path), Error::Load, "not an ELF file"));
  std::remove(Path.c_str());
}

TEST(LoaderRefusal, ElfButNotSharedObject) {
  // The test binary itself: an ELF executable (or PIE, which is ET_DYN and
  // then fails the descriptor lookup instead); either way, refused.
  EXPECT_FALSE(Module::load("/proc/self/exe"));
}

TEST(LoaderRefusal, PlainSharedObject) {
  EXPECT_TRUE(failsWith(
      Module::load(fixture("plain")), Error::Load,
      "not a wasm2so module (no wasm2so_module_descriptor symbol)"));
}

TEST(LoaderRefusal, WrongAbiVersion) {
  EXPECT_TRUE(failsWith(Module::load(fixture("bad_version")), Error::Load,
                        "ABI version 99, expected " +
                            std::to_string(W2S_ABI_VERSION)));
}

TEST(LoaderRefusal, PreviousAbiVersion) {
  // Version 5 (no GC constructors in constant expressions, GC type records
  // without reference maps) is refused before anything in its descriptor
  // is read, with what to do about it.
  static_assert(W2S_ABI_VERSION == 6, "the fixture is one version older");
  EXPECT_TRUE(failsWith(Module::load(fixture("old_version")), Error::Load,
                        "ABI version 5, expected 6: compiled by another "
                        "wasm2so; compile the module again with this one"));
}

TEST(LoaderRefusal, BadMagic) {
  EXPECT_TRUE(failsWith(Module::load(fixture("bad_magic")), Error::Load,
                        "bad descriptor magic"));
}

TEST(LoaderRefusal, WrongSignatureHash) {
  EXPECT_TRUE(failsWith(Module::load(fixture("bad_hash")), Error::Load,
                        "signature hash does not match"));
}

TEST(LoaderRefusal, SignatureHashCollision) {
  // Enter (i32) -> (i64) under the hash of collide.so's only type, as if
  // the two collided; the loader must then refuse collide.so.
  const uint8_t F64s[] = {W2S_F64, W2S_F64, W2S_F64, W2S_F64};
  uint64_t H = w2s_signature_hash(F64s, 4, nullptr, 0);
  FuncSig Other{{W2S_I32}, {W2S_I64}};
  ASSERT_TRUE(registerHostSignature(Other, H));
  auto M = Module::load(fixture("collide"));
  EXPECT_TRUE(failsWith(M, Error::Load, "signature hash collision"));
  if (!M) {
    EXPECT_NE(M.error().Message.find("(f64, f64, f64, f64) -> ()"),
              std::string::npos);
    EXPECT_NE(M.error().Message.find("(i32) -> (i64)"), std::string::npos);
  }
}

void copyFile(const std::string &From, const std::string &To) {
  std::string Tmp = To + ".tmp";
  FILE *In = std::fopen(From.c_str(), "rb");
  FILE *Out = std::fopen(Tmp.c_str(), "wb");
  ASSERT_TRUE(In && Out);
  char Buf[4096];
  size_t N;
  while ((N = std::fread(Buf, 1, sizeof(Buf), In)) > 0)
    std::fwrite(Buf, 1, N, Out);
  std::fclose(In);
  std::fclose(Out);
  ASSERT_EQ(std::rename(Tmp.c_str(), To.c_str()), 0);
}

TEST(LoaderReload, RewrittenFileIsNotTheStaleOne) {
  std::string Path = std::string(W2S_TEST_BINARY_DIR) + "/loader_reload.so";
  copyFile(fixture("provider"), Path);
  auto First = Module::load(Path);
  ASSERT_TRUE(First) << First.error().Message;
  auto Again = Module::load(Path);
  ASSERT_TRUE(Again);
  EXPECT_EQ(&(*First)->descriptor(), &(*Again)->descriptor());
  // Replaced while the first is still loaded, as a compiler rewriting its
  // output does: the new file must be the one loaded.
  copyFile(fixture("caller"), Path);
  auto Second = Module::load(Path);
  ASSERT_TRUE(Second) << Second.error().Message;
  EXPECT_EQ(nameOf((*First)->descriptor().module_name), "provider");
  EXPECT_EQ(nameOf((*Second)->descriptor().module_name), "caller");
  std::remove(Path.c_str());
}

//===--------------------------- runtime objects -------------------------===//

TEST(RuntimeTable, GrowWithinLimits) {
  auto T = Table::create(W2S_FUNCREF, 2, 5);
  ASSERT_TRUE(T);
  Table &Tab = **T;
  EXPECT_EQ(Tab.size(), 2u);
  EXPECT_EQ(Tab.max(), std::optional<uint32_t>(5));
  EXPECT_EQ(Tab.grow(3, nullptr), 2);
  EXPECT_EQ(Tab.size(), 5u);
  EXPECT_EQ(Tab.grow(1, nullptr), -1);
  EXPECT_EQ(Tab.grow(0, nullptr), 5);
  for (uint32_t I = 0; I < Tab.size(); ++I)
    EXPECT_EQ(Tab.raw()->elems[I].hash, 0u);
}

TEST(RuntimeTable, SetCopiesFuncrefFields) {
  auto T = Table::create(W2S_FUNCREF, 1, std::nullopt);
  ASSERT_TRUE(T);
  int Dummy;
  w2s_funcref F{0x1234, &Dummy, &Dummy + 1};
  (*T)->set(0, &F);
  const w2s_table_elem &E = (*T)->raw()->elems[0];
  EXPECT_EQ(E.hash, 0x1234u);
  EXPECT_EQ(E.code, &Dummy);
  EXPECT_EQ(E.vmctx, &Dummy + 1);
  EXPECT_EQ((*T)->get(0), &F);
  (*T)->set(0, nullptr);
  EXPECT_EQ(E.hash, 0u);
  EXPECT_EQ(E.code, nullptr);
  // Growing fills the new slots with the initial value, wherever the
  // elements end up.
  EXPECT_EQ((*T)->grow(1000, &F), 1);
  EXPECT_EQ((*T)->raw()->elems[1000].hash, 0x1234u);
  EXPECT_EQ((*T)->max(), std::nullopt);
}

TEST(RuntimeTable, ExternrefStoresOnlyTheReference) {
  auto T = Table::create(W2S_EXTERNREF, 1, 1);
  ASSERT_TRUE(T);
  int Host;
  (*T)->set(0, &Host);
  EXPECT_EQ((*T)->raw()->elems[0].hash, 0u);
  EXPECT_EQ((*T)->get(0), &Host);
}

TEST(RuntimeTable, Limits) {
  EXPECT_FALSE(Table::create(W2S_FUNCREF, 5, 4));
  EXPECT_FALSE(Table::create(W2S_I32, 1, 1));
  EXPECT_FALSE(Table::create(W2S_FUNCREF, 0xffffffffu, std::nullopt));
  auto T = Table::create(W2S_FUNCREF, 0, std::nullopt);
  ASSERT_TRUE(T);
  EXPECT_EQ((*T)->grow(0xffffffffu, nullptr), -1);
  EXPECT_EQ((*T)->size(), 0u);
}

TEST(RuntimeMemory, GrowAndAccess) {
  auto M = Memory::create(1, 3);
  ASSERT_TRUE(M);
  Memory &Mem = **M;
  EXPECT_EQ(Mem.pages(), 1u);
  EXPECT_EQ(Mem.maxPages(), std::optional<uint64_t>(3));
  uint8_t *Base = Mem.data();
  Base[W2S_PAGE_SIZE - 1] = 7;
  EXPECT_EQ(Mem.grow(2), 1);
  EXPECT_EQ(Mem.data(), Base) << "base never moves";
  Base[3 * W2S_PAGE_SIZE - 1] = 9;
  EXPECT_EQ(Base[W2S_PAGE_SIZE - 1], 7);
  EXPECT_EQ(Base[W2S_PAGE_SIZE], 0);
  EXPECT_EQ(Mem.grow(1), -1);
  EXPECT_EQ(Mem.grow(0), 3);
  EXPECT_EQ(Mem.raw()->reserved_bytes, W2S_MEMORY_RESERVATION);
}

TEST(RuntimeMemory, Limits) {
  EXPECT_FALSE(Memory::create(3, 2));
  EXPECT_FALSE(Memory::create(65537, std::nullopt));
  auto M = Memory::create(0, std::nullopt);
  ASSERT_TRUE(M);
  EXPECT_EQ((*M)->raw()->max_pages, 65536u);
  EXPECT_EQ((*M)->grow(65537), -1);
  EXPECT_EQ((*M)->grow(1), 0);
}

TEST(RuntimeGlobal, GetSet) {
  auto G = Global::create(W2S_F64, true, Value::f64(1.5));
  EXPECT_TRUE(G->isMutable());
  EXPECT_EQ(G->type(), W2S_F64);
  EXPECT_EQ(G->get().Bits.f64, 1.5);
  G->set(Value::f64(-2));
  EXPECT_EQ(G->cell()->f64, -2);
}

TEST(RuntimeValues, Format) {
  EXPECT_EQ(formatValue(Value::i32(-1)), "-1");
  EXPECT_EQ(formatValue(Value::i32(15)), "15");
  EXPECT_EQ(formatValue(Value::i64(std::numeric_limits<int64_t>::min())),
            "-9223372036854775808");
  EXPECT_EQ(formatValue(Value::f32(1.5f)), "1.5");
  EXPECT_EQ(formatValue(Value::f32(0.1f)), "0.1");
  EXPECT_EQ(formatValue(Value::f64(0.1)), "0.1");
  EXPECT_EQ(formatValue(Value::f64(-0.0)), "-0");
  EXPECT_EQ(formatValue(Value::f64(1e300)), "1e+300");
  EXPECT_EQ(formatValue(Value::f64(-INFINITY)), "-inf");
  EXPECT_EQ(formatValue(Value::f32(NAN)), "nan");
  uint32_t Bits = 0x7fa00000;
  float F;
  std::memcpy(&F, &Bits, 4);
  EXPECT_EQ(formatValue(Value::f32(F)), "nan:0x200000");
  EXPECT_EQ(formatValue(Value::ref(W2S_FUNCREF, nullptr)), "ref.null func");
}

TEST(RuntimeValues, SigStrAndHash) {
  FuncSig S{{W2S_I32, W2S_F64}, {W2S_I64}};
  EXPECT_EQ(S.str(), "(i32, f64) -> (i64)");
  EXPECT_EQ(FuncSig{}.str(), "() -> ()");
  const uint8_t P[] = {W2S_I32, W2S_F64}, R[] = {W2S_I64};
  EXPECT_EQ(hashOf(S), w2s_signature_hash(P, 2, R, 1));
  EXPECT_NE(hashOf(S), hashOf(FuncSig{{W2S_I32}, {W2S_F64, W2S_I64}}));
  EXPECT_NE(hashOf(FuncSig{}), 0u);
}

TEST(RuntimeValues, TrapMessages) {
  EXPECT_STREQ(trapMessage(W2S_TRAP_MemoryOutOfBounds),
               "out of bounds memory access");
  EXPECT_STREQ(trapMessage(W2S_TRAP_IndirectCallTypeMismatch),
               "indirect call type mismatch");
  EXPECT_STREQ(trapMessage(W2S_TRAP_CallStackExhausted), "call stack exhausted");
  EXPECT_STREQ(trapMessage(W2S_TRAP_COUNT), "unknown trap");
}

// Maps a C type to its letter in builtins.def signatures.
template <typename T> struct Letter;
template <> struct Letter<void> { static constexpr char C = 'v'; };
template <> struct Letter<int32_t> { static constexpr char C = 'i'; };
template <> struct Letter<uint32_t> { static constexpr char C = 'i'; };
template <> struct Letter<int64_t> { static constexpr char C = 'I'; };
template <> struct Letter<uint64_t> { static constexpr char C = 'I'; };
template <> struct Letter<float> { static constexpr char C = 'f'; };
template <> struct Letter<double> { static constexpr char C = 'd'; };
template <typename T> struct Letter<T *> { static constexpr char C = 'p'; };

template <typename R, typename... A> std::string sigOf(R (*)(A...)) {
  return std::string(1, Letter<R>::C) + "(" + std::string{Letter<A>::C...} +
         ")";
}

TEST(RuntimeBuiltins, MatchTheDefFile) {
  void *const *Table = builtinTable();
#define W2S_BUILTIN(Name, Signature)                                           \
  EXPECT_EQ(sigOf(&w2s_builtin_##Name), Signature) << #Name;                   \
  EXPECT_EQ(Table[W2S_BUILTIN_##Name],                                         \
            reinterpret_cast<void *>(&w2s_builtin_##Name))                     \
      << #Name;
#include "wasm2so/builtins.def"
}

//===------------------------ linking and running ------------------------===//

Value i32(int32_t V) { return Value::i32(V); }

int32_t callI32(Instance &I, const char *Name, std::vector<Value> Args) {
  auto R = I.invoke(Name, Args);
  EXPECT_TRUE(R) << Name << ": " << (R ? "" : R.error().Message);
  if (!R || R->size() != 1)
    return INT32_MIN;
  return (*R)[0].Bits.i32;
}

std::string trapOf(Instance &I, const char *Name, std::vector<Value> Args) {
  auto R = I.invoke(Name, Args);
  if (R)
    return "no trap";
  EXPECT_EQ(R.error().K, Error::Trap) << R.error().Message;
  return R.error().Message;
}

/// A Linker with the common table, the provider instance registered as
/// "provider" and a spectest.print_i32 that records what it is given (13:
/// fails; 7: calls back into wasm; 99: calls wasm that traps).
struct Linked : ::testing::Test {
  void SetUp() override {
    L.setCommonTable(true);
    L.define("spectest", "print_i32",
             Function::host({{W2S_I32}, {}}, [this](const Value *A, Value *) {
               return onPrint(A[0].Bits.i32);
             }));
    auto PM = Module::load(fixture("provider"));
    ASSERT_TRUE(PM) << PM.error().Message;
    auto P = L.instantiate(*PM);
    ASSERT_TRUE(P) << P.error().Message;
    Provider = *P;
    L.defineInstance("provider", *Provider);
    auto CM = Module::load(fixture("caller"));
    ASSERT_TRUE(CM) << CM.error().Message;
    auto C = L.instantiate(*CM);
    ASSERT_TRUE(C) << C.error().Message;
    Caller = *C;
  }

  std::optional<Error> onPrint(int32_t V) {
    Printed.push_back(V);
    if (V == 13) {
      Error E;
      E.K = Error::Trap;
      E.TrapCode = W2S_TRAP_Host;
      E.Message = "unlucky number";
      return E;
    }
    if (V == 7) {
      Printed.push_back(callI32(*Caller, "add_via_import", {i32(7), i32(100)}));
    }
    if (V == 99) {
      auto R = Caller->invoke("divide", {i32(1), i32(0)});
      if (!R)
        return R.error();
    }
    return std::nullopt;
  }

  Linker L;
  std::shared_ptr<Instance> Provider, Caller;
  std::vector<int32_t> Printed;
};

TEST_F(Linked, InstantiationRanSegmentsAndStart) {
  auto Counter = Provider->exportByName("counter");
  ASSERT_TRUE(Counter);
  EXPECT_EQ(std::get<std::shared_ptr<Global>>(*Counter)->get().Bits.i32, 43);
  auto Mem = std::get<std::shared_ptr<Memory>>(*Provider->exportByName("memory"));
  EXPECT_EQ(std::memcmp(Mem->data() + 8, "hello", 5), 0);
  ASSERT_TRUE(L.commonTable());
  EXPECT_EQ(L.commonTable()->size(), 4u);
  auto Exported = std::get<std::shared_ptr<Table>>(*Provider->exportByName("table"));
  EXPECT_EQ(Exported, L.commonTable());
}

TEST_F(Linked, CallsThroughTheCommonTable) {
  EXPECT_EQ(callI32(*Caller, "call_slot", {i32(0), i32(3), i32(4)}), 7);
  EXPECT_EQ(callI32(*Caller, "call_slot", {i32(1), i32(3), i32(4)}), 12);
  EXPECT_EQ(callI32(*Caller, "call_slot", {i32(2), i32(3), i32(-4)}), -1);
  EXPECT_EQ(trapOf(*Caller, "call_slot", {i32(3), i32(0), i32(0)}),
            "uninitialized element");
  EXPECT_EQ(trapOf(*Caller, "call_slot", {i32(4), i32(0), i32(0)}),
            "undefined element");
  // table.init from a passive segment, then out of bounds of the segment.
  EXPECT_EQ(callI32(*Caller, "init_slot", {i32(3), i32(0), i32(1)}), 0);
  EXPECT_EQ(callI32(*Caller, "call_slot", {i32(3), i32(9), i32(3)}), 3);
  EXPECT_EQ(trapOf(*Caller, "init_slot", {i32(3), i32(1), i32(1)}),
            "out of bounds table access");
  EXPECT_EQ(trapOf(*Caller, "init_slot", {i32(4), i32(0), i32(1)}),
            "out of bounds table access");
  EXPECT_EQ(callI32(*Caller, "init_slot", {i32(4), i32(1), i32(0)}), 0);
}

TEST_F(Linked, ImportsAreShared) {
  EXPECT_EQ(callI32(*Caller, "bump", {}), 53);
  auto Add = Caller->exportByName("reexported_add");
  ASSERT_TRUE(Add);
  EXPECT_EQ(std::get<std::shared_ptr<Function>>(*Add),
            std::get<std::shared_ptr<Function>>(*Provider->exportByName("add")));
  EXPECT_EQ(callI32(*Caller, "add_via_import", {i32(2), i32(5)}), 7);
}

TEST_F(Linked, Traps) {
  EXPECT_EQ(trapOf(*Caller, "divide", {i32(1), i32(0)}),
            "integer divide by zero");
  EXPECT_EQ(trapOf(*Caller, "load", {i32(65533)}),
            "out of bounds memory access");
  EXPECT_EQ(trapOf(*Caller, "load", {i32(-1)}), "out of bounds memory access");
  EXPECT_EQ(callI32(*Caller, "load", {i32(65532)}), 0);
  EXPECT_EQ(trapOf(*Caller, "recurse", {i32(0)}), "call stack exhausted");
  EXPECT_EQ(trapOf(*Caller, "recurse_unchecked", {i32(0)}),
            "call stack exhausted");
  EXPECT_EQ(trapOf(*Caller, "fill", {i32(65530), i32(1), i32(7)}),
            "out of bounds memory access");
  // Still usable after all of that.
  EXPECT_EQ(callI32(*Caller, "divide", {i32(9), i32(3)}), 3);
}

TEST_F(Linked, MemoryGrowAndFill) {
  EXPECT_EQ(callI32(*Caller, "grow", {i32(2)}), 1);
  EXPECT_EQ(callI32(*Caller, "grow", {i32(1)}), -1);
  EXPECT_EQ(callI32(*Caller, "fill", {i32(3 * 65536 - 4), i32(0x1ab), i32(4)}),
            0);
  EXPECT_EQ(callI32(*Caller, "load", {i32(3 * 65536 - 4)}),
            int32_t(0xabababab));
  EXPECT_EQ(trapOf(*Caller, "load", {i32(3 * 65536 - 3)}),
            "out of bounds memory access");
}

TEST_F(Linked, HostFunctions) {
  EXPECT_EQ(callI32(*Caller, "log_twice", {i32(5)}), 5);
  EXPECT_EQ(Printed, (std::vector<int32_t>{5, 10}));
  Printed.clear();
  // An error from the host stops the wasm caller; its message comes back.
  auto R = Caller->invoke("log_twice", {i32(13)});
  ASSERT_FALSE(R);
  EXPECT_EQ(R.error().Message, "unlucky number");
  EXPECT_EQ(Printed, (std::vector<int32_t>{13}));
  Printed.clear();
  // Host -> wasm -> host -> wasm, then a trap in the innermost wasm call.
  EXPECT_EQ(callI32(*Caller, "log_twice", {i32(7)}), 7);
  EXPECT_EQ(Printed, (std::vector<int32_t>{7, 107, 14}));
  EXPECT_EQ(trapOf(*Caller, "log_twice", {i32(99)}), "integer divide by zero");
  // Host functions can be called directly too.
  auto Log = L.lookup("spectest", "print_i32");
  ASSERT_TRUE(Log);
  Printed.clear();
  EXPECT_TRUE(Instance::call(*std::get<std::shared_ptr<Function>>(*Log),
                             {i32(1)}));
  EXPECT_EQ(Printed, (std::vector<int32_t>{1}));
}

TEST_F(Linked, UsageErrors) {
  auto R = Caller->invoke("nope", {});
  ASSERT_FALSE(R);
  EXPECT_EQ(R.error().K, Error::Usage);
  R = Caller->invoke("divide", {i32(1)});
  ASSERT_FALSE(R);
  EXPECT_EQ(R.error().K, Error::Usage);
  R = Caller->invoke("divide", {i32(1), Value::i64(1)});
  ASSERT_FALSE(R);
  EXPECT_EQ(R.error().K, Error::Usage);
  R = Caller->invoke("memory", {});
  ASSERT_FALSE(R);
  EXPECT_EQ(R.error().K, Error::Usage);
}

TEST_F(Linked, FunctionsOutliveTheirInstance) {
  auto Add = std::get<std::shared_ptr<Function>>(*Caller->exportByName("call_slot"));
  Caller.reset();
  Provider.reset();
  L = Linker();
  auto R = Instance::call(*Add, {i32(1), i32(6), i32(7)});
  ASSERT_TRUE(R);
  EXPECT_EQ((*R)[0].Bits.i32, 42);
}

TEST_F(Linked, FailedInstantiationKeepsEarlierSegments) {
  auto M = Module::load(fixture("oob"));
  ASSERT_TRUE(M) << M.error().Message;
  auto I = L.instantiate(*M);
  ASSERT_FALSE(I);
  EXPECT_EQ(I.error().K, Error::Instantiation);
  EXPECT_EQ(I.error().Message, "out of bounds memory access");
  // The element segment ran before the data segment failed: slot 3 holds
  // the failed instance's function, which stays callable.
  EXPECT_EQ(callI32(*Caller, "call_slot", {i32(3), i32(10), i32(4)}), 6);
}

TEST(Linking, UnknownAndIncompatibleImports) {
  auto CM = Module::load(fixture("caller"));
  ASSERT_TRUE(CM);
  {
    Linker L;
    L.setCommonTable(true);
    defineSpectest(L);
    auto I = L.instantiate(*CM);
    ASSERT_FALSE(I);
    EXPECT_EQ(I.error().K, Error::Link);
    EXPECT_EQ(I.error().Message, "unknown import provider.add");
  }
  {
    Linker L;
    L.setCommonTable(true);
    defineSpectest(L);
    L.define("provider", "add",
             Function::host({{W2S_I32}, {W2S_I32}},
                            [](const Value *, Value *) { return std::nullopt; }));
    auto I = L.instantiate(*CM);
    ASSERT_FALSE(I);
    EXPECT_EQ(I.error().K, Error::Link);
    EXPECT_EQ(I.error().Message.rfind("incompatible import type", 0), 0u)
        << I.error().Message;
  }
  {
    // Without the common table, nothing provides env.table.
    Linker L;
    auto PM = Module::load(fixture("provider"));
    ASSERT_TRUE(PM);
    auto I = L.instantiate(*PM);
    ASSERT_FALSE(I);
    EXPECT_EQ(I.error().Message, "unknown import env.table");
    // A table too small for the import's minimum.
    L.define("env", "table", *Table::create(W2S_FUNCREF, 3, std::nullopt));
    I = L.instantiate(*PM);
    ASSERT_FALSE(I);
    EXPECT_EQ(I.error().Message.rfind("incompatible import type", 0), 0u);
    // A memory where a table is expected.
    L.define("env", "table", *Memory::create(1, 1));
    I = L.instantiate(*PM);
    ASSERT_FALSE(I);
    EXPECT_EQ(I.error().Message.rfind("incompatible import type", 0), 0u);
  }
}

TEST(Linking, UnknownImportsAsStubs) {
  auto CM = Module::load(fixture("caller"));
  ASSERT_TRUE(CM);
  for (UnknownImports How : {UnknownImports::Trap, UnknownImports::DefaultValues}) {
    Linker L;
    L.setCommonTable(true);
    L.setUnknownImports(How);
    defineSpectest(L);
    // provider.add is stubbed; provider.counter, a global, cannot be.
    auto I = L.instantiate(*CM);
    ASSERT_FALSE(I);
    EXPECT_EQ(I.error().K, Error::Link);
    EXPECT_EQ(I.error().Message,
              "unknown import provider.counter: a global import cannot be "
              "stubbed (only functions can)");
    L.define("provider", "counter",
             Global::create(W2S_I32, true, Value::i32(0)));
    // Room for the element segment at slot 2 (the provider would make it).
    L.define("env", "table", *Table::create(W2S_FUNCREF, 3, std::nullopt));
    I = L.instantiate(*CM);
    ASSERT_TRUE(I) << I.error().Message;
    // The module runs; calling the stub traps or gives zero.
    EXPECT_EQ(callI32(**I, "divide", {i32(7), i32(2)}), 3);
    auto R = (*I)->invoke("add_via_import", {i32(7), i32(100)});
    if (How == UnknownImports::Trap) {
      ASSERT_FALSE(R);
      EXPECT_EQ(R.error().K, Error::Trap);
      EXPECT_EQ(R.error().TrapCode, W2S_TRAP_Host);
      EXPECT_EQ(R.error().Message, "unknown import provider.add called");
    } else {
      ASSERT_TRUE(R) << R.error().Message;
      ASSERT_EQ(R->size(), 1u);
      EXPECT_EQ((*R)[0].Bits.i32, 0);
    }
  }
  // The stub alone, for embedders that link imports themselves.
  auto Stub = unknownImportStub("m", "f", {{W2S_I32}, {W2S_I64, W2S_F64}},
                                UnknownImports::DefaultValues);
  auto R = Instance::call(*Stub, {i32(5)});
  ASSERT_TRUE(R);
  ASSERT_EQ(R->size(), 2u);
  EXPECT_EQ((*R)[0].Type, W2S_I64);
  EXPECT_EQ((*R)[0].Bits.i64, 0);
  EXPECT_EQ((*R)[1].Bits.f64, 0.0);
  auto T = Instance::call(
      *unknownImportStub("m", "f", {}, UnknownImports::Trap), {});
  ASSERT_FALSE(T);
  EXPECT_EQ(T.error().Message, "unknown import m.f called");
}

TEST(Linking, ReferenceSubtyping) {
  auto Ref = [](uint32_t Heap, bool Nullable, uint64_t Hash = 0) {
    RefType R;
    R.Heap = Heap;
    R.Nullable = Nullable;
    R.TypeHash = Hash;
    return R;
  };
  const RefType FuncRef = RefType::of(W2S_FUNCREF);
  const RefType ExternRef = RefType::of(W2S_EXTERNREF);
  const RefType T = Ref(W2S_HEAP_TYPE_INDEX, false, 0x1234);
  const RefType NullT = Ref(W2S_HEAP_TYPE_INDEX, true, 0x1234);
  const RefType U = Ref(W2S_HEAP_TYPE_INDEX, false, 0x5678);
  const RefType Func = Ref(0x70, false);
  const RefType NoFunc = Ref(0x73, true);
  const RefType NoExtern = Ref(0x72, true);
  // (ref $t) <: (ref null $t) <: funcref, and (ref $t) <: (ref func).
  EXPECT_TRUE(T.isSubtypeOf(NullT));
  EXPECT_TRUE(NullT.isSubtypeOf(FuncRef));
  EXPECT_TRUE(T.isSubtypeOf(Func));
  EXPECT_TRUE(Func.isSubtypeOf(FuncRef));
  // Not the reverse; other types (another hash) are unrelated.
  EXPECT_FALSE(NullT.isSubtypeOf(T));
  EXPECT_FALSE(FuncRef.isSubtypeOf(NullT));
  EXPECT_FALSE(Func.isSubtypeOf(T));
  EXPECT_FALSE(T.isSubtypeOf(U));
  // The bottoms, and the two hierarchies apart.
  EXPECT_TRUE(NoFunc.isSubtypeOf(NullT));
  EXPECT_TRUE(NoExtern.isSubtypeOf(ExternRef));
  EXPECT_FALSE(NoFunc.isSubtypeOf(ExternRef));
  EXPECT_FALSE(ExternRef.isSubtypeOf(FuncRef));
  EXPECT_FALSE(T.isSubtypeOf(ExternRef));
  EXPECT_EQ(FuncRef.str(), "funcref");
  EXPECT_EQ(NullT.str(), "(ref null type#0000000000001234)");
  // A defined struct type is below struct, eq and any, an array type
  // below array, eq and any, a function type below func only.
  RefType S = Ref(W2S_HEAP_TYPE_INDEX, false, 0x9abc);
  S.Form = 0x5f;
  RefType A = Ref(W2S_HEAP_TYPE_INDEX, false, 0xdef0);
  A.Form = 0x5e;
  const RefType Any = Ref(0x6e, true), Eq = Ref(0x6d, false),
                Struct = Ref(0x6b, false), Array = Ref(0x6a, false);
  for (const RefType &Up : {Any, Eq, Struct})
    EXPECT_TRUE(S.isSubtypeOf(Up)) << Up.str();
  for (const RefType &Up : {Any, Eq, Array})
    EXPECT_TRUE(A.isSubtypeOf(Up)) << Up.str();
  EXPECT_FALSE(S.isSubtypeOf(Array));
  EXPECT_FALSE(A.isSubtypeOf(Struct));
  EXPECT_FALSE(S.isSubtypeOf(Func));
  EXPECT_FALSE(T.isSubtypeOf(Any));
  EXPECT_FALSE(T.isSubtypeOf(Struct));
  EXPECT_TRUE(Ref(0x71, true).isSubtypeOf(Ref(W2S_HEAP_TYPE_INDEX, true, 0x9abc)));
}

TEST(Linking, HostFunctionAsImport) {
  // caller.so's spectest.print_i32 bound to the real spectest module.
  Linker L;
  L.setCommonTable(true);
  defineSpectest(L);
  auto PM = Module::load(fixture("provider"));
  ASSERT_TRUE(PM);
  auto P = L.instantiate(*PM);
  ASSERT_TRUE(P);
  L.defineInstance("provider", **P);
  auto CM = Module::load(fixture("caller"));
  auto C = L.instantiate(*CM);
  ASSERT_TRUE(C) << C.error().Message;
  testing::internal::CaptureStdout();
  EXPECT_EQ(callI32(**C, "log_twice", {i32(4)}), 4);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "4 : i32\n8 : i32\n");
}

TEST(Threads, TrapsOnEachThreadUnwindToThatThread) {
  auto Run = [](std::string *Out) {
    Linker L;
    L.setCommonTable(true);
    defineSpectest(L);
    auto P = L.instantiate(*Module::load(fixture("provider")));
    if (!P)
      return;
    L.defineInstance("provider", **P);
    auto C = L.instantiate(*Module::load(fixture("caller")));
    if (!C)
      return;
    for (int I = 0; I < 20; ++I) {
      *Out += trapOf(**C, "recurse", {i32(0)}) + ";";
      *Out += trapOf(**C, "recurse_unchecked", {i32(0)}) + ";";
      *Out += trapOf(**C, "load", {i32(1 << 20)}) + ";";
    }
  };
  std::string A, B;
  std::thread TA(Run, &A), TB(Run, &B);
  TA.join();
  TB.join();
  std::string Want;
  for (int I = 0; I < 20; ++I)
    Want += "call stack exhausted;call stack exhausted;"
            "out of bounds memory access;";
  EXPECT_EQ(A, Want);
  EXPECT_EQ(B, Want);
}

TEST_F(Linked, CalledFromAnotherThread) {
  // Instantiated on this thread, called on another: the stack checks must
  // use the calling thread's stack.
  std::string Out;
  std::thread T([&] {
    Out += std::to_string(callI32(*Caller, "add_via_import", {i32(1), i32(2)}));
    Out += ";" + trapOf(*Caller, "recurse", {i32(0)});
  });
  T.join();
  EXPECT_EQ(Out, "3;call stack exhausted");
  EXPECT_EQ(trapOf(*Caller, "recurse", {i32(0)}), "call stack exhausted");
  EXPECT_EQ(callI32(*Caller, "add_via_import", {i32(1), i32(2)}), 3);
}

} // namespace
