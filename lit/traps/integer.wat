;; Integer division traps where the spec says, and only there.
;; RUN: %wasm2so %s -o %t.so
;; RUN: not %wasmrun %t.so --invoke div_s 1 0 2>&1 | FileCheck %s --check-prefix=ZERO
;; RUN: not %wasmrun %t.so --invoke rem_u 1 0 2>&1 | FileCheck %s --check-prefix=ZERO
;; ZERO: error: trap: integer divide by zero
;; RUN: not %wasmrun %t.so --invoke div_s -2147483648 -1 2>&1 | FileCheck %s --check-prefix=OVERFLOW
;; OVERFLOW: error: trap: integer overflow
;; rem_s of the same operands is 0, not a trap.
;; RUN: %wasmrun %t.so --invoke rem_s -2147483648 -1 | FileCheck %s --check-prefix=REM
;; REM: {{^}}0{{$}}
;; RUN: %wasmrun %t.so --invoke div_s -7 2 | FileCheck %s --check-prefix=DIV
;; DIV: {{^}}-3{{$}}
(module
  (func (export "div_s") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.div_s)
  (func (export "rem_s") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.rem_s)
  (func (export "rem_u") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.rem_u))
