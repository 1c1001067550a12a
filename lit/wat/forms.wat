;; The text forms the front end reads, in one module that compiles and runs:
;; folded and plain instructions, named and numeric indices, inline exports,
;; imports-free tables with inline elem, memories with inline data, typed
;; select, br_table, call_indirect with a type use, SIMD constants.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke sum 2>&1 | FileCheck %s --check-prefix=SUM
;; RUN: %wasmrun %t.so --invoke pick 2>&1 | FileCheck %s --check-prefix=PICK
;; RUN: %wasmrun %t.so --invoke lanes 2>&1 | FileCheck %s --check-prefix=LANES
;; SUM: 106
;; PICK: 30
;; LANES: 10
(module $forms
  (type $binop (func (param i32 i32) (result i32)))
  (table $t funcref (elem $add $sub))
  (memory $m (data "\01\02" "\03" "d"))
  (global $g (mut i32) (i32.const 0_0))
  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.sub)
  ;; 1 + 2 + 3 + 'd' (100) via a loop over the data bytes.
  (func (export "sum") (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 4)))
        (local.set $acc
          (i32.add (local.get $acc)
                   (i32.load8_u offset=0 align=1 (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.set $g (local.get $acc))
    (global.get $g))
  (func (export "pick") (result i32)
    (local $r i32)
    (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 (i32.const 1)))
      (return (i32.const -1)))
      (local.set $r
        (call_indirect $t (type $binop) (i32.const 20) (i32.const 10)
          (i32.const 0))))
    (select (result i32) (local.get $r) (i32.const 0) (i32.const 1)))
  (func (export "lanes") (result i32)
    (i32x4.extract_lane 2
      (i32x4.add (v128.const i32x4 1 2 3 4)
                 (v128.const i8x16 0 0 0 0 0 0 0 0 7 0 0 0 0 0 0 0)))))
