;; One import and one export of every kind.
(module
  (import "env" "log" (func (param i32 f64) (result i64)))
  (import "env" "base" (global i32))
  (import "env" "table" (table 1 funcref))
  (import "env" "memory" (memory 1 4))
  (func (export "func") (param i64 f32) (result i32 i32) (i32.const 1) (i32.const 2))
  (global (export "global") (mut f32) (f32.const 0))
  (table (export "table") 2 10 externref)
  (export "memory" (memory 0)))
