;; A tail call whose results do not fit in the return registers (here five
;; i32; swifttailcc returns four integers and four floats or vectors) comes
;; back through a pointer into the caller's frame, which LLVM cannot hand on
;; in a musttail call: it aborted (`failed to perform tail call elimination
;; on a call site marked musttail`, differential tester seed 8248). Such a
;; return_call is a call and a return (docs/abi.md, "Tail calls"); results
;; that fit are still jumps.
;; RUN: %wasm2so -O0 %s -o %t0.so
;; RUN: %wasmrun %t0.so --invoke self 3 | FileCheck %s --check-prefix=SELF
;; RUN: %wasmrun %t0.so --invoke indirect 1 | FileCheck %s --check-prefix=IND
;; RUN: %wasmrun %t0.so --invoke mixed 0 | FileCheck %s --check-prefix=MIXED
;; RUN: %wasm2so -O2 %s -o %t2.so
;; RUN: %wasmrun %t2.so --invoke self 3 | FileCheck %s --check-prefix=SELF
;; RUN: %wasmrun %t2.so --invoke indirect 1 | FileCheck %s --check-prefix=IND
;; RUN: %wasmrun %t2.so --invoke mixed 0 | FileCheck %s --check-prefix=MIXED
;; A deep chain of them takes stack, and traps when it runs out.
;; RUN: not %wasmrun %t0.so --invoke self 100000000 2>&1 | FileCheck %s --check-prefix=DEEP
;; RUN: %wasm2so -O0 %s --emit-llvm --disable-llvm-passes -o - | FileCheck %s --check-prefix=IR
(module
  (type $five (func (result i32 i32 i32 i32 i32)))
  (type $eight (func (result i32 i64 i32 i64 f32 f64 v128 f32)))
  (table (export "table") 3 funcref)
  (elem (i32.const 0) $a $b $c)
  (func $a (type $five) (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5))
  (func $b (type $five) (i32.const 6) (i32.const 7) (i32.const 8) (i32.const 9) (i32.const 10))
  (func $c (type $eight)
    (i32.const 1) (i64.const 2) (i32.const 3) (i64.const 4)
    (f32.const 5) (f64.const 6) (v128.const i32x4 0 0 0 0) (f32.const 8))
  ;; Self recursion, as the generated module had it.
  (func $self (export "self") (param i32) (result i32 i32 i32 i32 i32)
    (if (i32.eqz (local.get 0))
      (then (return (i32.const -32) (i32.const 1) (i32.const 262144)
                    (i32.const -1) (local.get 0))))
    (return_call $self (i32.sub (local.get 0) (i32.const 1))))
  (func (export "indirect") (param i32) (result i32 i32 i32 i32 i32)
    (return_call_indirect (type $five) (local.get 0)))
  ;; Four integers and four floats or vectors fit: still a musttail call.
  (func $mixed (export "mixed") (param i32) (result i32 i64 i32 i64 f32 f64 v128 f32)
    (return_call_indirect (type $eight) (i32.const 2))))

;; SELF: -32
;; SELF-NEXT: 1
;; SELF-NEXT: 262144
;; SELF-NEXT: -1
;; SELF-NEXT: 0
;; IND: 6
;; IND-NEXT: 7
;; IND-NEXT: 8
;; IND-NEXT: 9
;; IND-NEXT: 10
;; MIXED: 1
;; MIXED-NEXT: 2
;; MIXED-NEXT: 3
;; MIXED-NEXT: 4
;; DEEP: error: trap: call stack exhausted

;; IR-LABEL: define internal swifttailcc { i32, i32, i32, i32, i32 } @wasm_f3_self(
;; IR:         %[[R:[0-9]+]] = notail call swifttailcc { i32, i32, i32, i32, i32 } @wasm_f3_self(
;; IR-NEXT:    ret { i32, i32, i32, i32, i32 } %[[R]]
;; IR-LABEL: define internal swifttailcc { i32, i32, i32, i32, i32 } @wasm_f4_indirect(
;; IR:         notail call swifttailcc { i32, i32, i32, i32, i32 } %
;; IR-LABEL: define internal swifttailcc { i32, i64, i32, i64, float, double, <2 x i64>, float } @wasm_f5_mixed(
;; IR:         musttail call swifttailcc
