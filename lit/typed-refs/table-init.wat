;; A table with an initializer expression: every element starts as its
;; value, table.grow fills with the operand, and a non-nullable table reads
;; back non-null references that call_ref calls without a null trap.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke sum | FileCheck %s
;; CHECK: {{^}}17{{$}}
(module
  (type $get (func (result i32)))
  (func $five (type $get) i32.const 5)
  (func $seven (type $get) i32.const 7)
  (elem declare func $seven)
  (table $t 3 10 (ref $get) (ref.func $five))
  (func (export "sum") (result i32)
    (drop (table.grow $t (ref.func $seven) (i32.const 1)))
    (i32.add
      (call_ref $get (table.get $t (i32.const 0)))
      (i32.add
        (call_ref $get (table.get $t (i32.const 2)))
        (call_ref $get (table.get $t (i32.const 3)))))))
