;; At -O0 the assembler writes every branch in its long form (rel32), so
;; that it has no branch to relax (compiler/Driver.cpp, createTargetMachine):
;; on a large module, relaxing the short ones took a tenth of -O0's code
;; generation. The other levels keep short branches where they reach.
;; RUN: %wasm2so -O0 %s -o %t0.so
;; RUN: llvm-objdump -d %t0.so --disassemble-symbols=wasm_f0_fill | FileCheck %s --check-prefix=O0
;; RUN: %wasm2so -O2 %s -o %t2.so
;; RUN: llvm-objdump -d %t2.so --disassemble-symbols=wasm_f0_fill | FileCheck %s --check-prefix=O2
;; RUN: %wasmrun %t0.so --invoke fill 100 | FileCheck %s --check-prefix=SUM
;; RUN: %wasmrun %t2.so --invoke fill 100 | FileCheck %s --check-prefix=SUM
;; The loop's backward branch: 0f 85 and a 32-bit displacement at -O0, one
;; byte 75 and an 8-bit one at -O2; no short jump at all at -O0.
;; O0-LABEL: <wasm_f0_fill>:
;; O0-NOT:   {{^ +[0-9a-f]+: (7[0-9a-f]|eb) [0-9a-f]{2} +}}
;; O0:       {{^ +[0-9a-f]+: 0f 85 [0-9a-f]{2} [0-9a-f]{2} ff ff +}}jne
;; O0-NOT:   {{^ +[0-9a-f]+: (7[0-9a-f]|eb) [0-9a-f]{2} +}}
;; O2-LABEL: <wasm_f0_fill>:
;; O2:       {{^ +[0-9a-f]+: 75 [0-9a-f]{2} +}}jne
;; SUM: {{^}}5050{{$}}
(module
  (memory 1)
  (func (export "fill") (param i32) (result i32) (local i32)
    (loop $l
      (i32.store8 (local.get 0) (local.get 0))
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (local.get 1)))
