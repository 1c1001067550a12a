;; A module with an import, to serialize and load again.
(module
  (import "host" "base" (func $base (result i32)))
  (func (export "run") (param i32) (result i32)
    (i32.mul (local.get 0) (call $base))))
