//===- GcTest.cpp - The GC heap's collector: roots, reuse, threads --------===//
//
// A module compiled in the test makes structs that are reachable only from
// a global, a table slot, a host HeldRef, or the locals of a running wasm
// function; collections (forced by the host, or by the module's own
// allocation) must keep exactly those, with their values, and hand the
// cells of the rest out again. Several threads allocate at once, each
// stopping the others when it collects (docs/abi.md, "Garbage
// collection").
//
//===----------------------------------------------------------------------===//
#include "wasm2so/compiler.h"
#include "wasm2so/runtime.h"

#include "llvm/Support/Error.h"

#include "gtest/gtest.h"

#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace wasm2so;
using namespace wasm2so::rt;

namespace {

const char *const GcWat = R"((module
  (type $s (struct (field $v i32) (field $next (ref null $s))))
  (global $g (mut anyref) (ref.null any))
  (table $t 4 anyref)
  (func $new (param i32 (ref null $s)) (result (ref $s))
    (struct.new $s (local.get 0) (local.get 1)))
  (func (export "make") (param i32) (result anyref)
    (call $new (local.get 0) (ref.null $s)))
  (func (export "keep_global") (param i32)
    (global.set $g (call $new (local.get 0)
      (call $new (i32.add (local.get 0) (i32.const 1)) (ref.null $s)))))
  (func (export "keep_table") (param i32 i32)
    (table.set $t (local.get 0) (call $new (local.get 1) (ref.null $s))))
  (func $value (export "value") (param anyref) (result i32)
    (struct.get $s $v (ref.cast (ref $s) (local.get 0))))
  (func (export "global_value") (result i32)
    (call $value (global.get $g)))
  (func (export "global_next_value") (result i32)
    (struct.get $s $v (ref.as_non_null (struct.get $s $next
      (ref.cast (ref $s) (global.get $g))))))
  (func (export "table_value") (param i32) (result i32)
    (call $value (table.get $t (local.get 0))))
  ;; n structs of 24 bytes, each dropped at once.
  (func $churn (export "churn") (param $n i32)
    (loop $more
      (drop (call $new (local.get $n) (ref.null $s)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $more (i32.gt_s (local.get $n) (i32.const 0)))))
  ;; A list of 1000 nodes held only in a local while n structs are made
  ;; and dropped; then the list's sum (499500 when it survived).
  (func (export "churn_keep") (param $n i32) (result i32)
    (local $i i32) (local $l (ref null $s)) (local $sum i32)
    (loop $build
      (local.set $l (call $new (local.get $i) (local.get $l)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $build (i32.lt_u (local.get $i) (i32.const 1000))))
    (call $churn (local.get $n))
    (block $done
      (loop $next
        (br_if $done (ref.is_null (local.get $l)))
        (local.set $sum (i32.add (local.get $sum)
                                 (struct.get $s $v (local.get $l))))
        (local.set $l (struct.get $s $next (local.get $l)))
        (br $next)))
    (local.get $sum)))
)";

class GcCollector : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    Path = std::string(W2S_TEST_BINARY_DIR) + "/gc_collector.so";
    auto Wasm = watToWasm(GcWat, "gc_collector.wat");
    ASSERT_TRUE(bool(Wasm)) << llvm::toString(Wasm.takeError());
    CompileOptions Options;
    llvm::Error E = compileModule(*Wasm, "gc_collector.wat", Path, Options);
    ASSERT_FALSE(bool(E)) << llvm::toString(std::move(E));
  }

  void SetUp() override {
    auto M = Module::load(Path);
    ASSERT_TRUE(bool(M)) << M.error().Message;
    Linker L;
    auto I = L.instantiate(*M);
    ASSERT_TRUE(bool(I)) << I.error().Message;
    Inst = *I;
  }

  int32_t i32(const char *Name, std::vector<Value> Args = {}) {
    auto R = Inst->invoke(Name, Args);
    EXPECT_TRUE(bool(R)) << Name << ": " << R.error().Message;
    return R ? (*R)[0].Bits.i32 : -1;
  }
  const void *ref(const char *Name, std::vector<Value> Args) {
    auto R = Inst->invoke(Name, Args);
    EXPECT_TRUE(bool(R)) << Name << ": " << R.error().Message;
    return R ? (*R)[0].Bits.ref : nullptr;
  }
  void run(const char *Name, std::vector<Value> Args) {
    auto R = Inst->invoke(Name, Args);
    EXPECT_TRUE(bool(R)) << Name << ": " << R.error().Message;
  }

  static std::string Path;
  std::shared_ptr<Instance> Inst;
};

std::string GcCollector::Path;

TEST_F(GcCollector, RootsOutsideTheStackSurvive) {
  run("keep_global", {Value::i32(10)});
  run("keep_table", {Value::i32(1), Value::i32(20)});
  HeldRef Held(ref("make", {Value::i32(30)}));
  uint64_t Before = gcStats().Collections;
  collectGarbage();
  // 10 MB of garbage: collections triggered by compiled code, too.
  run("churn", {Value::i32(400000)});
  collectGarbage();
  EXPECT_GE(gcStats().Collections, Before + 3);
  EXPECT_EQ(i32("global_value"), 10);
  EXPECT_EQ(i32("global_next_value"), 11);
  EXPECT_EQ(i32("table_value", {Value::i32(1)}), 20);
  EXPECT_EQ(i32("value", {Value::ref(W2S_ANYREF, Held.get())}), 30);
  // A copy keeps it too, after the first handle is gone.
  HeldRef Copy = Held;
  Held = HeldRef();
  run("churn", {Value::i32(400000)});
  EXPECT_EQ(i32("value", {Value::ref(W2S_ANYREF, Copy.get())}), 30);
}

TEST_F(GcCollector, LocalsOfRunningWasmSurvive) {
  EXPECT_EQ(i32("churn_keep", {Value::i32(400000)}), 499500);
}

TEST_F(GcCollector, UnreachableCellsAreReused) {
  // Addresses kept as numbers in heap memory, which is no root.
  std::set<uintptr_t> First;
  for (int I = 0; I < 2000; ++I)
    First.insert(reinterpret_cast<uintptr_t>(ref("make", {Value::i32(I)})));
  collectGarbage();
  size_t Reused = 0;
  for (int I = 0; I < 2000; ++I)
    Reused += First.count(
        reinterpret_cast<uintptr_t>(ref("make", {Value::i32(I)})));
  // A stale word on a stack may keep a few; most cells come back.
  EXPECT_GT(Reused, 1000u);
  // The heap stays small however much is allocated and dropped.
  run("churn", {Value::i32(2000000)});
  EXPECT_LT(gcStats().HeapBytes, 64ull << 20);
}

TEST_F(GcCollector, ThreadsStopEachOther) {
  // Each thread has its own instance of the module; all share the heap,
  // and a collection by one stops the others inside wasm code.
  constexpr int Threads = 3;
  std::vector<std::string> Failures(Threads);
  std::vector<std::thread> Workers;
  for (int T = 0; T < Threads; ++T)
    Workers.emplace_back([&, T] {
      auto M = Module::load(Path);
      if (!M)
        return void(Failures[T] = M.error().Message);
      Linker L;
      auto I = L.instantiate(*M);
      if (!I)
        return void(Failures[T] = I.error().Message);
      auto Call = [&](const char *Name, std::vector<Value> Args) -> int32_t {
        auto R = (*I)->invoke(Name, Args);
        if (!R) {
          Failures[T] += std::string(Name) + ": " + R.error().Message + "; ";
          return -1;
        }
        return R->empty() ? 0 : (*R)[0].Bits.i32;
      };
      Call("keep_global", {Value::i32(100 * T)});
      for (int Round = 0; Round < 5; ++Round) {
        if (int32_t S = Call("churn_keep", {Value::i32(100000)}); S != 499500)
          Failures[T] += "churn_keep = " + std::to_string(S) + "; ";
        if (Call("global_value", {}) != 100 * T ||
            Call("global_next_value", {}) != 100 * T + 1)
          Failures[T] += "global lost its value; ";
      }
    });
  for (auto &W : Workers)
    W.join();
  for (int T = 0; T < Threads; ++T)
    EXPECT_EQ(Failures[T], "") << "thread " << T;
}

} // namespace
