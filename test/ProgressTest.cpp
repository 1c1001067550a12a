//===- ProgressTest.cpp - Unit tests of the progress line -----------------===//

#include "Progress.h"

#include "gtest/gtest.h"

#include <string>

using namespace wasm2so;
using namespace std::chrono_literals;

namespace {

/// A reporter on a string, with a clock the test moves.
struct Fixture {
  std::string Out;
  llvm::raw_string_ostream OS{Out};
  ProgressReporter::Clock::time_point T{};
  ProgressReporter R{OS, "app.wasm", 500ms, 100ms, [this] { return T; }};
};

TEST(ProgressTest, NothingBeforeTheDelay) {
  Fixture F;
  F.R.setTotals(4, 100);
  F.T += 499ms;
  EXPECT_FALSE(F.R.tick());
  F.R.finish();
  EXPECT_EQ(F.Out, ""); // a quick compile leaves no trace
}

TEST(ProgressTest, DrawsRedrawsAndErases) {
  Fixture F;
  F.R.setTotals(4, 100);
  F.T += 500ms;
  F.R.partDone();
  for (int I = 0; I < 30; ++I)
    F.R.functionDone();
  EXPECT_TRUE(F.R.tick());
  EXPECT_EQ(F.Out, "\rwasm2so: compiling app.wasm: 1/4 parts, 30/100 "
                   "functions, 0.5 s\x1b[K");
  F.Out.clear();
  F.T += 50ms;
  EXPECT_FALSE(F.R.tick()); // not yet: at most every 100 ms
  F.T += 50ms;
  EXPECT_TRUE(F.R.tick());
  EXPECT_EQ(F.Out, "\rwasm2so: compiling app.wasm: 1/4 parts, 30/100 "
                   "functions, 0.6 s\x1b[K");
  F.Out.clear();
  F.R.finish();
  EXPECT_EQ(F.Out, "\r\x1b[K");
  F.Out.clear();
  F.T += 1s;
  EXPECT_FALSE(F.R.tick()); // finished: quiet for good
  EXPECT_EQ(F.Out, "");
}

TEST(ProgressTest, OnePartShowsThePhase) {
  Fixture F;
  F.R.setTotals(1, 7);
  F.R.setPhase("optimizing");
  EXPECT_EQ(F.R.line(2.24), "wasm2so: compiling app.wasm: 0/7 functions, "
                            "optimizing, 2.2 s");
}

} // namespace
