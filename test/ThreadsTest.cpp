//===- ThreadsTest.cpp - Many threads instantiating and calling at once ---===//
//
// Modules compiled in the test (the compiler library, .wat to .so) are
// loaded, instantiated and called by many host threads at once. Some
// threads trap over and over (division by zero, out-of-bounds memory,
// stack exhaustion, unreachable, a host error); the others, and every
// thread's own instance state, must be unaffected. Bounded by a deadline.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/compiler.h"
#include "wasm2so/runtime.h"

#include "llvm/Support/Error.h"

#include "gtest/gtest.h"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace wasm2so;
using namespace wasm2so::rt;

namespace {

const char *const WorkerWat = R"((module
  (import "host" "check" (func $check (param i32) (result i32)))
  (memory 1)
  (global $counter (mut i32) (i32.const 0))
  (func (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func (export "div") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.div_s)
  (func (export "load") (param i32) (result i32)
    local.get 0 i32.load)
  (func (export "store") (param i32 i32)
    local.get 0 local.get 1 i32.store)
  (func $recurse (export "recurse") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add call $recurse)
  (func (export "crash") unreachable)
  (func (export "bump") (result i32)
    global.get $counter i32.const 1 i32.add global.set $counter
    global.get $counter)
  (func (export "via_host") (param i32) (result i32)
    local.get 0 call $check)
  (func (export "sum") (param i32) (result i32) (local i32)
    block
      loop
        local.get 0 i32.eqz br_if 1
        local.get 1 local.get 0 i32.add local.set 1
        local.get 0 i32.const 1 i32.sub local.set 0
        br 0
      end
    end
    local.get 1))
)";

class ThreadStress : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    Path = std::string(W2S_TEST_BINARY_DIR) + "/threads_worker.so";
    auto Wasm = watToWasm(WorkerWat, "threads_worker.wat");
    ASSERT_TRUE(bool(Wasm)) << llvm::toString(Wasm.takeError());
    CompileOptions Options;
    llvm::Error E = compileModule(*Wasm, "threads_worker.wat", Path, Options);
    ASSERT_FALSE(bool(E)) << llvm::toString(std::move(E));
  }
  static std::string Path;
};

std::string ThreadStress::Path;

/// One thread's life: its own linker and instance, then Rounds rounds of
/// calls. Trapping threads trap in every way between correct calls. Any
/// wrong result is appended to Failures.
void worker(const std::string &Path, bool Traps, int Rounds,
            std::chrono::steady_clock::time_point Deadline,
            std::string &Failures) {
  auto Fail = [&](const std::string &What) { Failures += What + "; "; };
  auto M = Module::load(Path);
  if (!M)
    return Fail("load: " + M.error().Message);
  Linker L;
  L.define("host", "check",
           Function::host({{W2S_I32}, {W2S_I32}},
                          [](const Value *A, Value *R) -> std::optional<Error> {
                            if (A[0].Bits.i32 < 0) {
                              Error E;
                              E.K = Error::Trap;
                              E.TrapCode = W2S_TRAP_Host;
                              E.Message = "negative";
                              return E;
                            }
                            R[0] = Value::i32(A[0].Bits.i32 * 2);
                            return std::nullopt;
                          }));
  auto I = L.instantiate(*M);
  if (!I)
    return Fail("instantiate: " + I.error().Message);
  Instance &Inst = **I;

  auto ExpectI32 = [&](const char *Name, std::vector<Value> Args,
                       int32_t Want) {
    auto R = Inst.invoke(Name, Args);
    if (!R)
      Fail(std::string(Name) + ": " + R.error().Message);
    else if ((*R)[0].Bits.i32 != Want)
      Fail(std::string(Name) + " = " + std::to_string((*R)[0].Bits.i32) +
           ", expected " + std::to_string(Want));
  };
  // A trap in wasm code carries a backtrace whose innermost frame is the
  // function (unwound on this thread, from a signal handler for faults);
  // a host error carries none.
  auto ExpectTrap = [&](const char *Name, std::vector<Value> Args,
                        const std::string &Want, size_t MinFrames = 1) {
    auto R = Inst.invoke(Name, Args);
    if (R)
      return Fail(std::string(Name) + " did not trap");
    const Error &E = R.error();
    if (E.Message != Want)
      return Fail(std::string(Name) + " trapped with " + E.Message);
    if (E.Backtrace.size() < MinFrames ||
        (MinFrames && E.Backtrace[0].Function != Name))
      Fail(std::string(Name) + ": backtrace of " +
           std::to_string(E.Backtrace.size()) + " frames, innermost " +
           (E.Backtrace.empty() ? "none" : E.Backtrace[0].Function));
  };

  int32_t Stored = 0;
  for (int Round = 0; Round < Rounds; ++Round) {
    if (std::chrono::steady_clock::now() > Deadline)
      break;
    ExpectI32("add", {Value::i32(Round), Value::i32(3)}, Round + 3);
    ExpectI32("bump", {}, Round + 1);
    ExpectI32("sum", {Value::i32(1000)}, 500500);
    ExpectI32("via_host", {Value::i32(Round)}, 2 * Round);
    if (!Inst.invoke("store", {Value::i32(64), Value::i32(Round)}))
      Fail("store");
    Stored = Round;
    if (Traps) {
      ExpectTrap("div", {Value::i32(1), Value::i32(0)},
                 "integer divide by zero");
      ExpectTrap("div", {Value::i32(INT32_MIN), Value::i32(-1)},
                 "integer overflow");
      ExpectTrap("load", {Value::i32(65534)}, "out of bounds memory access");
      ExpectTrap("crash", {}, "unreachable executed");
      ExpectTrap("via_host", {Value::i32(-1)}, "negative", 0);
      if (Round % 8 == 0)
        ExpectTrap("recurse", {Value::i32(0)}, "call stack exhausted", 100);
    }
    ExpectI32("load", {Value::i32(64)}, Stored);
  }
}

TEST_F(ThreadStress, TrapsInSomeThreadsLeaveTheOthersAlone) {
  constexpr int NumThreads = 12;
  constexpr int Rounds = 200;
  auto Deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::vector<std::string> Failures(NumThreads);
  std::vector<std::thread> Pool;
  for (int T = 0; T < NumThreads; ++T)
    Pool.emplace_back(worker, Path, /*Traps=*/T % 2 == 1, Rounds, Deadline,
                      std::ref(Failures[T]));
  for (std::thread &T : Pool)
    T.join();
  for (int T = 0; T < NumThreads; ++T)
    EXPECT_EQ(Failures[T], "") << "thread " << T;
}

TEST_F(ThreadStress, OneModuleManyInstancesFromManyThreads) {
  // Instantiated on one thread, each instance then called on its own
  // thread: the stack limits follow the calling thread.
  constexpr int NumThreads = 8;
  auto M = Module::load(Path);
  ASSERT_TRUE(M) << M.error().Message;
  Linker L;
  L.define("host", "check",
           Function::host({{W2S_I32}, {W2S_I32}},
                          [](const Value *A, Value *R) -> std::optional<Error> {
                            R[0] = A[0];
                            return std::nullopt;
                          }));
  std::vector<std::shared_ptr<Instance>> Instances;
  for (int T = 0; T < NumThreads; ++T) {
    auto I = L.instantiate(*M);
    ASSERT_TRUE(I) << I.error().Message;
    Instances.push_back(*I);
  }
  std::atomic<int> Bad{0};
  std::vector<std::thread> Pool;
  for (int T = 0; T < NumThreads; ++T)
    Pool.emplace_back([&, T] {
      Instance &I = *Instances[T];
      for (int K = 1; K <= 30; ++K) {
        auto R = I.invoke("bump", {});
        Bad += !R || (*R)[0].Bits.i32 != K;
        auto S = I.invoke("recurse", {Value::i32(0)});
        Bad += S || S.error().Message != "call stack exhausted";
      }
    });
  for (std::thread &T : Pool)
    T.join();
  EXPECT_EQ(Bad.load(), 0);
}

} // namespace
