;; At -O0 a block that only branches on (an if's missing else, an arm
;; that only yields a constant) is gone: its predecessors branch straight
;; to its target, whose phis take their values from them
;; (FunctionLowering::foldForwardingBlocks). No pass does it at -O0, and
;; each such block cost code generation a machine block and a jump.
;; RUN: %wasm2so %s --emit-llvm -O0 -o %t.ll
;; RUN: FileCheck %s < %t.ll
;; RUN: %wasm2so -O0 %s -o %t.so
;; RUN: %wasmrun %t.so --invoke f 0 | FileCheck %s --check-prefix=ZERO
;; RUN: %wasmrun %t.so --invoke f 3 | FileCheck %s --check-prefix=SIX
;; RUN: %wasmrun %t.so --invoke g 0 | FileCheck %s --check-prefix=TWO
;; RUN: %wasmrun %t.so --invoke g 9 | FileCheck %s --check-prefix=ONE
(module
  (func (export "f") (param i32) (result i32)
    (if (local.get 0) (then (local.set 0 (i32.const 5))))
    (block $b
      (br_if $b (i32.eqz (local.get 0)))
      (local.set 0 (i32.add (local.get 0) (i32.const 1))))
    (local.get 0))
  (func (export "g") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
)
;; CHECK-LABEL: define {{.*}}@wasm_f0_f(
;; CHECK:       br i1 %{{[0-9]+}}, label %if.then, label %if.end
;; CHECK-NOT:   {{^}}if.else:
;; CHECK:       {{^}}if.end:
;; CHECK-NEXT:  %{{[0-9]+}} = load i32
;; CHECK:       {{^}}}
;; Of an if's two arms that only yield a constant, one goes; the other
;; stays, since the phi cannot take two values from one predecessor.
;; CHECK-LABEL: define {{.*}}@wasm_f1_g(
;; CHECK:       br i1 %{{[0-9]+}}, label %if.end, label %if.else
;; CHECK-NOT:   {{^}}if.then:
;; CHECK:       {{^}}if.else:
;; CHECK-NEXT:  br label %if.end
;; CHECK:       {{^}}if.end:
;; CHECK-NEXT:  phi i32 [ 2, %if.else ], [ 1, %body ]
;; CHECK:       {{^}}}
;; ZERO: {{^}}0{{$}}
;; SIX: {{^}}6{{$}}
;; ONE: {{^}}1{{$}}
;; TWO: {{^}}2{{$}}
