;; The three ways call_indirect traps, and the call that works.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke dispatch 2 | FileCheck %s --check-prefix=OK
;; OK: {{^}}42{{$}}
;; RUN: not %wasmrun %t.so --invoke dispatch 3 2>&1 | FileCheck %s --check-prefix=UNDEF
;; UNDEF: error: trap: undefined element
;; RUN: not %wasmrun %t.so --invoke dispatch -1 2>&1 | FileCheck %s --check-prefix=UNDEF
;; RUN: not %wasmrun %t.so --invoke dispatch 1 2>&1 | FileCheck %s --check-prefix=UNINIT
;; UNINIT: error: trap: uninitialized element
;; RUN: not %wasmrun %t.so --invoke dispatch 0 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; MISMATCH: error: trap: indirect call type mismatch
(module
  (type $get (func (result i32)))
  (table 3 funcref)
  (func $other_type (param i32) (result i32) local.get 0)
  (func $answer (result i32) i32.const 42)
  (elem (i32.const 0) $other_type)
  (elem (i32.const 2) $answer)
  (func (export "dispatch") (param i32) (result i32)
    local.get 0
    call_indirect (type $get)))
