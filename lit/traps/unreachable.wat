;; RUN: %wasm2so %s -o %t.so
;; RUN: not %wasmrun %t.so --invoke boom 2>&1 | FileCheck %s
;; CHECK: error: trap: unreachable
(module
  (func (export "boom") (result i32)
    unreachable))
