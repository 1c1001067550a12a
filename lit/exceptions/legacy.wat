;; Legacy exception handling (try/catch/catch_all/delegate/rethrow), the
;; form LLVM 19 emits for -fwasm-exceptions: same landing pads as try_table.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke catch_payload 5 | FileCheck %s --check-prefix=PAYLOAD
;; PAYLOAD: {{^}}15{{$}}
;; RUN: %wasmrun %t.so --invoke delegated | FileCheck %s --check-prefix=DELEGATED
;; DELEGATED: {{^}}2{{$}}
;; RUN: %wasmrun %t.so --invoke rethrown | FileCheck %s --check-prefix=RETHROWN
;; RETHROWN: {{^}}3{{$}}
;; RUN: not %wasmrun %t.so --invoke escapes 2>&1 | FileCheck %s --check-prefix=ESCAPES
;; ESCAPES: error: uncaught exception (tag "e")
(module
  (tag $e (export "e") (param i32))
  (tag $other)
  (func $throw (param i32) (throw $e (local.get 0)))
  (func (export "catch_payload") (param i32) (result i32)
    (try (result i32)
      (do (call $throw (local.get 0)) (i32.const 0))
      (catch $other (i32.const -1))
      (catch $e (i32.add (i32.const 10)))))
  ;; delegate 1 skips the try around it (label 0) to the outer one.
  (func (export "delegated") (result i32)
    (try $outer (result i32)
      (do
        (try $skipped (result i32)
          (do
            (try (do (call $throw (i32.const 1))) (delegate $outer))
            (i32.const 0))
          (catch_all (i32.const 1))))
      (catch $e (i32.add (i32.const 1)))))
  (func (export "rethrown") (result i32)
    (try (result i32)
      (do
        (try (do (call $throw (i32.const 3)))
          (catch_all (rethrow 0)))
        (i32.const 0))
      (catch $e)))
  (func (export "escapes")
    (try (do (call $throw (i32.const 4))) (catch $other)))
)
