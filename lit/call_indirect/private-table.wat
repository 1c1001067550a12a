;; A table that only this module's element segments fill, that nobody
;; imports, exports or changes, holds only this instance's functions in
;; slots fixed at instantiation. With constant segment offsets its contents
;; are known when compiling: call_indirect reads nothing of the runtime's
;; table (lit/perf/call-indirect-known.wat; an offset known only at
;; instantiation: lit/perf/call-indirect-late.wat).
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke run 1 | FileCheck %s --check-prefix=OK
;; RUN: not %wasmrun %t.so --invoke run 2 2>&1 | FileCheck %s --check-prefix=UNINIT
;; RUN: not %wasmrun %t.so --invoke run 3 2>&1 | FileCheck %s --check-prefix=UNDEF
;; RUN: not %wasmrun %t.so --invoke run 0 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; RUN: FileCheck %s --check-prefix=SHARED < %t.ll
(module
  (type $op (func (param i32) (result i32)))
  (table $ops 3 funcref)
  (elem (table $ops) (i32.const 0) func $wrong $double)
  (func $wrong (result i32) i32.const 0)
  (func $double (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
  (func (export "run") (param i32) (result i32)
    i32.const 21
    local.get 0
    call_indirect $ops (type $op))

  ;; table.set on this one makes it shared: the general path.
  (table $any 1 funcref)
  (func (export "set") (param funcref) i32.const 0 local.get 0 table.set $any)
  (func (export "call_any") (param i32) (result i32)
    i32.const 1
    local.get 0
    call_indirect $any (type $op)))

;; Only slot 1 holds a function of type $op: the check is index == 1, and
;; the call of the known $double is inlined.
;; CHECK-LABEL: define internal {{.*}}@wasm_f2_run(
;; CHECK-NOT: %table
;; CHECK: %in.range = icmp eq i32 %0, 1
;; CHECK-NOT: %table
;; CHECK-LABEL: define

;; OK: {{^}}42{{$}}
;; UNINIT: error: trap: uninitialized element
;; UNDEF: error: trap: undefined element
;; MISMATCH: error: trap: indirect call type mismatch
;; SHARED-LABEL: define internal {{.*}}@wasm_f4_call_any(
;; SHARED: %table.size = load i32
;; SHARED: %elem.vmctx = load ptr
