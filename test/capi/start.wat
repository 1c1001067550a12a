;; A start function that traps two calls deep.
(module
  (func $inner (unreachable))
  (func $outer (call $inner))
  (func $start (call $outer))
  (start $start))
