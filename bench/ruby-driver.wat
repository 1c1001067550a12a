;; ruby-driver.wat - Runs a Ruby script in ruby.wasm (@ruby/3.3-wasm-wasi),
;; a reactor whose JavaScript glue normally does this: _initialize, then
;; ruby-init with the command line, then rb-eval-string-protect with the
;; script, strings passed by the component model's canonical ABI (bytes
;; allocated with cabi_realloc, passed as pointer and length). bench/large.sh
;; loads it after the module, named ruby.so, and invokes "run", which returns
;; the script's status (0 when it raised nothing).
(module
  (import "ruby" "memory" (memory 1))
  ;; wasmrun gives WASI the memory of the module it invokes.
  (export "memory" (memory 0))
  (import "ruby" "_initialize" (func $initialize))
  (import "ruby" "cabi_realloc"
    (func $realloc (param i32 i32 i32 i32) (result i32)))
  (import "ruby" "ruby-init: func(args: list<string>) -> ()"
    (func $ruby_init (param i32 i32)))
  (import "ruby" "rb-eval-string-protect: func(str: string) -> tuple<handle<rb-abi-value>, s32>"
    (func $eval (param i32 i32) (result i32)))

  ;; Ruby reads its command line as C strings: each ends with a NUL
  ;; (not counted in the length passed).
  (data $arg0 "ruby\00")
  (data $arg1 "--disable-gems\00")
  (data $arg2 "-e_=0\00")
  (data $script "puts 1 + 2\nputs (1..10).map { |i| i * i }.sum\nputs [3, 1, 2].sort.inspect\nputs 'ok' * 2\n$stdout.flush\n\00")

  ;; A copy of passive segment SEG (LEN bytes and a NUL) in ruby's memory.
  (func $string (param $len i32) (param $seg i32) (result i32)
    (local $p i32)
    (local.set $len (i32.add (local.get $len) (i32.const 1)))
    (local.set $p (call $realloc (i32.const 0) (i32.const 0) (i32.const 1)
                                 (local.get $len)))
    (block $done
      (block $s3 (block $s2 (block $s1 (block $s0
        (br_table $s0 $s1 $s2 $s3 (local.get $seg)))
        (memory.init $arg0 (local.get $p) (i32.const 0) (local.get $len))
        (br $done))
        (memory.init $arg1 (local.get $p) (i32.const 0) (local.get $len))
        (br $done))
        (memory.init $arg2 (local.get $p) (i32.const 0) (local.get $len))
        (br $done))
      (memory.init $script (local.get $p) (i32.const 0) (local.get $len)))
    (local.get $p))

  (func (export "run") (result i32)
    (local $args i32)
    (call $initialize)
    ;; list<string>: an array of (pointer, length) pairs.
    (local.set $args (call $realloc (i32.const 0) (i32.const 0) (i32.const 4)
                                    (i32.const 24)))
    (i32.store offset=0 (local.get $args) (call $string (i32.const 4) (i32.const 0)))
    (i32.store offset=4 (local.get $args) (i32.const 4))
    (i32.store offset=8 (local.get $args) (call $string (i32.const 14) (i32.const 1)))
    (i32.store offset=12 (local.get $args) (i32.const 14))
    (i32.store offset=16 (local.get $args) (call $string (i32.const 5) (i32.const 2)))
    (i32.store offset=20 (local.get $args) (i32.const 5))
    (call $ruby_init (local.get $args) (i32.const 3))
    ;; The result is a pointer to (handle, status).
    (i32.load offset=4
      (call $eval (call $string (i32.const 102) (i32.const 3)) (i32.const 102))))
)
