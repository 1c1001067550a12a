;; Arrays from segments (array.new_data, array.new_elem, array.init_data,
;; array.init_elem: runtime builtins that read the instance's segments,
;; rt/GcSegments.cpp) and GC constructors in constant expressions (the
;; runtime makes the objects at instantiation from the layout the compiler
;; writes into the descriptor; docs/abi.md, "GC constructors in constant
;; expressions").
;; RUN: rm -rf %t && mkdir -p %t && split-file %s %t
;; RUN: %wasm2so %t/m.wat -o %t/m.so
;; Data bytes are read little-endian, unaligned, at the element's size.
;; RUN: %wasmrun %t/m.so --invoke new_data_i16 1 | FileCheck %s --check-prefix=I16
;; I16: {{^}}8721{{$}}
;; RUN: %wasmrun %t/m.so --invoke new_data_len 2 3 | FileCheck %s --check-prefix=THREE
;; THREE: {{^}}3{{$}}
;; RUN: not %wasmrun %t/m.so --invoke new_data_len 1 5 2>&1 | FileCheck %s --check-prefix=MEM
;; A dropped segment is empty: only a range of length 0 at 0 stays in it.
;; RUN: %wasmrun %t/m.so --invoke init_data_dropped 0 | FileCheck %s --check-prefix=ZERO
;; RUN: not %wasmrun %t/m.so --invoke init_data_dropped 1 2>&1 | FileCheck %s --check-prefix=MEM
;; MEM: out of bounds memory access
;; The array's range is checked before the segment's.
;; RUN: not %wasmrun %t/m.so --invoke init_data 3 4 2 2>&1 | FileCheck %s --check-prefix=ARR
;; ARR: out of bounds array access
;; RUN: %wasmrun %t/m.so --invoke init_data 1 1 2 | FileCheck %s --check-prefix=INIT
;; INIT: {{^}}17459{{$}}
;; RUN: not %wasmrun %t/m.so --invoke init_data_null 2>&1 | FileCheck %s --check-prefix=NULL
;; NULL: null array reference
;; Element segments: funcrefs, called through the array.
;; RUN: %wasmrun %t/m.so --invoke call_nth 1 2 | FileCheck %s --check-prefix=TWENTY
;; TWENTY: {{^}}20{{$}}
;; RUN: not %wasmrun %t/m.so --invoke call_nth 0 3 2>&1 | FileCheck %s --check-prefix=TABLE
;; TABLE: out of bounds table access
;; RUN: %wasmrun %t/m.so --invoke init_elem | FileCheck %s --check-prefix=THIRTY
;; THIRTY: {{^}}30{{$}}
;; Constant expressions: a global struct with packed, float and reference
;; fields, nested constructors, extended arithmetic on the operands.
;; RUN: %wasmrun %t/m.so --invoke global_struct | FileCheck %s --check-prefix=GS
;; GS: {{^}}-1{{$}}
;; GS-NEXT: {{^}}65535{{$}}
;; GS-NEXT: {{^}}2.5{{$}}
;; GS-NEXT: {{^}}42{{$}}
;; RUN: %wasmrun %t/m.so --invoke global_arrays | FileCheck %s --check-prefix=GA
;; GA: {{^}}7{{$}}
;; GA-NEXT: {{^}}7{{$}}
;; GA-NEXT: {{^}}0{{$}}
;; GA-NEXT: {{^}}3{{$}}
;; GA-NEXT: {{^}}250{{$}}
;; Element items and table initializers that make objects.
;; RUN: %wasmrun %t/m.so --invoke elem_items | FileCheck %s --check-prefix=EI
;; EI: {{^}}11{{$}}
;; EI-NEXT: {{^}}22{{$}}
;; EI-NEXT: {{^}}4{{$}}
;; ZERO: {{^}}0{{$}}
;; The instructions are builtin calls, as memory.init is.
;; RUN: %wasm2so %t/m.wat --emit-llvm -o %t/m.ll
;; RUN: FileCheck %s --check-prefix=IR < %t/m.ll
;; IR: @w2s.gc_layout
;; IR-LABEL: define {{.*}} @wasm_f{{[0-9]+}}_new_data_len(
;; IR: call ptr %builtin(ptr %vmctx, ptr {{.*}}@w2s.gctype.{{[0-9]+}}, i32 0, i32 %0, i32 %1, i32 1)

;--- m.wat
(module
  (type $bytes (array (mut i8)))
  (type $shorts (array (mut i16)))
  (type $fn (func (result i32)))
  (type $fns (array (mut funcref)))
  (type $inner (struct (field i32)))
  (type $s (struct (field i8) (field i16) (field f64) (field (ref $inner))))
  (type $big (array (mut i64)))

  (data $d "\10\11\22\33\44")
  (data $gone "xyz")
  (elem $e func $ten $twenty)
  (func $ten (type $fn) (i32.const 10))
  (func $twenty (type $fn) (i32.const 20))

  (global $gs (ref $s)
    (struct.new $s (i32.const 0xff) (i32.const 0x1ffff) (f64.const 2.5)
      (struct.new $inner (i32.add (i32.const 40) (i32.const 2)))))
  (global $fixed (ref $bytes) (array.new_fixed $bytes 3 (i32.const 1) (i32.const 2) (i32.const 250)))
  (global $filled (ref $big) (array.new $big (i64.const 7) (i32.mul (i32.const 2) (i32.const 3))))
  (global $zeros (ref $big) (array.new_default $big (i32.const 4)))

  (table $objs 3 (ref null $inner) (struct.new $inner (i32.const 4)))
  (elem $items (ref $inner) (item (struct.new $inner (i32.const 11)))
                            (item (struct.new $inner (i32.const 22))))

  (func (export "new_data_i16") (param i32) (result i32)
    (array.get_u $shorts (array.new_data $shorts $d (local.get 0) (i32.const 2))
                 (i32.const 0)))
  (func (export "new_data_len") (param i32 i32) (result i32)
    (array.len (array.new_data $bytes $d (local.get 0) (local.get 1))))
  (func (export "init_data_dropped") (param i32) (result i32)
    (data.drop $gone)
    (array.init_data $bytes $gone (array.new_default $bytes (i32.const 4))
                     (i32.const 0) (i32.const 0) (local.get 0))
    (i32.const 0))
  (func (export "init_data") (param i32 i32 i32) (result i32)
    (local $a (ref $shorts))
    (local.set $a (array.new_default $shorts (i32.const 4)))
    (array.init_data $shorts $d (local.get $a) (local.get 0) (local.get 1) (local.get 2))
    (array.get_u $shorts (local.get $a) (i32.const 2)))
  (func (export "init_data_null")
    (array.init_data $bytes $d (ref.null $bytes) (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "call_nth") (param i32 i32) (result i32)
    (call_ref $fn (ref.cast (ref $fn)
      (array.get $fns (array.new_elem $fns $e (i32.const 0) (local.get 1))
                      (local.get 0)))))
  (func (export "init_elem") (result i32)
    (local $a (ref $fns))
    (local.set $a (array.new_default $fns (i32.const 3)))
    (array.init_elem $fns $e (local.get $a) (i32.const 1) (i32.const 0) (i32.const 2))
    (i32.add
      (call_ref $fn (ref.cast (ref $fn) (array.get $fns (local.get $a) (i32.const 1))))
      (call_ref $fn (ref.cast (ref $fn) (array.get $fns (local.get $a) (i32.const 2))))))
  (func (export "global_struct") (result i32 i32 f64 i32)
    (struct.get_s $s 0 (global.get $gs))
    (struct.get_u $s 1 (global.get $gs))
    (struct.get $s 2 (global.get $gs))
    (struct.get $inner 0 (struct.get $s 3 (global.get $gs))))
  (func (export "global_arrays") (result i64 i64 i64 i32 i32)
    (array.get $big (global.get $filled) (i32.const 5))
    (array.get $big (global.get $filled) (i32.const 0))
    (array.get $big (global.get $zeros) (i32.const 3))
    (array.len (global.get $fixed))
    (array.get_u $bytes (global.get $fixed) (i32.const 2)))
  (func (export "elem_items") (result i32 i32 i32)
    (table.init $objs $items (i32.const 1) (i32.const 0) (i32.const 2))
    (struct.get $inner 0 (ref.as_non_null (table.get $objs (i32.const 1))))
    (struct.get $inner 0 (ref.as_non_null (table.get $objs (i32.const 2))))
    (struct.get $inner 0 (ref.as_non_null (table.get $objs (i32.const 0))))))
