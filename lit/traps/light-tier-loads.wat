;; In the light tier (-O2 on a module of more than 2 MiB of code), a load
;; that keeps its pin through the IR passes becomes a volatile load
;; without one (VolatilePinnedLoads, compiler/Optimize.cpp), which the fast
;; instruction selector takes; a load out of bounds must still trap where
;; the wasm code reads, whether its value is dead (dead-load.wat), used
;; after a branch (sunk-load.wat) or used in part (partial-load.wat). The
;; module gets 2.2 MB of nops (pad-code.py) to reach the light tier.
;; RUN: %python %S/Inputs/pad-code.py %s %t.wat
;; RUN: %wasm2so --time-report %t.wat -o %t.so 2>&1 | FileCheck %s --check-prefix=TIER
;; RUN: %wasm2so --emit-llvm %t.wat -o %t.ll
;; RUN: FileCheck %s --check-prefix=IR < %t.ll
;; RUN: FileCheck %s --check-prefix=NOPIN < %t.ll
;; RUN: not %wasmrun %t.so --invoke xor_dropped 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke unread_local 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke v128_dead 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke in_loop 70000 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke before_return 70000 0 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke float_select 70000 1 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke div_check 70000 5 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke and_byte 65534 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke wrap 65530 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke lane 65530 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke dot_zero_lanes 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke via_helper 65533 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: %wasmrun %t.so --invoke xor_dropped 8 | FileCheck %s --check-prefix=XOR
;; RUN: %wasmrun %t.so --invoke before_return 8 0 | FileCheck %s --check-prefix=ZERO
;; RUN: %wasmrun %t.so --invoke div_check 8 5 | FileCheck %s --check-prefix=ZERO
;; RUN: %wasmrun %t.so --invoke and_byte 0 | FileCheck %s --check-prefix=AND
;; RUN: %wasmrun %t.so --invoke wrap 0 | FileCheck %s --check-prefix=WRAP
;; RUN: %wasmrun %t.so --invoke lane 0 | FileCheck %s --check-prefix=WRAP
;; RUN: %wasmrun %t.so --invoke via_helper 0 | FileCheck %s --check-prefix=WRAP
;; TIER: -O2, light tier: {{[0-9]+}} bytes of code, above 2097152
;; The loads of dead values are volatile, and no pin is left; the helper
;; that only a direct call reaches takes the C convention (no swiftcc).
;; NOPIN-NOT: asm sideeffect
;; NOPIN-NOT: {{ swiftcc }}
;; IR-LABEL: define {{.*}}@wasm_f0_xor_dropped(
;; IR: load volatile i8,
;; IR-LABEL: define {{.*}}@wasm_f1_unread_local(
;; IR: load volatile i64,
;; IR-LABEL: define {{.*}}@wasm_f2_v128_dead(
;; IR: load volatile <2 x i64>,
;; IR-LABEL: define {{.*}}@wasm_f4_before_return(
;; IR: load volatile i32,
;; IR-LABEL: define internal i32 @wasm_f11_load(ptr swiftself
;; OOB: error: trap: out of bounds memory access
;; XOR: {{^}}480{{$}}
;; ZERO: {{^}}0{{$}}
;; AND: {{^}}17{{$}}
;; WRAP: {{^}}67306001{{$}}
(module
  (memory 1 1)
  (data (i32.const 0) "\11\02\03\04\05\06\07\08")
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
    (local.get 1))
  (func (export "before_return") (param $a i32) (param $stop i32) (result i32)
    (local $v i32)
    (local.set $v (i32.load (local.get $a)))
    (if (i32.eqz (local.get $stop)) (then (return (i32.const 0))))
    (i32.store (i32.const 0) (local.get $v))
    (i32.const 1))
  (func (export "float_select") (param $a i32) (param $c i32) (result f64)
    (select (f64.const 4) (f64.load (local.get $a)) (local.get $c)))
  (func (export "div_check") (param $a i32) (param $d i32) (result i64)
    (drop (i64.div_s (i64.load (local.get $a)) (i64.extend_i32_s (local.get $d))))
    (i64.const 0))
  (func (export "and_byte") (param i32) (result i32)
    (i32.and (i32.load (local.get 0)) (i32.const 255)))
  (func (export "wrap") (param i32) (result i32)
    (i32.wrap_i64 (i64.load (local.get 0))))
  (func (export "lane") (param i32) (result i32)
    (i32x4.extract_lane 0 (v128.load (local.get 0))))
  (func (export "dot_zero_lanes") (result i32)
    (i32.store8 offset=22 (i32.const 15)
      (i16x8.extract_lane_s 5
        (i32x4.dot_i16x8_s
          (v128.const i32x4 0 0xc3400000 0 0xc0568000)
          (v128.load offset=4 align=1 (i32.const -11)))))
    (i32.const 7))
  (func $load (param i32) (result i32)
    (i32.load (local.get 0)))
  (func (export "via_helper") (param i32) (result i32)
    (call $load (local.get 0))))
