;; call_ref after optimization: a null check that traps null function
;; reference, then a direct call through the funcref's code and vmctx, with
;; no signature check (the reference's type is static).
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (type $binop (func (param i32 i32) (result i32)))
  (func (export "apply") (param $f (ref null $binop)) (param i32 i32) (result i32)
    local.get 1
    local.get 2
    local.get $f
    call_ref $binop))

;; CHECK-LABEL: define internal {{.*}}i32 @wasm_f0_apply(ptr {{.*}}%vmctx, ptr {{.*}}%0, i32 %1, i32 %2)
;; CHECK: %is_null = icmp eq ptr %0, null
;; CHECK-NEXT: br i1 %is_null, label %[[TRAP:.*]], label %[[CALL:.*]],
;; CHECK: [[CALL]]:
;; CHECK-NOT: hash
;; CHECK-DAG: %callee.code = load ptr, ptr
;; CHECK-DAG: %callee.vmctx = load ptr, ptr
;; CHECK: call {{.*}}i32 %callee.code(ptr {{.*}}%callee.vmctx, i32 %1, i32 %2)
;; The trap: null function reference is code 12.
;; CHECK: [[TRAP]]:
;; CHECK: i32 12)
