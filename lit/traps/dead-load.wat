;; A load out of bounds traps even when the optimizer finds its value dead:
;; not only dropped (memory.wat) but combined into a dropped value, or set
;; to a local that is never read. LLVM would delete such a load; lowering
;; pins it (FunctionLowering::pinGuardedLoad). Found by the differential
;; tester (docs/security.md, "Differential testing").
;; RUN: %wasm2so -O2 %s -o %t.so
;; RUN: not %wasmrun %t.so --invoke xor_dropped 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke unread_local 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke v128_dead 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke in_loop 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: %wasmrun %t.so --invoke xor_dropped 8 | FileCheck %s --check-prefix=OK
;; RUN: %wasm2so -O0 %s -o %t0.so
;; RUN: not %wasmrun %t0.so --invoke xor_dropped 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t0.so --invoke unread_local 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; OOB: error: trap: out of bounds memory access
;; OK: {{^}}480{{$}}
(module
  (memory 1 2)
  (func (export "xor_dropped") (param i32) (result i32)
    (drop (i32.xor (local.get 0) (i32.load8_u offset=8 (local.get 0))))
    (i32.const 480))
  (func (export "unread_local") (param i32) (result i32)
    (local i64)
    (local.set 1 (i64.load (local.get 0)))
    (i32.const 1))
  (func (export "v128_dead") (param i32) (result i32)
    (drop (i8x16.extract_lane_u 0 (v128.load (local.get 0))))
    (i32.const 2))
  (func (export "in_loop") (param i32) (result i32)
    (local i32)
    (loop
      (drop (i32.add (local.get 1) (f32.load (local.get 0))
        (i32.trunc_sat_f32_s)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if 0 (i32.lt_u (local.get 1) (i32.const 4))))
    (local.get 1)))
