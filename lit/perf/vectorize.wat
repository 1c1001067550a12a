;; A loop summing an i32 array in linear memory vectorizes like native code:
;; the memory base is loaded once in the entry block (invariant, never
;; reloaded in the loop) and the loop body reads <4 x i32> or wider vectors.
;; A mutable global read in a loop that stores to memory is loaded once
;; before the loop: linear memory and the runtime's structures are
;; different alias classes (TBAA), so no store to memory can change it.
;; A loop in the shape clang emits for wasm32 over fixed arrays (an i32 byte
;; counter running from a negative value up to zero) vectorizes too: its
;; counter must stay i32 (see compiler/Optimize.cpp).
;; RUN: %wasm2so %s --emit-llvm -o %t.ll
;; RUN: FileCheck %s < %t.ll
(module
  (memory 1)
  (global $scale (mut i32) (i32.const 3))
  ;; while (p != end) s += *p++;  -- the form clang emits for wasm32.
  (func (export "sum_ptr") (param $p i32) (param $n i32) (result i32)
    (local $s i32) (local $end i32)
    (local.set $end
      (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br_if $l (i32.ne (local.get $p) (local.get $end)))))
    (local.get $s))
  ;; for (i = 0; i < n; ++i) s += a[i];  -- with a static offset.
  (func (export "sum_index") (param $a i32) (param $n i32) (result i32)
    (local $s i32) (local $i i32)
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $l
        (local.set $s
          (i32.add (local.get $s)
            (i32.load offset=16
              (i32.add (local.get $a)
                (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_s (local.get $i) (local.get $n)))))
    (local.get $s))
  ;; for (i = 0; i < 1024; ++i) b[i] = 3.0 * a[i];  -- a at 8192, b at 16384.
  (func (export "triple") (local $i i32)
    (local.set $i (i32.const -8192))
    (loop $l
      (f64.store (i32.add (local.get $i) (i32.const 24576))
        (f64.mul (f64.load (i32.add (local.get $i) (i32.const 16384)))
                 (f64.const 3)))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $l (local.get $i))))
  ;; for (i = 0; i < n; ++i) a[i] *= scale;
  (func (export "scale") (param $a i32) (param $n i32)
    (local $i i32) (local $p i32)
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $l
        (local.set $p
          (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
        (i32.store (local.get $p)
          (i32.mul (i32.load (local.get $p)) (global.get $scale)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_s (local.get $i) (local.get $n)))))))

;; CHECK-LABEL: define internal {{.*}}i32 @wasm_f0_sum_ptr(
;; CHECK: %memory.base = load ptr, ptr %vmctx, {{.*}}!invariant.load
;; CHECK-NOT: load ptr
;; CHECK: vector.body:
;; CHECK-NOT: load ptr
;; CHECK: load <{{[4-9]|[1-9][0-9]}} x i32>, ptr
;; CHECK-NOT: load ptr
;; CHECK: label %vector.body
;; CHECK-NOT: load ptr
;; CHECK: {{^}$}}

;; CHECK-LABEL: define internal {{.*}}i32 @wasm_f1_sum_index(
;; CHECK: %memory.base = load ptr, ptr %vmctx, {{.*}}!invariant.load
;; CHECK-NOT: load ptr
;; CHECK: vector.body:
;; CHECK-NOT: load ptr
;; CHECK: load <{{[4-9]|[1-9][0-9]}} x i32>, ptr
;; CHECK-NOT: load ptr
;; CHECK: label %vector.body
;; CHECK-NOT: load ptr
;; CHECK: {{^}$}}
;; CHECK-LABEL: define internal {{.*}}void @wasm_f2_triple(
;; CHECK: %memory.base = load ptr, ptr %vmctx, {{.*}}!invariant.load
;; CHECK-NOT: load ptr
;; CHECK: load <{{[2-9]|[1-9][0-9]}} x double>, ptr
;; CHECK: fmul <{{[2-9]|[1-9][0-9]}} x double>
;; CHECK: store <{{[2-9]|[1-9][0-9]}} x double>
;; CHECK-NOT: load ptr
;; CHECK: {{^}$}}

;; CHECK-LABEL: define internal {{.*}}void @wasm_f3_scale(
;; CHECK: %memory.base = load ptr, ptr %vmctx, {{.*}}!invariant.load
;; CHECK: %global = load i32, ptr %global.cell
;; CHECK-NOT: ptr %global.cell
;; CHECK-NOT: memcheck
;; CHECK: vector.body:
;; CHECK-NOT: load ptr
;; CHECK: load <{{[4-9]|[1-9][0-9]}} x i32>, ptr
;; CHECK: store <{{[4-9]|[1-9][0-9]}} x i32>
;; CHECK-NOT: ptr %global.cell
;; CHECK: {{^}$}}
;; CHECK-DAG: ![[RT:[0-9]+]] = !{!"runtime", ![[ROOT:[0-9]+]], i64 0}
;; CHECK-DAG: ![[ROOT]] = !{!"wasm2so"}
;; CHECK-DAG: !{!"linear memory", ![[ROOT]], i64 0}
