;; A table64 takes i64 indices: call_indirect, table.get/set/size/grow and
;; friends. The runtime's tables keep 32-bit sizes (docs/abi.md,
;; "Memories"), so compiled code turns an index above 2^32-1 into 2^32-1,
;; past every table's end, before the usual 32-bit bounds check.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke call 1 | FileCheck %s --check-prefix=ONE
;; ONE: {{^}}11{{$}}
;; RUN: not %wasmrun %t.so --invoke call 2 2>&1 | FileCheck %s --check-prefix=UNDEF
;; Index 2^32 + 1 is not slot 1.
;; RUN: not %wasmrun %t.so --invoke call 4294967297 2>&1 | FileCheck %s --check-prefix=UNDEF
;; UNDEF: error: trap: undefined element
;; RUN: %wasmrun %t.so --invoke is_null 0 | FileCheck %s --check-prefix=SET
;; SET: {{^}}0{{$}}
;; RUN: not %wasmrun %t.so --invoke is_null 4294967296 2>&1 | FileCheck %s --check-prefix=TOOB
;; TOOB: error: trap: out of bounds table access
;; table.grow and table.size are i64.
;; RUN: %wasmrun %t.so --invoke grow 3 | FileCheck %s --check-prefix=GROW
;; GROW: {{^}}5{{$}}
(module
  (type $t (func (result i32)))
  (table $tab i64 2 10 funcref)
  (elem (table $tab) (i64.const 0) func $f $g)
  (func $f (result i32) (i32.const 10))
  (func $g (result i32) (i32.const 11))
  (func (export "call") (param i64) (result i32)
    (call_indirect $tab (type $t) (local.get 0)))
  (func (export "is_null") (param i64) (result i32)
    (ref.is_null (table.get $tab (local.get 0))))
  (func (export "grow") (param i64) (result i64)
    (drop (table.grow $tab (ref.null func) (local.get 0)))
    (table.size $tab)))

;; CHECK-LABEL: define internal {{.*}}i32 @wasm_f2_call(ptr {{.*}}%vmctx, i64 %0)
;; The clamp (the optimizer makes it a umin), then the 32-bit check.
;; CHECK: %[[IDX:.*]] = {{.*}}call i64 @llvm.umin.i64(i64 %0, i64 4294967295)
;; CHECK-NEXT: %index = trunc {{.*}}i64 %[[IDX]] to i32
;; CHECK: %table.size = load i32
;; CHECK-NEXT: %oob{{(\.not)?}} = icmp {{.*}}%table.size, %index
