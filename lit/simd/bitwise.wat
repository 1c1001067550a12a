;; Bitwise operators work on the whole v128; the lane tests reduce a vector
;; compare: any_true compares the 128 bits with zero, all_true and-reduces
;; the lanes' non-zero tests, bitmask bitcasts the lanes' sign tests.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (func (export "and") (param v128 v128) (result v128)
    (v128.and (local.get 0) (local.get 1)))
  (func (export "andnot") (param v128 v128) (result v128)
    (v128.andnot (local.get 0) (local.get 1)))
  (func (export "bitselect") (param v128 v128 v128) (result v128)
    (v128.bitselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "any_true") (param v128) (result i32)
    (v128.any_true (local.get 0)))
  (func (export "all_true") (param v128) (result i32)
    (i16x8.all_true (local.get 0)))
  (func (export "bitmask") (param v128) (result i32)
    (i8x16.bitmask (local.get 0))))

;; CHECK-LABEL: @wasm_f0_and(
;; CHECK: and <2 x i64> %{{[01]}}, %{{[01]}}
;; CHECK-LABEL: @wasm_f1_andnot(
;; CHECK: xor <2 x i64> %1, <i64 -1, i64 -1>
;; CHECK: and <2 x i64>
;; CHECK-LABEL: @wasm_f2_bitselect(
;; CHECK: and <2 x i64>
;; CHECK: or <2 x i64>
;; CHECK-LABEL: @wasm_f3_any_true(
;; CHECK: bitcast <2 x i64> %0 to i128
;; CHECK: icmp ne i128 %{{[0-9]+}}, 0
;; CHECK-LABEL: @wasm_f4_all_true(
;; CHECK: icmp {{eq|ne}} <8 x i16> %{{[0-9]+}}, zeroinitializer
;; CHECK-LABEL: @wasm_f5_bitmask(
;; CHECK: %[[NEG:[0-9]+]] = icmp slt <16 x i8> %{{[0-9]+}}, zeroinitializer
;; CHECK: bitcast <16 x i1> %[[NEG]] to i16
