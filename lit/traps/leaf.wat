;; Trap backtraces unwind with the .eh_frame tables of the module (compiled
;; code keeps no frame pointer), so the frames above a function that calls
;; nothing are found too, whether it faults or traps.
;; RUN: %wasm2so -O0 %s -o %t.so
;; RUN: not %wasmrun %t.so --invoke fault 100000 2>&1 | FileCheck %s --check-prefix=FAULT
;; FAULT:      {{^}}error: trap: out of bounds memory access{{$}}
;; FAULT-NEXT: {{^}}  at {{.*}}!leaf_load (+0x{{[0-9a-f]+}}){{$}}
;; FAULT-NEXT: {{^}}  at {{.*}}!mid (+0x{{[0-9a-f]+}}){{$}}
;; FAULT-NEXT: {{^}}  at {{.*}}!fault (+0x{{[0-9a-f]+}}){{$}}
;; FAULT-NOT: at
;; RUN: not %wasmrun %t.so --invoke trap 0 2>&1 | FileCheck %s --check-prefix=TRAP
;; TRAP:      {{^}}error: trap: unreachable executed{{$}}
;; TRAP-NEXT: {{^}}  at {{.*}}!leaf_unreachable (+0x{{[0-9a-f]+}}){{$}}
;; TRAP-NEXT: {{^}}  at {{.*}}!trap (+0x{{[0-9a-f]+}}){{$}}
;; TRAP-NOT: at
;;
;; Unbounded recursion stops at the stack check, and the backtrace keeps the
;; innermost 100 frames, at -O0 and -O2 alike.
;; RUN: not %wasmrun %t.so --invoke deep 1 2>&1 | FileCheck %s --check-prefix=DEEP
;; RUN: %wasm2so -O2 %s -o %t.O2.so
;; RUN: not %wasmrun %t.O2.so --invoke deep 1 2>&1 | FileCheck %s --check-prefix=DEEP
;; DEEP:      {{^}}error: trap: call stack exhausted{{$}}
;; DEEP-COUNT-100: {{^}}  at {{.*}}!deep (+0x{{[0-9a-f]+}}){{$}}
;; DEEP-NOT: at
(module
  (memory 1)
  (func $leaf_load (param i32) (result i32)
    (i32.load (local.get 0)))
  (func $mid (param i32) (result i32)
    (i32.add (call $leaf_load (local.get 0)) (i32.const 1)))
  (func (export "fault") (param i32) (result i32)
    (i32.mul (call $mid (local.get 0)) (i32.const 2)))
  (func $leaf_unreachable (param i32) (result i32)
    unreachable)
  (func (export "trap") (param i32) (result i32)
    (i32.add (call $leaf_unreachable (local.get 0)) (i32.const 1)))
  (func $deep (export "deep") (param i32) (result i32)
    (i32.add (call $deep (local.get 0)) (i32.const 1))))
