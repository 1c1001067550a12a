;; Wrong expectations and a broken module: each must be reported as failed.
(module
  (func (export "three") (result i32) (i32.const 3))
  (func (export "nan") (result f32) (f32.const nan:0x200000))
  (func (export "ok") (result i32) (i32.const 1)))
(assert_return (invoke "three") (i32.const 4))
(assert_return (invoke "nan") (f32.const nan:canonical))
(assert_trap (invoke "ok") "unreachable")
(assert_invalid (module (func)) "type mismatch")
(assert_unlinkable (module (func (export "f"))) "unknown import")

;; A module that cannot link: every command that needs it fails, and the
;; module itself is reported once.
(module
  (import "spectest" "no_such_function" (func))
  (func (export "f") (result i32) (i32.const 0)))
(assert_return (invoke "f") (i32.const 0))
(assert_trap (invoke "f") "unreachable")
