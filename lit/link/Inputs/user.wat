;; Imports `add` from the module registered as "math" (math.so's stem).
(module
  (import "math" "add" (func $add (param i32 i32) (result i32)))
  (func (export "twice_plus") (param i32 i32) (result i32)
    local.get 0
    local.get 0
    call $add
    local.get 1
    call $add))
