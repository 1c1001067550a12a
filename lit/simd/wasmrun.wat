;; v128 values across the host boundary: wasmrun --invoke takes v128
;; arguments as a lane shape and lanes ("i32x4:1,2,3,4") or as 0x and 32 hex
;; digits, and prints v128 results as i32x4 hex lanes.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke add i32x4:1,2,3,4 "i32x4 10 20 30 -1" | FileCheck %s --check-prefix=ADD
;; ADD: i32x4 0x0000000b 0x00000016 0x00000021 0x00000003
;; RUN: %wasmrun %t.so --invoke add 0x000000040000000300000002000000ff i8x16:1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 | FileCheck %s --check-prefix=HEX
;; HEX: i32x4 0x00000100 0x00000002 0x00000003 0x00000004
;; RUN: %wasmrun %t.so --invoke min f32x4:1.5,-0,nan,inf "f32x4 2 0 1 -inf" | FileCheck %s --check-prefix=MIN
;; MIN: i32x4 0x3fc00000 0x80000000 0x7fc00000 0xff800000
;; RUN: %wasmrun %t.so --invoke sum f64x2:0.25,-2 | FileCheck %s --check-prefix=SUM
;; SUM: -1.75
;; RUN: not %wasmrun %t.so --invoke add i32x4:1,2,3 i32x4:1,2,3,4 2>&1 | FileCheck %s --check-prefix=BAD
;; BAD: error: argument 1 of 'add': 'i32x4:1,2,3' is not a valid v128
(module
  (func (export "add") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func (export "min") (param v128 v128) (result v128)
    (f32x4.min (local.get 0) (local.get 1)))
  (func (export "sum") (param v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get 0))
             (f64x2.extract_lane 1 (local.get 0)))))
