;; Integer lane arithmetic is plain LLVM vector arithmetic on the lane
;; shape, the v128 (<2 x i64>) bitcast in and out; shift counts are taken
;; modulo the lane width, as Wasm wants and LLVM does not.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (func (export "i32x4_add") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func (export "i16x8_mul") (param v128 v128) (result v128)
    (i16x8.mul (local.get 0) (local.get 1)))
  (func (export "i64x2_neg") (param v128) (result v128)
    (i64x2.neg (local.get 0)))
  (func (export "i8x16_abs") (param v128) (result v128)
    (i8x16.abs (local.get 0)))
  (func (export "i32x4_min_u") (param v128 v128) (result v128)
    (i32x4.min_u (local.get 0) (local.get 1)))
  (func (export "i8x16_popcnt") (param v128) (result v128)
    (i8x16.popcnt (local.get 0)))
  (func (export "i32x4_shl") (param v128 i32) (result v128)
    (i32x4.shl (local.get 0) (local.get 1)))
  (func (export "i32x4_dot") (param v128 v128) (result v128)
    (i32x4.dot_i16x8_s (local.get 0) (local.get 1))))

;; CHECK-LABEL: define internal {{.*}}<2 x i64> @wasm_f0_i32x4_add(
;; CHECK: add <4 x i32>
;; CHECK: bitcast <4 x i32> %{{[0-9]+}} to <2 x i64>

;; CHECK-LABEL: @wasm_f1_i16x8_mul(
;; CHECK: mul <8 x i16>

;; CHECK-LABEL: @wasm_f2_i64x2_neg(
;; CHECK: sub <2 x i64> zeroinitializer, %0

;; CHECK-LABEL: @wasm_f3_i8x16_abs(
;; CHECK: call <16 x i8> @llvm.abs.v16i8(<16 x i8> %{{[0-9]+}}, i1 false)

;; CHECK-LABEL: @wasm_f4_i32x4_min_u(
;; CHECK: call <4 x i32> @llvm.umin.v4i32(

;; CHECK-LABEL: @wasm_f5_i8x16_popcnt(
;; CHECK: call {{.*}}<16 x i8> @llvm.ctpop.v16i8(

;; CHECK-LABEL: @wasm_f6_i32x4_shl(
;; CHECK: and i32 %1, 31
;; CHECK: shl <4 x i32>

;; CHECK-LABEL: @wasm_f7_i32x4_dot(
;; CHECK: sext <8 x i16> %{{[0-9]+}} to <8 x i32>
;; CHECK: mul nsw <8 x i32>
;; CHECK: add <4 x i32>
