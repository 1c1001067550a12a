;; Slot 0 of the common table: ping(n) tail-calls slot 1 (pong, in another
;; module, of another signature) until n is 0.
(module
  (import "env" "table" (table 2 funcref))
  (type $pong (func (param i64 f64) (result i64)))
  (func $ping (export "ping") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 100))
      (else (return_call_indirect (type $pong)
              (i64.sub (local.get 0) (i64.const 1)) (f64.const 0.5)
              (i32.const 1)))))
  (elem (i32.const 0) $ping))
