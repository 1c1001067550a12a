;; call_indirect through a private table whose element segments have
;; constant offsets: its contents are known when compiling, so the runtime's
;; table is never read (docs/abi.md). The slots holding a function of the
;; expected type are checked with one range check when they are contiguous
;; (which is also the bounds check) and the callee comes from a constant
;; array of code pointers; otherwise a bounds check and the slot's hash from
;; a constant array. Every way to trap still traps as it must.
;; RUN: %wasm2so %s --emit-llvm --disable-llvm-passes -o %t0.ll
;; RUN: FileCheck %s --check-prefix=LOWERED < %t0.ll
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke dispatch 1 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t.so --invoke dispatch 3 | FileCheck %s --check-prefix=THREE
;; RUN: not %wasmrun %t.so --invoke dispatch 0 2>&1 | FileCheck %s --check-prefix=UNINIT
;; RUN: not %wasmrun %t.so --invoke dispatch 4 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; RUN: not %wasmrun %t.so --invoke dispatch 5 2>&1 | FileCheck %s --check-prefix=UNINIT
;; RUN: not %wasmrun %t.so --invoke dispatch 6 2>&1 | FileCheck %s --check-prefix=UNDEF
;; RUN: not %wasmrun %t.so --invoke dispatch -1 2>&1 | FileCheck %s --check-prefix=UNDEF
;; RUN: %wasmrun %t.so --invoke mixed 0 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t.so --invoke mixed 2 | FileCheck %s --check-prefix=THREE
;; RUN: not %wasmrun %t.so --invoke mixed 1 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; RUN: not %wasmrun %t.so --invoke mixed 3 2>&1 | FileCheck %s --check-prefix=UNINIT
;; RUN: not %wasmrun %t.so --invoke mixed 4 2>&1 | FileCheck %s --check-prefix=UNINIT
;; RUN: not %wasmrun %t.so --invoke mixed 5 2>&1 | FileCheck %s --check-prefix=UNDEF
;; A large module at -O0 (here cut into parts by --part-size) takes the
;; general path through the runtime's table instead (LowerControl.cpp,
;; callIndirect: each part would hold a copy of the arrays), with the same
;; traps: no slot or callee is read from a constant array of the .so.
;; RUN: %wasm2so -O0 --part-size 8 %s -o %t0.so
;; RUN: llvm-objdump -d --no-show-raw-insn %t0.so | FileCheck %s --check-prefix=PARTS
;; RUN: %wasmrun %t0.so --invoke dispatch 1 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t0.so --invoke dispatch 3 | FileCheck %s --check-prefix=THREE
;; RUN: not %wasmrun %t0.so --invoke dispatch 0 2>&1 | FileCheck %s --check-prefix=UNINIT
;; RUN: not %wasmrun %t0.so --invoke dispatch 4 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; RUN: not %wasmrun %t0.so --invoke dispatch 5 2>&1 | FileCheck %s --check-prefix=UNINIT
;; RUN: not %wasmrun %t0.so --invoke dispatch 6 2>&1 | FileCheck %s --check-prefix=UNDEF
;; RUN: not %wasmrun %t0.so --invoke dispatch -1 2>&1 | FileCheck %s --check-prefix=UNDEF
;; RUN: %wasmrun %t0.so --invoke mixed 0 | FileCheck %s --check-prefix=ONE
;; RUN: %wasmrun %t0.so --invoke mixed 2 | FileCheck %s --check-prefix=THREE
;; RUN: not %wasmrun %t0.so --invoke mixed 1 2>&1 | FileCheck %s --check-prefix=MISMATCH
;; RUN: not %wasmrun %t0.so --invoke mixed 3 2>&1 | FileCheck %s --check-prefix=UNINIT
;; RUN: not %wasmrun %t0.so --invoke mixed 5 2>&1 | FileCheck %s --check-prefix=UNDEF
;; A whole module at -O0 keeps the arrays.
;; RUN: %wasm2so -O0 %s -o %t1.so
;; RUN: llvm-objdump -d --no-show-raw-insn %t1.so | FileCheck %s --check-prefix=WHOLE
;; RUN: %wasmrun %t1.so --invoke dispatch 3 | FileCheck %s --check-prefix=THREE
(module
  (type $op (func (param i32) (result i32)))
  ;; The shape clang gives a table of function pointers: slot 0 null, the
  ;; handlers from slot 1 on; one slot of another type, one null at the end.
  (table $handlers 6 funcref)
  (elem (table $handlers) (i32.const 1) func $inc $double $triple $other)
  ;; A table whose slots of type $op are not contiguous.
  (table $mixed 5 funcref)
  (elem (table $mixed) (i32.const 0) func $inc $other $triple)
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $triple (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func $other (result i32) (i32.const 0))
  (func (export "dispatch") (param i32) (result i32)
    (call_indirect $handlers (type $op) (i32.const 10) (local.get 0)))
  (func (export "mixed") (param i32) (result i32)
    (call_indirect $mixed (type $op) (i32.const 10) (local.get 0))))

;; As lowered: the constant arrays, and the checks.
;; LOWERED-DAG: @w2s.table0.code = private unnamed_addr constant [6 x ptr] [ptr null, ptr @wasm_f0_inc, ptr @wasm_f1_double, ptr @wasm_f2_triple, ptr @wasm_f3_other, ptr null]
;; LOWERED-DAG: @w2s.table1.code = private unnamed_addr constant [5 x ptr] [ptr @wasm_f0_inc, ptr @wasm_f3_other, ptr @wasm_f2_triple, ptr null, ptr null]
;; LOWERED-DAG: @w2s.table1.hashes = private unnamed_addr constant [5 x i64] [i64 [[OP:-?[0-9]+]], i64 {{-?[0-9]+}}, i64 [[OP]], i64 0, i64 0]
;; Slots 1 to 3: index - 1 < 3 is the only check before the call.
;; LOWERED-LABEL: define internal {{.*}}@wasm_f4_dispatch(
;; LOWERED: %[[I:[0-9]+]] = sub i32 %{{[0-9]+}}, 1
;; LOWERED-NEXT: %in.range = icmp ult i32 %[[I]], 3
;; LOWERED-NEXT: br i1 %in.range, label %call_indirect.call, label %call_indirect.bad
;; LOWERED: call_indirect.call:
;; LOWERED: getelementptr inbounds [6 x ptr], ptr @w2s.table0.code
;; LOWERED: %elem.code = load ptr
;; LOWERED-NEXT: call {{.*}}i32 %elem.code(ptr {{.*}}%vmctx, i32 10)
;; Slots 0 and 2: the bounds check, then the slot's hash.
;; LOWERED-LABEL: define internal {{.*}}@wasm_f5_mixed(
;; LOWERED: %oob = icmp uge i32 %{{[0-9]+}}, 5
;; LOWERED: getelementptr inbounds [5 x i64], ptr @w2s.table1.hashes
;; LOWERED: %sig.ok = icmp eq i64 %elem.hash, [[OP]]

;; Optimized: no load from the runtime's table.
;; CHECK-LABEL: define internal {{.*}}@wasm_f4_dispatch(
;; CHECK-NOT: %table
;; CHECK: @w2s.table0.code
;; CHECK-NOT: %table
;; CHECK-LABEL: define internal {{.*}}@wasm_f5_mixed(
;; CHECK-NOT: %table
;; CHECK: @w2s.table1.code
;; CHECK-NOT: %table
;; CHECK-LABEL: define

;; ONE: {{^}}11{{$}}
;; THREE: {{^}}30{{$}}
;; UNINIT: error: trap: uninitialized element
;; UNDEF: error: trap: undefined element
;; MISMATCH: error: trap: indirect call type mismatch

;; PARTS-LABEL: <wasm_f4_dispatch>:
;; PARTS-NOT:   (%rip)
;; PARTS-LABEL: <wasm_f5_mixed>:
;; PARTS-NOT:   (%rip)
;; PARTS:       {{^$}}
;; WHOLE-LABEL: <wasm_f4_dispatch>:
;; WHOLE:       leaq {{.*}}(%rip)
;; WHOLE:       callq *(%r{{[a-z0-9]+}},%r{{[a-z0-9]+}},8)
