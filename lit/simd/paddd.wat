;; The machine code, not just the IR: i32x4.add is one packed SSE2 add,
;; and i8x16.narrow_i16x8_s one packsswb, with nothing but the return
;; around them.
;; RUN: %wasm2so %s -o %t.so
;; RUN: llvm-objdump -d --no-show-raw-insn %t.so | FileCheck %s
(module
  (func (export "add") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func (export "narrow") (param v128 v128) (result v128)
    (i8x16.narrow_i16x8_s (local.get 0) (local.get 1))))

;; CHECK-LABEL: <wasm_f0_add>:
;; CHECK-NEXT: paddd %xmm1, %xmm0
;; CHECK-NEXT: retq
;; CHECK-LABEL: <wasm_f1_narrow>:
;; CHECK-NEXT: packsswb %xmm1, %xmm0
;; CHECK-NEXT: retq
