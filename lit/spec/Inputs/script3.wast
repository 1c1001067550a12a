;; The 3.0 script forms, all expected to pass.

;; A definition is compiled once and instantiated anew by each instance.
(module definition $Counter
  (global $n (mut i32) (i32.const 0))
  (func (export "bump") (result i32)
    (global.set $n (i32.add (global.get $n) (i32.const 1)))
    (global.get $n))
  (global (export "start") i32 (i32.const 100)))
(module instance $C1 $Counter)
(module instance $C2 $Counter)
(assert_return (invoke $C1 "bump") (i32.const 1))
(assert_return (invoke $C1 "bump") (i32.const 2))
(assert_return (invoke $C2 "bump") (i32.const 1))
(assert_return (get $C2 "start") (i32.const 100))
(module instance $Counter) ;; unnamed: the current module
(assert_return (invoke "bump") (i32.const 1))
(register "counter" $C1)

;; Annotations around the script's own words.
((@a) module (@a) $Ann (@b "x")
  (func (export "three") (result i32) (i32.const 3)))
(assert_return (invoke $Ann "three") (either (i32.const 4) (i32.const 3)))

(module $Vals
  (import "counter" "bump" (func $bump (result i32)))
  (func (export "bump") (result i32) (call $bump))
  (func (export "f32x4") (param f32) (result v128)
    (f32x4.replace_lane 1 (f32x4.splat (f32.div (f32.const 0) (f32.const 0)))
      (local.get 0)))
  (func (export "id_f64") (param f64) (result f64) (local.get 0))
  (func (export "id_i64") (param i64) (result i64) (local.get 0))
  (func (export "i8x16") (result v128)
    (v128.const i8x16 -1 255 0 1 2 3 4 5 6 7 8 9 10 11 12 -128))
  (func $g (export "func") (result funcref) (ref.func $g))
  (func (export "extern") (param externref) (result externref) (local.get 0))
  (func (export "null") (result funcref) (ref.null func)))
(assert_return (invoke "bump") (i32.const 3))
(assert_return (invoke "f32x4" (f32.const 0x1p-1))
  (v128.const f32x4 nan:canonical 0.5 nan:arithmetic nan:canonical))
(assert_return (invoke "id_f64" (f64.const nan:0x4000000000001))
  (f64.const nan:0x4000000000001))
(assert_return (invoke "id_f64" (f64.const -0x1.8p+1)) (f64.const -3))
(assert_return (invoke "id_i64" (i64.const 0xffff_ffff_ffff_ffff)) (i64.const -1))
(assert_return (invoke "i8x16")
  (either (v128.const i16x8 0 0 0 0 0 0 0 0)
          (v128.const i8x16 255 -1 0 1 2 3 4 5 6 7 8 9 10 11 12 128)))
(assert_return (invoke "func") (ref.func))
(assert_return (invoke "extern" (ref.extern 5)) (ref.extern))
(assert_return (invoke "extern" (ref.extern 5)) (ref.extern 5))
(assert_return (invoke "extern" (ref.null extern)) (ref.null))
(assert_return (invoke "null") (ref.null func))

(module binary
  "\00asm" "\01\00\00\00"
  "\01\05\01\60\00\01\7f"            ;; type: () -> i32
  "\03\02\01\00"                     ;; func 0: type 0
  "\07\05\01\01\6b\00\00"            ;; export "k": func 0
  "\0a\06\01\04\00\41\2a\0b")        ;; code: i32.const 42
(assert_return (invoke "k") (i32.const 42))
(module $Q quote "(func (export \"q\") (result i32)" " (i32.const 9))")
(assert_return (invoke $Q "q") (i32.const 9))

(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_unlinkable (module (import "counter" "nope" (func))) "unknown import")
(assert_invalid (module (func (result i32) (f32.const 0))) "type mismatch")
(assert_malformed (module quote "(func (i32.const 0x1_0000_0000))")
  "constant out of range")
