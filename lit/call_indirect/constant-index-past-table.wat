;; call_indirect with a constant index past a private table whose contents
;; are known: the index always traps undefined element. Lowered as a
;; variable index, the slot loads read constant addresses 2 GiB past the
;; constant arrays; at -O0 they stayed in blocks that never run and lld
;; refused the relocations (`relocation R_X86_64_PC32 out of range`,
;; differential tester seeds 1371 and 6935).
;; RUN: %wasm2so -O0 %s -o %t0.so
;; RUN: not %wasmrun %t0.so --invoke far 2>&1 | FileCheck %s --check-prefix=TRAP
;; RUN: not %wasmrun %t0.so --invoke far_tail 2>&1 | FileCheck %s --check-prefix=TRAP
;; RUN: %wasmrun %t0.so --invoke near | FileCheck %s --check-prefix=NEAR
;; RUN: %wasm2so -O2 %s -o %t2.so
;; RUN: not %wasmrun %t2.so --invoke far 2>&1 | FileCheck %s --check-prefix=TRAP
;; RUN: not %wasmrun %t2.so --invoke far_tail 2>&1 | FileCheck %s --check-prefix=TRAP
;; RUN: %wasmrun %t2.so --invoke near | FileCheck %s --check-prefix=NEAR
;; RUN: %wasm2so -O0 %s --emit-llvm --disable-llvm-passes -o - | FileCheck %s --check-prefix=IR
(module
  (type $t (func (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $a $b)
  (func $a (type $t) (i32.const 7))
  (func $b (type $t) (i32.const 8))
  (func (export "far") (result i32)
    (call_indirect (type $t) (i32.const 268435455)))
  (func (export "far_tail") (result i32)
    (return_call_indirect (type $t) (i32.and (i32.const -1) (i32.const 268435455))))
  (func (export "near") (result i32)
    (call_indirect (type $t) (i32.const 1))))

;; TRAP: error: trap: undefined element
;; NEAR: 8

;; No constant array is indexed past its end.
;; IR-NOT: i64 268435455
