;; Structs and arrays: made by the runtime (struct_new, array_new), read
;; and written by compiled code at the offsets the compiler lays out
;; (natural alignment, i8/i16 stored narrow), cast by their type's
;; canonical id and supertype display, across modules too (docs/abi.md,
;; "Garbage collection").
;; RUN: rm -rf %t && mkdir -p %t && split-file %s %t
;; RUN: %wasm2so %t/m.wat -o %t/m.so
;; RUN: %wasmrun %t/m.so --invoke point 3 4 | FileCheck %s --check-prefix=SEVEN
;; SEVEN: {{^}}7{{$}}
;; Packed fields keep 8 or 16 bits; get_s extends the sign, get_u not.
;; RUN: %wasmrun %t/m.so --invoke packed_s 255 | FileCheck %s --check-prefix=MINUS1
;; MINUS1: {{^}}-1{{$}}
;; RUN: %wasmrun %t/m.so --invoke packed_u 65535 | FileCheck %s --check-prefix=U16
;; U16: {{^}}65535{{$}}
;; RUN: %wasmrun %t/m.so --invoke set_get 1.5 | FileCheck %s --check-prefix=F64
;; F64: {{^}}1.5{{$}}
;; RUN: not %wasmrun %t/m.so --invoke null_struct 2>&1 | FileCheck %s --check-prefix=NULLS
;; NULLS: null structure reference
;; Arrays: new (filled), new_fixed, get, set, len, fill, copy (overlapping).
;; RUN: %wasmrun %t/m.so --invoke sum_new 5 10 | FileCheck %s --check-prefix=FIFTY
;; FIFTY: {{^}}50{{$}}
;; RUN: %wasmrun %t/m.so --invoke fixed 2 | FileCheck %s --check-prefix=THIRTY
;; THIRTY: {{^}}30{{$}}
;; RUN: %wasmrun %t/m.so --invoke len 17 | FileCheck %s --check-prefix=SEVENTEEN
;; SEVENTEEN: {{^}}17{{$}}
;; RUN: %wasmrun %t/m.so --invoke copy_overlap | FileCheck %s --check-prefix=COPY
;; COPY: {{^}}1123{{$}}
;; RUN: not %wasmrun %t/m.so --invoke get_oob 3 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t/m.so --invoke fill_oob 2>&1 | FileCheck %s --check-prefix=OOB
;; OOB: out of bounds array access
;; RUN: not %wasmrun %t/m.so --invoke null_array 2>&1 | FileCheck %s --check-prefix=NULLA
;; NULLA: null array reference
;; Casts: a struct is a struct and eq, not an array; a subtype passes for
;; its supertype, not the other way; an i31 is no struct.
;; RUN: %wasmrun %t/m.so --invoke casts | FileCheck %s --check-prefix=CASTS
;; CASTS: {{^}}110100{{$}}
;; RUN: %wasmrun %t/m.so --invoke make_struct | FileCheck %s --check-prefix=STRUCT
;; STRUCT: {{^}}ref.struct 0x
;; Another module with the same type (its own index) casts our objects.
;; RUN: %wasm2so %t/other.wat -o %t/other.so
;; RUN: %wasmrun %t/m.so %t/other.so --invoke same_type | FileCheck %s --check-prefix=ONE
;; ONE: {{^}}1{{$}}

;--- m.wat
(module
  (type $point (struct (field $x i32) (field $y (mut i32))))
  (type $packed (struct (field $b (mut i8)) (field $h (mut i16)) (field $d (mut f64))))
  (type $base (sub (struct (field i32))))
  (type $derived (sub $base (struct (field i32) (field i64))))
  (type $ints (array (mut i32)))
  (func (export "point") (param i32 i32) (result i32)
    (local $p (ref $point))
    (local.set $p (struct.new $point (local.get 0) (i32.const 0)))
    (struct.set $point $y (local.get $p) (local.get 1))
    (i32.add (struct.get $point $x (local.get $p)) (struct.get $point 1 (local.get $p))))
  (func (export "packed_s") (param i32) (result i32)
    (local $p (ref $packed))
    (local.set $p (struct.new_default $packed))
    (struct.set $packed $b (local.get $p) (local.get 0))
    (struct.get_s $packed $b (local.get $p)))
  (func (export "packed_u") (param i32) (result i32)
    (local $p (ref $packed))
    (local.set $p (struct.new_default $packed))
    (struct.set $packed $h (local.get $p) (local.get 0))
    (struct.get_u $packed $h (local.get $p)))
  (func (export "set_get") (param f64) (result f64)
    (local $p (ref $packed))
    (local.set $p (struct.new_default $packed))
    (struct.set $packed $d (local.get $p) (local.get 0))
    (struct.get $packed $d (local.get $p)))
  (func (export "null_struct") (result i32)
    (struct.get $point $x (ref.null $point)))
  (func (export "sum_new") (param i32 i32) (result i32)
    (local $a (ref $ints)) (local $i i32) (local $s i32)
    (local.set $a (array.new $ints (local.get 1) (local.get 0)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (array.len (local.get $a))))
        (local.set $s (i32.add (local.get $s) (array.get $ints (local.get $a) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))
  (func (export "fixed") (param i32) (result i32)
    (array.get $ints (array.new_fixed $ints 3 (i32.const 10) (i32.const 20) (i32.const 30))
                     (local.get 0)))
  (func (export "len") (param i32) (result i32)
    (array.len (array.new_default $ints (local.get 0))))
  (func (export "copy_overlap") (result i32)
    (local $a (ref $ints))
    (local.set $a (array.new_fixed $ints 4 (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)))
    (array.copy $ints $ints (local.get $a) (i32.const 1) (local.get $a) (i32.const 0) (i32.const 3))
    (i32.add
      (i32.add (i32.mul (array.get $ints (local.get $a) (i32.const 0)) (i32.const 1000))
               (i32.mul (array.get $ints (local.get $a) (i32.const 1)) (i32.const 100)))
      (i32.add (i32.mul (array.get $ints (local.get $a) (i32.const 2)) (i32.const 10))
               (array.get $ints (local.get $a) (i32.const 3)))))
  (func (export "get_oob") (param i32) (result i32)
    (array.get $ints (array.new_default $ints (i32.const 3)) (local.get 0)))
  (func (export "fill_oob")
    (array.fill $ints (array.new_default $ints (i32.const 3)) (i32.const 2) (i32.const 7) (i32.const 2)))
  (func (export "null_array") (result i32)
    (array.len (ref.null $ints)))
  (func (export "casts") (result i32)
    (local $s anyref) (local $d anyref)
    (local.set $s (struct.new $base (i32.const 1)))
    (local.set $d (struct.new $derived (i32.const 1) (i64.const 2)))
    (i32.add (i32.mul (ref.test (ref struct) (local.get $s)) (i32.const 100000))
    (i32.add (i32.mul (ref.test (ref eq) (local.get $s)) (i32.const 10000))
    (i32.add (i32.mul (ref.test (ref array) (local.get $s)) (i32.const 1000))
    (i32.add (i32.mul (ref.test (ref $base) (local.get $d)) (i32.const 100))
    (i32.add (i32.mul (ref.test (ref $derived) (local.get $s)) (i32.const 10))
             (ref.test (ref $base) (ref.i31 (i32.const 0)))))))))
  (func (export "make_struct") (result anyref)
    (struct.new $point (i32.const 1) (i32.const 2)))
  (func (export "make_base") (result anyref)
    (struct.new $base (i32.const 5)))
)

;--- other.wat
(module
  (type $b (sub (struct (field i32))))
  (import "m" "make_base" (func $make (result anyref)))
  (func (export "same_type") (result i32)
    (ref.test (ref $b) (call $make)))
)
