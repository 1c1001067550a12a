;; call_indirect in DESIGN.md's three steps, after optimization: a bounds
;; check against the table's current size, the entry's signature hash
;; compared with a constant, and an indirect call with the entry's vmctx.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (type $binop (func (param i32 i32) (result i32)))
  (table 4 funcref)
  (func (export "apply") (param i32 i32 i32) (result i32)
    local.get 1
    local.get 2
    local.get 0
    call_indirect (type $binop)))

;; CHECK-LABEL: define internal i32 @wasm_f0_apply(ptr {{.*}}%vmctx, i32 {{.*}}, i32 {{.*}}, i32 {{.*}})
;; Step 1: index < table.size, else undefined element.
;; CHECK: %table.size = load i32, ptr
;; CHECK: %oob = icmp {{uge|ult}} i32 %{{[0-9a-z.]+}}, %table.size
;; Step 2: the entry's hash against the type's hash, a constant.
;; CHECK: %elem.hash = load i64, ptr
;; CHECK: %sig.mismatch = icmp ne i64 %elem.hash, {{-?[0-9]+}}
;; Step 3: call entry.code(entry.vmctx, args...).
;; CHECK: %elem.code = load ptr, ptr
;; CHECK: %elem.vmctx = load ptr, ptr
;; CHECK: call i32 %elem.code(ptr {{.*}}%elem.vmctx, i32 {{.*}}, i32 {{.*}})
