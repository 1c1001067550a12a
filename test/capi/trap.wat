;; Traps: from a host function, and from wasm code three calls deep.
(module
  (import "host" "fail" (func $fail))
  (func $divide (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $middle (param i32) (result i32)
    (i32.add (call $divide (i32.const 10) (local.get 0)) (i32.const 1)))
  (func (export "run_host") (call $fail))
  (func (export "run_divide") (param i32) (result i32)
    (i32.mul (call $middle (local.get 0)) (i32.const 3))))
