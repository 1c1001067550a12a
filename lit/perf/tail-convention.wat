;; Only functions a tail call may reach or leave keep swifttailcc (docs/
;; abi.md, "Tail calls"). A function that no funcref reaches and that
;; neither makes nor receives a return_call takes swiftcc, under which the
;; vmctx register is callee-saved, and so do all its calls. An export, an
;; element of an exported table, a ref.func target, the start function, a
;; return_call target and a function that tail-calls keep swifttailcc
;; (elements of private tables: table-convention.wat). At -O0 they take
;; the C convention instead, whose calls and returns LLVM's fast
;; instruction selector takes (the vmctx is callee-saved there too).
;; RUN: %wasm2so %s --emit-llvm -O0 -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: %wasm2so %s --emit-llvm -O2 -o %t2.ll
;; RUN: FileCheck %s --check-prefix=O2 < %t2.ll
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke run 30 | FileCheck %s --check-prefix=RUN-OUT
;; RUN: %wasmrun %t.so --invoke viaTable 5 | FileCheck %s --check-prefix=TABLE
(module
  (table (export "table") 1 funcref)
  (elem (i32.const 0) func $inTable)
  (global $g funcref (ref.func $byRefFunc))
  (start $start)
  (func $start)
  ;; Reached by direct calls only.
  (func $direct (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $direct (i32.sub (local.get 0) (i32.const 1)))
                     (call $direct (i32.sub (local.get 0) (i32.const 2)))))))
  (func $tailTarget (param i32) (result i32) (i32.add (local.get 0) (i32.const 7)))
  (func $tailCaller (param i32) (result i32)
    (return_call $tailTarget (call $direct (local.get 0))))
  (func $inTable (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func $byRefFunc (param i32) (result i32) (local.get 0))
  (func (export "run") (param i32) (result i32)
    (call $tailCaller (local.get 0)))
  (func (export "viaTable") (param i32) (result i32)
    (i32.add (call $byRefFunc (local.get 0))
             (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0))))
)
;; CHECK-DAG: define internal swifttailcc void @wasm_f0_start(
;; CHECK-DAG: define internal i32 @wasm_f1_direct(ptr swiftself %vmctx,
;; CHECK-DAG: notail call i32 @wasm_f1_direct(ptr swiftself %vmctx,
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f2_tailTarget(
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f3_tailCaller(
;; CHECK-DAG: musttail call swifttailcc i32 @wasm_f2_tailTarget(
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f4_inTable(
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f5_byRefFunc(
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f6_run(
;; CHECK-DAG: define internal swifttailcc i32 @wasm_f7_viaTable(
;; CHECK-NOT: swiftcc {{.*}}@wasm_f{{[02-7]}}_
;; O2-DAG: define internal swifttailcc void @wasm_f0_start(
;; O2-DAG: define internal swiftcc i32 @wasm_f1_direct(
;; O2-DAG: notail call swiftcc i32 @wasm_f1_direct(
;; O2-DAG: define internal swifttailcc i32 @wasm_f4_inTable(
;; O2-DAG: define internal swifttailcc i32 @wasm_f5_byRefFunc(
;; O2-DAG: define internal swifttailcc i32 @wasm_f6_run(
;; O2-DAG: define internal swifttailcc i32 @wasm_f7_viaTable(
;; RUN-OUT: 832047
;; TABLE: 20
