;; A wasm `select` whose result a loop carries stays a cmov: x86's cmov
;; converter, which would turn it back into a branch that mispredicts on
;; data-dependent choices, is off (compiler/Optimize.cpp). The loop is the
;; heapsort siftDown of the sort benchmark as clang compiles it for wasm32:
;; the larger child is chosen with a select.
;; RUN: %wasm2so %s -o %t.so
;; RUN: llvm-objdump -d --no-show-raw-insn %t.so | FileCheck %s
;; RUN: %wasmrun %t.so --invoke run | FileCheck %s --check-prefix=OUT
;; CHECK-LABEL: <wasm_f0_sift>:
;; CHECK: cmov
;; CHECK-LABEL: <wasm_f1_run>:
;; OUT: {{^}}1{{$}}
(module
  (memory 1)
  (func $sift (export "sift") (param $root i32) (param $end i32)
    (local $child i32) (local $c2 i32) (local $a i32) (local $b i32)
    (block $done
      (loop $l
        (local.set $child
          (i32.or (i32.shl (local.get $root) (i32.const 1)) (i32.const 1)))
        (br_if $done (i32.ge_s (local.get $child) (local.get $end)))
        (local.set $c2 (i32.add (local.get $child) (i32.const 1)))
        (if (i32.lt_s (local.get $c2) (local.get $end))
          (then
            (local.set $child
              (select (local.get $c2) (local.get $child)
                (i32.lt_s
                  (i32.load (i32.shl (local.get $child) (i32.const 2)))
                  (i32.load (i32.shl (local.get $c2) (i32.const 2))))))))
        (local.set $a (i32.load (i32.shl (local.get $root) (i32.const 2))))
        (local.set $b (i32.load (i32.shl (local.get $child) (i32.const 2))))
        (br_if $done (i32.ge_s (local.get $a) (local.get $b)))
        (i32.store (i32.shl (local.get $root) (i32.const 2)) (local.get $b))
        (i32.store (i32.shl (local.get $child) (i32.const 2)) (local.get $a))
        (local.set $root (local.get $child))
        (br $l))))
  ;; Heapifies a[i] = i * 7919 % 1000 for 1000 elements; returns 1 when
  ;; a[0] is then the maximum.
  (func (export "run") (result i32)
    (local $i i32) (local $max i32)
    (loop $fill
      (i32.store (i32.shl (local.get $i) (i32.const 2))
        (i32.rem_u (i32.mul (local.get $i) (i32.const 7919))
                   (i32.const 1000)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 1000))))
    (local.set $i (i32.const 499))
    (loop $heapify
      (call $sift (local.get $i) (i32.const 1000))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $heapify (i32.ge_s (local.get $i) (i32.const 0))))
    (i32.eq (i32.load (i32.const 0)) (i32.const 999))))
