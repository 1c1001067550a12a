;; Import linking checks full reference types by subtyping: an immutable
;; global of type (ref $t) satisfies an import of (ref null $t) or funcref,
;; not the reverse; type indices of two modules compare by signature.
;; RUN: rm -rf %t && mkdir -p %t && split-file %s %t
;; RUN: %wasm2so %t/lib.wat -o %t/lib.so
;; RUN: %wasm2so %t/nullable.wat -o %t/nullable.so
;; RUN: %wasm2so %t/nonnull.wat -o %t/nonnull.so
;; RUN: %wasm2so %t/other.wat -o %t/other.so
;; RUN: %wasmrun %t/lib.so %t/nullable.so --invoke call_it | FileCheck %s --check-prefix=OK
;; OK: {{^}}42{{$}}
;; RUN: %wasmrun %t/lib.so %t/nonnull.so --invoke call_it | FileCheck %s --check-prefix=OK
;; RUN: %wasmrun %t/lib.so %t/nonnull.so --invoke call_from_table | FileCheck %s --check-prefix=OK
;; The library's nullable global cannot stand for a (ref $t) import.
;; RUN: not %wasmrun %t/lib.so %t/other.so --invoke f 2>&1 | FileCheck %s --check-prefix=BAD
;; BAD: error: incompatible import type for lib.maybe: expected (ref type#{{[0-9a-f]+}}) global, got (ref null type#{{[0-9a-f]+}}) global

;--- lib.wat
(module
  (type $get (func (result i32)))
  (func $answer (type $get) i32.const 42)
  (global (export "answer") (ref $get) (ref.func $answer))
  (global (export "maybe") (ref null $get) (ref.func $answer))
  ;; A table of typed references whose elements start as $answer.
  (table (export "tab") 2 (ref $get) (ref.func $answer)))
;--- nullable.wat
(module
  (type $g (func (result i32)))
  (import "lib" "answer" (global $a (ref null $g)))
  (import "lib" "tab" (table 2 (ref $g)))
  (func (export "call_it") (result i32)
    (call_ref $g (global.get $a))))
;--- nonnull.wat
(module
  (type $g (func (result i32)))
  (import "lib" "answer" (global $a (ref $g)))
  (import "lib" "answer" (global $f funcref))
  (import "lib" "tab" (table 2 (ref $g)))
  (func (export "call_it") (result i32)
    (call_ref $g (global.get $a)))
  (func (export "call_from_table") (result i32)
    (call_ref $g (table.get 0 (i32.const 1)))))
;--- other.wat
(module
  (type $g (func (result i32)))
  (import "lib" "maybe" (global $m (ref $g)))
  (func (export "f")))
