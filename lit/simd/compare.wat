;; Lane comparisons are vector icmp/fcmp whose i1 lanes are sign-extended
;; to all-ones or zero lanes; float ne is unordered (true for NaNs).
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (func (export "i8x16_lt_s") (param v128 v128) (result v128)
    (i8x16.lt_s (local.get 0) (local.get 1)))
  (func (export "i16x8_ge_u") (param v128 v128) (result v128)
    (i16x8.ge_u (local.get 0) (local.get 1)))
  (func (export "i64x2_eq") (param v128 v128) (result v128)
    (i64x2.eq (local.get 0) (local.get 1)))
  (func (export "f64x2_ne") (param v128 v128) (result v128)
    (f64x2.ne (local.get 0) (local.get 1)))
  (func (export "f32x4_le") (param v128 v128) (result v128)
    (f32x4.le (local.get 0) (local.get 1))))

;; CHECK-LABEL: @wasm_f0_i8x16_lt_s(
;; CHECK: %[[C:[0-9]+]] = icmp slt <16 x i8>
;; CHECK: sext <16 x i1> %[[C]] to <16 x i8>
;; CHECK-LABEL: @wasm_f1_i16x8_ge_u(
;; CHECK: icmp {{uge|ult}} <8 x i16>
;; CHECK: sext <8 x i1> %{{[0-9]+}} to <8 x i16>
;; CHECK-LABEL: @wasm_f2_i64x2_eq(
;; CHECK: icmp eq <2 x i64> %0, %1
;; CHECK: sext <2 x i1>
;; CHECK-LABEL: @wasm_f3_f64x2_ne(
;; CHECK: fcmp une <2 x double>
;; CHECK: sext <2 x i1> %{{[0-9]+}} to <2 x i64>
;; CHECK-LABEL: @wasm_f4_f32x4_le(
;; CHECK: fcmp ole <4 x float>
;; CHECK: sext <4 x i1> %{{[0-9]+}} to <4 x i32>
