;; Trap backtraces unwind with the .eh_frame tables of the module (compiled
;; code keeps no frame pointer), so the frames above a function that calls
;; nothing are found too, whether it faults or traps.
;; RUN: %wasm2so -O0 %s -o %t.so
;; RUN: not %wasmrun %t.so --invoke fault 100000 2>&1 | FileCheck %s --check-prefix=FAULT
;; FAULT:      {{^}}error: trap: out of bounds memory access{{$}}
;; FAULT-NEXT: {{^}}  at {{.*}}!leaf_load (leaf.wat:0x6b){{$}}
;; FAULT-NEXT: {{^}}  at {{.*}}!mid (leaf.wat:0x73){{$}}
;; FAULT-NEXT: {{^}}  at {{.*}}!fault (leaf.wat:0x7d){{$}}
;; FAULT-NOT: at
;; RUN: not %wasmrun %t.so --invoke trap 0 2>&1 | FileCheck %s --check-prefix=TRAP
;; TRAP:      {{^}}error: trap: unreachable executed{{$}}
;; TRAP-NEXT: {{^}}  at {{.*}}!leaf_unreachable (leaf.wat:0x85){{$}}
;; TRAP-NEXT: {{^}}  at {{.*}}!trap (leaf.wat:0x8b){{$}}
;; TRAP-NOT: at
;;
;; The same at -O2, where the optimizer inlines the leaves into their
;; callers: the frames come back from the inline sites of the debug lines.
;; RUN: %wasm2so -O2 %s -o %t.O2.so
;; RUN: not %wasmrun %t.O2.so --invoke fault 100000 2>&1 | FileCheck %s --check-prefix=FAULT
;; RUN: not %wasmrun %t.O2.so --invoke trap 0 2>&1 | FileCheck %s --check-prefix=TRAP
;;
;; A leaf that stays a function of its own at -O2 (called through a table
;; that the host can change) faults in its own frame; its callers follow,
;; the inlined one included.
;; RUN: not %wasmrun %t.O2.so --invoke fault_indirect 100000 2>&1 | FileCheck %s --check-prefix=INDIRECT
;; INDIRECT:      {{^}}error: trap: out of bounds memory access{{$}}
;; INDIRECT-NEXT: {{^}}  at {{.*}}!leaf_load (leaf.wat:0x6b){{$}}
;; INDIRECT-NEXT: {{^}}  at {{.*}}!mid_indirect (leaf.wat:0xa1){{$}}
;; INDIRECT-NEXT: {{^}}  at {{.*}}!fault_indirect (leaf.wat:0xac){{$}}
;; INDIRECT-NOT: at
;;
;; Unbounded recursion stops at the stack check, and the backtrace keeps the
;; innermost 100 frames, at -O0 and -O2 alike.
;; RUN: not %wasmrun %t.so --invoke deep 1 2>&1 | FileCheck %s --check-prefix=DEEP
;; RUN: not %wasmrun %t.O2.so --invoke deep 1 2>&1 | FileCheck %s --check-prefix=DEEP
;; DEEP:      {{^}}error: trap: call stack exhausted{{$}}
;; DEEP-COUNT-100: {{^}}  at {{.*}}!deep (leaf.wat:0x{{9[15]}}){{$}}
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
    (i32.add (call $deep (local.get 0)) (i32.const 1)))
  (type $leaf (func (param i32) (result i32)))
  (table (export "table") funcref (elem $leaf_load))
  (func $mid_indirect (param i32) (result i32)
    (i32.add (call_indirect (type $leaf) (local.get 0) (i32.const 0))
             (i32.const 1)))
  (func (export "fault_indirect") (param i32) (result i32)
    (i32.mul (call $mid_indirect (local.get 0)) (i32.const 2))))
