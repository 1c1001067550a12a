;; wasmrun --max-memory-pages caps every memory the modules create: growing
;; past the cap fails as memory.grow fails (-1), and a module whose minimum
;; is above the cap does not instantiate.
;; RUN: %wasm2so %s -o %t.so
;; RUN: %wasmrun %t.so --invoke grow 10 | FileCheck %s --check-prefix=FREE
;; FREE: {{^}}2{{$}}
;; RUN: %wasmrun %t.so --max-memory-pages 8 --invoke grow 6 | FileCheck %s --check-prefix=FITS
;; FITS: {{^}}2{{$}}
;; RUN: %wasmrun %t.so --max-memory-pages 8 --invoke grow 7 | FileCheck %s --check-prefix=FULL
;; FULL: {{^}}-1{{$}}
;; RUN: not %wasmrun %t.so --max-memory-pages 1 --invoke grow 1 2>&1 | FileCheck %s --check-prefix=MIN
;; MIN: error: memory of 2 pages exceeds the limit of 1 pages
(module
  (memory 2)
  (func (export "grow") (param i32) (result i32)
    local.get 0
    memory.grow))
