;; Text as older tutorials write it: `anyfunc` for funcref and the
;; instruction names from before the standard. wasm2so reads them (the
;; spec's own parser calls them unknown operators: obsolete-keywords.wast).
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke bump 5 2>&1 | FileCheck %s --check-prefix=BUMP
;; RUN: %wasmrun %t.so --invoke pages 2>&1 | FileCheck %s --check-prefix=PAGES
;; RUN: %wasmrun %t.so --invoke convert 7 2>&1 | FileCheck %s --check-prefix=CONVERT
;; BUMP: 16
;; PAGES: 2
;; CONVERT: 7
(module
  (table 1 anyfunc)
  (memory 1)
  (global $total (mut i32) (i32.const 10))
  (func $add (param i32 i32) (result i32)
    get_local 0
    get_local 1
    i32.add)
  (elem (i32.const 0) $add)
  (func (export "bump") (param $n i32) (result i32)
    (local $t i32)
    (set_local $t (get_global $total))
    (set_global $total (i32.add (get_local $t) (i32.const 1)))
    (tee_local $t (get_global $total))
    get_local $n
    i32.const 0
    call_indirect (param i32 i32) (result i32))
  (func (export "pages") (result i32)
    (drop (grow_memory (i32.const 1)))
    current_memory)
  ;; Conversions named TYPE.OP/FROM (and OP_s/FROM, OP_u/FROM).
  (func (export "convert") (param i32) (result i64)
    (i64.reinterpret/f64 (f64.reinterpret/i64
      (i64.trunc_u/f64 (f64.convert_s/i32 (i32.wrap/i64
        (i64.extend_u/i32 (get_local 0)))))))))
