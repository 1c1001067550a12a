//===- ExeModuleTest.cpp - Modules from an in-process descriptor ----------===//
//
// Module::fromDescriptor, which a wasm2so --exe executable uses for the
// module linked into it, runs the checks of Module::load. The descriptor
// here is a fixture's, dlopen'ed by load() and kept alive by it.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/runtime.h"

#include "gtest/gtest.h"

#include <string>

using namespace wasm2so::rt;

namespace {

std::string fixture(const char *Name) {
  return std::string(W2S_TEST_FIXTURE_DIR) + "/" + Name + ".so";
}

TEST(ExeModule, RunsLikeALoadedModule) {
  auto Loaded = Module::load(fixture("provider"));
  ASSERT_TRUE(Loaded) << Loaded.error().Message;
  auto M = Module::fromDescriptor(&(*Loaded)->descriptor(), "app");
  ASSERT_TRUE(M) << M.error().Message;
  EXPECT_EQ((*M)->path(), "app");
  Linker L;
  L.setCommonTable(true);
  auto I = L.instantiate(*M);
  ASSERT_TRUE(I) << I.error().Message;
  auto R = (*I)->invoke("add", {Value::i32(2), Value::i32(3)});
  ASSERT_TRUE(R) << R.error().Message;
  ASSERT_EQ(R->size(), 1u);
  EXPECT_EQ((*R)[0].Bits.i32, 5);
}

TEST(ExeModule, RefusesWhatLoadRefuses) {
  auto Loaded = Module::load(fixture("provider"));
  ASSERT_TRUE(Loaded) << Loaded.error().Message;
  w2s_descriptor D = (*Loaded)->descriptor();

  auto Null = Module::fromDescriptor(nullptr, "app");
  ASSERT_FALSE(Null);
  EXPECT_EQ(Null.error().K, Error::Load);
  EXPECT_EQ(Null.error().Message, "no descriptor");

  w2s_descriptor BadMagic = D;
  BadMagic.magic ^= 1;
  auto M = Module::fromDescriptor(&BadMagic, "app");
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Message, "bad descriptor magic");

  w2s_descriptor BadVersion = D;
  BadVersion.abi_version = 99;
  M = Module::fromDescriptor(&BadVersion, "app");
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Message,
            "ABI version 99, expected " + std::to_string(W2S_ABI_VERSION) +
                ": compiled by another wasm2so; compile the module again "
                "with this one");

  w2s_descriptor BadCounts = D;
  BadCounts.num_imported_funcs = BadCounts.num_funcs + 1;
  M = Module::fromDescriptor(&BadCounts, "app");
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Message, "descriptor has more imports than entities");
}

} // namespace
