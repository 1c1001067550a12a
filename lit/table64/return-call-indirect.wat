;; return_call_indirect through a table64 takes an i64 index, as
;; call_indirect does (the validator used to demand an i32).
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke tail 5 | FileCheck %s
;; CHECK: 6
(module
  (type $t (func (param i32) (result i32)))
  (table i64 1 funcref)
  (elem (i64.const 0) $inc)
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func (export "tail") (param i32) (result i32)
    (return_call_indirect (type $t) (local.get 0) (i64.const 0))))
