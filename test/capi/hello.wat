;; A host function called from an export.
(module
  (import "host" "hello" (func $hello (param i32)))
  (func (export "run") (param i32)
    (call $hello (i32.add (local.get 0) (i32.const 1)))))
