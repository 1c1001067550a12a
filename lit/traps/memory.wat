;; Linear memory has no explicit bounds checks: a guard region catches
;; accesses past the end, and the fault becomes a trap the host survives.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke load 65532 | FileCheck %s --check-prefix=LAST
;; LAST: {{^}}0{{$}}
;; RUN: not %wasmrun %t.so --invoke load 65533 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke load -1 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke store 65536 2>&1 | FileCheck %s --check-prefix=OOB
;; OOB: error: trap: out of bounds memory access
;; A load whose value is dropped still traps.
;; RUN: not %wasmrun %t.so --invoke probe 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; memory.grow makes the next page accessible.
;; RUN: %wasmrun %t.so --invoke grow_then_load 65536 | FileCheck %s --check-prefix=GROWN
;; GROWN: {{^}}0{{$}}
(module
  (memory 1 2)
  (func (export "load") (param i32) (result i32)
    local.get 0
    i32.load)
  (func (export "store") (param i32)
    local.get 0
    i32.const 7
    i32.store)
  (func (export "probe") (param i32)
    local.get 0
    i32.load
    drop)
  (func (export "grow_then_load") (param i32) (result i32)
    i32.const 1
    memory.grow
    drop
    local.get 0
    i32.load))
