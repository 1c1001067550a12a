;; Run by several threads at once, each in its own store.
(module
  (import "host" "report" (func $report (param i32 i32)))
  (import "host" "id" (global $id i32))
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "run")
    (call $report (global.get $id) (call $fib (i32.const 20)))))
