;; Real tail calls: a mutual recursion 10^7 deep returns in constant native
;; stack, where the same recursion through call runs out of stack and
;; traps. The pair differs in signature (one parameter or two), and half of
;; the hops go through an exported table, so that LLVM cannot turn the
;; recursion into a loop: every hop is a tail call in the machine code.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke even 10000000 | FileCheck %s --check-prefix=EVEN
;; RUN: %wasmrun %t.so --invoke even 10000001 | FileCheck %s --check-prefix=ODD
;; RUN: not %wasmrun %t.so --invoke even_call 10000000 2>&1 | FileCheck %s --check-prefix=DEEP
;; The same at -O0, where nothing is inlined.
;; RUN: %wasm2so -O0 %s -o %t0.so
;; RUN: %wasmrun %t0.so --invoke even 10000000 | FileCheck %s --check-prefix=EVEN
(module
  (type $odd (func (param i64 i32) (result i32)))
  (table (export "table") 2 funcref)
  (elem (i32.const 0) $odd $odd_call)
  (func $even (export "even") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call_indirect (type $odd)
              (i64.sub (local.get 0) (i64.const 1)) (i32.const 0)
              (i32.const 0)))))
  (func $odd (param i64 i32) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))
  ;; The same pair with call.
  (func $even_call (export "even_call") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (call_indirect (type $odd)
              (i64.sub (local.get 0) (i64.const 1)) (i32.const 0)
              (i32.const 1)))))
  (func $odd_call (param i64 i32) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (call $even_call (i64.sub (local.get 0) (i64.const 1)))))))

;; EVEN: {{^}}1{{$}}
;; ODD: {{^}}0{{$}}
;; DEEP: error: trap: call stack exhausted
