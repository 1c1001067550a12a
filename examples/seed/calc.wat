;; The client half of the shared-table demo: it imports the same table and
;; calls whatever sits in slot 0 with call_indirect. Loaded after math.so,
;; add_five(10) is 15; loaded alone, slot 0 is empty and the call traps with
;; "uninitialized element".
(module
  (import "env" "table" (table 1 funcref))
  (type $binop (func (param i32 i32) (result i32)))
  (func (export "add_five") (param i32) (result i32)
    local.get 0
    i32.const 5
    i32.const 0
    call_indirect (type $binop)))
