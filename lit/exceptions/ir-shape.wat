;; Zero-cost exceptions (docs/abi.md, "Exceptions"): only calls inside a
;; try_table become invokes; a function without try blocks has no landing
;; pad and no personality, and its calls stay plain calls.
;; RUN: %wasm2so %s --emit-llvm -O0 -o - | FileCheck %s
(module
  (tag $e (param i32))
  (func $leaf (param i32) (result i32) (local.get 0))

  ;; CHECK-LABEL: define internal {{.*}}@wasm_f1_plain(
  ;; CHECK-NOT: personality
  ;; CHECK-NOT: invoke
  ;; CHECK-NOT: landingpad
  ;; CHECK: call {{.*}}@wasm_f0_leaf(
  ;; CHECK: ret i32
  (func $plain (export "plain") (param i32) (result i32)
    (call $leaf (local.get 0)))

  ;; CHECK-LABEL: define internal {{.*}}@wasm_f2_guarded({{.*}} personality ptr @w2s.personality
  ;; CHECK: invoke {{.*}}@wasm_f0_leaf(
  ;; CHECK: landingpad { ptr, i32 }
  ;; CHECK-NEXT: catch ptr null
  (func $guarded (export "guarded") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (call $leaf (local.get 0)))))
)
