;; Relaxed SIMD: each operator is the one x86-64-v2 instruction (or short
;; sequence) that docs/simd.md chose, with the same result for every input.
;; RUN: %wasm2so %s -o %t.so
;; RUN: llvm-objdump -d --no-show-raw-insn %t.so | FileCheck %s
;; RUN: %wasm2so %s --emit-llvm -o - | FileCheck %s --check-prefix=IR
;; Another target computes the same results in generic IR.
;; RUN: %wasm2so %s --target aarch64-linux-gnu --emit-llvm -o - | FileCheck %s --check-prefix=GENERIC
(module
  (func (export "swizzle") (param v128 v128) (result v128)
    (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (export "trunc_s") (param v128) (result v128)
    (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
  (func (export "trunc_s_zero") (param v128) (result v128)
    (i32x4.relaxed_trunc_f64x2_s_zero (local.get 0)))
  (func (export "madd") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "nmadd") (param v128 v128 v128) (result v128)
    (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect8") (param v128 v128 v128) (result v128)
    (i8x16.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect16") (param v128 v128 v128) (result v128)
    (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect32") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect64") (param v128 v128 v128) (result v128)
    (i64x2.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "min") (param v128 v128) (result v128)
    (f32x4.relaxed_min (local.get 0) (local.get 1)))
  (func (export "max") (param v128 v128) (result v128)
    (f64x2.relaxed_max (local.get 0) (local.get 1)))
  (func (export "q15mulr") (param v128 v128) (result v128)
    (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
  (func (export "dot") (param v128 v128) (result v128)
    (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1)))
  (func (export "dot_add") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_dot_i8x16_i7x16_add_s
      (local.get 0) (local.get 1) (local.get 2))))

;; CHECK-LABEL: <wasm_f0_swizzle>:
;; CHECK-NEXT:    pshufb %xmm1, %xmm0
;; CHECK-NEXT:    ret
;; CHECK-LABEL: <wasm_f1_trunc_s>:
;; CHECK-NEXT:    cvttps2dq %xmm0, %xmm0
;; CHECK-NEXT:    ret
;; CHECK-LABEL: <wasm_f2_trunc_s_zero>:
;; CHECK-NEXT:    cvttpd2dq %xmm0, %xmm0
;; CHECK-NEXT:    ret
;; CHECK-LABEL: <wasm_f3_madd>:
;; CHECK-NEXT:    mulps %xmm1, %xmm0
;; CHECK-NEXT:    addps %xmm2, %xmm0
;; CHECK-NEXT:    ret
;; CHECK-LABEL: <wasm_f4_nmadd>:
;; CHECK:         mulpd
;; CHECK:         subpd
;; CHECK-LABEL: <wasm_f5_laneselect8>:
;; CHECK:         pblendvb
;; CHECK-LABEL: <wasm_f6_laneselect16>:
;; CHECK:         pblendvb
;; CHECK-LABEL: <wasm_f7_laneselect32>:
;; CHECK:         blendvps
;; CHECK-LABEL: <wasm_f8_laneselect64>:
;; CHECK:         blendvpd
;; CHECK-LABEL: <wasm_f9_min>:
;; CHECK-NEXT:    minps %xmm1, %xmm0
;; CHECK-NEXT:    ret
;; CHECK-LABEL: <wasm_f10_max>:
;; CHECK-NEXT:    maxpd %xmm1, %xmm0
;; CHECK-NEXT:    ret
;; CHECK-LABEL: <wasm_f11_q15mulr>:
;; CHECK-NEXT:    pmulhrsw %xmm1, %xmm0
;; CHECK-NEXT:    ret
;; CHECK-LABEL: <wasm_f12_dot>:
;; CHECK-NEXT:    pmaddubsw %xmm0, %xmm1
;; CHECK-NEXT:    movdqa %xmm1, %xmm0
;; CHECK-NEXT:    ret
;; CHECK-LABEL: <wasm_f13_dot_add>:
;; CHECK:         pmaddubsw %xmm0, %xmm1
;; CHECK:         pmaddwd
;; CHECK:         paddd
;; CHECK:         ret

;; IR-LABEL: @wasm_f0_swizzle(
;; IR: call <16 x i8> @llvm.x86.ssse3.pshuf.b.128(
;; IR-LABEL: @wasm_f3_madd(
;; IR: fmul <4 x float>
;; IR-NEXT: fadd <4 x float>
;; IR-NOT: fma
;; IR-LABEL: @wasm_f6_laneselect16(
;; IR: icmp slt <16 x i8> %{{[0-9]+}}, zeroinitializer
;; IR: select <16 x i1>

;; GENERIC-NOT: llvm.x86
;; GENERIC-LABEL: @wasm_f0_swizzle(
;; GENERIC: icmp slt <16 x i8>
;; GENERIC-LABEL: @wasm_f1_trunc_s(
;; GENERIC: fptosi <4 x float>
;; GENERIC: select <4 x i1> %{{[0-9]+}}, <4 x i32> %{{[0-9]+}}, <4 x i32> <i32 -2147483648,
