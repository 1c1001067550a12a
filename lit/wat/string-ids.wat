;; Wasm 3.0 identifiers written as strings, and annotations: `$"a"` is
;; `$a` for functions, locals, globals, types and labels alike, and
;; annotations `(@...)` are skipped wherever they stand.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke twice 20 2>&1 | FileCheck %s --check-prefix=TWICE
;; RUN: %wasmrun %t.so --invoke count 3 2>&1 | FileCheck %s --check-prefix=COUNT
;; TWICE: 41
;; COUNT: 6
(module (@producers "tool" "1.0")
  (type $"bin op" (func (param i32 i32) (result i32)))
  (global $"the one" i32 (i32.const 1))
  (func $"add" (type $"bin op") (@hint (nested (x)) "y")
    (i32.add (local.get 0) (local.get 1)))
  (func (export "twice") (param $"n" i32) (result i32)
    (call $add
      (call $"add" (local.get $n) (local.get $"n"))
      (global.get $"the one")))
  ;; 3 + 2 + 1, counting down to 0.
  (func (export "count") (param $n i32) (result i32) (local $"sum" i32)
    (block $"done"
      (loop $"next"
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $"next")))
    (local.get $"sum")))
