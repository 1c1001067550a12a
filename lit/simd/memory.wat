;; SIMD loads and stores address MemoryBase + zext(address) + offset with
;; align 1, as scalar ones do; the extending, splat, zero and lane forms
;; load the scalar or narrow vector and build the v128 from it.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (memory 1)
  (func (export "load") (param i32) (result v128)
    (v128.load offset=16 (local.get 0)))
  (func (export "store") (param i32 v128)
    (v128.store (local.get 0) (local.get 1)))
  (func (export "load8x8_s") (param i32) (result v128)
    (v128.load8x8_s (local.get 0)))
  (func (export "load32_splat") (param i32) (result v128)
    (v128.load32_splat (local.get 0)))
  (func (export "load64_zero") (param i32) (result v128)
    (v128.load64_zero (local.get 0)))
  (func (export "load16_lane") (param i32 v128) (result v128)
    (v128.load16_lane 5 (local.get 0) (local.get 1)))
  (func (export "store32_lane") (param i32 v128)
    (v128.store32_lane 3 (local.get 0) (local.get 1))))

;; CHECK-LABEL: @wasm_f0_load(
;; CHECK: %addr = zext i32 %0 to i64
;; CHECK: getelementptr i8, ptr %memory.base, i64 %addr
;; CHECK: %ptr = getelementptr i8, ptr %{{[0-9]+}}, i64 16
;; CHECK: load <2 x i64>, ptr %ptr, align 1
;; CHECK-LABEL: @wasm_f1_store(
;; CHECK: store <2 x i64> %1, ptr %ptr, align 1
;; CHECK-LABEL: @wasm_f2_load8x8_s(
;; CHECK: %[[V:.*]] = load <8 x i8>, ptr %ptr, align 1
;; CHECK: sext <8 x i8> %[[V]] to <8 x i16>
;; CHECK-LABEL: @wasm_f3_load32_splat(
;; CHECK: %[[V:.*]] = load i32, ptr %ptr, align 1
;; CHECK: insertelement <4 x i32> poison, i32 %[[V]], i64 0
;; CHECK: shufflevector <4 x i32> {{.*}} zeroinitializer
;; CHECK-LABEL: @wasm_f4_load64_zero(
;; CHECK: %[[V:.*]] = load i64, ptr %ptr, align 1
;; CHECK: insertelement <2 x i64> <i64 poison, i64 0>, i64 %[[V]], i64 0
;; CHECK-LABEL: @wasm_f5_load16_lane(
;; CHECK: %[[V:.*]] = load i16, ptr %ptr, align 1
;; CHECK: insertelement <8 x i16> %{{[0-9]+}}, i16 %[[V]], i64 5
;; CHECK-LABEL: @wasm_f6_store32_lane(
;; CHECK: %[[L:[0-9]+]] = extractelement <4 x i32> %{{[0-9]+}}, i64 3
;; CHECK: store i32 %[[L]], ptr %ptr, align 1
