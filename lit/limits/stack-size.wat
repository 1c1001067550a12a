;; wasmrun --stack-size sets the stack that wasm code may use: recursion
;; deeper than it traps "call stack exhausted", cleanly, and a larger stack
;; lets deeper recursion finish.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --stack-size 256M --invoke depth 1000000 | FileCheck %s --check-prefix=DEEP
;; DEEP: {{^}}1000000{{$}}
;; RUN: not %wasmrun %t.so --stack-size 4M --invoke depth 1000000 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
;; RUN: not %wasmrun %t.so --stack-size 256K --invoke depth 100000 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
;; EXHAUSTED: error: trap: call stack exhausted
;; RUN: %wasmrun %t.so --stack-size=256K --invoke depth 100 | FileCheck %s --check-prefix=SHALLOW
;; SHALLOW: {{^}}100{{$}}
;; RUN: not %wasmrun %t.so --stack-size 12Q --invoke depth 1 2>&1 | FileCheck %s --check-prefix=BAD
;; BAD: not a size: 12Q
(module
  (func $depth (export "depth") (param i32) (result i32)
    local.get 0
    i32.eqz
    if (result i32)
      i32.const 0
    else
      local.get 0
      i32.const 1
      i32.sub
      call $depth
      i32.const 1
      i32.add
    end))
