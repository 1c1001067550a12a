;; Lane conversions: sitofp/uitofp, fptrunc/fpext of the low lanes, and
;; saturating truncation as NaN-to-0, a clamp and fptosi (cvttps2dq), with
;; the lanes at or above 2^31 set to INT32_MAX afterwards.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (func (export "convert_s") (param v128) (result v128)
    (f32x4.convert_i32x4_s (local.get 0)))
  (func (export "convert_low_u") (param v128) (result v128)
    (f64x2.convert_low_i32x4_u (local.get 0)))
  (func (export "trunc_sat_s") (param v128) (result v128)
    (i32x4.trunc_sat_f32x4_s (local.get 0)))
  (func (export "demote") (param v128) (result v128)
    (f32x4.demote_f64x2_zero (local.get 0)))
  (func (export "promote") (param v128) (result v128)
    (f64x2.promote_low_f32x4 (local.get 0))))

;; CHECK-LABEL: @wasm_f0_convert_s(
;; CHECK: sitofp <4 x i32> %{{[0-9]+}} to <4 x float>
;; CHECK-LABEL: @wasm_f1_convert_low_u(
;; CHECK: shufflevector <4 x i32> %{{[0-9]+}}, <4 x i32> poison, <2 x i32> <i32 0, i32 1>
;; CHECK: uitofp <2 x i32> %{{[0-9]+}} to <2 x double>
;; CHECK-LABEL: @wasm_f2_trunc_sat_s(
;; CHECK: fcmp ord <4 x float>
;; CHECK: fptosi <4 x float> %{{[0-9]+}} to <4 x i32>
;; CHECK: select <4 x i1> %{{[0-9]+}}, <4 x i32> <i32 2147483647,
;; CHECK-LABEL: @wasm_f3_demote(
;; CHECK: fptrunc <2 x double> %{{[0-9]+}} to <2 x float>
;; CHECK: shufflevector <2 x float> %{{[0-9]+}}, <2 x float> zeroinitializer, <4 x i32> <i32 0, i32 1, i32 2, i32 3>
;; CHECK-LABEL: @wasm_f4_promote(
;; CHECK: fpext <2 x float> %{{[0-9]+}} to <2 x double>
