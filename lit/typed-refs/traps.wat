;; The null traps of typed function references, and the calls that work.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke call 1 | FileCheck %s --check-prefix=OK
;; OK: {{^}}42{{$}}
;; RUN: not %wasmrun %t.so --invoke call 0 2>&1 | FileCheck %s --check-prefix=NULLFUNC
;; NULLFUNC: error: trap: null function reference
;; RUN: %wasmrun %t.so --invoke as_non_null 1 | FileCheck %s --check-prefix=OK
;; RUN: not %wasmrun %t.so --invoke as_non_null 0 2>&1 | FileCheck %s --check-prefix=NULLREF
;; NULLREF: error: trap: null reference
;; RUN: %wasmrun %t.so --invoke on_null 0 | FileCheck %s --check-prefix=NULL
;; NULL: {{^}}-1{{$}}
;; RUN: %wasmrun %t.so --invoke on_null 1 | FileCheck %s --check-prefix=OK
;; RUN: %wasmrun %t.so --invoke on_non_null 0 | FileCheck %s --check-prefix=NULL
;; RUN: %wasmrun %t.so --invoke on_non_null 1 | FileCheck %s --check-prefix=OK
(module
  (type $get (func (result i32)))
  (func $answer (type $get) i32.const 42)
  (elem declare func $answer)
  (func $pick (param i32) (result (ref null $get))
    (select (result (ref null $get))
      (ref.func $answer) (ref.null $get) (local.get 0)))
  (func (export "call") (param i32) (result i32)
    (call_ref $get (call $pick (local.get 0))))
  (func (export "as_non_null") (param i32) (result i32)
    (call_ref $get (ref.as_non_null (call $pick (local.get 0)))))
  (func (export "on_null") (param i32) (result i32)
    (block $null
      (return (call_ref $get (br_on_null $null (call $pick (local.get 0))))))
    (i32.const -1))
  (func (export "on_non_null") (param i32) (result i32)
    (block $some (result (ref $get))
      (br_on_non_null $some (call $pick (local.get 0)))
      (return (i32.const -1)))
    (call_ref $get)))
