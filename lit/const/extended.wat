;; Extended constant expressions (Wasm 3.0): i32/i64 add, sub, mul and
;; global.get of any earlier immutable global, in global initializers and
;; segment offsets. A one-instruction expression stays in place in the
;; descriptor; a longer one is a W2S_CONST_SEQUENCE pointing to its
;; instructions, which the loader runs.
;; RUN: %wasm2so %s --emit-llvm -o - | FileCheck %s --check-prefix=IR
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke b | FileCheck %s --check-prefix=B
;; RUN: %wasmrun %t.so --invoke c | FileCheck %s --check-prefix=C
;; RUN: %wasmrun %t.so --invoke load | FileCheck %s --check-prefix=LOAD
;; RUN: %wasmrun %t.so --invoke call | FileCheck %s --check-prefix=CALL
(module
  (global $a i32 (i32.const 10))
  (global $b i32 (i32.add (global.get $a) (i32.mul (i32.const 3) (i32.const 4))))
  (global $c i64 (i64.sub (i64.const 0) (i64.mul (i64.const 0x100000000) (i64.const 3))))
  (memory 1)
  (data (i32.sub (global.get $b) (i32.const 2)) "\2a")
  (table 8 funcref)
  (elem (i32.add (global.get $a) (i32.const -5)) $seven)
  (func $seven (result i32) (i32.const 7))
  (func (export "b") (result i32) (global.get $b))
  (func (export "c") (result i64) (global.get $c))
  (func (export "load") (result i32) (i32.load8_u (i32.const 20)))
  (func (export "call") (result i32) (call_indirect (result i32) (i32.const 5))))

;; The first global is one instruction, in place: kind 0 (i32), value 10;
;; the second a sequence (kind 14) of 5 instructions: global.get 0 (kind 7),
;; i32.const 3, i32.const 4, i32.mul (10), i32.add (8).
;; IR: @w2s.const_seq = private unnamed_addr constant {{.*}} <{ i32 7, i32 0, i64 0, i64 0 }>, {{.*}} <{ i32 0, i32 0, i64 3, i64 0 }>, {{.*}} <{ i32 0, i32 0, i64 4, i64 0 }>, {{.*}} <{ i32 10, i32 0, i64 0, i64 0 }>, {{.*}} <{ i32 8, i32 0, i64 0, i64 0 }> }>
;; IR: @w2s.globals = {{.*}} <{ i32 127, i32 0, <{ i32, i32, i64, i64 }> <{ i32 0, i32 0, i64 10, i64 0 }>{{.*}} <{ i32 127, i32 0, <{ i32, i32, ptr, [8 x i8] }> <{ i32 14, i32 5, ptr @w2s.const_seq,
;; B: 22
;; C: -12884901888
;; LOAD: 42
;; CALL: 7
