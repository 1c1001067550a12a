;; The stack-limit check (docs/abi.md, "Traps"): the stack pointer against
;; the limit 8 bytes before the vmctx, read with one load, at the nearest
;; point that dominates a function's calls outside loops. A recursion's base
;; case and a leaf skip it. Compiled functions take swifttailcc with the vmctx as
;; swiftself, keep no frame pointer and have asynchronous unwind tables.
;; RUN: %wasm2so --emit-llvm --disable-llvm-passes %s -o - | FileCheck %s
;; CHECK-LABEL: define internal swifttailcc i32 @wasm_f0_fib(
;; CHECK-SAME:  ptr swiftself %vmctx, i32 %0) #[[ATTRS:[0-9]+]]
;; CHECK:      br i1 %{{[0-9]+}}, label %if.then, label %if.else
;; CHECK:      if.else:
;; CHECK-NEXT:   %[[ADDR:[0-9]+]] = getelementptr inbounds i8, ptr %vmctx, i64 -8
;; CHECK-NEXT:   %stack.limit = load i64, ptr %[[ADDR]]
;; CHECK-NEXT:   %[[SP:[0-9]+]] = call i64 @llvm.read_register.i64(metadata ![[RSP:[0-9]+]])
;; CHECK-NEXT:   %[[LOW:[0-9]+]] = icmp ult i64 %[[SP]], %stack.limit
;; CHECK-NEXT:   br i1 %[[LOW]], label %trap, label %[[REST:[a-z0-9.]+]]
;; CHECK:      [[REST]]:
;; CHECK:        notail call swifttailcc i32 @wasm_f0_fib(ptr swiftself %vmctx,
;; CHECK:      trap:
;; CHECK:        call void %builtin(ptr %vmctx, i32 10) {{.*}}!w2s.builtin
;;
;; In a loop of calls, once before the loop.
;; CHECK-LABEL: define internal swifttailcc i32 @wasm_f1_count(
;; CHECK:        call i64 @llvm.read_register.i64(
;; CHECK:      loop:
;; CHECK-NOT:    call i64 @llvm.read_register
;; CHECK:        notail call swifttailcc i32 @wasm_f2_leaf(
;; CHECK-NOT:    call i64 @llvm.read_register
;; CHECK-LABEL: define internal swifttailcc i32 @wasm_f2_leaf(
;; CHECK-NOT:    call i64 @llvm.read_register
;; CHECK-LABEL: define internal void @wasm_entry_t0(
;; CHECK:        call swifttailcc i32 %0(ptr swiftself %1,
;; Not nounwind: a wasm exception may unwind through any function
;; (docs/abi.md, "Exceptions").
;; CHECK:      attributes #[[ATTRS]] = { uwtable "probe-stack"="inline-asm" }
;; CHECK:      ![[RSP]] = !{!"rsp"}
;;
;; At -O0 the check ends the entry block, in every function that calls
;; (no dominator tree or loops to compute); a leaf still has none.
;; RUN: %wasm2so -O0 --emit-llvm %s -o - | FileCheck %s --check-prefix=O0
;; O0-LABEL: define internal swifttailcc i32 @wasm_f0_fib(
;; O0:       entry:
;; O0-NOT:   {{^[a-z.0-9]+:}}
;; O0:         %stack.limit = load i64, ptr %{{[0-9]+}}
;; O0-NEXT:    %[[SP:[0-9]+]] = call i64 @llvm.read_register.i64(
;; O0-NEXT:    %[[LOW:[0-9]+]] = icmp ult i64 %[[SP]], %stack.limit
;; O0-NEXT:    br i1 %[[LOW]], label %trap, label %body
;; O0-NOT:     call i64 @llvm.read_register
;; O0-LABEL: define internal swifttailcc i32 @wasm_f1_count(
;; O0:       entry:
;; O0-NOT:   {{^[a-z.0-9]+:}}
;; O0:         call i64 @llvm.read_register.i64(
;; O0-NEXT:    icmp ult i64
;; O0-NEXT:    br i1 %{{[0-9]+}}, label %trap, label %loop
;; O0-NOT:     call i64 @llvm.read_register
;; O0-LABEL: define internal {{.*}}@wasm_f2_leaf(
;; O0-NOT:     call i64 @llvm.read_register
;; O0-LABEL: define internal void @wasm_entry_t0(
;; RUN: %wasm2so -O0 %s -o %t0.so
;; RUN: %wasmrun %t0.so --invoke fib 20 | FileCheck %s --check-prefix=FIB
;; RUN: %wasmrun %t0.so --invoke count 10 | FileCheck %s --check-prefix=COUNT
;; RUN: not %wasmrun %t0.so --invoke fib 100000000 2>&1 | FileCheck %s --check-prefix=DEEP
;;
;; In the code: a compare with the stack pointer, no frame pointer.
;; RUN: %wasm2so %s -o %t.so
;; RUN: llvm-objdump -d --no-show-raw-insn %t.so | FileCheck %s --check-prefix=ASM
;; ASM-LABEL: <wasm_f0_fib>:
;; ASM-NOT:   movq %rsp, %rbp
;; The vmctx arrives in r13; calls may change r13 (swifttailcc does not
;; preserve it), so a function that calls keeps it in a register of its own.
;; ASM:       cmpq -0x8(%r{{[0-9a-z]+}}), %rsp
;; ASM-NOT:   movq %rsp, %rbp
;; ASM:       callq {{.*}} <wasm_f0_fib>
;; ASM-NOT:   movq %rsp, %rbp
;; ASM-LABEL: <wasm_f1_count>:
;;
;; RUN: %wasmrun %t.so --invoke fib 20 | FileCheck %s --check-prefix=FIB
;; RUN: %wasmrun %t.so --invoke count 10 | FileCheck %s --check-prefix=COUNT
;; RUN: not %wasmrun %t.so --invoke fib 100000000 2>&1 | FileCheck %s --check-prefix=DEEP
;; FIB: {{^}}6765{{$}}
;; COUNT: {{^}}385{{$}}
;; DEEP: {{^}}error: trap: call stack exhausted{{$}}
(module
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $count (export "count") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (call $leaf (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (local.get 1))
  (func $leaf (param i32) (result i32)
    (i32.mul (local.get 0) (local.get 0))))
