;; A branch or select on a comparison tests the comparison's i1, not the
;; i32 that Wasm makes of it compared with zero again, and i32.eqz of a
;; comparison is the inverse comparison (FunctionLowering::popCondition);
;; the comparison's own zext, and the comparison that i32.eqz inverted,
;; are gone, so the fast instruction selector folds the comparison into
;; the branch (it does only for a comparison with one use):
;; at -O0 every step would otherwise be machine instructions of its own.
;; RUN: %wasm2so %s --emit-llvm -O0 -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: %wasm2so -O0 %s -o %t.so
;; RUN: %wasmrun %t.so --invoke brif 1 2 | FileCheck %s --check-prefix=TWO
;; RUN: %wasmrun %t.so --invoke brif 2 1 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t.so --invoke eqz 1 2 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t.so --invoke eqz 2 1 | FileCheck %s --check-prefix=TWO
;; RUN: %wasmrun %t.so --invoke eqz 2 2 | FileCheck %s --check-prefix=TWO
;; RUN: %wasmrun %t.so --invoke sel 1 2 | FileCheck %s --check-prefix=THREE
;; RUN: %wasmrun %t.so --invoke sel 2 1 | FileCheck %s --check-prefix=FOUR
;; RUN: %wasmrun %t.so --invoke sel nan 1 | FileCheck %s --check-prefix=FOUR
;; RUN: %wasmrun %t.so --invoke feqz nan 1 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t.so --invoke feqz 2 1 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t.so --invoke feqz 1 2 | FileCheck %s --check-prefix=ZERO
;; RUN: %wasmrun %t.so --invoke iff 7 | FileCheck %s --check-prefix=FIVE
;; RUN: %wasmrun %t.so --invoke iff 0 | FileCheck %s --check-prefix=SIX
(module
  (func (export "brif") (param i32 i32) (result i32)
    (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1)))
           (return (i32.const 1)))
    (i32.const 2))
  (func (export "eqz") (param i32 i32) (result i32)
    (block (br_if 0 (i32.eqz (i32.lt_u (local.get 0) (local.get 1))))
           (return (i32.const 1)))
    (i32.const 2))
  (func (export "sel") (param f64 f64) (result i32)
    (select (i32.const 3) (i32.const 4) (f64.lt (local.get 0) (local.get 1))))
  (func (export "feqz") (param f64 f64) (result i32)
    (i32.eqz (f64.lt (local.get 0) (local.get 1))))
  (func (export "iff") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (i32.const 5)) (else (i32.const 6))))
)
;; CHECK-LABEL: define {{.*}}@wasm_f0_brif(
;; CHECK:      [[LT:%[0-9]+]] = icmp slt i32
;; CHECK-NEXT: br i1 [[LT]], label
;; CHECK-LABEL: define {{.*}}@wasm_f1_eqz(
;; CHECK-NOT:  icmp ult
;; CHECK:      [[GE:%[0-9]+]] = icmp uge i32
;; CHECK-NEXT: br i1 [[GE]], label
;; CHECK-LABEL: define {{.*}}@wasm_f2_sel(
;; CHECK:      [[FLT:%[0-9]+]] = fcmp olt double
;; CHECK-NEXT: select i1 [[FLT]], i32 3, i32 4
;; CHECK-LABEL: define {{.*}}@wasm_f3_feqz(
;; CHECK-NOT:  fcmp olt
;; CHECK:      [[UGE:%[0-9]+]] = fcmp uge double
;; CHECK-NEXT: zext i1 [[UGE]] to i32
;; CHECK-LABEL: define {{.*}}@wasm_f4_iff(
;; CHECK:      [[NZ:%[0-9]+]] = icmp ne i32
;; CHECK-NEXT: br i1 [[NZ]], label
;; CHECK-NOT:  zext i1
;; ZERO: 0
;; ONE: 1
;; TWO: 2
;; THREE: 3
;; FOUR: 4
;; FIVE: 5
;; SIX: 6
