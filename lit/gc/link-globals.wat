;; Linking a global of a defined struct or array type against an import of
;; an abstract type: the loader knows each type's form (w2s_func_type.form),
;; so a struct type passes for struct, eq and any, an array type for array,
;; and neither for the other (docs/abi.md, "Garbage collection").
;; RUN: rm -rf %t && mkdir -p %t && split-file %s %t
;; RUN: %wasm2so %t/lib.wat -o %t/lib.so
;; RUN: %wasm2so %t/good.wat -o %t/good.so
;; RUN: %wasmrun %t/lib.so %t/good.so --invoke sum | FileCheck %s --check-prefix=EIGHT
;; EIGHT: {{^}}8{{$}}
;; RUN: %wasm2so %t/array_as_struct.wat -o %t/array_as_struct.so
;; RUN: not %wasmrun %t/lib.so %t/array_as_struct.so 2>&1 | FileCheck %s --check-prefix=AS
;; AS: error: incompatible import type for lib.arr: expected (ref struct) global, got (ref type#{{[0-9a-f]+}}) global
;; RUN: %wasm2so %t/struct_as_array.wat -o %t/struct_as_array.so
;; RUN: not %wasmrun %t/lib.so %t/struct_as_array.so 2>&1 | FileCheck %s --check-prefix=SA
;; SA: error: incompatible import type for lib.st: expected (ref array) global, got (ref type#{{[0-9a-f]+}}) global

;--- lib.wat
(module
  (type $arr (array i8))
  (type $st (struct (field i32)))
  (global (export "arr") (ref $arr) (array.new_default $arr (i32.const 3)))
  (global (export "st") (ref $st) (struct.new $st (i32.const 5))))

;--- good.wat
(module
  (type $st (struct (field i32)))
  (import "lib" "arr" (global $a (ref array)))
  (import "lib" "st" (global $s (ref struct)))
  (import "lib" "st" (global $e (ref null eq)))
  (import "lib" "arr" (global $any anyref))
  (func (export "sum") (result i32)
    (i32.add (array.len (global.get $a))
             (struct.get $st 0 (ref.cast (ref $st) (global.get $e))))))

;--- array_as_struct.wat
(module
  (import "lib" "arr" (global (ref struct))))

;--- struct_as_array.wat
(module
  (import "lib" "st" (global (ref array))))
