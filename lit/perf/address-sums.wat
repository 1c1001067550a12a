;; An i32 address sum `p + C` that loop trip counts and guards bound below
;; 2^32 is computed in 64 bits, so C folds into the access and adjacent
;; fields are seen as adjacent (compiler/AddressSums.cpp): here the SLP
;; vectorizer pairs a record's two fields. The triangular nest needs the
;; outer guard: the inner loop counts down from 7 - i, which is 0 (an inner
;; trip count of 2^32, through which p wraps) only when i = 7, and the
;; guard i <= 6 keeps that iteration out of the inner loop. Without the
;; guard (i <= 7) nothing is proven: the sums stay 32-bit, each field its
;; own scalar access.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke tri | FileCheck %s --check-prefix=OUT
(module
  (memory 1)
  ;; Eight records {a, b} of 16 bytes at 1024. For each i, the inner loop
  ;; visits records i+1 .. 7 through p = &rec[j] - 16 (clang's induction
  ;; pointers look so) and adds 1 to a, 2 to b. Record j is visited j
  ;; times: a sums to 28, b to 56.
  (func $nest (param $last i32)
    (local $i i32) (local $cnt i32) (local $row i32) (local $p i32)
    (local $n i32)
    (local.set $cnt (i32.const 7))
    (local.set $row (i32.const 1024))
    (loop $outer
      (if (i32.le_u (local.get $i) (local.get $last))
        (then
          (local.set $p (local.get $row))
          (local.set $n (local.get $cnt))
          (loop $inner
            (f64.store (i32.add (local.get $p) (i32.const 16))
              (f64.add (f64.load (i32.add (local.get $p) (i32.const 16)))
                       (f64.const 1)))
            (f64.store (i32.add (local.get $p) (i32.const 24))
              (f64.add (f64.load (i32.add (local.get $p) (i32.const 24)))
                       (f64.const 2)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br_if $inner
              (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
      (local.set $row (i32.add (local.get $row) (i32.const 16)))
      (local.set $cnt (i32.sub (local.get $cnt) (i32.const 1)))
      (br_if $outer
        (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                (i32.const 8)))))
  (func (export "tri") (result f64)
    (local $q i32) (local $sum f64)
    (call $nest (i32.const 6))
    (loop $sum
      (local.set $sum (f64.add (local.get $sum)
        (f64.add (f64.load offset=1024 (local.get $q))
                 (f64.load offset=1032 (local.get $q)))))
      (br_if $sum (i32.ne (local.tee $q (i32.add (local.get $q) (i32.const 16)))
                          (i32.const 128))))
    (local.get $sum))
  ;; The same nest, unguarded in its last outer iteration: never run here.
  (func (export "wrap")
    (call $nest (i32.const 7))))

;; After inlining, each caller has its own copy of the nest. Proven, the
;; sums are 64-bit (gone into the addresses) and the remainder loop's two
;; fields are one <2 x double> access; unproven, they stay i32 adds.
;; CHECK-LABEL: define internal {{.*}}@wasm_f1_tri(
;; CHECK-NOT: = add i32 %{{[^,]*}}, {{16|24}}{{$}}
;; CHECK: fadd <2 x double> %{{.*}}, <double 1.000000e+00, double 2.000000e+00>
;; CHECK-NOT: = add i32 %{{[^,]*}}, {{16|24}}{{$}}
;; CHECK-LABEL: define internal {{.*}}@wasm_f2_wrap(
;; CHECK: = add i32 %{{[^,]*}}, 16{{$}}
;; CHECK: = add i32 %{{[^,]*}}, 24{{$}}

;; OUT: {{^}}84{{$}}
