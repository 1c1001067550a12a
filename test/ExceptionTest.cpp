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

TEST(ExceptionLifetime, BranchOutOfCatchArmFreesTheException) {
  std::string Path = std::string(W2S_TEST_BINARY_DIR) + "/leave_arms.so";
  auto Wasm = watToWasm(LeaveArmsWat, "leave_arms.wat");
  ASSERT_TRUE(bool(Wasm)) << llvm::toString(Wasm.takeError());
  CompileOptions Options;
  llvm::Error E = compileModule(*Wasm, "leave_arms.wat", Path, Options);
  ASSERT_FALSE(bool(E)) << llvm::toString(std::move(E));
  auto M = Module::load(Path);
  ASSERT_TRUE(bool(M)) << M.error().Message;
  std::vector<size_t> Seen;
  Linker L;
  L.define("host", "probe",
           Function::host({{}, {}},
                          [&](const Value *, Value *) -> std::optional<Error> {
                            Seen.push_back(liveExceptionCount());
                            return std::nullopt;
                          }));
  auto I = L.instantiate(*M);
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

} // namespace
