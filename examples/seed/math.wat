;; The library half of the shared-table demo: its element segment puts `add`
;; into slot 0 of the table it imports (the loader's common table), and it
;; exports `add` by name too.
(module
  (import "env" "table" (table 1 funcref))
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (elem (i32.const 0) $add))
