;; The functions of a sealed private table take swiftcc with every call
;; through the table's constant array (compiler/Optimize.cpp,
;; docs/abi.md "Tail calls"): the table is private, its contents are known,
;; and nothing reads its runtime entries (no table.get, no table.copy from
;; it), so those calls are the only indirect calls that reach its
;; functions. A table read otherwise, a function also reached another way
;; (exported, ref.func in a body, a return_call target) and a
;; return_call_indirect through the table keep the whole table's functions
;; and calls swifttailcc. (-O0 gives the C convention instead of swiftcc,
;; for its fast instruction selector: tail-convention.wat.)
;; RUN: %wasm2so %s --emit-llvm -O0 -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; From -O1 on, the i32 parameters of the swiftcc functions are i64 whose
;; upper half is zero, and their calls zero-extend (compiler/Optimize.cpp).
;; RUN: %wasm2so %s --emit-llvm -O2 -o %t2.ll
;; RUN: FileCheck %s --check-prefix=WIDE < %t2.ll
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke sealed 2 | FileCheck %s --check-prefix=SEALED
;; RUN: %wasmrun %t.so --invoke read 0 | FileCheck %s --check-prefix=READ
;; RUN: %wasmrun %t.so --invoke exported 1 | FileCheck %s --check-prefix=EXPORTED
;; RUN: %wasmrun %t.so --invoke referenced 1 | FileCheck %s --check-prefix=REFERENCED
;; RUN: %wasmrun %t.so --invoke tail 0 | FileCheck %s --check-prefix=TAIL
;; RUN: not %wasmrun %t.so --invoke sealed 0 2>&1 | FileCheck %s --check-prefix=UNINIT
;; RUN: not %wasmrun %t.so --invoke sealed 3 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; RUN: not %wasmrun %t.so --invoke sealed 9 2>&1 | FileCheck %s --check-prefix=UNDEF
(module
  (type $op (func (param i32) (result i32)))
  ;; Sealed: slot 0 null, two handlers, one of another type.
  (table $sealed 4 funcref)
  (elem (table $sealed) (i32.const 1) func $inc $double $other)
  ;; Read by table.get.
  (table $read 1 funcref)
  (elem (table $read) (i32.const 0) func $readOne)
  ;; One of its functions is exported.
  (table $exported 2 funcref)
  (elem (table $exported) (i32.const 0) func $expA $expB)
  ;; One of its functions is named by a ref.func in a body.
  (table $referenced 2 funcref)
  (elem (table $referenced) (i32.const 0) func $refA $refB)
  ;; Called through by return_call_indirect.
  (table $tail 1 funcref)
  (elem (table $tail) (i32.const 0) func $tailOne)
  (func $inc (type $op) (i32.add (local.get 0) (i32.const 1)))
  (func $double (type $op) (i32.mul (local.get 0) (i32.const 2)))
  (func $other (result i32) (i32.const 0))
  (func $readOne (type $op) (i32.add (local.get 0) (i32.const 100)))
  (func $expA (type $op) (i32.add (local.get 0) (i32.const 200)))
  (func $expB (export "expB") (type $op) (i32.add (local.get 0) (i32.const 300)))
  (func $refA (type $op) (i32.add (local.get 0) (i32.const 400)))
  (func $refB (type $op) (i32.add (local.get 0) (i32.const 500)))
  (func $tailOne (type $op) (i32.add (local.get 0) (i32.const 600)))
  (func (export "sealed") (param i32) (result i32)
    (call_indirect $sealed (type $op) (i32.const 10) (local.get 0)))
  (func (export "read") (param i32) (result i32)
    (drop (table.get $read (i32.const 0)))
    (call_indirect $read (type $op) (i32.const 10) (local.get 0)))
  (func (export "exported") (param i32) (result i32)
    (call_indirect $exported (type $op) (i32.const 10) (local.get 0)))
  (func (export "referenced") (param i32) (result i32)
    (drop (ref.func $refA))
    (call_indirect $referenced (type $op) (i32.const 10) (local.get 0)))
  (func (export "tail") (param i32) (result i32)
    (return_call_indirect $tail (type $op) (i32.const 10) (local.get 0)))
)
;; CHECK-DAG: define internal i32 @wasm_f0_inc(ptr swiftself %vmctx,
;; CHECK-DAG: define internal i32 @wasm_f1_double(ptr swiftself %vmctx,
;; CHECK-DAG: define internal i32 @wasm_f2_other(ptr swiftself %vmctx)
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f3_readOne(
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f4_expA(
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f6_refA(
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f7_refB(
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f8_tailOne(
;; The calls: swiftcc through the sealed table only.
;; CHECK-LABEL: define internal swifttailcc i32 @wasm_f9_sealed(
;; CHECK: call i32 %elem.code(ptr swiftself %vmctx,
;; CHECK-LABEL: define internal swifttailcc i32 @wasm_f10_read(
;; CHECK: call swifttailcc i32 %
;; CHECK-LABEL: define internal swifttailcc i32 @wasm_f11_exported(
;; CHECK: call swifttailcc i32 %elem.code(
;; CHECK-LABEL: define internal swifttailcc i32 @wasm_f12_referenced(
;; CHECK: call swifttailcc i32 %elem.code(
;; CHECK-LABEL: define internal swifttailcc i32 @wasm_f13_tail(
;; CHECK: musttail call swifttailcc i32 %elem.code(
;; WIDE-DAG: define internal swiftcc i32 @wasm_f1_double(
;; WIDE-DAG: define internal swiftcc noundef i32 @wasm_f2_other(
;; WIDE-DAG: define internal swiftcc i32 @wasm_f0_inc(ptr {{.*}}swiftself %vmctx, i64 range(i64 0, 4294967296) %
;; WIDE-DAG: define internal swifttailcc i32 @wasm_f3_readOne(ptr {{.*}}swiftself %vmctx, i32 %
;; WIDE-DAG: call swiftcc i32 %elem.code(ptr {{.*}}swiftself %vmctx, i64 10)
;; SEALED: {{^}}20{{$}}
;; READ: {{^}}110{{$}}
;; EXPORTED: {{^}}310{{$}}
;; REFERENCED: {{^}}510{{$}}
;; TAIL: {{^}}610{{$}}
;; UNINIT: error: trap: uninitialized element
;; MISMATCH: error: trap: indirect call type mismatch
;; UNDEF: error: trap: undefined element
