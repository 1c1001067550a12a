;; A small module instantiated many times.
(module
  (global (export "g") (mut i32) (i32.const 0))
  (func (export "f") (result i32) (global.get 0))
  (table (export "t") 1 funcref)
  (memory (export "m") 1))
