;; At -O0 lowering attaches no metadata that only the optimizer reads
;; (Environment::OptimizerMetadata): no alias tags on the accesses to
;; memory and to the runtime's structures, no invariant-load or
;; runtime-pointer marks. At the other levels, as lowered, they are there.
;; RUN: %wasm2so -O0 %s --emit-llvm -o - | FileCheck %s --check-prefix=O0
;; RUN: %wasm2so -O2 %s --emit-llvm --disable-llvm-passes -o - | FileCheck %s --check-prefix=O2
;; RUN: %wasm2so -O0 %s -o %t.so
;; RUN: %wasmrun %t.so --invoke run 5 | FileCheck %s --check-prefix=RUN-OUT
(module
  (memory 1)
  (global $g (mut i32) (i32.const 10))
  (global $k i32 (i32.const 100))
  (table 1 funcref)
  (elem (i32.const 0) $twice)
  (type $t (func (param i32) (result i32)))
  (func $twice (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
  (func (export "run") (param i32) (result i32)
    (i32.store (i32.const 8) (local.get 0))
    (global.set $g (i32.add (global.get $g) (i32.load (i32.const 8))))
    (i32.add (global.get $k)
      (call_indirect (type $t) (global.get $g) (i32.const 0)))))
;; O0-LABEL: define {{.*}}@wasm_f1_run(
;; O0-NOT:   !tbaa
;; O0-NOT:   !invariant.load
;; O0-NOT:   !w2s.runtime.ptr
;; O0:       {{^}}}
;; O2-LABEL: define {{.*}}@wasm_f1_run(
;; O2:       !tbaa
;; O2:       !invariant.load
;; O2:       {{^}}}
;; RUN-OUT: {{^}}130{{$}}
