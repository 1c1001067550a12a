;; call_indirect of a type that is not final accepts a function of a
;; declared subtype, from another module, through the shared table: the
;; slot's funcref carries its type's supertype display (docs/abi.md,
;; "Subtypes across modules"). Imports accept a subtype too.
;; RUN: rm -rf %t && mkdir -p %t && split-file %s %t
;; RUN: %wasm2so %t/lib.wat -o %t/lib.so
;; RUN: %wasm2so %t/user.wat -o %t/user.so
;; RUN: %wasm2so %t/narrow.wat -o %t/narrow.so
;; RUN: %wasmrun %t/lib.so %t/user.so --invoke via_t 0 | FileCheck %s --check-prefix=SUB
;; SUB: {{^}}10{{$}}
;; RUN: %wasmrun %t/lib.so %t/user.so --invoke via_t 1 | FileCheck %s --check-prefix=EXACT
;; EXACT: {{^}}20{{$}}
;; Two levels down: the display holds $t at depth 0.
;; RUN: %wasmrun %t/lib.so %t/user.so --invoke via_t 3 | FileCheck %s --check-prefix=DEEP
;; DEEP: {{^}}40{{$}}
;; RUN: %wasmrun %t/lib.so %t/user.so --invoke via_s 3 | FileCheck %s --check-prefix=DEEP
;; The same signature, final and without supertype, is another type.
;; RUN: not %wasmrun %t/lib.so %t/user.so --invoke via_t 2 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; A supertype is no subtype.
;; RUN: not %wasmrun %t/lib.so %t/user.so --invoke via_s 1 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; MISMATCH: indirect call type mismatch
;; RUN: not %wasmrun %t/lib.so %t/user.so --invoke via_t 4 2>&1 | FileCheck %s --check-prefix=NULL
;; NULL: uninitialized element
;; RUN: not %wasmrun %t/lib.so %t/user.so --invoke via_t 9 2>&1 | FileCheck %s --check-prefix=OOB
;; OOB: undefined element
;; An import of type $t is satisfied by a function of type $s ...
;; RUN: %wasmrun %t/lib.so %t/user.so --invoke imported | FileCheck %s --check-prefix=SUB
;; ... but an import of type $s not by one of type $t.
;; RUN: not %wasmrun %t/lib.so %t/narrow.so --invoke f 2>&1 | FileCheck %s --check-prefix=UNLINKABLE
;; UNLINKABLE: error: incompatible import type for lib.twenty
;; A private table of constant contents takes the general path for a type
;; that is not final.
;; RUN: %wasm2so %t/private.wat -o %t/private.so
;; RUN: %wasmrun %t/private.so --invoke via_t 0 | FileCheck %s --check-prefix=SUB
;; RUN: not %wasmrun %t/private.so --invoke via_s 1 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; The display is read only on the cold path of a type that is not final.
;; RUN: %wasm2so %t/user.wat --emit-llvm -o %t/user.ll
;; RUN: FileCheck %s --check-prefix=IR < %t/user.ll
;; IR-LABEL: define {{.*}} @wasm_f{{[0-9]+}}_via_t(
;; IR: call_indirect.display:
;; IR-LABEL: define {{.*}} @wasm_f{{[0-9]+}}_via_final(
;; IR-NOT: call_indirect.display
;; IR: ret i32

;--- lib.wat
(module
  (type $t (sub (func (result i32))))
  (type $s (sub $t (func (result i32))))
  (type $s2 (sub final $s (func (result i32))))
  (type $u (func (result i32))) ;; final: not the same type as $t
  (func $ten (export "ten") (type $s) i32.const 10)
  (func $twenty (export "twenty") (type $t) i32.const 20)
  (func $thirty (type $u) i32.const 30)
  (func $forty (type $s2) i32.const 40)
  (table (export "tab") 5 funcref)
  (elem (i32.const 0) $ten $twenty $thirty $forty))
;--- user.wat
(module
  (type $t (sub (func (result i32))))
  (type $s (sub $t (func (result i32))))
  (type $plain (func (result i32)))
  (import "lib" "ten" (func $ten (type $t)))
  (import "lib" "tab" (table 5 funcref))
  (func (export "via_t") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0)))
  (func (export "via_s") (param i32) (result i32)
    (call_indirect (type $s) (local.get 0)))
  (func (export "via_final") (param i32) (result i32)
    (call_indirect (type $plain) (local.get 0)))
  (func (export "imported") (result i32) (call $ten)))
;--- narrow.wat
(module
  (type $t (sub (func (result i32))))
  (type $s (sub $t (func (result i32))))
  (import "lib" "twenty" (func (type $s)))
  (func (export "f")))
;--- private.wat
(module
  (type $t (sub (func (result i32))))
  (type $s (sub $t (func (result i32))))
  (func $ten (type $s) i32.const 10)
  (func $twenty (type $t) i32.const 20)
  (table 2 funcref)
  (elem (i32.const 0) $ten $twenty)
  (func (export "via_t") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0)))
  (func (export "via_s") (param i32) (result i32)
    (call_indirect (type $s) (local.get 0))))
