//===- FuzzRegressionTest.cpp - Replaying fuzz/regressions ----------------===//
//
// Every file of fuzz/regressions/ (inputs that once crashed a fuzz target,
// and inputs at the implementation limits) is decoded, validated and
// compiled at -O0 and -O2 in memory, and to a .so that the loader must
// accept. Each must end in success or in an error about the input; an
// internal error fails the test, and a crash fails the whole binary.
//
//===----------------------------------------------------------------------===//
#include "Error.h"
#include "Fuzzing.h"
#include "wasm2so/compiler.h"
#include "wasm2so/runtime.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace wasm2so;

namespace {

std::vector<std::string> regressionFiles() {
  std::string Dir = std::string(W2S_TEST_SOURCE_DIR) + "/fuzz/regressions";
  std::vector<std::string> Files;
  if (DIR *D = opendir(Dir.c_str())) {
    while (dirent *E = readdir(D)) {
      std::string Name = E->d_name;
      // difftest/ holds the differential tester's regressions, which
      // ctest difftest-regressions replays.
      if (Name[0] != '.' && Name != "README.md" && E->d_type != DT_DIR)
        Files.push_back(Dir + "/" + Name);
    }
    closedir(D);
  }
  std::sort(Files.begin(), Files.end());
  return Files;
}

/// "" for success or an input error, else the internal error's message.
std::string internalOnly(llvm::Error E) {
  std::string Internal;
  llvm::handleAllErrors(
      std::move(E), [](const WasmError &) {},
      [&](const llvm::ErrorInfoBase &Info) { Internal = Info.message(); });
  return Internal;
}

class FuzzRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzRegression, EndsInSuccessOrAnInputError) {
  std::ifstream In(GetParam(), std::ios::binary);
  ASSERT_TRUE(In.good());
  std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(In)),
                             std::istreambuf_iterator<char>());
  EXPECT_EQ(internalOnly(checkModule(Bytes, GetParam())), "");
  for (unsigned Level : {0u, 2u}) {
    auto Object = compileToObject(Bytes, GetParam(), Level);
    EXPECT_EQ(
        internalOnly(Object ? llvm::Error::success() : Object.takeError()), "")
        << "-O" << Level;
  }
  std::string Name = GetParam().substr(GetParam().rfind('/') + 1);
  std::string So = std::string(W2S_TEST_BINARY_DIR) + "/fuzz_" + Name + ".so";
  CompileOptions Options;
  llvm::Error E = compileModule(Bytes, GetParam(), So, Options);
  if (E) {
    EXPECT_EQ(internalOnly(std::move(E)), "");
    return;
  }
  auto M = rt::Module::load(So);
  EXPECT_TRUE(M) << M.error().Message;
  std::remove(So.c_str());
}

std::string testName(const ::testing::TestParamInfo<std::string> &Info) {
  std::string Name = Info.param.substr(Info.param.rfind('/') + 1);
  for (char &C : Name)
    if (!std::isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, FuzzRegression,
                         ::testing::ValuesIn(regressionFiles()), testName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FuzzRegression);

} // namespace
