;; Every kind of command of the 2.0 script syntax, all expected to pass
;; (the reader itself is tested in reader.test).
(module $Math
  (global (export "answer") i32 (i32.const 42))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "div_s") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "neg64") (param i64) (result i64)
    (i64.sub (i64.const 0) (local.get 0)))
  (func (export "fdiv") (param f32 f32) (result f32)
    (f32.div (local.get 0) (local.get 1)))
  (func (export "fadd64") (param f64 f64) (result f64)
    (f64.add (local.get 0) (local.get 1)))
  (func (export "id_extern") (param externref) (result externref)
    (local.get 0))
  (func (export "null_func") (result funcref) (ref.null func))
  (func (export "swap") (param i32 i64) (result i64 i32)
    (local.get 1) (local.get 0))
)
(register "math" $Math)

(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke "add" (i32.const -1) (i32.const 0)) (i32.const 0xffffffff))
(assert_return (invoke "neg64" (i64.const 1)) (i64.const -1))
(assert_return (invoke "fdiv" (f32.const 1) (f32.const 4)) (f32.const 0.25))
(assert_return (invoke "fdiv" (f32.const 0) (f32.const 0)) (f32.const nan:canonical))
(assert_return (invoke "fdiv" (f32.const nan:0x200000) (f32.const 1)) (f32.const nan:arithmetic))
(assert_return (invoke "fadd64" (f64.const 0.5) (f64.const -0.25)) (f64.const 0.25))
(assert_return (invoke "id_extern" (ref.extern 7)) (ref.extern 7))
(assert_return (invoke "id_extern" (ref.null extern)) (ref.null extern))
(assert_return (invoke "null_func") (ref.null func))
(assert_return (invoke "swap" (i32.const 1) (i64.const 2)) (i64.const 2) (i32.const 1))
(assert_return (get "answer") (i32.const 42))
(assert_trap (invoke "div_s" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div_s" (i32.const 0x80000000) (i32.const -1)) "integer overflow")
(invoke "add" (i32.const 5) (i32.const 6))

;; A second module that imports from the registered one; the first one
;; stays reachable by name.
(module
  (import "math" "add" (func $add (param i32 i32) (result i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (func (export "add3") (param i32) (result i32)
    (call $print (local.get 0))
    (call $add (local.get 0) (i32.const 3))))
(assert_return (invoke "add3" (i32.const 4)) (i32.const 7))
(assert_return (invoke $Math "add" (i32.const 2) (i32.const 2)) (i32.const 4))

;; Not a tail call, so that no optimizer can turn it into a loop.
(module
  (func $f (export "f") (param i32) (result i32)
    (i32.sub (call $f (local.get 0)) (local.get 0))))
(assert_exhaustion (invoke "f" (i32.const 1)) "call stack exhausted")

(assert_invalid
  (module (func (result i32) (i64.const 1)))
  "type mismatch")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_malformed (module quote "(func (i32.const))") "unexpected token")
(assert_unlinkable
  (module (import "math" "nope" (func)))
  "unknown import")
(assert_trap
  (module (func $start unreachable) (start $start))
  "unreachable")
