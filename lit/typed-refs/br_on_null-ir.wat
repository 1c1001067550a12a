;; br_on_null and br_on_non_null are one compare with null and a branch;
;; the reference they pass on is known non-null, so the call_ref after them
;; keeps no null check of its own (no trap 12, null function reference).
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (type $get (func (result i32)))
  (func (export "on_null") (param $r (ref null $get)) (result i32)
    (block $null
      (return (call_ref $get (br_on_null $null (local.get $r)))))
    (i32.const -1))
  (func (export "non_null") (param $r (ref null $get)) (result i32)
    (block $some (result (ref $get))
      (br_on_non_null $some (local.get $r))
      (return (i32.const -1)))
    (call_ref $get)))

;; CHECK-LABEL: define internal {{.*}}i32 @wasm_f0_on_null(
;; CHECK: %is_null = icmp eq ptr %0, null
;; CHECK-NOT: icmp eq ptr
;; CHECK-NOT: i32 12)
;; CHECK: call {{.*}}i32 %callee.code(
;; CHECK-NOT: i32 12)
;; CHECK-LABEL: define internal {{.*}}i32 @wasm_f1_non_null(
;; CHECK: %is_null = icmp eq ptr %0, null
;; CHECK-NOT: icmp eq ptr
;; CHECK-NOT: i32 12)
;; CHECK: call {{.*}}i32 %callee.code(
;; CHECK-NOT: i32 12)
;; CHECK: }
