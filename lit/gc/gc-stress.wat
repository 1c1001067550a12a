;; The collector under load (docs/abi.md, "Garbage collection"): a loop
;; allocates about 10 GB of short-lived structs and arrays (small cells and
;; large multi-block arrays), while a linked list of 200,000 nodes, a
;; ring of recent objects and an object held only by a table must survive
;; with their values. Peak resident memory must stay below 256 MiB: far
;; less than what was allocated.
;; RUN: rm -rf %t && mkdir -p %t
;; RUN: %wasm2so -O2 %s -o %t/m.so
;; RUN: %python %S/Inputs/peak-rss.py 256 %wasmrun %t/m.so --invoke run 2000000 | FileCheck %s
;; The list's sum 0 + ... + 199999, then the ring's and the table's
;; checks, then the churn's own checksum.
;; CHECK: {{^}}1{{$}}
;; CHECK: peak resident set below 256 MiB
(module
  (type $node (struct (field $v i64) (field $next (ref null $node))))
  (type $pair (struct (field $a i32) (field $b (mut (ref null $pair)))))
  (type $bytes (array (mut i64)))
  (type $refs (array (mut (ref null $pair))))
  (global $list (mut (ref null $node)) (ref.null $node))
  (global $ring (mut (ref null $refs)) (ref.null $refs))
  (table $held 1 (ref null $pair))

  ;; The long-lived list: values n-1 down to 0.
  (func $build (param $n i32) (local $i i32) (local $l (ref null $node))
    (loop $more
      (local.set $l (struct.new $node (i64.extend_i32_u (local.get $i))
                                      (local.get $l)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (local.get $n))))
    (global.set $list (local.get $l)))

  (func $sum (result i64) (local $l (ref null $node)) (local $s i64)
    (local.set $l (global.get $list))
    (block $done
      (loop $next
        (br_if $done (ref.is_null (local.get $l)))
        (local.set $s (i64.add (local.get $s)
                               (struct.get $node $v (local.get $l))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $next)))
    (local.get $s))

  ;; Per iteration: a pair chained to the previous one (so each lives one
  ;; iteration longer), an array of 16 i64 and a ref array of 8; every
  ;; 64th, a pair into the ring of 64 recent objects and an array of
  ;; 40,000 i64 (320 KB, whole blocks). Returns a checksum.
  (func $churn (param $n i32) (result i64)
    (local $i i32) (local $p (ref null $pair)) (local $a (ref $bytes))
    (local $r (ref $refs)) (local $big (ref $bytes)) (local $s i64)
    (loop $more
      ;; cut the chain: only the last two pairs stay reachable from $p
      (if (i32.eqz (ref.is_null (local.get $p)))
        (then (struct.set $pair $b (local.get $p) (ref.null $pair))))
      (local.set $p (struct.new $pair (local.get $i) (local.get $p)))
      (local.set $a (array.new $bytes (i64.extend_i32_u (local.get $i)) (i32.const 16)))
      (local.set $r (array.new $refs (local.get $p) (i32.const 8)))
      (local.set $s (i64.add (local.get $s)
        (i64.add (array.get $bytes (local.get $a) (i32.const 15))
                 (i64.extend_i32_u (struct.get $pair $a
                   (ref.as_non_null (array.get $refs (local.get $r) (i32.const 7))))))))
      (if (i32.eqz (i32.and (local.get $i) (i32.const 63)))
        (then (array.set $refs (ref.as_non_null (global.get $ring))
                (i32.and (i32.shr_u (local.get $i) (i32.const 6)) (i32.const 63))
                (local.get $p))))
      (if (i32.eqz (i32.and (local.get $i) (i32.const 63)))
        (then
          (local.set $big (array.new $bytes (i64.const 7) (i32.const 40000)))
          (local.set $s (i64.add (local.get $s)
            (array.get $bytes (local.get $big) (i32.const 39999))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))

  ;; Each ring slot k holds the pair of the last iteration i = 64 * m with
  ;; m & 63 == k: its field a is that i.
  (func $check_ring (param $n i32) (result i32) (local $k i32) (local $m i32)
    (local $ok i32)
    (local.set $ok (i32.const 1))
    (loop $more
      ;; the largest m < ceil(n / 64) with m & 63 == k
      (local.set $m (i32.sub (i32.shr_u (i32.add (local.get $n) (i32.const 63)) (i32.const 6))
                             (i32.const 1)))
      (local.set $m (i32.sub (local.get $m)
                             (i32.and (i32.sub (local.get $m) (local.get $k)) (i32.const 63))))
      (if (i32.ne (struct.get $pair $a
                    (ref.as_non_null (array.get $refs (ref.as_non_null (global.get $ring))
                                                      (local.get $k))))
                  (i32.shl (local.get $m) (i32.const 6)))
        (then (local.set $ok (i32.const 0))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $k) (i32.const 64))))
    (local.get $ok))

  ;; n >= 4096 iterations. 1 when everything that must survive did, with
  ;; its values, and the churn's checksum is right.
  (func (export "run") (param $n i32) (result i32) (local $s i64) (local $want i64)
    (call $build (i32.const 200000))
    (global.set $ring (array.new $refs (ref.null $pair) (i32.const 64)))
    (table.set $held (i32.const 0) (struct.new $pair (i32.const 4242) (ref.null $pair)))
    (local.set $s (call $churn (local.get $n)))
    ;; sum over i of 2i, plus 7 per 64 iterations
    (local.set $want (i64.add
      (i64.mul (i64.extend_i32_u (local.get $n))
               (i64.extend_i32_u (i32.sub (local.get $n) (i32.const 1))))
      (i64.mul (i64.const 7)
               (i64.extend_i32_u (i32.shr_u (i32.add (local.get $n) (i32.const 63))
                                            (i32.const 6))))))
    (i32.and
      (i32.and (i64.eq (call $sum) (i64.const 19999900000))
               (i64.eq (local.get $s) (local.get $want)))
      (i32.and (call $check_ring (local.get $n))
               (i32.eq (struct.get $pair $a (ref.as_non_null (table.get $held (i32.const 0))))
                       (i32.const 4242))))))
