;; Multiple results, through the host and back.
(module
  (import "host" "reverse" (func $reverse (param i32 i64 i64 i32)
                                          (result i32 i64 i64 i32)))
  (func (export "roundtrip") (param i32 i64 i64 i32)
                             (result i32 i64 i64 i32)
    (call $reverse (local.get 0) (local.get 1) (local.get 2) (local.get 3))))
