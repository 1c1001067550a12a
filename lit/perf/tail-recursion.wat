;; A call of the function itself may become a loop only when another
;; self-call runs before it on every path (compiler/LowerControl.cpp,
;; lowerCall): fib keeps one real call, as native code does, and runaway
;; recursion still traps call stack exhausted.
;; RUN: %wasm2so -O2 --emit-llvm %s -o - | FileCheck %s
;; RUN: %wasm2so -O2 %s -o %t.so
;; RUN: %wasmrun %t.so --invoke fib 30 | FileCheck %s --check-prefix=FIB
;; FIB: 832040
;; RUN: not %wasmrun %t.so --invoke runaway 1 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
;; RUN: not %wasmrun %t.so --invoke arms 1 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
;; RUN: not %wasmrun %t.so --invoke skipped 1 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
;; EXHAUSTED: error: trap: call stack exhausted
(module
  ;; fib(n-1) runs before fib(n-2) on the same path: the second call becomes
  ;; the loop, the first stays a call.
  ;; CHECK-LABEL: define internal {{.*}}@wasm_f0_fib(
  ;; CHECK:     notail call {{.*}}@wasm_f0_fib(
  ;; CHECK-NOT: call {{.*}}@wasm_f0_fib(
  ;; CHECK:     {{^}}}{{$}}
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; One self-call: it stays a call.
  ;; CHECK-LABEL: define internal {{.*}}@wasm_f1_runaway(
  ;; CHECK-NOT: {{(= |^  )(tail )?call .*@wasm_f1_runaway\(}}
  ;; CHECK:     notail call {{.*}}@wasm_f1_runaway(
  ;; CHECK-NOT: {{(= |^  )(tail )?call .*@wasm_f1_runaway\(}}
  (func $runaway (export "runaway") (param $x i32) (result i32)
    (i32.sub (call $runaway (local.get $x)) (local.get $x)))

  ;; A call in one arm does not run before a call in the other: every call
  ;; of it stays notail (LLVM may merge the two).
  ;; CHECK-LABEL: define internal {{.*}}@wasm_f2_arms(
  ;; CHECK-NOT: {{(= |^  )(tail )?call .*@wasm_f2_arms\(}}
  ;; CHECK:     notail call {{.*}}@wasm_f2_arms(
  ;; CHECK-NOT: {{(= |^  )(tail )?call .*@wasm_f2_arms\(}}
  (func $arms (export "arms") (param $x i32) (result i32)
    (if (result i32) (local.get $x)
      (then (i32.add (call $arms (i32.add (local.get $x) (i32.const 1))) (i32.const 1)))
      (else (i32.add (call $arms (i32.const 1)) (i32.const 2)))))

  ;; A branch may leave the block before its call runs: the call after the
  ;; block is not preceded by it on every path.
  ;; CHECK-LABEL: define internal {{.*}}@wasm_f3_skipped(
  ;; CHECK-NOT: {{(= |^  )(tail )?call .*@wasm_f3_skipped\(}}
  ;; CHECK:     notail call {{.*}}@wasm_f3_skipped(
  ;; CHECK-NOT: {{(= |^  )(tail )?call .*@wasm_f3_skipped\(}}
  (func $skipped (export "skipped") (param $x i32) (result i32)
    (local $acc i32)
    (block
      (br_if 0 (local.get $x))
      (local.set $acc (call $skipped (i32.const 0))))
    (i32.add (local.get $acc) (call $skipped (local.get $x))))
)
