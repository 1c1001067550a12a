;; Float lane arithmetic: LLVM vector float operations and intrinsics,
;; with Wasm's rules where LLVM's differ: min/max pick -0 below +0 and the
;; canonical NaN for NaN lanes; pmin/pmax are one compare and select; a
;; multiplication by 1, which LLVM would fold away (passing a signaling NaN
;; through), stays as a constrained intrinsic.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (func (export "f32x4_add") (param v128 v128) (result v128)
    (f32x4.add (local.get 0) (local.get 1)))
  (func (export "f64x2_div") (param v128 v128) (result v128)
    (f64x2.div (local.get 0) (local.get 1)))
  (func (export "f64x2_sqrt") (param v128) (result v128)
    (f64x2.sqrt (local.get 0)))
  (func (export "f32x4_nearest") (param v128) (result v128)
    (f32x4.nearest (local.get 0)))
  (func (export "f32x4_min") (param v128 v128) (result v128)
    (f32x4.min (local.get 0) (local.get 1)))
  (func (export "f32x4_pmax") (param v128 v128) (result v128)
    (f32x4.pmax (local.get 0) (local.get 1)))
  (func (export "f32x4_mul_one") (param v128) (result v128)
    (f32x4.mul (local.get 0) (v128.const f32x4 1 1 1 1)))
  (func (export "f64x2_neg") (param v128) (result v128)
    (f64x2.neg (local.get 0))))

;; CHECK-LABEL: @wasm_f0_f32x4_add(
;; CHECK: fadd <4 x float>
;; CHECK-LABEL: @wasm_f1_f64x2_div(
;; CHECK: fdiv <2 x double>
;; CHECK-LABEL: @wasm_f2_f64x2_sqrt(
;; CHECK: call <2 x double> @llvm.sqrt.v2f64(
;; CHECK-LABEL: @wasm_f3_f32x4_nearest(
;; CHECK: call <4 x float> @llvm.roundeven.v4f32(
;; CHECK-LABEL: @wasm_f4_f32x4_min(
;; CHECK-DAG: fcmp olt <4 x float> %[[A:[0-9]+]], %[[B:[0-9]+]]
;; CHECK-DAG: fcmp olt <4 x float> %[[B]], %[[A]]
;; CHECK-DAG: or <4 x i32>
;; CHECK-DAG: fcmp uno <4 x float>
;; CHECK: select <4 x i1> %{{[0-9]+}}, <4 x float> <float 0x7FF8000000000000,
;; CHECK-LABEL: @wasm_f5_f32x4_pmax(
;; CHECK: %[[LT:[0-9]+]] = fcmp olt <4 x float> %[[L:[0-9]+]], %[[R:[0-9]+]]
;; CHECK-NEXT: select <4 x i1> %[[LT]], <4 x float> %[[R]], <4 x float> %[[L]]
;; CHECK-LABEL: @wasm_f6_f32x4_mul_one(
;; CHECK: call <4 x float> @llvm.experimental.constrained.fmul.v4f32(
;; CHECK-LABEL: @wasm_f7_f64x2_neg(
;; CHECK: fneg <2 x double>
