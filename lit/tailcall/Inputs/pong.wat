;; Slot 1: pong(n, x) tail-calls slot 0 (ping, in ping.so) until n is 0;
;; start tail-calls ping through its import, and wasi tail-calls a host
;; function (its adapter).
(module
  (import "env" "table" (table 2 funcref))
  (import "ping" "ping" (func $ping (param i64) (result i64)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (type $ping (func (param i64) (result i64)))
  (func $pong (param i64 f64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 200))
      (else (return_call_indirect (type $ping)
              (i64.sub (local.get 0) (i64.const 1)) (i32.const 0)))))
  (func (export "start") (param i64) (result i64)
    (return_call $ping (local.get 0)))
  (func (export "wasi") (result i32)
    (return_call $args_sizes_get (i32.const 8) (i32.const 12)))
  (elem (i32.const 1) $pong))
