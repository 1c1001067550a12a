;; Narrowing clamps the lanes of both operands to the narrow range and
;; truncates (x86: packsswb); widening extends one half of the lanes;
;; extmul multiplies extended halves; extadd_pairwise adds extended
;; neighbours.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (func (export "narrow_s") (param v128 v128) (result v128)
    (i8x16.narrow_i16x8_s (local.get 0) (local.get 1)))
  (func (export "narrow_u") (param v128 v128) (result v128)
    (i16x8.narrow_i32x4_u (local.get 0) (local.get 1)))
  (func (export "extend_high_s") (param v128) (result v128)
    (i16x8.extend_high_i8x16_s (local.get 0)))
  (func (export "extend_low_u") (param v128) (result v128)
    (i64x2.extend_low_i32x4_u (local.get 0)))
  (func (export "extmul_low_s") (param v128 v128) (result v128)
    (i32x4.extmul_low_i16x8_s (local.get 0) (local.get 1)))
  (func (export "extadd_u") (param v128) (result v128)
    (i32x4.extadd_pairwise_i16x8_u (local.get 0))))

;; CHECK-LABEL: @wasm_f0_narrow_s(
;; CHECK: call <16 x i16> @llvm.smax.v16i16(<16 x i16> %{{[0-9]+}}, <16 x i16> <i16 -128,
;; CHECK: call <16 x i16> @llvm.smin.v16i16(<16 x i16> %{{[0-9]+}}, <16 x i16> <i16 127,
;; CHECK: trunc {{.*}}<16 x i16> %{{[0-9]+}} to <16 x i8>
;; CHECK-LABEL: @wasm_f1_narrow_u(
;; CHECK: call <8 x i32> @llvm.smax.v8i32(<8 x i32> %{{[0-9]+}}, <8 x i32> zeroinitializer)
;; CHECK: trunc {{.*}}<8 x i32> %{{[0-9]+}} to <8 x i16>
;; CHECK-LABEL: @wasm_f2_extend_high_s(
;; CHECK: shufflevector <16 x i8> %{{[0-9]+}}, <16 x i8> poison, <8 x i32> <i32 8, i32 9,
;; CHECK: sext <8 x i8> %{{[0-9]+}} to <8 x i16>
;; CHECK-LABEL: @wasm_f3_extend_low_u(
;; CHECK: shufflevector <4 x i32> %{{[0-9]+}}, <4 x i32> poison, <2 x i32> <i32 0, i32 1>
;; CHECK: zext <2 x i32> %{{[0-9]+}} to <2 x i64>
;; CHECK-LABEL: @wasm_f4_extmul_low_s(
;; CHECK-DAG: sext <4 x i16> %{{[0-9]+}} to <4 x i32>
;; CHECK-DAG: sext <4 x i16> %{{[0-9]+}} to <4 x i32>
;; CHECK: mul nsw <4 x i32>
;; CHECK-LABEL: @wasm_f5_extadd_u(
;; CHECK: zext <8 x i16> %{{[0-9]+}} to <8 x i32>
;; CHECK: add nuw nsw <4 x i32>
