;; return_call and return_call_indirect are musttail calls in the wasm
;; calling convention (swifttailcc, vmctx as swiftself): a jmp, never a
;; call, even to another signature, to an import, through a table or a
;; function reference.
;; RUN: %wasm2so %s --emit-llvm --disable-llvm-passes -o - | FileCheck %s --check-prefix=IR
;; RUN: %wasm2so %s -o %t.so
;; RUN: llvm-objdump -d --no-show-raw-insn %t.so | FileCheck %s
(module
  (import "env" "host" (func $host (param i32 i64) (result i32)))
  (import "env" "nine" (func $nine (param i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (type $t (func (param i32 i32 i32) (result i32)))
  (table (export "table") 4 funcref)
  (func (export "to_import") (param i32) (result i32)
    (return_call $host (local.get 0) (i64.const 7)))
  (func (export "indirect") (param i32 i32) (result i32)
    (return_call_indirect (type $t)
      (local.get 0) (local.get 1) (local.get 0) (local.get 1)))
  ;; Nine parameters: three on the stack, where the caller has none.
  (func (export "more_stack") (param i32) (result i32)
    (return_call $nine (local.get 0) (i32.const 1) (i32.const 2) (i32.const 3)
      (i32.const 4) (i32.const 5) (i32.const 6) (i32.const 7) (i32.const 8)))
  ;; return_call_ref: call_ref's null check, then the jump.
  (type $u (func (param i64) (result i32)))
  (func (export "by_ref") (param i64 (ref null $u)) (result i32)
    (return_call_ref $u (local.get 0) (local.get 1))))

;; IR-LABEL: define internal swifttailcc i32 @wasm_f2_to_import(ptr swiftself %vmctx, i32 %0)
;; IR:         %[[R:[0-9]+]] = musttail call swifttailcc i32 %callee.code(ptr swiftself %callee.vmctx, i32 %{{[0-9]+}}, i64 7)
;; IR-NEXT:    ret i32 %[[R]]
;; IR-LABEL: define internal swifttailcc i32 @wasm_f3_indirect(
;; IR:         musttail call swifttailcc i32 %elem.code(ptr swiftself %elem.vmctx,
;; IR-NEXT:    ret i32
;; IR-LABEL: define internal swifttailcc i32 @wasm_f4_more_stack(
;; IR:         musttail call swifttailcc i32 %callee.code(ptr swiftself %callee.vmctx, i32 %{{[0-9]+}}, i32 1,
;; IR-NEXT:    ret i32

;; IR-LABEL: define internal swifttailcc i32 @wasm_f5_by_ref(
;; IR:         musttail call swifttailcc i32 %callee.code(ptr swiftself %callee.vmctx, i64 %{{[0-9]+}})
;; IR-NEXT:    ret i32

;; CHECK-LABEL: <wasm_f2_to_import>:
;; CHECK-NOT:     call
;; CHECK:         jmpq *
;; CHECK-LABEL: <wasm_f3_indirect>:
;; CHECK-NOT:     call
;; CHECK:         jmpq *
;; The return address moves down to make room for the stack arguments.
;; CHECK-LABEL: <wasm_f4_more_stack>:
;; CHECK-NOT:     call
;; CHECK:         jmpq *
;; CHECK-LABEL: <wasm_f5_by_ref>:
;; CHECK-NOT:     call
;; CHECK:         jmpq *

;; A target without swifttailcc keeps the C convention, which cannot
;; tail-call another signature: refused, never a crash or a growing stack.
;; RUN: not %wasm2so --target riscv64-linux-gnu --emit-obj %S/deep.wat -o %t.o 2>&1 | FileCheck %s --check-prefix=OTHER
;; OTHER: deep.wat:0x{{[0-9a-f]+}}: error: tail call to another signature on this target
