;; Two memories addressed from one function. Memory 0 keeps its fast path:
;; its base sits in the vmctx header and is loaded once in the entry block.
;; Another memory's base comes from its w2s_memory record, reached through
;; the vmctx's memories array (docs/abi.md, "Memories"). Both are 32-bit:
;; no bounds checks, the guard region of each memory catches the rest.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: %wasm2so %s -o %t.so
;; The stores go to different memories: each load sees its own.
;; RUN: %wasmrun %t.so --invoke swap 16 | FileCheck %s --check-prefix=SWAP
;; SWAP: {{^}}1102{{$}}
;; Memory 1 has 1 page, memory 0 has 2: an address valid in one traps in
;; the other.
;; RUN: %wasmrun %t.so --invoke load0 100000 | FileCheck %s --check-prefix=ZERO
;; ZERO: {{^}}0{{$}}
;; RUN: not %wasmrun %t.so --invoke load1 100000 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke load1 65533 2>&1 | FileCheck %s --check-prefix=OOB
;; OOB: error: trap: out of bounds memory access
;; memory.size, memory.grow and memory.copy name their memories.
;; RUN: %wasmrun %t.so --invoke sizes | FileCheck %s --check-prefix=SIZES
;; SIZES: {{^}}21{{$}}
;; RUN: %wasmrun %t.so --invoke copy 8 | FileCheck %s --check-prefix=COPY
;; COPY: {{^}}102{{$}}
;; RUN: not %wasmrun %t.so --invoke copy 65537 2>&1 | FileCheck %s --check-prefix=OOB
(module
  (memory $a 2)
  (memory $b 1)
  (func (export "swap") (param $p i32) (result i32)
    (i32.store $a (local.get $p) (i32.const 1))
    (i32.store $b (local.get $p) (i32.const 2))
    ;; 1100 * (memory 0) + (memory 1), both read back
    (i32.add
      (i32.mul (i32.load $a (local.get $p)) (i32.const 1100))
      (i32.load 1 offset=0 (local.get $p))))
  (func (export "load0") (param i32) (result i32)
    (i32.load $a (local.get 0)))
  (func (export "load1") (param i32) (result i32)
    (i32.load $b (local.get 0)))
  (func (export "sizes") (result i32)
    (i32.add (i32.mul (memory.size $a) (i32.const 10)) (memory.size $b)))
  (func (export "copy") (param $n i32) (result i32)
    (i32.store8 $b (i32.const 3) (i32.const 102))
    ;; copy n bytes of memory 1 to memory 0, then read memory 0
    (memory.copy $a $b (i32.const 0) (i32.const 0) (local.get $n))
    (i32.load8_u $a (i32.const 3))))

;; CHECK-LABEL: define internal {{.*}}i32 @wasm_f0_swap(ptr {{.*}}%vmctx, i32 %0)
;; Memory 0: the base from the vmctx header (offset 0).
;; CHECK: %memory.base = load ptr, ptr %vmctx, align 8
;; Memory 1: the second pointer of the memories array, then its base.
;; CHECK: %memory = load ptr, ptr %{{[0-9]+}}, align 8
;; CHECK: %memory.base{{[0-9]*}} = load ptr, ptr %memory, align 8
;; No bounds check and no trap in either access.
;; CHECK-NOT: trap
;; CHECK: ret i32
