;; i8x16.shuffle is one shufflevector with the immediate lanes as its mask.
;; i8x16.swizzle masks its indices to stay in range and clears the lanes
;; whose index is 16 or more, which Wasm defines as 0.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (func (export "shuffle") (param v128 v128) (result v128)
    (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
      (local.get 0) (local.get 1)))
  (func (export "swizzle") (param v128 v128) (result v128)
    (i8x16.swizzle (local.get 0) (local.get 1))))

;; CHECK-LABEL: @wasm_f0_shuffle(
;; CHECK: shufflevector <16 x i8> %{{[0-9]+}}, <16 x i8> %{{[0-9]+}}, <16 x i32> <i32 0, i32 17, i32 2, i32 19, i32 4, i32 21, i32 6, i32 23, i32 8, i32 25, i32 10, i32 27, i32 12, i32 29, i32 14, i32 31>
;; CHECK-LABEL: @wasm_f1_swizzle(
;; CHECK: and <16 x i8> %{{[0-9]+}}, <i8 15,
;; CHECK: extractelement <16 x i8>
;; CHECK: icmp ult <16 x i8> %{{[0-9]+}}, <i8 16,
;; CHECK: select <16 x i1>
