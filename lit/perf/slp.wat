;; The SLP vectorizer runs at -O2, as in clang -O2 (compiler/Optimize.cpp):
;; two bodies' x and y fields, at static offsets from their addresses, are
;; loaded, subtracted, scaled and stored as <2 x double>. Not at -O1.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: %wasm2so -O1 %s --emit-llvm -o %t1.ll
;; RUN: FileCheck %s --check-prefix=O1 < %t1.ll
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke run | FileCheck %s --check-prefix=OUT
(module
  (memory 1)
  ;; dx = b->x - d->x; dy = b->y - d->y; b->x = dx * s; b->y = dy * s;
  (func $kick (export "kick") (param $b i32) (param $d i32) (param $s f64)
    (local $dx f64) (local $dy f64)
    (local.set $dx (f64.sub (f64.load offset=0 (local.get $b))
                            (f64.load offset=0 (local.get $d))))
    (local.set $dy (f64.sub (f64.load offset=8 (local.get $b))
                            (f64.load offset=8 (local.get $d))))
    (f64.store offset=0 (local.get $b) (f64.mul (local.get $dx) (local.get $s)))
    (f64.store offset=8 (local.get $b) (f64.mul (local.get $dy) (local.get $s))))
  ;; b = (10, 20) at 0, d = (1, 2) at 16: (b - d) * 3 = (27, 54); sum 81.
  (func (export "run") (result f64)
    (f64.store (i32.const 0) (f64.const 10))
    (f64.store (i32.const 8) (f64.const 20))
    (f64.store (i32.const 16) (f64.const 1))
    (f64.store (i32.const 24) (f64.const 2))
    (call $kick (i32.const 0) (i32.const 16) (f64.const 3))
    (f64.add (f64.load (i32.const 0)) (f64.load (i32.const 8)))))

;; CHECK-LABEL: define internal {{.*}}@wasm_f0_kick(
;; CHECK: load <2 x double>
;; CHECK: load <2 x double>
;; CHECK: fsub <2 x double>
;; CHECK: fmul <2 x double>
;; CHECK: store <2 x double>
;; CHECK-LABEL: define
;; O1-LABEL: define internal {{.*}}@wasm_f0_kick(
;; O1-NOT: <2 x double>
;; O1-LABEL: define
;; OUT: {{^}}81{{$}}
