;; Traps are not exceptions: catch_all does not catch them, in the function
;; itself or in a caller; the host sees the trap.
;; RUN: %wasm2so %s -o %t.so
;; RUN: not %wasmrun %t.so --invoke local 0 2>&1 | FileCheck %s --check-prefix=LOCAL
;; LOCAL: error: trap: integer divide by zero
;; RUN: not %wasmrun %t.so --invoke callee 2>&1 | FileCheck %s --check-prefix=CALLEE
;; CALLEE: error: trap: out of bounds memory access
;; RUN: %wasmrun %t.so --invoke thrown | FileCheck %s --check-prefix=THROWN
;; THROWN: {{^}}7{{$}}
(module
  (memory 1)
  (tag $e)
  (func $oob (result i32) (i32.load (i32.const 70000)))
  (func (export "local") (param i32) (result i32)
    (block $h
      (try_table (catch_all $h)
        (drop (i32.div_u (i32.const 1) (local.get 0)))))
    (i32.const 1))
  (func (export "callee") (result i32)
    (block $h
      (try_table (catch_all $h)
        (return (call $oob))))
    (i32.const 1))
  ;; The same try block does catch a throw.
  (func (export "thrown") (result i32)
    (block $h
      (try_table (catch_all $h) (throw $e))
      (return (i32.const 0)))
    (i32.const 7))
)
