(module (global i64 (i64.mul (i64.const 1) (i32.const 2))))
