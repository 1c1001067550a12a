(module
  (import "js" "glue" (func (param i32) (result i32)))
  (import "js" "mem" (memory 1))
  (func (export "works") (result i32) (i32.const 1)))
