;; Function names (name section, else export name) become symbols, so nm,
;; perf and gdb show them.
;; RUN: %wasm2so %s -o %t.so
;; RUN: llvm-nm %t.so | FileCheck %s
;; CHECK-DAG: t wasm_f0_helper
;; CHECK-DAG: t wasm_f1_entry
;; CHECK-DAG: t wasm_f2
(module
  (func $helper (result i32) i32.const 1)
  (func (export "entry") (result i32) call $helper call 2 i32.add)
  (func (result i32) i32.const 2))
