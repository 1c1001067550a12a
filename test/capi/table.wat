;; A funcref table called through call_indirect.
(module
  (type $ii (func (param i32) (result i32)))
  (table (export "table") 2 10 funcref)
  (elem (i32.const 1) $double)
  (func $double (export "double") (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "call_at") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func (export "size") (result i32) (table.size 0)))
