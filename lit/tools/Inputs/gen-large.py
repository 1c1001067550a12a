#!/usr/bin/env python3
"""gen-large.py - A module large enough that wasm2so splits its code
generation into parts (compiler/Driver.cpp, InstructionsPerPart).

  gen-large.py              prints the module (.wat)
  gen-large.py --expect N   prints what `--invoke fN 7 9` returns

Function fN(a, b) runs a chain of OPS mixing steps that LLVM cannot fold
away, each with its own constants, so every function stays its own code.
"""
import sys

FUNCS = 100
OPS = 50
M32 = 0xffffffff


def constants(n, i):
    c = (n * 7919 + i * 104729 + 12345) & M32
    return c | 1, (c >> 7) % 31 + 1


def run(n, a, b):
    x = a
    for i in range(OPS):
        c, r = constants(n, i)
        x = (x * c + b) & M32
        x = (x ^ ((x << r) | (x >> (32 - r)))) & M32
        b = (b + x) & M32
    return x


def module():
    out = ['(module']
    for n in range(FUNCS):
        out.append('  (func (export "f%d") (param $a i32) (param $b i32) '
                   '(result i32) (local $x i32)' % n)
        out.append('    (local.set $x (local.get $a))')
        for i in range(OPS):
            c, r = constants(n, i)
            out.append('    (local.set $x (i32.add (i32.mul (local.get $x) '
                       '(i32.const %d)) (local.get $b)))' % (c - (1 << 32) if c > 0x7fffffff else c))
            out.append('    (local.set $x (i32.xor (local.get $x) '
                       '(i32.rotl (local.get $x) (i32.const %d))))' % r)
            out.append('    (local.set $b (i32.add (local.get $b) '
                       '(local.get $x)))')
        out.append('    (local.get $x))')
    out.append(')')
    return '\n'.join(out)


if len(sys.argv) == 3 and sys.argv[1] == '--expect':
    v = run(int(sys.argv[2]), 7, 9)
    print(v - (1 << 32) if v > 0x7fffffff else v)  # wasmrun prints i32 signed
else:
    print(module())
