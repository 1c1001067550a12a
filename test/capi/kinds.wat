;; Values whose kind is not the declared type's (kinds.c): numbers are read
;; as the declared type, references must match.
(module
  (import "host" "numbers" (func $numbers (result i32 i64 f32 f64)))
  (import "host" "ref" (func $ref (result externref)))
  ;; Each argument back, floats as their bits.
  (func (export "bits") (param i32 i64 f32 f64) (result i32 i64 i32 i64)
    (local.get 0)
    (local.get 1)
    (i32.reinterpret_f32 (local.get 2))
    (i64.reinterpret_f64 (local.get 3)))
  (func (export "is_null") (param externref) (result i32)
    (ref.is_null (local.get 0)))
  ;; The host's results, floats as their bits.
  (func (export "host_numbers") (result i32 i64 i32 i64)
    (local f32 f64)
    (call $numbers)
    (local.set 1)
    (local.set 0)
    (i32.reinterpret_f32 (local.get 0))
    (i64.reinterpret_f64 (local.get 1)))
  (func (export "host_ref") (result i32)
    (ref.is_null (call $ref)))
  (global (export "g") (mut i64) (i64.const 5)))
