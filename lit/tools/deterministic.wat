;; The same input and flags give byte-identical output.
;; RUN: %wasm2so %s -o %t.1.so
;; RUN: %wasm2so %s -o %t.2.so
;; RUN: cmp %t.1.so %t.2.so
;; RUN: %wasm2so %s -O3 -o %t.3.so
;; RUN: %wasm2so %s -O3 -o %t.4.so
;; RUN: cmp %t.3.so %t.4.so
(module
  (memory 1)
  (data (i32.const 16) "hello")
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
