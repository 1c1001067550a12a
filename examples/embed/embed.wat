;; The module examples/embed/main.cpp runs: it imports one host function
;; and exports two functions, one of which traps three calls deep.
(module
  (import "host" "scale" (func $scale (param i32) (result i32)))
  (func $checked_div (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $average (param i32 i32) (result i32)
    (call $checked_div (i32.add (local.get 0) (local.get 1)) (i32.const 2)))
  ;; scale(a) + scale(b), through the host.
  (func (export "scaled_sum") (param i32 i32) (result i32)
    (i32.add (call $scale (local.get 0)) (call $scale (local.get 1))))
  ;; (a + b) / d: traps "integer divide by zero" when d is 0.
  (func $divide (export "divide") (param i32 i32 i32) (result i32)
    (call $checked_div (i32.add (local.get 0) (local.get 1)) (local.get 2))))
