;; The 3.0 local initialization rule: a local of non-nullable type must be
;; set before it is read, and a set inside a block is forgotten after it.
;; RUN: split-file %s %t
;; RUN: %wasm2so %t/ok.wat -o %t/ok.so
;; RUN: %wasmrun %t/ok.so --invoke f | FileCheck %s --check-prefix=OK
;; OK: {{^}}7{{$}}
;; RUN: not %wasm2so %t/unset.wat -o %t/unset.so 2>&1 | FileCheck %s --check-prefix=UNSET
;; UNSET: error: uninitialized local 0
;; RUN: not %wasm2so %t/block.wat -o %t/block.so 2>&1 | FileCheck %s --check-prefix=BLOCK
;; BLOCK: error: uninitialized local 1
;; RUN: not %wasm2so %t/nodefault.wat -o %t/nodefault.so 2>&1 | FileCheck %s --check-prefix=TABLE
;; TABLE: error: type mismatch: table of non-nullable type (ref $0) needs an initializer

;--- ok.wat
(module
  (type $get (func (result i32)))
  (func $seven (type $get) i32.const 7)
  (elem declare func $seven)
  (func (export "f") (result i32)
    (local $r (ref $get))
    (local.set $r (ref.func $seven))
    (block (local.set $r (ref.func $seven)))
    (call_ref $get (local.get $r))))
;--- unset.wat
(module
  (type $get (func (result i32)))
  (func (result i32)
    (local $r (ref $get))
    (call_ref $get (local.get $r))))
;--- block.wat
(module
  (type $get (func (result i32)))
  (func $seven (type $get) i32.const 7)
  (elem declare func $seven)
  (func (param i32) (result i32)
    (local $r (ref $get))
    (block (local.set $r (ref.func $seven)))
    (call_ref $get (local.get $r))))
;--- nodefault.wat
(module
  (type $get (func (result i32)))
  (table 1 (ref $get)))
