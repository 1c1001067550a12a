;; The stack check does not count among a function's memory effects
;; (docs/abi.md, "Traps"): the stack pointer is read by a call that reads no
;; memory, the limit and the trap builtin are loaded as constant memory and
;; the stack trap's call is marked, so that the optimizer treats it as
;; memory(none) while its passes run. So a wasm function that reads and
;; writes nothing is found memory(none) and nounwind although it calls, and
;; its repeated calls with the same arguments merge, as clang does for the
;; C function. A function that may trap otherwise (here a division) is not.
;; RUN: %wasm2so --emit-llvm --disable-llvm-passes %s -o - | FileCheck %s --check-prefix=LOWERED
;; LOWERED-LABEL: define internal swifttailcc i32 @wasm_f0_fib(
;; LOWERED:      %stack.limit = load i64, ptr %{{[0-9]+}}, align 8, !tbaa ![[CONST:[0-9]+]]
;; LOWERED:      call i64 @llvm.read_register.i64(metadata ![[RSP:[0-9]+]]) #[[NOMEM:[0-9]+]]
;; LOWERED:      trap:
;; LOWERED:      %builtins = load ptr, {{.*}}!tbaa ![[CONST]]
;; LOWERED:      %builtin = load ptr, {{.*}}!tbaa ![[CONST]]
;; LOWERED:      call void %builtin(ptr %vmctx, i32 10) #[[TRAP:[0-9]+]], !w2s.builtin !{{[0-9]+}}, !w2s.stack.trap
;; LOWERED-DAG:  attributes #[[NOMEM]] = { memory(none) }
;; LOWERED-DAG:  attributes #[[TRAP]] = { noreturn nounwind }
;; The access tag is immutable (its last operand is 1).
;; LOWERED-DAG:  ![[CONST]] = !{![[RT:[0-9]+]], ![[RT]], i64 0, i64 1}
;;
;; RUN: %wasm2so -O2 --emit-llvm %s -o - | FileCheck %s
;; CHECK-LABEL: define internal {{.*}}@wasm_f0_fib(
;; CHECK-SAME:  #[[PURE:[0-9]+]]
;; CHECK-LABEL: define internal {{.*}}@wasm_f1_quot(
;; CHECK-SAME:  #[[IMPURE:[0-9]+]]
;; Twice fib of the same loaded value: one call.
;; CHECK-LABEL: define internal {{.*}}@wasm_f2_twice(
;; CHECK:       call {{.*}}@wasm_f0_fib(
;; CHECK-NOT:   call {{.*}}@wasm_f0_fib(
;; CHECK-LABEL: define internal {{.*}}@wasm_f3_twiceQuot(
;; CHECK-COUNT-2: call {{.*}}@wasm_f1_quot(
;; CHECK-DAG:   attributes #[[PURE]] = { {{.*}}nounwind memory(none)
;; No memory attribute: it may read and write anything (its trap).
;; CHECK-DAG:   attributes #[[IMPURE]] = { nounwind uwtable "probe-stack"="inline-asm" "w2s-direct-only" }
;;
;; Still a trap on deep recursion, and the right values.
;; RUN: %wasm2so -O2 %s -o %t.so
;; RUN: %wasmrun %t.so --invoke run 25 | FileCheck %s --check-prefix=RUN-OUT
;; RUN-OUT: 150058
;; RUN: not %wasmrun %t.so --invoke deep 1 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
;; At -O0 too, whose instruction selector would drop a memory(none) call.
;; RUN: %wasm2so -O0 %s -o %t0.so
;; RUN: not %wasmrun %t0.so --invoke deep 1 2>&1 | FileCheck %s --check-prefix=EXHAUSTED
;; EXHAUSTED: error: trap: call stack exhausted
(module
  (memory 1)
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func $quot (param $a i32) (param $b i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $a) (i32.const 10))
      (then (local.get $a))
      (else (i32.add (call $quot (i32.div_u (local.get $a) (local.get $b))
                                 (local.get $b))
                     (i32.const 1)))))
  (func $twice (param $p i32) (result i32)
    (i32.add (call $fib (i32.load (local.get $p)))
             (call $fib (i32.load (local.get $p)))))
  (func $twiceQuot (param $p i32) (result i32)
    (i32.add (call $quot (i32.load (local.get $p)) (i32.const 7))
             (call $quot (i32.load (local.get $p)) (i32.const 7))))
  ;; The pure runaway recursion: no memory, still exhausts the stack.
  (func $down (param $n i32) (result i32)
    (i32.add (call $down (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  (func (export "run") (param $n i32) (result i32)
    (i32.store (i32.const 16) (local.get $n))
    (i32.add (call $twice (i32.const 16)) (call $twiceQuot (i32.const 16))))
  (func (export "deep") (param $n i32) (result i32)
    (call $down (local.get $n)))
)
