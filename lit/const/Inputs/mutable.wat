(module (global $m (mut i32) (i32.const 0)) (global i32 (i32.add (global.get $m) (i32.const 1))))
