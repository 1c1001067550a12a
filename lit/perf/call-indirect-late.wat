;; A private table whose element segment lands at an offset known only at
;; instantiation (an imported global): its contents are not constants, so
;; call_indirect takes the private path of docs/abi.md: the index against
;; the constant size, the hash check on the runtime's entry, the caller's
;; own vmctx.
;; RUN: rm -rf %t && mkdir -p %t
;; RUN: echo '(module (global (export "off") i32 (i32.const 2)))' > %t/base.wat
;; RUN: %wasm2so %t/base.wat -o %t/base.so
;; RUN: %wasm2so %s --emit-llvm -o %t/late.ll
;; RUN: FileCheck %s < %t/late.ll
;; RUN: %wasm2so %s -o %t/late.so
;; RUN: %wasmrun %t/base.so %t/late.so --invoke call_late 2 | FileCheck %s --check-prefix=OK
;; RUN: not %wasmrun %t/base.so %t/late.so --invoke call_late 1 2>&1 | FileCheck %s --check-prefix=UNINIT
;; RUN: not %wasmrun %t/base.so %t/late.so --invoke call_late 4 2>&1 | FileCheck %s --check-prefix=UNDEF
(module
  (type $op (func (param i32) (result i32)))
  (import "base" "off" (global $off i32))
  (table $late 4 funcref)
  (elem (table $late) (global.get $off) func $double)
  (func $double (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
  (func (export "call_late") (param i32) (result i32)
    i32.const 21
    local.get 0
    call_indirect $late (type $op)))

;; CHECK-LABEL: define internal {{.*}}@wasm_f1_call_late(
;; CHECK: %oob{{(\.not)?}} = icmp {{ugt i32 %0, 3|ult i32 %0, 4|uge i32 %0, 4|ule i32 %0, 3}}
;; CHECK: %sig.mismatch{{(\.not)?}} = icmp {{eq|ne}} i64 %elem.hash, {{-?[0-9]+}}
;; CHECK-NOT: %elem.vmctx
;; CHECK: call {{.*}}i32 %elem.code(ptr {{.*}}%vmctx, i32 21)
;; CHECK-LABEL: define

;; OK: {{^}}42{{$}}
;; UNINIT: error: trap: uninitialized element
;; UNDEF: error: trap: undefined element
