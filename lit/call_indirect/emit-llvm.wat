;; call_indirect in DESIGN.md's three steps, after optimization: a bounds
;; check against the table's current size, the entry's signature hash
;; compared with a constant, and an indirect call with the entry's vmctx.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (type $binop (func (param i32 i32) (result i32)))
  (import "env" "table" (table 4 funcref))
  (func (export "apply") (param i32 i32 i32) (result i32)
    local.get 1
    local.get 2
    local.get 0
    call_indirect (type $binop)))

;; CHECK-LABEL: define internal {{.*}}i32 @wasm_f0_apply(ptr {{.*}}%vmctx, i32 %0, i32 %1, i32 %2)
;; Step 1: the index against the table's current size, else undefined element.
;; CHECK: %table.size = load i32, ptr
;; CHECK-NEXT: %oob{{(\.not)?}} = icmp {{ugt i32 %table.size, %0|ule i32 %table.size, %0|uge i32 %0, %table.size|ult i32 %0, %table.size}}
;; Step 2: the entry's signature hash against the type's, a constant.
;; CHECK: %elem.hash = load i64, ptr %elem
;; CHECK-NEXT: %sig.mismatch{{(\.not)?}} = icmp {{eq|ne}} i64 %elem.hash, {{-?[0-9]+}}
;; A mismatch traps uninitialized element (8) on a null slot, else indirect
;; call type mismatch (9).
;; CHECK: call_indirect.bad:
;; CHECK: select i1 %{{[0-9]+}}, i32 8, i32 9
;; Step 3: call entry.code(entry.vmctx, args...).
;; CHECK: call_indirect.call:
;; CHECK-DAG: %elem.vmctx = load ptr, ptr
;; CHECK-DAG: %elem.code = load ptr, ptr
;; CHECK: call {{.*}}i32 %elem.code(ptr {{.*}}%elem.vmctx, i32 %1, i32 %2)
