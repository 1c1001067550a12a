;; The abstract heap types of GC: i31 references (unboxed: a shift, no
;; allocation), ref.eq, casts to abstract and to defined function types,
;; and the extern conversions, which box what the other hierarchy cannot
;; hold (docs/abi.md, "Garbage collection").
;; RUN: rm -rf %t && mkdir -p %t && split-file %s %t
;; RUN: %wasm2so %t/m.wat -o %t/m.so
;; RUN: %wasmrun %t/m.so --invoke get_s -1 | FileCheck %s --check-prefix=MINUS1
;; MINUS1: {{^}}-1{{$}}
;; RUN: %wasmrun %t/m.so --invoke get_u -1 | FileCheck %s --check-prefix=MAX31
;; MAX31: {{^}}2147483647{{$}}
;; The top bit is dropped: 0x40000000 is -2^30 as an i31.
;; RUN: %wasmrun %t/m.so --invoke get_s 1073741824 | FileCheck %s --check-prefix=MIN31
;; MIN31: {{^}}-1073741824{{$}}
;; RUN: not %wasmrun %t/m.so --invoke get_null 2>&1 | FileCheck %s --check-prefix=NULLI31
;; NULLI31: null i31 reference
;; RUN: %wasmrun %t/m.so --invoke eq 5 5 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t/m.so --invoke eq 5 6 | FileCheck %s --check-prefix=ZERO
;; ref.test of an i31 against i31, eq, any, struct, array, none: 1 1 1 0 0 0.
;; RUN: %wasmrun %t/m.so --invoke test_i31 0 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t/m.so --invoke test_i31 1 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t/m.so --invoke test_i31 2 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t/m.so --invoke test_i31 3 | FileCheck %s --check-prefix=ZERO
;; RUN: %wasmrun %t/m.so --invoke test_i31 4 | FileCheck %s --check-prefix=ZERO
;; RUN: %wasmrun %t/m.so --invoke test_i31 5 | FileCheck %s --check-prefix=ZERO
;; Null passes only a nullable target.
;; RUN: %wasmrun %t/m.so --invoke test_null_nullable | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t/m.so --invoke test_null | FileCheck %s --check-prefix=ZERO
;; ONE: {{^}}1{{$}}
;; ZERO: {{^}}0{{$}}
;; RUN: not %wasmrun %t/m.so --invoke cast_struct 2>&1 | FileCheck %s --check-prefix=CAST
;; CAST: cast failure
;; RUN: %wasmrun %t/m.so --invoke cast_eq 9 | FileCheck %s --check-prefix=NINE
;; NINE: {{^}}9{{$}}
;; br_on_cast takes the label for an i31, br_on_cast_fail for the rest.
;; RUN: %wasmrun %t/m.so --invoke classify 1 | FileCheck %s --check-prefix=I31
;; I31: {{^}}31{{$}}
;; RUN: %wasmrun %t/m.so --invoke classify 0 | FileCheck %s --check-prefix=OTHER
;; OTHER: {{^}}-1{{$}}
;; An i31 through externref (boxed there) and back is the same reference;
;; null stays null. (Host references boxed as anyref: the spec suite's
;; extern.wast, which passes ref.extern arguments.)
;; RUN: %wasmrun %t/m.so --invoke roundtrip 77 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t/m.so --invoke null_roundtrip | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t/m.so --invoke extern_not_null 5 | FileCheck %s --check-prefix=ZERO
;; Constant expressions: a global initialized with ref.i31.
;; RUN: %wasmrun %t/m.so --invoke global_i31 | FileCheck %s --check-prefix=FORTYTWO
;; FORTYTWO: {{^}}42{{$}}
;; Results of the any hierarchy print as what they are.
;; RUN: %wasmrun %t/m.so --invoke make 12 | FileCheck %s --check-prefix=PRINT
;; PRINT: {{^}}ref.i31 12{{$}}
;; Casts to a defined function type read the funcref's hash, then its
;; supertype display when the type is not final.
;; RUN: %wasmrun %t/m.so --invoke func_test 0 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t/m.so --invoke func_test 1 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t/m.so --invoke func_test 2 | FileCheck %s --check-prefix=ZERO
;; ref.i31 and i31.get are arithmetic, no runtime call.
;; RUN: %wasm2so %t/m.wat --emit-llvm -o %t/m.ll
;; RUN: FileCheck %s --check-prefix=IR < %t/m.ll
;; IR-LABEL: define {{.*}} @wasm_f{{[0-9]+}}_get_s(
;; IR-NOT: call
;; IR: ashr exact i32
;; IR: ret i32

;--- m.wat
(module
  (type $t (sub (func)))
  (type $s (sub $t (func)))
  (type $u (func))
  (func $fs (type $s))
  (func $fu (type $u))
  (elem declare func $fs $fu)
  (global $g anyref (ref.i31 (i32.const 42)))
  (func (export "get_s") (param i32) (result i32)
    (i31.get_s (ref.i31 (local.get 0))))
  (func (export "get_u") (param i32) (result i32)
    (i31.get_u (ref.i31 (local.get 0))))
  (func (export "get_null") (result i32)
    (i31.get_u (ref.null i31)))
  (func (export "eq") (param i32 i32) (result i32)
    (ref.eq (ref.i31 (local.get 0)) (ref.i31 (local.get 1))))
  (func (export "test_i31") (param i32) (result i32)
    (local $r anyref)
    (local.set $r (ref.i31 (i32.const 3)))
    (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $b3 $b4 $b5 (local.get 0)))
      (return (ref.test (ref i31) (local.get $r))))
      (return (ref.test (ref eq) (local.get $r))))
      (return (ref.test (ref any) (local.get $r))))
      (return (ref.test (ref struct) (local.get $r))))
      (return (ref.test (ref array) (local.get $r))))
    (ref.test (ref none) (local.get $r)))
  (func (export "test_null_nullable") (result i32)
    (ref.test (ref null struct) (ref.null any)))
  (func (export "test_null") (result i32)
    (ref.test (ref struct) (ref.null any)))
  (func (export "cast_struct") (result i32)
    (ref.is_null (ref.cast (ref struct) (ref.i31 (i32.const 1)))))
  (func (export "cast_eq") (param i32) (result i32)
    (i31.get_s (ref.cast (ref i31) (ref.cast (ref eq) (ref.i31 (local.get 0))))))
  (func (export "classify") (param i32) (result i32)
    (local $r anyref)
    (if (local.get 0)
      (then (local.set $r (ref.i31 (i32.const 31))))
      (else (local.set $r (any.convert_extern (ref.null extern)))))
    (block $is (result (ref i31))
      (br_on_cast $is anyref (ref i31) (local.get $r))
      (drop)
      (return (i32.const -1)))
    (i31.get_u))
  (func (export "roundtrip") (param i32) (result i32)
    (local $r (ref i31))
    (local.set $r (ref.i31 (local.get 0)))
    (ref.eq (local.get $r)
      (ref.cast (ref i31) (any.convert_extern (extern.convert_any (local.get $r))))))
  (func (export "null_roundtrip") (result i32)
    (ref.is_null (any.convert_extern (extern.convert_any (ref.null any)))))
  (func (export "extern_not_null") (param i32) (result i32)
    (ref.is_null (extern.convert_any (ref.i31 (local.get 0)))))
  (func (export "global_i31") (result i32)
    (i31.get_s (ref.cast i31ref (global.get $g))))
  (func (export "make") (param i32) (result anyref)
    (ref.i31 (local.get 0)))
  (func (export "func_test") (param i32) (result i32)
    (local $f funcref)
    (local.set $f (ref.func $fs))
    (if (i32.eq (local.get 0) (i32.const 2)) (then (local.set $f (ref.func $fu))))
    (if (i32.eq (local.get 0) (i32.const 1))
      (then (return (ref.test (ref $s) (local.get $f)))))
    (ref.test (ref $t) (local.get $f)))
)
