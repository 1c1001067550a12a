;; Type identity is iso-recursive (Wasm 3.0): a type is its rec group and
;; its position in it, across modules too. Imports and call_indirect through
;; a shared table tell apart types whose signatures are the same.
;; RUN: rm -rf %t && mkdir -p %t && split-file %s %t
;; RUN: %wasm2so %t/lib.wat -o %t/lib.so
;; RUN: %wasm2so %t/same.wat -o %t/same.so
;; RUN: %wasm2so %t/second.wat -o %t/second.so
;; RUN: %wasm2so %t/plain.wat -o %t/plain.so
;; RUN: %wasmrun %t/lib.so %t/same.so --invoke direct | FileCheck %s --check-prefix=OK
;; RUN: %wasmrun %t/lib.so %t/same.so --invoke indirect | FileCheck %s --check-prefix=OK
;; OK: {{^}}7{{$}}
;; The second type of the same group is another type.
;; RUN: not %wasmrun %t/lib.so %t/same.so --invoke wrong_position 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; A plain (func (result i32)) outside any group is another type too.
;; RUN: not %wasmrun %t/lib.so %t/same.so --invoke plain 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; MISMATCH: indirect call type mismatch
;; RUN: not %wasmrun %t/lib.so %t/second.so --invoke f 2>&1 | FileCheck %s --check-prefix=UNLINKABLE
;; RUN: not %wasmrun %t/lib.so %t/plain.so --invoke f 2>&1 | FileCheck %s --check-prefix=UNLINKABLE
;; UNLINKABLE: error: incompatible import type for lib.seven
;; Declared supertypes are checked: a final type has no subtypes.
;; RUN: not %wasm2so %t/final.wat -o %t/final.so 2>&1 | FileCheck %s --check-prefix=FINAL
;; FINAL: error: sub type 1 has final super type 0
;; RUN: not %wasm2so %t/nomatch.wat -o %t/nomatch.so 2>&1 | FileCheck %s --check-prefix=NOMATCH
;; NOMATCH: error: sub type 1 does not match super type 0

;--- lib.wat
(module
  (rec (type $a (func (result i32))) (type $b (func (result i32))))
  (func $seven (export "seven") (type $a) i32.const 7)
  (table (export "tab") 1 funcref)
  (elem (i32.const 0) $seven))
;--- same.wat
(module
  (rec (type $a (func (result i32))) (type $b (func (result i32))))
  (type $p (func (result i32)))
  (import "lib" "seven" (func $seven (type $a)))
  (import "lib" "tab" (table 1 funcref))
  (func (export "direct") (result i32) (call $seven))
  (func (export "indirect") (result i32)
    (call_indirect (type $a) (i32.const 0)))
  (func (export "wrong_position") (result i32)
    (call_indirect (type $b) (i32.const 0)))
  (func (export "plain") (result i32)
    (call_indirect (type $p) (i32.const 0))))
;--- second.wat
(module
  (rec (type $a (func (result i32))) (type $b (func (result i32))))
  (import "lib" "seven" (func (type $b)))
  (func (export "f")))
;--- plain.wat
(module
  (import "lib" "seven" (func (result i32)))
  (func (export "f")))
;--- final.wat
(module
  (type $t (func))
  (type $s (sub $t (func))))
;--- nomatch.wat
(module
  (type $t (sub (func (param i32))))
  (type $s (sub $t (func (param i64)))))
