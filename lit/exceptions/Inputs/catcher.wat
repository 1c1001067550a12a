;; Imports thrower's tag and function: the tag is the same object, so
;; `catch $oops` catches what thrower throws. A local tag of the same
;; type is another tag.
(module
  (tag $oops (import "thrower" "oops") (param i32 i64))
  (func $fail (import "thrower" "fail") (param i32))
  (tag $mine (param i32 i64))
  (func (export "catch_imported") (param i32) (result i64)
    (local $b i64)
    (block $h (result i32 i64)
      (try_table (catch $oops $h)
        (call $fail (local.get 0)))
      (return (i64.const -1)))
    (local.set $b)
    (i64.add (i64.extend_i32_u) (local.get $b)))
  (func (export "catch_local_only") (param i32) (result i64)
    (block $h (result i32 i64)
      (try_table (catch $mine $h)
        (call $fail (local.get 0)))
      (return (i64.const -1)))
    (drop)
    (drop)
    (i64.const 0))
)
