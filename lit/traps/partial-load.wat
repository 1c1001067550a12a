;; A load traps when any byte it reads is out of bounds, even when the
;; code uses only some of its bits or lanes. Code generation reads only
;; what is used: `i32.and` of a load with 255 would read one byte, a
;; `wrap` of an i64.load four, an extracted lane of a v128.load one lane;
;; an access that crosses the end of memory then returned. And it deletes
;; a load none of whose bits reach a result: a v128.load into
;; i32x4.dot_i16x8_s whose used lanes have constant zero factors
;; (differential tester seed 3990). Such loads stay pinned whole
;; (RepinMovableLoads, UnpinUsedLoads in compiler/Optimize.cpp;
;; docs/security.md, "Differential testing").
;; RUN: %wasm2so -O2 %s -o %t.so
;; RUN: not %wasmrun %t.so --invoke and_byte 65534 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke store_byte 65534 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke wrap 65530 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke top_byte 65530 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke lane 65530 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke splat_lane 65535 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke dot_zero_lanes 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: %wasmrun %t.so --invoke and_byte 0 | FileCheck %s --check-prefix=AND
;; RUN: %wasmrun %t.so --invoke wrap 0 | FileCheck %s --check-prefix=WRAP
;; RUN: %wasmrun %t.so --invoke lane 0 | FileCheck %s --check-prefix=LANE
;; RUN: %wasmrun %t.so --invoke splat_lane 0 | FileCheck %s --check-prefix=SPLAT
;; RUN: %wasm2so -O0 %s -o %t0.so
;; RUN: not %wasmrun %t0.so --invoke and_byte 65534 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t0.so --invoke dot_zero_lanes 2>&1 | FileCheck %s --check-prefix=OOB
;; OOB: error: trap: out of bounds memory access
;; AND: {{^}}17{{$}}
;; WRAP: {{^}}67306001{{$}}
;; LANE: {{^}}67306001{{$}}
;; SPLAT: {{^}}17{{$}}
(module
  (memory 1 1)
  (data (i32.const 0) "\11\02\03\04\05\06\07\08")
  (func (export "and_byte") (param i32) (result i32)
    (i32.and (i32.load (local.get 0)) (i32.const 255)))
  (func (export "store_byte") (param i32) (result i32)
    (i32.store8 (i32.const 100) (i32.add (i32.load (local.get 0)) (i32.const 1)))
    (i32.const 7))
  (func (export "wrap") (param i32) (result i32)
    (i32.wrap_i64 (i64.load (local.get 0))))
  (func (export "top_byte") (param i32) (result i64)
    (i64.shr_u (i64.load (local.get 0)) (i64.const 56)))
  (func (export "lane") (param i32) (result i32)
    (i32x4.extract_lane 0 (v128.load (local.get 0))))
  (func (export "splat_lane") (param i32) (result i32)
    (i8x16.extract_lane_u 0 (v128.load16_splat (local.get 0))))
  (func (export "dot_zero_lanes") (result i32)
    (i32.store8 offset=22 (i32.const 15)
      (i16x8.extract_lane_s 5
        (i32x4.dot_i16x8_s
          (v128.const i32x4 0 0xc3400000 0 0xc0568000)
          (v128.load offset=4 align=1 (i32.const -11)))))
    (i32.const 7)))
