;; Imported and exported globals, constant and mutable.
(module
  (import "host" "const_f32" (global $cf32 f32))
  (import "host" "var_i64" (global $vi64 (mut i64)))
  (global $ci32 (export "const_i32") i32 (i32.const 7))
  (global $vf64 (export "var_f64") (mut f64) (f64.const 2.5))
  (export "imported_var_i64" (global $vi64))
  (func (export "get_const_f32") (result f32) (global.get $cf32))
  (func (export "get_var_i64") (result i64) (global.get $vi64))
  (func (export "set_var_i64") (param i64) (global.set $vi64 (local.get 0)))
  (func (export "get_var_f64") (result f64) (global.get $vf64))
  (func (export "set_var_f64") (param f64) (global.set $vf64 (local.get 0))))
