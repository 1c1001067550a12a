;; Lane access is extractelement/insertelement at the immediate lane, with
;; narrow integer lanes extended to or truncated from i32; splat is LLVM's
;; broadcast (insertelement and a zero-mask shufflevector).
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (func (export "extract_s") (param v128) (result i32)
    (i8x16.extract_lane_s 3 (local.get 0)))
  (func (export "extract_u") (param v128) (result i32)
    (i16x8.extract_lane_u 7 (local.get 0)))
  (func (export "extract_f64") (param v128) (result f64)
    (f64x2.extract_lane 1 (local.get 0)))
  (func (export "replace") (param v128 i32) (result v128)
    (i8x16.replace_lane 15 (local.get 0) (local.get 1)))
  (func (export "splat") (param f32) (result v128)
    (f32x4.splat (local.get 0))))

;; CHECK-LABEL: @wasm_f0_extract_s(
;; CHECK: %[[L:[0-9]+]] = extractelement <16 x i8> %{{[0-9]+}}, i64 3
;; CHECK: sext i8 %[[L]] to i32
;; CHECK-LABEL: @wasm_f1_extract_u(
;; CHECK: %[[L:[0-9]+]] = extractelement <8 x i16> %{{[0-9]+}}, i64 7
;; CHECK: zext i16 %[[L]] to i32
;; CHECK-LABEL: @wasm_f2_extract_f64(
;; CHECK: extractelement <2 x double> %{{[0-9]+}}, i64 1
;; CHECK-LABEL: @wasm_f3_replace(
;; CHECK: %[[T:[0-9]+]] = trunc i32 %1 to i8
;; CHECK: insertelement <16 x i8> %{{[0-9]+}}, i8 %[[T]], i64 15
;; CHECK-LABEL: @wasm_f4_splat(
;; CHECK: insertelement <4 x float> poison, float %0, i64 0
;; CHECK: shufflevector <4 x float> %{{.*}}, <4 x float> poison, <4 x i32> zeroinitializer
