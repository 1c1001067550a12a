;; A load out of bounds traps where the wasm code reads, even when only a
;; later or a conditional computation uses its value: neither InstCombine
;; nor code generation's MachineSink may move it past a branch that skips
;; that use (repinMovableLoads, compiler/Optimize.cpp). Found by the
;; differential tester (docs/security.md, "What it found").
;; RUN: %wasm2so -O2 %s -o %t.so
;; RUN: not %wasmrun %t.so --invoke before_return 70000 0 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke float_select 70000 1 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke div_check 70000 5 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: %wasmrun %t.so --invoke before_return 8 0 | FileCheck %s --check-prefix=ZERO
;; RUN: %wasmrun %t.so --invoke div_check 8 5 | FileCheck %s --check-prefix=ZERO
;; RUN: %wasm2so -O0 %s -o %t0.so
;; RUN: not %wasmrun %t0.so --invoke before_return 70000 0 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t0.so --invoke float_select 70000 1 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t0.so --invoke div_check 70000 5 2>&1 | FileCheck %s --check-prefix=OOB
(module
  (memory 1 1)
  ;; Seed 2365: only a store after the branch uses the value; the branch
  ;; returns when $stop is 0.
  (func (export "before_return") (param $a i32) (param $stop i32) (result i32)
    (local $v i32)
    (local.set $v (i32.load (local.get $a)))
    (if (i32.eqz (local.get $stop)) (then (return (i32.const 0))))
    (i32.store (i32.const 0) (local.get $v))
    (i32.const 1))
  ;; Seed 4240: a select of floats becomes a branch, the load in one arm.
  (func (export "float_select") (param $a i32) (param $c i32) (result f64)
    (select (f64.const 4) (f64.load (local.get $a)) (local.get $c)))
  ;; Seed 5588: i64.div_s tests its divisor, then whether the dividend
  ;; is INT64_MIN: the second test, which the load feeds, runs only when
  ;; the divisor is -1.
  ;; Its quotient is dropped.
  (func (export "div_check") (param $a i32) (param $d i32) (result i64)
    (drop (i64.div_s (i64.load (local.get $a)) (i64.extend_i32_s (local.get $d))))
    (i64.const 0)))

;; OOB: error: trap: out of bounds memory access
;; ZERO: {{^}}0{{$}}
