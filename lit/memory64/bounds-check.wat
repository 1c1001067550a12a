;; A memory64 access cannot lean on the guard region (a 64-bit address
;; reaches far past any reservation): it checks address + offset + size
;; against the memory's current length first, without forming a sum that
;; could wrap (docs/abi.md, "Memories"). The length is reloaded at every
;; access, since memory.grow may change it.
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: %wasm2so %s -o %t.so
;; The last 4 bytes of the page (65532 + offset 4 = 65536 is the end).
;; RUN: %wasmrun %t.so --invoke load 65528 | FileCheck %s --check-prefix=LAST
;; LAST: {{^}}0{{$}}
;; RUN: not %wasmrun %t.so --invoke load 65529 2>&1 | FileCheck %s --check-prefix=OOB
;; Addresses that would wrap with the offset, or lie past 4 GiB, trap too.
;; RUN: not %wasmrun %t.so --invoke load -1 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke load -4 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke load 4294967296 2>&1 | FileCheck %s --check-prefix=OOB
;; RUN: not %wasmrun %t.so --invoke store 65533 2>&1 | FileCheck %s --check-prefix=OOB
;; OOB: error: trap: out of bounds memory access
;; An offset beyond any memory traps whatever the address.
;; RUN: not %wasmrun %t.so --invoke far 0 2>&1 | FileCheck %s --check-prefix=OOB
;; memory.grow (i64) makes the next page accessible to the next check.
;; RUN: %wasmrun %t.so --invoke grow_then_load 65532 | FileCheck %s --check-prefix=GROWN
;; GROWN: {{^}}1{{$}}
;; RUN: %wasmrun %t.so --invoke size | FileCheck %s --check-prefix=SIZE
;; SIZE: {{^}}1{{$}}
(module
  (memory i64 1 2)
  (func (export "load") (param i64) (result i32)
    local.get 0
    i32.load offset=4)
  (func (export "store") (param i64)
    local.get 0
    i32.const 7
    i32.store)
  (func (export "far") (param i64) (result i64)
    local.get 0
    i64.load offset=0xffff_ffff_ffff_fffc)
  (func (export "size") (result i64)
    memory.size)
  (func (export "grow_then_load") (param i64) (result i64)
    i64.const 1
    memory.grow
    local.get 0
    i32.load offset=4
    drop))

;; The check: the page count shifted to bytes, compared with the address
;; so that nothing wraps, and a branch to the shared trap block.
;; CHECK-LABEL: define internal {{.*}}i32 @wasm_f0_load(ptr {{.*}}%vmctx, i64 %0)
;; CHECK: %memory.pages = load i64, ptr
;; CHECK-NEXT: %mem.len = shl i64 %memory.pages, 16
;; CHECK: %mem.past = icmp {{ult i64 %[0-9]+, %0|ugt i64 %0, %[0-9]+}}
;; CHECK: br i1 %oob, label %trap, label %cont
;; CHECK: cont:
;; CHECK: %load = load i32, ptr %ptr, align 1
;; CHECK: trap:
;; CHECK: call void %builtin(ptr {{.*}}%vmctx, i32 2)
;; An offset past 2^64 - 8: an unconditional trap, no load of the length.
;; CHECK-LABEL: define internal {{.*}} @wasm_f2_far(
;; CHECK-NOT: memory.pages
;; CHECK: call void %builtin(ptr {{.*}}%vmctx, i32 2)
;; CHECK: unreachable
;; CHECK-NEXT: }
