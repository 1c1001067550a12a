//===- LoaderHardeningTest.cpp - The loader refuses what it cannot trust --===//
//
// Each refusal of rt/DescriptorCheck.cpp, on the fixtures hardening_*.so
// (test/fixtures/hardening.c: one valid module and its broken variants),
// ctor_no_descriptor.so and descriptor_func.so; the forced signature-hash
// collisions through the registry's test hook; and the memory cap.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/runtime.h"

#include "../rt/DescriptorCheck.h"

#include "gtest/gtest.h"

#include <cstdlib>
#include <string>

using namespace wasm2so::rt;

namespace {

std::string fixture(const std::string &Name) {
  return std::string(W2S_TEST_FIXTURE_DIR) + "/" + Name + ".so";
}

/// Load fails with Msg in its message.
::testing::AssertionResult refused(const std::string &Name,
                                   const std::string &Msg) {
  auto M = Module::load(fixture(Name));
  if (M)
    return ::testing::AssertionFailure() << Name << " loaded";
  if (M.error().K != Error::Load)
    return ::testing::AssertionFailure() << "kind " << M.error().K;
  if (M.error().Message.find(Msg) == std::string::npos)
    return ::testing::AssertionFailure() << "message: " << M.error().Message;
  return ::testing::AssertionSuccess();
}

TEST(LoaderHardening, ValidVariantLoadsAndRuns) {
  // The checks must not refuse what they guard: the unbroken fixture.
  auto M = Module::load(fixture("hardening_valid"));
  ASSERT_TRUE(M) << M.error().Message;
  Linker L;
  auto I = L.instantiate(*M);
  ASSERT_TRUE(I) << I.error().Message;
  auto R = (*I)->invoke("id", {Value::i32(42)});
  ASSERT_TRUE(R) << R.error().Message;
  EXPECT_EQ((*R)[0].Bits.i32, 42);
}

TEST(LoaderHardening, NoDescriptorRefusedBeforeItsCodeRuns) {
  unsetenv("W2S_FIXTURE_CONSTRUCTOR_RAN");
  EXPECT_TRUE(refused("ctor_no_descriptor",
                      "not a wasm2so module (no wasm2so_module_descriptor "
                      "symbol)"));
  EXPECT_EQ(std::getenv("W2S_FIXTURE_CONSTRUCTOR_RAN"), nullptr)
      << "the loader ran the constructor of a .so it refused";
}

TEST(LoaderHardening, DescriptorSymbolMustBeData) {
  EXPECT_TRUE(refused("descriptor_func", "is not a global data object"));
}

TEST(LoaderHardening, SymbolTableOfAFileThatIsNotElf) {
  std::string Path = std::string(W2S_TEST_BINARY_DIR) + "/hardening_short.so";
  FILE *F = std::fopen(Path.c_str(), "wb");
  ASSERT_NE(F, nullptr);
  std::fputs("\x7f"
             "ELF",
             F);
  std::fclose(F);
  auto Msg = checkDescriptorSymbol(Path);
  ASSERT_TRUE(Msg);
  EXPECT_NE(Msg->find("malformed ELF file"), std::string::npos) << *Msg;
  std::remove(Path.c_str());
}

TEST(LoaderHardening, PointersOutsideTheModule) {
  EXPECT_TRUE(refused("hardening_imports_outside",
                      "descriptor's import array points outside the module"));
  EXPECT_TRUE(refused("hardening_types_elsewhere",
                      "descriptor's type array points outside the module"));
  EXPECT_TRUE(refused("hardening_count_too_large",
                      "descriptor's type array points outside the module"));
  EXPECT_TRUE(refused("hardening_types_unaligned",
                      "descriptor's type array points outside the module"));
  EXPECT_TRUE(refused("hardening_name_outside",
                      "export 0's name points outside the module"));
  EXPECT_TRUE(refused("hardening_data_outside",
                      "data segment 0's bytes points outside the module"));
  EXPECT_TRUE(refused("hardening_code_not_code",
                      "function 0's code points outside the module"));
}

TEST(LoaderHardening, MistypedConstants) {
  EXPECT_TRUE(refused("hardening_global_init_type",
                      "global 0's initializer has another type"));
  EXPECT_TRUE(refused("hardening_elem_item_type",
                      "element segment 0 has an item of another type"));
  EXPECT_TRUE(refused("hardening_elem_table_type",
                      "element segment 0 does not match its table's element "
                      "type"));
  EXPECT_TRUE(refused("hardening_data_offset_type",
                      "data segment 0's offset is not of its memory's address type"));
}

TEST(LoaderHardening, InProcessDescriptorsAreTypeChecked) {
  // A descriptor of the program itself (Module::fromDescriptor), here on
  // the heap: its pointers are the program's, but its values are checked.
  static const w2s_global_desc Globals[] = {
      {W2S_FUNCREF, 0, {W2S_CONST_I32, 0, {0x41414141, 0}}}};
  w2s_descriptor D{};
  D.magic = W2S_DESCRIPTOR_MAGIC;
  D.abi_version = W2S_ABI_VERSION;
  D.descriptor_size = sizeof(w2s_descriptor);
  D.num_globals = 1;
  D.globals = Globals;
  D.vmctx_size = w2s_compute_vmctx_layout(0, 0, 0, 1).size;
  auto M = Module::fromDescriptor(&D, "heap");
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Message, "global 0's initializer has another type");

  // Counts whose vmctx size would wrap around 32 bits.
  D.num_globals = 0;
  D.globals = nullptr;
  D.num_funcs = D.num_imported_funcs = 0x20000000;
  M = Module::fromDescriptor(&D, "heap");
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Message, "descriptor's counts overflow the vmctx");
}

TEST(LoaderHardening, ConstantSequencesAreChecked) {
  // Extended constant expressions (W2S_CONST_SEQUENCE): the loader runs
  // each sequence on a stack of types before trusting it.
  static const w2s_const_expr Mul[] = {{W2S_CONST_I32, 0, {{2, 0}}},
                                       {W2S_CONST_I32, 0, {{3, 0}}},
                                       {W2S_CONST_I32_MUL, 0, {{0, 0}}}};
  static const w2s_const_expr TwoValues[] = {{W2S_CONST_I32, 0, {{2, 0}}},
                                             {W2S_CONST_I32, 0, {{3, 0}}}};
  static const w2s_const_expr WrongWidth[] = {{W2S_CONST_I32, 0, {{2, 0}}},
                                              {W2S_CONST_I32, 0, {{3, 0}}},
                                              {W2S_CONST_I64_ADD, 0, {{0, 0}}}};
  static const w2s_const_expr SelfRead[] = {{W2S_CONST_I32, 0, {{2, 0}}},
                                            {W2S_CONST_GLOBAL_GET, 0, {{0, 0}}},
                                            {W2S_CONST_I32_ADD, 0, {{0, 0}}}};
  auto Load = [](const w2s_const_expr *Seq, uint32_t N) {
    w2s_global_desc G{};
    G.valtype = W2S_I32;
    G.init.kind = W2S_CONST_SEQUENCE;
    G.init.index = N;
    G.init.seq = Seq;
    w2s_descriptor D{};
    D.magic = W2S_DESCRIPTOR_MAGIC;
    D.abi_version = W2S_ABI_VERSION;
    D.descriptor_size = sizeof(w2s_descriptor);
    D.num_globals = 1;
    D.globals = &G;
    D.vmctx_size = w2s_compute_vmctx_layout(0, 0, 0, 1).size;
    auto M = Module::fromDescriptor(&D, "heap");
    return M ? std::string() : M.error().Message;
  };
  EXPECT_EQ(Load(Mul, 3), "");
  EXPECT_EQ(Load(TwoValues, 2), "global 0's initializer has another type");
  EXPECT_EQ(Load(WrongWidth, 3), "global 0's initializer has another type");
  EXPECT_EQ(Load(Mul, 0), "global 0's initializer has another type");
  EXPECT_EQ(Load(nullptr, 3), "global 0's initializer has another type");
  // Well typed, but a global's initializer reads only earlier globals.
  EXPECT_EQ(Load(SelfRead, 3), "global 0 is malformed");
}

//===--------------------- forced signature collisions --------------------===//

uint64_t forcedHash(const w2s_func_type &) { return 0x5eed5eed5eed5eedull; }

struct ForcedHash {
  ForcedHash() { setRegistryHashForTesting(forcedHash); }
  ~ForcedHash() { setRegistryHashForTesting(nullptr); }
};

TEST(LoaderHardening, HashCollisionInsideOneModule) {
  {
    // Without the hook, the made-up hashes are simply wrong.
    EXPECT_TRUE(refused("hardening_collide_pair",
                        "signature hash does not match its value types"));
  }
  ForcedHash Hook;
  auto M = Module::load(fixture("hardening_collide_pair"));
  ASSERT_FALSE(M);
  EXPECT_NE(M.error().Message.find("signature hash collision: type 1 "
                                   "(f64) -> () and (i32) -> (i32)"),
            std::string::npos)
      << M.error().Message;
}

TEST(LoaderHardening, HashCollisionAcrossModules) {
  ForcedHash Hook;
  auto One = Module::load(fixture("hardening_collide_one"));
  ASSERT_TRUE(One) << One.error().Message;
  auto Other = Module::load(fixture("hardening_collide_other"));
  ASSERT_FALSE(Other);
  EXPECT_NE(Other.error().Message.find("signature hash collision"),
            std::string::npos)
      << Other.error().Message;
  EXPECT_NE(Other.error().Message.find("(i32) -> (i32)"), std::string::npos);
  // Loading the same signature again is no collision.
  EXPECT_TRUE(Module::load(fixture("hardening_collide_one")));
}

//===---------------------------- resource caps ---------------------------===//

TEST(LoaderHardening, MemoryCap) {
  auto M = Module::load(fixture("hardening_valid"));
  ASSERT_TRUE(M) << M.error().Message;
  Linker L;
  L.setMaxMemoryPages(0);
  auto I = L.instantiate(*M);
  ASSERT_FALSE(I);
  EXPECT_EQ(I.error().K, Error::Instantiation);
  EXPECT_EQ(I.error().Message,
            "memory of 1 pages exceeds the limit of 0 pages");
  L.setMaxMemoryPages(1);
  I = L.instantiate(*M);
  ASSERT_TRUE(I) << I.error().Message;
}

TEST(LoaderHardening, RunWithStackSize) {
  EXPECT_EQ(runWithStackSize(1 << 20, [] { return 7; }), 7);
  EXPECT_EQ(runWithStackSize(size_t(1) << 50, [] { return 7; }), -1);
}

} // namespace
