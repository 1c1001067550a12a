;; Saturating lane arithmetic uses LLVM's saturating intrinsics; q15mulr
;; computes in i32 lanes and clamps its one overflowing case.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (func (export "add_sat_s") (param v128 v128) (result v128)
    (i8x16.add_sat_s (local.get 0) (local.get 1)))
  (func (export "add_sat_u") (param v128 v128) (result v128)
    (i16x8.add_sat_u (local.get 0) (local.get 1)))
  (func (export "sub_sat_s") (param v128 v128) (result v128)
    (i16x8.sub_sat_s (local.get 0) (local.get 1)))
  (func (export "sub_sat_u") (param v128 v128) (result v128)
    (i8x16.sub_sat_u (local.get 0) (local.get 1)))
  (func (export "q15mulr") (param v128 v128) (result v128)
    (i16x8.q15mulr_sat_s (local.get 0) (local.get 1))))

;; CHECK-LABEL: @wasm_f0_add_sat_s(
;; CHECK: call <16 x i8> @llvm.sadd.sat.v16i8(
;; CHECK-LABEL: @wasm_f1_add_sat_u(
;; CHECK: call <8 x i16> @llvm.uadd.sat.v8i16(
;; CHECK-LABEL: @wasm_f2_sub_sat_s(
;; CHECK: call <8 x i16> @llvm.ssub.sat.v8i16(
;; CHECK-LABEL: @wasm_f3_sub_sat_u(
;; CHECK: call <16 x i8> @llvm.usub.sat.v16i8(
;; CHECK-LABEL: @wasm_f4_q15mulr(
;; CHECK: mul nsw <8 x i32>
;; CHECK: add nsw <8 x i32> %{{[0-9]+}}, <i32 16384,
;; CHECK: ashr <8 x i32> %{{[0-9]+}}, <i32 15,
;; CHECK: call <8 x i32> @llvm.smin.v8i32(<8 x i32> %{{[0-9]+}}, <8 x i32> <i32 32767,
;; CHECK: trunc {{.*}}<8 x i32> %{{[0-9]+}} to <8 x i16>
