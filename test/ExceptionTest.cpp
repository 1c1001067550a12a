//===- ExceptionTest.cpp - Wasm exceptions at the host boundary -----------===//
//
// docs/abi.md, "Exceptions": an exception never leaves through a host
// function. A wasm function that a host function calls and that throws
// ends that inner call with an Exception error naming the tag; the host
// function returning it stops the outer wasm call like a trap, past its
// try blocks. An exception stays catchable inside one host-to-wasm call.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/compiler.h"
#include "wasm2so/runtime.h"

#include "../rt/Internal.h"

#include "llvm/Support/Error.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <string>

using namespace wasm2so;
using namespace wasm2so::rt;

namespace {

const char *const Wat = R"((module
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (tag $boom (export "boom") (param i32))
  (func (export "throw") (param i32) (result i32)
    (throw $boom (local.get 0)))
  ;; Catches what it throws itself: 1000 + the payload.
  (func (export "local") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $boom $h)
        (throw $boom (local.get 0))))
    (i32.const 1000)
    (i32.add))
  ;; The host function calls "throw" back: its error is not an exception
  ;; of this call, so catch_all does not see it.
  (func (export "through_host") (param i32) (result i32)
    (block $h
      (try_table (catch_all $h)
        (return (call $reenter (local.get 0)))))
    (i32.const -1)))
)";

class ExceptionBoundary : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    Path = std::string(W2S_TEST_BINARY_DIR) + "/exception_boundary.so";
    auto Wasm = watToWasm(Wat, "exception_boundary.wat");
    ASSERT_TRUE(bool(Wasm)) << llvm::toString(Wasm.takeError());
    CompileOptions Options;
    llvm::Error E = compileModule(*Wasm, "exception_boundary.wat", Path, Options);
    ASSERT_FALSE(bool(E)) << llvm::toString(std::move(E));
  }
  static std::string Path;
};

std::string ExceptionBoundary::Path;

TEST_F(ExceptionBoundary, ExceptionsStopAtHostCalls) {
  auto M = Module::load(Path);
  ASSERT_TRUE(bool(M)) << M.error().Message;
  std::shared_ptr<Instance> Self;
  std::optional<Error> Inner;
  Linker L;
  L.define("host", "reenter",
           Function::host({{W2S_I32}, {W2S_I32}},
                          [&](const Value *A, Value *R) -> std::optional<Error> {
                            auto Res = Self->invoke("throw", {A[0]});
                            if (Res) {
                              R[0] = (*Res)[0];
                              return std::nullopt;
                            }
                            Inner = Res.error();
                            return Res.error();
                          }));
  auto I = L.instantiate(*M);
  ASSERT_TRUE(bool(I)) << I.error().Message;
  Self = *I;

  auto Thrown = Self->invoke("throw", {Value::i32(5)});
  ASSERT_FALSE(bool(Thrown));
  EXPECT_EQ(Thrown.error().K, Error::Exception);
  EXPECT_EQ(Thrown.error().Message, "uncaught exception (tag \"boom\")");

  auto Local = Self->invoke("local", {Value::i32(7)});
  ASSERT_TRUE(bool(Local)) << Local.error().Message;
  EXPECT_EQ((*Local)[0].Bits.i32, 1007);

  auto Through = Self->invoke("through_host", {Value::i32(9)});
  ASSERT_FALSE(bool(Through));
  ASSERT_TRUE(Inner.has_value());
  EXPECT_EQ(Inner->K, Error::Exception);
  EXPECT_EQ(Through.error().K, Error::Exception);
  EXPECT_EQ(Through.error().Message, "uncaught exception (tag \"boom\")");

  // The runtime is in a clean state afterwards.
  auto Again = Self->invoke("local", {Value::i32(1)});
  ASSERT_TRUE(bool(Again)) << Again.error().Message;
  EXPECT_EQ((*Again)[0].Bits.i32, 1001);
}

} // namespace

namespace {

// A legacy catch arm that a branch leaves frees its exception there, not
// when the outermost call returns: a loop that catches and branches out
// (what setjmp/longjmp lowers to) holds none across iterations. The host
// function "probe" reports how many exceptions the thread holds.
const char *const LeaveArmsWat = R"((module
  (import "host" "probe" (func $probe))
  (tag $boom (param i32))
  (func $throw (param i32) (throw $boom (local.get 0)))
  (func (export "br") (param $n i32)
    (loop $again
      (block $out
        (try (do (call $throw (local.get $n)))
          (catch $boom (drop) (br $out))))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (call $probe))
  (func (export "br_if") (param $n i32)
    (loop $again
      (try (do (call $throw (local.get $n)))
        (catch $boom
          (br_if $again (local.tee $n (i32.sub (i32.const 1))))
          (call $probe)))) ;; holds this arm's exception only
    (call $probe))
  (func (export "br_table") (param $n i32)
    (loop $again
      (block $out
        (try (do (call $throw (local.get $n)))
          (catch_all
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br_table $out $again (i32.ne (local.get $n) (i32.const 0)))))))
    (call $probe))
  (func (export "nested") (param $n i32)
    (loop $again
      (try (do (call $throw (local.get $n)))
        (catch $boom
          (drop)
          (try (do (call $throw (local.get $n)))
            (catch_all
              (br_if $again (local.tee $n (i32.sub (local.get $n)
                                                   (i32.const 1)))))))))
    (call $probe))
)
)";

/// Compiles the text module Wat to NAME.so in the test directory and loads
/// it into Out.
void loadWat(const char *Wat, const std::string &Name,
             std::shared_ptr<Module> &Out) {
  std::string Path = std::string(W2S_TEST_BINARY_DIR) + "/" + Name + ".so";
  auto Wasm = watToWasm(Wat, Name + ".wat");
  ASSERT_TRUE(bool(Wasm)) << llvm::toString(Wasm.takeError());
  CompileOptions Options;
  llvm::Error E = compileModule(*Wasm, Name + ".wat", Path, Options);
  ASSERT_FALSE(bool(E)) << llvm::toString(std::move(E));
  auto M = Module::load(Path);
  ASSERT_TRUE(bool(M)) << M.error().Message;
  Out = *M;
}

TEST(ExceptionLifetime, BranchOutOfCatchArmFreesTheException) {
  std::shared_ptr<Module> M;
  ASSERT_NO_FATAL_FAILURE(loadWat(LeaveArmsWat, "leave_arms", M));
  std::vector<size_t> Seen;
  Linker L;
  L.define("host", "probe",
           Function::host({{}, {}},
                          [&](const Value *, Value *) -> std::optional<Error> {
                            Seen.push_back(liveExceptionCount());
                            return std::nullopt;
                          }));
  auto I = L.instantiate(M);
  ASSERT_TRUE(bool(I)) << I.error().Message;
  for (const char *Name : {"br", "br_if", "br_table", "nested"}) {
    Seen.clear();
    auto R = (*I)->invoke(Name, {Value::i32(100)});
    ASSERT_TRUE(bool(R)) << Name << ": " << R.error().Message;
    ASSERT_FALSE(Seen.empty()) << Name;
    EXPECT_LE(*std::max_element(Seen.begin(), Seen.end()), 1u)
        << Name << " holds exceptions it left";
    EXPECT_EQ(Seen.back(), 0u) << Name;
  }
}

/// docs/abi.md, "Escaped exnrefs are collected": an exception caught as
/// an exnref belongs to the collector, which frees it once nothing refers
/// to it and keeps it, with the GC objects of its payload, while a global,
/// a struct field or a local does.
const char *const EscapedWat = R"((module
  (type $box (struct (field i32)))
  (type $holder (struct (field exnref)))
  (tag $e (param (ref null $box) i32))
  (global $kept (mut exnref) (ref.null exn))
  (global $held (mut (ref null $holder)) (ref.null $holder))
  ;; An exnref of $e with a fresh box of V and V.
  (func $caught (param $v i32) (result exnref)
    (block $h (result exnref)
      (try_table (catch_all_ref $h)
        (throw $e (struct.new $box (local.get $v)) (local.get $v)))
      (unreachable)))
  ;; Catches N exceptions as exnrefs and drops them.
  (func (export "churn") (param $n i32)
    (local $i i32)
    (loop $l
      (drop (call $caught (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
  (func (export "keep") (param $v i32)
    (global.set $kept (call $caught (local.get $v))))
  (func (export "hold") (param $v i32)
    (global.set $held (struct.new $holder (call $caught (local.get $v)))))
  (func (export "forget")
    (global.set $kept (ref.null exn))
    (global.set $held (ref.null $holder)))
  ;; Throws the exnref again and catches it: its box's field plus V.
  (func $payload (param $x exnref) (result i32)
    (local $v i32)
    (block $h (result (ref null $box) i32)
      (try_table (catch $e $h) (throw_ref (local.get $x)))
      (unreachable))
    (local.set $v)
    (struct.get $box 0)
    (local.get $v)
    (i32.add))
  (func (export "read_kept") (result i32)
    (call $payload (global.get $kept)))
  (func (export "read_held") (result i32)
    (call $payload (struct.get $holder 0 (global.get $held))))
))";

TEST(ExceptionLifetime, EscapedExnrefsAreCollected) {
  std::shared_ptr<Module> M;
  ASSERT_NO_FATAL_FAILURE(loadWat(EscapedWat, "escaped_exnrefs", M));
  Linker L;
  auto I = L.instantiate(M);
  ASSERT_TRUE(bool(I)) << I.error().Message;
  auto Call = [&](const char *Name, std::vector<Value> Args) {
    auto R = (*I)->invoke(Name, Args);
    EXPECT_TRUE(bool(R)) << Name << ": " << R.error().Message;
    return R && !R->empty() ? (*R)[0].Bits.i32 : -1;
  };
  collectGarbage();
  size_t Before = gcEscapedExceptionCount();
  Call("keep", {Value::i32(7)});
  Call("hold", {Value::i32(9)});
  // 200,000 escaped exceptions of 80 bytes, with as many boxes: several
  // times the collector's 4 MiB trigger.
  Call("churn", {Value::i32(200000)});
  collectGarbage();
  EXPECT_GE(gcStats().Collections, 2u);
  // The two kept, and none of the dropped ones (a stale stack word may
  // keep a few: the stacks are scanned conservatively).
  size_t Kept = gcEscapedExceptionCount() - Before;
  EXPECT_GE(Kept, 2u);
  EXPECT_LE(Kept, 10u) << "the dropped exnrefs were not freed";
  // The kept ones and their payloads' boxes survived the collections.
  EXPECT_EQ(Call("read_kept", {}), 14);
  EXPECT_EQ(Call("read_held", {}), 18);
  Call("forget", {});
  collectGarbage();
  EXPECT_LT(gcEscapedExceptionCount() - Before, Kept);
}

/// A module that allocates no GC object: escaping exceptions start the
/// collections themselves (they count as allocations).
TEST(ExceptionLifetime, ExnrefsAloneStartCollections) {
  const char *Wat = R"((module
    (tag $e (param i64 i64 i64 i64))
    (func (export "churn") (param $n i32)
      (local $i i32)
      (loop $l
        (block $h (result exnref)
          (try_table (catch_all_ref $h)
            (throw $e (i64.const 1) (i64.const 2) (i64.const 3)
                      (i64.extend_i32_u (local.get $i))))
          (unreachable))
        (drop)
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
  ))";
  std::shared_ptr<Module> M;
  ASSERT_NO_FATAL_FAILURE(loadWat(Wat, "exnref_churn", M));
  Linker L;
  auto I = L.instantiate(M);
  ASSERT_TRUE(bool(I)) << I.error().Message;
  uint64_t Collections = gcStats().Collections;
  size_t Before = gcEscapedExceptionCount();
  // 300,000 exceptions of 112 bytes: 34 MB, eight times the 4 MiB
  // trigger.
  auto R = (*I)->invoke("churn", {Value::i32(300000)});
  ASSERT_TRUE(bool(R)) << R.error().Message;
  EXPECT_GE(gcStats().Collections - Collections, 4u);
  // Fewer than a trigger and a half's worth (4 MiB is 37,449 of them)
  // are left; before, all 300,000 were.
  EXPECT_LT(gcEscapedExceptionCount() - Before, 60000u);
}

} // namespace
